//! The C ABI between the presslens host and a plugin library, version 1.
//!
//! Rust has no stable ABI, so nothing Rust-specific crosses the boundary: no trait objects,
//! no `String` or `Vec`, no panics. A plugin library exports one symbol,
//! [`ENTRY_SYMBOL_V1`], a function returning a pointer to a [`PluginTableV1`] that lives as
//! long as the library. The table starts with its ABI version and its own size, so that a
//! later version can add functions at the end and a host can tell what it got.
//!
//! Payloads are UTF-8 JSON in byte buffers. Whoever allocates a buffer frees it: the host
//! passes its buffers as (pointer, length) and keeps them; the plugin returns its buffers as
//! [`Buf`] and the host hands each back to the plugin's `free_buf` once it has copied it.
//! Status codes are plain `i32`s ([`STATUS_OK`], ...).
//!
//! The JSON payloads:
//! - `manifest` writes `{"abi_version": 1, "plugin": "...", "plugin_version": "...",
//!   "stages": [{"type", "summary", "requires", "uses", "provides", "params": [{"name",
//!   "type", "doc", "default"}]}]}`.
//! - `create` reads the stage type name and its parameters as a JSON object; on failure it
//!   writes `{"path": "key.path", "message": "..."}` (or a plain message).
//! - `process` reads `{"id", "text", "layers": {NAME: VALUE}}` holding only the layers the
//!   stage requires or uses, in the output format with `byte_start`/`byte_end` added to every
//!   span; it writes `{"layers": {NAME: VALUE}}` for the layers the stage provides, where
//!   any object with `byte_start`/`byte_end` is a span in UTF-8 bytes that the host checks
//!   and converts to the output's character offsets.

use std::ffi::c_void;

/// The ABI version this crate implements.
pub const ABI_VERSION: u32 = 1;

/// The name of the entry symbol of a version-1 plugin library.
pub const ENTRY_SYMBOL_V1: &str = "presslens_plugin_entry_v1";

/// Success; the output buffer holds the result.
pub const STATUS_OK: i32 = 0;
/// The call failed; the output buffer holds a message (UTF-8, or JSON for `create`).
pub const STATUS_ERROR: i32 = 1;
/// The plugin panicked and caught it; the output buffer holds the panic message.
pub const STATUS_PANIC: i32 = 2;
/// The arguments were invalid (a null pointer, bytes that are not UTF-8, an unknown type).
pub const STATUS_BAD_INPUT: i32 = 3;

/// A byte buffer allocated by the plugin. The host reads `len` bytes at `ptr` and returns
/// the buffer, unchanged, to the plugin's `free_buf`.
#[repr(C)]
#[derive(Debug)]
pub struct Buf {
    /// Start of the bytes; null for an empty buffer.
    pub ptr: *mut u8,
    /// Number of bytes.
    pub len: usize,
    /// Capacity of the allocation, for the plugin to free it.
    pub cap: usize,
}

impl Buf {
    /// An empty buffer that owns nothing.
    pub const fn empty() -> Buf {
        Buf {
            ptr: std::ptr::null_mut(),
            len: 0,
            cap: 0,
        }
    }
}

/// Writes the manifest JSON into `out`. Returns a status.
pub type ManifestFn = unsafe extern "C" fn(out: *mut Buf) -> i32;

/// Creates a stage instance of type `type_ptr[..type_len]` from the parameter JSON
/// `params_ptr[..params_len]`; on success stores an opaque instance pointer in `instance`.
/// On failure writes a message into `err`.
pub type CreateFn = unsafe extern "C" fn(
    type_ptr: *const u8,
    type_len: usize,
    params_ptr: *const u8,
    params_len: usize,
    instance: *mut *mut c_void,
    err: *mut Buf,
) -> i32;

/// Analyses one document: reads the request JSON `input_ptr[..input_len]` and writes the
/// response JSON (or an error message) into `out`. May be called from several threads at
/// once on the same instance.
pub type ProcessFn = unsafe extern "C" fn(
    instance: *mut c_void,
    input_ptr: *const u8,
    input_len: usize,
    out: *mut Buf,
) -> i32;

/// Destroys an instance made by `create`.
pub type DestroyFn = unsafe extern "C" fn(instance: *mut c_void);

/// Frees a buffer the plugin allocated.
pub type FreeBufFn = unsafe extern "C" fn(buf: Buf);

/// The function table of a version-1 plugin. New fields may only be added at the end, and
/// a host reads them only when `struct_size` says they are there.
#[repr(C)]
#[derive(Debug)]
pub struct PluginTableV1 {
    /// [`ABI_VERSION`] of the plugin.
    pub abi_version: u32,
    /// `size_of::<PluginTableV1>()` as the plugin was compiled.
    pub struct_size: u32,
    /// See [`ManifestFn`].
    pub manifest: ManifestFn,
    /// See [`CreateFn`].
    pub create: CreateFn,
    /// See [`ProcessFn`].
    pub process: ProcessFn,
    /// See [`DestroyFn`].
    pub destroy: DestroyFn,
    /// See [`FreeBufFn`].
    pub free_buf: FreeBufFn,
}

/// The type of the entry symbol.
pub type EntryFn = unsafe extern "C" fn() -> *const PluginTableV1;
