//! Tokens of a document with everything the tagger's features need, computed once.
//!
//! Features are 64-bit hashes of (template, value) pairs: no strings are built per token,
//! and the weight table is probed with the hash directly.

use crate::lexicon::{Cat, IdMap, Lexicon, Match, hash_both_at, hash_lower, mix};
use presslens_core::{Paragraph, TextLayer, TokenKind};

use crate::tokenize::{Kind, NO_RUN, Tok, mark_sentence_starts};

/// A document cut into paragraphs and tokens, with per-token hashes, gazetteer matches and
/// document statistics. Everything but the hashes and the name matches (which the
/// gazetteers read as slices) is in the token records; the buffers are reused from one
/// document to the next (see [`DocTokens::fill`]).
#[derive(Debug, Default)]
pub(crate) struct DocTokens {
    pub toks: Vec<Tok>,
    /// Token ranges of the paragraphs, in order.
    pub paras: Vec<(usize, usize)>,
    /// The paragraph of each token (the resolution steps ask often, and a binary search
    /// of `paras` each time cost more than this).
    pub para_of: Vec<u32>,
    /// Case-sensitive hash of each token.
    pub exact: Vec<u64>,
    /// Lower-case hash of each token.
    pub lower: Vec<u64>,
    /// The longest name (exact-case) matches of gazetteer entries with a label, by start
    /// token, in order (see [`DocTokens::name_match`]): a few dozen a document, where an
    /// entry per token cost a cleared array of the document's size.
    names: Vec<(u32, Match)>,
    /// Per paragraph: most of its words are capitalised (a headline in title case).
    pub title_case: Vec<bool>,
    /// How much of the document reads like a sports report.
    pub sport: SportWords,
    /// The runs of capitalised words (first and last token), in order.
    pub runs: Vec<(u32, u32)>,
    /// The quotation marks, in order.
    pub quotes: Vec<u32>,
    /// The tokens the tagger looks at (see [`DocTokens::plain`]), in order: the tagger
    /// and the rules visit these few instead of reading every token record again.
    pub tagged: Vec<u32>,
    /// The tokens where a temporal keyword ("ago", "earlier") starts, in order.
    pub time_words: Vec<u32>,
    /// Reused while filling: capitalised words inside sentences, gazetteer matches, the
    /// lower-case words seen (a bit set), the tokens that may start a mention.
    cap_mid: IdMap<u32>,
    found: Vec<Match>,
    lower_seen: Vec<u64>,
    /// The words of `lower_seen` set, to clear them for the next document (clearing all
    /// 8 KB of it per document cost more).
    lower_set: Vec<u16>,
    strong: Vec<bool>,
    /// Reused while filling: the words of a paragraph that may be in a word list.
    known: Vec<u32>,
    /// Shapes and suffix hashes of words seen, by the words' case-sensitive hashes, at
    /// `hash >> 54` (see [`DocTokens::paragraph`]); kept from one document to the next.
    shapes: Vec<(u64, u64, u64)>,
    /// The suffix hash of each token the tagger looks at (0 elsewhere).
    pub suffix: Vec<u64>,
}

/// Entries of [`DocTokens::shapes`] (the top bits of a hash index it).
const SHAPE_CACHE: usize = 1 << 10;

/// Words of sports reports in a document (see [`Lexicon::is_sport_word`]).
#[derive(Debug, Default)]
pub(crate) struct SportWords {
    /// Words of the document.
    pub words: usize,
    /// Lower-case sports words.
    pub hits: usize,
    /// Distinct lower-case sports words (the first [`SportWords::KINDS`]).
    pub kinds: Vec<u64>,
}

impl SportWords {
    /// Distinct words enough to call a document a sports report.
    pub(crate) const KINDS: usize = 6;
}

