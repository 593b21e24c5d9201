//! Whole analyses locked with snapshots: the seed article, one small case per label, and
//! canonical naming. Read with the stage's own fallback segmentation (every line a
//! paragraph), since stage crates do not depend on the `text` stage.

use presslens_core::{EntityLabel, StageEnv};
use presslens_entity::{EntityParams, Recognizer};

fn recognizer() -> Recognizer {
    Recognizer::new(&EntityParams::default(), &StageEnv::default()).expect("built-in model")
}

/// One line per mention: `start..end LABEL "text" -> name [= value]` (byte offsets).
fn render(text: &str, rec: &Recognizer) -> String {
    let ents = rec.analyze(text, None);
    let mut out = String::new();
    for e in &ents.mentions {
        out.push_str(&format!(
            "{:?} {} {:?} -> {:?}",
            e.span,
            e.label,
            e.span.slice(text),
            e.name
        ));
        if let Some(v) = &e.value {
            out.push_str(&format!(" = {v}"));
        }
        out.push('\n');
    }
    out
}

fn find<'a>(
    ents: &'a presslens_core::Entities,
    text: &str,
    what: &str,
) -> Vec<&'a presslens_core::Entity> {
    ents.mentions
        .iter()
        .filter(|e| e.span.slice(text) == what)
        .collect()
}

#[test]
fn the_model_is_compiled_in() {
    assert!(recognizer().model_features() > 1000);
}

#[test]
fn seed_article() {
    let text = include_str!("../../../examples/articles/voa-hun-sen-geneva.txt");
    insta::assert_snapshot!(render(text, &recognizer()));
}

#[test]
fn seed_article_names() {
    let text = include_str!("../../../examples/articles/voa-hun-sen-geneva.txt");
    let ents = recognizer().analyze(text, None);
    // Titles are not part of a PERSON, and the name is never shortened.
    let hun = find(&ents, text, "Hun Sen");
    assert!(hun.len() >= 3, "{hun:?}");
    assert!(
        hun.iter()
            .all(|e| e.label == EntityLabel::Person && e.name == "Hun Sen")
    );
    assert!(!ents.mentions.iter().any(|e| e.name == "Sen"));
    assert!(
        !ents
            .mentions
            .iter()
            .any(|e| e.span.slice(text).starts_with("Prime Minister"))
    );
    // A full name is one mention.
    assert_eq!(find(&ents, text, "Am Sam Ath").len(), 1);
    assert!(find(&ents, text, "Sam Ath").is_empty());
    // Freedom House is an organisation.
    let fh = find(&ents, text, "Freedom House");
    assert_eq!(fh.len(), 1);
    assert_eq!(fh[0].label, EntityLabel::Org);
    // The dated caption is boilerplate for the text stage, but read here (no text layer).
    let date = find(&ents, text, "Friday, June 28, 2019");
    assert_eq!(
        date.first().and_then(|e| e.value.as_deref()),
        Some("2019-06-28")
    );
}

#[test]
fn one_case_per_label() {
    let text = "\
Angela Merkel met Emmanuel Macron in Berlin on Tuesday.
The French and the Germans disagree, Reuters reported.
Flights from Heathrow Airport to the Alps resumed at 10:30 a.m. on 3 March 2020.
Apple unveiled the iPhone at the World Economic Forum.
The Paris Agreement was discussed in English and Spanish.
Senator Elizabeth Warren criticized the Affordable Care Act during the Iraq War debate.
Brazilian officials read \"War and Peace\" in the Amazon.
";
    insta::assert_snapshot!(render(text, &recognizer()));
}

#[test]
fn canonical_names() {
    let text = "\
Hillary Clinton spoke in Ohio. Clinton said the Cambodia National Rescue Party (CNRP) was banned.
Later, the CNRP appealed. President Xi Jinping met U.S. officials; Xi said the United States must act.
Prime Minister Hun Sen replied. Hun Sen's government and the United Nations disagreed, the UN said.
";
    let rec = recognizer();
    let ents = rec.analyze(text, None);
    insta::assert_snapshot!(render(text, &rec));
    for (mention, name) in [
        ("Clinton", "Hillary Clinton"),
        ("CNRP", "Cambodia National Rescue Party"),
        ("Xi", "Xi Jinping"),
        ("U.S.", "United States"),
        ("UN", "United Nations"),
        ("Hun Sen", "Hun Sen"),
    ] {
        let found = find(&ents, text, mention);
        assert!(!found.is_empty(), "{mention} not found");
        assert!(found.iter().all(|e| e.name == name), "{mention}: {found:?}");
    }
}

