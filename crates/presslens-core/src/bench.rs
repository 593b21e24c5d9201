//! Throughput measurement shared by the stage crates' `cargo bench` harnesses.
//!
//! Each stage crate has a `harness = false` benchmark that runs its stage alone over the
//! real news in `../shared/bench/` and prints MB/s; this module holds the common part so
//! that every stage is measured the same way.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The news texts of every `*.jsonl` file in `dir` (one `{"id", "text"}` record per line),
/// or `None` when the directory is absent: benchmarks then say so and skip.
pub fn load_corpus(dir: &Path) -> Option<Vec<String>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut texts = Vec::new();
    for f in files {
        let Ok(data) = std::fs::read_to_string(&f) else {
            continue;
        };
        for line in data.lines() {
            if let Ok(serde_json::Value::Object(rec)) = serde_json::from_str(line)
                && let Some(serde_json::Value::String(t)) = rec.get("text")
            {
                texts.push(t.clone());
            }
        }
    }
    (!texts.is_empty()).then_some(texts)
}

/// `../shared/bench` relative to the workspace root, given a crate's manifest directory
/// (`env!("CARGO_MANIFEST_DIR")` of a crate in `crates/`).
pub fn shared_bench_dir(manifest_dir: &str) -> PathBuf {
    Path::new(manifest_dir).join("../../../shared/bench")
}

/// Run `f` over every text (with its index in `texts`) `rounds` times after one warm-up
/// round, single-threaded, and report the median round's throughput; also the throughput
/// per second of CPU time the process used, where the system tells it (on a shared
/// machine the wall clock includes time spent waiting for a core).
pub fn measure(name: &str, texts: &[String], rounds: usize, mut f: impl FnMut(usize, &str)) -> f64 {
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut round = || {
        for (i, t) in texts.iter().enumerate() {
            f(i, t);
        }
    };
    round();
    let cpu_before = cpu_seconds();
    let mut times: Vec<Duration> = (0..rounds.max(1))
        .map(|_| {
            let start = Instant::now();
            round();
            start.elapsed()
        })
        .collect();
    let cpu = cpu_before.zip(cpu_seconds()).map(|(a, b)| b - a);
    times.sort();
    let median = times[times.len() / 2];
    let mbs = bytes as f64 / 1e6 / median.as_secs_f64();
    println!(
        "{name}: {:.1} MB/s (median of {} rounds over {} documents, {:.1} MB; best {:.1} MB/s)",
        mbs,
        times.len(),
        texts.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / times[0].as_secs_f64()
    );
    if let Some(cpu) = cpu.filter(|&c| c > 0.0) {
        println!(
            "{name}: {:.1} MB/s of CPU time ({cpu:.2} s of CPU over {} rounds)",
            bytes as f64 * times.len() as f64 / 1e6 / cpu,
            times.len()
        );
    }
    mbs
}

/// User CPU time of this process in seconds, from `/proc` (Linux; `None` elsewhere).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // After the command name in parentheses come the state (field 3) ... utime (field 14),
    // in ticks of 1/100 s.
    let rest = stat.rsplit_once(')')?.1;
    let utime: f64 = rest.split_whitespace().nth(11)?.parse().ok()?;
    Some(utime / 100.0)
}
