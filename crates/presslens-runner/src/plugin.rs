//! Runtime plugins: stage types loaded from shared libraries named in a config.
//!
//! All of the host's `unsafe` code lives in this module. The boundary is the C ABI of
//! `presslens_plugin::abi`: one versioned entry symbol, a `#[repr(C)]` table of
//! `extern "C"` functions, JSON payloads in byte buffers. Whatever comes back is untrusted:
//! the host checks that it is JSON of the expected shape, that only declared layers come
//! back and that every span lies within the text on character boundaries, and turns
//! anything else into an error for that document.
//!
//! Loading a library runs its code, so only paths named in a config (relative to it) or on
//! the command line are loaded, never a directory scan, and a config may pin each library's
//! SHA-256. Libraries are never unloaded: instances and buffers may still point into them.
#![allow(unsafe_code)]

use std::collections::HashMap;
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use libloading::Library;
use presslens_core::{
    CreateError, Document, DynStage, Layer, OutputContext, ParamDoc, StageEnv, StageError,
    StageFactory, StageInfo,
};
use presslens_plugin::abi::{
    ABI_VERSION, Buf, ENTRY_SYMBOL_V1, EntryFn, PluginTableV1, STATUS_BAD_INPUT, STATUS_ERROR,
    STATUS_OK, STATUS_PANIC,
};
use serde_json::{Map, Value};

use crate::config::PluginSpec;
use crate::diagnostic::{Diagnostic, Report};
use crate::registry::Registry;

/// A loaded plugin library: its function table, valid for the life of the process.
#[derive(Debug)]
struct LoadedPlugin {
    path: PathBuf,
    table: &'static PluginTableV1,
    manifest: Value,
}

/// Libraries loaded so far, by canonical path, so that a library named twice (or loaded by
/// two pipelines) is loaded once.
fn loaded() -> &'static Mutex<HashMap<PathBuf, Arc<LoadedPlugin>>> {
    static LOADED: OnceLock<Mutex<HashMap<PathBuf, Arc<LoadedPlugin>>>> = OnceLock::new();
    LOADED.get_or_init(Default::default)
}

/// Load the plugin libraries and register their stage types; problems become diagnostics
/// at the library's entry in the config.
pub(crate) fn register_plugins(
    plugins: &[PluginSpec],
    registry: &mut Registry,
    report: &mut Report,
) {
    for spec in plugins {
        match load(spec) {
            Ok(plugin) => register(&plugin, spec, registry, report),
            Err(message) => report.diagnostics.push(
                Diagnostic::error(
                    format!("cannot load plugin `{}`", spec.path.display()),
                    spec.span.clone(),
                )
                .with_label(message),
            ),
        }
    }
}

impl Registry {
    /// Load a plugin library named on the command line and register its stage types;
    /// returns their names. `sha256`, when given, must match the file.
    pub fn load_plugin(
        &mut self,
        path: &Path,
        sha256: Option<&str>,
    ) -> Result<Vec<String>, String> {
        let spec = PluginSpec {
            path: path.to_path_buf(),
            sha256: sha256.map(str::to_ascii_lowercase),
            span: None,
        };
        let plugin =
            load(&spec).map_err(|e| format!("cannot load plugin `{}`: {e}", path.display()))?;
        let mut report = Report::default();
        let before: Vec<String> = self.names().map(str::to_string).collect();
        register(&plugin, &spec, self, &mut report);
        if let Some(d) = report.diagnostics.first() {
            return Err(d.message.clone());
        }
        Ok(self
            .names()
            .filter(|n| !before.iter().any(|b| b == n))
            .map(str::to_string)
            .collect())
    }
}

fn load(spec: &PluginSpec) -> Result<Arc<LoadedPlugin>, String> {
    let canonical = spec
        .path
        .canonicalize()
        .map_err(|e| format!("cannot open: {e}"))?;
    if let Some(sha) = &spec.sha256 {
        let bytes = std::fs::read(&canonical).map_err(|e| format!("cannot read: {e}"))?;
        let actual = crate::sha256::sha256_hex(&bytes);
        if &actual != sha {
            return Err(format!(
                "SHA-256 mismatch: the config pins {sha} but the file has {actual}; refusing to load it"
            ));
        }
    }
    let mut cache = loaded()
        .lock()
        .map_err(|_| "plugin registry poisoned".to_string())?;
    if let Some(p) = cache.get(&canonical) {
        return Ok(p.clone());
    }
    let plugin = Arc::new(open(&canonical)?);
    cache.insert(canonical, plugin.clone());
    Ok(plugin)
}

