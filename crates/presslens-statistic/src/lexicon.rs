//! The word lists and tables of `data/`, parsed once when the stage is created.
//!
//! Everything the grammar knows about words lives in data files so that a reader can see
//! (and a user can review) the vocabulary without reading Rust. One hash lookup per word
//! of the text gives all of a word's classes at once ([`WordInfo`]); multi-word forms
//! (units, currencies, qualifiers) are [`Phrase`]s matched token by token near numbers.

use crate::token::{Tok, tokenize_str};

const NUMBERS: &str = include_str!("../data/numbers.tsv");
const SCALES: &str = include_str!("../data/scales.tsv");
const CURRENCIES: &str = include_str!("../data/currencies.tsv");
const UNITS: &str = include_str!("../data/units.tsv");
const QUALIFIERS: &str = include_str!("../data/qualifiers.tsv");
const CUES: &str = include_str!("../data/cues.tsv");
const WORDS: &str = include_str!("../data/words.txt");

/// A data file line that does not parse: a bug in the crate's data, reported with its
/// place so that whoever edited the file can fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("data/{file} line {line}: {message}")]
pub struct DataError {
    /// The data file.
    pub file: &'static str,
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

pub(crate) use presslens_core::hash::FxMap;

/// The grammatical class of a number word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumClass {
    Digit,
    Teen,
    Tens,
    Hundred,
    Scale,
    Dozen,
    Half,
    Quarter,
}

/// A number word: "twenty", "third", "thirds", "million".
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NumWord {
    pub(crate) value: f64,
    pub(crate) class: NumClass,
    pub(crate) ordinal: bool,
    /// A plural ordinal ("thirds") or plural fraction word ("halves", "quarters"): only
    /// ever a fraction's denominator.
    pub(crate) plural: bool,
}

/// Which way a change went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    Up,
    Down,
}

/// Word classes of `words.txt`, as bits.
pub(crate) mod class {
    pub(crate) const FUNCTION: u32 = 1 << 0;
    pub(crate) const MONTH: u32 = 1 << 1;
    pub(crate) const WEEKDAY: u32 = 1 << 2;
    pub(crate) const CLOCK: u32 = 1 << 3;
    pub(crate) const YEAR_BEFORE: u32 = 1 << 4;
    pub(crate) const YEAR_AFTER: u32 = 1 << 5;
    pub(crate) const LABEL: u32 = 1 << 6;
    pub(crate) const STREET: u32 = 1 << 7;
    pub(crate) const RATE: u32 = 1 << 8;
    pub(crate) const PLURAL: u32 = 1 << 9;
    pub(crate) const NOT_PLURAL: u32 = 1 << 10;
    pub(crate) const VAGUE: u32 = 1 << 11;
    pub(crate) const PRONOUN_ONE: u32 = 1 << 12;
    pub(crate) const ORDINAL_FIXED: u32 = 1 << 13;
    pub(crate) const AGE: u32 = 1 << 14;
    pub(crate) const PHONE: u32 = 1 << 15;
    pub(crate) const MEASURE_NOUN: u32 = 1 << 16;
    pub(crate) const MONEY_CUE: u32 = 1 << 17;
    pub(crate) const WEATHER: u32 = 1 << 18;
    pub(crate) const SCORE: u32 = 1 << 19;
    pub(crate) const VOTE: u32 = 1 << 20;
    pub(crate) const CRICKET: u32 = 1 << 21;
    pub(crate) const DETERMINER: u32 = 1 << 22;
    pub(crate) const TIME_NOUN: u32 = 1 << 23;
    pub(crate) const TIME_ADVERB: u32 = 1 << 24;
    pub(crate) const FRACTION_LEAD: u32 = 1 << 25;

    pub(crate) const SECTIONS: &[(&str, u32)] = &[
        ("function", FUNCTION),
        ("month", MONTH),
        ("weekday", WEEKDAY),
        ("clock", CLOCK),
        ("year-before", YEAR_BEFORE),
        ("year-after", YEAR_AFTER),
        ("label", LABEL),
        ("street", STREET),
        ("rate", RATE),
        ("plural", PLURAL),
        ("not-plural", NOT_PLURAL),
        ("vague", VAGUE),
        ("pronoun-one", PRONOUN_ONE),
        ("ordinal-fixed", ORDINAL_FIXED),
        ("age", AGE),
        ("phone", PHONE),
        ("measure-noun", MEASURE_NOUN),
        ("money-cue", MONEY_CUE),
        ("weather", WEATHER),
        ("score", SCORE),
        ("vote", VOTE),
        ("cricket", CRICKET),
        ("determiner", DETERMINER),
        ("time-noun", TIME_NOUN),
        ("time-adverb", TIME_ADVERB),
        ("fraction-lead", FRACTION_LEAD),
    ];
}

