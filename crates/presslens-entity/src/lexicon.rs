//! Gazetteers compiled in from the crate's data files, plus the user's.
//!
//! Names are matched case-sensitively on whole tokens ("Turkey" the country, not
//! "turkey"); titles and head words case-insensitively. Every lookup is a probe of a hash
//! map keyed by the token's precomputed hash, so matching costs one probe per word.

use presslens_core::knowledge::first_names;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use presslens_core::EntityLabel;

use crate::tokenize::{Tok, tokenize};

/// Hash of a string, case-sensitive.
///
/// Eight bytes at a time (see [`words_hash`]): every token of a document is hashed, and
/// a hash of a byte at a time (FNV) spent a multiplication's latency per byte and a
/// mispredicted loop exit per word.
#[inline]
pub(crate) fn hash_exact(s: &str) -> u64 {
    words_hash(s.as_bytes(), false)
}

/// Hash of a string, lower-cased.
#[inline]
pub(crate) fn hash_lower(s: &str) -> u64 {
    if s.is_ascii() {
        words_hash(s.as_bytes(), true)
    } else {
        let lower: String = s.chars().flat_map(char::to_lowercase).collect();
        words_hash(lower.as_bytes(), false)
    }
}

/// The case-sensitive and the lower-cased hash of a string ([`hash_exact`] and
/// [`hash_lower`]) in one go: an ASCII word of up to 16 bytes (nearly all) is two
/// little-endian words, lower-cased by bit operations.
#[inline]
pub(crate) fn hash_both(s: &str) -> (u64, u64) {
    let b = s.as_bytes();
    if b.len() <= 16 {
        let mut window = [0u8; 16];
        window[..b.len()].copy_from_slice(b);
        if let Some(both) = short_both(&window, b.len()) {
            return both;
        }
    }
    (hash_exact(s), hash_lower(s))
}

/// [`hash_both`] of the word at bytes `start..end` of `text`, its bytes read in place
/// where the text has 16 bytes from `start` (no copy).
#[inline]
pub(crate) fn hash_both_at(text: &str, start: usize, end: usize) -> (u64, u64) {
    let len = end.wrapping_sub(start);
    if len <= 16
        && let Some(window) = text.as_bytes().get(start..start + 16)
        && let Some(both) = short_both(window, len)
    {
        return both;
    }
    text.get(start..end).map_or((0, 0), hash_both)
}