fn open(path: &Path) -> Result<LoadedPlugin, String> {
    // SAFETY: loading a library runs its initialisers. This is the documented trust model:
    // only libraries named in the user's config (optionally pinned by SHA-256) get here.
    let lib =
        unsafe { Library::new(path) }.map_err(|e| format!("not a loadable shared library: {e}"))?;
    // The library is never unloaded: instances, tables and buffers point into it.
    let lib: &'static Library = Box::leak(Box::new(lib));
    // SAFETY: the symbol, when present, has the `EntryFn` type by the ABI's definition; a
    // library that exports the name with another type breaks the ABI contract.
    let entry: libloading::Symbol<'static, EntryFn> = unsafe { lib.get(ENTRY_SYMBOL_V1.as_bytes()) }.map_err(|_| {
        format!("not a presslens plugin: it exports no `{ENTRY_SYMBOL_V1}` symbol (build it with `presslens_plugin::export_plugin!`)")
    })?;
    // SAFETY: calling the entry function takes no arguments; it returns a pointer to a
    // static table or null.
    let table_ptr = unsafe { entry() };
    if table_ptr.is_null() {
        return Err("the plugin's entry point returned no function table".into());
    }
    // SAFETY: non-null; the first two fields are the same in every ABI version, so they can
    // be read before the version is known.
    let (abi_version, struct_size) = unsafe {
        let head = table_ptr as *const u32;
        (head.read(), head.add(1).read())
    };
    if abi_version != ABI_VERSION {
        return Err(format!(
            "the plugin speaks ABI version {abi_version}, this presslens speaks version {ABI_VERSION}: rebuild the plugin against a matching presslens-plugin"
        ));
    }
    if (struct_size as usize) < std::mem::size_of::<PluginTableV1>() {
        return Err(format!(
            "the plugin's function table is {struct_size} bytes, smaller than the {} of ABI version 1",
            std::mem::size_of::<PluginTableV1>()
        ));
    }
    // SAFETY: version and size say the pointer is to a complete `PluginTableV1`, which the
    // ABI requires to live as long as the library (forever, since it is never unloaded).
    let table: &'static PluginTableV1 = unsafe { &*table_ptr };
    let mut out = Buf::empty();
    // SAFETY: `out` is a valid, writable `Buf`.
    let status = unsafe { (table.manifest)(&mut out) };
    let bytes = take_buf(table, out);
    if status != STATUS_OK {
        return Err(format!(
            "its manifest call failed: {}",
            String::from_utf8_lossy(&bytes)
        ));
    }
    let manifest: Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("its manifest is not JSON: {e}"))?;
    check_manifest(&manifest)?;
    Ok(LoadedPlugin {
        path: path.to_path_buf(),
        table,
        manifest,
    })
}

/// Copy a buffer the plugin allocated and hand it back to the plugin to free.
fn take_buf(table: &PluginTableV1, buf: Buf) -> Vec<u8> {
    if buf.ptr.is_null() || buf.len == 0 {
        if !buf.ptr.is_null() {
            // SAFETY: returned by the plugin, freed once by the plugin's own function.
            unsafe { (table.free_buf)(buf) };
        }
        return Vec::new();
    }
    // SAFETY: the plugin gave `len` readable bytes at `ptr` (ABI contract).
    let bytes = unsafe { std::slice::from_raw_parts(buf.ptr, buf.len) }.to_vec();
    // SAFETY: returned by the plugin, freed once by the plugin's own function.
    unsafe { (table.free_buf)(buf) };
    bytes
}

fn strings(v: &Value, key: &str) -> Result<Vec<String>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("`{key}` must hold strings"))
            })
            .collect(),
        Some(_) => Err(format!("`{key}` must be an array of strings")),
    }
}

fn check_manifest(m: &Value) -> Result<(), String> {
    let stages = m
        .get("stages")
        .and_then(Value::as_array)
        .ok_or("its manifest has no `stages` array")?;
    if stages.is_empty() {
        return Err("its manifest lists no stage types".into());
    }
    for s in stages {
        stage_info(s).map_err(|e| format!("bad manifest: {e}"))?;
    }
    Ok(())
}

