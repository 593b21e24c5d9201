//! The SDK for presslens runtime plugins: stages loaded from a shared library at run time,
//! for users who cannot rebuild the `presslens` binary.
//!
//! A plugin author implements the safe [`PluginStage`] trait and writes one
//! [`export_plugin!`] line; the macro generates every `extern "C"` function of the
//! [`abi`] and catches panics, so that a panicking plugin becomes an error for that
//! document instead of undefined behaviour. Nothing but JSON bytes crosses the boundary.
//!
//! ```
//! use presslens_plugin::{export_plugin, params, Output, PluginDocument, PluginStage};
//!
//! params! {
//!     /// Parameters of the `shout` stage.
//!     pub struct ShoutParams {
//!         /// Count only words of at least this many letters.
//!         pub min_len: usize = 1,
//!     }
//! }
//!
//! /// Counts words written in capitals.
//! pub struct Shout { min_len: usize }
//!
//! impl PluginStage for Shout {
//!     const TYPE: &'static str = "shout";
//!     const SUMMARY: &'static str = "Counts words written in capitals.";
//!     const REQUIRES: &'static [&'static str] = &[];
//!     const PROVIDES: &'static [&'static str] = &["shout"];
//!     type Params = ShoutParams;
//!
//!     fn new(params: ShoutParams) -> Result<Self, String> {
//!         Ok(Shout { min_len: params.min_len })
//!     }
//!
//!     fn process(&self, doc: &PluginDocument) -> Result<Output, String> {
//!         let n = doc.text.split_whitespace()
//!             .filter(|w| w.len() >= self.min_len && w.chars().all(|c| c.is_uppercase()))
//!             .count();
//!         Ok(Output::new().layer("shout", n.into()))
//!     }
//! }
//!
//! export_plugin!(name = "shout", stages = [Shout]);
//! # fn main() {}
//! ```
//!
//! The crate needs `presslens-plugin` and `serde` (which `params!` derives with) as
//! dependencies, nothing of presslens itself. Build it as a `cdylib` and name the library
//! in a config:
//! `[plugins] load = ["target/release/libshout.so"]`.
#![deny(missing_docs)]

pub mod abi;
#[doc(hidden)]
pub mod glue;

pub use presslens_core::{ParamField, Params, params};
pub use serde_json;
pub use serde_json::{Map, Value, json};

/// A stage that lives in a plugin library: the plugin-side twin of
/// `presslens_core::Stage`, with JSON in place of Rust layer types.
///
/// The host creates one instance per pipeline stage and calls [`PluginStage::process`] from
/// several threads at once, hence `Sync`.
pub trait PluginStage: Send + Sync + Sized + 'static {
    /// The type name used in configs.
    const TYPE: &'static str;
    /// One line saying what the stage does.
    const SUMMARY: &'static str;
    /// Layers an earlier stage must provide; they are passed to `process`.
    const REQUIRES: &'static [&'static str];
    /// Layers passed to `process` when an earlier stage provides them.
    const USES: &'static [&'static str] = &[];
    /// Layers this stage returns.
    const PROVIDES: &'static [&'static str];
    /// The parameters, declared with [`params!`].
    type Params: Params;

    /// Build the stage from its parameters; the message of an error is shown to the user.
    fn new(params: Self::Params) -> Result<Self, String>;

    /// Analyse one document. An error becomes an error for this document only.
    fn process(&self, doc: &PluginDocument) -> Result<Output, String>;
}

/// One document as a plugin sees it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct PluginDocument {
    /// The document's id.
    pub id: String,
    /// The document's text.
    pub text: String,
    /// The layers the stage requires or uses, in the output format, every span with
    /// `byte_start`/`byte_end` (UTF-8 byte offsets into `text`) besides `start`/`end`
    /// (character offsets).
    #[serde(default)]
    pub layers: Map<String, Value>,
}

impl PluginDocument {
    /// The layer named `name`, if the host passed it.
    pub fn layer(&self, name: &str) -> Option<&Value> {
        self.layers.get(name)
    }

