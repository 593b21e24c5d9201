//! The `Stage` trait, stage parameters and the factories the runner's registry holds.

use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::document::Document;
use crate::error::{CreateError, StageError};

/// An analysis step: reads some layers of a document and adds others.
///
/// A stage is created once from its parameters and then shared by every worker thread
/// (hence `Sync`): keep per-document state on the stack of [`Stage::process`], and build
/// expensive things (automata, lexicons) in [`Stage::new`]. `process` must not panic on any
/// input; return a [`StageError`] for a document it cannot handle, and the runner records
/// it and carries on.
///
/// ```
/// use presslens_core::{params, Document, Stage, StageEnv, StageError};
/// use presslens_core::layers::JsonLayer;
///
/// params! {
///     /// Parameters of the `length` stage.
///     pub struct LengthParams {
///         /// Count characters instead of bytes.
///         pub chars: bool = true,
///     }
/// }
///
/// /// Publishes the document's length.
/// pub struct Length { chars: bool }
///
/// impl Stage for Length {
///     const TYPE: &'static str = "length";
///     const SUMMARY: &'static str = "The document's length.";
///     const REQUIRES: &'static [&'static str] = &[];
///     const PROVIDES: &'static [&'static str] = &["length"];
///     type Params = LengthParams;
///
///     fn new(params: LengthParams, _env: &StageEnv) -> Result<Self, StageError> {
///         Ok(Length { chars: params.chars })
///     }
///
///     fn process(&self, doc: &mut Document) -> Result<(), StageError> {
///         let n = if self.chars { doc.text().chars().count() } else { doc.text().len() };
///         doc.insert_named("length", Box::new(JsonLayer { value: n.into() }));
///         Ok(())
///     }
/// }
/// ```
pub trait Stage: Send + Sync + Sized + 'static {
    /// The type name used in configs (`type = "quote"`) and in `presslens stages`.
    const TYPE: &'static str;
    /// One line saying what the stage does, for `presslens stages`.
    const SUMMARY: &'static str;
    /// Layers that an earlier stage must provide.
    const REQUIRES: &'static [&'static str];
    /// Layers used when an earlier stage provides them, and done without otherwise.
    const USES: &'static [&'static str] = &[];
    /// Layers this stage adds.
    const PROVIDES: &'static [&'static str];
    /// The stage's parameters, read from its table in the config.
    type Params: Params;

    /// Build the stage from its parameters.
    fn new(params: Self::Params, env: &StageEnv) -> Result<Self, StageError>;

    /// Analyse one document, adding the layers in [`Stage::PROVIDES`].
    fn process(&self, doc: &mut Document) -> Result<(), StageError>;
}

/// What a stage instance needs to know about where it is configured.
#[derive(Debug, Clone, Default)]
pub struct StageEnv {
    /// The stage's id in the pipeline (its `[stage.ID]` table).
    pub stage_id: String,
    /// The directory of the config file, against which relative paths in parameters are
    /// resolved; `None` for a pipeline built in code or the embedded default.
    pub config_dir: Option<PathBuf>,
}

impl StageEnv {
    /// Resolve a path given in a parameter: relative paths are relative to the config file,
    /// so that a config and its data files can move together.
    pub fn resolve(&self, path: impl AsRef<Path>) -> PathBuf {
        let path = path.as_ref();
        match &self.config_dir {
            Some(dir) if path.is_relative() => dir.join(path),
            _ => path.to_path_buf(),
        }
    }
}

/// A stage's parameters: a serde struct with defaults for every field, unknown keys
/// refused, and a documentation string per field. Write them with [`params!`](crate::params),
/// which derives all of it from one declaration.
pub trait Params: DeserializeOwned + Serialize + Default + Send + Sync + 'static {
    /// Name, type and documentation of each field, in declaration order.
    fn fields() -> &'static [ParamField];
}

/// Static description of one parameter field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamField {
    /// The key in the stage's table.
    pub name: &'static str,
    /// The Rust type, as written in the declaration.
    pub rust_type: &'static str,
    /// The field's doc comment.
    pub doc: &'static str,
}

/// Documentation of one parameter, with its default, as `presslens stages` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamDoc {
    /// The key in the stage's table.
    pub name: String,
    /// The TOML type expected ("boolean", "array of strings", ...).
    pub toml_type: String,
    /// What the parameter does.
    pub doc: String,
    /// The default value, when it has a TOML form (`None` for an unset optional).
    pub default: Option<toml::Value>,
}

/// Everything the runner knows about a stage type without creating it.
#[derive(Debug, Clone, PartialEq)]
pub struct StageInfo {
    /// The type name (`type = "..."` in a config).
    pub type_name: String,
    /// One line saying what it does.
    pub summary: String,
    /// Layers an earlier stage must provide.
    pub requires: Vec<String>,
    /// Layers used when present.
    pub uses: Vec<String>,
    /// Layers it adds.
    pub provides: Vec<String>,
    /// Its parameters.
    pub params: Vec<ParamDoc>,
}