/// Everything known about one (lower-cased) word.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct WordInfo {
    pub(crate) num: Option<NumWord>,
    pub(crate) classes: u32,
    /// A verb of change before the amount ("rose 5%").
    pub(crate) cue_verb: Option<Dir>,
    /// A verb that marks a change only with "by" or a percentage ("raised").
    pub(crate) cue_weak: Option<Dir>,
    /// "up", "down", "higher", "lower".
    pub(crate) cue_adv: Option<Dir>,
    /// A noun of change after the amount ("a 3% drop").
    pub(crate) cue_noun: Option<Dir>,
    /// "doubled", "halved": a change by a factor.
    pub(crate) cue_times: Option<(Dir, f64)>,
}

impl WordInfo {
    #[inline]
    pub(crate) fn is(&self, c: u32) -> bool {
        self.classes & c != 0
    }
}

/// A multi-token form: its tokens' texts, how to compare them and what it means.
#[derive(Debug, Clone)]
pub(crate) struct Phrase<T> {
    pub(crate) toks: Vec<String>,
    /// For each token, whether it touches the one before in the data form ("m2" must be
    /// written together; "sq ft" may be either).
    pub(crate) glue: Vec<bool>,
    /// Compare case-sensitively.
    pub(crate) cs: bool,
    /// Only directly against the number ("60g").
    pub(crate) glued: bool,
    pub(crate) info: T,
}

/// Phrases indexed by the lower-cased text of their first (or last) token, longest
/// first, so that "square feet" is tried before "square".
#[derive(Debug, Clone)]
pub(crate) struct PhraseTable<T> {
    pub(crate) phrases: Vec<Phrase<T>>,
    by_first: FxMap<String, Vec<u32>>,
    by_last: FxMap<String, Vec<u32>>,
}

impl<T> PhraseTable<T> {
    fn new(phrases: Vec<Phrase<T>>) -> PhraseTable<T> {
        let mut by_first: FxMap<String, Vec<u32>> = FxMap::default();
        let mut by_last: FxMap<String, Vec<u32>> = FxMap::default();
        for (i, p) in phrases.iter().enumerate() {
            by_first
                .entry(p.toks[0].to_lowercase())
                .or_default()
                .push(i as u32);
            by_last
                .entry(p.toks[p.toks.len() - 1].to_lowercase())
                .or_default()
                .push(i as u32);
        }
        for v in by_first.values_mut().chain(by_last.values_mut()) {
            v.sort_by_key(|&i| std::cmp::Reverse(phrases[i as usize].toks.len()));
        }
        PhraseTable {
            phrases,
            by_first,
            by_last,
        }
    }

    /// Candidates whose first token is `lower`.
    pub(crate) fn starting(&self, lower: &str) -> &[u32] {
        self.by_first.get(lower).map_or(&[], |v| v.as_slice())
    }

    /// Candidates whose last token is `lower`.
    pub(crate) fn ending(&self, lower: &str) -> &[u32] {
        self.by_last.get(lower).map_or(&[], |v| v.as_slice())
    }
}

/// Where a currency form is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    Pre,
    Post,
    Both,
}

/// A currency form.
#[derive(Debug, Clone)]
pub(crate) struct Currency {
    pub(crate) code: String,
    pub(crate) pos: Position,
    /// Only after a scale word ("5 billion won", "3 million pounds").
    pub(crate) scaled: bool,
}

/// A unit of measure.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub(crate) unit: String,
    pub(crate) dim: String,
}

/// What a qualifier says about its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QualKind {
    Approx,
    Lower,
    Upper,
}

/// A qualifier phrase.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Qualifier {
    pub(crate) kind: QualKind,
    pub(crate) post: bool,
}

