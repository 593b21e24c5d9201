//! The stage must not panic on any input: random text soup, unbalanced quotes and
//! brackets, odd Unicode, huge inputs.

use presslens_core::{Document, Stage, StageEnv};
use presslens_entity::{EntityParams, EntityStage, Recognizer, line_layer};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "Hun",
    "Sen",
    "the",
    "The",
    "(",
    ")",
    "CNRP",
    "\"",
    "“",
    "”",
    "'",
    "’s",
    "’",
    ".",
    ",",
    "said",
    "Mr.",
    "President",
    "U.S.",
    "of",
    "Party",
    "June",
    "28,",
    "2019",
    "\n",
    "\n\n",
    "—",
    "-",
    "é",
    "İ",
    "ǅ",
    "日本",
    "🙂",
    "\u{200B}",
    "\u{0301}",
    "Aceh,",
    "a.m.",
    "10:30",
    "Prime",
    "Minister",
    "Freedom",
    "House",
    "in",
    "Geneva",
    "...",
    "…",
    "&",
    "/",
    "$5",
    "'90s",
    "Dr",
    "J.",
    "Washington",
    "(UN)",
    "United",
    "Nations",
    "St.",
    "Xi",
    "\t",
    "  ",
];

fn soup(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(rng.pick(PIECES));
        if !rng.next().is_multiple_of(3) {
            s.push(' ');
        }
    }
    s
}

fn check(rec: &Recognizer, text: &str) {
    for ents in [
        rec.analyze(text, None),
        rec.analyze(text, Some(&line_layer(text))),
    ] {
        for e in &ents.mentions {
            assert!(e.span.is_valid_for(text), "{:?} in {:?}", e.span, text);
            assert!(!e.span.is_empty());
            assert!(!e.name.is_empty());
        }
        assert!(
            ents.mentions
                .windows(2)
                .all(|w| w[0].span.start <= w[1].span.start)
        );
    }
}

#[test]
fn random_soup() {
    let rec = Recognizer::new(&EntityParams::default(), &StageEnv::default()).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..400 {
        let n = (rng.next() % 200) as usize + round % 7;
        check(&rec, &soup(&mut rng, n));
    }
}

#[test]
fn random_bytes() {
    let rec = Recognizer::new(&EntityParams::default(), &StageEnv::default()).unwrap();
    let mut rng = Rng(12345);
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..rng.next() % 300).map(|_| rng.next() as u8).collect();
        check(&rec, &String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn edge_cases() {
    let rec = Recognizer::new(&EntityParams::default(), &StageEnv::default()).unwrap();
    for text in [
        "",
        " ",
        "\n\n\n",
        "(",
        "()",
        "( )",
        "A (B)",
        "Mr.",
        "Hun Sen (",
        "“",
        "The",
        "the the the",
        "U.S.",
        "'s",
        "Sen’s",
        "X (Y) (Z) (",
    ] {
        check(&rec, text);
    }
}

fn check_once(rec: &Recognizer, text: &str) -> usize {
    let ents = rec.analyze(text, None);
    for e in &ents.mentions {
        assert!(e.span.is_valid_for(text) && !e.span.is_empty());
    }
    ents.mentions.len()
}

#[test]
fn huge_inputs() {
    let rec = Recognizer::new(&EntityParams::default(), &StageEnv::default()).unwrap();
    // 10 MB without punctuation or line breaks.
    let words = "lorem ipsum dolor sit amet consectetur ";
    let text = words.repeat(10_000_000 / words.len());
    check_once(&rec, &text);
    // Capitalised words only: every token goes to the tagger.
    let caps = "Hun Sen Freedom House Geneva Cambodia ";
    let text = caps.repeat(500_000 / caps.len());
    assert!(check_once(&rec, &text) > 0);
    // A very long line of one repeated name.
    check_once(&rec, &"Smith ".repeat(50_000));
}

#[test]
fn the_stage_reads_a_document() {
    let stage = EntityStage::new(EntityParams::default(), &StageEnv::default()).unwrap();
    let mut doc = Document::new("d", "Prime Minister Hun Sen spoke in Geneva.").unwrap();
    stage.process(&mut doc).unwrap();
    let ents = doc.get::<presslens_core::Entities>().unwrap();
    assert!(
        ents.mentions.iter().any(|e| e.name == "Hun Sen"),
        "{ents:?}"
    );
}
