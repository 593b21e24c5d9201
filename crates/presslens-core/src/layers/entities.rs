//! The `entities` layer: named-entity mentions with canonical names.

use std::fmt;
use std::str::FromStr;

use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

use super::{Layer, LayerType, OutputContext, RenderItem, items_to_value, write_items};
use crate::span::Span;

/// The entity labels of the output contract (OntoNotes names; numeric types belong to the
/// `statistics` layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityLabel {
    /// People, including fictional.
    Person,
    /// Nationalities, religious and political groups.
    Norp,
    /// Buildings, airports, highways, bridges.
    Fac,
    /// Companies, agencies, institutions.
    Org,
    /// Countries, cities, states.
    Gpe,
    /// Non-GPE locations: mountain ranges, bodies of water, regions.
    Loc,
    /// Objects, vehicles, foods (not services).
    Product,
    /// Named hurricanes, battles, wars, sports events.
    Event,
    /// Titles of books, songs, films.
    WorkOfArt,
    /// Named documents made into laws.
    Law,
    /// Any named language.
    Language,
    /// Absolute or relative dates or periods.
    Date,
    /// Times smaller than a day.
    Time,
}

impl EntityLabel {
    /// Every label, in the contract's order.
    pub const ALL: [EntityLabel; 13] = [
        EntityLabel::Person,
        EntityLabel::Norp,
        EntityLabel::Fac,
        EntityLabel::Org,
        EntityLabel::Gpe,
        EntityLabel::Loc,
        EntityLabel::Product,
        EntityLabel::Event,
        EntityLabel::WorkOfArt,
        EntityLabel::Law,
        EntityLabel::Language,
        EntityLabel::Date,
        EntityLabel::Time,
    ];

    /// The label as the output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Person => "PERSON",
            EntityLabel::Norp => "NORP",
            EntityLabel::Fac => "FAC",
            EntityLabel::Org => "ORG",
            EntityLabel::Gpe => "GPE",
            EntityLabel::Loc => "LOC",
            EntityLabel::Product => "PRODUCT",
            EntityLabel::Event => "EVENT",
            EntityLabel::WorkOfArt => "WORK_OF_ART",
            EntityLabel::Law => "LAW",
            EntityLabel::Language => "LANGUAGE",
            EntityLabel::Date => "DATE",
            EntityLabel::Time => "TIME",
        }
    }
}

impl fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Returned when a string names no entity label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not an entity label; expected one of PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE, DATE, TIME"
)]
pub struct UnknownLabel(pub String);

impl FromStr for EntityLabel {
    type Err = UnknownLabel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let up = s.trim().to_ascii_uppercase();
        EntityLabel::ALL
            .into_iter()
            .find(|l| l.as_str() == up)
            .ok_or_else(|| UnknownLabel(s.to_string()))
    }
}

/// One mention of a named entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The mention, without titles ("Hun Sen" in "Prime Minister Hun Sen").
    pub span: Span,
    /// Its label.
    pub label: EntityLabel,
    /// The canonical name shared by all mentions of the same entity in the document.
    pub name: String,
    /// A normalised value where the text fixes one: ISO 8601 for DATE ("2019-06-28",
    /// "2019"), hh:mm for TIME.
    pub value: Option<String>,
}

/// The `entities` layer: mentions in text order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entities {
    /// The mentions, sorted by start.
    pub mentions: Vec<Entity>,
}

impl Entities {
    /// The mention that covers byte range `span` exactly or contains it, if any.
    pub fn covering(&self, span: Span) -> Option<&Entity> {
        let i = self.mentions.partition_point(|e| e.span.end <= span.start);
        self.mentions[i..]
            .iter()
            .take_while(|e| e.span.start <= span.start)
            .find(|e| e.span.contains(span))
    }

    /// Mentions that overlap `span`, in text order.
    pub fn overlapping(&self, span: Span) -> impl Iterator<Item = &Entity> {
        let i = self.mentions.partition_point(|e| e.span.end <= span.start);
        self.mentions[i..]
            .iter()
            .take_while(move |e| e.span.start < span.end)
            .filter(move |e| e.span.overlaps(span))
    }
}

impl Layer for Entities {
    fn to_json(&self, out: &OutputContext<'_>) -> Value {
        items_to_value(&self.mentions, out)
    }

    fn write_json(&self, out: &OutputContext<'_>, w: &mut Vec<u8>) -> serde_json::Result<()> {
        write_items(&self.mentions, out, w)
    }
}

impl RenderItem for Entity {
    fn render<S: Serializer>(
        &self,
        out: &OutputContext<'_>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let e = self;
        let n = out.span_len() + 2 + usize::from(e.value.is_some());
        let mut map = serializer.serialize_map(Some(n))?;
        out.span_entries(&mut map, e.span)?;
        map.serialize_entry("label", e.label.as_str())?;
        map.serialize_entry("name", &e.name)?;
        if let Some(v) = &e.value {
            map.serialize_entry("value", v)?;
        }
        map.end()
    }
}

impl LayerType for Entities {
    const NAME: &'static str = "entities";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        for l in EntityLabel::ALL {
            assert_eq!(l.as_str().parse::<EntityLabel>(), Ok(l));
        }
        assert_eq!("person".parse::<EntityLabel>(), Ok(EntityLabel::Person));
        assert!("PEOPLE".parse::<EntityLabel>().is_err());
    }

    #[test]
    fn renders_contract_objects() {
        let text = "Prime Minister Hun Sen spoke.";
        let layer = Entities {
            mentions: vec![Entity {
                span: Span::new(15, 22),
                label: EntityLabel::Person,
                name: "Hun Sen".into(),
                value: None,
            }],
        };
        let out = OutputContext::new(text, false);
        assert_eq!(
            layer.to_json(&out).to_string(),
            r#"[{"start":15,"end":22,"text":"Hun Sen","label":"PERSON","name":"Hun Sen"}]"#
        );
        assert_eq!(layer.covering(Span::new(19, 22)).unwrap().name, "Hun Sen");
        assert!(layer.covering(Span::new(10, 22)).is_none());
        assert_eq!(layer.overlapping(Span::new(10, 17)).count(), 1);
    }
}
