//! Shared helpers of the quote stage's integration tests: segment with the crate's test
//! segmenter (stage crates may not depend on the `text` stage) and render quotes.

#![allow(dead_code, unreachable_pub)]

#[path = "../src/testkit.rs"]
pub mod testkit;

use presslens_core::layers::{Layer, OutputContext};
use presslens_core::{Quotes, StageEnv};
use presslens_quote::{QuoteExtractor, QuoteParams};
use serde_json::Value;

/// The default extractor, built once.
pub fn extractor() -> &'static QuoteExtractor {
    static EXTRACTOR: std::sync::OnceLock<QuoteExtractor> = std::sync::OnceLock::new();
    EXTRACTOR.get_or_init(|| {
        QuoteExtractor::new(&QuoteParams::default(), &StageEnv::default()).expect("defaults")
    })
}

/// The quotes of `text` with the default parameters.
pub fn quotes(text: &str) -> Quotes {
    let layer = testkit::layer_of(text);
    extractor().extract(text, &layer, None)
}

/// The quotes of `text` as the output contract renders them (character offsets).
pub fn json(text: &str) -> Value {
    let q = quotes(text);
    q.to_json(&OutputContext::new(text, false))
}

/// One line per quote, for compact snapshots: kind, content, speaker mention [name], cue.
pub fn lines(text: &str) -> Vec<String> {
    quotes(text)
        .quotes
        .iter()
        .map(|q| {
            let speaker = match &q.speaker {
                Some(s) => format!("{} [{}]", s.mention.slice(text), s.name),
                None => "-".to_string(),
            };
            let cue = q.cue.map_or("-", |c| c.slice(text));
            format!(
                "{}: {} | speaker: {} | cue: {}",
                q.kind.as_str(),
                q.span.slice(text),
                speaker,
                cue
            )
        })
        .collect()
}