fn stage_info(s: &Value) -> Result<StageInfo, String> {
    let type_name = s
        .get("type")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or("a stage has no `type`")?
        .to_string();
    let params = match s.get("params") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|p| {
                Ok(ParamDoc {
                    name: p
                        .get("name")
                        .and_then(Value::as_str)
                        .ok_or_else(|| format!("a parameter of `{type_name}` has no name"))?
                        .to_string(),
                    toml_type: p
                        .get("type")
                        .and_then(Value::as_str)
                        .unwrap_or("any")
                        .to_string(),
                    doc: p
                        .get("doc")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    default: p
                        .get("default")
                        .filter(|d| !d.is_null())
                        .and_then(|d| serde_json::from_value::<toml::Value>(d.clone()).ok()),
                })
            })
            .collect::<Result<_, String>>()?,
        Some(_) => return Err(format!("`params` of `{type_name}` must be an array")),
    };
    let provides = strings(s, "provides")?;
    if provides.is_empty() {
        return Err(format!("stage `{type_name}` provides no layer"));
    }
    Ok(StageInfo {
        summary: s
            .get("summary")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        requires: strings(s, "requires")?,
        uses: strings(s, "uses")?,
        provides,
        params,
        type_name,
    })
}

fn register(
    plugin: &Arc<LoadedPlugin>,
    spec: &PluginSpec,
    registry: &mut Registry,
    report: &mut Report,
) {
    let stages = plugin.manifest["stages"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for s in &stages {
        let Ok(mut info) = stage_info(s) else {
            continue;
        };
        if registry.get(&info.type_name).is_some() {
            report.diagnostics.push(
                Diagnostic::error(
                    format!(
                        "plugin `{}` defines stage type `{}`, which already exists",
                        plugin.path.display(),
                        info.type_name
                    ),
                    spec.span.clone(),
                )
                .with_help("rename the plugin's stage type"),
            );
            continue;
        }
        let name = plugin
            .manifest
            .get("plugin")
            .and_then(Value::as_str)
            .unwrap_or("plugin");
        info.summary = format!("{} [plugin {name}]", info.summary);
        registry.register_factory(Arc::new(PluginFactory {
            plugin: plugin.clone(),
            info,
        }));
    }
}

/// A stage type a plugin provides.
#[derive(Debug)]
struct PluginFactory {
    plugin: Arc<LoadedPlugin>,
    info: StageInfo,
}

impl StageFactory for PluginFactory {
    fn info(&self) -> &StageInfo {
        &self.info
    }

    /// Defaults from the manifest, overridden by the table. The values are checked by the
    /// plugin itself, which only it can do: an instance is created and dropped.
    fn resolve_params(&self, table: &toml::Table) -> Result<toml::Table, CreateError> {
        match self.create(table, &StageEnv::default()) {
            Err(e @ CreateError::Param { .. }) => return Err(e),
            // Other failures (a value out of range) surface when the stage is created.
            Ok(_) | Err(CreateError::Init(_)) => {}
        }
        let mut out = toml::Table::new();
        for p in &self.info.params {
            if let Some(v) = table.get(&p.name).or(p.default.as_ref()) {
                out.insert(p.name.clone(), v.clone());
            }
        }
        Ok(out)
    }

    fn create(
        &self,
        table: &toml::Table,
        _env: &StageEnv,
    ) -> Result<Box<dyn DynStage>, CreateError> {
        let table_ptr = self.plugin.table;
        let ty = self.info.type_name.as_bytes();
        let params = serde_json::to_vec(table)
            .map_err(|e| CreateError::Init(StageError::new(e.to_string())))?;
        let mut instance: *mut c_void = std::ptr::null_mut();
        let mut err = Buf::empty();
        // SAFETY: both input slices are valid for reads for the call; `instance` and `err`
        // are valid for writes.
        let status = unsafe {
            (table_ptr.create)(
                ty.as_ptr(),
                ty.len(),
                params.as_ptr(),
                params.len(),
                &mut instance,
                &mut err,
            )
        };
        let message = take_buf(table_ptr, err);
        if status == STATUS_OK && !instance.is_null() {
            return Ok(Box::new(PluginInstance {
                plugin: self.plugin.clone(),
                instance,
                requires: self.info.requires.clone(),
                uses: self.info.uses.clone(),
                provides: self.info.provides.clone(),
            }));
        }
        // The SDK reports parameter errors as {"path", "message"}.
        if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(&message) {
            let msg = m
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("invalid parameters")
                .to_string();
            return Err(match m.get("path").and_then(Value::as_str) {
                Some(path) if !path.is_empty() && path != "." => CreateError::Param {
                    path: path.to_string(),
                    message: msg,
                },
                _ => CreateError::Init(StageError::new(msg)),
            });
        }
        let what = match status {
            STATUS_PANIC => "the plugin panicked while creating the stage",
            STATUS_BAD_INPUT => "the plugin refused the request",
            STATUS_ERROR => "the plugin could not create the stage",
            _ => "the plugin returned an unknown status",
        };
        Err(CreateError::Init(StageError::new(format!(
            "{what}: {}",
            String::from_utf8_lossy(&message)
        ))))
    }
}

/// A plugin stage instance.
struct PluginInstance {
    plugin: Arc<LoadedPlugin>,
    instance: *mut c_void,
    requires: Vec<String>,
    uses: Vec<String>,
    provides: Vec<String>,
}

// SAFETY: the ABI requires `process` to be callable from several threads at once on one
// instance (the SDK enforces it with `PluginStage: Send + Sync`), and the instance pointer
// is only passed back to the plugin, never dereferenced by the host.
unsafe impl Send for PluginInstance {}
// SAFETY: as above.
unsafe impl Sync for PluginInstance {}

impl Drop for PluginInstance {
    fn drop(&mut self) {
        // SAFETY: made by this plugin's `create`, destroyed exactly once here.
        unsafe { (self.plugin.table.destroy)(self.instance) };
    }
}

impl DynStage for PluginInstance {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut layers = Map::new();
        // The character index is built only when there are layers to render.
        if self
            .requires
            .iter()
            .chain(&self.uses)
            .any(|n| doc.layer(n).is_some())
        {
            let ctx = OutputContext::new(doc.text(), true);
            for name in self.requires.iter().chain(&self.uses) {
                if let Some(l) = doc.layer(name) {
                    layers.insert(name.clone(), l.to_json(&ctx));
                }
            }
        }
        // Serialised straight from borrowed fields: no copy of the text into a JSON value.
        #[derive(serde::Serialize)]
        struct Request<'a> {
            id: &'a str,
            text: &'a str,
            layers: &'a Map<String, Value>,
        }
        let request = Request {
            id: doc.id(),
            text: doc.text(),
            layers: &layers,
        };
        let mut input = Vec::with_capacity(doc.text().len() + 64);
        serde_json::to_writer(&mut input, &request).map_err(|e| StageError::new(e.to_string()))?;
        let table = self.plugin.table;
        let mut out = Buf::empty();
        // SAFETY: `instance` is alive (owned by self), the input is valid for reads during
        // the call, `out` is writable.
        let status =
            unsafe { (table.process)(self.instance, input.as_ptr(), input.len(), &mut out) };
        let bytes = take_buf(table, out);
        match status {
            STATUS_OK => {}
            STATUS_PANIC => {
                return Err(StageError::new(format!(
                    "the plugin panicked on this document: {}",
                    String::from_utf8_lossy(&bytes)
                )));
            }
            _ => {
                return Err(StageError::new(
                    String::from_utf8_lossy(&bytes).into_owned(),
                ));
            }
        }
        let response: Value = serde_json::from_slice(&bytes)
            .map_err(|e| StageError::new(format!("the plugin returned invalid JSON: {e}")))?;
        let Some(Value::Object(returned)) = response.get("layers") else {
            return Err(StageError::new(
                "the plugin's response has no `layers` object",
            ));
        };
        for name in returned.keys() {
            if !self.provides.contains(name) {
                return Err(StageError::new(format!(
                    "the plugin returned the layer `{name}`, which it does not declare (it provides: {})",
                    self.provides.join(", ")
                )));
            }
        }
        for name in &self.provides {
            let value = returned.get(name).ok_or_else(|| {
                StageError::new(format!("the plugin did not return its `{name}` layer"))
            })?;
            check_spans(value, doc.text(), name)?;
        }
        let Value::Object(mut returned) = response else {
            return Ok(());
        };
        let Some(Value::Object(returned)) = returned.remove("layers") else {
            return Ok(());
        };
        for (name, value) in returned {
            doc.insert_named(&name, Box::new(PluginLayer { value }));
        }
        Ok(())
    }
}

