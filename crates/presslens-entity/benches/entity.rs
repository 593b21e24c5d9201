//! Throughput of the entity stage alone over the real news in `../shared/bench/`.
//!
//! `cargo bench -p presslens-entity` prints MB/s (single-threaded, release profile). The
//! stage runs without a `text` layer, so its own line splitting and tokenisation are
//! included in the time.

use presslens_core::bench::{load_corpus, measure, shared_bench_dir};
use presslens_entity::Recognizer;

fn main() {
    let dir = shared_bench_dir(env!("CARGO_MANIFEST_DIR"));
    let Some(texts) = load_corpus(&dir) else {
        println!("no benchmark corpus at {}: skipped", dir.display());
        return;
    };
    let rec = Recognizer::new(&Default::default(), &Default::default()).expect("built-in model");
    let mut n = 0usize;
    measure("entity stage", &texts, 5, |t| {
        n += std::hint::black_box(rec.analyze(t, None)).mentions.len();
    });
    std::hint::black_box(n);
}
