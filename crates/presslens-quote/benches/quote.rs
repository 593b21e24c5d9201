//! Throughput of the quote stage alone over the real news in `../shared/bench/`.
//!
//! `cargo bench -p presslens-quote` prints MB/s (single-threaded, release profile). The
//! text layer the stage reads is built beforehand, outside the timed loop, by the crate's
//! own test segmenter (stage crates do not depend on the `text` stage).

#[path = "../src/testkit.rs"]
#[allow(dead_code, unreachable_pub)]
mod testkit;

use presslens_core::StageEnv;
use presslens_core::bench::{load_corpus, measure, shared_bench_dir};
use presslens_quote::{QuoteExtractor, QuoteParams};

fn main() {
    let dir = shared_bench_dir(env!("CARGO_MANIFEST_DIR"));
    let Some(texts) = load_corpus(&dir) else {
        println!("no benchmark corpus at {}: skipped", dir.display());
        return;
    };
    let layers: Vec<_> = texts.iter().map(|t| testkit::layer_of(t)).collect();
    let ex = QuoteExtractor::new(&QuoteParams::default(), &StageEnv::default())
        .expect("default parameters");
    let mut quotes = 0usize;
    measure("quote stage", &texts, 10, |i, t| {
        quotes += std::hint::black_box(ex.extract(t, &layers[i], None))
            .quotes
            .len();
    });
    std::hint::black_box(quotes);
}
