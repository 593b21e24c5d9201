//! Randomised tests: the quote stage never panics and its spans always lie on character
//! boundaries of the text, whatever the input (unbalanced quotation marks, soups of cue
//! verbs, names and punctuation, random characters, huge documents without stops).

mod common;

use presslens_core::testing::Rng;
use presslens_core::{Entities, Entity, EntityLabel, Quotes, Span};

use common::testkit::layer_of;

/// Run the extractor and check every span it returns.
fn check(text: &str, entities: Option<&Entities>) -> Quotes {
    let layer = layer_of(text);
    check_with(text, &layer, entities)
}

fn check_layer(text: &str, layer: &presslens_core::TextLayer) -> Quotes {
    check_with(text, layer, None)
}

fn check_with(
    text: &str,
    layer: &presslens_core::TextLayer,
    entities: Option<&Entities>,
) -> Quotes {
    let quotes = common::extractor().extract(text, layer, entities);
    for q in &quotes.quotes {
        let spans = [Some(q.span), q.cue, q.speaker.as_ref().map(|s| s.mention)];
        for s in spans.into_iter().flatten() {
            assert!(s.is_valid_for(text), "bad span {s:?} in {text:?}");
            assert!(!s.is_empty(), "empty span in {text:?}");
        }
        if let Some(s) = &q.speaker {
            assert!(!s.name.is_empty(), "empty speaker name in {text:?}");
        }
    }
    assert!(
        quotes
            .quotes
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start),
        "quotes out of order in {text:?}"
    );
    quotes
}

const MARKS: &[&str] = &[
    "“", "”", "‘", "’", "\"", "'", "«", "»", "„", "''", "‹", "›", "`",
];
const WORDS: &[&str] = &[
    "said",
    "says",
    "told",
    "according",
    "to",
    "that",
    "he",
    "she",
    "they",
    "it",
    "Smith",
    "Jane",
    "Mr.",
    "Sen.",
    "Prime",
    "Minister",
    "Hun",
    "Sen",
    "the",
    "premier",
    "claim",
    "adding",
    "saying",
    "warned",
    "accused",
    "of",
    "who",
    "which",
    "a",
    "spokesman",
    "for",
    "Ministry",
    "and",
    "but",
    "as",
    "reported",
    "by",
    "was",
    "will",
    "not",
    "n't",
    "’s",
    "his",
    "her",
    "their",
    "one",
    "states",
    "States",
    "United",
    "continued",
    "wrote",
    "tweeted",
];
const PUNCT: &[&str] = &[
    ",", ".", ":", ";", "—", "-", "–", "(", ")", "?", "!", "…", "...", "\n", "\n\n", " ",
];

#[test]
fn thousands_of_unbalanced_quotation_marks() {
    let mut rng = Rng::new(11);
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..rng.below(60) {
            match rng.below(4) {
                0 => text.push_str(rng.pick(MARKS)),
                1 => text.push_str(rng.pick(PUNCT)),
                _ => text.push_str(rng.pick(WORDS)),
            }
            if rng.below(3) > 0 {
                text.push(' ');
            }
        }
        check(&text, None);
    }
}

#[test]
fn soups_of_cues_names_and_quotations() {
    let mut rng = Rng::new(12);
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..rng.below(40) {
            // Sentence-like pieces with a quotation here and there.
            let piece = match rng.below(6) {
                0 => "“We will win,” ",
                1 => "Smith said ",
                2 => ", said Jane Smith, a spokeswoman for the Ministry, ",
                3 => "according to officials, ",
                4 => "he said that ",
                _ => rng.pick(WORDS),
            };
            text.push_str(piece);
            text.push_str(rng.pick(PUNCT));
            if rng.below(4) == 0 {
                text.push_str(rng.pick(MARKS));
            }
        }
        check(&text, None);
    }
}

#[test]
fn random_characters() {
    let mut rng = Rng::new(13);
    let alphabet: Vec<char> = "aZ ,.“”‘’\"'«»\n\t—é中😀\u{301}\u{a0}\u{200b}()'s"
        .chars()
        .collect();
    for _ in 0..3000 {
        let text: String = (0..rng.below(120))
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        check(&text, None);
    }
}

#[test]
fn entities_that_do_not_fit_the_text() {
    // An entities layer made for another text, or with odd spans, must not hurt.
    let text = "“We will win,” Smith said. He added that the plan would pass.";
    let mut rng = Rng::new(14);
    for _ in 0..500 {
        let mentions: Vec<Entity> = (0..rng.below(6))
            .map(|_| {
                let a = rng.below(text.len() + 20);
                let b = a + rng.below(30);
                Entity {
                    span: Span::new(a, b),
                    label: if rng.below(2) == 0 {
                        EntityLabel::Person
                    } else {
                        EntityLabel::Org
                    },
                    name: "X".repeat(rng.below(3)),
                    value: None,
                }
            })
            .collect();
        let mut mentions = mentions;
        mentions.sort_by_key(|e| e.span.start);
        check(text, Some(&Entities { mentions }));
    }
}

#[test]
fn huge_documents() {
    // Ten megabytes without any stop, and a long article with an unclosed quotation in
    // every paragraph: no panic, and no unbounded work.
    let words = [
        "said",
        "Smith",
        "the",
        "plan",
        "“would",
        "pass”",
        "told",
        "reporters",
    ];
    let mut text = String::with_capacity(10_000_000);
    let mut i = 0;
    while text.len() < 10_000_000 {
        text.push_str(words[i % words.len()]);
        text.push(' ');
        i += 7;
    }
    let start = std::time::Instant::now();
    let layer = layer_of(&text);
    let segmented = start.elapsed();
    check_layer(&text, &layer);
    eprintln!(
        "10 MB: segmented in {segmented:?}, analysed in {:?}",
        start.elapsed() - segmented
    );
    let para = "“We will win this seat, Smith said on Monday, and the plan will pass. ";
    let text = format!("{para}\n\n").repeat(20_000);
    let quotes = check(&text, None);
    assert!(quotes.quotes.len() < 40_000);
}

#[test]
fn empty_and_tiny_documents() {
    for text in [
        "",
        " ",
        "“",
        "”",
        "\"",
        "''",
        "said",
        "“said”",
        "\n\n\n",
        "— Smith",
        "“a” — B",
    ] {
        check(text, None);
    }
}