#[test]
fn user_gazetteer_and_exclusions() {
    let dir = std::env::temp_dir().join(format!("presslens-entity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("names.tsv"),
        "# name\tlabel\tcanonical\nLicadho\tORG\tCambodian League for the Promotion and Defense of Human Rights\nBlue Lantern\tPRODUCT\n",
    )
    .unwrap();
    let params: EntityParams =
        toml::from_str("gazetteer = \"names.tsv\"\nexclude = [\"geneva\"]").unwrap();
    let env = StageEnv {
        stage_id: "entities".into(),
        config_dir: Some(dir.clone()),
    };
    let rec = Recognizer::new(&params, &env).unwrap();
    let text = "The group Licadho sold the Blue Lantern in Geneva and in Paris.";
    let ents = rec.analyze(text, None);
    let lic = find(&ents, text, "Licadho");
    assert_eq!(lic.len(), 1);
    assert_eq!(lic[0].label, EntityLabel::Org);
    assert!(lic[0].name.starts_with("Cambodian League"));
    assert_eq!(
        find(&ents, text, "Blue Lantern")[0].label,
        EntityLabel::Product
    );
    assert!(find(&ents, text, "Geneva").is_empty());
    assert_eq!(find(&ents, text, "Paris").len(), 1);

    // Mistakes say where and what was expected.
    std::fs::write(dir.join("bad.tsv"), "Licadho ORG\n").unwrap();
    let bad: EntityParams = toml::from_str("gazetteer = \"bad.tsv\"").unwrap();
    let err = Recognizer::new(&bad, &env).unwrap_err().to_string();
    assert!(err.contains("bad.tsv:1") && err.contains("tab"), "{err}");
    std::fs::write(dir.join("bad2.tsv"), "Licadho\tCOMPANY\n").unwrap();
    let bad: EntityParams = toml::from_str("gazetteer = \"bad2.tsv\"").unwrap();
    let err = Recognizer::new(&bad, &env).unwrap_err().to_string();
    assert!(
        err.contains("COMPANY") && err.contains("expected one of"),
        "{err}"
    );
    let missing: EntityParams = toml::from_str("gazetteer = \"nope.tsv\"").unwrap();
    let err = Recognizer::new(&missing, &env).unwrap_err().to_string();
    assert!(err.contains("nope.tsv"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn labels_parameter_filters() {
    let params: EntityParams = toml::from_str("labels = [\"GPE\"]").unwrap();
    let rec = Recognizer::new(&params, &StageEnv::default()).unwrap();
    let text = "Barack Obama visited Kenya on Friday.";
    let ents = rec.analyze(text, None);
    assert!(!ents.mentions.is_empty());
    assert!(ents.mentions.iter().all(|e| e.label == EntityLabel::Gpe));
    let bad: EntityParams = toml::from_str("labels = [\"PEOPLE\"]").unwrap();
    assert!(Recognizer::new(&bad, &StageEnv::default()).is_err());
}

/// The texts of the mentions of `text` with `label`, in order.
fn labelled(rec: &Recognizer, text: &str, label: EntityLabel) -> Vec<String> {
    rec.analyze(text, None)
        .mentions
        .iter()
        .filter(|e| e.label == label)
        .map(|e| e.span.slice(text).to_string())
        .collect()
}

#[test]
fn relative_dates_are_whole_phrases() {
    let rec = recognizer();
    let dates = |text: &str| labelled(&rec, text, EntityLabel::Date);
    let text = "The company reported a loss last year. Two weeks ago it hired a new \
                chief, and in the past decade it has grown in late June every year.";
    let found = dates(text);
    for want in ["last year", "Two weeks ago", "the past decade", "late June"] {
        assert!(found.iter().any(|d| d == want), "{want:?} not in {found:?}");
    }
    // A rate is no date of its own: "a month" stays out of "$500 a month".
    let found = dates("Families need to save $500 a month, she said on Monday.");
    assert!(!found.iter().any(|d| d.contains("500")), "{found:?}");
}

#[test]
fn a_province_and_its_country_are_one_place() {
    let rec = recognizer();
    let places = |text: &str| labelled(&rec, text, EntityLabel::Gpe);
    assert_eq!(
        places("Boats landed in Aceh, Indonesia, on Friday."),
        ["Aceh, Indonesia"]
    );
    // A city and its state stay two places, and so does a list.
    assert_eq!(
        places("She grew up in Tucson, Arizona, and works in Chicago."),
        ["Tucson", "Arizona", "Chicago"]
    );
    assert_eq!(
        places("Officials from Texas, Ohio, Mexico and Canada met."),
        ["Texas", "Ohio", "Mexico", "Canada"]
    );
}