/// Both hashes of the first `len` (at most 16) bytes of `window` (16 bytes), if they are
/// ASCII.
#[inline(always)]
fn short_both(window: &[u8], len: usize) -> Option<(u64, u64)> {
    let word = |k: usize, n: usize| {
        let mut a = [0u8; 8];
        a.copy_from_slice(&window[k..k + 8]);
        u64::from_le_bytes(a) & u64::MAX.checked_shr((64 - 8 * n) as u32).unwrap_or(0)
    };
    let (c0, c1) = (word(0, len.min(8)), word(8, len.saturating_sub(8)));
    if (c0 | c1) & HIGH_BITS != 0 {
        return None;
    }
    let (u0, u1) = (upper_bits(c0), upper_bits(c1));
    let e = two_words_hash(c0, c1, len);
    if u0 | u1 == 0 {
        return Some((e, e));
    }
    Some((e, two_words_hash(c0 | u0 >> 2, c1 | u1 >> 2, len)))
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Bit 7 of each byte of `c` (ASCII bytes) that is an upper-case letter: `c | bits >> 2`
/// is `c` lower-cased. (No byte's sum carries into the next: every byte is below 0x80.)
#[inline(always)]
fn upper_bits(c: u64) -> u64 {
    let at_least_a = c.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let past_z = c.wrapping_add(0x2525_2525_2525_2525);
    at_least_a & !past_z & HIGH_BITS
}

/// The hash of a string of `len` (at most 8) bytes given as a zero-padded little-endian
/// word: the length goes in the top byte, which is free below eight bytes (at eight, only
/// a control character could meet a shorter word's length there).
#[inline(always)]
fn short_hash(c: u64, len: usize) -> u64 {
    mix(c ^ (len as u64) << 56)
}

const FOLD_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// One 8-byte word folded into a longer string's hash.
#[inline(always)]
fn fold(h: u64, c: u64) -> u64 {
    (h.rotate_left(29) ^ c).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// [`words_hash`] of a string of `len` (at most 16) bytes given as two zero-padded words.
#[inline(always)]
fn two_words_hash(c0: u64, c1: u64, len: usize) -> u64 {
    if len <= 8 {
        short_hash(c0, len)
    } else {
        mix(fold(fold(FOLD_SEED, c0), c1) ^ len as u64)
    }
}

/// The hash of any byte string, ASCII letters lower-cased if `lower` (then the string is
/// ASCII): [`short_hash`] up to eight bytes, else its 8-byte words folded, then mixed
/// with the length.
fn words_hash(b: &[u8], lower: bool) -> u64 {
    let word = |part: &[u8]| {
        let mut a = [0u8; 8];
        a[..part.len()].copy_from_slice(part);
        let c = u64::from_le_bytes(a);
        if lower { c | upper_bits(c) >> 2 } else { c }
    };
    if b.len() <= 8 {
        return short_hash(word(b), b.len());
    }
    let h = b.chunks(8).fold(FOLD_SEED, |h, part| fold(h, word(part)));
    mix(h ^ b.len() as u64)
}

/// Are two short lists of word hashes equal? (A loop: slice equality would call
/// `memcmp`, slower for the few words of a name.)
#[inline]
pub(crate) fn same_words(a: &[u64], b: &[u64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// A strong 64-bit finaliser (splitmix64), so that hashes can index tables directly.
#[inline]
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A hasher for keys that are already good hashes.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A word that opens a relative date ("last", "late", "past").
pub(crate) const DATE_MOD: u8 = 1;
/// A word that counts date units ("two", "a", "few").
pub(crate) const DATE_COUNT: u8 = 2;
/// A unit of relative dates ("year", "weeks").
pub(crate) const DATE_UNIT: u8 = 3;
/// A word that closes a counted date ("ago", "earlier").
pub(crate) const DATE_POST: u8 = 4;

/// A hash map keyed by precomputed hashes.
pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Gazetteer classes: one bit each in a token's match masks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Cat {
    Country = 0,
    Region,
    City,
    Place,
    Org,
    Media,
    Norp,
    Language,
    FirstName,
    Title,
    OrgWord,
    FacWord,
    EventWord,
    LawWord,
    LocWord,
    GpeWord,
    Month,
    Day,
    TimeWord,
    User,
}

impl Cat {
    #[inline]
    pub(crate) fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// The label a name of this class carries, for name classes.
    pub(crate) fn label(self) -> Option<EntityLabel> {
        Some(match self {
            Cat::Country | Cat::Region | Cat::City => EntityLabel::Gpe,
            Cat::Place => EntityLabel::Loc,
            Cat::Org | Cat::Media => EntityLabel::Org,
            Cat::Norp => EntityLabel::Norp,
            Cat::Language => EntityLabel::Language,
            _ => return None,
        })
    }
}

/// A named thing of a gazetteer.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The name every alias maps to.
    pub canonical: String,
    pub cat: Cat,
    /// The label, for name entries (user entries carry their own).
    pub label: Option<EntityLabel>,
}

#[derive(Debug, Clone)]
struct Phrase {
    /// Token hashes after the first.
    rest: Vec<u64>,
    entry: u32,
}

/// A set of word hashes that may answer yes wrongly: a bit for each value of the top
/// bits of a hash, in `WORDS` 64-bit words. Most words of a text are in no word list,
/// and a bit test is far cheaper than the hash-map probe it stands in front of.
#[derive(Debug, Clone)]
pub(crate) struct WordFilter<const WORDS: usize>([u64; WORDS]);

/// The filters in front of the word lists: 2^16 bits, 8 KB.
pub(crate) type ListFilter = WordFilter<1024>;

impl<const WORDS: usize> Default for WordFilter<WORDS> {
    fn default() -> Self {
        WordFilter([0; WORDS])
    }
}

impl<const WORDS: usize> WordFilter<WORDS> {
    /// How far a hash is shifted right to leave the index of its bit.
    const SHIFT: u32 = 64 - (WORDS * 64).trailing_zeros();

    #[inline]
    fn bit(h: u64) -> (usize, u64) {
        let b = (h >> Self::SHIFT) as usize;
        (b >> 6, 1 << (b & 63))
    }

    /// Add the word of hash `h`.
    #[inline]
    pub(crate) fn insert(&mut self, h: u64) {
        let (w, bit) = Self::bit(h);
        self.0[w] |= bit;
    }

    /// May the word of hash `h` be in the set? (Always, when it is.)
    #[inline]
    pub(crate) fn contains(&self, h: u64) -> bool {
        let (w, bit) = Self::bit(h);
        self.0[w] & bit != 0
    }

    /// Add every word of `other`.
    fn union(&mut self, other: &Self) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
}

/// Phrases keyed by the hash of their first token.
#[derive(Debug, Clone, Default)]
struct PhraseDict {
    first: IdMap<Vec<Phrase>>,
    filter: ListFilter,
    /// The same phrases laid out flat for lookups (see [`PhraseDict::freeze`]): by first
    /// hash, a range of `phrases`, each the range of its other hashes in `rest` and its
    /// entry. One probe and two short reads, where the nested vectors cost three
    /// dependent cache misses.
    index: IdMap<(u32, u32)>,
    phrases: Vec<(u32, u32, u32)>,
    rest: Vec<u64>,
}

impl PhraseDict {
    #[inline]
    fn may_start(&self, h: u64) -> bool {
        self.filter.contains(h)
    }

    /// Lay the phrases out flat, in the order of their insertion for each first word.
    fn freeze(&mut self) {
        self.index.clear();
        self.phrases.clear();
        self.rest.clear();
        for (&head, list) in &self.first {
            let start = self.phrases.len() as u32;
            for p in list {
                self.phrases
                    .push((self.rest.len() as u32, p.rest.len() as u32, p.entry));
                self.rest.extend_from_slice(&p.rest);
            }
            self.index
                .insert(head, (start, self.phrases.len() as u32 - start));
        }
    }

    /// The phrases starting with a word of hash `h`: their other hashes and entries.
    #[inline]
    fn starting(&self, h: u64) -> impl Iterator<Item = (&[u64], u32)> {
        let (start, len) = self.index.get(&h).copied().unwrap_or((0, 0));
        self.phrases
            .get(start as usize..(start + len) as usize)
            .unwrap_or(&[])
            .iter()
            .map(|&(off, n, entry)| {
                let rest = self
                    .rest
                    .get(off as usize..(off + n) as usize)
                    .unwrap_or(&[]);
                (rest, entry)
            })
    }

    fn insert(&mut self, hashes: &[u64], entry: u32) {
        let Some((&head, rest)) = hashes.split_first() else {
            return;
        };
        self.filter.insert(head);
        let list = self.first.entry(head).or_default();
        if !list.iter().any(|p| p.rest == rest && p.entry == entry) {
            list.push(Phrase {
                rest: rest.to_vec(),
                entry,
            });
        }
    }
}

/// One match: `len` tokens from a start token, naming entry `entry`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    pub len: u32,
    pub entry: u32,
}

/// All the gazetteers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    pub entries: Vec<Entry>,
    exact: PhraseDict,
    lower: PhraseDict,
    /// Given names (exact hashes; their gender plays no part here), behind a bit filter
    /// because every capitalised word is checked.
    pub first_names: IdMap<()>,
    first_filter: ListFilter,
    /// Words of sports reports (lower-case hashes), behind a bit filter because every
    /// word of a document is checked.
    sport_words: IdMap<()>,
    sport_filter: ListFilter,
    /// Verbs a government does (lower-case hashes).
    pub gov_verbs: IdMap<()>,
    /// Words of relative date phrases (lower-case hashes) and their role: one of
    /// [`DATE_MOD`], [`DATE_COUNT`], [`DATE_UNIT`], [`DATE_POST`].
    pub date_words: IdMap<u8>,
    /// Short sentence starters that never open a name (lower-case hashes).
    pub stop_words: IdMap<()>,
    /// There are user entries.
    pub has_user: bool,
    /// The union of the bit filters of the dictionaries, the given names and the sports
    /// words: one filter (one cache line per word) answers "nothing to look up" for most
    /// words.
    word_filter: ListFilter,
    /// Lower-case words that may join capitalised words into one name (lower-case
    /// hashes).
    pub connectors: Vec<u64>,
}

