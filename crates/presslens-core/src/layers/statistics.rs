//! The `statistics` layer: the numbers a story claims.

use serde_json::{Map, Value};

use super::{Layer, LayerType, OutputContext, json_number};
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
        Value::Array(
            self.items
                .iter()
                .filter(|s| s.value.is_finite())
                .map(|s| {
                    let mut obj = Map::new();
                    out.put_span(&mut obj, s.span);
                    obj.insert("kind".into(), s.kind.as_str().into());
                    obj.insert("value".into(), json_number(s.value));
                    if let Some(u) = s.upper {
                        obj.insert("upper".into(), json_number(u));
                    }
                    obj.insert(
                        "unit".into(),
                        s.unit.clone().map_or(Value::Null, Value::from),
                    );
                    obj.insert(
                        "previous".into(),
                        s.previous.map_or(Value::Null, json_number),
                    );
                    if let Some(d) = s.direction {
                        obj.insert("direction".into(), d.as_str().into());
                    }
                    obj.insert("approximate".into(), s.approximate.into());
                    if let Some(subject) = s.subject {
                        obj.insert("subject".into(), out.span_object(subject));
                    }
                    Value::Object(obj)
                })
                .collect(),
        )
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