/// A created stage as the runner holds it: the object-safe half of [`Stage`].
pub trait DynStage: Send + Sync {
    /// Analyse one document.
    fn process(&self, doc: &mut Document) -> Result<(), StageError>;
}

impl<S: Stage> DynStage for S {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        Stage::process(self, doc)
    }
}

/// Makes stages of one type from config tables. The runner's registry maps type names to
/// factories; compiled-in stages get one from [`factory`], runtime plugins implement it
/// themselves.
pub trait StageFactory: Send + Sync {
    /// The stage type's description.
    fn info(&self) -> &StageInfo;

    /// The parameters in `table` (the stage's table without `type`) with every default
    /// filled in, as `presslens explain` prints them.
    fn resolve_params(&self, table: &toml::Table) -> Result<toml::Table, CreateError>;

    /// Create a stage from its table.
    fn create(&self, table: &toml::Table, env: &StageEnv)
    -> Result<Box<dyn DynStage>, CreateError>;
}

/// The factory of a compiled-in stage type.
pub fn factory<S: Stage>() -> Box<dyn StageFactory> {
    Box::new(TypedFactory::<S> {
        info: StageInfo {
            type_name: S::TYPE.to_string(),
            summary: S::SUMMARY.to_string(),
            requires: S::REQUIRES.iter().map(|s| s.to_string()).collect(),
            uses: S::USES.iter().map(|s| s.to_string()).collect(),
            provides: S::PROVIDES.iter().map(|s| s.to_string()).collect(),
            params: param_docs::<S::Params>(),
        },
        _stage: PhantomData,
    })
}

struct TypedFactory<S> {
    info: StageInfo,
    _stage: PhantomData<fn() -> S>,
}

impl<S> fmt::Debug for TypedFactory<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedFactory")
            .field("type", &self.info.type_name)
            .finish()
    }
}

impl<S: Stage> TypedFactory<S> {
    fn parse(table: &toml::Table) -> Result<S::Params, CreateError> {
        let value = toml::Value::Table(table.clone());
        serde_path_to_error::deserialize(value).map_err(|e| CreateError::Param {
            path: e.path().to_string(),
            message: e.into_inner().to_string(),
        })
    }
}

impl<S: Stage> StageFactory for TypedFactory<S> {
    fn info(&self) -> &StageInfo {
        &self.info
    }

    fn resolve_params(&self, table: &toml::Table) -> Result<toml::Table, CreateError> {
        let params = Self::parse(table)?;
        Ok(to_table(&params))
    }

    fn create(
        &self,
        table: &toml::Table,
        env: &StageEnv,
    ) -> Result<Box<dyn DynStage>, CreateError> {
        let params = Self::parse(table)?;
        Ok(Box::new(S::new(params, env)?))
    }
}

fn to_table<P: Serialize>(params: &P) -> toml::Table {
    match toml::Table::try_from(params) {
        Ok(t) => t,
        Err(_) => toml::Table::new(),
    }
}

/// The documentation of a parameter struct, defaults included.
pub fn param_docs<P: Params>() -> Vec<ParamDoc> {
    let defaults = to_table(&P::default());
    P::fields()
        .iter()
        .map(|f| ParamDoc {
            name: f.name.to_string(),
            toml_type: match toml_type_name(f.rust_type) {
                // A type of the stage's own (an enum of choices): name the TOML type its
                // default is written in.
                t if t == f.rust_type.replace(' ', "") => {
                    defaults.get(f.name).map_or(t, |v| v.type_str().to_string())
                }
                t => t,
            },
            doc: f
                .doc
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
                .trim()
                .to_string(),
            default: defaults.get(f.name).cloned(),
        })
        .collect()
}

/// The TOML type a user writes for a Rust field type, for documentation and error messages.
pub fn toml_type_name(rust: &str) -> String {
    let t: String = rust.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(inner) = t.strip_prefix("Option<").and_then(|s| s.strip_suffix('>')) {
        return format!("{} (optional)", toml_type_name(inner));
    }
    if let Some(inner) = t
        .strip_prefix("Vec<")
        .or_else(|| t.strip_prefix("BTreeSet<"))
        .and_then(|s| s.strip_suffix('>'))
    {
        let inner = toml_type_name(inner);
        let plural = match inner.as_str() {
            "boolean" => "booleans".to_string(),
            "string" => "strings".to_string(),
            "integer" => "integers".to_string(),
            "float" => "floats".to_string(),
            "path" => "paths".to_string(),
            other => other.to_string(),
        };
        return format!("array of {plural}");
    }
    if t.starts_with("BTreeMap<") || t.starts_with("HashMap<") {
        return "table".to_string();
    }
    match t.as_str() {
        "bool" => "boolean",
        "String" | "&str" | "char" => "string",
        "PathBuf" | "std::path::PathBuf" => "path",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            "integer"
        }
        "f32" | "f64" => "float",
        _ => return t,
    }
    .to_string()
}

