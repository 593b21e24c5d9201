//! Development driver: run the stage over a JSONL file of `{"id", "text", ...}` records
//! and print output records, for scoring with `../shared/tools/score.py` until the
//! `presslens` command line can run the stage itself.
//!
//!     cargo run --release -p presslens-statistic --example eval -- FILE.jsonl > out.jsonl

use std::io::{BufRead, BufReader, Write};

use presslens_core::{DocOutput, Document, Stage, StageEnv};
use presslens_statistic::{Statistic, StatisticParams};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: eval FILE.jsonl > out.jsonl");
        std::process::exit(2);
    };
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let stage = Statistic::new(StatisticParams::default(), &StageEnv::default())
        .expect("the built-in tables parse");
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.expect("readable input");
        if line.trim().is_empty() {
            continue;
        }
        let rec: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("{path}:{}: {e}", n + 1);
                continue;
            }
        };
        let id = match &rec["id"] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let text = rec["text"].as_str().unwrap_or("");
        let mut doc = Document::new(id, text).expect("text fits");
        let errors = match stage.process(&mut doc) {
            Ok(()) => Vec::new(),
            Err(e) => vec![presslens_core::ErrorRecord {
                stage: "statistic".into(),
                message: e.to_string(),
            }],
        };
        let rendered = DocOutput::render(&doc, &["statistics".to_string()], errors, false);
        serde_json::to_writer(&mut out, &rendered).expect("stdout");
        writeln!(out).expect("stdout");
    }
}
