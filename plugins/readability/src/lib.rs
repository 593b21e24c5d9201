//! A presslens plugin that scores how hard a story is to read, from the sentences of the
//! `text` layer: Flesch reading ease, Flesch-Kincaid grade, words per sentence, syllables
//! per word, the share of long words, and the longest sentence. Boilerplate (site chrome,
//! photo captions) and, by default, headlines are left out.
//!
//! Provides the `readability` layer:
//!
//! ```json
//! { "sentences": 12, "words": 301, "syllables": 466, "words_per_sentence": 25.08,
//!   "syllables_per_word": 1.55, "flesch_reading_ease": 44.6, "flesch_kincaid_grade": 12.5,
//!   "long_words": 0.17, "longest_sentence": { "start": 10, "end": 400, "text": "...", "words": 62 } }
//! ```
#![deny(missing_docs)]

use presslens_plugin::{
    Map, Output, PluginDocument, PluginStage, Value, export_plugin, params, span,
};

params! {
    /// Parameters of the `readability` stage.
    pub struct ReadabilityParams {
        /// Count headline paragraphs too (they are short, title-cased and skew the scores).
        pub include_headlines: bool = false,
        /// A word of at least this many syllables counts as long.
        pub long_word_syllables: u64 = 3,
    }
}

/// The `readability` stage.
#[derive(Debug)]
pub struct Readability {
    include_headlines: bool,
    long_word_syllables: u64,
}

/// Syllables of an English word, by vowel groups with a silent final "e": the usual
/// approximation behind Flesch scores (exact counts need a pronouncing dictionary).
fn syllables(word: &str) -> u64 {
    let w: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if w.is_empty() {
        return 0;
    }
    let vowel = |c: char| {
        matches!(
            c,
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'à' | 'á' | 'â' | 'é' | 'è' | 'ê' | 'í' | 'ó' | 'ú'
        )
    };
    let mut count = 0;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = w.len();
    if count > 1 && w[n - 1] == 'e' && !(n >= 3 && w[n - 2] == 'l' && !vowel(w[n - 3])) {
        count -= 1;
    }
    count.max(1)
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

impl PluginStage for Readability {
    const TYPE: &'static str = "readability";
    const SUMMARY: &'static str =
        "Readability of the story: Flesch reading ease and grade, sentence and word length.";
    const REQUIRES: &'static [&'static str] = &["text"];
    const PROVIDES: &'static [&'static str] = &["readability"];
    type Params = ReadabilityParams;

    fn new(params: ReadabilityParams) -> Result<Self, String> {
        if params.long_word_syllables == 0 {
            return Err("long_word_syllables must be at least 1".into());
        }
        Ok(Readability {
            include_headlines: params.include_headlines,
            long_word_syllables: params.long_word_syllables,
        })
    }

    fn process(&self, doc: &PluginDocument) -> Result<Output, String> {
        let layer = doc.layer("text").ok_or("the `text` layer is missing")?;
        let kinds: Vec<&str> = layer["paragraphs"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| p["kind"].as_str().unwrap_or("body"))
                    .collect()
            })
            .unwrap_or_default();
        let (mut sentences, mut words, mut syl, mut long) = (0u64, 0u64, 0u64, 0u64);
        let mut longest: Option<(u64, &Value)> = None;
        for s in layer["sentences"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let kind = s["paragraph"]
                .as_u64()
                .and_then(|p| kinds.get(p as usize))
                .copied()
                .unwrap_or("body");
            if kind == "chrome"
                || kind == "caption"
                || (kind == "headline" && !self.include_headlines)
            {
                continue;
            }
            let Some(text) = doc.span_text(s) else {
                continue;
            };
            let mut n = 0;
            for w in
                text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
            {
                if !w.chars().any(char::is_alphabetic) {
                    continue;
                }
                let k = syllables(w);
                n += 1;
                syl += k;
                long += u64::from(k >= self.long_word_syllables);
            }
            if n == 0 {
                continue;
            }
            sentences += 1;
            words += n;
            if longest.is_none_or(|(m, _)| n > m) {
                longest = Some((n, s));
            }
        }
        let mut out = Map::new();
        out.insert("sentences".into(), sentences.into());
        out.insert("words".into(), words.into());
        out.insert("syllables".into(), syl.into());
        if sentences > 0 {
            let wps = words as f64 / sentences as f64;
            let spw = syl as f64 / words as f64;
            out.insert("words_per_sentence".into(), round(wps, 2).into());
            out.insert("syllables_per_word".into(), round(spw, 2).into());
            out.insert(
                "flesch_reading_ease".into(),
                round(206.835 - 1.015 * wps - 84.6 * spw, 1).into(),
            );
            out.insert(
                "flesch_kincaid_grade".into(),
                round(0.39 * wps + 11.8 * spw - 15.59, 1).into(),
            );
            out.insert(
                "long_words".into(),
                round(long as f64 / words as f64, 3).into(),
            );
        }
        if let Some((n, s)) = longest
            && let (Some(bs), Some(be)) = (s["byte_start"].as_u64(), s["byte_end"].as_u64())
        {
            let mut l = match span(bs as usize, be as usize) {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            l.insert("words".into(), n.into());
            out.insert("longest_sentence".into(), Value::Object(l));
        }
        Ok(Output::new().layer("readability", Value::Object(out)))
    }
}

export_plugin!(name = "presslens-readability", stages = [Readability]);

#[cfg(test)]
mod tests {
    use super::*;
    use presslens_plugin::json;

    #[test]
    fn syllable_counts() {
        for (w, n) in [
            ("cat", 1),
            ("table", 2),
            ("make", 1),
            ("democracy", 4),
            ("strengthen", 2),
            ("the", 1),
            ("a", 1),
            ("people's", 2),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
        assert_eq!(syllables("123"), 0);
    }

    #[test]
    fn scores_body_sentences() {
        let text =
            "Title Here\n\nThe cat sat. The dog ran away quickly.\n\nPhoto of a dog. (AP Photo)";
        let doc = PluginDocument {
            id: "t".into(),
            text: text.into(),
            layers: presslens_plugin::serde_json::from_value(json!({"text": {
                "paragraphs": [{"kind": "headline"}, {"kind": "body"}, {"kind": "caption"}],
                "sentences": [
                    {"paragraph": 0, "byte_start": 0, "byte_end": 10},
                    {"paragraph": 1, "byte_start": 12, "byte_end": 24},
                    {"paragraph": 1, "byte_start": 25, "byte_end": 50},
                    {"paragraph": 2, "byte_start": 52, "byte_end": 67}
                ]
            }}))
            .unwrap(),
        };
        let r = Readability::new(ReadabilityParams::default())
            .unwrap()
            .process(&doc)
            .unwrap();
        let v = &r.layers["readability"];
        assert_eq!(v["sentences"], 2);
        assert_eq!(v["words"], 8);
        assert_eq!(v["longest_sentence"]["words"], 5);
        assert_eq!(v["longest_sentence"]["byte_start"], 25);
        assert!(v["flesch_reading_ease"].as_f64().unwrap() > 80.0);
    }

    #[test]
    fn rejects_zero_threshold() {
        assert!(
            Readability::new(ReadabilityParams {
                include_headlines: false,
                long_word_syllables: 0
            })
            .is_err()
        );
    }
}
