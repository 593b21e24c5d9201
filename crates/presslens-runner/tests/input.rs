//! The input reader never panics and never loses its place: every non-blank line of a JSONL
//! file becomes exactly one item, whatever the bytes.

use presslens_core::testing::Rng;
use std::path::PathBuf;

use presslens_runner::{Input, InputOptions, Item, Reader};

fn temp(name: &str, data: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("presslens-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

fn read(path: PathBuf, lossy: bool) -> Vec<Item> {
    Reader::new(
        vec![Input::Path(path)],
        InputOptions {
            lossy,
            ..InputOptions::default()
        },
    )
    .collect()
}

const PIECES: &[&[u8]] = &[
    b"{",
    b"}",
    b"\"id\"",
    b"\"text\"",
    b":",
    b",",
    b"\"",
    b"\\",
    b"\\u00e9",
    b"\\ud800",
    b"null",
    b"1e999",
    b"[",
    b"]",
    b" ",
    b"\r",
    b"\xff",
    b"\xe2\x80",
    b"\xe2\x80\x9c",
    b"\x00",
    b"caf\xc3\xa9",
    b"text",
];

#[test]
fn random_jsonl_lines() {
    let mut rng = Rng::new(0xC0FFEE);
    for round in 0..300 {
        let mut data = Vec::new();
        let lines = (rng.next_u64() % 20) as usize;
        let mut expected = 0;
        for _ in 0..lines {
            let mut line = Vec::new();
            match rng.next_u64() % 4 {
                0 => line.extend_from_slice(
                    b"{\"id\": \"x\", \"text\": \"A \xe2\x80\x9cquote\xe2\x80\x9d.\"}",
                ),
                _ => {
                    for _ in 0..(rng.next_u64() % 30) {
                        line.extend_from_slice(
                            PIECES[(rng.next_u64() % PIECES.len() as u64) as usize],
                        );
                    }
                }
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                expected += 1;
            }
            data.extend_from_slice(&line);
            data.push(b'\n');
        }
        for lossy in [false, true] {
            let items = read(temp(&format!("r{round}.jsonl"), &data), lossy);
            assert_eq!(items.len(), expected, "round {round}");
        }
    }
}

#[test]
fn huge_lines_and_missing_final_newline() {
    let text = "word ".repeat(2_000_000);
    let line = format!("{{\"id\": \"big\", \"text\": \"{text}\"}}");
    let items = read(temp("big.jsonl", line.as_bytes()), false);
    assert_eq!(items.len(), 1);
    assert!(matches!(&items[0], Item::Doc(d) if d.text().len() == text.len()));
    // 10 MB of garbage on one line is one problem, not a crash.
    let garbage: Vec<u8> = (0..10_000_000u32)
        .map(|i| (i % 251) as u8 | 1)
        .filter(|&b| b != b'\n')
        .collect();
    let items = read(temp("garbage.jsonl", &garbage), false);
    assert_eq!(items.len(), 1);
    assert!(matches!(&items[0], Item::Problem(_)));
}

#[test]
fn random_text_files() {
    let mut rng = Rng::new(0xBEEF);
    for round in 0..200 {
        let n = (rng.next_u64() % 3000) as usize;
        let data: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
        for lossy in [false, true] {
            let items = read(temp(&format!("t{round}.txt"), &data), lossy);
            assert_eq!(items.len(), 1);
        }
    }
}