    /// The text of a span object given to the plugin (by its byte offsets).
    pub fn span_text(&self, span: &Value) -> Option<&str> {
        let s = span.get("byte_start")?.as_u64()? as usize;
        let e = span.get("byte_end")?.as_u64()? as usize;
        self.text.get(s..e)
    }
}

/// A span for the plugin's output: UTF-8 byte offsets into the document's text. The host
/// checks that it lies within the text and on character boundaries, and writes it with the
/// output's character offsets and text.
pub fn span(byte_start: usize, byte_end: usize) -> Value {
    let mut m = Map::new();
    m.insert("byte_start".into(), byte_start.into());
    m.insert("byte_end".into(), byte_end.into());
    Value::Object(m)
}

/// What a stage returns: a value per provided layer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    /// The layers, by name.
    pub layers: Map<String, Value>,
}

impl Output {
    /// No layers yet.
    pub fn new() -> Output {
        Output::default()
    }

    /// Add the layer `name`.
    pub fn layer(mut self, name: &str, value: Value) -> Output {
        self.layers.insert(name.to_string(), value);
        self
    }
}

/// Exports the plugin's stage types through the C ABI. Use it once, at the crate root of a
/// `cdylib` crate: `export_plugin!(name = "my-plugin", stages = [StageA, StageB]);`
#[macro_export]
macro_rules! export_plugin {
    (name = $name:expr, stages = [$($stage:ty),+ $(,)?] $(,)?) => {
        #[doc(hidden)]
        #[allow(unsafe_code, missing_docs)]
        pub mod __presslens_plugin_export {
            use super::*;
            use $crate::abi::{Buf, PluginTableV1};
            use $crate::glue::StageEntry;

            static STAGES: &[StageEntry] = &[$(StageEntry::of::<$stage>()),+];
            const NAME: &str = $name;
            const VERSION: &str = env!("CARGO_PKG_VERSION");

            unsafe extern "C" fn manifest(out: *mut Buf) -> i32 {
                // SAFETY: the host passes a valid, writable `Buf` (the ABI's contract).
                unsafe { $crate::glue::manifest(NAME, VERSION, STAGES, out) }
            }

            unsafe extern "C" fn create(
                type_ptr: *const u8,
                type_len: usize,
                params_ptr: *const u8,
                params_len: usize,
                instance: *mut *mut ::std::ffi::c_void,
                err: *mut Buf,
            ) -> i32 {
                // SAFETY: pointers and lengths come from the host as the ABI prescribes.
                unsafe { $crate::glue::create(STAGES, type_ptr, type_len, params_ptr, params_len, instance, err) }
            }

            unsafe extern "C" fn process(
                instance: *mut ::std::ffi::c_void,
                input_ptr: *const u8,
                input_len: usize,
                out: *mut Buf,
            ) -> i32 {
                // SAFETY: `instance` was made by `create` above; buffers follow the ABI.
                unsafe { $crate::glue::process(instance, input_ptr, input_len, out) }
            }

            unsafe extern "C" fn destroy(instance: *mut ::std::ffi::c_void) {
                // SAFETY: `instance` was made by `create` above and is destroyed once.
                unsafe { $crate::glue::destroy(instance) }
            }

            unsafe extern "C" fn free_buf(buf: Buf) {
                // SAFETY: `buf` was allocated by this plugin's glue and is freed once.
                unsafe { $crate::glue::free_buf(buf) }
            }

            static TABLE: PluginTableV1 = PluginTableV1 {
                abi_version: $crate::abi::ABI_VERSION,
                struct_size: ::std::mem::size_of::<PluginTableV1>() as u32,
                manifest,
                create,
                process,
                destroy,
                free_buf,
            };

            /// The plugin's entry point.
            #[unsafe(no_mangle)]
            pub extern "C" fn presslens_plugin_entry_v1() -> *const PluginTableV1 {
                &TABLE
            }
        }
    };
}