const DATA: &[(&str, Cat)] = &[
    (include_str!("../data/countries.txt"), Cat::Country),
    (include_str!("../data/regions.txt"), Cat::Region),
    (include_str!("../data/cities.txt"), Cat::City),
    (include_str!("../data/places.txt"), Cat::Place),
    (include_str!("../data/orgs.txt"), Cat::Org),
    (include_str!("../data/media.txt"), Cat::Media),
    (include_str!("../data/nationalities.txt"), Cat::Norp),
    (include_str!("../data/languages.txt"), Cat::Language),
];
const TITLES: &str = include_str!("../data/titles.txt");
const KEYWORDS: &str = include_str!("../data/keywords.txt");

/// Lines of a data file without comments and blank lines.
pub(crate) fn data_lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Token hashes of a phrase, as the tokeniser cuts it.
fn phrase_hashes(phrase: &str, lower: bool) -> Vec<u64> {
    let mut toks: Vec<Tok> = Vec::new();
    tokenize(phrase, 0, phrase.len(), &mut toks);
    toks.iter()
        .map(|t| {
            let s = t.text(phrase);
            if lower { hash_lower(s) } else { hash_exact(s) }
        })
        .collect()
}

impl Lexicon {
    /// The built-in lexicon.
    pub(crate) fn builtin() -> Lexicon {
        let mut lex = Lexicon::default();
        for &(data, cat) in DATA {
            for line in data_lines(data) {
                let mut names = line.split('|').map(str::trim).filter(|s| !s.is_empty());
                let Some(canonical) = names.next() else {
                    continue;
                };
                let id = lex.add_entry(canonical, cat, cat.label());
                lex.add_exact(canonical, id);
                for alias in names {
                    lex.add_exact(alias, id);
                }
            }
        }
        for line in data_lines(TITLES) {
            let id = lex.add_entry(line, Cat::Title, None);
            lex.add_lower(line, id);
        }
        for line in data_lines(KEYWORDS) {
            let Some((class, word)) = line.split_once(char::is_whitespace) else {
                continue;
            };
            let cat = match class {
                "org" => Cat::OrgWord,
                "fac" => Cat::FacWord,
                "event" => Cat::EventWord,
                "law" => Cat::LawWord,
                "loc" => Cat::LocWord,
                "gpe" => Cat::GpeWord,
                "month" => Cat::Month,
                "day" => Cat::Day,
                "tword" => Cat::TimeWord,
                "sport" => {
                    let h = hash_lower(word.trim());
                    lex.sport_words.insert(h, ());
                    lex.sport_filter.insert(h);
                    continue;
                }
                "conn" => {
                    lex.connectors.push(hash_lower(word.trim()));
                    continue;
                }
                "stop" => {
                    lex.stop_words.insert(hash_lower(word.trim()), ());
                    continue;
                }
                "govverb" => {
                    lex.gov_verbs.insert(hash_lower(word.trim()), ());
                    continue;
                }
                "dmod" | "dcount" | "dunit" | "dpost" => {
                    let role = match class {
                        "dmod" => DATE_MOD,
                        "dcount" => DATE_COUNT,
                        "dunit" => DATE_UNIT,
                        _ => DATE_POST,
                    };
                    lex.date_words.insert(hash_lower(word.trim()), role);
                    continue;
                }
                _ => continue,
            };
            let word = word.trim();
            let id = lex.add_entry(word, cat, None);
            lex.add_lower(word, id);
        }
        for (name, _) in first_names() {
            let h = hash_exact(name);
            lex.first_names.insert(h, ());
            lex.first_filter.insert(h);
        }
        lex.update_word_filter();
        lex
    }

