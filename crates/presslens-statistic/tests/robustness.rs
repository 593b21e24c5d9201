//! The stage must not panic on any input, and every span it reports must be valid.
//!
//! Inputs come from the core's deterministic test generator: random bytes,
//! "number soup" built from the pieces the grammar reacts to, long digit runs, numbers
//! too large for f64, and a megabyte of digits and commas. Cases that once broke the
//! stage are kept at the end.

use presslens_core::{
    Document, Paragraph, ParagraphKind, Sentence, Span, Stage, StageEnv, Statistics, TextLayer,
};
use presslens_statistic::{Extractor, StatisticParams, StatisticStage};

use presslens_core::testing::Rng;

const PIECES: &[&str] = &[
    "1",
    "2",
    "19",
    "2019",
    "1,234",
    "3.5",
    ".5",
    "0",
    "007",
    "3,45,678",
    "1/2",
    "3/4",
    "½",
    "$",
    "US$",
    "€",
    "£",
    "¥",
    "PS",
    "Y=",
    "%",
    "per cent",
    "percent",
    "million",
    "bn",
    "m",
    "k",
    "K",
    "B",
    "one",
    "two",
    "twenty",
    "-",
    "–",
    "hundred",
    "thousand",
    "and",
    "a",
    "half",
    "quarter",
    "third",
    "thirds",
    "first",
    "second",
    "point",
    "dozen",
    "to",
    "from",
    "between",
    "more than",
    "up to",
    "about",
    "or more",
    "rose",
    "fell",
    "down",
    "up",
    "by",
    "at",
    "a share",
    "per",
    "km",
    "mph",
    "kg",
    "°C",
    "degrees",
    "years",
    "old",
    "-year-old",
    "No.",
    "#",
    "ranked",
    "May",
    "Jan.",
    "pm",
    "a.m.",
    ":",
    "/",
    "(",
    ")",
    "[",
    "]",
    "'",
    "’",
    "s",
    "th",
    "st",
    "G",
    "COVID",
    "Boeing",
    "the",
    "of",
    "people",
    "workers",
    " ",
    " ",
    " ",
    "\n",
    ".",
    ",",
    "e",
    "x",
    "×",
    "^",
    "10",
    "−",
    "+",
    "<",
    ">",
    "=",
    "~",
    "http://a.b/1?x=2",
    "a@b.c",
    "twenty-one",
    "three-quarters",
    "one-third",
    "fifty - two",
    "1e309",
    "9e99999",
    // Written forms of this grammar's later rules: spaced and European decimals, a
    // decimal comma, spaced fractions, codes with a bracketed letter, tallies, cricket.
    " . ",
    "4 . 7",
    "3 / 8",
    "1,5",
    "4.321,75",
    "25 000",
    "(k)",
    "M",
    "for",
    "voted",
    "wickets",
    "in March",
    "dozen",
    "hundreds",
];

fn soup(rng: &mut Rng, pieces: usize) -> String {
    let mut s = String::new();
    for _ in 0..pieces {
        s.push_str(PIECES[rng.below(PIECES.len())]);
        if rng.below(3) > 0 {
            s.push(' ');
        }
    }
    s
}

