//! The `text` stage: paragraphs, sentences and tokens with byte spans, robust on news.
//!
//! Every other built-in stage reads its layer ([`presslens_core::TextLayer`]). It knows the
//! things that trip generic splitters on news: abbreviations ("Mr.", "U.S.", "Sept.",
//! initials), numbers ("3.5", "1,000"), ellipses, sentence ends inside quotation marks
//! (`.”`), headlines without final punctuation, every quotation-mark style, and the site
//! chrome and photo captions of scraped pages, which it marks so that later stages skip
//! them.
#![deny(missing_docs)]

mod lexicon;
mod segment;
mod tokenize;

use presslens_core::{Document, Stage, StageEnv, StageError, TextLayer, params};
use serde::{Deserialize, Serialize};

/// How single line breaks inside a block of text are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LineBreaks {
    /// Decide per block: lines of similar width are hard-wrapped prose, a line broken in
    /// mid-sentence continues, otherwise every line is a paragraph.
    #[default]
    Auto,
    /// Every line is a paragraph.
    Paragraph,
    /// Line breaks are spaces; only blank lines separate paragraphs.
    Space,
}

params! {
    /// Parameters of the `text` stage.
    pub struct TextParams {
        /// Mark site chrome ("Share this", "Advertisement") and photo captions ("... (AP
        /// Photo)") as boilerplate, which later stages skip.
        pub mark_boilerplate: bool = true,
        /// How single line breaks are read: "auto", "paragraph" (every line is a paragraph)
        /// or "space" (only blank lines separate paragraphs).
        pub line_breaks: LineBreaks = LineBreaks::Auto,
        /// More abbreviations that take a period and may end a sentence ("Approx.").
        pub abbreviations: Vec<String> = Vec::new(),
        /// More titles that take a period and always precede a name ("Insp.").
        pub titles: Vec<String> = Vec::new(),
        /// More lines of site chrome, matched case-insensitively against whole short
        /// paragraphs; a trailing `*` matches a prefix.
        pub chrome: Vec<String> = Vec::new(),
        /// Cut a sentence after this many tokens, so that text without stops (tables,
        /// lists) never makes one unbounded sentence.
        pub max_sentence_tokens: u32 = 400,
    }
}

/// Splits text into paragraphs, sentences and tokens. Build once, use on many texts from
/// many threads.
#[derive(Debug, Clone)]
pub struct Segmenter {
    cfg: segment::Config,
}

impl Segmenter {
    /// A segmenter with the given parameters.
    pub fn new(params: &TextParams) -> Result<Segmenter, StageError> {
        if params.max_sentence_tokens == 0 {
            return Err(StageError::new("max_sentence_tokens must be at least 1"));
        }
        Ok(Segmenter {
            cfg: segment::Config {
                lex: lexicon::Lexicon::new(&params.abbreviations, &params.titles, &params.chrome),
                line_breaks: params.line_breaks,
                mark_boilerplate: params.mark_boilerplate,
                max_sentence_tokens: params.max_sentence_tokens as usize,
            },
        })
    }

    /// Segment `text`.
    pub fn segment(&self, text: &str) -> TextLayer {
        segment::segment(&self.cfg, text)
    }
}

impl Default for Segmenter {
    fn default() -> Segmenter {
        Segmenter {
            cfg: segment::Config {
                lex: lexicon::Lexicon::new(&[], &[], &[]),
                line_breaks: LineBreaks::Auto,
                mark_boilerplate: true,
                max_sentence_tokens: 400,
            },
        }
    }
}

/// The `text` stage.
#[derive(Debug, Clone)]
pub struct TextStage {
    segmenter: Segmenter,
}

impl Stage for TextStage {
    const TYPE: &'static str = "text";
    const SUMMARY: &'static str =
        "Paragraphs, sentences and tokens; marks site chrome and photo captions as boilerplate.";
    const REQUIRES: &'static [&'static str] = &[];
    const PROVIDES: &'static [&'static str] = &["text"];
    type Params = TextParams;

    fn new(params: TextParams, _env: &StageEnv) -> Result<Self, StageError> {
        Ok(TextStage {
            segmenter: Segmenter::new(&params)?,
        })
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let layer = self.segmenter.segment(doc.text());
        doc.insert(layer);
        Ok(())
    }
}
