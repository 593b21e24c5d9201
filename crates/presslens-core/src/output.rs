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

    /// Append `doc`'s output as compact JSON (no newline) to `w`: the bytes of serialising
    /// [`DocOutput::render`]'s result, written straight from the typed layers (see
    /// [`crate::Layer::write_json`]), which is what a streaming run of many documents
    /// wants.
    pub fn write_compact(
        doc: &Document,
        layers: &[String],
        errors: &[ErrorRecord],
        byte_offsets: bool,
        w: &mut Vec<u8>,
    ) -> serde_json::Result<()> {
        let ctx = OutputContext::new(doc.text(), byte_offsets);
        w.extend_from_slice(b"{\"format_version\":");
        serde_json::to_writer(&mut *w, &FORMAT_VERSION)?;
        w.extend_from_slice(b",\"id\":");
        serde_json::to_writer(&mut *w, doc.id())?;
        if !doc.meta.is_empty() {
            w.extend_from_slice(b",\"meta\":");
            serde_json::to_writer(&mut *w, &doc.meta)?;
        }
        for name in layers {
            if let Some(layer) = doc.layer(name) {
                w.push(b',');
                serde_json::to_writer(&mut *w, name)?;
                w.push(b':');
                layer.write_json(&ctx, w)?;
            }
        }
        w.extend_from_slice(b",\"errors\":");
        serde_json::to_writer(&mut *w, errors)?;
        w.push(b'}');
        Ok(())
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
    fn compact_output_is_the_rendered_output() {
        use crate::layers::quotes::{Quote, QuoteKind, Quotes, Speaker};
        use crate::layers::statistics::{Direction, StatKind, Statistic, Statistics};
        use crate::span::Span;
        let text = "“Prices rose 5% to $3.2 billion, not 3 \"points\",” said Hun Sen in Genève.";
        let mut doc = Document::new("d\"1", text).unwrap();
        doc.meta.insert("source".into(), "wire".into());
        let at = |s: &str| Span::new(text.find(s).unwrap(), text.find(s).unwrap() + s.len());
        doc.insert(Entities {
            mentions: vec![crate::layers::entities::Entity {
                span: at("Hun Sen"),
                label: crate::layers::entities::EntityLabel::Person,
                name: "Hun Sen".into(),
                value: None,
            }],
        });
        doc.insert(Quotes {
            quotes: vec![
                Quote {
                    span: at("Prices rose"),
                    kind: QuoteKind::Direct,
                    speaker: Some(Speaker {
                        name: "Hun Sen".into(),
                        mention: at("Hun Sen"),
                    }),
                    cue: Some(at("said")),
                },
                Quote {
                    span: at("not 3"),
                    kind: QuoteKind::Mixed,
                    speaker: None,
                    cue: None,
                },
            ],
        });
        let mut rise = Statistic::new(at("rose 5% to $3.2 billion"), StatKind::Change, 3.2e9);
        rise.previous = Some(f64::NAN);
        rise.direction = Some(Direction::Up);
        rise.unit = Some("USD".into());
        rise.upper = Some(0.5);
        rise.subject = Some(at("Prices"));
        let nan = Statistic::new(at("3"), StatKind::Count, f64::INFINITY);
        doc.insert(Statistics {
            items: vec![rise, nan],
        });
        doc.insert_named("custom", Box::new(JsonLayer { value: 7.into() }));
        let layers: Vec<String> = ["quotes", "entities", "custom", "statistics", "missing"]
            .map(String::from)
            .into();
        let errors = vec![ErrorRecord {
            stage: "x".into(),
            message: "failed \"here\"".into(),
        }];
        for byte_offsets in [false, true] {
            let rendered = DocOutput::render(&doc, &layers, errors.clone(), byte_offsets);
            let mut compact = Vec::new();
            DocOutput::write_compact(&doc, &layers, &errors, byte_offsets, &mut compact).unwrap();
            assert_eq!(
                String::from_utf8(compact).unwrap(),
                serde_json::to_string(&rendered).unwrap()
            );
        }
    }

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
