//! No input makes the segmenter panic, hang or break the layer's invariants.
//!
//! Randomised inputs from a fixed-seed generator (the same cases on every run), plus the
//! pathological shapes named in the foundation issue: random bytes, huge single lines,
//! megabytes without punctuation, thousands of unbalanced quotation marks.

use presslens_core::testing::Rng;
use presslens_text::{LineBreaks, Segmenter, TextParams};

mod common;
use common::check_invariants;

/// Pieces that exercise every branch of the tokenizer and splitter.
const PIECES: &[&str] = &[
    "a",
    "Mr",
    "U",
    "S",
    ".",
    ". ",
    "..",
    "...",
    "…",
    "'",
    "’",
    "‘",
    "\"",
    "“",
    "”",
    "«",
    "»",
    "„",
    "‹",
    "›",
    "‚",
    "s",
    "n't",
    "-",
    "—",
    "–",
    "‐",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u{a0}",
    "\u{200b}",
    "1",
    "0",
    ",",
    ":",
    "/",
    "(",
    ")",
    "[",
    "]",
    "?",
    "!",
    "$",
    "%",
    "é",
    "\u{301}",
    "你",
    "🙂",
    "Inc",
    "Sept",
    "No",
    "The",
    "He",
    "said",
    "(AP Photo)",
    "Share this",
    "'90s",
    "\u{0}",
    "\u{7f}",
    "\u{feff}",
    "1,000.5",
];

fn segmenters() -> Vec<Segmenter> {
    [LineBreaks::Auto, LineBreaks::Paragraph, LineBreaks::Space]
        .into_iter()
        .map(|line_breaks| {
            let params = TextParams {
                line_breaks,
                max_sentence_tokens: 50,
                ..TextParams::default()
            };
            Segmenter::new(&params).unwrap()
        })
        .collect()
}

fn check_with(segmenters: &[Segmenter], text: &str) {
    for s in segmenters {
        check_invariants(&s.segment(text), text);
    }
}

fn check(text: &str) {
    check_with(&segmenters(), text);
}

#[test]
fn random_piece_soup() {
    let segs = segmenters();
    let mut rng = Rng::new(0x5EED_0001);
    for _ in 0..3000 {
        let n = rng.below(60);
        let text: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        check_with(&segs, &text);
    }
}

#[test]
fn random_bytes() {
    let segs = segmenters();
    let mut rng = Rng::new(0x5EED_0002);
    for _ in 0..2000 {
        let n = rng.below(200);
        let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
        check_with(&segs, &String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn pathological_shapes() {
    check("");
    check("   \n\n \t ");
    check(".");
    check("\"");
    check("’");
    check(&"\"".repeat(5000));
    check(&"“ ‘ « „ ' \" ".repeat(2000));
    check(&"....".repeat(3000));
    check(&"U.S.".repeat(3000));
    check(&"-".repeat(10_000));
    check(&"1,".repeat(10_000));
    check(&"a'".repeat(10_000));
}

#[test]
fn megabytes_without_punctuation() {
    // 10 MB of words with no stop and no line break.
    let text = "word ".repeat(2 * 1024 * 1024);
    let layer = Segmenter::default().segment(&text);
    assert_eq!(layer.tokens.len(), 2 * 1024 * 1024);
    // Sentences are cut at max_sentence_tokens, never unbounded.
    assert!(
        layer
            .sentences
            .iter()
            .all(|s| s.end_token - s.first_token <= 400)
    );
    // One huge token.
    let blob = "x".repeat(4 * 1024 * 1024);
    assert_eq!(Segmenter::default().segment(&blob).tokens.len(), 1);
}
