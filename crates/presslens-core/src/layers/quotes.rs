//! The `quotes` layer: who said what.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use super::{Layer, LayerType, OutputContext, RenderItem, items_to_value, write_items};
use crate::span::Span;

/// How a quote is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    /// Entirely inside quotation marks.
    Direct,
    /// A reported clause that contains a quoted stretch.
    Mixed,
    /// Reported speech with no quotation marks.
    Indirect,
}

impl QuoteKind {
    /// The kind as the output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Mixed => "mixed",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// The source of a quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Speaker {
    /// Canonical name of the source: the longest proper name of the entity the mention
    /// refers to ("Hun Sen" for "he" or "the premier"), or the mention's own text when it
    /// refers to no named entity ("a spokesman").
    pub name: String,
    /// The mention the cue attaches to.
    pub mention: Span,
}

/// One quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The quoted content, without enclosing quotation marks; for indirect speech the
    /// reported clause without a leading "that".
    pub span: Span,
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// Who said it, when known.
    pub speaker: Option<Speaker>,
    /// The reporting verb or phrase ("said", "according to"), when there is one.
    pub cue: Option<Span>,
}

/// The `quotes` layer: quotes in text order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Quotes {
    /// The quotes, sorted by start.
    pub quotes: Vec<Quote>,
}

impl Layer for Quotes {
    fn to_json(&self, out: &OutputContext<'_>) -> Value {
        items_to_value(&self.quotes, out)
    }

    fn write_json(&self, out: &OutputContext<'_>, w: &mut Vec<u8>) -> serde_json::Result<()> {
        write_items(&self.quotes, out, w)
    }
}

impl RenderItem for Quote {
    fn render<S: Serializer>(
        &self,
        out: &OutputContext<'_>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let q = self;
        let mut map = serializer.serialize_map(Some(out.span_len() + 3))?;
        out.span_entries(&mut map, q.span)?;
        map.serialize_entry("kind", q.kind.as_str())?;
        map.serialize_entry(
            "speaker",
            &q.speaker.as_ref().map(|s| SpeakerView { s, out }),
        )?;
        map.serialize_entry("cue", &q.cue.map(|c| out.span_view(c)))?;
        map.end()
    }
}

struct SpeakerView<'a, 't> {
    s: &'a Speaker,
    out: &'a OutputContext<'t>,
}

impl Serialize for SpeakerView<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.out.span_len() + 1))?;
        map.serialize_entry("name", &self.s.name)?;
        self.out.span_entries(&mut map, self.s.mention)?;
        map.end()
    }
}

impl LayerType for Quotes {
    const NAME: &'static str = "quotes";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_contract_objects() {
        let text = "“No,” he said.";
        let layer = Quotes {
            quotes: vec![Quote {
                span: Span::new(3, 5),
                kind: QuoteKind::Direct,
                speaker: Some(Speaker {
                    name: "Hun Sen".into(),
                    mention: Span::new(10, 12),
                }),
                cue: Some(Span::new(13, 17)),
            }],
        };
        let out = OutputContext::new(text, false);
        assert_eq!(
            layer.to_json(&out).to_string(),
            r#"[{"start":1,"end":3,"text":"No","kind":"direct","speaker":{"name":"Hun Sen","start":6,"end":8,"text":"he"},"cue":{"start":9,"end":13,"text":"said"}}]"#
        );
    }
}
