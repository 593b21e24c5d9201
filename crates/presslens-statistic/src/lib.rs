//! The `statistic` stage of presslens: every number a story claims, normalised, with its
//! kind, unit, qualifiers and, for changes, the earlier value and the direction.
//!
//! Fact-checkers list the numbers of a story to verify them, so a wrong value is worse
//! than a missing one: the grammar refuses what it cannot read for sure (identifiers such
//! as "G20" or "Boeing 737", dates and clock times, addresses, phone numbers) rather than
//! guess.
//!
//! The heart is [`Extractor::extract`], a pure function over a `&str`; the [`StatisticStage`]
//! stage runs it over the body paragraphs of a document's `text` layer.
//!
//! Conventions of the output (see `../shared/spec/output-format.md`):
//! * `value` is the number as written, scaled ("3.5 million" is 3500000) and signed as
//!   written: a change's amount is positive whichever way it went, its `direction` says
//!   which way.
//! * A range has its lower end in `value` and the upper end in `upper`. A bound on a bare
//!   number ("more than 30", "up to 500") is a range open on one side: `value` is the
//!   stated bound, `upper` is absent and `approximate` is true; the span's words say which
//!   side. A bound on a quantity of something ("more than 4 million homes", "up to $12
//!   million") keeps the quantity's kind and is approximate.
//! * `unit`: "%" (or "percentage points", "basis points") for percentages, ISO 4217 codes
//!   for money ("USD"; "cents" and "pence" for the small units), symbols for measures
//!   ("km", "kg", "°C", "mph"; "years" for durations and ages), the noun for counts
//!   ("workers"). Rates append the denominator: "USD/share", "bbl/day".
//! * Not statistics: dates and clock times (the entity stage's DATE and TIME), names and
//!   codes that hold numbers ("G20", "COVID-19", "Boeing 737", "15 Pro Max", "Section
//!   12", "4K", "401(k)"), addresses, phone numbers, scores and tallies ("won 2-1",
//!   "rejected 48 to 52", cricket's "5-32" and "245 for 6"), list markers, numbers in web
//!   addresses and markup, a bare "8m" with no word of money or metric measure near
//!   (millions or metres?) and a "1,3" with nothing to say whether the comma is a decimal
//!   point or a list's.
#![deny(missing_docs)]

mod ctx;
mod extract;
mod lexicon;
mod number;
mod token;

use presslens_core::{
    Document, ParagraphKind, Span, Stage, StageEnv, StageError, StatKind, Statistics, TextLayer,
};

pub use lexicon::DataError;

use crate::ctx::Ctx;
use crate::lexicon::Lexicon;
use crate::token::{Tok, tokenize};

presslens_core::params! {
    /// Parameters of the `statistic` stage.
    pub struct StatisticParams {
        /// Leave out paragraphs that the `text` layer marks as boilerplate (photo
        /// captions, site chrome): their numbers are not the story's claims.
        pub skip_boilerplate: bool = true,
        /// The kinds to report; the default is all of them. Fact-checkers who only want
        /// claimed quantities may leave out `ordinal` and `year`.
        pub kinds: Vec<String> = all_kinds(),
    }
}

fn all_kinds() -> Vec<String> {
    KINDS.iter().map(|k| k.as_str().to_string()).collect()
}

const KINDS: [StatKind; 9] = [
    StatKind::Count,
    StatKind::Percent,
    StatKind::Money,
    StatKind::Measure,
    StatKind::Ordinal,
    StatKind::Year,
    StatKind::Range,
    StatKind::Change,
    StatKind::Rank,
];

/// Finds statistics in text. Built once (it parses the data tables) and shared by all
/// threads.
#[derive(Debug)]
pub struct Extractor {
    lex: Lexicon,
}

impl Extractor {
    /// An extractor with the built-in tables.
    pub fn new() -> Result<Extractor, DataError> {
        Ok(Extractor {
            lex: Lexicon::load()?,
        })
    }

    /// The statistics of `text`, read as one body paragraph.
    pub fn extract(&self, text: &str) -> Vec<presslens_core::Statistic> {
        let mut out = Vec::new();
        self.extract_range(text, Span::new(0, text.len()), &mut out);
        out
    }