/// All the tables.
#[derive(Debug)]
pub(crate) struct Lexicon {
    words: FxMap<Box<[u8]>, u32>,
    pub(crate) infos: Vec<WordInfo>,
    /// Scale abbreviations: form, multiplier, case-sensitive.
    pub(crate) scales: Vec<(String, f64, bool)>,
    pub(crate) currencies: PhraseTable<Currency>,
    pub(crate) units: PhraseTable<Unit>,
    pub(crate) qualifiers: PhraseTable<Qualifier>,
    /// Longest word in `words`, to skip lookups of longer words.
    max_len: usize,
    /// (first letter, second letter, length) of the number words: the tokenizer looks
    /// up only the words that could be one, and the rest lazily near numbers.
    num_shapes: Vec<u64>,
    /// Finds what may start a number (digits, number words, vulgar fractions) in one
    /// pass over the text, so that sentences without any are never tokenized.
    pub(crate) anchors: aho_corasick::AhoCorasick,
}

/// Index of "no entry" in token `info` fields.
pub(crate) const NO_INFO: u32 = u32::MAX;

/// A token whose entry was not looked up yet.
pub(crate) const LAZY: u32 = u32::MAX - 1;

const SHAPES: usize = 27 * 27 * 32;

/// A word's shape for the number-word filter: first two letters (folded) and length.
#[inline]
fn shape(b: &[u8]) -> usize {
    let letter = |i: usize| match b.get(i) {
        Some(c) if c.is_ascii_alphabetic() => (c.to_ascii_lowercase() - b'a') as usize + 1,
        _ => 0,
    };
    (letter(0) * 27 + letter(1)) * 32 + b.len().min(31)
}

fn lines(
    file: &'static str,
    text: &'static str,
) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    let _ = file;
    text.lines().enumerate().filter_map(|(n, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((n + 1, l.split('\t').collect()))
        }
    })
}

fn err(file: &'static str, line: usize, message: impl Into<String>) -> DataError {
    DataError {
        file,
        line,
        message: message.into(),
    }
}

fn parse_f64(file: &'static str, line: usize, s: &str) -> Result<f64, DataError> {
    s.parse::<f64>()
        .map_err(|_| err(file, line, format!("`{s}` is not a number")))
}

fn phrase_tokens(form: &str) -> Vec<String> {
    tokenize_str(form)
        .iter()
        .map(|t: &Tok| form[t.start as usize..t.end as usize].to_string())
        .collect()
}

fn phrase_glue(form: &str) -> Vec<bool> {
    tokenize_str(form)
        .iter()
        .enumerate()
        .map(|(k, t)| k > 0 && !t.gap)
        .collect()
}

