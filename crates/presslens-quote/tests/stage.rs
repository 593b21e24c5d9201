//! The stage through the `Stage` trait: parameters, their errors, the layers it reads.

mod common;

use presslens_core::{Document, Quotes, Stage, StageEnv};
use presslens_quote::{QuoteParams, QuoteStage};

fn run(stage: &QuoteStage, text: &str) -> Vec<String> {
    let mut doc = Document::new("t", text).unwrap();
    doc.insert(common::testkit::layer_of(text));
    stage.process(&mut doc).expect("processed");
    doc.get::<Quotes>()
        .expect("quotes layer")
        .quotes
        .iter()
        .map(|q| q.span.slice(text).to_string())
        .collect()
}

#[test]
fn needs_the_text_layer() {
    let stage = QuoteStage::new(QuoteParams::default(), &StageEnv::default()).unwrap();
    let mut doc = Document::new("t", "“Yes,” he said.").unwrap();
    let err = stage.process(&mut doc).unwrap_err();
    assert!(err.message().contains("`text`"), "{}", err.message());
}

#[test]
fn cue_verbs_extend_from_parameters() {
    let text = "Smith opined that the plan would fail.";
    let stage = QuoteStage::new(QuoteParams::default(), &StageEnv::default()).unwrap();
    assert!(run(&stage, text).is_empty());
    let params = QuoteParams {
        cue_verbs: vec!["opine speech".into()],
        ..QuoteParams::default()
    };
    let stage = QuoteStage::new(params, &StageEnv::default()).unwrap();
    assert_eq!(run(&stage, text), ["the plan would fail"]);
}