/// Feature templates.
mod tpl {
    pub(super) const BIAS: u64 = 1;
    pub(super) const W0: u64 = 2;
    pub(super) const WM1: u64 = 3;
    pub(super) const WP1: u64 = 4;
    pub(super) const SH0: u64 = 7;
    // 8 and 9 were the neighbours' shapes: next to the neighbouring words and word
    // pairs they added nothing (GUM news dev F1, mean of four training seeds, 0.7396
    // with them, 0.7472 without; re3d 0.4503 and 0.4517) and cost two lookups a token.
    pub(super) const SUF3: u64 = 11;
    pub(super) const BIL: u64 = 13;
    pub(super) const BIR: u64 = 14;
    pub(super) const W0CASE: u64 = 15;
    pub(super) const SSTART: u64 = 16;
    pub(super) const TITLE: u64 = 17;
    pub(super) const GB: u64 = 18;
    pub(super) const GI: u64 = 19;
    pub(super) const GM1: u64 = 20;
    pub(super) const GP1: u64 = 21;
    pub(super) const DOCLOW: u64 = 22;
    pub(super) const DOCCAP: u64 = 23;
    pub(super) const GM1W0: u64 = 24;
    pub(super) const RHCAT: u64 = 27;
    pub(super) const RHW: u64 = 28;
    pub(super) const RPOS: u64 = 29;
    pub(super) const RFIRST: u64 = 30;
}

