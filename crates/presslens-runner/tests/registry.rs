//! Custom stage types registered in code (the compiled-in route), and the layer checks of a
//! config that only custom types can reach.

use presslens_core::{Document, JsonLayer, Stage, StageEnv, StageError, TextLayer, params};
use presslens_runner::{ConfigSource, Pipeline, Registry};

params! {
    /// Parameters of the `sentence-count` test stage.
    pub struct CountParams {
        /// Count only sentences longer than this many tokens.
        pub min_tokens: u32 = 0,
    }
}

/// Counts sentences: a custom stage that reads the built-in `text` layer.
struct SentenceCount {
    min_tokens: u32,
}

impl Stage for SentenceCount {
    const TYPE: &'static str = "sentence-count";
    const SUMMARY: &'static str = "Counts sentences.";
    const REQUIRES: &'static [&'static str] = &["text"];
    const PROVIDES: &'static [&'static str] = &["sentence_count"];
    type Params = CountParams;

    fn new(params: CountParams, _env: &StageEnv) -> Result<Self, StageError> {
        Ok(SentenceCount {
            min_tokens: params.min_tokens,
        })
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let text = doc.require::<TextLayer>()?;
        let n = text
            .sentences
            .iter()
            .filter(|s| s.end_token - s.first_token > self.min_tokens)
            .count();
        doc.insert_named("sentence_count", Box::new(JsonLayer { value: n.into() }));
        Ok(())
    }
}

/// Fails on documents that mention "poison" and panics on "boom": the runner must keep
/// the other documents and stages going.
struct Fragile;

impl Stage for Fragile {
    const TYPE: &'static str = "fragile";
    const SUMMARY: &'static str = "Fails on purpose.";
    const REQUIRES: &'static [&'static str] = &[];
    const USES: &'static [&'static str] = &["text"];
    const PROVIDES: &'static [&'static str] = &["fragile"];
    type Params = CountParams;

    fn new(_params: CountParams, _env: &StageEnv) -> Result<Self, StageError> {
        Ok(Fragile)
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.text().contains("poison") {
            return Err(StageError::new("poisoned document"));
        }
        if doc.text().contains("boom") {
            panic!("boom");
        }
        doc.insert_named("fragile", Box::new(JsonLayer { value: "ok".into() }));
        Ok(())
    }
}

fn registry() -> Registry {
    let mut r = Registry::builtin();
    r.register::<SentenceCount>().register::<Fragile>();
    r
}

fn load(toml: &str) -> Result<Pipeline, String> {
    Pipeline::load(&ConfigSource::from_str("test.toml", toml), &registry())
        .map(|(p, _)| p)
        .map_err(|r| r.to_string())
}

#[test]
fn custom_stage_runs_like_a_builtin() {
    let p = load(
        r#"
        version = 1
        [pipeline]
        stages = ["text", "count"]
        [stage.count]
        type = "sentence-count"
        min_tokens = 2
        "#,
    )
    .unwrap();
    let out = p.analyze("d", "One two three. Four. Five six seven eight.");
    assert_eq!(out.layer("sentence_count"), Some(&serde_json::json!(2)));
    assert_eq!(p.output_layers(), ["sentence_count"]);
}

#[test]
fn requires_must_come_earlier() {
    let err = load(
        r#"
        version = 1
        [pipeline]
        stages = ["count", "text"]
        [stage.count]
        type = "sentence-count"
        "#,
    )
    .unwrap_err();
    insta::assert_snapshot!(err);
}

#[test]
fn requires_nobody_provides_names_the_providers() {
    let err = load(
        r#"
        version = 1
        [pipeline]
        stages = ["sentence-count"]
        "#,
    )
    .unwrap_err();
    insta::assert_snapshot!(err);
}

#[test]
fn uses_provided_later_is_a_warning() {
    let source = ConfigSource::from_str(
        "test.toml",
        "version = 1\n[pipeline]\nstages = [\"fragile\", \"text\"]\n",
    );
    let (_, report) = Pipeline::load(&source, &registry()).unwrap();
    assert_eq!(report.errors(), 0);
    assert_eq!(report.warnings(), 1);
    insta::assert_snapshot!(report.to_string());
}

#[test]
fn failures_stay_with_their_document() {
    let p = load("version = 1\n[pipeline]\nstages = [\"text\", \"fragile\", \"sentence-count\"]\n")
        .unwrap();
    let ok = p.analyze("ok", "Fine text.");
    assert!(ok.errors.is_empty());
    let poisoned = p.analyze("p", "A poison pill.");
    assert_eq!(poisoned.errors.len(), 1);
    assert_eq!(poisoned.errors[0].stage, "fragile");
    assert_eq!(poisoned.errors[0].message, "poisoned document");
    // The stage after the failing one still ran.
    assert_eq!(
        poisoned.layer("sentence_count"),
        Some(&serde_json::json!(1))
    );
    let boom = p.analyze("b", "It goes boom.");
    assert!(
        boom.errors[0].message.contains("panicked"),
        "{:?}",
        boom.errors
    );
    assert_eq!(boom.layer("sentence_count"), Some(&serde_json::json!(1)));
    // And the same instance keeps working afterwards.
    assert!(p.analyze("ok2", "Fine again.").errors.is_empty());
}

#[test]
fn the_default_pipeline_is_valid() {
    let p = Pipeline::default_pipeline();
    assert!(p.stage_ids().any(|s| s == "text"));
}
