//! Reading and validating pipeline configs.
//!
//! A config is checked completely before anything runs, and every problem is reported at
//! once, located in the file: TOML syntax, unknown keys, unknown stage types, bad parameter
//! values, layers required but not provided earlier, layers provided twice, output layers
//! nobody provides, missing files.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Report};
use crate::registry::Registry;

/// The config version this build reads.
pub const CONFIG_VERSION: i64 = 1;

/// The embedded default pipeline: every built-in stage.
pub const DEFAULT_CONFIG: &str = include_str!("default.toml");

const TOP_KEYS: &[&str] = &["version", "pipeline", "stage", "plugins", "output"];

/// A config to read: its text, the name to show in diagnostics, and the directory relative
/// paths in it are resolved against.
#[derive(Debug, Clone)]
pub struct ConfigSource {
    /// The name shown in diagnostics (the path as the user gave it).
    pub name: String,
    /// The TOML text.
    pub text: String,
    /// The directory of the config file; `None` for the embedded default.
    pub dir: Option<PathBuf>,
}

impl ConfigSource {
    /// Read a config file.
    pub fn from_file(path: &Path) -> std::io::Result<ConfigSource> {
        let text = std::fs::read_to_string(path)?;
        let dir = path
            .canonicalize()
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or_else(|| path.parent().map(Path::to_path_buf));
        Ok(ConfigSource {
            name: path.display().to_string(),
            text,
            dir,
        })
    }

    /// A config given as text.
    pub fn from_str(name: impl Into<String>, text: impl Into<String>) -> ConfigSource {
        ConfigSource {
            name: name.into(),
            text: text.into(),
            dir: None,
        }
    }

    /// The embedded default pipeline.
    pub fn default_pipeline() -> ConfigSource {
        ConfigSource::from_str("<default pipeline>", DEFAULT_CONFIG)
    }
}

/// One stage of a validated config.
#[derive(Debug, Clone, PartialEq)]
pub struct StageSpec {
    /// Its id in the pipeline.
    pub id: String,
    /// Its registry type.
    pub type_name: String,
    /// Its parameters as written (without `type`).
    pub params: toml::Table,
    /// Where its id stands in `pipeline.stages`, for later diagnostics.
    pub(crate) span: Option<Range<usize>>,
    /// Where its table is, if it has one.
    pub(crate) table_span: Option<Range<usize>>,
    /// Its parameters passed validation, so creating it is worth trying.
    pub(crate) params_ok: bool,
}

/// A runtime plugin library named in the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginSpec {
    /// The library's path, resolved against the config's directory.
    pub path: PathBuf,
    /// The SHA-256 the file must have, in hex, when given.
    pub sha256: Option<String>,
    pub(crate) span: Option<Range<usize>>,
}

/// A validated config.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineSpec {
    /// The stages in run order.
    pub stages: Vec<StageSpec>,
    /// The layers written to the output, in order.
    pub output_layers: Vec<String>,
    /// Runtime plugin libraries to load.
    pub plugins: Vec<PluginSpec>,
    /// The config file's directory.
    pub config_dir: Option<PathBuf>,
}

