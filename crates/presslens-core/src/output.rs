//! One document's result in the output contract (`../shared/spec/output-format.md`).

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::document::Document;
use crate::layers::OutputContext;

/// The version of the output contract this crate writes.
pub const FORMAT_VERSION: u32 = 1;

/// A stage's failure on one document, as the output's `errors` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ErrorRecord {
    /// The id of the stage that failed (`input` for a document that could not be read).
    pub stage: String,
    /// What went wrong.
    pub message: String,
}

/// The output object of one document: what `presslens run` writes per document and what
/// the library returns to users who snapshot their analyses.
///
/// Serialises with the contract's key order: `format_version`, `id`, `meta` (when the
/// input had other fields), one key per output layer in pipeline order, `errors`.
#[derive(Debug, Clone, PartialEq)]
pub struct DocOutput {
    /// The document's id.
    pub id: String,
    /// Fields of the input record other than `id` and `text`.
    pub meta: Map<String, Value>,
    /// The rendered layers, in pipeline order.
    pub layers: Vec<(String, Value)>,
    /// Stages that failed on this document.
    pub errors: Vec<ErrorRecord>,
}

impl DocOutput {
    /// Render `doc`: the layers named in `layers` that it has, in that order; missing ones
    /// (their stage failed) are left out, the failure being in `errors`.
    pub fn render(
        doc: &Document,
        layers: &[String],
        errors: Vec<ErrorRecord>,
        byte_offsets: bool,
    ) -> DocOutput {
        let ctx = OutputContext::new(doc.text(), byte_offsets);
        let rendered = layers
            .iter()
            .filter_map(|name| doc.layer(name).map(|l| (name.clone(), l.to_json(&ctx))))
            .collect();
        DocOutput {
            id: doc.id().to_string(),
            meta: doc.meta.clone(),
            layers: rendered,
            errors,
        }
    }

    /// The output of a document that could not be read at all.
    pub fn failed(
        id: impl Into<String>,
        meta: Map<String, Value>,
        error: ErrorRecord,
    ) -> DocOutput {
        DocOutput {
            id: id.into(),
            meta,
            layers: Vec::new(),
            errors: vec![error],
        }
    }

    /// The rendered layer named `name`.
    pub fn layer(&self, name: &str) -> Option<&Value> {
        self.layers.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

impl Serialize for DocOutput {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let meta = !self.meta.is_empty();
        let mut map = serializer.serialize_map(Some(3 + usize::from(meta) + self.layers.len()))?;
        map.serialize_entry("format_version", &FORMAT_VERSION)?;
        map.serialize_entry("id", &self.id)?;
        if meta {
            map.serialize_entry("meta", &self.meta)?;
        }
        for (name, value) in &self.layers {
            map.serialize_entry(name, value)?;
        }
        map.serialize_entry("errors", &self.errors)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::JsonLayer;
    use crate::layers::entities::Entities;

    #[test]
    fn key_order_follows_the_contract() {
        let mut doc = Document::new("a", "text").unwrap();
        doc.meta.insert("source".into(), "wire".into());
        doc.insert(Entities::default());
        doc.insert_named("custom", Box::new(JsonLayer { value: 7.into() }));
        let out = DocOutput::render(
            &doc,
            &["custom".into(), "entities".into(), "quotes".into()],
            vec![ErrorRecord {
                stage: "quotes".into(),
                message: "failed".into(),
            }],
            false,
        );
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            r#"{"format_version":1,"id":"a","meta":{"source":"wire"},"custom":7,"entities":[],"errors":[{"stage":"quotes","message":"failed"}]}"#
        );
    }
}
