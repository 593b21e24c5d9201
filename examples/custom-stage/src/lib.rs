//! A worked example of a custom stage compiled into your own presslens binary.
//!
//! The `keywords` stage finds the terms a newsroom tracks ("human rights", "election") in
//! the body of each story, sentence by sentence. It shows the whole route:
//!
//! - parameters declared once with `params!` (documented, defaulted, unknown keys refused);
//! - a typed layer of its own, with byte spans that the output turns into character
//!   offsets;
//! - the `text` layer read through `REQUIRES`, boilerplate skipped;
//! - registration next to the built-in stages ([`registry`]), so configs can use it;
//! - a binary (`src/main.rs`) and a snapshot test (`tests/snapshot.rs`) of its analysis
//!   of the seed article, which `cargo test` runs.
#![deny(missing_docs)]

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use presslens_core::{
    Document, Layer, LayerType, OutputContext, Span, Stage, StageEnv, StageError, TextLayer, params,
};
use presslens_runner::Registry;
use serde_json::{Map, Value};

params! {
    /// Parameters of the `keywords` stage.
    pub struct KeywordParams {
        /// The terms to find.
        pub terms: Vec<String> = vec!["human rights".into(), "democracy".into()],
        /// Match case exactly (by default "Democracy" matches "democracy").
        pub case_sensitive: bool = false,
    }
}

/// One occurrence of a tracked term.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Where it is.
    pub span: Span,
    /// The term as configured.
    pub term: String,
    /// Index of its sentence in the `text` layer.
    pub sentence: usize,
}

/// The `keywords` layer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keywords {
    /// Hits in text order.
    pub hits: Vec<Hit>,
}

impl Layer for Keywords {
    fn to_json(&self, out: &OutputContext<'_>) -> Value {
        Value::Array(
            self.hits
                .iter()
                .map(|h| {
                    let mut m = Map::new();
                    out.put_span(&mut m, h.span);
                    m.insert("term".into(), h.term.clone().into());
                    m.insert("sentence".into(), h.sentence.into());
                    Value::Object(m)
                })
                .collect(),
        )
    }
}

impl LayerType for Keywords {
    const NAME: &'static str = "keywords";
}

/// The `keywords` stage: one automaton for all terms, built once and shared by threads.
#[derive(Debug)]
pub struct KeywordStage {
    terms: Vec<String>,
    automaton: AhoCorasick,
}

impl Stage for KeywordStage {
    const TYPE: &'static str = "keywords";
    const SUMMARY: &'static str = "Occurrences of tracked terms in the body of the story.";
    const REQUIRES: &'static [&'static str] = &["text"];
    const PROVIDES: &'static [&'static str] = &["keywords"];
    type Params = KeywordParams;

    fn new(params: KeywordParams, _env: &StageEnv) -> Result<Self, StageError> {
        if params.terms.iter().any(|t| t.trim().is_empty()) {
            return Err(StageError::new("`terms` contains an empty term"));
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(!params.case_sensitive)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&params.terms)
            .map_err(|e| StageError::new(format!("cannot build the term automaton: {e}")))?;
        Ok(KeywordStage {
            terms: params.terms,
            automaton,
        })
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let text = doc.text();
        let layer = doc.require::<TextLayer>()?;
        let mut hits = Vec::new();
        for (i, s) in layer.sentences.iter().enumerate() {
            if layer.is_boilerplate_sentence(i) {
                continue;
            }
            let sentence = s.span.slice(text);
            for m in self.automaton.find_iter(sentence) {
                // Whole words only: "democracy" is not found in "democracys".
                let before = sentence[..m.start()].chars().next_back();
                let after = sentence[m.end()..].chars().next();
                if before.is_some_and(char::is_alphanumeric)
                    || after.is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                let start = s.span.start as usize + m.start();
                hits.push(Hit {
                    span: Span::new(start, start + m.len()),
                    term: self.terms[m.pattern().as_usize()].clone(),
                    sentence: i,
                });
            }
        }
        doc.insert(Keywords { hits });
        Ok(())
    }
}

/// The built-in stages plus `keywords`: what your own binary hands to the runner.
pub fn registry() -> Registry {
    let mut r = Registry::builtin();
    r.register::<KeywordStage>();
    r
}

/// The example's pipeline: the built-in default stages, then `keywords`.
pub const PIPELINE: &str = r#"
version = 1

[pipeline]
stages = ["text", "keywords"]

[stage.keywords]
terms = ["human rights", "democracy", "freedom of expression", "trade preferences"]
"#;
