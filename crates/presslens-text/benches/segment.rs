//! Throughput of the text stage alone over the real news in `../shared/bench/`.
//!
//! `cargo bench -p presslens-text` prints MB/s (single-threaded, release profile).

use presslens_core::bench::{load_corpus, measure, shared_bench_dir};
use presslens_text::Segmenter;

fn main() {
    let dir = shared_bench_dir(env!("CARGO_MANIFEST_DIR"));
    let Some(texts) = load_corpus(&dir) else {
        println!("no benchmark corpus at {}: skipped", dir.display());
        return;
    };
    let seg = Segmenter::default();
    let mut tokens = 0usize;
    measure("text stage (segment)", &texts, 10, |_, t| {
        tokens += std::hint::black_box(seg.segment(t)).tokens.len();
    });
    std::hint::black_box(tokens);
}