#[test]
fn cue_verbs_file_replaces_the_list() {
    let dir = std::env::temp_dir().join(format!("presslens-quote-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("verbs.txt"), "# only one verb\nopine speech\n").unwrap();
    let params = QuoteParams {
        cue_verbs_file: Some("verbs.txt".into()),
        ..QuoteParams::default()
    };
    let env = StageEnv {
        stage_id: "quotes".into(),
        config_dir: Some(dir.clone()),
    };
    let stage = QuoteStage::new(params, &env).unwrap();
    assert_eq!(
        run(
            &stage,
            "Smith opined that it would fail. Jones said that it would pass."
        ),
        ["it would fail"]
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn parameter_errors_say_what_and_where() {
    let params = QuoteParams {
        cue_classes: vec!["speech".into(), "gossip".into()],
        ..QuoteParams::default()
    };
    let err = QuoteStage::new(params, &StageEnv::default()).unwrap_err();
    assert!(
        err.message().contains("cue_classes[1]"),
        "{}",
        err.message()
    );
    assert!(err.message().contains("\"belief\""), "{}", err.message());

    let params = QuoteParams {
        cue_verbs_file: Some("/nonexistent/verbs.txt".into()),
        ..QuoteParams::default()
    };
    let err = QuoteStage::new(params, &StageEnv::default()).unwrap_err();
    assert!(
        err.message().contains("/nonexistent/verbs.txt"),
        "{}",
        err.message()
    );

    let params = QuoteParams {
        cue_verbs: vec!["opine speech loudly".into()],
        ..QuoteParams::default()
    };
    let err = QuoteStage::new(params, &StageEnv::default()).unwrap_err();
    assert!(err.message().contains("cue_verbs[0]"), "{}", err.message());
    assert!(err.message().contains("loudly"), "{}", err.message());
}

#[test]
fn belief_cues_on_request_and_indirect_off() {
    let text = "Smith believes that the plan will fail. “It is over,” Jones said. Brown said it would pass.";
    let params = QuoteParams {
        cue_classes: vec!["speech".into(), "belief".into()],
        ..QuoteParams::default()
    };
    let stage = QuoteStage::new(params, &StageEnv::default()).unwrap();
    assert_eq!(
        run(&stage, text),
        ["the plan will fail", "It is over", "it would pass"]
    );
    let params = QuoteParams {
        indirect: false,
        ..QuoteParams::default()
    };
    let stage = QuoteStage::new(params, &StageEnv::default()).unwrap();
    assert_eq!(run(&stage, text), ["It is over"]);
}

#[test]
fn entities_layer_gives_canonical_names() {
    use presslens_core::{Entities, Entity, EntityLabel, Span};
    let text = "“We will win,” Ortiz said.";
    let mut doc = Document::new("t", text).unwrap();
    doc.insert(common::testkit::layer_of(text));
    let start = text.find("Ortiz").unwrap();
    doc.insert(Entities {
        mentions: vec![Entity {
            span: Span::new(start, start + "Ortiz".len()),
            label: EntityLabel::Person,
            name: "Maria Elena Ortiz".into(),
            value: None,
        }],
    });
    let stage = QuoteStage::new(QuoteParams::default(), &StageEnv::default()).unwrap();
    stage.process(&mut doc).unwrap();
    let q = &doc.get::<Quotes>().unwrap().quotes[0];
    assert_eq!(q.speaker.as_ref().unwrap().name, "Maria Elena Ortiz");
}

/// Runs the stage with the given entity mentions (text, label, canonical name) and returns
/// the speaker names of the quotes.
fn speakers_with(text: &str, ents: &[(&str, presslens_core::EntityLabel, &str)]) -> Vec<String> {
    use presslens_core::{Entities, Entity, Span};
    let mut doc = Document::new("t", text).unwrap();
    doc.insert(common::testkit::layer_of(text));
    let mentions = ents
        .iter()
        .map(|(surface, label, name)| {
            let start = text.find(surface).expect("mention in text");
            Entity {
                span: Span::new(start, start + surface.len()),
                label: *label,
                name: (*name).into(),
                value: None,
            }
        })
        .collect();
    doc.insert(Entities { mentions });
    let stage = QuoteStage::new(QuoteParams::default(), &StageEnv::default()).unwrap();
    stage.process(&mut doc).unwrap();
    doc.get::<Quotes>()
        .unwrap()
        .quotes
        .iter()
        .map(|q| q.speaker.as_ref().map_or("-".into(), |s| s.name.clone()))
        .collect()
}

#[test]
fn the_person_in_a_titled_phrase_is_the_speaker() {
    use presslens_core::EntityLabel::{Org, Person};
    let text = "“We are ready,” Treasury Secretary Alan Pierce said.";
    let names = speakers_with(
        text,
        &[
            ("Treasury", Org, "Department of the Treasury"),
            ("Alan Pierce", Person, "Alan Pierce"),
        ],
    );
    assert_eq!(names, ["Alan Pierce"]);
}

#[test]
fn they_is_not_a_demonym_used_as_an_adjective() {
    use presslens_core::EntityLabel::{Norp, Org};
    let text = "The study sampled the Canadian workforce. \
                They say the findings are worrying.";
    let names = speakers_with(text, &[("Canadian", Norp, "Canadian")]);
    assert_eq!(names, ["They"]);
    // A company is "they" as well as "it".
    let text = "Acme Corp. published its figures. They say the results are alarming.";
    let names = speakers_with(text, &[("Acme Corp.", Org, "Acme Corp.")]);
    assert_eq!(names, ["Acme Corp."]);
}

#[test]
fn speakers_behind_ages_places_possessives_and_reduced_passives() {
    let cases = [
        (
            "Carla Jean Whitmore, 47, of Dayton, Ohio, said she was hopeful.",
            "Carla Jean Whitmore",
        ),
        (
            "Rep. Harold T. Benning (D-N.J.), chairman of the panel, said the vote was a mistake.",
            "Harold T. Benning",
        ),
        (
            "The forecast's authors say demand will fall sharply.",
            "The forecast's authors",
        ),
        (
            "An internal draft seen by Radio Nova says the project is over budget.",
            "An internal draft seen by Radio Nova",
        ),
    ];
    for (text, speaker) in cases {
        assert_eq!(speakers_with(text, &[]), [speaker], "{text}");
    }
    // A participle after an auxiliary is no speaker: "has prompted calls for ...".
    let text = "The audit has prompted calls for every city contract to be reviewed.";
    assert!(
        speakers_with(text, &[]).iter().all(|s| s != "prompted"),
        "{:?}",
        speakers_with(text, &[])
    );
}