/// Declares a stage's parameter struct: every field with its doc comment and default, in
/// one place. It derives `Serialize`/`Deserialize` with `deny_unknown_fields` (a misspelt
/// key is an error, not a silently ignored setting) and `default` (every key is optional),
/// implements `Default` from the declared defaults, and [`Params`] from the doc comments.
/// The crate using it needs `serde` as a dependency.
///
/// ```
/// presslens_core::params! {
///     /// Parameters of an example stage.
///     pub struct ExampleParams {
///         /// Skip paragraphs marked as boilerplate.
///         pub skip_boilerplate: bool = true,
///         /// Extra words to look for.
///         pub words: Vec<String> = Vec::new(),
///     }
/// }
/// let p = ExampleParams::default();
/// assert!(p.skip_boilerplate);
/// ```
#[macro_export]
macro_rules! params {
    (
        $(#[doc = $sdoc:literal])*
        $vis:vis struct $name:ident {
            $(
                $(#[doc = $fdoc:literal])*
                $fvis:vis $field:ident : $ty:ty = $default:expr
            ),* $(,)?
        }
    ) => {
        $(#[doc = $sdoc])*
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(deny_unknown_fields, default)]
        $vis struct $name {
            $(
                $(#[doc = $fdoc])*
                $fvis $field: $ty,
            )*
        }

        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self { $($field: $default,)* }
            }
        }

        impl $crate::Params for $name {
            fn fields() -> &'static [$crate::ParamField] {
                &[
                    $(
                        $crate::ParamField {
                            name: stringify!($field),
                            rust_type: stringify!($ty),
                            doc: concat!($($fdoc, "\n",)* ""),
                        },
                    )*
                ]
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::JsonLayer;

    crate::params! {
        /// Test parameters.
        struct TestParams {
            /// A flag.
            /// Second line.
            flag: bool = true,
            /// Some names.
            names: Vec<String> = vec!["a".into()],
            /// A limit.
            limit: Option<u32> = None,
        }
    }

    crate::params! {
        /// No parameters at all.
        struct NoParams {}
    }

    struct Echo {
        flag: bool,
    }

    impl Stage for Echo {
        const TYPE: &'static str = "echo";
        const SUMMARY: &'static str = "Echoes its flag.";
        const REQUIRES: &'static [&'static str] = &["text"];
        const PROVIDES: &'static [&'static str] = &["echo"];
        type Params = TestParams;

        fn new(params: TestParams, _env: &StageEnv) -> Result<Self, StageError> {
            if params.limit == Some(0) {
                return Err(StageError::new("limit must be positive"));
            }
            Ok(Echo { flag: params.flag })
        }

        fn process(&self, doc: &mut Document) -> Result<(), StageError> {
            doc.insert_named(
                "echo",
                Box::new(JsonLayer {
                    value: self.flag.into(),
                }),
            );
            Ok(())
        }
    }

    #[test]
    fn docs_come_from_the_declaration() {
        let docs = param_docs::<TestParams>();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].name, "flag");
        assert_eq!(docs[0].doc, "A flag. Second line.");
        assert_eq!(docs[0].toml_type, "boolean");
        assert_eq!(docs[0].default, Some(toml::Value::Boolean(true)));
        assert_eq!(docs[1].toml_type, "array of strings");
        assert_eq!(docs[2].toml_type, "integer (optional)");
        assert_eq!(docs[2].default, None);
        assert!(param_docs::<NoParams>().is_empty());
    }

    #[test]
    fn factory_parses_with_key_paths() {
        let f = factory::<Echo>();
        assert_eq!(f.info().requires, ["text"]);
        let env = StageEnv::default();
        let table: toml::Table = toml::from_str("flag = false").unwrap();
        let stage = f.create(&table, &env).unwrap();
        let mut doc = Document::new("d", "x").unwrap();
        stage.process(&mut doc).unwrap();
        assert!(doc.layer("echo").is_some());

        let bad: toml::Table = toml::from_str("names = [\"a\", 3]").unwrap();
        match f.create(&bad, &env) {
            Err(CreateError::Param { path, message }) => {
                assert_eq!(path, "names[1]");
                assert!(message.contains("expected a string"), "{message}");
            }
            other => panic!("{:?}", other.err()),
        }
        let zero: toml::Table = toml::from_str("limit = 0").unwrap();
        assert!(matches!(f.create(&zero, &env), Err(CreateError::Init(_))));

        let resolved = f.resolve_params(&toml::Table::new()).unwrap();
        assert_eq!(resolved.get("flag"), Some(&toml::Value::Boolean(true)));
    }

    #[test]
    fn type_names() {
        assert_eq!(
            toml_type_name("Option < Vec < String > >"),
            "array of strings (optional)"
        );
        assert_eq!(toml_type_name("PathBuf"), "path");
        assert_eq!(toml_type_name("f64"), "float");
        assert_eq!(toml_type_name("BTreeMap<String, String>"), "table");
    }

    #[test]
    fn relative_paths_follow_the_config() {
        let env = StageEnv {
            stage_id: "x".into(),
            config_dir: Some(PathBuf::from("/etc/presslens")),
        };
        assert_eq!(
            env.resolve("names.tsv"),
            PathBuf::from("/etc/presslens/names.tsv")
        );
        assert_eq!(env.resolve("/abs/n.tsv"), PathBuf::from("/abs/n.tsv"));
    }
}
