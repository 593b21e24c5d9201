//! Typed annotation layers and their rendering into the output contract.

use std::any::Any;
use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::offsets::OffsetMap;
use crate::span::Span;

pub mod entities;
pub mod quotes;
pub mod statistics;
pub mod text;

/// One kind of annotation a stage adds to a document: segmentation, entities, quotes, ...
///
/// Layers are typed Rust values in memory (a stage reads another's layer with
/// [`crate::Document::get`], no parsing) and become JSON only at the output, where
/// [`Layer::to_json`] converts byte spans to the character offsets of the contract. A
/// custom stage defines its own layer type and implements this trait; nothing else in the
/// pipeline needs to know the type.
pub trait Layer: Any + Send + Sync + fmt::Debug {
    /// Render the layer as the value of its key in the document's output object.
    fn to_json(&self, out: &OutputContext<'_>) -> Value;

    /// Append the layer's compact JSON to `w`: exactly the bytes of [`Layer::to_json`]
    /// serialised. The default goes through `to_json`; the built-in layers write straight
    /// from their typed values, because building a `Value` tree per mention costs more
    /// than most stages' analysis.
    fn write_json(&self, out: &OutputContext<'_>, w: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(w, &self.to_json(out))
    }
}

/// Render a typed serialisable view as a `Value`.
fn view_to_value<T: Serialize>(view: &T) -> Value {
    // A view serialises only strings, numbers, booleans, maps with string keys and
    // sequences: it cannot fail.
    serde_json::to_value(view).unwrap_or(Value::Null)
}

/// An item of a built-in layer (an entity, a quote, a statistic): how it renders as one
/// object of the contract. The layer is the array of its rendered items, so one
/// description of an item's shape serves both [`Layer::to_json`] and
/// [`Layer::write_json`] (see [`items_to_value`] and [`write_items`]).
pub(crate) trait RenderItem {
    /// Whether the item appears in the output at all.
    fn rendered(&self) -> bool {
        true
    }

    /// Serialise the item's object.
    fn render<S: Serializer>(
        &self,
        out: &OutputContext<'_>,
        serializer: S,
    ) -> Result<S::Ok, S::Error>;
}

/// A layer's items as the JSON array the contract renders.
struct ItemsView<'a, 't, T> {
    items: &'a [T],
    out: &'a OutputContext<'t>,
}

impl<T: RenderItem> Serialize for ItemsView<'_, '_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let items = || self.items.iter().filter(|i| i.rendered());
        let mut seq = serializer.serialize_seq(Some(items().count()))?;
        for item in items() {
            seq.serialize_element(&ItemView {
                item,
                out: self.out,
            })?;
        }
        seq.end()
    }
}

struct ItemView<'a, 't, T> {
    item: &'a T,
    out: &'a OutputContext<'t>,
}

impl<T: RenderItem> Serialize for ItemView<'_, '_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.item.render(self.out, serializer)
    }
}

/// [`Layer::to_json`] of a layer that is an array of `items`.
pub(crate) fn items_to_value<T: RenderItem>(items: &[T], out: &OutputContext<'_>) -> Value {
    view_to_value(&ItemsView { items, out })
}

/// [`Layer::write_json`] of a layer that is an array of `items`.
pub(crate) fn write_items<T: RenderItem>(
    items: &[T],
    out: &OutputContext<'_>,
    w: &mut Vec<u8>,
) -> serde_json::Result<()> {
    serde_json::to_writer(w, &ItemsView { items, out })
}

/// A layer type with a fixed name, so that stages can look it up by type.
pub trait LayerType: Layer {
    /// The layer's name: its key in the output and the name stages declare in `requires`
    /// and `provides`.
    const NAME: &'static str;
}

/// What a layer needs to render spans: the text and its byte-to-character index.
#[derive(Debug)]
pub struct OutputContext<'t> {
    text: &'t str,
    offsets: OffsetMap<'t>,
    byte_offsets: bool,
}

