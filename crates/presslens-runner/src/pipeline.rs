//! A built pipeline: stages created once, run on many documents.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use presslens_core::{CreateError, DocOutput, Document, DynStage, ErrorRecord, StageEnv};

use crate::config::{self, ConfigSource, PipelineSpec};
use crate::diagnostic::{Diagnostic, Report};
use crate::registry::Registry;

/// One created stage.
pub(crate) struct PipelineStage {
    pub(crate) id: String,
    pub(crate) type_name: String,
    pub(crate) requires: Vec<String>,
    pub(crate) stage: Box<dyn DynStage>,
}

/// Stages created from a validated config, ready to analyse documents from any number of
/// threads.
pub struct Pipeline {
    pub(crate) stages: Vec<PipelineStage>,
    pub(crate) output_layers: Vec<String>,
    pub(crate) spec: PipelineSpec,
    pub(crate) registry: Registry,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field(
                "stages",
                &self.stages.iter().map(|s| &s.id).collect::<Vec<_>>(),
            )
            .field("output_layers", &self.output_layers)
            .finish()
    }
}

/// Time spent per stage on one document.
pub type StageTimes = Vec<Duration>;

impl Pipeline {
    /// Validate a config against `registry` and create its stages. On success the report
    /// holds the warnings; on failure, every error found.
    pub fn load(source: &ConfigSource, registry: &Registry) -> Result<(Pipeline, Report), Report> {
        let mut report = Report {
            file: source.name.clone(),
            source: source.text.clone(),
            diagnostics: Vec::new(),
        };
        let Some(plugins) = config::read_plugins(source, &mut report) else {
            return Err(report);
        };
        let mut registry = registry.clone();
        crate::plugin::register_plugins(&plugins, &mut registry, &mut report);
        let Some(spec) = config::validate(source, &registry, plugins, &mut report) else {
            return Err(report);
        };
        let pipeline = Pipeline::from_spec(spec, registry, &mut report);
        report
            .diagnostics
            .sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |s| s.start));
        match pipeline {
            Some(p) if report.is_ok() => Ok((p, report)),
            _ => Err(report),
        }
    }

    /// Parse and load a config given as TOML text, with the built-in stage types; relative
    /// paths in it are relative to the current directory. The shortest way to a pipeline
    /// from code.
    pub fn from_toml(toml: &str) -> Result<Pipeline, Report> {
        let mut source = ConfigSource::from_str("<config>", toml);
        source.dir = std::env::current_dir().ok();
        Pipeline::load(&source, &Registry::builtin()).map(|(p, _)| p)
    }

    /// Load a config file with the built-in stage types.
    pub fn from_file(path: &Path) -> Result<Pipeline, Report> {
        let source = ConfigSource::from_file(path).map_err(|e| Report {
            file: path.display().to_string(),
            source: String::new(),
            diagnostics: vec![Diagnostic::error(
                format!("cannot read the config: {e}"),
                None,
            )],
        })?;
        Pipeline::load(&source, &Registry::builtin()).map(|(p, _)| p)
    }

    /// The embedded default pipeline with the built-in stage types.
    pub fn default_pipeline() -> Pipeline {
        match Pipeline::load(&ConfigSource::default_pipeline(), &Registry::builtin()) {
            Ok((p, _)) => p,
            // The embedded config is tested; failing here is a build defect.
            Err(report) => panic!("the embedded default pipeline is invalid:\n{report}"),
        }
    }

    fn from_spec(spec: PipelineSpec, registry: Registry, report: &mut Report) -> Option<Pipeline> {
        let mut stages = Vec::new();
        for s in spec.stages.iter().filter(|s| s.params_ok) {
            let Some(factory) = registry.get(&s.type_name) else {
                continue;
            };
            let env = StageEnv {
                stage_id: s.id.clone(),
                config_dir: spec.config_dir.clone(),
            };
            match factory.create(&s.params, &env) {
                Ok(stage) => stages.push(PipelineStage {
                    id: s.id.clone(),
                    type_name: s.type_name.clone(),
                    requires: factory.info().requires.clone(),
                    stage,
                }),
                Err(e) => {
                    let span = s.table_span.clone().or(s.span.clone());
                    let message = match &e {
                        CreateError::Param { path, .. } => {
                            format!("invalid value for `stage.{}.{path}`", s.id)
                        }
                        CreateError::Init(_) => format!("stage `{}` could not start", s.id),
                    };
                    report
                        .diagnostics
                        .push(Diagnostic::error(message, span).with_label(e.to_string()));
                }
            }
        }
        report.is_ok().then(|| Pipeline {
            stages,
            output_layers: spec.output_layers.clone(),
            spec,
            registry,
        })
    }

    /// The validated config this pipeline was built from.
    pub fn spec(&self) -> &PipelineSpec {
        &self.spec
    }

    /// The registry the pipeline was checked against (built-in types plus plugins).
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The layers written to the output.
    pub fn output_layers(&self) -> &[String] {
        &self.output_layers
    }

    /// Stage ids in run order.
    pub fn stage_ids(&self) -> impl Iterator<Item = &str> {
        self.stages.iter().map(|s| s.id.as_str())
    }

    /// Analyse one text: the library call for users who keep their analyses under snapshot
    /// tests. The result serialises to the output contract.
    pub fn analyze(&self, id: &str, text: &str) -> DocOutput {
        match Document::new(id, text) {
            Ok(doc) => self.run(doc, false).0,
            Err(e) => DocOutput::failed(
                id,
                Default::default(),
                ErrorRecord {
                    stage: "input".into(),
                    message: e.to_string(),
                },
            ),
        }
    }

    /// Run every stage on `doc` and render the output. A stage that fails or panics is
    /// recorded in `errors`; the stages after it still run when their required layers are
    /// there.
    pub fn run(&self, mut doc: Document, byte_offsets: bool) -> (DocOutput, StageTimes) {
        let (errors, times) = self.process(&mut doc);
        let out = DocOutput::render(&doc, &self.output_layers, errors, byte_offsets);
        (out, times)
    }

    /// [`Pipeline::run`], with the output appended to `w` as one line of compact JSON (the
    /// bytes of serialising `run`'s output, without its newline) instead of returned as
    /// values: the fast path of streaming runs. Returns the errors (also in the JSON) for
    /// the caller's diagnostics.
    pub fn run_compact(
        &self,
        mut doc: Document,
        byte_offsets: bool,
        w: &mut Vec<u8>,
    ) -> (Vec<ErrorRecord>, StageTimes) {
        let (errors, times) = self.process(&mut doc);
        let start = w.len();
        if DocOutput::write_compact(&doc, &self.output_layers, &errors, byte_offsets, w).is_err() {
            // Only a custom layer's own `write_json` can fail: the rendered values are then
            // written instead.
            w.truncate(start);
            let out = DocOutput::render(&doc, &self.output_layers, errors, byte_offsets);
            // A `Value` tree always serialises.
            let _ = serde_json::to_writer(&mut *w, &out);
            return (out.errors, times);
        }
        (errors, times)
    }

    /// Run every stage on `doc`, returning the failures and the time each stage took.
    fn process(&self, doc: &mut Document) -> (Vec<ErrorRecord>, StageTimes) {
        let mut errors = Vec::new();
        let mut times = Vec::with_capacity(self.stages.len());
        for s in &self.stages {
            let start = Instant::now();
            if let Some(missing) = s.requires.iter().find(|l| doc.layer(l).is_none()) {
                errors.push(ErrorRecord {
                    stage: s.id.clone(),
                    message: format!("skipped: the `{missing}` layer it requires is missing because an earlier stage failed"),
                });
                times.push(start.elapsed());
                continue;
            }
            match catch_unwind(AssertUnwindSafe(|| s.stage.process(doc))) {
                Ok(Ok(())) => {}
                Ok(Err(e)) => errors.push(ErrorRecord {
                    stage: s.id.clone(),
                    message: e.to_string(),
                }),
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".into());
                    errors.push(ErrorRecord {
                        stage: s.id.clone(),
                        message: format!(
                            "the `{}` stage panicked on this document ({what}); this is a bug in the stage, please report it with the document",
                            s.type_name
                        ),
                    })
                }
            }
            times.push(start.elapsed());
        }
        (errors, times)
    }
}
