//! Reading documents: text files, JSONL files, directories and standard input, lazily and
//! one document at a time, so that inputs of any size stream through in bounded memory.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use presslens_core::{DocOutput, Document, ErrorRecord};
use serde_json::{Map, Value};

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A `.txt`/`.md` file (one document), a `.jsonl` file (one per line) or a directory
    /// (walked recursively in sorted order, taking `.txt`, `.md` and `.jsonl` files).
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

/// How standard input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StdinFormat {
    /// One `{"id", "text", ...}` record per line.
    #[default]
    Jsonl,
    /// The whole input is one plain-text document with id `stdin`.
    Text,
}

/// Options for reading.
#[derive(Debug, Clone, Copy, Default)]
pub struct InputOptions {
    /// Replace bytes that are not UTF-8 with U+FFFD instead of refusing the document.
    pub lossy: bool,
    /// How standard input is read.
    pub stdin_format: StdinFormat,
}

/// A document that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct InputProblem {
    /// Where: `file`, or `file:line` for a JSONL record.
    pub location: String,
    /// What is wrong and what to do.
    pub message: String,
    /// The document's id when it is known: then the output gets a record for it.
    pub id: Option<String>,
    /// The record's other fields, for that output record.
    pub meta: Map<String, Value>,
}

impl InputProblem {
    /// The output record for the document, when its id is known.
    pub fn output(&self) -> Option<DocOutput> {
        let id = self.id.clone()?;
        Some(DocOutput::failed(
            id,
            self.meta.clone(),
            ErrorRecord {
                stage: "input".into(),
                message: format!("{}: {}", self.location, self.message),
            },
        ))
    }
}

/// One item read: a document, or a problem with one.
#[derive(Debug)]
pub enum Item {
    /// A document to analyse.
    Doc(Document),
    /// A document that could not be read.
    Problem(InputProblem),
}

/// File extensions taken from directories.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown"];
const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];

/// Reads [`Input`]s in order and yields their documents.
pub struct Reader {
    queue: VecDeque<Input>,
    current: Option<JsonlReader>,
    opts: InputOptions,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("queue", &self.queue)
            .finish()
    }
}

impl Reader {
    /// A reader over `inputs`.
    pub fn new(inputs: Vec<Input>, opts: InputOptions) -> Reader {
        Reader {
            queue: inputs.into(),
            current: None,
            opts,
        }
    }

    fn open(&mut self, input: Input) -> Option<Item> {
        match input {
            Input::Stdin => match self.opts.stdin_format {
                StdinFormat::Jsonl => {
                    self.current = Some(JsonlReader::new(
                        "stdin",
                        "stdin",
                        Box::new(std::io::stdin()),
                        self.opts.lossy,
                    ));
                    None
                }
                StdinFormat::Text => {
                    let mut bytes = Vec::new();
                    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                        return Some(problem(
                            "stdin",
                            format!("cannot read standard input: {e}"),
                            Some("stdin"),
                        ));
                    }
                    Some(text_document("stdin", "stdin", bytes, self.opts.lossy))
                }
            },
            Input::Path(path) => {
                if path.is_dir() {
                    match walk(&path) {
                        Ok(files) => {
                            for f in files.into_iter().rev() {
                                self.queue.push_front(Input::Path(f));
                            }
                            None
                        }
                        Err(e) => Some(problem(
                            &path.display().to_string(),
                            format!("cannot read the directory: {e}"),
                            None,
                        )),
                    }
                } else if has_extension(&path, JSONL_EXTENSIONS) {
                    let name = path.display().to_string();
                    match File::open(&path) {
                        Ok(f) => {
                            self.current = Some(JsonlReader::new(
                                &name,
                                &stem(&path),
                                Box::new(f),
                                self.opts.lossy,
                            ));
                            None
                        }
                        Err(e) => Some(problem(&name, open_error(&e), None)),
                    }
                } else {
                    let name = path.display().to_string();
                    let id = stem(&path);
                    match std::fs::read(&path) {
                        Ok(bytes) => Some(text_document(&name, &id, bytes, self.opts.lossy)),
                        Err(e) => Some(problem(&name, open_error(&e), Some(&id))),
                    }
                }
            }
        }
    }
}

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(r) = &mut self.current {
                match r.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let input = self.queue.pop_front()?;
            if let Some(item) = self.open(input) {
                return Some(item);
            }
        }
    }
}