impl Lexicon {
    /// Parse every data file.
    pub(crate) fn load() -> Result<Lexicon, DataError> {
        let mut lex = Lexicon {
            words: FxMap::default(),
            infos: Vec::new(),
            scales: Vec::new(),
            currencies: PhraseTable::new(Vec::new()),
            units: PhraseTable::new(Vec::new()),
            qualifiers: PhraseTable::new(Vec::new()),
            max_len: 0,
            num_shapes: vec![0; SHAPES.div_ceil(64)],
            anchors: aho_corasick::AhoCorasick::new(["0"])
                .map_err(|e| err("numbers.tsv", 0, e.to_string()))?,
        };

        for (n, cols) in lines("numbers.tsv", NUMBERS) {
            let [word, value, cls] = cols[..] else {
                return Err(err("numbers.tsv", n, "expected word, value, class"));
            };
            let value = parse_f64("numbers.tsv", n, value)?;
            let (ordinal, cls) = match cls.strip_prefix("ord-") {
                Some(c) => (true, c),
                None => (false, cls),
            };
            let class = match cls {
                "digit" => NumClass::Digit,
                "teen" => NumClass::Teen,
                "tens" => NumClass::Tens,
                "hundred" => NumClass::Hundred,
                "scale" => NumClass::Scale,
                "dozen" => NumClass::Dozen,
                "half" => NumClass::Half,
                "quarter" => NumClass::Quarter,
                other => return Err(err("numbers.tsv", n, format!("unknown class `{other}`"))),
            };
            let nw = NumWord {
                value,
                class,
                ordinal,
                plural: false,
            };
            lex.entry(word).num = Some(nw);
            if ordinal && value >= 3.0 {
                lex.entry(&format!("{word}s")).num = Some(NumWord { plural: true, ..nw });
            }
        }
        // "thirty-firsts"; never "seconds", which are time.
        lex.entry("firsts").num = Some(NumWord {
            value: 1.0,
            class: NumClass::Digit,
            ordinal: true,
            plural: true,
        });
        lex.entry("halves").num = Some(NumWord {
            value: 0.5,
            class: NumClass::Half,
            ordinal: false,
            plural: true,
        });
        lex.entry("quarters").num = Some(NumWord {
            value: 0.25,
            class: NumClass::Quarter,
            ordinal: false,
            plural: true,
        });

        for (n, cols) in lines("scales.tsv", SCALES) {
            let [form, mult, case] = cols[..] else {
                return Err(err("scales.tsv", n, "expected form, multiplier, case"));
            };
            let mult = parse_f64("scales.tsv", n, mult)?;
            lex.scales.push((form.to_string(), mult, case == "cs"));
        }

        let mut currencies = Vec::new();
        for (n, cols) in lines("currencies.tsv", CURRENCIES) {
            let [form, code, pos, flags] = cols[..] else {
                return Err(err("currencies.tsv", n, "expected form, code, where, case"));
            };
            let pos = match pos {
                "pre" => Position::Pre,
                "post" => Position::Post,
                "both" => Position::Both,
                other => {
                    return Err(err(
                        "currencies.tsv",
                        n,
                        format!("where is `{other}`, expected pre, post or both"),
                    ));
                }
            };
            currencies.push(Phrase {
                toks: phrase_tokens(form),
                glue: phrase_glue(form),
                cs: flags.split(',').any(|f| f == "cs"),
                glued: flags.split(',').any(|f| f == "glued"),
                info: Currency {
                    code: code.to_string(),
                    pos,
                    scaled: flags.split(',').any(|f| f == "scaled"),
                },
            });
        }
        lex.currencies = PhraseTable::new(currencies);

        let mut units = Vec::new();
        for (n, cols) in lines("units.tsv", UNITS) {
            let [form, unit, dim, flags] = cols[..] else {
                return Err(err("units.tsv", n, "expected form, unit, dimension, flags"));
            };
            units.push(Phrase {
                toks: phrase_tokens(form),
                glue: phrase_glue(form),
                cs: flags.split(',').any(|f| f == "cs"),
                glued: flags.split(',').any(|f| f == "glued"),
                info: Unit {
                    unit: unit.to_string(),
                    dim: dim.to_string(),
                },
            });
        }
        lex.units = PhraseTable::new(units);

        let mut quals = Vec::new();
        for (n, cols) in lines("qualifiers.tsv", QUALIFIERS) {
            let [form, kind, pos] = cols[..] else {
                return Err(err(
                    "qualifiers.tsv",
                    n,
                    "expected phrase, effect, position",
                ));
            };
            let kind = match kind {
                "approx" => QualKind::Approx,
                "lower" => QualKind::Lower,
                "upper" => QualKind::Upper,
                other => {
                    return Err(err(
                        "qualifiers.tsv",
                        n,
                        format!("unknown effect `{other}`"),
                    ));
                }
            };
            let post = match pos {
                "pre" => false,
                "post" => true,
                other => {
                    return Err(err(
                        "qualifiers.tsv",
                        n,
                        format!("unknown position `{other}`"),
                    ));
                }
            };
            quals.push(Phrase {
                toks: phrase_tokens(form),
                glue: vec![false; phrase_tokens(form).len()],
                cs: false,
                glued: false,
                info: Qualifier { kind, post },
            });
        }
        lex.qualifiers = PhraseTable::new(quals);

        for (n, cols) in lines("cues.tsv", CUES) {
            let [word, dir, role] = cols[..] else {
                return Err(err("cues.tsv", n, "expected word, direction, role"));
            };
            let dir = match dir {
                "up" => Dir::Up,
                "down" => Dir::Down,
                other => return Err(err("cues.tsv", n, format!("direction `{other}`"))),
            };
            let e = lex.entry(word);
            match role {
                "verb" => e.cue_verb = Some(dir),
                "weak" => e.cue_weak = Some(dir),
                "adv" => e.cue_adv = Some(dir),
                "noun" => e.cue_noun = Some(dir),
                r => match r.strip_prefix("times").map(str::parse::<f64>) {
                    Some(Ok(f)) => e.cue_times = Some((dir, f)),
                    _ => return Err(err("cues.tsv", n, format!("unknown role `{r}`"))),
                },
            }
        }

        // Number words and "doubled"-like verbs start statistics: the tokenizer looks them
        // up at once and the anchor automaton finds them.
        let mut patterns: Vec<Vec<u8>> = lex
            .words
            .iter()
            .filter(|(_, id)| {
                let info = &lex.infos[**id as usize];
                info.num.is_some() || info.cue_times.is_some()
            })
            .map(|(k, _)| k.to_vec())
            .collect();
        // In a fixed order, whatever the map's.
        patterns.sort_unstable();
        for k in &patterns {
            let s = shape(k);
            lex.num_shapes[s / 64] |= 1 << (s % 64);
        }
        patterns.extend((b'0'..=b'9').map(|d| vec![d]));
        patterns.extend(
            "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
                .chars()
                .map(|c| c.to_string().into_bytes()),
        );
        lex.anchors = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| err("numbers.tsv", 0, format!("the anchor automaton: {e}")))?;