/// The hash of feature `(t, v)`.
///
/// Why one multiply and no full mix: the values are hashes already mixed (words, shapes,
/// word pairs) or small numbers, and the template's key is a constant where the call is
/// inlined; an odd multiplier carries the value's low bits up into every bit the weight
/// table reads (its index from the low bits, its filter from bits 16..32, the
/// fingerprint from the high half), and distinct values of a template stay distinct.
/// The tagger hashes a dozen features per token.
#[inline]
pub(crate) fn feat(t: u64, v: u64) -> u64 {
    let h = (v ^ mix(t)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // 0 marks an empty slot in the weight table.
    if h == 0 { 1 } else { h }
}

const BOS: u64 = 0x5eed_0001;
const EOS: u64 = 0x5eed_0002;

/// The shape of a word: character classes with runs collapsed ("Hun" -> "Xx",
/// "U.S." -> "X.X.", "1,000" -> "d,d"), hashed.
fn shape_hash(s: &str) -> u64 {
    #[inline]
    fn step(h: &mut u64, last: &mut u8, n: &mut u32, k: u8) -> bool {
        if k != *last {
            *h = (*h ^ u64::from(k)).wrapping_mul(0x0100_0000_01b3);
            *last = k;
            *n += 1;
            if *n > 8 {
                return false;
            }
        }
        true
    }
    let mut h: u64 = 0x1234_5678;
    let mut last = 0u8;
    let mut n = 0;
    // The same classes as below, byte by byte, while the bytes are ASCII (the classes of
    // ASCII characters are the same either way, so a word found not to be ASCII halfway
    // is simply done again).
    let mut ascii = true;
    for &b in s.as_bytes() {
        let k = match b {
            b'A'..=b'Z' => b'X',
            b'a'..=b'z' => b'x',
            b'0'..=b'9' => b'd',
            0x80.. => {
                ascii = false;
                break;
            }
            _ => b,
        };
        if !step(&mut h, &mut last, &mut n, k) {
            break;
        }
    }
    if !ascii {
        (h, last, n) = (0x1234_5678, 0, 0);
        for c in s.chars() {
            let k = if c.is_uppercase() {
                b'X'
            } else if c.is_lowercase() {
                b'x'
            } else if c.is_numeric() {
                b'd'
            } else if c.is_alphabetic() {
                b'a'
            } else if (c as u32) < 128 {
                c as u8
            } else {
                b'*'
            };
            if !step(&mut h, &mut last, &mut n, k) {
                break;
            }
        }
    }
    mix(h)
}

/// Hash of the last three characters, lower-cased (of the whole word, marked, when it is
/// no longer).
fn suffix_hash(s: &str) -> u64 {
    // Written plainly: a word's suffix is computed once while the thread's table of the
    // words seen keeps it (see [`DocTokens::paragraph`]).
    const N: usize = 3;
    match s.char_indices().rev().nth(N - 1) {
        Some((b, _)) if b > 0 => hash_lower(&s[b..]),
        _ => hash_lower(s) ^ 0xaf,
    }
}

/// Where the features of a token go: the trainer collects their hashes, the tagger adds
/// their weights (see [`crate::model::Emission`]).
pub(crate) trait FeatureSink {
    /// A feature whose values are words, shapes or other open sets: hashed.
    fn hashed(&mut self, template: u64, value: u64);
    /// A feature of one of the few values [`small_row`] numbers, whose weights the tagger
    /// keeps in a small dense table.
    fn small(&mut self, template: u64, value: u64);
}

/// The trainer's sink: the features' hashes.
impl FeatureSink for Vec<u64> {
    #[inline]
    fn hashed(&mut self, template: u64, value: u64) {
        self.push(feat(template, value));
    }
    #[inline]
    fn small(&mut self, template: u64, value: u64) {
        self.push(feat(template, value));
    }
}

/// Number of gazetteer classes a feature value may name (bits of a class mask).
const CLASSES: u64 = 32;
/// The value of the run-head feature of a run whose head is in no gazetteer class.
const NO_CLASS: u64 = 99;

/// The row of a small-valued feature in the tagger's dense table (`None` for the others).
/// [`small_features`] lists every (template, value) with a row.
#[inline]
pub(crate) fn small_row(t: u64, v: u64) -> Option<usize> {
    const GB: usize = 1;
    const GI: usize = GB + CLASSES as usize;
    const GM1: usize = GI + CLASSES as usize;
    const GP1: usize = GM1 + CLASSES as usize;
    const RHCAT: usize = GP1 + CLASSES as usize;
    const RPOS: usize = RHCAT + 4 * (CLASSES as usize + 1);
    const RFIRST: usize = RPOS + 4;
    const DOCLOW: usize = RFIRST + 4;
    const DOCCAP: usize = DOCLOW + 2;
    let v = v as usize;
    let class = |c: usize| (c < CLASSES as usize).then_some(c);
    Some(match t {
        tpl::BIAS if v == 0 => 0,
        tpl::GB => GB + class(v)?,
        tpl::GI => GI + class(v)?,
        tpl::GM1 => GM1 + class(v)?,
        tpl::GP1 => GP1 + class(v)?,
        tpl::RHCAT if v >> 8 < 4 => {
            let c = v & 0xff;
            let c = if c == NO_CLASS as usize {
                CLASSES as usize
            } else {
                class(c)?
            };
            RHCAT + (v >> 8) * (CLASSES as usize + 1) + c
        }
        tpl::RPOS if v < 4 => RPOS + v,
        tpl::RFIRST if v < 4 => RFIRST + v,
        tpl::DOCLOW if v < 2 => DOCLOW + v,
        tpl::DOCCAP if v < 2 => DOCCAP + v,
        _ => return None,
    })
}

/// Every small-valued feature: (its hash, its row in the dense table).
pub(crate) fn small_features() -> Vec<(u64, usize)> {
    let mut out = Vec::new();
    let mut add = |t: u64, v: u64| {
        if let Some(r) = small_row(t, v) {
            out.push((feat(t, v), r));
        }
    };
    add(tpl::BIAS, 0);
    for c in 0..CLASSES {
        for t in [tpl::GB, tpl::GI, tpl::GM1, tpl::GP1] {
            add(t, c);
        }
    }
    for pos in 0..4 {
        for c in (0..CLASSES).chain([NO_CLASS]) {
            add(tpl::RHCAT, c | (pos << 8));
        }
        add(tpl::RPOS, pos);
        add(tpl::RFIRST, pos);
    }
    for v in 0..2 {
        add(tpl::DOCLOW, v);
        add(tpl::DOCCAP, v);
    }
    out
}

impl DocTokens {
    /// A document's tokens (see [`DocTokens::fill`]).
    pub(crate) fn from_layer(
        text: &str,
        layer: &TextLayer,
        keep: impl Fn(&Paragraph) -> bool,
        lex: &Lexicon,
    ) -> DocTokens {
        let mut d = DocTokens::default();
        d.fill(text, layer, keep, lex);
        d
    }

    /// The tokens of the `text` layer's paragraphs (those `keep` accepts), converted: the
    /// stage's usual input, which spares it a second tokenisation. Replaces what the
    /// buffers held, keeping their memory.
    ///
    /// Two passes over the tokens: one converts and hashes them, the other works through
    /// one paragraph at a time (gazetteers, word statistics, runs, the tokens the tagger
    /// looks at, shapes) while its tokens are in the L1 cache.
    #[inline(never)]
    pub(crate) fn fill(
        &mut self,
        text: &str,
        layer: &TextLayer,
        keep: impl Fn(&Paragraph) -> bool,
        lex: &Lexicon,
    ) {
        let d = self;
        d.toks.clear();
        d.suffix.clear();
        d.paras.clear();
        d.para_of.clear();
        d.exact.clear();
        d.lower.clear();
        d.toks.reserve(layer.tokens.len());
        d.exact.reserve(layer.tokens.len());
        d.lower.reserve(layer.tokens.len());
        for (pi, p) in layer.paragraphs.iter().enumerate() {
            if !keep(p) {
                continue;
            }
            let toks = layer.tokens.get(layer.paragraph_tokens(pi)).unwrap_or(&[]);
            let first = d.toks.len();
            for t in toks {
                let Some(w) = text.get(t.span.range()) else {
                    continue;
                };
                let cap = match w.as_bytes().first() {
                    Some(c) if c.is_ascii() => c.is_ascii_uppercase(),
                    _ => w.chars().next().is_some_and(char::is_uppercase),
                };
                let r = t.span.range();
                let (e, l) = hash_both_at(text, r.start, r.end);
                let kind = match t.kind {
                    TokenKind::Word => Kind::Word,
                    TokenKind::Number => Kind::Number,
                    TokenKind::Quote(_) => Kind::Quote,
                    TokenKind::Punct | TokenKind::Symbol => Kind::Punct,
                };
                d.toks.push(Tok::new(t.span.start, t.span.end, kind, cap));
                d.exact.push(e);
                d.lower.push(l);
            }
            if d.toks.len() > first {
                mark_sentence_starts(text, &mut d.toks[first..]);
                d.para_of.resize(d.toks.len(), d.paras.len() as u32);
                d.paras.push((first, d.toks.len()));
            }
        }
        d.names.clear();
        d.runs.clear();
        d.quotes.clear();
        d.tagged.clear();
        d.time_words.clear();
        d.title_case.clear();
        if d.lower_seen.len() != 1 << 10 {
            d.lower_seen = vec![0; 1 << 10];
            d.lower_set.clear();
        }
        for &w in &d.lower_set {
            d.lower_seen[usize::from(w)] = 0;
        }
        d.lower_set.clear();
        d.cap_mid.clear();
        d.sport.words = 0;
        d.sport.hits = 0;
        d.sport.kinds.clear();
        d.suffix.resize(d.toks.len(), 0);
        for p in 0..d.paras.len() {
            d.paragraph(p, text, lex);
        }
    }

    /// Everything about the tokens of paragraph `p` but their hashes.
    fn paragraph(&mut self, p: usize, text: &str, lex: &Lexicon) {
        let (ps, pe) = self.paras[p];
        let long_words = self.words(ps, pe, lex);
        self.runs_and_line(ps, pe, text, lex, long_words);
        self.mark_tagged(ps, pe, lex, text);
        if self.shapes.len() != SHAPE_CACHE {
            self.shapes = vec![(0, 0, 0); SHAPE_CACHE];
        }
        // Local slices, so that the loop does not reload the vectors after each store.
        let toks = &mut self.toks[ps..pe];
        let suffix = &mut self.suffix[ps..pe];
        let exact = &self.exact[ps..pe];
        let shapes = &mut self.shapes[..];
        for k in 0..toks.len() {
            if toks[k].kind == Kind::Quote {
                self.quotes.push((ps + k) as u32);
            }
            // The shapes and suffixes of the tokens the tagger looks at (the features'
            // only use of them).
            if toks[k].tagged {
                // The same words come back (names, "the", "said"): their shapes and
                // suffixes are remembered by their hash, in a small table of the thread's.
                let e = exact[k];
                let slot = &mut shapes[(e >> 54) as usize % SHAPE_CACHE];
                if !(slot.0 == e && slot.1 != 0) {
                    let w = toks[k].text(text);
                    *slot = (e, shape_hash(w), suffix_hash(w));
                }
                toks[k].shape = slot.1;
                suffix[k] = slot.2;
            }
        }
    }

    /// Gazetteer matches and statistics of the words of tokens `ps..pe`: which lower-case
    /// forms occur (a bit set, whose rare false positives cost nothing), how often each
    /// capitalised word occurs inside a sentence, the words of sports reports.
    ///
    /// Returns the number of words longer than three bytes, and of those capitalised
    /// (for [`DocTokens::runs_and_line`]).
    fn words(&mut self, ps: usize, pe: usize, lex: &Lexicon) -> (usize, usize) {
        // The words that may be in a word list are looked up after the loop (in order:
        // the lookups change no field the loop reads), which then runs over local slices.
        let mut known = std::mem::take(&mut self.known);
        known.clear();
        let d = &mut *self;
        let toks = &d.toks[ps..pe];
        let (exact, lower) = (&d.exact[ps..pe], &d.lower[ps..pe]);
        let lower_seen = &mut d.lower_seen[..];
        let mut words = 0;
        let (mut long, mut caps) = (0, 0);
        for (k, ((t, &e), &l)) in toks.iter().zip(exact).zip(lower).enumerate() {
            if t.kind != Kind::Word {
                continue;
            }
            words += 1;
            if t.end - t.start > 3 {
                long += 1;
                caps += usize::from(t.cap);
            }
            if lex.may_know(e, l) {
                known.push((ps + k) as u32);
            }
            if !t.cap {
                let b = (l >> 48) as usize;
                let w = &mut lower_seen[(b >> 6) % (1 << 10)];
                if *w == 0 {
                    d.lower_set.push((b >> 6) as u16);
                }
                *w |= 1 << (b & 63);
            } else if !t.sent_start {
                *d.cap_mid.entry(l).or_default() += 1;
            }
        }
        self.sport.words += words;
        for &i in &known {
            self.known_word(i as usize, lex);
        }
        self.known = known;
        (long, caps)
    }

    /// What the word lists say of word `i`, which may be in one of them.
    #[cold]
    fn known_word(&mut self, i: usize, lex: &Lexicon) {
        let (e, l) = (self.exact[i], self.lower[i]);
        if lex.may_match(e, l) {
            self.gazetteers_at(i, lex);
        }
        if !self.toks[i].cap {
            if lex.is_sport_word(l) {
                let s = &mut self.sport;
                s.hits += 1;
                if s.kinds.len() < SportWords::KINDS && !s.kinds.contains(&l) {
                    s.kinds.push(l);
                }
            }
        } else if lex.is_first_name(e) {
            self.toks[i].gaz_b |= Cat::FirstName.bit();
        }
    }

    /// The gazetteer phrases that start at token `i` (a phrase may run on into the next
    /// paragraph, as it may in training).
    fn gazetteers_at(&mut self, i: usize, lex: &Lexicon) {
        let d = self;
        let n = d.toks.len();
        d.found.clear();
        lex.matches_at(&d.exact, &d.lower, i, &mut d.found);
        let mut name: Option<Match> = None;
        for m in &d.found {
            let e = &lex.entries[m.entry as usize];
            let bit = e.cat.bit();
            d.toks[i].gaz_b |= bit;
            let end = (i + m.len as usize).min(n);
            for u in &mut d.toks[i + 1..end] {
                u.gaz_i |= bit;
            }
            if e.label.is_some() && name.is_none_or(|old| old.len < m.len) {
                name = Some(*m);
            }
        }
        if let Some(m) = name {
            d.names.push((i as u32, m));
        }
        if d.toks[i].gaz_b & Cat::TimeWord.bit() != 0 {
            d.time_words.push(i as u32);
        }
    }

    /// The longest gazetteer name (of an entry with a label) starting at token `i`.
    #[inline]
    pub(crate) fn name_match(&self, i: usize) -> Option<Match> {
        let k = self.names.partition_point(|&(p, _)| (p as usize) < i);
        self.names
            .get(k)
            .filter(|&&(p, _)| p as usize == i)
            .map(|&(_, m)| m)
    }

    /// The tokens where gazetteer names start, with the names, in order.
    pub(crate) fn names(&self) -> impl Iterator<Item = (usize, Match)> + '_ {
        self.names.iter().map(|&(p, m)| (p as usize, m))
    }

    /// The tokens of the runs of capitalised words (every capitalised word is in one),
    /// in order.
    pub(crate) fn run_tokens(&self) -> impl Iterator<Item = usize> + '_ {
        self.runs.iter().flat_map(|&(a, b)| a as usize..=b as usize)
    }

    /// Is the capitalised word `i` also written in lower case in the document?
    #[inline]
    pub(crate) fn seen_lower(&self, i: usize) -> bool {
        let t = &self.toks[i];
        let b = (self.lower[i] >> 48) as usize;
        t.kind == Kind::Word && t.cap && self.lower_seen[b >> 6] & (1 << (b & 63)) != 0
    }

    /// Is the capitalised word `i` also written capitalised inside a sentence elsewhere in
    /// the document?
    #[inline]
    pub(crate) fn seen_cap_mid(&self, i: usize) -> bool {
        let t = &self.toks[i];
        t.kind == Kind::Word
            && t.cap
            && self.cap_mid.get(&self.lower[i]).copied().unwrap_or(0) > u32::from(!t.sent_start)
    }

    /// The runs of capitalised words of tokens `ps..pe` (a paragraph), and whether it is
    /// a headline in title case (`words` longer than three bytes, `caps` of them
    /// capitalised: counted by [`DocTokens::words`] on its way).
    fn runs_and_line(
        &mut self,
        ps: usize,
        pe: usize,
        text: &str,
        lex: &Lexicon,
        (words, caps): (usize, usize),
    ) {
        let d = self;
        let connectors = &lex.connectors;
        let mut i = ps;
        while i < pe {
            let t = &d.toks[i];
            if !(t.kind == Kind::Word && t.cap) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            let mut last = i;
            while j < pe {
                let u = &d.toks[j];
                if (u.kind == Kind::Word && u.cap) || (u.kind == Kind::Number && j == last + 1) {
                    last = j;
                    j += 1;
                } else if u.kind == Kind::Word
                    && !u.cap
                    && j + 1 < pe
                    && d.toks[j + 1].cap
                    && connectors.contains(&d.lower[j])
                {
                    j += 1;
                } else {
                    break;
                }
            }
            for r in &mut d.toks[i..=last] {
                r.run = (i as u32, last as u32);
            }
            d.runs.push((i as u32, last as u32));
            i = last + 1;
        }
        // A headline: no final stop, and most longer words capitalised.
        let stop = d.toks[ps..pe]
            .iter()
            .rev()
            .find(|t| t.kind != Kind::Quote)
            .is_some_and(|t| matches!(t.text(text), "." | "!" | "?"));
        d.title_case
            .push(!stop && words >= 3 && caps * 5 >= words * 4);
    }

    /// Can token `i` only be outside every mention? True for punctuation and lower-case
    /// words outside runs of capitalised words, unless they are temporal words or
    /// gazetteer words next to a capitalised word or number ("president" before "Obama"):
    /// most of a news text, which then costs no feature lookups at all. (The training data
    /// has next to no mention made of such tokens alone or at a mention's edge.)
    #[inline]
    pub(crate) fn plain(&self, i: usize) -> bool {
        !self.toks[i].tagged
    }

    /// Which of the tokens `ps..pe` (a paragraph) the tagger looks at (see
    /// [`DocTokens::plain`]).
    fn mark_tagged(&mut self, ps: usize, pe: usize, lex: &Lexicon, text: &str) {
        let temporal = Cat::Month.bit() | Cat::Day.bit() | Cat::TimeWord.bit();
        let mut strong = std::mem::take(&mut self.strong);
        let toks = &mut self.toks;
        // A token that may start a mention on its own.
        strong.clear();
        strong.extend((ps..pe).map(|j| {
            let t = &toks[j];
            match t.kind {
                Kind::Number => {
                    // A number matters as a year ("since 1979"), a time ("10:30"), next
                    // to a temporal word ("June 28", "30 years") or inside a name
                    // ("Group 7").
                    let w = t.text(text);
                    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
                    (digits == 4 && matches!(w.as_bytes()[0], b'1' | b'2'))
                        || w.contains(':')
                        || t.run != NO_RUN
                        || (j.saturating_sub(2).max(ps)..(j + 3).min(pe))
                            .any(|k| k != j && (toks[k].gaz() & temporal != 0 || toks[k].cap))
                }
                _ => {
                    // A usual sentence starter alone ("The", "But", "He") is no name.
                    (t.cap || t.run != NO_RUN)
                        && !(t.sent_start
                            && t.run.0 == t.run.1
                            && t.gaz() == 0
                            && lex.stop_words.contains_key(&self.lower[j]))
                }
            }
        }));
        let m = strong.len();
        for (k, t) in toks[ps..pe].iter_mut().enumerate() {
            let g = t.gaz();
            t.tagged = strong[k]
                || g & temporal != 0
                || (g != 0 && ((k > 0 && strong[k - 1]) || (k + 1 < m && strong[k + 1])));
            if t.tagged {
                self.tagged.push((ps + k) as u32);
            }
        }
        self.strong = strong;
    }

    /// The features of token `i` of paragraph `p`, given to `out`: the one definition of
    /// the features, for training and tagging alike.
    #[inline]
    pub(crate) fn visit(&self, p: usize, i: usize, out: &mut impl FeatureSink) {
        let (ps, pe) = self.paras[p];
        let t = &self.toks[i];
        let (first, last) = (i == ps, i + 1 >= pe);
        let w0 = self.lower[i];
        let sh0 = t.shape;
        let wm1 = if first { BOS } else { self.lower[i - 1] };
        let wp1 = if last { EOS } else { self.lower[i + 1] };
        out.small(tpl::BIAS, 0);
        out.hashed(tpl::W0, w0);
        out.hashed(tpl::WM1, wm1);
        out.hashed(tpl::WP1, wp1);
        out.hashed(tpl::SH0, sh0);
        out.hashed(tpl::BIL, mix(wm1 ^ w0.rotate_left(23)));
        out.hashed(tpl::BIR, mix(w0 ^ wp1.rotate_left(23)));
        let case = u64::from(t.cap) | (u64::from(t.sent_start) << 1);
        out.hashed(tpl::W0CASE, w0 ^ case);
        if t.kind == Kind::Word {
            out.hashed(tpl::SUF3, self.suffix[i]);
        }
        if t.sent_start {
            out.hashed(tpl::SSTART, sh0);
        }
        if self.title_case[p] {
            out.hashed(tpl::TITLE, sh0);
        }
        for (mask, tp) in [(t.gaz_b, tpl::GB), (t.gaz_i, tpl::GI)] {
            let mut m = mask;
            while m != 0 {
                let c = m.trailing_zeros() as u64;
                out.small(tp, c);
                m &= m - 1;
            }
        }
        if !first {
            let mut m = self.toks[i - 1].gaz();
            while m != 0 {
                let c = m.trailing_zeros() as u64;
                out.small(tpl::GM1, c);
                // A title before a word: "President Obama".
                if c == Cat::Title as u64 {
                    out.hashed(tpl::GM1W0, sh0);
                }
                m &= m - 1;
            }
        }
        if !last {
            let mut m = self.toks[i + 1].gaz();
            while m != 0 {
                let c = m.trailing_zeros() as u64;
                out.small(tpl::GP1, c);
                m &= m - 1;
            }
        }
        if let Some((rs, re)) = t.run() {
            let pos = if rs == re {
                0
            } else if i == rs {
                1
            } else if i == re {
                2
            } else {
                3
            };
            let mut m = self.toks[re].gaz() & !(Cat::FirstName.bit() | Cat::Title.bit());
            let head_cat = m != 0;
            while m != 0 {
                let c = m.trailing_zeros() as u64;
                out.small(tpl::RHCAT, c | (pos << 8));
                m &= m - 1;
            }
            if !head_cat {
                out.small(tpl::RHCAT, NO_CLASS | (pos << 8));
            }
            out.hashed(tpl::RHW, self.lower[re]);
            out.small(tpl::RPOS, pos);
            if self.toks[rs].gaz_b & Cat::FirstName.bit() != 0 {
                out.small(tpl::RFIRST, pos);
            }
        }
        if self.seen_lower(i) {
            out.small(tpl::DOCLOW, u64::from(t.sent_start));
        }
        if self.seen_cap_mid(i) {
            out.small(tpl::DOCCAP, u64::from(t.sent_start));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The suffix hash as first written: of the last three characters, lower-cased.
    fn suffix_reference(s: &str) -> u64 {
        let count = s.chars().count();
        if count <= 3 {
            return hash_lower(s) ^ 0xaf;
        }
        let (b, _) = s.char_indices().nth(count - 3).unwrap_or((0, ' '));
        hash_lower(&s[b..])
    }

    #[test]
    fn suffix_hashes() {
        for w in [
            "", "a", "Ab", "Obama", "OBAMA", "U.S.", "ÉCOLE", "école", "naïve", "said", "it's",
            "Zürich",
        ] {
            assert_eq!(suffix_hash(w), suffix_reference(w), "{w}");
        }
        assert_eq!(suffix_hash("Obama"), suffix_hash("BAMA"));
    }

    #[test]
    fn paragraph_of_every_token() {
        let lex = Lexicon::builtin();
        let text = "One para here.\n\nSecond, with Obama.\nx\n\nThe last one: Hun Sen.";
        let layer = crate::line_layer(text);
        // Two paragraphs skipped: tokens are numbered without them.
        let d = DocTokens::from_layer(
            text,
            &layer,
            |p| !matches!(text[p.span.range()].as_bytes()[0], b'S' | b'x'),
            &lex,
        );
        assert_eq!(d.paras.len(), 2);
        assert_eq!(d.para_of.len(), d.toks.len());
        for i in 0..d.toks.len() {
            let p = d.paras.partition_point(|&(_, e)| e <= i);
            assert_eq!(d.para_of[i] as usize, p, "{i}");
        }
    }

    /// Shapes and suffixes come from a table of the words seen: they must be the words'
    /// own, in a document seen for the first time and again.
    #[test]
    fn shapes_are_the_words_shapes() {
        let lex = Lexicon::builtin();
        // Many words of many shapes, so that words meet in the table.
        let mut text = String::from(
            "Mr. Hun Sen met Obama in the U.S. on June 28, 2019.\n\
             Obama said: “Hun Sen is here, in Zürich.” THE END\n",
        );
        for k in 0..3000u32 {
            text.push_str(" Q");
            for bit in 0..12 {
                text.push(match (k >> bit) & 3 {
                    0 => 'a',
                    1 => 'B',
                    2 => '7',
                    _ => '-',
                });
            }
        }
        let text = text.as_str();
        let layer = crate::line_layer(text);
        let mut d = DocTokens::default();
        for _ in 0..2 {
            d.fill(text, &layer, |_| true, &lex);
            let shaped: Vec<_> = (0..d.toks.len()).filter(|&i| d.toks[i].tagged).collect();
            assert!(shaped.len() > 3000, "{}", shaped.len());
            for i in shaped {
                let w = d.toks[i].text(text);
                assert_eq!(d.toks[i].shape, shape_hash(w), "{w}");
                assert_eq!(d.suffix[i], suffix_hash(w), "{w}");
            }
        }
    }
}
