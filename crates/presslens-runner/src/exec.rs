//! Running a pipeline over a stream of documents: read, analyse in parallel, write in input
//! order, with bounded memory.
//!
//! A reader thread groups documents into batches (a few MB each) and hands them over a
//! channel that holds at most two batches; the calling thread analyses each batch on a
//! rayon pool and writes its results in order before taking the next. So reading overlaps
//! analysis, output order is input order, and at most a handful of batches are in memory
//! whatever the size of the input.

use std::io::{self, Write};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use presslens_core::{DocOutput, ErrorRecord};
use rayon::prelude::*;

use crate::input::{InputProblem, Item};
use crate::pipeline::Pipeline;

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One pretty-printed object for a single document, a JSON array for several.
    Json,
    /// One object per line.
    Jsonl,
}

/// Options for [`run_stream`].
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Worker threads; `None` for one per core.
    pub jobs: Option<usize>,
    /// Add `byte_start`/`byte_end` to every span.
    pub byte_offsets: bool,
    /// The output format.
    pub format: OutputFormat,
    /// Text bytes per batch handed to the workers.
    pub batch_bytes: usize,
    /// Documents per batch at most.
    pub batch_docs: usize,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            jobs: None,
            byte_offsets: false,
            format: OutputFormat::Jsonl,
            batch_bytes: 4 << 20,
            batch_docs: 512,
        }
    }
}

/// What happened during a run, reported as it happens (for diagnostics and progress).
#[derive(Debug)]
pub enum Event<'a> {
    /// A document could not be read.
    Problem(&'a InputProblem),
    /// Stages failed on a document.
    StageErrors(&'a str, &'a [ErrorRecord]),
    /// A document was written; `bytes` is the size of its text.
    Done {
        /// Bytes of text in the document.
        bytes: usize,
    },
}

/// Totals of a run.
#[derive(Debug, Clone, Default)]
pub struct RunStats {
    /// Documents analysed.
    pub documents: usize,
    /// Bytes of text analysed.
    pub bytes: u64,
    /// Inputs that could not be read.
    pub input_problems: usize,
    /// Documents on which some stage failed.
    pub failed_documents: usize,
    /// Time per stage, summed over all documents and threads, in pipeline order.
    pub stage_times: Vec<(String, String, Duration)>,
    /// Wall-clock time of the run.
    pub wall: Duration,
    /// Worker threads used.
    pub threads: usize,
}

impl RunStats {
    /// True when every input was read and every stage succeeded.
    pub fn all_ok(&self) -> bool {
        self.input_problems == 0 && self.failed_documents == 0
    }
}

/// Writes documents in the chosen format, streaming: a JSON array is opened only once a
/// second document shows there is more than one.
struct Sink<'w> {
    out: &'w mut dyn Write,
    format: OutputFormat,
    pending: Option<Analysed>,
    count: usize,
}

/// A document's output as a worker hands it to the writer: serialised already (compact
/// for JSONL, pretty for JSON; the workers do that in parallel), with what the run's
/// diagnostics need.
struct Analysed {
    id: String,
    errors: Vec<ErrorRecord>,
    json: Vec<u8>,
}

impl Analysed {
    /// A rendered output, serialised in `format`.
    fn from_output(out: DocOutput, format: OutputFormat) -> Analysed {
        let mut json = Vec::new();
        // A `Value` tree always serialises.
        let _ = match format {
            OutputFormat::Jsonl => serde_json::to_writer(&mut json, &out),
            OutputFormat::Json => serde_json::to_writer_pretty(&mut json, &out),
        };
        Analysed {
            id: out.id,
            errors: out.errors,
            json,
        }
    }
}