/// Every object with `byte_start`/`byte_end` must be a span of `text`: in bounds, on
/// character boundaries, and equal to its `text` when it gives one. Objects with
/// `start`/`end` but no byte offsets are refused: plugins give byte spans.
fn check_spans(v: &Value, text: &str, layer: &str) -> Result<(), StageError> {
    match v {
        Value::Object(m) => {
            let (bs, be) = (m.get("byte_start"), m.get("byte_end"));
            if bs.is_some() || be.is_some() {
                let (Some(s), Some(e)) = (bs.and_then(Value::as_u64), be.and_then(Value::as_u64))
                else {
                    return Err(StageError::new(format!(
                        "the plugin's `{layer}` layer has a span whose byte_start/byte_end are not both non-negative integers"
                    )));
                };
                let (s, e) = (s as usize, e as usize);
                if s > e || e > text.len() {
                    return Err(StageError::new(format!(
                        "the plugin's `{layer}` layer has a span {s}..{e} outside the text ({} bytes)",
                        text.len()
                    )));
                }
                if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                    return Err(StageError::new(format!(
                        "the plugin's `{layer}` layer has a span {s}..{e} that cuts a UTF-8 character"
                    )));
                }
                if let Some(t) = m.get("text")
                    && t.as_str() != Some(&text[s..e])
                {
                    return Err(StageError::new(format!(
                        "the plugin's `{layer}` layer has a span {s}..{e} whose `text` is not the text there"
                    )));
                }
            } else if m.contains_key("start") && m.contains_key("end") {
                return Err(StageError::new(format!(
                    "the plugin's `{layer}` layer gives a span as start/end: plugins give spans as byte_start/byte_end"
                )));
            }
            m.values().try_for_each(|x| check_spans(x, text, layer))
        }
        Value::Array(a) => a.iter().try_for_each(|x| check_spans(x, text, layer)),
        _ => Ok(()),
    }
}

