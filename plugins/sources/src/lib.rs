//! A presslens plugin that summarises, per document, who is quoted: each source with the
//! number of quotes and quoted words, its entity label, and its share of the quoted words.
//! Media researchers use it to measure source diversity (who gets a voice, and how much).
//!
//! Reads the `quotes` layer and, when present, `entities` (for the speaker's label);
//! provides the `sources` layer:
//!
//! ```json
//! { "quotes": 4, "attributed": 3, "quoted_words": 120,
//!   "speakers": [ { "name": "Hun Sen", "label": "PERSON", "quotes": 2, "words": 84,
//!                   "share": 0.7, "kinds": { "direct": 2, "mixed": 0, "indirect": 0 },
//!                   "first_mention": { "start": 1320, "end": 1322, "text": "he" } } ],
//!   "unattributed": { "quotes": 1, "words": 36 } }
//! ```
#![deny(missing_docs)]

use std::collections::HashMap;

use presslens_plugin::{
    Map, Output, PluginDocument, PluginStage, Value, export_plugin, json, params, span,
};

params! {
    /// Parameters of the `sources` stage.
    pub struct SourcesParams {
        /// List only speakers with at least this many quotes.
        pub min_quotes: u64 = 1,
        /// Count quotes whose speaker is unknown in a separate `unattributed` entry.
        pub include_unattributed: bool = true,
    }
}

/// The `sources` stage.
#[derive(Debug)]
pub struct Sources {
    min_quotes: u64,
    include_unattributed: bool,
}

#[derive(Default)]
struct Tally {
    quotes: u64,
    words: u64,
    kinds: [u64; 3],
    first: Option<(u64, u64)>,
}

fn words(text: &str) -> u64 {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count() as u64
}

fn kind_index(kind: &str) -> usize {
    match kind {
        "direct" => 0,
        "mixed" => 1,
        _ => 2,
    }
}

impl PluginStage for Sources {
    const TYPE: &'static str = "sources";
    const SUMMARY: &'static str =
        "Who is quoted and how much: quotes, quoted words, entity label and share per speaker.";
    const REQUIRES: &'static [&'static str] = &["quotes"];
    const USES: &'static [&'static str] = &["entities"];
    const PROVIDES: &'static [&'static str] = &["sources"];
    type Params = SourcesParams;

    fn new(params: SourcesParams) -> Result<Self, String> {
        Ok(Sources {
            min_quotes: params.min_quotes,
            include_unattributed: params.include_unattributed,
        })
    }

    fn process(&self, doc: &PluginDocument) -> Result<Output, String> {
        let quotes = match doc.layer("quotes") {
            Some(Value::Array(q)) => q.as_slice(),
            Some(_) => return Err("the `quotes` layer is not an array".into()),
            None => &[],
        };
        // Entity labels by canonical name, for the speakers' labels.
        let mut labels: HashMap<&str, &str> = HashMap::new();
        if let Some(Value::Array(ents)) = doc.layer("entities") {
            for e in ents {
                if let (Some(name), Some(label)) = (e["name"].as_str(), e["label"].as_str()) {
                    labels.entry(name).or_insert(label);
                }
            }
        }
        let mut order: Vec<String> = Vec::new();
        let mut tallies: HashMap<String, Tally> = HashMap::new();
        let mut unattributed = Tally::default();
        let mut total_words = 0;
        for q in quotes {
            let w = words(q["text"].as_str().unwrap_or(""));
            total_words += w;
            let kind = kind_index(q["kind"].as_str().unwrap_or(""));
            let speaker = q.get("speaker").filter(|s| !s.is_null());
            let tally = match speaker.and_then(|s| s["name"].as_str()) {
                Some(name) => {
                    if !tallies.contains_key(name) {
                        order.push(name.to_string());
                    }
                    tallies.entry(name.to_string()).or_default()
                }
                None => &mut unattributed,
            };
            tally.quotes += 1;
            tally.words += w;
            tally.kinds[kind] += 1;
            if tally.first.is_none()
                && let Some(s) = speaker
                && let (Some(bs), Some(be)) = (s["byte_start"].as_u64(), s["byte_end"].as_u64())
            {
                tally.first = Some((bs, be));
            }
        }
        let share = |w: u64| {
            if total_words == 0 {
                0.0
            } else {
                (w as f64 / total_words as f64 * 1000.0).round() / 1000.0
            }
        };
        let mut speakers: Vec<(&String, &Tally)> = order
            .iter()
            .filter_map(|n| tallies.get(n).map(|t| (n, t)))
            .filter(|(_, t)| t.quotes >= self.min_quotes)
            .collect();
        // Most quoted words first; ties keep the order of first appearance.
        speakers.sort_by_key(|(_, t)| std::cmp::Reverse(t.words));
        let speakers: Vec<Value> = speakers
            .into_iter()
            .map(|(name, t)| {
                let mut m = Map::new();
                m.insert("name".into(), name.clone().into());
                m.insert(
                    "label".into(),
                    labels
                        .get(name.as_str())
                        .map_or(Value::Null, |l| Value::from(*l)),
                );
                m.insert("quotes".into(), t.quotes.into());
                m.insert("words".into(), t.words.into());
                m.insert("share".into(), share(t.words).into());
                m.insert(
                    "kinds".into(),
                    json!({"direct": t.kinds[0], "mixed": t.kinds[1], "indirect": t.kinds[2]}),
                );
                if let Some((s, e)) = t.first {
                    m.insert("first_mention".into(), span(s as usize, e as usize));
                }
                Value::Object(m)
            })
            .collect();
        let mut out = Map::new();
        out.insert("quotes".into(), (quotes.len() as u64).into());
        out.insert(
            "attributed".into(),
            (quotes.len() as u64 - unattributed.quotes).into(),
        );
        out.insert("quoted_words".into(), total_words.into());
        out.insert("speakers".into(), speakers.into());
        if self.include_unattributed {
            out.insert(
                "unattributed".into(),
                json!({"quotes": unattributed.quotes, "words": unattributed.words, "share": share(unattributed.words)}),
            );
        }
        Ok(Output::new().layer("sources", Value::Object(out)))
    }
}

