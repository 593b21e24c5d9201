//! The `statistics` layer: the numbers a story claims.

use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

use super::{JsonNumber, Layer, LayerType, OutputContext, RenderItem, items_to_value, write_items};
use crate::span::Span;

/// What a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatKind {
    /// A number of things ("15,000 workers").
    Count,
    /// A percentage or percentage points.
    Percent,
    /// An amount of money.
    Money,
    /// A quantity with a physical or other unit.
    Measure,
    /// An ordinal ("41st").
    Ordinal,
    /// A year ("1979", "the 1990s").
    Year,
    /// A range ("between 10 and 20").
    Range,
    /// A value compared with an earlier one ("26 from 30", "rose 5%").
    Change,
    /// A rank ("ranked third", "No. 1").
    Rank,
}

impl StatKind {
    /// The kind as the output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            StatKind::Count => "count",
            StatKind::Percent => "percent",
            StatKind::Money => "money",
            StatKind::Measure => "measure",
            StatKind::Ordinal => "ordinal",
            StatKind::Year => "year",
            StatKind::Range => "range",
            StatKind::Change => "change",
            StatKind::Rank => "rank",
        }
    }
}

/// Which way a changed value moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Rose, grew, increased.
    Up,
    /// Fell, dropped, decreased.
    Down,
}

impl Direction {
    /// The direction as the output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

/// One number the text claims.
#[derive(Debug, Clone, PartialEq)]
pub struct Statistic {
    /// The whole expression ("about 3.5 million people", "a score of 26 from 30").
    pub span: Span,
    /// What it is.
    pub kind: StatKind,
    /// The number, scaled ("3.5 million" is 3500000); a range's lower end.
    pub value: f64,
    /// A range's upper end.
    pub upper: Option<f64>,
    /// The normalised unit ("%", "USD", "km", "people").
    pub unit: Option<String>,
    /// For a change: the value it is compared with, when the text gives it.
    pub previous: Option<f64>,
    /// For a change: which way it moved, when the text says.
    pub direction: Option<Direction>,
    /// "about", "nearly", "more than", "some".
    pub approximate: bool,
    /// The measured thing, where the sentence names it ("human rights ranking").
    pub subject: Option<Span>,
}

impl Statistic {
    /// A plain statistic of `kind` with `value` and nothing else known.
    pub fn new(span: Span, kind: StatKind, value: f64) -> Statistic {
        Statistic {
            span,
            kind,
            value,
            upper: None,
            unit: None,
            previous: None,
            direction: None,
            approximate: false,
            subject: None,
        }
    }
}

/// The `statistics` layer: statistics in text order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Statistics {
    /// The statistics, sorted by start.
    pub items: Vec<Statistic>,
}

impl Layer for Statistics {
    /// Every object carries `value`, `unit`, `previous` and `approximate`; `upper`,
    /// `direction` and `subject` appear only when known. A statistic whose value is not
    /// finite has no JSON number and is left out rather than breaking the contract.
    fn to_json(&self, out: &OutputContext<'_>) -> Value {
        items_to_value(&self.items, out)
    }

    fn write_json(&self, out: &OutputContext<'_>, w: &mut Vec<u8>) -> serde_json::Result<()> {
        write_items(&self.items, out, w)
    }
}

impl RenderItem for Statistic {
    /// A value that is not a finite number has no JSON form.
    fn rendered(&self) -> bool {
        self.value.is_finite()
    }

    fn render<S: Serializer>(
        &self,
        out: &OutputContext<'_>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let s = self;
        let n = out.span_len()
            + 5
            + usize::from(s.upper.is_some())
            + usize::from(s.direction.is_some())
            + usize::from(s.subject.is_some());
        let mut map = serializer.serialize_map(Some(n))?;
        out.span_entries(&mut map, s.span)?;
        map.serialize_entry("kind", s.kind.as_str())?;
        map.serialize_entry("value", &JsonNumber(s.value))?;
        if let Some(u) = s.upper {
            map.serialize_entry("upper", &JsonNumber(u))?;
        }
        map.serialize_entry("unit", &s.unit)?;
        map.serialize_entry("previous", &s.previous.map(JsonNumber))?;
        if let Some(d) = s.direction {
            map.serialize_entry("direction", d.as_str())?;
        }
        map.serialize_entry("approximate", &s.approximate)?;
        if let Some(subject) = s.subject {
            map.serialize_entry("subject", &out.span_view(subject))?;
        }
        map.end()
    }
}

impl LayerType for Statistics {
    const NAME: &'static str = "statistics";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_contract_objects() {
        let text = "a score of 26 from 30";
        let mut s = Statistic::new(Span::new(0, text.len()), StatKind::Change, 26.0);
        s.previous = Some(30.0);
        s.direction = Some(Direction::Down);
        let nan = Statistic::new(Span::new(0, 1), StatKind::Count, f64::NAN);
        let layer = Statistics {
            items: vec![s, nan],
        };
        let out = OutputContext::new(text, false);
        assert_eq!(
            layer.to_json(&out).to_string(),
            r#"[{"start":0,"end":21,"text":"a score of 26 from 30","kind":"change","value":26,"unit":null,"previous":30,"direction":"down","approximate":false}]"#
        );
    }
}
