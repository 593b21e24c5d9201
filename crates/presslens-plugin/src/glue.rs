//! The plugin side of the C ABI, called by the functions [`crate::export_plugin!`]
//! generates. Not for direct use.
//!
//! Every entry point catches panics (a panic must never unwind into the host) and turns
//! them into [`STATUS_PANIC`] with the panic message.
#![allow(unsafe_code)]

use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::{Map, Value, json};

use crate::abi::{Buf, STATUS_BAD_INPUT, STATUS_ERROR, STATUS_OK, STATUS_PANIC};
use crate::{PluginDocument, PluginStage};

/// A created stage, type-erased.
trait ErasedStage: Send + Sync {
    fn process(&self, input: &[u8]) -> Result<Vec<u8>, String>;
}

impl<S: PluginStage> ErasedStage for S {
    fn process(&self, input: &[u8]) -> Result<Vec<u8>, String> {
        let doc: PluginDocument = serde_json::from_slice(input)
            .map_err(|e| format!("the host sent a request the plugin cannot read: {e}"))?;
        let out = PluginStage::process(self, &doc)?;
        serde_json::to_vec(&json!({ "layers": out.layers })).map_err(|e| e.to_string())
    }
}

/// What the plugin exports of one stage type.
#[derive(Debug)]
pub struct StageEntry {
    type_name: fn() -> &'static str,
    manifest: fn() -> Value,
    create: fn(Value) -> Result<Box<dyn ErasedStageBox>, Value>,
}

/// Object-safe handle to a created stage, so that `create` can return it without naming
/// the stage type.
pub trait ErasedStageBox: Send + Sync {
    /// Analyse one request.
    fn run(&self, input: &[u8]) -> Result<Vec<u8>, String>;
}

impl<T: ErasedStage> ErasedStageBox for T {
    fn run(&self, input: &[u8]) -> Result<Vec<u8>, String> {
        self.process(input)
    }
}

impl StageEntry {
    /// The entry of stage type `S`.
    pub const fn of<S: PluginStage>() -> StageEntry {
        StageEntry {
            type_name: type_name_of::<S>,
            manifest: manifest_of::<S>,
            create: create_of::<S>,
        }
    }
}

fn type_name_of<S: PluginStage>() -> &'static str {
    S::TYPE
}

fn manifest_of<S: PluginStage>() -> Value {
    let params: Vec<Value> = presslens_core::param_docs::<S::Params>()
        .into_iter()
        .map(|p| {
            json!({
                "name": p.name,
                "type": p.toml_type,
                "doc": p.doc,
                "default": p.default.map(|d| serde_json::to_value(d).unwrap_or(Value::Null)),
            })
        })
        .collect();
    json!({
        "type": S::TYPE,
        "summary": S::SUMMARY,
        "requires": S::REQUIRES,
        "uses": S::USES,
        "provides": S::PROVIDES,
        "params": params,
    })
}

fn create_of<S: PluginStage>(params: Value) -> Result<Box<dyn ErasedStageBox>, Value> {
    let p: S::Params = serde_path_to_error::deserialize(params).map_err(
        |e| json!({ "path": e.path().to_string(), "message": e.into_inner().to_string() }),
    )?;
    let stage = S::new(p).map_err(|m| json!({ "message": m }))?;
    Ok(Box::new(stage))
}

/// Move `bytes` into a [`Buf`] the host will hand back to [`free_buf`].
fn to_buf(bytes: Vec<u8>) -> Buf {
    let mut bytes = std::mem::ManuallyDrop::new(bytes);
    Buf {
        ptr: bytes.as_mut_ptr(),
        len: bytes.len(),
        cap: bytes.capacity(),
    }
}

