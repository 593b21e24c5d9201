//! The whole default pipeline (every built-in stage) on hostile text: no panic, no stage
//! error, and every span in the output is a true slice of the text.

use presslens_core::testing::Rng;
use presslens_runner::Pipeline;
use serde_json::Value;

const PIECES: &[&str] = &[
    "Hun Sen",
    "Mr.",
    "Dr. Jane Smith",
    "said",
    "says",
    "told reporters",
    "according to",
    "he",
    "she",
    "they",
    "“",
    "”",
    "\"",
    "'",
    "‘",
    "’",
    "«",
    "»",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    ".",
    ",",
    ":",
    "—",
    "(AP Photo)",
    "Share this",
    "$",
    "3.5",
    "million",
    "26%",
    "percent",
    "from 30",
    "1979",
    "41st",
    "June 28, 2019",
    "Cambodia",
    "the United Nations",
    "U.S.",
    "CNRP",
    "Freedom House",
    "é",
    "你好",
    "🙂",
    "\u{a0}",
    "\u{0}",
    "\t",
    "...",
    "…",
    "twenty-five",
    "No. 1",
    "between 10 and 20",
    "rose",
    "fell",
    "about",
    "Accessibility links",
];

/// Every span object anywhere in `v` must be the slice it claims to be.
fn check_spans(v: &Value, chars: &[char]) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::Number(s)), Some(Value::Number(e)), Some(Value::String(t))) =
                (m.get("start"), m.get("end"), m.get("text"))
            {
                let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
                assert!(s <= e && e <= chars.len(), "span {s}..{e} outside the text");
                let slice: String = chars[s..e].iter().collect();
                assert_eq!(&slice, t);
            }
            for x in m.values() {
                check_spans(x, chars);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| check_spans(x, chars)),
        _ => {}
    }
}

fn check(p: &Pipeline, text: &str) {
    let out = p.analyze("fuzz", text);
    assert!(out.errors.is_empty(), "{:?} on {text:?}", out.errors);
    let v = serde_json::to_value(&out).unwrap();
    let chars: Vec<char> = text.chars().collect();
    check_spans(&v, &chars);
}

#[test]
fn random_news_soup() {
    let p = Pipeline::default_pipeline();
    let mut rng = Rng::new(0xFEED);
    for _ in 0..1500 {
        let n = (rng.next_u64() % 80) as usize;
        let text: String = (0..n).map(|_| rng.pick(PIECES)).collect();
        check(&p, &text);
    }
}

#[test]
fn pathological_documents() {
    let p = Pipeline::default_pipeline();
    check(&p, &"“".repeat(3000));
    check(&p, &"\" he said ".repeat(2000));
    check(&p, &"word ".repeat(200_000));
    check(&p, &"1,".repeat(50_000));
    check(&p, &"Mr. ".repeat(20_000));
    check(&p, &"A".repeat(1_000_000));
    check(&p, &"said, ".repeat(20_000));
}
