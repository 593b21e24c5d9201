//! Your own presslens binary: the built-in stages plus `keywords`, run over the files
//! named on the command line (or JSONL on standard input), JSONL out.
//!
//! `cargo run -p presslens-example-custom-stage -- examples/articles/voa-hun-sen-geneva.txt`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use presslens_example_custom_stage::{PIPELINE, registry};
use presslens_runner::{
    ConfigSource, Event, Input, InputOptions, OutputFormat, Pipeline, Reader, RunOptions,
    run_stream,
};

fn main() -> ExitCode {
    let (pipeline, _) = match Pipeline::load(
        &ConfigSource::from_str("keywords pipeline", PIPELINE),
        &registry(),
    ) {
        Ok(p) => p,
        Err(report) => {
            eprintln!("{report}");
            return ExitCode::from(78);
        }
    };
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let inputs = if args.is_empty() {
        vec![Input::Stdin]
    } else {
        args.into_iter().map(Input::Path).collect()
    };
    let reader = Reader::new(inputs, InputOptions::default());
    let opts = RunOptions {
        format: OutputFormat::Jsonl,
        ..RunOptions::default()
    };
    let mut stdout = std::io::stdout().lock();
    let mut report = |e: Event<'_>| {
        if let Event::Problem(p) = e {
            eprintln!("{}: {}", p.location, p.message);
        }
    };
    match run_stream(&pipeline, reader, &mut stdout, &opts, &mut report) {
        Ok(stats) if stats.all_ok() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            ExitCode::FAILURE
        }
    }
}