impl<'t> OutputContext<'t> {
    /// A context for `text`; `byte_offsets` adds `byte_start`/`byte_end` to every span.
    pub fn new(text: &'t str, byte_offsets: bool) -> OutputContext<'t> {
        OutputContext {
            text,
            offsets: OffsetMap::new(text),
            byte_offsets,
        }
    }

    /// The document's text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Character offset of a byte offset.
    pub fn char_offset(&self, byte: u32) -> usize {
        self.offsets.char_offset(byte as usize)
    }

    /// Write `start`, `end`, `text` (and the byte offsets when asked for) of `span` into
    /// `obj`, in the contract's key order.
    pub fn put_span(&self, obj: &mut Map<String, Value>, span: Span) {
        if let Value::Object(entries) = self.span_object(span) {
            obj.extend(entries);
        }
    }

    /// A span on its own as a JSON object (the entries of
    /// [`OutputContext::span_entries`], the one place that writes them).
    pub fn span_object(&self, span: Span) -> Value {
        view_to_value(&self.span_view(span))
    }

    /// Serialise a span's entries (`start`, `end`, `text`, and the byte offsets when asked
    /// for, in the contract's key order) into a map being serialised.
    pub fn span_entries<M: SerializeMap>(&self, map: &mut M, span: Span) -> Result<(), M::Error> {
        map.serialize_entry("start", &self.char_offset(span.start))?;
        map.serialize_entry("end", &self.char_offset(span.end))?;
        map.serialize_entry("text", span.slice(self.text))?;
        if self.byte_offsets {
            map.serialize_entry("byte_start", &span.start)?;
            map.serialize_entry("byte_end", &span.end)?;
        }
        Ok(())
    }

    /// The number of entries [`OutputContext::span_entries`] writes.
    pub fn span_len(&self) -> usize {
        if self.byte_offsets { 5 } else { 3 }
    }

    /// A span as a serialisable object (what [`OutputContext::span_object`] builds).
    pub fn span_view(&self, span: Span) -> SpanView<'_, 't> {
        SpanView { ctx: self, span }
    }
}

/// A span rendered as an object when serialised: see [`OutputContext::span_view`].
#[derive(Debug, Clone, Copy)]
pub struct SpanView<'c, 't> {
    ctx: &'c OutputContext<'t>,
    span: Span,
}

impl Serialize for SpanView<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.ctx.span_len()))?;
        self.ctx.span_entries(&mut map, self.span)?;
        map.end()
    }
}

/// A number as the contract prints it (see [`json_number`]), when serialised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JsonNumber(pub f64);

impl Serialize for JsonNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if !v.is_finite() {
            serializer.serialize_none()
        } else if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
            serializer.serialize_i64(v as i64)
        } else {
            serializer.serialize_f64(v)
        }
    }
}

/// A JSON number for `v`: integral values print without a fraction ("26", not "26.0"), as
/// the output contract's examples do and as users' scripts comparing with integers expect.
/// Non-finite values have no JSON form and become `null`.
pub fn json_number(v: f64) -> Value {
    view_to_value(&JsonNumber(v))
}

/// A layer whose content is already JSON: what runtime plugins return, and a quick way for
/// a custom stage to publish results without defining a type. Its spans are the producer's
/// business; the plugin host checks them before building one.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonLayer {
    /// The rendered value, written to the output as is.
    pub value: Value,
}

impl Layer for JsonLayer {
    fn to_json(&self, _out: &OutputContext<'_>) -> Value {
        self.value.clone()
    }

    fn write_json(&self, _out: &OutputContext<'_>, w: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(w, &self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_the_contract() {
        assert_eq!(json_number(26.0).to_string(), "26");
        assert_eq!(json_number(3_500_000.0).to_string(), "3500000");
        assert_eq!(json_number(-2.0).to_string(), "-2");
        assert_eq!(json_number(3.5).to_string(), "3.5");
        assert_eq!(json_number(f64::NAN), Value::Null);
        assert_eq!(json_number(1e300).to_string(), "1e+300");
    }

    #[test]
    fn spans_render_as_character_offsets() {
        let text = "“Hostage” said Hun Sen";
        let ctx = OutputContext::new(text, true);
        let span = Span::new(text.find("Hun").unwrap(), text.len());
        let v = ctx.span_object(span);
        assert_eq!(
            v.to_string(),
            r#"{"start":15,"end":22,"text":"Hun Sen","byte_start":19,"byte_end":26}"#
        );
    }
}