/// Syntax-check `src` and read the `[plugins]` table, before stage types can be checked:
/// plugins add stage types.
pub(crate) fn read_plugins(src: &ConfigSource, report: &mut Report) -> Option<Vec<PluginSpec>> {
    let (root, errors) = DeTable::parse_recoverable(&src.text);
    if !errors.is_empty() {
        for e in errors {
            report.diagnostics.push(
                Diagnostic::error(format!("TOML syntax: {}", e.message().trim()), e.span())
                    .with_help("see https://toml.io for the syntax"),
            );
        }
        return None;
    }
    let root = root.get_ref();
    let mut plugins = Vec::new();
    let Some((key, value)) = entry(root, "plugins") else {
        return Some(plugins);
    };
    let Some(table) = as_table(value, "plugins", report) else {
        let _ = key;
        return Some(plugins);
    };
    unknown_keys(table, &["load"], "[plugins]", report);
    let Some((_, load)) = entry(table, "load") else {
        return Some(plugins);
    };
    let DeValue::Array(items) = load.get_ref() else {
        report.diagnostics.push(
            Diagnostic::error("`plugins.load` must be an array", Some(load.span()))
                .with_label("expected an array of library paths or { path = \"...\", sha256 = \"...\" } tables")
                .with_help("write `load = [\"target/release/libmy_plugin.so\"]`"),
        );
        return Some(plugins);
    };
    for item in items.iter() {
        let (path, sha256) = match item.get_ref() {
            DeValue::String(s) => (s.to_string(), None),
            DeValue::Table(t) => {
                unknown_keys(t, &["path", "sha256"], "a plugin entry", report);
                let path = match entry(t, "path").map(|(_, v)| v.get_ref()) {
                    Some(DeValue::String(s)) => s.to_string(),
                    _ => {
                        report.diagnostics.push(
                            Diagnostic::error(
                                "a plugin entry needs `path = \"...\"`",
                                Some(item.span()),
                            )
                            .with_label("expected { path = \"lib.so\", sha256 = \"...\" }"),
                        );
                        continue;
                    }
                };
                let sha = match entry(t, "sha256") {
                    Some((_, v)) => match v.get_ref() {
                        DeValue::String(s)
                            if s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit()) =>
                        {
                            Some(s.to_ascii_lowercase())
                        }
                        _ => {
                            report.diagnostics.push(
                                Diagnostic::error(
                                    "`sha256` must be 64 hexadecimal digits",
                                    Some(v.span()),
                                )
                                .with_help("compute it with `sha256sum LIBRARY`"),
                            );
                            continue;
                        }
                    },
                    None => None,
                };
                (path, sha)
            }
            _ => {
                report.diagnostics.push(
                    Diagnostic::error(
                        "a plugin entry must be a path or a table",
                        Some(item.span()),
                    )
                    .with_label("expected \"lib.so\" or { path = \"lib.so\", sha256 = \"...\" }"),
                );
                continue;
            }
        };
        let resolved = match &src.dir {
            Some(dir) if Path::new(&path).is_relative() => dir.join(&path),
            _ => PathBuf::from(&path),
        };
        if !resolved.is_file() {
            report.diagnostics.push(
                Diagnostic::error(format!("plugin library `{}` does not exist", resolved.display()), Some(item.span()))
                    .with_label("no such file")
                    .with_help("paths are relative to the config file; build the plugin first (cargo build --release)"),
            );
            continue;
        }
        plugins.push(PluginSpec {
            path: resolved,
            sha256,
            span: Some(item.span()),
        });
    }
    Some(plugins)
}

