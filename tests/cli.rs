//! The `presslens` binary, run for real: the CLI contract the evaluation tools and users'
//! scripts rely on (output format, exit codes, error reporting, streaming).

use serde_json::Value;

mod common;
use common::{presslens, root};

fn jsonl(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

const SEED: &str = "examples/articles/voa-hun-sen-geneva.txt";

#[test]
fn seed_article_with_the_default_pipeline() {
    let run = presslens(&["run", SEED], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["id"], "voa-hun-sen-geneva");
    insta::assert_snapshot!("seed_default_pipeline", run.stdout);
}

#[test]
fn seed_spans_are_character_offsets() {
    let run = presslens(
        &[
            "run",
            "--config",
            "tests/configs/valid.toml",
            "--byte-offsets",
            SEED,
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let text = std::fs::read_to_string(root().join(SEED)).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let sentences = doc["text"]["sentences"].as_array().unwrap();
    assert!(sentences.len() > 10);
    for s in sentences {
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(slice, s["text"].as_str().unwrap());
        let (bs, be) = (
            s["byte_start"].as_u64().unwrap() as usize,
            s["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[bs..be], s["text"].as_str().unwrap());
    }
}

#[test]
fn jsonl_input_keeps_order_ids_and_meta() {
    let input = b"{\"id\": \"b\", \"text\": \"Second. Text.\", \"source\": \"wire\"}\n{\"id\": 7, \"text\": \"Third.\"}\n";
    let run = presslens(
        &["run", "--config", "tests/configs/valid.toml"],
        Some(input),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docs = jsonl(&run.stdout);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["id"], "b");
    assert_eq!(docs[0]["meta"]["source"], "wire");
    assert_eq!(docs[1]["id"], "7");
    assert!(docs[1].get("meta").is_none());
    assert_eq!(docs[0]["text"]["sentences"].as_array().unwrap().len(), 2);
}

#[test]
fn stdin_as_plain_text() {
    let run = presslens(
        &["run", "--stdin-format", "text", "-"],
        Some("Hun Sen spoke. He left.".as_bytes()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["id"], "stdin");
}

#[test]
fn many_documents_in_order_whatever_the_threads() {
    let mut input = String::new();
    for i in 0..3000 {
        input.push_str(&format!(
            "{{\"id\": \"d{i}\", \"text\": \"Document {i} says “hello” to Mr. Smith.\"}}\n"
        ));
    }
    for jobs in ["1", "2", "4"] {
        let run = presslens(&["run", "--jobs", jobs], Some(input.as_bytes()));
        assert_eq!(run.code, 0, "{}", run.stderr);
        let docs = jsonl(&run.stdout);
        assert_eq!(docs.len(), 3000);
        for (i, d) in docs.iter().enumerate() {
            assert_eq!(d["id"], format!("d{i}"));
        }
    }
}

#[test]
fn json_format_writes_an_array_for_several_documents() {
    let input = b"{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"b\", \"text\": \"Two.\"}\n";
    let run = presslens(&["run", "--format", "json"], Some(input));
    let docs: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(docs.as_array().unwrap().len(), 2);
    let run = presslens(
        &["run", "--format", "json"],
        Some(b"{\"id\": \"a\", \"text\": \"One.\"}\n"),
    );
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["id"], "a");
    let run = presslens(&["run", "--format", "jsonl", SEED], None);
    assert_eq!(run.stdout.lines().count(), 1);
}

#[test]
fn output_file_and_directories() {
    let dir = std::env::temp_dir().join(format!("presslens-cli-{}", std::process::id()));
    let docs = dir.join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    std::fs::write(docs.join("b.txt"), "Bee.").unwrap();
    std::fs::write(docs.join("a.md"), "Ay.").unwrap();
    std::fs::write(
        docs.join("sub/c.jsonl"),
        "{\"id\": \"c1\", \"text\": \"See.\"}\n",
    )
    .unwrap();
    std::fs::write(docs.join("notes.pdf"), "skipped").unwrap();
    let out = dir.join("out.jsonl");
    let run = presslens(
        &["run", "-o", out.to_str().unwrap(), docs.to_str().unwrap()],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "", "only the output file gets data");
    let ids: Vec<String> = jsonl(&std::fs::read_to_string(&out).unwrap())
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a", "b", "c1"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_inputs_are_reported_and_never_stop_the_run() {
    let dir = std::env::temp_dir().join(format!("presslens-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("latin1.txt"), b"caf\xe9 society").unwrap();
    std::fs::write(dir.join("blob.txt"), b"\x7fELF\x00\x01\x02").unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(dir.join("good.txt"), b"Good text.").unwrap();
    std::fs::write(
        dir.join("mixed.jsonl"),
        b"{\"id\": \"ok1\", \"text\": \"Fine.\"}\nnot json\n{\"id\": \"notext\"}\n{\"id\": \"ok2\", \"text\": \"Also fine.\"}\n",
    )
    .unwrap();
    let p = |n: &str| dir.join(n).to_str().unwrap().to_string();
    let (latin1, blob, empty, good, mixed, missing) = (
        p("latin1.txt"),
        p("blob.txt"),
        p("empty.txt"),
        p("good.txt"),
        p("mixed.jsonl"),
        p("missing.txt"),
    );
    let run = presslens(
        &["run", &latin1, &blob, &empty, &missing, &mixed, &good],
        None,
    );
    assert_eq!(run.code, 1, "bad inputs make the exit code 1 at the end");
    let docs = jsonl(&run.stdout);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    // Every input with a known id gets a record; the unparseable JSONL line cannot.
    assert_eq!(
        ids,
        [
            "latin1", "blob", "empty", "missing", "ok1", "notext", "ok2", "good"
        ]
    );
    for d in &docs[..4] {
        assert_eq!(d["errors"][0]["stage"], "input");
    }
    assert_eq!(docs[4]["errors"], Value::Array(vec![]));
    assert!(
        run.stderr
            .contains("latin1.txt: not UTF-8: invalid byte 0xE9 at byte offset 3"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("blob.txt: binary file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("empty.txt: empty document"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("missing.txt: no such file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("mixed.jsonl:2: not JSON"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("mixed.jsonl:3: the record has no `text` field"),
        "{}",
        run.stderr
    );

    // --lossy reads the Latin-1 file with a replacement character.
    let run = presslens(&["run", "--lossy", &latin1], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    let run = presslens(&["run", "--format", "xml"], None);
    assert_eq!(run.code, 2);
    let run = presslens(&["frobnicate"], None);
    assert_eq!(run.code, 2);
}

#[test]
fn invalid_config_stops_run_before_reading() {
    let run = presslens(
        &[
            "run",
            "--config",
            "tests/configs/unknown-type.toml",
            "no-such-input.txt",
        ],
        None,
    );
    assert_eq!(run.code, 78);
    assert_eq!(run.stdout, "");
    assert!(
        !run.stderr.contains("no-such-input"),
        "no document was read: {}",
        run.stderr
    );
}

/// One broken config per class of error, with its rendered diagnostics.
#[test]
fn check_reports_every_error_with_its_location() {
    for name in [
        "syntax",
        "unknown-key",
        "unknown-type",
        "bad-param",
        "duplicate-provider",
        "missing-file",
        "bad-output",
    ] {
        let path = format!("tests/configs/{name}.toml");
        let run = presslens(&["check", &path], None);
        assert_eq!(run.code, 78, "{name}: {}", run.stderr);
        assert_eq!(run.stdout, "");
        // Resolved paths start with the checkout's location: keep the snapshot portable.
        let root = root().display().to_string();
        insta::assert_snapshot!(format!("check_{name}"), run.stderr.replace(&root, "[ROOT]"));
    }
}

#[test]
fn check_accepts_a_valid_config() {
    let run = presslens(&["check", "tests/configs/valid.toml"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("check_valid", run.stdout);
}

#[test]
fn stages_lists_every_type() {
    let run = presslens(&["stages"], None);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("stages", run.stdout);
    let run = presslens(&["stages", "--format", "json"], None);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(v.as_array().unwrap().iter().any(|s| s["type"] == "text"));
}

#[test]
fn explain_fills_in_defaults() {
    let run = presslens(&["explain"], None);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("explain_default", run.stdout);
    let run = presslens(&["explain", "tests/configs/valid.toml"], None);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("explain_valid", run.stdout);
}

#[test]
fn timings_go_to_stderr() {
    let run = presslens(&["run", "--timings", SEED], None);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("MB/s"), "{}", run.stderr);
    assert!(serde_json::from_str::<Value>(&run.stdout).is_ok());
}
