//! `presslens`: who said what, who is mentioned and which numbers are claimed in news.
//!
//! A thin command line over `presslens-runner`: argument parsing, terminal niceties
//! (progress, timings) and exit codes. Everything else lives in the libraries.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use presslens_runner::{
    ConfigSource, Event, Input, InputOptions, OutputFormat, Pipeline, Reader, Registry, Report,
    RunOptions, RunStats, StdinFormat, describe, run_stream,
};

/// Exit code for an invalid config, as `vector validate` and sysexits' EX_CONFIG.
const EXIT_CONFIG: u8 = 78;

#[derive(Parser, Debug)]
#[command(
    name = "presslens",
    version,
    about = "Structured facts from news: who said what, who is mentioned, which numbers are claimed.",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyse documents and write one JSON object per document (see the output format in README.md).
    Run(RunArgs),
    /// Validate a pipeline config and report every problem with its location.
    Check {
        /// The config file.
        config: PathBuf,
        /// Load a plugin library (repeatable), besides those the config names.
        #[arg(long = "plugin", value_name = "LIBRARY")]
        plugins: Vec<PathBuf>,
    },
    /// List the stage types with the layers they require and provide and their parameters.
    Stages {
        /// Output as text for people or JSON for tools.
        #[arg(long, value_enum, default_value_t = StagesFormat::Text)]
        format: StagesFormat,
        /// Also list the stage types of this plugin library (repeatable).
        #[arg(long = "plugin", value_name = "LIBRARY")]
        plugins: Vec<PathBuf>,
    },
    /// Print a pipeline config with every default filled in (the embedded default without CONFIG).
    Explain {
        /// The config file.
        config: Option<PathBuf>,
        /// Load a plugin library (repeatable), besides those the config names.
        #[arg(long = "plugin", value_name = "LIBRARY")]
        plugins: Vec<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
struct RunArgs {
    /// Pipeline config (TOML); without it, the embedded default pipeline runs.
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// Load a plugin library (repeatable), besides those the config names.
    #[arg(long = "plugin", value_name = "LIBRARY")]
    plugins: Vec<PathBuf>,
    /// Output format: `json` pretty-prints (an array for several documents), `jsonl` writes
    /// one object per line. Default: json for a single text document, jsonl otherwise.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the output to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Add byte_start/byte_end (UTF-8 byte offsets) to every span.
    #[arg(long)]
    byte_offsets: bool,
    /// Replace bytes that are not UTF-8 instead of refusing the document.
    #[arg(long)]
    lossy: bool,
    /// How standard input is read: JSONL records, or one plain-text document.
    #[arg(long, value_enum, default_value_t = StdinFmt::Jsonl)]
    stdin_format: StdinFmt,
    /// Print time and throughput per stage to standard error at the end.
    #[arg(long)]
    timings: bool,
    /// Progress bar on standard error: shown for large inputs when it is a terminal (auto).
    #[arg(long, value_enum, default_value_t = Progress::Auto)]
    progress: Progress,
    /// Inputs: .txt/.md files, .jsonl files, directories, or `-` for standard input (the
    /// default when none is given).
    inputs: Vec<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Json,
    Jsonl,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum StagesFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum StdinFmt {
    Jsonl,
    Text,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Progress {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(args),
        Command::Check { config, plugins } => check(&config, &plugins),
        Command::Stages { format, plugins } => stages(format, &plugins),
        Command::Explain { config, plugins } => explain(config.as_deref(), &plugins),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("presslens: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The reader of our output went away (`presslens run | head`): stop quietly.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The built-in stage types plus those of the plugin libraries named on the command line.
fn registry(plugins: &[PathBuf]) -> anyhow::Result<Registry> {
    let mut registry = Registry::builtin();
    for p in plugins {
        registry.load_plugin(p, None).map_err(anyhow::Error::msg)?;
    }
    Ok(registry)
}

/// Load a config (or the default pipeline), printing diagnostics to stderr.
fn load(
    config: Option<&Path>,
    plugins: &[PathBuf],
) -> anyhow::Result<Result<(Pipeline, String), Report>> {
    let source = match config {
        Some(path) => ConfigSource::from_file(path)
            .with_context(|| format!("cannot read the config {}", path.display()))?,
        None => ConfigSource::default_pipeline(),
    };
    Ok(match Pipeline::load(&source, &registry(plugins)?) {
        Ok((pipeline, report)) => {
            if !report.diagnostics.is_empty() {
                eprint!("{}", report.render());
            }
            Ok((pipeline, source.name))
        }
        Err(report) => Err(report),
    })
}

fn check(config: &Path, plugins: &[PathBuf]) -> anyhow::Result<ExitCode> {
    match load(Some(config), plugins)? {
        Ok((pipeline, name)) => {
            let stages: Vec<&str> = pipeline.stage_ids().collect();
            let plural = if stages.len() == 1 { "" } else { "s" };
            println!(
                "{name}: valid: {} stage{plural} ({})",
                stages.len(),
                stages.join(" -> ")
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(report) => {
            eprintln!("{report}");
            Ok(ExitCode::from(EXIT_CONFIG))
        }
    }
}

fn stages(format: StagesFormat, plugins: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let registry = registry(plugins)?;
    let mut out = io::stdout().lock();
    match format {
        StagesFormat::Text => write!(out, "{}", describe::describe_stages(&registry))?,
        StagesFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&describe::stages_json(&registry))?
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(config: Option<&Path>, plugins: &[PathBuf]) -> anyhow::Result<ExitCode> {
    match load(config, plugins)? {
        Ok((pipeline, name)) => {
            print!("{}", describe::explain(&pipeline, &name));
            Ok(ExitCode::SUCCESS)
        }
        Err(report) => {
            eprintln!("{report}");
            Ok(ExitCode::from(EXIT_CONFIG))
        }
    }
}

fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    // The config is validated before any document is read.
    let (pipeline, _) = match load(args.config.as_deref(), &args.plugins)? {
        Ok(p) => p,
        Err(report) => {
            eprintln!("{report}");
            return Ok(ExitCode::from(EXIT_CONFIG));
        }
    };
    let inputs: Vec<Input> = if args.inputs.is_empty() {
        vec![Input::Stdin]
    } else {
        args.inputs
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Input::Stdin
                } else {
                    Input::Path(p.clone())
                }
            })
            .collect()
    };
    let stdin_format = match args.stdin_format {
        StdinFmt::Jsonl => StdinFormat::Jsonl,
        StdinFmt::Text => StdinFormat::Text,
    };
    let single_text = match inputs.as_slice() {
        [Input::Path(p)] => {
            p.is_file()
                && !matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("jsonl" | "ndjson")
                )
        }
        [Input::Stdin] => stdin_format == StdinFormat::Text,
        _ => false,
    };
    let format = match args.format {
        Some(Format::Json) => OutputFormat::Json,
        Some(Format::Jsonl) => OutputFormat::Jsonl,
        None if single_text => OutputFormat::Json,
        None => OutputFormat::Jsonl,
    };
    let opts = RunOptions {
        jobs: args.jobs,
        byte_offsets: args.byte_offsets,
        format,
        ..RunOptions::default()
    };
    let progress = progress_bar(args.progress, &inputs);
    let reader = Reader::new(
        inputs,
        InputOptions {
            lossy: args.lossy,
            stdin_format,
        },
    );
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::with_capacity(
            1 << 16,
            File::create(path)
                .with_context(|| format!("cannot create the output file {}", path.display()))?,
        )),
        None => Box::new(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
    };
    let mut observer = |event: Event<'_>| match event {
        Event::Problem(p) => say(
            &progress,
            &format!("presslens: {}: {}", p.location, p.message),
        ),
        Event::StageErrors(id, errors) => {
            for e in errors {
                say(
                    &progress,
                    &format!(
                        "presslens: document `{id}`: stage `{}` failed: {}",
                        e.stage, e.message
                    ),
                );
            }
        }
        Event::Done { bytes } => {
            if let Some(pb) = &progress {
                pb.inc(bytes as u64);
            }
        }
    };
    let stats = run_stream(&pipeline, reader, &mut *out, &opts, &mut observer)
        .context("writing the output")?;
    drop(out);
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    if args.timings {
        eprint!("{}", timings(&stats));
    }
    if stats.all_ok() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "presslens: {} documents written; {} could not be read, {} had failing stages",
            stats.documents, stats.input_problems, stats.failed_documents
        );
        Ok(ExitCode::FAILURE)
    }
}

