//! The document: text, metadata and annotation layers.

use std::any::Any;

use serde_json::{Map, Value};

use crate::error::{DocumentError, StageError};
use crate::layers::{Layer, LayerType};
use crate::span::MAX_TEXT_LEN;

/// One document on its way through the pipeline.
///
/// The text never changes once the document exists, because every span of every layer is
/// a byte range into it. Layers are kept in the order stages added them, which is the order
/// a reader of the output expects.
#[derive(Debug)]
pub struct Document {
    id: String,
    text: String,
    /// Fields of the input record other than `id` and `text`, copied to the output's `meta`.
    pub meta: Map<String, Value>,
    layers: Vec<(String, Box<dyn Layer>)>,
}

impl Document {
    /// A document with no layers. Fails only for a text longer than spans can address
    /// ([`MAX_TEXT_LEN`]).
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Result<Document, DocumentError> {
        let id = id.into();
        let text = text.into();
        if text.len() > MAX_TEXT_LEN {
            return Err(DocumentError::TooLong {
                id,
                len: text.len(),
            });
        }
        Ok(Document {
            id,
            text,
            meta: Map::new(),
            layers: Vec::new(),
        })
    }

    /// The document's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The document's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The layer of type `T`, if a stage has added it.
    pub fn get<T: LayerType>(&self) -> Option<&T> {
        self.layer(T::NAME)
            .and_then(|l| (l as &dyn Any).downcast_ref::<T>())
    }

    /// The layer of type `T`, or an error that tells the user which stage to add: for a
    /// stage whose `requires` guarantee the layer, this only fails when that stage failed on
    /// this document.
    pub fn require<T: LayerType>(&self) -> Result<&T, StageError> {
        self.get::<T>().ok_or_else(|| {
            StageError::new(format!(
                "the `{}` layer is missing: the stage that provides it did not run or failed on this document",
                T::NAME
            ))
        })
    }

    /// The layer named `name`, whatever its type.
    pub fn layer(&self, name: &str) -> Option<&dyn Layer> {
        self.layers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, l)| l.as_ref())
    }

    /// Add a typed layer, replacing any layer of the same name.
    pub fn insert<T: LayerType>(&mut self, layer: T) {
        self.insert_named(T::NAME, Box::new(layer));
    }

    /// Add a layer under `name`, replacing any layer of that name.
    pub fn insert_named(&mut self, name: &str, layer: Box<dyn Layer>) {
        match self.layers.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = layer,
            None => self.layers.push((name.to_string(), layer)),
        }
    }

    /// Names of the layers present, in the order they were added.
    pub fn layer_names(&self) -> impl Iterator<Item = &str> {
        self.layers.iter().map(|(n, _)| n.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::JsonLayer;
    use crate::layers::entities::Entities;

    #[test]
    fn typed_and_named_access() {
        let mut doc = Document::new("d", "text").unwrap();
        assert!(doc.get::<Entities>().is_none());
        assert!(
            doc.require::<Entities>()
                .unwrap_err()
                .to_string()
                .contains("`entities`")
        );
        doc.insert(Entities::default());
        assert!(doc.get::<Entities>().is_some());
        doc.insert_named("custom", Box::new(JsonLayer { value: Value::Null }));
        // A layer of another type under a built-in name is found by name, not by type.
        doc.insert_named("entities", Box::new(JsonLayer { value: Value::Null }));
        assert!(doc.get::<Entities>().is_none());
        assert!(doc.layer("entities").is_some());
        assert_eq!(
            doc.layer_names().collect::<Vec<_>>(),
            ["entities", "custom"]
        );
    }
}
