//! Train the entity tagger and write `crates/presslens-entity/data/model.bin`.
//!
//!     cargo run --release -p presslens-entity --example train -- ../shared/eval/entities/gum-train.jsonl
//!
//! Input: JSONL documents with `text` and `entities` (`start`/`end` character offsets and
//! `label`), as in the output contract. Options: `--epochs N`, `--min-count N` (drop rarer
//! features), `--runs N` (average the weights of N trainings with successive seeds),
//! `--seed N`, `--out PATH`. The same input and options always give the same file.

use std::process::ExitCode;

use presslens_core::EntityLabel;
use presslens_entity::train::{TrainDoc, TrainOptions, train};

fn main() -> ExitCode {
    let mut files = Vec::new();
    let mut opts = TrainOptions::default();
    let mut out = concat!(env!("CARGO_MANIFEST_DIR"), "/data/model.bin").to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--epochs" => {
                opts.epochs = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(opts.epochs)
            }
            "--min-count" => {
                opts.min_count = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(opts.min_count)
            }
            "--runs" => {
                opts.runs = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(opts.runs)
            }
            "--seed" => {
                opts.seed = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(opts.seed)
            }
            "--out" => out = args.next().unwrap_or(out),
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        eprintln!(
            "usage: train [--epochs N] [--min-count N] [--runs N] [--seed N] [--out PATH] TRAIN.jsonl..."
        );
        return ExitCode::FAILURE;
    }
    let mut docs = Vec::new();
    for f in &files {
        let data = match std::fs::read_to_string(f) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("cannot read {f}: {e}");
                return ExitCode::FAILURE;
            }
        };
        for (n, line) in data.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("{f}:{}: not JSON: {e}", n + 1);
                    return ExitCode::FAILURE;
                }
            };
            let text = v["text"].as_str().unwrap_or("").to_string();
            // Character offsets to byte offsets.
            let mut byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            byte_of.push(text.len());
            let mut entities = Vec::new();
            for e in v["entities"].as_array().into_iter().flatten() {
                let (Some(s), Some(t), Some(l)) =
                    (e["start"].as_u64(), e["end"].as_u64(), e["label"].as_str())
                else {
                    continue;
                };
                let Ok(label) = l.parse::<EntityLabel>() else {
                    continue;
                };
                if let (Some(&bs), Some(&be)) = (byte_of.get(s as usize), byte_of.get(t as usize)) {
                    entities.push((bs, be, label));
                }
            }
            docs.push(TrainDoc { text, entities });
        }
    }
    eprintln!("{} documents", docs.len());
    let bytes = train(&docs, &opts, |m| eprintln!("{m}"));
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("cannot write {out}: {e}");
        return ExitCode::FAILURE;
    }
    eprintln!("wrote {out} ({} bytes)", bytes.len());
    ExitCode::SUCCESS
}