fn open_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file; check the path".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

fn problem(location: &str, message: String, id: Option<&str>) -> Item {
    Item::Problem(InputProblem {
        location: location.to_string(),
        message,
        id: id.map(str::to_string),
        meta: Map::new(),
    })
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn has_extension(path: &Path, exts: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The files of a directory tree that presslens reads, sorted by path; hidden entries are
/// skipped.
fn walk(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&d)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                !p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
            })
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                stack.push(p);
            } else if has_extension(&p, TEXT_EXTENSIONS) || has_extension(&p, JSONL_EXTENSIONS) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Decode bytes as UTF-8, or say where they stop being UTF-8.
fn decode(bytes: Vec<u8>, lossy: bool) -> Result<String, String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => Err(format!(
            "not UTF-8: invalid byte 0x{:02X} at byte offset {}; convert the file to UTF-8 (iconv -t UTF-8) or pass --lossy to replace bad bytes",
            e.as_bytes()[e.utf8_error().valid_up_to()],
            e.utf8_error().valid_up_to()
        )),
    }
}

/// A whole file as one document.
fn text_document(location: &str, id: &str, bytes: Vec<u8>, lossy: bool) -> Item {
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(nul) = memchr::memchr(0, head) {
        return problem(
            location,
            format!("binary file (NUL byte at offset {nul}); presslens reads UTF-8 text"),
            Some(id),
        );
    }
    let text = match decode(bytes, lossy) {
        Ok(t) => t,
        Err(message) => return problem(location, message, Some(id)),
    };
    if text.trim().is_empty() {
        return problem(
            location,
            "empty document: the file has no text".to_string(),
            Some(id),
        );
    }
    match Document::new(id, text) {
        Ok(doc) => Item::Doc(doc),
        Err(e) => problem(location, e.to_string(), Some(id)),
    }
}

/// Reads one `{"id", "text", ...}` record per line.
struct JsonlReader {
    name: String,
    stem: String,
    reader: BufReader<Box<dyn Read + Send>>,
    line: usize,
    buf: Vec<u8>,
    lossy: bool,
    done: bool,
}

impl JsonlReader {
    fn new(name: &str, stem: &str, source: Box<dyn Read + Send>, lossy: bool) -> JsonlReader {
        JsonlReader {
            name: name.to_string(),
            stem: stem.to_string(),
            reader: BufReader::with_capacity(1 << 16, source),
            line: 0,
            buf: Vec::new(),
            lossy,
            done: false,
        }
    }

    fn record(&self, bytes: Vec<u8>) -> Item {
        let location = format!("{}:{}", self.name, self.line);
        let line = match decode(bytes, self.lossy) {
            Ok(l) => l,
            Err(message) => return problem(&location, message, None),
        };
        let mut rec: Map<String, Value> = match serde_json::from_str(&line) {
            Ok(Value::Object(m)) => m,
            Ok(_) => {
                return problem(
                    &location,
                    "expected a JSON object like {\"id\": \"...\", \"text\": \"...\"}".into(),
                    None,
                );
            }
            Err(e) => return problem(&location, format!("not JSON: {e}"), None),
        };
        let id = match rec.shift_remove("id") {
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Null) | None => format!("{}:{}", self.stem, self.line),
            Some(other) => {
                return problem(
                    &location,
                    format!("`id` must be a string or a number, not {other}"),
                    None,
                );
            }
        };
        let text = rec.shift_remove("text");
        let meta = rec;
        let text = match text {
            Some(Value::String(t)) => t,
            Some(_) => {
                return Item::Problem(InputProblem {
                    location,
                    message: "`text` must be a string".into(),
                    id: Some(id),
                    meta,
                });
            }
            None => {
                return Item::Problem(InputProblem {
                    location,
                    message: "the record has no `text` field".into(),
                    id: Some(id),
                    meta,
                });
            }
        };
        match Document::new(id.clone(), text) {
            Ok(mut doc) => {
                doc.meta = meta;
                Item::Doc(doc)
            }
            Err(e) => Item::Problem(InputProblem {
                location,
                message: e.to_string(),
                id: Some(id),
                meta,
            }),
        }
    }
}

