//! Throughput of the statistic stage alone over the real news in `../shared/bench/`.
//!
//! `cargo bench -p presslens-statistic` prints MB/s (single-threaded, release profile).
//! The stage runs on documents without a `text` layer, so that it reads each whole text
//! as one body paragraph and nothing but the stage is timed.

use presslens_core::bench::{load_corpus, measure, shared_bench_dir};
use presslens_core::{Document, Stage, StageEnv, Statistics};
use presslens_statistic::{StatisticParams, StatisticStage};

fn main() {
    let dir = shared_bench_dir(env!("CARGO_MANIFEST_DIR"));
    let Some(texts) = load_corpus(&dir) else {
        println!("no benchmark corpus at {}: skipped", dir.display());
        return;
    };
    let stage = StatisticStage::new(StatisticParams::default(), &StageEnv::default())
        .expect("the built-in tables parse");
    let mut found = 0usize;
    measure("statistic stage", &texts, 10, |_, t| {
        let mut doc = Document::new("bench", t).expect("text fits");
        stage.process(&mut doc).expect("the stage does not fail");
        found += std::hint::black_box(doc.get::<Statistics>().map_or(0, |s| s.items.len()));
    });
    std::hint::black_box(found);
}