export_plugin!(name = "presslens-sources", stages = [Sources]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_speakers() {
        let text = "“A b c,” he said. Smith said d e. “F g,” they said.";
        let doc = PluginDocument {
            id: "t".into(),
            text: text.into(),
            layers: presslens_plugin::serde_json::from_value(json!({
                "quotes": [
                    {"text": "A b c", "kind": "direct", "speaker": {"name": "Hun Sen", "byte_start": 12, "byte_end": 14}},
                    {"text": "d e", "kind": "indirect", "speaker": {"name": "Smith", "byte_start": 22, "byte_end": 27}},
                    {"text": "F g", "kind": "direct", "speaker": null},
                    {"text": "h", "kind": "mixed", "speaker": {"name": "Hun Sen", "byte_start": 0, "byte_end": 1}}
                ],
                "entities": [{"name": "Hun Sen", "label": "PERSON"}]
            }))
            .unwrap(),
        };
        let stage = Sources::new(SourcesParams::default()).unwrap();
        let out = stage.process(&doc).unwrap();
        let s = &out.layers["sources"];
        assert_eq!(s["quotes"], 4);
        assert_eq!(s["attributed"], 3);
        assert_eq!(s["quoted_words"], 8);
        assert_eq!(s["speakers"][0]["name"], "Hun Sen");
        assert_eq!(s["speakers"][0]["label"], "PERSON");
        assert_eq!(s["speakers"][0]["words"], 4);
        assert_eq!(s["speakers"][0]["share"], 0.5);
        assert_eq!(s["speakers"][0]["kinds"]["mixed"], 1);
        assert_eq!(s["speakers"][0]["first_mention"]["byte_start"], 12);
        assert_eq!(s["speakers"][1]["label"], Value::Null);
        assert_eq!(s["unattributed"]["quotes"], 1);

        let picky = Sources::new(SourcesParams {
            min_quotes: 2,
            include_unattributed: false,
        })
        .unwrap();
        let out = picky.process(&doc).unwrap();
        assert_eq!(
            out.layers["sources"]["speakers"].as_array().unwrap().len(),
            1
        );
        assert!(out.layers["sources"].get("unattributed").is_none());
    }

    #[test]
    fn empty_and_odd_layers() {
        let stage = Sources::new(SourcesParams::default()).unwrap();
        let mut doc = PluginDocument {
            id: "t".into(),
            text: String::new(),
            layers: Map::new(),
        };
        assert_eq!(stage.process(&doc).unwrap().layers["sources"]["quotes"], 0);
        doc.layers.insert("quotes".into(), Value::from(3));
        assert!(stage.process(&doc).is_err());
    }
}