    /// Append the statistics of `text[span]` (a paragraph, say) to `out`.
    pub fn extract_range(&self, text: &str, span: Span, out: &mut Vec<presslens_core::Statistic>) {
        let start = span.start as usize;
        let end = (span.end as usize).min(text.len());
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return;
        }
        // Most sentences hold no number: find what may start one (a digit, a number
        // word, a vulgar fraction) in one pass, and read only the sentences around.
        let b = text.as_bytes();
        let mut toks: Vec<Tok> = Vec::new();
        let mut pos = start;
        let mut done = start;
        while pos < end {
            let Some(m) = self.lex.anchors.find(&b[pos..end]) else {
                break;
            };
            let (s, e) = (pos + m.start(), pos + m.end());
            let letter = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
            if b[s].is_ascii_alphabetic()
                && ((s > start && letter(s - 1)) || (e < end && letter(e)))
            {
                // Inside a word: "someone", "often".
                pos = e;
                continue;
            }
            let a = sentence_start(b, s, done);
            let z = sentence_end(b, e, end);
            self.extract_chunk(text, a, z, &mut toks, out);
            pos = z;
            done = z;
        }
    }

    /// Read the statistics of one stretch of text that may hold numbers.
    fn extract_chunk(
        &self,
        text: &str,
        start: usize,
        end: usize,
        toks: &mut Vec<Tok>,
        out: &mut Vec<presslens_core::Statistic>,
    ) {
        toks.clear();
        let buf = toks;
        tokenize(text, start, end, buf, |w: &str| self.lex.lookup_numeric(w));
        let buf: &[Tok] = buf;
        let ctx = Ctx::new(text, buf, &self.lex);
        for item in ctx.extract() {
            let Some(first) = buf.get(item.t0) else {
                continue;
            };
            let Some(last) = buf.get(item.t1.saturating_sub(1)) else {
                continue;
            };
            if item.t1 <= item.t0 || !item.value.is_finite() {
                continue;
            }
            let span = Span::new(first.start as usize, last.end as usize);
            let mut s = presslens_core::Statistic::new(span, item.kind, tidy(item.value));
            s.upper = item.upper.filter(|u| u.is_finite()).map(tidy);
            s.unit = item.unit;
            s.previous = item.previous.filter(|p| p.is_finite()).map(tidy);
            s.direction = item.direction;
            s.approximate = item.approx;
            s.subject = item.subject.and_then(|(a, b)| {
                let a = buf.get(a)?;
                let b = buf.get(b.checked_sub(1)?)?;
                Some(Span::new(a.start as usize, b.end as usize))
            });
            out.push(s);
        }
    }
}

/// A value rounded to 15 significant digits: scaling in binary floating point turns
/// "4.1bn" into 4099999999.9999995, which users would see in the output.
fn tidy(v: f64) -> f64 {
    if v.fract() == 0.0 || !v.is_finite() {
        return v;
    }
    format!("{v:.14e}").parse::<f64>().unwrap_or(v)
}

/// Whether a sentence ends at byte `i` (one past '.', '!', '?' or a line break): the
/// punctuation is followed by a space and a capital or a quote. A period after a short
/// word ("No.", "Mr.", "U.S.", "Jan.") does not end one.
fn boundary_after(b: &[u8], i: usize) -> bool {
    let Some(&c) = i.checked_sub(1).and_then(|k| b.get(k)) else {
        return true;
    };
    if c == b'\n' {
        return true;
    }
    if !matches!(c, b'.' | b'!' | b'?') {
        return false;
    }
    let next_ok = b.get(i).is_some_and(|n| n.is_ascii_whitespace())
        && b.get(i + 1)
            .is_some_and(|n| n.is_ascii_uppercase() || *n == b'"');
    if !next_ok {
        return false;
    }
    if c == b'.' {
        let mut k = i - 1;
        let mut len = 0;
        while k > 0 && b[k - 1].is_ascii_alphabetic() {
            k -= 1;
            len += 1;
        }
        return len > 3;
    }
    true
}

/// The start of the sentence holding byte `pos`, not before `floor`.
fn sentence_start(b: &[u8], pos: usize, floor: usize) -> usize {
    // Only a stop or a line break can end a sentence: jump between them with memchr
    // ("!" ends fewer sentences than it costs to look for; a chunk may run past one).
    let mut hay = &b[floor..pos.min(b.len())];
    while let Some(k) = memchr::memrchr3(b'.', b'?', b'\n', hay) {
        if boundary_after(b, floor + k + 1) {
            return floor + k + 1;
        }
        hay = &hay[..k];
    }
    floor
}

/// The end of the sentence holding byte `pos`, not after `end`.
fn sentence_end(b: &[u8], pos: usize, end: usize) -> usize {
    let mut from = pos.min(end);
    while let Some(k) = memchr::memchr3(b'.', b'?', b'\n', &b[from..end]) {
        let i = from + k + 1;
        if boundary_after(b, i) {
            return i;
        }
        from = i;
    }
    end
}

/// The `statistic` stage.
#[derive(Debug)]
pub struct StatisticStage {
    extractor: Extractor,
    skip_boilerplate: bool,
    kinds: Vec<StatKind>,
}