/// Store `bytes` in `*out` when `out` is not null.
///
/// # Safety
/// `out` is null or valid for writes of a `Buf`.
unsafe fn put(out: *mut Buf, bytes: Vec<u8>) {
    if !out.is_null() {
        // SAFETY: non-null and valid for writes by the caller's contract.
        unsafe { out.write(to_buf(bytes)) };
    }
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// # Safety
/// `ptr` is null (then `len` is 0) or valid for reads of `len` bytes.
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> Option<&'a [u8]> {
    if ptr.is_null() {
        return (len == 0).then_some(&[]);
    }
    // SAFETY: non-null and valid for `len` bytes by the caller's contract.
    Some(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// The manifest entry point.
///
/// # Safety
/// `out` is null or valid for writes of a `Buf`.
pub unsafe fn manifest(name: &str, version: &str, stages: &[StageEntry], out: *mut Buf) -> i32 {
    let r = catch_unwind(|| {
        let stages: Vec<Value> = stages.iter().map(|s| (s.manifest)()).collect();
        serde_json::to_vec(&json!({
            "abi_version": crate::abi::ABI_VERSION,
            "plugin": name,
            "plugin_version": version,
            "stages": stages,
        }))
    });
    match r {
        Ok(Ok(v)) => {
            // SAFETY: forwarded caller contract.
            unsafe { put(out, v) };
            STATUS_OK
        }
        Ok(Err(e)) => {
            // SAFETY: forwarded caller contract.
            unsafe { put(out, e.to_string().into_bytes()) };
            STATUS_ERROR
        }
        Err(p) => {
            // SAFETY: forwarded caller contract.
            unsafe { put(out, panic_message(p).into_bytes()) };
            STATUS_PANIC
        }
    }
}

/// The create entry point.
///
/// # Safety
/// Pointer/length pairs are valid for reads; `instance` and `err` are null or valid for
/// writes.
pub unsafe fn create(
    stages: &[StageEntry],
    type_ptr: *const u8,
    type_len: usize,
    params_ptr: *const u8,
    params_len: usize,
    instance: *mut *mut c_void,
    err: *mut Buf,
) -> i32 {
    // SAFETY: forwarded caller contract.
    let (Some(ty), Some(params)) = (unsafe { bytes(type_ptr, type_len) }, unsafe {
        bytes(params_ptr, params_len)
    }) else {
        return STATUS_BAD_INPUT;
    };
    if instance.is_null() {
        return STATUS_BAD_INPUT;
    }
    let r = catch_unwind(AssertUnwindSafe(
        || -> Result<Box<dyn ErasedStageBox>, (i32, Vec<u8>)> {
            let ty = std::str::from_utf8(ty)
                .map_err(|_| (STATUS_BAD_INPUT, b"stage type is not UTF-8".to_vec()))?;
            let entry = stages
                .iter()
                .find(|s| (s.type_name)() == ty)
                .ok_or_else(|| {
                    (
                        STATUS_BAD_INPUT,
                        format!("this plugin has no stage type `{ty}`").into_bytes(),
                    )
                })?;
            let params: Value = if params.is_empty() {
                Value::Object(Map::new())
            } else {
                serde_json::from_slice(params).map_err(|e| {
                    (
                        STATUS_BAD_INPUT,
                        format!("parameters are not JSON: {e}").into_bytes(),
                    )
                })?
            };
            (entry.create)(params)
                .map_err(|v| (STATUS_ERROR, serde_json::to_vec(&v).unwrap_or_default()))
        },
    ));
    match r {
        Ok(Ok(stage)) => {
            let raw = Box::into_raw(Box::new(stage)) as *mut c_void;
            // SAFETY: `instance` is non-null (checked) and valid for writes by contract.
            unsafe { instance.write(raw) };
            STATUS_OK
        }
        Ok(Err((status, msg))) => {
            // SAFETY: forwarded caller contract.
            unsafe { put(err, msg) };
            status
        }
        Err(p) => {
            // SAFETY: forwarded caller contract.
            unsafe { put(err, panic_message(p).into_bytes()) };
            STATUS_PANIC
        }
    }
}

/// The process entry point.
///
/// # Safety
/// `instance` comes from [`create`] and is not destroyed; the input is valid for reads;
/// `out` is null or valid for writes.
pub unsafe fn process(
    instance: *mut c_void,
    input_ptr: *const u8,
    input_len: usize,
    out: *mut Buf,
) -> i32 {
    if instance.is_null() {
        return STATUS_BAD_INPUT;
    }
    // SAFETY: forwarded caller contract.
    let Some(input) = (unsafe { bytes(input_ptr, input_len) }) else {
        return STATUS_BAD_INPUT;
    };
    // SAFETY: `instance` was made by `create` from a `Box<Box<dyn ErasedStageBox>>` and is
    // alive; only shared references are taken, and the stage is `Sync`.
    let stage: &dyn ErasedStageBox = unsafe { &**(instance as *const Box<dyn ErasedStageBox>) };
    match catch_unwind(AssertUnwindSafe(|| stage.run(input))) {
        Ok(Ok(v)) => {
            // SAFETY: forwarded caller contract.
            unsafe { put(out, v) };
            STATUS_OK
        }
        Ok(Err(m)) => {
            // SAFETY: forwarded caller contract.
            unsafe { put(out, m.into_bytes()) };
            STATUS_ERROR
        }
        Err(p) => {
            // SAFETY: forwarded caller contract.
            unsafe { put(out, panic_message(p).into_bytes()) };
            STATUS_PANIC
        }
    }
}

/// The destroy entry point.
///
/// # Safety
/// `instance` comes from [`create`] and is destroyed once.
pub unsafe fn destroy(instance: *mut c_void) {
    if instance.is_null() {
        return;
    }
    // SAFETY: made by `create` with `Box::into_raw`, destroyed once by contract. A panic in
    // a stage's destructor must not unwind into the host.
    let _ = catch_unwind(AssertUnwindSafe(|| unsafe {
        drop(Box::from_raw(instance as *mut Box<dyn ErasedStageBox>));
    }));
}

/// The free_buf entry point.
///
/// # Safety
/// `buf` was returned by this glue and is freed once, unchanged.
pub unsafe fn free_buf(buf: Buf) {
    if !buf.ptr.is_null() {
        // SAFETY: rebuilt from exactly the parts `to_buf` leaked.
        drop(unsafe { Vec::from_raw_parts(buf.ptr, buf.len, buf.cap) });
    }
}