/// Check everything but the plugins (read by [`read_plugins`] first) against `registry`.
/// Returns `None` only when the TOML does not parse; otherwise the spec as far as it could
/// be read, with the problems in `report`.
pub(crate) fn validate(
    src: &ConfigSource,
    registry: &Registry,
    plugins: Vec<PluginSpec>,
    report: &mut Report,
) -> Option<PipelineSpec> {
    let Ok(root) = DeTable::parse(&src.text) else {
        return None;
    };
    let root = root.get_ref();
    let values: toml::Table = toml::from_str(&src.text).unwrap_or_default();

    unknown_keys(root, TOP_KEYS, "the top level", report);

    if let Some((_, v)) = entry(root, "version") {
        match v.get_ref() {
            DeValue::Integer(i) if i.as_str() == CONFIG_VERSION.to_string() => {}
            _ => report.diagnostics.push(
                Diagnostic::error("unsupported config version", Some(v.span()))
                    .with_label(format!("this presslens reads `version = {CONFIG_VERSION}`"))
                    .with_help(format!("set `version = {CONFIG_VERSION}`")),
            ),
        }
    }

    // The stage tables.
    let mut tables: Vec<(String, Range<usize>, &DeTable)> = Vec::new();
    if let Some((_, v)) = entry(root, "stage")
        && let Some(t) = as_table(v, "stage", report)
    {
        for (k, v) in t.iter() {
            match v.get_ref() {
                DeValue::Table(st) => tables.push((k.get_ref().to_string(), v.span(), st)),
                _ => report.diagnostics.push(
                    Diagnostic::error(
                        format!("`stage.{}` must be a table", k.get_ref()),
                        Some(v.span()),
                    )
                    .with_label("expected a [stage.ID] table")
                    .with_help(format!(
                        "write `[stage.{}]` followed by `type = \"...\"` and its parameters",
                        k.get_ref()
                    )),
                ),
            }
        }
    }

    // The stage list.
    let stage_list: Vec<(String, Option<Range<usize>>)> = match entry(root, "pipeline") {
        Some((_, v)) => match as_table(v, "pipeline", report) {
            Some(p) => {
                unknown_keys(p, &["stages"], "[pipeline]", report);
                match entry(p, "stages") {
                    Some((_, s)) => {
                        let list = string_array(s, "pipeline.stages", report);
                        if list.is_empty() && report.is_ok() {
                            report.diagnostics.push(
                                Diagnostic::error("the pipeline has no stages", Some(s.span()))
                                    .with_help("list at least one stage: `stages = [\"text\"]`"),
                            );
                        }
                        list.into_iter()
                            .map(|(id, span)| (id, Some(span)))
                            .collect()
                    }
                    None => {
                        report.diagnostics.push(
                            Diagnostic::error("[pipeline] has no `stages`", Some(v.span())).with_help(
                                "list the stage ids in order: `stages = [\"text\", \"entities\", \"quotes\", \"statistics\"]`",
                            ),
                        );
                        Vec::new()
                    }
                }
            }
            None => Vec::new(),
        },
        // No [pipeline]: the default stages, with whatever [stage.*] tables say.
        None => default_stage_ids()
            .into_iter()
            .map(|id| (id, None))
            .collect(),
    };

    // Resolve each stage.
    let mut stages: Vec<StageSpec> = Vec::new();
    let mut seen: Vec<(String, Option<Range<usize>>)> = Vec::new();
    for (id, span) in &stage_list {
        if seen.iter().any(|(s, _)| s == id) {
            report.diagnostics.push(
                Diagnostic::error(format!("stage `{id}` is listed twice"), span.clone())
                    .with_help("give each stage its own id and its own [stage.ID] table"),
            );
            continue;
        }
        seen.push((id.clone(), span.clone()));
        let table = tables.iter().find(|(k, _, _)| k == id);
        let type_name = match table.and_then(|(_, _, t)| entry(t, "type")) {
            Some((_, v)) => match v.get_ref() {
                DeValue::String(s) => {
                    let s = s.to_string();
                    if registry.get(&s).is_none() {
                        report
                            .diagnostics
                            .push(unknown_type(&s, Some(v.span()), registry));
                        continue;
                    }
                    s
                }
                _ => {
                    report.diagnostics.push(
                        Diagnostic::error(
                            format!("`stage.{id}.type` must be a string"),
                            Some(v.span()),
                        )
                        .with_label(format!(
                            "expected one of: {}",
                            registry.names().collect::<Vec<_>>().join(", ")
                        )),
                    );
                    continue;
                }
            },
            None => match infer_type(id, registry) {
                Some(t) => t,
                None => {
                    let mut d = unknown_type(id, span.clone(), registry);
                    d.message = format!(
                        "stage `{id}` has no `type` and is not the name of a stage type or layer"
                    );
                    d.help.push(format!(
                        "add `[stage.{id}]` with `type = \"...\"`, or use a type name as the id"
                    ));
                    report.diagnostics.push(d);
                    continue;
                }
            },
        };
        let Some(factory) = registry.get(&type_name) else {
            continue;
        };
        let errors_before = report.errors();
        let info = factory.info();
        let mut params = toml::Table::new();
        if let Some((_, table_span, t)) = table {
            let names: Vec<&str> = info
                .params
                .iter()
                .map(|p| p.name.as_str())
                .chain(["type"])
                .collect();
            for (k, v) in t.iter() {
                let key = k.get_ref();
                if !names.contains(&key.as_ref()) {
                    let expected = if info.params.is_empty() {
                        format!("stage type `{type_name}` takes no parameters")
                    } else {
                        format!(
                            "`{type_name}` takes: {}",
                            info.params
                                .iter()
                                .map(|p| p.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    report.diagnostics.push(
                        Diagnostic::error(
                            format!("unknown parameter `{key}` for stage `{id}`"),
                            Some(k.span()),
                        )
                        .with_label(expected)
                        .with_suggestion(key, info.params.iter().map(|p| p.name.as_str())),
                    );
                    continue;
                }
                if key == "type" {
                    continue;
                }
                if let Some(value) = values
                    .get("stage")
                    .and_then(|s| s.get(id))
                    .and_then(|s| s.get(key.as_ref()))
                {
                    params.insert(key.to_string(), value.clone());
                }
                let _ = v;
            }
            // Each parameter on its own (every other one at its default), so that every bad
            // value is reported, not only the first serde meets.
            let mut bad = Vec::new();
            for (key, value) in &params {
                let mut one = toml::Table::new();
                one.insert(key.clone(), value.clone());
                if let Err(presslens_core::CreateError::Param { path, message }) =
                    factory.resolve_params(&one)
                {
                    bad.push((path, message));
                }
            }
            if bad.is_empty()
                && let Err(presslens_core::CreateError::Param { path, message }) =
                    factory.resolve_params(&params)
            {
                bad.push((path, message));
            }
            for (path, message) in bad {
                let at = locate(t, &path).or(Some(table_span.clone()));
                let top = path.split(['.', '[']).next().unwrap_or("");
                let mut d = Diagnostic::error(format!("invalid value for `stage.{id}.{path}`"), at)
                    .with_label(plain_serde_message(&message));
                if let Some(p) = info.params.iter().find(|p| p.name == top) {
                    d = d.with_help(format!(
                        "`{}` is {} {}: {}",
                        p.name,
                        article(&p.toml_type),
                        p.toml_type,
                        p.doc
                    ));
                }
                report.diagnostics.push(d);
            }
        }
        stages.push(StageSpec {
            id: id.clone(),
            type_name,
            params,
            span: span.clone(),
            table_span: table.map(|(_, s, _)| s.clone()),
            params_ok: report.errors() == errors_before,
        });
    }

    // Tables nobody runs.
    for (k, span, _) in &tables {
        if !stage_list.iter().any(|(id, _)| id == k) {
            let ids: Vec<&str> = stage_list.iter().map(|(id, _)| id.as_str()).collect();
            let d = Diagnostic::warning(
                format!("[stage.{k}] is not in pipeline.stages, so it never runs"),
                Some(span.clone()),
            )
            .with_suggestion(k, ids.iter().copied());
            let d = if d.help.is_empty() {
                d.with_help(format!(
                    "add \"{k}\" to pipeline.stages or remove the table"
                ))
            } else {
                d
            };
            report.diagnostics.push(d);
        }
    }

    check_layers(&stages, registry, report);

    // Output layers.
    let mut provided: Vec<&str> = Vec::new();
    for layer in stages
        .iter()
        .filter_map(|s| registry.get(&s.type_name))
        .flat_map(|f| f.info().provides.iter().map(String::as_str))
    {
        if !provided.contains(&layer) {
            provided.push(layer);
        }
    }
    let output_layers = match entry(root, "output") {
        Some((_, v)) => match as_table(v, "output", report) {
            Some(t) => {
                unknown_keys(t, &["layers"], "[output]", report);
                match entry(t, "layers") {
                    Some((_, l)) => {
                        let layers = string_array(l, "output.layers", report);
                        for (layer, span) in &layers {
                            if !provided.contains(&layer.as_str()) {
                                let mut d = Diagnostic::error(
                                    format!(
                                        "no stage of the pipeline provides the `{layer}` layer"
                                    ),
                                    Some(span.clone()),
                                )
                                .with_label(format!("provided: {}", provided.join(", ")))
                                .with_suggestion(layer, provided.iter().copied());
                                let types = registry.providers_of(layer);
                                if !types.is_empty() {
                                    d = d.with_help(format!(
                                        "add a stage of type {} to the pipeline",
                                        quote_list(&types)
                                    ));
                                }
                                report.diagnostics.push(d);
                            }
                        }
                        layers.into_iter().map(|(l, _)| l).collect()
                    }
                    None => default_output(&provided),
                }
            }
            None => Vec::new(),
        },
        None => default_output(&provided),
    };

    report
        .diagnostics
        .sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |s| s.start));
    // Returned even with errors: the caller still creates the stages whose parameters
    // passed, so that problems found only at creation (a missing gazetteer file) are
    // reported together with the rest.
    Some(PipelineSpec {
        stages,
        output_layers,
        plugins,
        config_dir: src.dir.clone(),
    })
}

/// A serde error message in the words of a TOML user: the location is shown separately
/// (toml appends "in `key`" on a second line) and Rust type names become TOML ones.
fn plain_serde_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or_default();
    for (rust, toml) in [
        ("u8", "a non-negative integer"),
        ("u16", "a non-negative integer"),
        ("u32", "a non-negative integer"),
        ("u64", "a non-negative integer"),
        ("usize", "a non-negative integer"),
        ("i8", "an integer"),
        ("i16", "an integer"),
        ("i32", "an integer"),
        ("i64", "an integer"),
        ("isize", "an integer"),
        ("f32", "a number"),
        ("f64", "a number"),
    ] {
        if let Some(prefix) = first.strip_suffix(&format!("expected {rust}")) {
            return format!("{prefix}expected {toml}");
        }
    }
    first.to_string()
}

