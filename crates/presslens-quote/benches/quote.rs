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
    let mut n = 0usize;
    let mut quotes = 0usize;
    let cpu_before = cpu_seconds();
    measure("quote stage", &texts, 10, |t| {
        let layer = &layers[n % layers.len()];
        n += 1;
        quotes += std::hint::black_box(ex.extract(t, layer, None))
            .quotes
            .len();
    });
    // On a shared machine the wall-clock rounds include time spent waiting for a core;
    // the CPU time the process used tells its own speed (Linux only; skipped elsewhere).
    if let (Some(a), Some(b)) = (cpu_before, cpu_seconds())
        && b > a
    {
        let bytes: usize = texts.iter().map(String::len).sum();
        let rounds = 11.0; // one warm-up and ten measured
        println!(
            "quote stage: {:.1} MB/s of CPU time ({:.2} s of CPU over {rounds} rounds)",
            bytes as f64 * rounds / 1e6 / (b - a),
            b - a
        );
    }
    std::hint::black_box(quotes);
}

/// User CPU time of this process in seconds, from /proc (in ticks of 1/100 s).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // After the command name in parentheses come the state (field 3) ... utime (field 14).
    let rest = stat.rsplit_once(')')?.1;
    let utime: f64 = rest.split_whitespace().nth(11)?.parse().ok()?;
    Some(utime / 100.0)
}
