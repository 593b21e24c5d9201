//! Throughput of the statistic stage alone, single-threaded, over the news texts of
//! `../shared/bench/*.jsonl` (the workspace's sibling `shared` folder).
//!
//!     cargo bench -p presslens-statistic
//!
//! Prints MB/s of text. Skips with a note when the bench folder is absent (CI clones
//! without it, and `cargo test` never needs it).

use std::path::PathBuf;
use std::time::Instant;

use presslens_core::{Document, Stage, StageEnv};
use presslens_statistic::{Statistic, StatisticParams};

fn texts() -> Option<Vec<String>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let Ok(data) = std::fs::read_to_string(&f) else {
            continue;
        };
        for line in data.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                out.push(t.to_string());
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

fn main() {
    let Some(texts) = texts() else {
        println!("statistic throughput: skipped (no ../shared/bench/*.jsonl next to the workspace)");
        return;
    };
    let stage = Statistic::new(StatisticParams::default(), &StageEnv::default())
        .expect("the built-in tables parse");
    let bytes: usize = texts.iter().map(String::len).sum();
    // Documents are built outside the timed loop: the stage is what is measured.
    let mut docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(i.to_string(), t.as_str()).expect("text fits"))
        .collect();
    let mut found = 0usize;
    // Warm up once, then time several passes and report the best.
    for d in &mut docs {
        stage.process(d).expect("no stage error");
    }
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        for d in &mut docs {
            stage.process(d).expect("no stage error");
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    for d in &docs {
        if let Some(s) = d.get::<presslens_core::Statistics>() {
            found += s.items.len();
        }
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "statistic throughput: {:.1} MB/s single-threaded ({:.2} MB in {} documents, {} statistics, best of 5 passes: {:.1} ms)",
        mb / best,
        mb,
        docs.len(),
        found,
        best * 1e3
    );
}
