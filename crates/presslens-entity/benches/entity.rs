//! Throughput of the entity stage alone over the real news in `../shared/bench/`.
//!
//! `cargo bench -p presslens-entity` prints MB/s (single-threaded, release profile). The
//! stage's input, the `text` layer, is built before timing (with the stage's own fallback
//! segmentation, since stage crates do not depend on each other): the figure is the
//! entity stage's own cost, as the text stage's bench gives that stage's.

use presslens_core::bench::{load_corpus, measure, shared_bench_dir};
use presslens_entity::{Recognizer, line_layer};

fn main() {
    let dir = shared_bench_dir(env!("CARGO_MANIFEST_DIR"));
    let Some(texts) = load_corpus(&dir) else {
        println!("no benchmark corpus at {}: skipped", dir.display());
        return;
    };
    let rec = Recognizer::new(&Default::default(), &Default::default()).expect("built-in model");
    let layers: Vec<_> = texts.iter().map(|t| line_layer(t)).collect();
    let mut n = 0usize;
    measure("entity stage", &texts, 10, |i, t| {
        n += std::hint::black_box(rec.analyze(t, Some(&layers[i])))
            .mentions
            .len();
    });
    std::hint::black_box(n);
}
