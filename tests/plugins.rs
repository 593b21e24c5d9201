//! Runtime plugins through the real binary: the example plugins and the broken fixtures,
//! built with cargo the way a user builds a plugin.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

mod common;
use common::{presslens, root};

/// Build the plugin crates and return each cdylib's path, taken from cargo's
/// `compiler-artifact` messages.
fn plugins() -> &'static HashMap<String, PathBuf> {
    static BUILT: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let crates = [
            "presslens-sources",
            "presslens-readability",
            "fixture-bad-abi",
            "fixture-no-entry",
            "fixture-bad-manifest",
            "fixture-misbehaving",
        ];
        let mut cmd = Command::new(env!("CARGO"));
        cmd.current_dir(root())
            .args(["build", "--message-format=json"]);
        for c in crates {
            cmd.args(["-p", c]);
        }
        let out = cmd.stderr(Stdio::inherit()).output().expect("cargo runs");
        assert!(out.status.success(), "building the plugins failed");
        let mut libs = HashMap::new();
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let Ok(msg) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            if msg["reason"] != "compiler-artifact"
                || !msg["target"]["kind"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| k == "cdylib")
            {
                continue;
            }
            let name = msg["target"]["name"].as_str().unwrap().to_string();
            let lib = msg["filenames"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| PathBuf::from(f.as_str().unwrap()))
                .find(|f| {
                    f.extension()
                        .is_some_and(|e| e == "so" || e == "dylib" || e == "dll")
                })
                .expect("a shared library");
            libs.insert(name, lib);
        }
        libs
    })
}

fn lib(name: &str) -> String {
    plugins()[name].display().to_string()
}

/// Write a config next to the test's temp dir; plugin paths are absolute.
fn config(name: &str, body: &str) -> String {
    let dir = std::env::temp_dir().join(format!("presslens-plugins-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p.display().to_string()
}

/// A copy of the plugin library next to the test's configs, named the same on every
/// machine, so that a config can name it by a relative path and snapshots of the config's
/// source lines do not depend on where the checkout is.
fn local_lib(name: &str) -> String {
    let built = &plugins()[name];
    let dir = std::env::temp_dir().join(format!("presslens-plugins-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = format!("{name}.{}", built.extension().unwrap().to_string_lossy());
    std::fs::copy(built, dir.join(&file)).unwrap();
    file
}

/// Paths in messages vary with the machine: replace them for snapshots.
fn portable(s: &str) -> String {
    let mut s = s.to_string();
    for (name, path) in plugins() {
        s = s.replace(&path.display().to_string(), &format!("[{name}]"));
    }
    let tmp = std::env::temp_dir().join(format!("presslens-plugins-{}", std::process::id()));
    s.replace(&tmp.display().to_string(), "[TMP]")
}

#[test]
fn readability_plugin_on_the_seed() {
    let cfg = config(
        "readability.toml",
        &format!(
            "version = 1\n[pipeline]\nstages = [\"text\", \"readability\"]\n[plugins]\nload = [{:?}]\n",
            lib("presslens_readability")
        ),
    );
    let run = presslens(
        &[
            "run",
            "--config",
            &cfg,
            "examples/articles/voa-hun-sen-geneva.txt",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    insta::assert_json_snapshot!("readability_seed", doc["readability"]);
    // Plugin stage types are listed like built-in ones.
    let run = presslens(&["stages", "--plugin", &lib("presslens_readability")], None);
    assert!(run.stdout.contains("readability\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("long_word_syllables (integer, default 3)"),
        "{}",
        run.stdout
    );
}

#[test]
fn misbehaving_plugin_costs_only_its_document() {
    let cfg = config(
        "misbehave.toml",
        &format!(
            "version = 1\n[pipeline]\nstages = [\"text\", \"misbehave\"]\n[plugins]\nload = [{:?}]\n",
            lib("fixture_misbehaving")
        ),
    );
    let input = [
        r#"{"id": "ok1", "text": "First words."}"#,
        r#"{"id": "panic", "text": "Please panic now."}"#,
        r#"{"id": "ok2", "text": "Second words, all fine."}"#,
        r#"{"id": "overflow", "text": "overflow"}"#,
        r#"{"id": "cutting", "text": "cut é"}"#,
        r#"{"id": "undeclared", "text": "undeclared"}"#,
        r#"{"id": "failing", "text": "fail"}"#,
        r#"{"id": "ok3", "text": "Last words."}"#,
    ]
    .join("\n");
    let run = presslens(
        &["run", "--jobs", "1", "--config", &cfg],
        Some(input.as_bytes()),
    );
    assert_eq!(run.code, 1);
    let docs: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Vec<String> = docs
        .iter()
        .map(|d| {
            let errors: Vec<&str> = d["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["message"].as_str().unwrap())
                .collect();
            format!(
                "{}: {} {}",
                d["id"].as_str().unwrap(),
                d["misbehave"],
                errors.join("; ")
            )
        })
        .collect();
    // The instance that panicked keeps serving the next documents.
    insta::assert_snapshot!("misbehave_documents", summary.join("\n"));
}

#[test]
fn broken_libraries_are_refused_with_a_reason() {
    let mut out = String::new();
    for fixture in [
        "fixture_bad_abi",
        "fixture_no_entry",
        "fixture_bad_manifest",
    ] {
        let cfg = config(
            &format!("{fixture}.toml"),
            &format!(
                "version = 1\n[pipeline]\nstages = [\"text\"]\n[plugins]\nload = [{:?}]\n",
                local_lib(fixture)
            ),
        );
        let run = presslens(&["check", &cfg], None);
        assert_eq!(run.code, 78, "{}", run.stderr);
        out.push_str(&portable(&run.stderr));
        out.push('\n');
    }
    insta::assert_snapshot!("broken_libraries", out);
}

#[test]
fn plugin_parameters_are_validated() {
    let cfg = config(
        "params.toml",
        &format!(
            "version = 1\n[pipeline]\nstages = [\"text\", \"misbehave\", \"readability\"]\n[stage.misbehave]\nlevel = \"high\"\nlevle = 2\n[stage.readability]\nlong_word_syllables = 0\n[plugins]\nload = [{:?}, {:?}]\n",
            local_lib("fixture_misbehaving"),
            local_lib("presslens_readability")
        ),
    );
    let run = presslens(&["check", &cfg], None);
    assert_eq!(run.code, 78);
    insta::assert_snapshot!("plugin_params", portable(&run.stderr));
}

#[test]
fn pinned_digest_must_match() {
    let cfg = config(
        "pinned.toml",
        &format!(
            "version = 1\n[pipeline]\nstages = [\"text\", \"readability\"]\n[plugins]\nload = [{{ path = {:?}, sha256 = \"{}\" }}]\n",
            lib("presslens_readability"),
            "0".repeat(64)
        ),
    );
    let run = presslens(&["check", &cfg], None);
    assert_eq!(run.code, 78);
    assert!(run.stderr.contains("SHA-256 mismatch"), "{}", run.stderr);
}
