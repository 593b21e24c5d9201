//! Sentence and paragraph splitting on the cases that trip generic splitters on news.

use presslens_core::{ParagraphKind, TextLayer};
use presslens_text::{LineBreaks, Segmenter, TextParams};

mod common;
use common::check_invariants;

fn sentences(text: &str) -> Vec<String> {
    let layer = Segmenter::default().segment(text);
    layer
        .sentences
        .iter()
        .map(|s| s.span.slice(text).to_string())
        .collect()
}

fn paragraphs(layer: &TextLayer, text: &str) -> Vec<(String, ParagraphKind)> {
    layer
        .paragraphs
        .iter()
        .map(|p| (p.span.slice(text).to_string(), p.kind))
        .collect()
}

#[test]
fn abbreviations_do_not_end_sentences() {
    assert_eq!(
        sentences(
            "Mr. Smith and Dr. J. K. Rowling met Gov. Brown on Sept. 26 in Washington. They talked."
        ),
        [
            "Mr. Smith and Dr. J. K. Rowling met Gov. Brown on Sept. 26 in Washington.",
            "They talked."
        ]
    );
    assert_eq!(
        sentences("The U.S. Army said so. Acme Inc. reported a loss. It fell."),
        [
            "The U.S. Army said so.",
            "Acme Inc. reported a loss.",
            "It fell."
        ]
    );
}

#[test]
fn abbreviations_can_end_sentences() {
    assert_eq!(
        sentences(
            "He moved to the U.S. The move was hard. He sold shoes, hats, etc. But not socks."
        ),
        [
            "He moved to the U.S.",
            "The move was hard.",
            "He sold shoes, hats, etc.",
            "But not socks."
        ]
    );
    assert_eq!(
        sentences("I did it better than I. But why?"),
        ["I did it better than I.", "But why?"]
    );
}

#[test]
fn numbers_and_ellipses() {
    assert_eq!(
        sentences(
            "Growth was 3.5 percent, or $1,000.50 each. Prices rose... slightly. Then... Nothing."
        ),
        [
            "Growth was 3.5 percent, or $1,000.50 each.",
            "Prices rose... slightly.",
            "Then... Nothing."
        ]
    );
    assert_eq!(
        sentences("It was No. 1 in 2019. 2020 was worse."),
        ["It was No. 1 in 2019.", "2020 was worse."]
    );
}

#[test]
fn sentence_ends_inside_quotes() {
    assert_eq!(
        sentences("“It is very strange,” he said. “We were accused.” He left. “Why?” she asked."),
        [
            "“It is very strange,” he said.",
            "“We were accused.”",
            "He left.",
            "“Why?” she asked."
        ]
    );
    assert_eq!(
        sentences("He said \"no.\" Then he left (quietly.) And \"yes!\" was heard."),
        [
            "He said \"no.\"",
            "Then he left (quietly.)",
            "And \"yes!\" was heard."
        ]
    );
    assert_eq!(
        sentences("« Non. » Il est parti."),
        ["« Non. »", "Il est parti."]
    );
    // An attribution after a quoted question stays with it; a new sentence does not.
    assert_eq!(
        sentences(
            "“Why now?” Hillary Clinton asked. “Stop!” He said it twice. “No!” Police arrived."
        ),
        [
            "“Why now?” Hillary Clinton asked.",
            "“Stop!” He said it twice.",
            "“No!”",
            "Police arrived."
        ]
    );
}

#[test]
fn headlines_and_boilerplate() {
    let text = "Accessibility links\n\nBreaking News\n\nIn Geneva, Hun Sen Claims Rights Used as “Hostage”\n\nHun Sen shakes hands with Sar Kheng in Phnom Penh, Friday, June 28, 2019. (AP Photo)\n\nThe Cambodian leader did not mention any countries.\n\nShare this\n\nAdvertisement";
    let layer = Segmenter::default().segment(text);
    let kinds: Vec<ParagraphKind> = layer.paragraphs.iter().map(|p| p.kind).collect();
    use ParagraphKind::*;
    assert_eq!(
        kinds,
        [Chrome, Chrome, Headline, Caption, Body, Chrome, Chrome]
    );
    assert!(layer.is_boilerplate_sentence(0));
    assert!(!layer.is_boilerplate_sentence(2));
    // A headline is a sentence of its own even without a final stop.
    assert_eq!(layer.paragraph_sentences(2).len(), 1);
}

#[test]
fn captions_need_a_credit() {
    let text = "Officials met on Friday (local time).\n\nProtesters gather in the square. (Reuters)\n\nA woman walks past. (AP Photo/Heng Sinith)";
    let layer = Segmenter::default().segment(text);
    let kinds: Vec<ParagraphKind> = layer.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            ParagraphKind::Body,
            ParagraphKind::Caption,
            ParagraphKind::Caption
        ]
    );
    let params = TextParams {
        mark_boilerplate: false,
        ..TextParams::default()
    };
    let plain = Segmenter::new(&params).unwrap().segment(text);
    assert!(
        plain
            .paragraphs
            .iter()
            .all(|p| p.kind == ParagraphKind::Body)
    );
}

#[test]
fn line_breaks() {
    // One paragraph per line, as in Wikinews and many scrapes.
    let text = "Hackers attack website\nSunday, January 20, 2008\nWikinews has learned that the site is down.\nThe attack began on Wednesday.";
    let layer = Segmenter::default().segment(text);
    assert_eq!(layer.paragraphs.len(), 4);
    assert_eq!(layer.paragraphs[0].kind, ParagraphKind::Headline);

    // Hard-wrapped prose: one paragraph per block.
    let wrapped = "The premier told the council in Geneva that his government had made\nprogress on human rights since 1979, and that powerful countries used\nthe issue to pressure Cambodia over trade preferences and development\naid.\n\nNext paragraph.";
    let layer = Segmenter::default().segment(wrapped);
    assert_eq!(layer.paragraphs.len(), 2);
    assert_eq!(layer.sentences.len(), 2);

    // A line broken mid-sentence continues.
    let broken = "The premier told the council in Geneva that his\ngovernment had made progress.\nA new paragraph.";
    let layer = Segmenter::default().segment(broken);
    assert_eq!(layer.paragraphs.len(), 2);

    let params = TextParams {
        line_breaks: LineBreaks::Paragraph,
        ..TextParams::default()
    };
    let layer = Segmenter::new(&params).unwrap().segment(broken);
    assert_eq!(layer.paragraphs.len(), 3);
}

#[test]
fn spans_cover_trimmed_paragraphs() {
    let text = "  \u{a0}First para.  \r\n\r\n\tSecond para.\r\n";
    let layer = Segmenter::default().segment(text);
    assert_eq!(
        paragraphs(&layer, text),
        [
            ("First para.".to_string(), ParagraphKind::Body),
            ("Second para.".to_string(), ParagraphKind::Body)
        ]
    );
}

#[test]
fn layer_invariants_hold() {
    let text = include_str!("../../../examples/articles/voa-hun-sen-geneva.txt");
    let layer = Segmenter::default().segment(text);
    check_invariants(&layer, text);
}