/// A layer a plugin returned: JSON whose byte spans become the output's character spans.
#[derive(Debug)]
struct PluginLayer {
    value: Value,
}

impl Layer for PluginLayer {
    fn to_json(&self, out: &OutputContext<'_>) -> Value {
        convert(&self.value, out)
    }
}

fn convert(v: &Value, out: &OutputContext<'_>) -> Value {
    match v {
        Value::Object(m) => {
            let span = match (
                m.get("byte_start").and_then(Value::as_u64),
                m.get("byte_end").and_then(Value::as_u64),
            ) {
                (Some(s), Some(e)) => Some(presslens_core::Span::new(s as usize, e as usize)),
                _ => None,
            };
            let mut obj = Map::new();
            if let Some(span) = span {
                out.put_span(&mut obj, span);
            }
            for (k, x) in m {
                if span.is_some()
                    && matches!(
                        k.as_str(),
                        "byte_start" | "byte_end" | "text" | "start" | "end"
                    )
                {
                    continue;
                }
                obj.insert(k.clone(), convert(x, out));
            }
            Value::Object(obj)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| convert(x, out)).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_checked() {
        let text = "Hun Sen — “no”";
        let ok =
            serde_json::json!({"items": [{"byte_start": 0, "byte_end": 7, "text": "Hun Sen"}]});
        assert!(check_spans(&ok, text, "l").is_ok());
        let out_of_bounds = serde_json::json!([{"byte_start": 0, "byte_end": 700}]);
        assert!(
            check_spans(&out_of_bounds, text, "l")
                .unwrap_err()
                .to_string()
                .contains("outside")
        );
        let cut = serde_json::json!({"byte_start": 9, "byte_end": 10});
        assert!(
            check_spans(&cut, text, "l")
                .unwrap_err()
                .to_string()
                .contains("cuts")
        );
        let wrong_text = serde_json::json!({"byte_start": 0, "byte_end": 3, "text": "Sen"});
        assert!(check_spans(&wrong_text, text, "l").is_err());
        let chars = serde_json::json!({"start": 0, "end": 3});
        assert!(check_spans(&chars, text, "l").is_err());
        let negative = serde_json::json!({"byte_start": -1, "byte_end": 3});
        assert!(check_spans(&negative, text, "l").is_err());
    }

    #[test]
    fn byte_spans_become_character_spans() {
        let text = "— Hun Sen";
        let layer = PluginLayer {
            value: serde_json::json!({"who": {"byte_start": 4, "byte_end": 11, "label": "PERSON"}}),
        };
        let v = layer.to_json(&OutputContext::new(text, false));
        assert_eq!(
            v.to_string(),
            r#"{"who":{"start":2,"end":9,"text":"Hun Sen","label":"PERSON"}}"#
        );
    }
}