    /// After entries were added: the dictionaries' flat layouts and the word filter.
    fn update_word_filter(&mut self) {
        self.exact.freeze();
        self.lower.freeze();
        let mut f = self.exact.filter.clone();
        for other in [&self.lower.filter, &self.first_filter, &self.sport_filter] {
            f.union(other);
        }
        self.word_filter = f;
    }

    /// May the word with these hashes be in a dictionary, or a given name, or a sports
    /// word? (False for most words.)
    #[inline]
    pub(crate) fn may_know(&self, exact: u64, lower: u64) -> bool {
        self.word_filter.contains(exact) || (lower != exact && self.word_filter.contains(lower))
    }

    fn add_entry(&mut self, canonical: &str, cat: Cat, label: Option<EntityLabel>) -> u32 {
        self.entries.push(Entry {
            canonical: canonical.to_string(),
            cat,
            label,
        });
        (self.entries.len() - 1) as u32
    }

    fn add_exact(&mut self, name: &str, id: u32) {
        let h = phrase_hashes(name, false);
        self.exact.insert(&h, id);
        // "The Washington Post" is also written "the Washington Post" (one-word names such
        // as "The Australian" are not: "Australian" alone is a nationality).
        if let Some(rest) = name.strip_prefix("The ")
            && rest.contains(' ')
        {
            let h = phrase_hashes(rest, false);
            self.exact.insert(&h, id);
        }
    }

    fn add_lower(&mut self, name: &str, id: u32) {
        let h = phrase_hashes(name, true);
        self.lower.insert(&h, id);
    }

    /// May a gazetteer phrase start at a token with these hashes? (False for most words;
    /// [`Lexicon::matches_at`] tells for sure.)
    #[inline]
    pub(crate) fn may_match(&self, exact: u64, lower: u64) -> bool {
        self.exact.may_start(exact) || self.lower.may_start(lower)
    }

    /// Is the word with lower-case hash `h` a word of sports reports?
    #[inline]
    pub(crate) fn is_sport_word(&self, h: u64) -> bool {
        self.sport_filter.contains(h) && self.sport_words.contains_key(&h)
    }