fn random_bytes(rng: &mut Rng, len: usize) -> String {
    let bytes: Vec<u8> = (0..len)
        .map(|_| {
            // Mostly ASCII digits, letters and punctuation, some high bytes.
            match rng.below(10) {
                0..=3 => b"0123456789"[rng.below(10)],
                4..=6 => b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[rng.below(52)],
                7..=8 => b" .,-/:%$()'\"\n"[rng.below(13)],
                _ => rng.below(256) as u8,
            }
        })
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Run the extractor and the stage (with and without a `text` layer) and check every
/// statistic against the text.
fn check(extractor: &Extractor, stage: &StatisticStage, text: &str) {
    let items = extractor.extract(text);
    for s in &items {
        assert!(
            s.span.is_valid_for(text) && !s.span.is_empty(),
            "bad span {:?} on {text:?}",
            s.span
        );
        assert!(s.value.is_finite(), "non-finite value on {text:?}");
        if let Some(subject) = s.subject {
            assert!(subject.is_valid_for(text), "bad subject span on {text:?}");
        }
    }
    let mut doc = Document::new("d", text).expect("text fits");
    stage.process(&mut doc).expect("no stage error");
    let mut doc = Document::new("d", text).expect("text fits");
    doc.insert(one_paragraph_layer(text));
    stage.process(&mut doc).expect("no stage error");
    let layer = doc.get::<Statistics>().expect("the layer is there");
    for s in &layer.items {
        assert!(s.span.is_valid_for(text));
    }
}

/// A `text` layer with the whole text as one body paragraph and one sentence.
fn one_paragraph_layer(text: &str) -> TextLayer {
    TextLayer {
        paragraphs: vec![Paragraph {
            span: Span::new(0, text.len()),
            kind: ParagraphKind::Body,
            first_sentence: 0,
            end_sentence: 1,
        }],
        sentences: vec![Sentence {
            span: Span::new(0, text.len()),
            paragraph: 0,
            first_token: 0,
            end_token: 0,
        }],
        tokens: Vec::new(),
    }
}

fn setup() -> (Extractor, StatisticStage) {
    (
        Extractor::new().expect("tables parse"),
        StatisticStage::new(StatisticParams::default(), &StageEnv::default()).expect("stage"),
    )
}

#[test]
fn random_bytes_never_panic() {
    let (x, st) = setup();
    let mut rng = Rng::new(0x5eed_1234_abcd_0001);
    for _ in 0..400 {
        let len = rng.below(300);
        check(&x, &st, &random_bytes(&mut rng, len));
    }
}

#[test]
fn number_soup_never_panics() {
    let (x, st) = setup();
    let mut rng = Rng::new(0x0dd_ba11_cafe_f00d);
    for _ in 0..1500 {
        let n = 1 + rng.below(40);
        check(&x, &st, &soup(&mut rng, n));
    }
}

#[test]
fn long_and_huge_numbers() {
    let (x, st) = setup();
    let long_digits = "9".repeat(5000);
    check(&x, &st, &long_digits);
    check(&x, &st, &format!("${long_digits} million"));
    check(&x, &st, &format!("{long_digits}.{long_digits}%"));
    check(&x, &st, &"1,000,".repeat(2000));
    check(&x, &st, &"1e308 ".repeat(50));
    check(&x, &st, "1.8e308 9e999 1x10^999 2^9999 10^400");
    let huge = format!("{} trillion trillion", "999,".repeat(200));
    check(&x, &st, &huge);
    // Values that overflow f64 are never reported as infinite.
    for s in x.extract("1e309 people and 9^9999 tonnes") {
        assert!(s.value.is_finite());
    }
}

#[test]
fn a_megabyte_of_digits_and_commas() {
    let (x, st) = setup();
    let mut rng = Rng::new(42);
    let mut s = String::with_capacity(1 << 20);
    while s.len() < (1 << 20) {
        s.push(if rng.below(4) == 0 {
            ','
        } else {
            char::from(b'0' + rng.below(10) as u8)
        });
    }
    check(&x, &st, &s);
    // And a long text without any punctuation or line break.
    let words = "the market rose 5 percent to 20 million dollars while some 300 workers ";
    check(&x, &st, &words.repeat(20_000));
}

#[test]
fn pathological_runs_stay_linear() {
    // Each of these would take minutes if the grammar's look-around were unbounded.
    let (x, st) = setup();
    check(&x, &st, &format!("{}Apple 5", "\"".repeat(300_000)));
    check(&x, &st, &"1-".repeat(200_000));
    check(&x, &st, &"a1".repeat(200_000));
    check(&x, &st, &"one ".repeat(100_000));
    check(&x, &st, &"$".repeat(200_000));
    check(&x, &st, &"more than ".repeat(50_000));
    check(&x, &st, &"( ".repeat(100_000));
    check(&x, &st, &"4 . ".repeat(30_000));
    check(&x, &st, &"3 / ".repeat(30_000));
    check(&x, &st, &"1 000 ".repeat(30_000));
    check(&x, &st, &"1,5 ".repeat(30_000));
    check(&x, &st, &"12 $ ".repeat(30_000));
    check(&x, &st, &"7 Pro ".repeat(30_000));
    check(&x, &st, &"3 for 7 wickets ".repeat(20_000));
    check(&x, &st, &"48m ".repeat(30_000));
}

#[test]
fn regressions() {
    let (x, st) = setup();
    for text in [
        // A phrase table lookup subtracted before checking the length.
        "CNRPthe United Nations“Freedom House«.theyCambodiaFreedom HouseShare thisbetween 10 and 20CambodiaDr. Jane Smith’told reportersFreedom HouseAccessibility linksfrom 30 —(AP Photo)\n$twenty-five\0🙂“Share thisAccessibility linksNo. 1.she“",
        "$",
        "-",
        "No.",
        "1-",
        "-1",
        "a",
        "½½½",
        "between",
        "from 1 to",
        "1 in",
        "and a half",
        "1 ft",
        "x 10^",
        "2.4x10^",
        "2 ½ ⅓",
        "\u{202f}1\u{202f}000",
        // Combining marks inside a word ("GÃ" as G, A, U+0303) once let its digits pass.
        "GA\u{303}1\u{2044}4len activities",
        "\u{303}1",
        // Edges of the spaced and European decimals and the decimal comma.
        "1 .",
        "1 . ",
        " . 5",
        "1 . 2 . 3",
        "4.321,",
        "4.321,7",
        "1,",
        ",5",
        "1 /",
        "1 / ",
        "3 / 8 / ",
        "401(",
        "401(k",
        "9 for",
        "from 5 in March to",
        "12 $ 40",
        "3 millions",
    ] {
        check(&x, &st, text);
    }
    // A word of the last letter pair and the longest length overflowed the number-word
    // filter's table.
    for text in [
        "zz".repeat(20),
        format!("{} 5", "zy".repeat(20)),
        "Zz".repeat(16),
    ] {
        check(&x, &st, &text);
    }
}