fn say(progress: &Option<ProgressBar>, line: &str) {
    match progress {
        Some(pb) => pb.suspend(|| eprintln!("{line}")),
        None => eprintln!("{line}"),
    }
}

/// Inputs larger than this get a progress bar (in auto mode, on a terminal).
const PROGRESS_MIN_BYTES: u64 = 16 << 20;

fn progress_bar(mode: Progress, inputs: &[Input]) -> Option<ProgressBar> {
    if mode == Progress::Never || (mode == Progress::Auto && !io::stderr().is_terminal()) {
        return None;
    }
    let total: Option<u64> = inputs
        .iter()
        .map(|i| match i {
            Input::Path(p) if p.is_file() => p.metadata().ok().map(|m| m.len()),
            _ => None,
        })
        .sum();
    let pb = match total {
        Some(t) if mode == Progress::Auto && t < PROGRESS_MIN_BYTES => return None,
        Some(t) => {
            let pb = ProgressBar::new(t);
            pb.set_style(
                ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            pb
        }
        None => {
            let pb = ProgressBar::new_spinner();
            pb.set_style(
                ProgressStyle::with_template("{spinner} {bytes} read, {bytes_per_sec}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            pb
        }
    };
    Some(pb)
}

fn timings(stats: &RunStats) -> String {
    let mb = stats.bytes as f64 / 1e6;
    let mut out =
        String::from("stage                 type          time (s)   share   MB/s (one thread)\n");
    let total: f64 = stats
        .stage_times
        .iter()
        .map(|(_, _, t)| t.as_secs_f64())
        .sum();
    for (id, ty, t) in &stats.stage_times {
        let secs = t.as_secs_f64();
        out.push_str(&format!(
            "{:<21} {:<13} {:>8.3} {:>7.1}% {:>10.1}\n",
            id,
            ty,
            secs,
            if total > 0.0 {
                100.0 * secs / total
            } else {
                0.0
            },
            if secs > 0.0 { mb / secs } else { f64::INFINITY }
        ));
    }
    let wall = stats.wall.as_secs_f64().max(1e-9);
    out.push_str(&format!(
        "total: {} documents, {:.1} MB in {:.2} s on {} threads: {:.1} MB/s, {:.0} documents/s\n",
        stats.documents,
        mb,
        wall,
        stats.threads,
        mb / wall,
        stats.documents as f64 / wall
    ));
    out
}