        let mut current: Option<u32> = None;
        for (n, line) in WORDS.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = class::SECTIONS
                    .iter()
                    .find(|(s, _)| *s == name)
                    .map(|(_, c)| *c);
                if current.is_none() {
                    return Err(err("words.txt", n + 1, format!("unknown section `{name}`")));
                }
                continue;
            }
            let Some(c) = current else {
                return Err(err("words.txt", n + 1, "words before the first [section]"));
            };
            for w in line.split_whitespace() {
                lex.entry(w).classes |= c;
            }
        }
        Ok(lex)
    }

    fn entry(&mut self, word: &str) -> &mut WordInfo {
        let key = word.to_lowercase();
        self.max_len = self.max_len.max(key.len());
        let id = match self.words.get(key.as_bytes()) {
            Some(&id) => id,
            None => {
                let id = self.infos.len() as u32;
                self.infos.push(WordInfo::default());
                self.words.insert(key.into_bytes().into_boxed_slice(), id);
                id
            }
        };
        &mut self.infos[id as usize]
    }

    /// The entry of a word if it could be a number word, else [`LAZY`]: the grammar
    /// looks up other words only near numbers.
    #[inline]
    pub(crate) fn lookup_numeric(&self, word: &str) -> u32 {
        let s = shape(word.as_bytes());
        if self.num_shapes[s / 64] & (1 << (s % 64)) == 0 {
            return LAZY;
        }
        self.lookup(word)
    }

    /// The entry of a word, given its text; ASCII letters are folded to lower case.
    #[inline]
    pub(crate) fn lookup(&self, word: &str) -> u32 {
        self.lookup_bytes(word.as_bytes())
    }

    /// [`Lexicon::lookup`] of a word's bytes.
    #[inline]
    pub(crate) fn lookup_bytes(&self, b: &[u8]) -> u32 {
        if b.len() > self.max_len {
            return NO_INFO;
        }
        let mut buf = [0u8; 48];
        if b.len() > buf.len() {
            return NO_INFO;
        }
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        self.words.get(&buf[..b.len()]).copied().unwrap_or(NO_INFO)
    }

    /// The info of a token's word (the default, empty info for none).
    #[inline]
    pub(crate) fn info(&self, id: u32) -> &WordInfo {
        static EMPTY: WordInfo = WordInfo {
            num: None,
            classes: 0,
            cue_verb: None,
            cue_weak: None,
            cue_adv: None,
            cue_noun: None,
            cue_times: None,
        };
        self.infos.get(id as usize).unwrap_or(&EMPTY)
    }

    /// A scale abbreviation written as `form`.
    pub(crate) fn scale_abbr(&self, form: &str) -> Option<f64> {
        self.scales
            .iter()
            .find(|(f, _, cs)| {
                if *cs {
                    f == form
                } else {
                    f.eq_ignore_ascii_case(form)
                }
            })
            .map(|(_, m, _)| *m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        let lex = Lexicon::load().unwrap();
        let id = lex.lookup("Twenty");
        assert_eq!(lex.info(id).num.unwrap().value, 20.0);
        let thirds = lex.info(lex.lookup("thirds")).num.unwrap();
        assert!(thirds.plural && thirds.ordinal);
        assert_eq!(lex.info(lex.lookup("rose")).cue_verb, Some(Dir::Up));
        assert!(lex.info(lex.lookup("May")).is(class::MONTH));
        assert_eq!(lex.lookup("unknownword"), NO_INFO);
        assert_eq!(lex.scale_abbr("bn"), Some(1e9));
        assert_eq!(lex.scale_abbr("m"), Some(1e6));
        assert!(!lex.units.starting("square").is_empty());
        // Longest first: "square-foot" and "square feet" before shorter forms.
        let lens: Vec<usize> = lex
            .units
            .starting("square")
            .iter()
            .map(|&i| lex.units.phrases[i as usize].toks.len())
            .collect();
        assert!(
            lens.windows(2).all(|w| w[0] >= w[1]) && lens[0] >= 2,
            "{lens:?}"
        );
        assert!(!lex.currencies.ending("$").is_empty());
    }
}