impl Sink<'_> {
    fn write(&mut self, doc: Analysed) -> io::Result<()> {
        self.count += 1;
        match self.format {
            OutputFormat::Jsonl => {
                self.out.write_all(&doc.json)?;
                self.out.write_all(b"\n")
            }
            OutputFormat::Json => match self.count {
                1 => {
                    self.pending = Some(doc);
                    Ok(())
                }
                2 => {
                    self.out.write_all(b"[\n")?;
                    if let Some(first) = self.pending.take() {
                        self.out.write_all(&first.json)?;
                    }
                    self.out.write_all(b",\n")?;
                    self.out.write_all(&doc.json)
                }
                _ => {
                    self.out.write_all(b",\n")?;
                    self.out.write_all(&doc.json)
                }
            },
        }
    }

    fn finish(mut self) -> io::Result<()> {
        if self.format == OutputFormat::Json {
            match self.count {
                0 => self.out.write_all(b"[]\n")?,
                1 => {
                    if let Some(doc) = self.pending.take() {
                        self.out.write_all(&doc.json)?;
                    }
                    self.out.write_all(b"\n")?;
                }
                _ => self.out.write_all(b"\n]\n")?,
            }
        }
        self.out.flush()
    }
}

enum Outcome {
    Analysed(Analysed, Vec<Duration>, usize),
    Unreadable(InputProblem),
}

/// Analyse every item of `items` and write the results to `out` in input order.
pub fn run_stream<I>(
    pipeline: &Pipeline,
    items: I,
    out: &mut dyn Write,
    opts: &RunOptions,
    observer: &mut dyn FnMut(Event<'_>),
) -> io::Result<RunStats>
where
    I: Iterator<Item = Item> + Send,
{
    let start = Instant::now();
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = opts.jobs {
        builder = builder.num_threads(n.max(1));
    }
    let pool = builder.build().map_err(io::Error::other)?;
    let mut stats = RunStats {
        threads: pool.current_num_threads(),
        stage_times: pipeline
            .stages
            .iter()
            .map(|s| (s.id.clone(), s.type_name.clone(), Duration::ZERO))
            .collect(),
        ..RunStats::default()
    };
    let mut sink = Sink {
        out,
        format: opts.format,
        pending: None,
        count: 0,
    };
    let batch_bytes = opts.batch_bytes.max(1);
    let batch_docs = opts.batch_docs.max(1);
    let mut result = Ok(());
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<Vec<Item>>(1);
        scope.spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0;
            for item in items {
                if let Item::Doc(d) = &item {
                    bytes += d.text().len();
                }
                batch.push(item);
                if bytes >= batch_bytes || batch.len() >= batch_docs {
                    if tx.send(std::mem::take(&mut batch)).is_err() {
                        return;
                    }
                    bytes = 0;
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
        });
        for batch in rx {
            let outcomes: Vec<Outcome> = pool.install(|| {
                batch
                    .into_par_iter()
                    .map(|item| match item {
                        Item::Doc(doc) => {
                            let bytes = doc.text().len();
                            let (out, times) = match opts.format {
                                OutputFormat::Jsonl => {
                                    let id = doc.id().to_string();
                                    let mut json = Vec::with_capacity(bytes / 2 + 256);
                                    let (errors, times) =
                                        pipeline.run_compact(doc, opts.byte_offsets, &mut json);
                                    (Analysed { id, errors, json }, times)
                                }
                                OutputFormat::Json => {
                                    let (out, times) = pipeline.run(doc, opts.byte_offsets);
                                    (Analysed::from_output(out, opts.format), times)
                                }
                            };
                            Outcome::Analysed(out, times, bytes)
                        }
                        Item::Problem(p) => Outcome::Unreadable(p),
                    })
                    .collect()
            });
            for outcome in outcomes {
                let written = match outcome {
                    Outcome::Analysed(out, times, bytes) => {
                        stats.documents += 1;
                        stats.bytes += bytes as u64;
                        for (slot, t) in stats.stage_times.iter_mut().zip(times) {
                            slot.2 += t;
                        }
                        if !out.errors.is_empty() {
                            stats.failed_documents += 1;
                            observer(Event::StageErrors(&out.id, &out.errors));
                        }
                        let r = sink.write(out);
                        observer(Event::Done { bytes });
                        r
                    }
                    Outcome::Unreadable(p) => {
                        stats.input_problems += 1;
                        observer(Event::Problem(&p));
                        match p.output() {
                            Some(out) => sink.write(Analysed::from_output(out, opts.format)),
                            None => Ok(()),
                        }
                    }
                };
                if let Err(e) = written {
                    // The reader thread stops when the channel closes with `rx`.
                    result = Err(e);
                    return;
                }
            }
        }
    });
    result?;
    sink.finish()?;
    stats.wall = start.elapsed();
    Ok(stats)
}
