//! The presslens runner: stage registry, pipeline configs and their validation, and the
//! streaming execution of a pipeline over many documents.
//!
//! The shortest way to analyse a text from Rust, for example in a snapshot test that locks
//! down what a pipeline finds in an article:
//!
//! ```
//! use presslens_runner::Pipeline;
//!
//! let pipeline = Pipeline::from_toml(r#"
//!     version = 1
//!     [pipeline]
//!     stages = ["text"]
//!     [output]
//!     layers = ["text"]
//! "#).expect("valid config");
//! let out = pipeline.analyze("example", "Hun Sen spoke in Geneva. He left.");
//! assert_eq!(out.layer("text").unwrap()["sentences"].as_array().unwrap().len(), 2);
//! ```
#![deny(missing_docs)]

pub mod config;
pub mod describe;
pub mod diagnostic;
pub mod exec;
pub mod input;
pub mod pipeline;
mod plugin;
pub mod registry;
mod sha256;

pub use config::{ConfigSource, PipelineSpec, StageSpec};
pub use diagnostic::{Diagnostic, Report, Severity};
pub use exec::{Event, OutputFormat, RunOptions, RunStats, run_stream};
pub use input::{Input, InputOptions, InputProblem, Item, Reader, StdinFormat};
pub use pipeline::Pipeline;
pub use presslens_core as core;
pub use registry::Registry;

/// The README's Rust examples, compiled and run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