    /// Is the word with exact hash `h` a given name?
    #[inline]
    pub(crate) fn is_first_name(&self, h: u64) -> bool {
        self.first_filter.contains(h) && self.first_names.contains_key(&h)
    }

    /// Add a user entry: `name` with `label` and canonical name.
    pub(crate) fn add_user(&mut self, name: &str, label: EntityLabel, canonical: &str) {
        let id = self.add_entry(canonical, Cat::User, Some(label));
        self.add_exact(name, id);
        self.has_user = true;
        self.update_word_filter();
    }

    /// Every match starting at token `i`, exact-case names first then lower-case words;
    /// `exact[i]` and `lower[i]` are the tokens' hashes.
    pub(crate) fn matches_at(&self, exact: &[u64], lower: &[u64], i: usize, out: &mut Vec<Match>) {
        for (dict, hashes) in [(&self.exact, exact), (&self.lower, lower)] {
            if !dict.may_start(hashes[i]) {
                continue;
            }
            for (rest, entry) in dict.starting(hashes[i]) {
                let n = rest.len();
                if hashes
                    .get(i + 1..i + 1 + n)
                    .is_some_and(|h| same_words(h, rest))
                {
                    out.push(Match {
                        len: (n + 1) as u32,
                        entry,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(lex: &Lexicon, text: &str) -> Vec<(String, String)> {
        let mut toks = Vec::new();
        tokenize(text, 0, text.len(), &mut toks);
        let ex: Vec<u64> = toks.iter().map(|t| hash_exact(t.text(text))).collect();
        let lo: Vec<u64> = toks.iter().map(|t| hash_lower(t.text(text))).collect();
        let mut out = Vec::new();
        let mut found = Vec::new();
        for i in 0..toks.len() {
            found.clear();
            lex.matches_at(&ex, &lo, i, &mut found);
            for m in &found {
                let e = &lex.entries[m.entry as usize];
                let end = toks[i + m.len as usize - 1].end as usize;
                out.push((
                    text[toks[i].start as usize..end].to_string(),
                    format!("{:?}:{}", e.cat, e.canonical),
                ));
            }
        }
        out
    }

    #[test]
    fn names_and_words() {
        let lex = Lexicon::builtin();
        let m = matches(
            &lex,
            "Prime Minister Hun Sen flew from the U.S. to Phnom Penh",
        );
        assert!(m.contains(&("Prime Minister".into(), "Title:prime minister".into())));
        assert!(m.contains(&("U.S.".into(), "Country:United States".into())));
        assert!(m.contains(&("Phnom Penh".into(), "City:Phnom Penh".into())));
        assert!(matches(&lex, "a turkey").is_empty());
        assert!(lex.first_names.contains_key(&hash_exact("Hillary")));
    }

    #[test]
    fn hashes() {
        for w in [
            "",
            "a",
            "Paris",
            "PARIS",
            "paris",
            "U.S.",
            "McDonald",
            "école",
            "ÉCOLE",
            "aÉ",
            "9/11",
            "x\u{0130}y",
            "AZaz@[`{",
            "eightLTR",
            "Internationalisation",
            "UNITED NATIONS",
            "sixteen-byte-wor",
            "SEVENTEEN-BYTE-WO",
        ] {
            assert_eq!(hash_both(w), (hash_exact(w), hash_lower(w)), "{w}");
            // Read in place from a longer text, and at its end.
            for text in [format!("..{w} and more text"), format!("..{w}")] {
                assert_eq!(hash_both_at(&text, 2, 2 + w.len()), hash_both(w), "{w}");
            }
        }
        // Every ASCII byte is lower-cased as `to_ascii_lowercase` does it.
        let all: String = (1u8..128).map(char::from).collect();
        for w in all.as_bytes().chunks(5).chain(all.as_bytes().chunks(11)) {
            let w = std::str::from_utf8(w).unwrap();
            assert_eq!(hash_lower(w), hash_exact(&w.to_ascii_lowercase()), "{w:?}");
            assert_eq!(hash_both(w), (hash_exact(w), hash_lower(w)), "{w:?}");
        }
        // Lengths are told apart, at every length.
        let mut seen = std::collections::HashSet::new();
        for n in 0..40 {
            assert!(seen.insert(hash_exact(&"a".repeat(n))), "{n}");
            assert!(seen.insert(hash_exact(&"\0".repeat(n + 1))), "{n}");
        }
        assert_eq!(hash_lower("ÉCOLE"), hash_lower("école"));
        assert_eq!(hash_lower("Paris"), hash_lower("PARIS"));
        assert_ne!(hash_exact("Paris"), hash_exact("PARIS"));
    }
}