impl Stage for StatisticStage {
    const TYPE: &'static str = "statistic";
    const SUMMARY: &'static str =
        "Numbers the story claims: counts, percentages, money, measures, ranges, changes, ranks.";
    const REQUIRES: &'static [&'static str] = &["text"];
    const PROVIDES: &'static [&'static str] = &["statistics"];
    type Params = StatisticParams;

    fn new(params: StatisticParams, _env: &StageEnv) -> Result<Self, StageError> {
        let mut kinds = Vec::new();
        for k in &params.kinds {
            match KINDS.iter().find(|x| x.as_str() == k) {
                Some(x) => kinds.push(*x),
                None => {
                    return Err(StageError::new(format!(
                        "unknown statistic kind `{k}` in `kinds`: expected some of {}",
                        all_kinds().join(", ")
                    )));
                }
            }
        }
        let extractor = Extractor::new().map_err(|e| StageError::new(e.to_string()))?;
        Ok(StatisticStage {
            extractor,
            skip_boilerplate: params.skip_boilerplate,
            kinds,
        })
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let text = doc.text();
        let mut items = Vec::new();
        match doc.get::<TextLayer>() {
            Some(layer) => {
                for p in &layer.paragraphs {
                    if self.skip_boilerplate && p.kind.is_boilerplate() {
                        continue;
                    }
                    self.extractor.extract_range(text, p.span, &mut items);
                }
            }
            None => {
                // Without a text layer (a unit test, a custom pipeline): the whole text
                // is one body paragraph.
                let _ = ParagraphKind::Body;
                self.extractor
                    .extract_range(text, Span::new(0, text.len()), &mut items);
            }
        }
        items.retain(|s| self.kinds.contains(&s.kind));
        items.sort_by_key(|s| (s.span.start, s.span.end));
        doc.insert(Statistics { items });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use presslens_core::{Paragraph, ParagraphKind, Sentence};

    use super::*;

    fn layer(text: &str, caption: Span) -> TextLayer {
        let para = |span: Span, kind, i: u32| Paragraph {
            span,
            kind,
            first_sentence: i,
            end_sentence: i + 1,
        };
        let body = Span::new(0, caption.start as usize);
        let layer = TextLayer {
            paragraphs: vec![
                para(body, ParagraphKind::Body, 0),
                para(caption, ParagraphKind::Caption, 1),
            ],
            sentences: [body, caption]
                .iter()
                .enumerate()
                .map(|(i, s)| Sentence {
                    span: *s,
                    paragraph: i as u32,
                    first_token: 0,
                    end_token: 0,
                })
                .collect(),
            tokens: Vec::new(),
        };
        assert!(layer.paragraphs.iter().all(|p| p.span.is_valid_for(text)));
        layer
    }

    fn run(params: StatisticParams) -> Vec<StatKind> {
        let text = "Sales rose 5% in 2019.\n\nThe 68th anniversary (AP Photo)";
        let caption = Span::new(text.find("The 68th").unwrap(), text.len());
        let stage = StatisticStage::new(params, &StageEnv::default()).unwrap();
        let mut doc = Document::new("d", text).unwrap();
        doc.insert(layer(text, caption));
        stage.process(&mut doc).unwrap();
        doc.get::<Statistics>()
            .unwrap()
            .items
            .iter()
            .map(|s| s.kind)
            .collect()
    }

    #[test]
    fn boilerplate_paragraphs_are_skipped_by_default() {
        assert_eq!(
            run(StatisticParams::default()),
            [StatKind::Change, StatKind::Year]
        );
        let all = StatisticParams {
            skip_boilerplate: false,
            ..StatisticParams::default()
        };
        assert_eq!(
            run(all),
            [StatKind::Change, StatKind::Year, StatKind::Ordinal]
        );
    }

    #[test]
    fn kinds_filter_and_its_error() {
        let only = StatisticParams {
            kinds: vec!["change".into()],
            ..StatisticParams::default()
        };
        assert_eq!(run(only), [StatKind::Change]);
        let bad = StatisticParams {
            kinds: vec!["counts".into()],
            ..StatisticParams::default()
        };
        let err = StatisticStage::new(bad, &StageEnv::default()).unwrap_err();
        assert!(
            err.message().contains("unknown statistic kind `counts`"),
            "{err}"
        );
        assert!(err.message().contains("count, percent"), "{err}");
    }

    #[test]
    fn scaled_values_print_clean() {
        assert_eq!(tidy(4.1 * 1e9), 4_100_000_000.0);
        assert_eq!(tidy(0.1 + 0.2), 0.3);
        assert_eq!(tidy(1.0 / 3.0), 0.333333333333333);
        let x = Extractor::new().unwrap();
        assert_eq!(x.extract("profits of £4.1bn")[0].value, 4_100_000_000.0);
    }

    #[test]
    fn without_a_text_layer_the_whole_text_is_read() {
        let stage = StatisticStage::new(StatisticParams::default(), &StageEnv::default()).unwrap();
        let mut doc = Document::new("d", "About 300 people (AP Photo) and 5%.").unwrap();
        stage.process(&mut doc).unwrap();
        assert_eq!(doc.get::<Statistics>().unwrap().items.len(), 2);
    }
}