impl Iterator for JsonlReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
                        self.buf.pop();
                    }
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let bytes = std::mem::take(&mut self.buf);
                    return Some(self.record(bytes));
                }
                Err(e) => {
                    self.done = true;
                    return Some(problem(
                        &format!("{}:{}", self.name, self.line + 1),
                        format!("read error: {e}"),
                        None,
                    ));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(data: &str) -> Vec<Item> {
        JsonlReader::new(
            "t.jsonl",
            "t",
            Box::new(std::io::Cursor::new(data.as_bytes().to_vec())),
            false,
        )
        .collect()
    }

    #[test]
    fn records_and_problems() {
        let items = jsonl(
            "{\"id\": \"a\", \"text\": \"Hello.\", \"source\": \"x\"}\n\n{\"text\": \"No id.\"}\nnot json\n{\"id\": 7}\n[1]\n{\"id\": 3, \"text\": 4}\r\n",
        );
        assert_eq!(items.len(), 6);
        match &items[0] {
            Item::Doc(d) => {
                assert_eq!(d.id(), "a");
                assert_eq!(d.meta.get("source"), Some(&Value::from("x")));
            }
            other => panic!("{other:?}"),
        }
        match &items[1] {
            Item::Doc(d) => assert_eq!(d.id(), "t:3"),
            other => panic!("{other:?}"),
        }
        match &items[2] {
            Item::Problem(p) => {
                assert_eq!(p.location, "t.jsonl:4");
                assert!(p.message.starts_with("not JSON"));
                assert!(p.output().is_none());
            }
            other => panic!("{other:?}"),
        }
        match &items[3] {
            Item::Problem(p) => {
                assert_eq!(p.id.as_deref(), Some("7"));
                assert!(p.message.contains("no `text`"));
                let out = p.output().unwrap();
                assert_eq!(out.errors[0].stage, "input");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&items[4], Item::Problem(p) if p.message.contains("JSON object")));
        assert!(matches!(&items[5], Item::Problem(p) if p.location == "t.jsonl:7"));
    }

    #[test]
    fn bad_bytes() {
        let mut data = b"{\"id\": \"a\", \"text\": \"caf".to_vec();
        data.extend_from_slice(&[0xE9, b'"', b'}', b'\n']);
        let strict: Vec<Item> = JsonlReader::new(
            "t.jsonl",
            "t",
            Box::new(std::io::Cursor::new(data.clone())),
            false,
        )
        .collect();
        assert!(matches!(&strict[0], Item::Problem(p) if p.message.contains("byte offset 24")));
        let lossy: Vec<Item> =
            JsonlReader::new("t.jsonl", "t", Box::new(std::io::Cursor::new(data)), true).collect();
        assert!(matches!(&lossy[0], Item::Doc(d) if d.text() == "caf\u{FFFD}"));
    }

    #[test]
    fn text_files() {
        assert!(matches!(
            text_document("a.txt", "a", b"Hi.".to_vec(), false),
            Item::Doc(_)
        ));
        assert!(
            matches!(text_document("a.txt", "a", b"  \n".to_vec(), false), Item::Problem(p) if p.message.contains("empty"))
        );
        assert!(
            matches!(text_document("a.bin", "a", vec![1, 0, 2], false), Item::Problem(p) if p.message.contains("binary"))
        );
        assert!(
            matches!(text_document("a.txt", "a", vec![b'a', 0xFF], false), Item::Problem(p) if p.message.contains("offset 1"))
        );
    }
}