/// The stage ids of the embedded default pipeline.
fn default_stage_ids() -> Vec<String> {
    let values: toml::Table = toml::from_str(DEFAULT_CONFIG).unwrap_or_default();
    values
        .get("pipeline")
        .and_then(|p| p.get("stages"))
        .and_then(|s| s.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Every layer the stages provide, except the segmentation, which is large and mostly of
/// use inside the pipeline.
fn default_output(provided: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in provided {
        if *p != "text" && !out.iter().any(|o| o == p) {
            out.push(p.to_string());
        }
    }
    out
}

/// Requires, uses and provides, in pipeline order.
fn check_layers(stages: &[StageSpec], registry: &Registry, report: &mut Report) {
    let mut provided: Vec<(String, &StageSpec)> = Vec::new();
    for (i, s) in stages.iter().enumerate() {
        let Some(f) = registry.get(&s.type_name) else {
            continue;
        };
        let info = f.info();
        let later = |layer: &str| {
            stages[i + 1..].iter().find(|l| {
                registry
                    .get(&l.type_name)
                    .is_some_and(|f| f.info().provides.iter().any(|p| p == layer))
            })
        };
        for layer in &info.requires {
            if provided.iter().any(|(p, _)| p == layer) {
                continue;
            }
            let mut d = Diagnostic::error(
                format!(
                    "stage `{}` requires the `{layer}` layer, which no earlier stage provides",
                    s.id
                ),
                s.span.clone().or(s.table_span.clone()),
            )
            .with_label(format!("`{}` requires `{layer}`", s.type_name));
            if let Some(l) = later(layer) {
                d = d.with_help(format!(
                    "stage `{}` provides it but runs later: move it before `{}`",
                    l.id, s.id
                ));
            } else {
                let types = registry.providers_of(layer);
                d = if types.is_empty() {
                    d.with_help(format!(
                        "no registered stage type provides `{layer}`; load the plugin that does"
                    ))
                } else {
                    d.with_help(format!(
                        "add a stage of type {} before `{}`",
                        quote_list(&types),
                        s.id
                    ))
                };
            }
            report.diagnostics.push(d);
        }
        for layer in &info.uses {
            if !provided.iter().any(|(p, _)| p == layer)
                && let Some(l) = later(layer)
            {
                report.diagnostics.push(
                    Diagnostic::warning(
                        format!("stage `{}` uses the `{layer}` layer when present, but `{}` provides it later", s.id, l.id),
                        s.span.clone().or(s.table_span.clone()),
                    )
                    .with_help(format!("move `{}` before `{}`", l.id, s.id)),
                );
            }
        }
        for layer in &info.provides {
            if let Some((_, first)) = provided.iter().find(|(p, _)| p == layer) {
                report.diagnostics.push(
                    Diagnostic::error(
                        format!(
                            "the `{layer}` layer is provided twice: by `{}` and by `{}`",
                            first.id, s.id
                        ),
                        s.span.clone().or(s.table_span.clone()),
                    )
                    .with_label(format!("`{}` already provides `{layer}`", first.id))
                    .with_help("keep one of the two stages"),
                );
            } else {
                provided.push((layer.clone(), s));
            }
        }
    }
}

/// The type a stage id without a `type` stands for: a type of that name, or the only type
/// providing a layer of that name ("entities" is the `entity` stage).
fn infer_type(id: &str, registry: &Registry) -> Option<String> {
    if registry.get(id).is_some() {
        return Some(id.to_string());
    }
    match registry.providers_of(id).as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    }
}

fn unknown_type(name: &str, span: Option<Range<usize>>, registry: &Registry) -> Diagnostic {
    let names: Vec<&str> = registry.names().collect();
    Diagnostic::error(format!("unknown stage type `{name}`"), span)
        .with_label(format!("expected one of: {}", names.join(", ")))
        .with_suggestion(name, names.iter().copied())
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The entry `key` of a table, with its spans.
fn entry<'a, 'i>(
    t: &'a DeTable<'i>,
    key: &str,
) -> Option<(
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
)> {
    t.iter().find(|(k, _)| k.get_ref() == key)
}

fn as_table<'a, 'i>(
    v: &'a Spanned<DeValue<'i>>,
    name: &str,
    report: &mut Report,
) -> Option<&'a DeTable<'i>> {
    match v.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => {
            report.diagnostics.push(
                Diagnostic::error(format!("`{name}` must be a table"), Some(v.span()))
                    .with_label(format!("expected a [{name}] table")),
            );
            None
        }
    }
}

/// Report every key of `t` not in `allowed`.
fn unknown_keys(t: &DeTable<'_>, allowed: &[&str], place: &str, report: &mut Report) {
    for (k, _) in t.iter() {
        let key = k.get_ref();
        if !allowed.contains(&key.as_ref()) {
            report.diagnostics.push(
                Diagnostic::error(format!("unknown key `{key}` in {place}"), Some(k.span()))
                    .with_label(format!("expected one of: {}", allowed.join(", ")))
                    .with_suggestion(key, allowed.iter().copied()),
            );
        }
    }
}

/// An array of strings with the span of each.
fn string_array(
    v: &Spanned<DeValue<'_>>,
    name: &str,
    report: &mut Report,
) -> Vec<(String, Range<usize>)> {
    let DeValue::Array(items) = v.get_ref() else {
        report.diagnostics.push(
            Diagnostic::error(
                format!("`{name}` must be an array of strings"),
                Some(v.span()),
            )
            .with_label("expected [\"...\", \"...\"]"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref() {
            DeValue::String(s) => out.push((s.to_string(), item.span())),
            _ => report.diagnostics.push(
                Diagnostic::error(
                    format!("`{name}` must contain only strings"),
                    Some(item.span()),
                )
                .with_label("expected a string"),
            ),
        }
    }
    out
}

/// The span of the value at a parameter path ("names[1]", "cues.extra") inside a stage
/// table.
fn locate(t: &DeTable<'_>, path: &str) -> Option<Range<usize>> {
    let mut segments = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            segments.push((Some(&rest[..i]), None));
            rest = &rest[i..];
            while let Some(close) = rest.find(']') {
                let idx = rest[1..close].parse::<usize>().ok();
                segments.push((None, idx));
                rest = &rest[close + 1..];
            }
        } else {
            segments.push((Some(rest), None));
        }
    }
    let mut current: Option<&Spanned<DeValue<'_>>> = None;
    let mut span = None;
    for (key, idx) in segments {
        let next = match (key, idx, current.map(Spanned::get_ref)) {
            (Some(k), _, None) => entry(t, k).map(|(_, v)| v),
            (Some(k), _, Some(DeValue::Table(tt))) => entry(tt, k).map(|(_, v)| v),
            (None, Some(i), Some(DeValue::Array(a))) => a.get(i),
            _ => None,
        };
        match next {
            Some(v) => {
                span = Some(v.span());
                current = Some(v);
            }
            None => break,
        }
    }
    span
}
