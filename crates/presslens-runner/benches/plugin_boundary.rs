//! The cost of the plugin boundary per document, against one JSON round trip of the
//! document (serialise the request, parse it back): the target is within 2x.
//!
//! `cargo bench -p presslens-runner --bench plugin_boundary` builds the `misbehaving`
//! fixture plugin, runs its `noop` stage (which returns an empty layer, so that all the
//! time is the boundary's) over the news in `../shared/bench` and prints both costs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use presslens_core::Document;
use presslens_core::bench::{load_corpus, shared_bench_dir};
use presslens_runner::{ConfigSource, Pipeline, Registry};
use serde_json::Value;

fn build_plugin(root: &Path) -> Option<PathBuf> {
    let out = Command::new(env!("CARGO"))
        .current_dir(root)
        .args([
            "build",
            "--release",
            "--message-format=json",
            "-p",
            "fixture-misbehaving",
        ])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|m| {
            m["reason"] == "compiler-artifact"
                && m["target"]["kind"]
                    .as_array()
                    .is_some_and(|k| k.iter().any(|k| k == "cdylib"))
        })
        .flat_map(|m| m["filenames"].as_array().cloned().unwrap_or_default())
        .filter_map(|f| f.as_str().map(PathBuf::from))
        .find(|f| {
            f.extension()
                .is_some_and(|e| e == "so" || e == "dylib" || e == "dll")
        })
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = shared_bench_dir(env!("CARGO_MANIFEST_DIR"));
    let Some(texts) = load_corpus(&dir) else {
        println!("no benchmark corpus at {}: skipped", dir.display());
        return;
    };
    let Some(lib) = build_plugin(&root) else {
        println!("could not build the fixture plugin: skipped");
        return;
    };
    let config = format!(
        "version = 1\n[pipeline]\nstages = [\"noop\"]\n[plugins]\nload = [{:?}]\n",
        lib.display().to_string()
    );
    let (pipeline, _) = Pipeline::load(
        &ConfigSource::from_str("bench", config),
        &Registry::builtin(),
    )
    .unwrap_or_else(|r| panic!("{r}"));
    let texts: Vec<&String> = texts.iter().collect();
    let rounds = 5;
    let mut boundary = Duration::ZERO;
    let mut round_trip = Duration::ZERO;
    for _ in 0..rounds {
        for (i, t) in texts.iter().enumerate() {
            let doc = Document::new(format!("d{i}"), t.as_str()).expect("document");
            let (out, times) = pipeline.run(doc, false);
            assert!(out.errors.is_empty(), "{:?}", out.errors);
            boundary += times[0];
            let start = Instant::now();
            let request = serde_json::json!({ "id": format!("d{i}"), "text": t, "layers": {} });
            let bytes = serde_json::to_vec(&request).expect("serialise");
            let back: Value = serde_json::from_slice(&bytes).expect("parse");
            std::hint::black_box(back);
            round_trip += start.elapsed();
        }
    }
    let n = (texts.len() * rounds) as f64;
    let per = |d: Duration| d.as_secs_f64() * 1e6 / n;
    println!(
        "plugin boundary: {:.1} µs per document; one JSON round trip of the document: {:.1} µs; ratio {:.2}x ({} documents x {rounds} rounds)",
        per(boundary),
        per(round_trip),
        per(boundary) / per(round_trip),
        texts.len()
    );
}
