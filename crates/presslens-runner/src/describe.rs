//! Human-readable descriptions: the stage types (`presslens stages`) and a resolved pipeline
//! (`presslens explain`).

use std::fmt::Write as _;

use presslens_core::StageInfo;

use crate::pipeline::Pipeline;
use crate::registry::Registry;

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "(none)".to_string()
    } else {
        items.join(", ")
    }
}

/// Wrap `text` at `width` columns, each line prefixed with `indent`.
fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.len() + 1 + word.len() > width {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

/// One stage type as `presslens stages` shows it.
pub fn describe_stage(info: &StageInfo) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", info.type_name);
    out.push_str(&wrap(&info.summary, "    ", 88));
    let _ = writeln!(out, "    requires: {}", list(&info.requires));
    if !info.uses.is_empty() {
        let _ = writeln!(out, "    uses when present: {}", list(&info.uses));
    }
    let _ = writeln!(out, "    provides: {}", list(&info.provides));
    if info.params.is_empty() {
        let _ = writeln!(out, "    parameters: none");
    } else {
        let _ = writeln!(out, "    parameters:");
        for p in &info.params {
            let ty = p
                .toml_type
                .strip_suffix(" (optional)")
                .unwrap_or(&p.toml_type);
            let default = match &p.default {
                Some(v) => format!("default {v}"),
                None => "optional".to_string(),
            };
            let _ = writeln!(out, "      {} ({ty}, {default})", p.name);
            out.push_str(&wrap(&p.doc, "          ", 88));
        }
    }
    out
}

/// Every stage type of `registry`.
pub fn describe_stages(registry: &Registry) -> String {
    registry
        .infos()
        .map(describe_stage)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every stage type of `registry` as JSON, for tools.
pub fn stages_json(registry: &Registry) -> serde_json::Value {
    serde_json::Value::Array(
        registry
            .infos()
            .map(|i| {
                serde_json::json!({
                    "type": i.type_name,
                    "summary": i.summary,
                    "requires": i.requires,
                    "uses": i.uses,
                    "provides": i.provides,
                    "params": i.params.iter().map(|p| serde_json::json!({
                        "name": p.name,
                        "type": p.toml_type,
                        "default": p.default.as_ref().map(|d| serde_json::to_value(d).unwrap_or_default()),
                        "doc": p.doc,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

/// The pipeline as a complete config with every default filled in, commented with what
/// each stage reads and writes.
pub fn explain(pipeline: &Pipeline, config_name: &str) -> String {
    let spec = pipeline.spec();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# The pipeline of {config_name}, with every default filled in."
    );
    let _ = writeln!(out, "version = {}", crate::config::CONFIG_VERSION);
    let _ = writeln!(out);
    let _ = writeln!(out, "[pipeline]");
    let ids: Vec<String> = spec.stages.iter().map(|s| format!("{:?}", s.id)).collect();
    let _ = writeln!(out, "stages = [{}]", ids.join(", "));
    if !spec.plugins.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "[plugins]");
        let paths: Vec<String> = spec
            .plugins
            .iter()
            .map(|p| format!("{:?}", p.path.display().to_string()))
            .collect();
        let _ = writeln!(out, "load = [{}]", paths.join(", "));
    }
    for s in &spec.stages {
        let Some(f) = pipeline.registry().get(&s.type_name) else {
            continue;
        };
        let info = f.info();
        let _ = writeln!(out);
        let _ = writeln!(out, "# {}", info.summary);
        let _ = writeln!(
            out,
            "# requires: {}; provides: {}",
            list(&info.requires),
            list(&info.provides)
        );
        let _ = writeln!(out, "[stage.{}]", toml_key(&s.id));
        let _ = writeln!(out, "type = {:?}", s.type_name);
        let resolved = f
            .resolve_params(&s.params)
            .unwrap_or_else(|_| s.params.clone());
        let body = toml::to_string(&resolved).unwrap_or_default();
        out.push_str(&body);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "[output]");
    let layers: Vec<String> = pipeline
        .output_layers()
        .iter()
        .map(|l| format!("{l:?}"))
        .collect();
    let _ = writeln!(out, "layers = [{}]", layers.join(", "));
    out
}

/// A table key, quoted when it is not a bare key.
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        format!("{k:?}")
    }
}
