//! Tokens of a document with everything the tagger's features need, computed once.
//!
//! Features are 64-bit hashes of (template, value) pairs: no strings are built per token,
//! and the weight table is probed with the hash directly.

use crate::lexicon::{Cat, IdMap, Lexicon, Match, hash_both, hash_lower, mix};
use presslens_core::{Paragraph, TextLayer, TokenKind};

use crate::tokenize::{Kind, Tok, mark_sentence_starts};

/// A document cut into paragraphs and tokens, with per-token hashes, gazetteer matches and
/// document statistics.
#[derive(Debug, Default)]
pub(crate) struct DocTokens {
    pub toks: Vec<Tok>,
    /// Token ranges of the paragraphs, in order.
    pub paras: Vec<(usize, usize)>,
    /// Case-sensitive hash of each token.
    pub exact: Vec<u64>,
    /// Lower-case hash of each token.
    pub lower: Vec<u64>,
    /// Classes of the gazetteer phrases that start at each token.
    pub gaz_b: Vec<u32>,
    /// Classes of the gazetteer phrases that continue at each token.
    pub gaz_i: Vec<u32>,
    /// The longest name (exact-case) match starting at each token.
    pub name_match: Vec<Option<Match>>,
    /// Per token: its lower-case form also appears in lower case in the document.
    pub seen_lower: Vec<bool>,
    /// Per token: the word also appears capitalised inside a sentence in the document.
    pub seen_cap_mid: Vec<bool>,
    /// Per paragraph: most of its words are capitalised (a headline in title case).
    pub title_case: Vec<bool>,
    /// Per token in a run of capitalised words ("Andy Warhol Foundation for the Visual
    /// Arts"): the run's first and last token; `usize::MAX` outside runs.
    pub run: Vec<(usize, usize)>,
    /// Per token: the tagger looks at it (see [`DocTokens::plain`]).
    pub tagged: Vec<bool>,
    /// Hash of the shape ("Xx", "X.X.", "d,d") of the tokens the tagger looks at and of
    /// their neighbours (0 elsewhere).
    pub shape: Vec<u64>,
}

/// Lower-case words that may join capitalised words into one name.
const CONNECTORS: &[&str] = &[
    "of", "for", "the", "and", "&", "de", "on", "du", "la", "del", "da", "von", "van", "al", "bin",
];

/// Feature templates.
mod tpl {
    pub(super) const BIAS: u64 = 1;
    pub(super) const W0: u64 = 2;
    pub(super) const WM1: u64 = 3;
    pub(super) const WP1: u64 = 4;
    pub(super) const SH0: u64 = 7;
    pub(super) const SHM1: u64 = 8;
    pub(super) const SHP1: u64 = 9;
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

#[inline]
fn feat(t: u64, v: u64) -> u64 {
    let h = mix(v ^ t.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    // 0 marks an empty slot in the weight table.
    if h == 0 { 1 } else { h }
}

const BOS: u64 = 0x5eed_0001;
const EOS: u64 = 0x5eed_0002;

/// The shape of a word: character classes with runs collapsed ("Hun" -> "Xx",
/// "U.S." -> "X.X.", "1,000" -> "d,d"), hashed; and whether it is all capitals.
fn shape_hash(s: &str) -> u64 {
    let mut h: u64 = 0x1234_5678;
    let mut last = 0u8;
    let mut n = 0;
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
        if k != last {
            h = (h ^ u64::from(k)).wrapping_mul(0x0100_0000_01b3);
            last = k;
            n += 1;
            if n > 8 {
                break;
            }
        }
    }
    mix(h)
}

/// Hash of the last (or first) `n` characters, lower-cased.
fn affix_hash(s: &str, n: usize, suffix: bool) -> u64 {
    let count = s.chars().count();
    if count <= n {
        return hash_lower(s) ^ 0xaf;
    }
    let part = if suffix {
        let skip = count - n;
        match s.char_indices().nth(skip) {
            Some((b, _)) => &s[b..],
            None => s,
        }
    } else {
        match s.char_indices().nth(n) {
            Some((b, _)) => &s[..b],
            None => s,
        }
    };
    hash_lower(part)
}

impl DocTokens {
    /// The tokens of the `text` layer's paragraphs (those `keep` accepts), converted: the
    /// stage's usual input, which spares it a second tokenisation.
    pub(crate) fn from_layer(
        text: &str,
        layer: &TextLayer,
        keep: impl Fn(&Paragraph) -> bool,
        lex: &Lexicon,
    ) -> DocTokens {
        let mut d = DocTokens::default();
        d.toks.reserve(layer.tokens.len());
        for (pi, p) in layer.paragraphs.iter().enumerate() {
            if !keep(p) {
                continue;
            }
            let sents = layer.paragraph_sentences(pi);
            let (Some(f), Some(l)) = (sents.first(), sents.last()) else {
                continue;
            };
            let toks = layer
                .tokens
                .get(f.first_token as usize..l.end_token as usize)
                .unwrap_or(&[]);
            let first = d.toks.len();
            for t in toks {
                let Some(s) = text.get(t.span.range()) else {
                    continue;
                };
                let kind = match t.kind {
                    TokenKind::Word => Kind::Word,
                    TokenKind::Number => Kind::Number,
                    TokenKind::Quote(_) => Kind::Quote,
                    TokenKind::Punct | TokenKind::Symbol => Kind::Punct,
                };
                let cap = match s.as_bytes().first() {
                    Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
                    _ => s.chars().next().is_some_and(char::is_uppercase),
                };
                d.toks.push(Tok {
                    start: t.span.start,
                    end: t.span.end,
                    kind,
                    cap,
                    sent_start: false,
                });
            }
            if d.toks.len() > first {
                mark_sentence_starts(text, &mut d.toks[first..]);
                d.paras.push((first, d.toks.len()));
            }
        }
        d.finish(text, lex);
        d
    }

    fn finish(&mut self, text: &str, lex: &Lexicon) {
        let d = self;
        let n = d.toks.len();
        d.exact.reserve(n);
        d.lower.reserve(n);
        for t in &d.toks {
            let (e, l) = hash_both(t.text(text));
            d.exact.push(e);
            d.lower.push(l);
        }
        d.gaz_b = vec![0; n];
        d.gaz_i = vec![0; n];
        d.name_match = vec![None; n];
        let mut found = Vec::new();
        for i in 0..n {
            if d.toks[i].kind != Kind::Word {
                continue;
            }
            found.clear();
            lex.matches_at(&d.exact, &d.lower, i, &mut found);
            for m in &found {
                let e = &lex.entries[m.entry as usize];
                let bit = e.cat.bit();
                d.gaz_b[i] |= bit;
                let end = (i + m.len as usize).min(n);
                for g in &mut d.gaz_i[i + 1..end] {
                    *g |= bit;
                }
                if e.label.is_some() && d.name_match[i].is_none_or(|old: Match| old.len < m.len) {
                    d.name_match[i] = Some(*m);
                }
            }
            if d.toks[i].cap && lex.first_names.contains_key(&d.exact[i]) {
                d.gaz_b[i] |= Cat::FirstName.bit();
            }
        }
        // Document statistics of word forms: which lower-case forms occur (a bit set,
        // whose rare false positives cost nothing), and how often each capitalised word
        // occurs inside a sentence.
        let mut lower_seen = vec![0u64; 1 << 10];
        let mut cap_mid: IdMap<u32> = IdMap::default();
        for (i, t) in d.toks.iter().enumerate() {
            if t.kind != Kind::Word {
                continue;
            }
            if !t.cap {
                let b = (d.lower[i] >> 48) as usize;
                lower_seen[b >> 6] |= 1 << (b & 63);
            } else if !t.sent_start {
                *cap_mid.entry(d.lower[i]).or_default() += 1;
            }
        }
        d.seen_lower = vec![false; n];
        d.seen_cap_mid = vec![false; n];
        for (i, t) in d.toks.iter().enumerate() {
            if t.kind == Kind::Word && t.cap {
                let b = (d.lower[i] >> 48) as usize;
                d.seen_lower[i] = lower_seen[b >> 6] & (1 << (b & 63)) != 0;
                let c = cap_mid.get(&d.lower[i]).copied().unwrap_or(0);
                d.seen_cap_mid[i] = c > u32::from(!t.sent_start);
            }
        }
        d.run = vec![(usize::MAX, usize::MAX); n];
        let connectors: Vec<u64> = CONNECTORS.iter().map(|w| hash_lower(w)).collect();
        for &(ps, pe) in &d.paras {
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
                    if (u.kind == Kind::Word && u.cap) || (u.kind == Kind::Number && j == last + 1)
                    {
                        last = j;
                        j += 1;
                    } else if u.kind == Kind::Word
                        && !u.cap
                        && connectors.contains(&d.lower[j])
                        && j + 1 < pe
                        && d.toks[j + 1].cap
                    {
                        j += 1;
                    } else {
                        break;
                    }
                }
                for r in &mut d.run[i..=last] {
                    *r = (i, last);
                }
                i = last + 1;
            }
        }
        d.title_case = d
            .paras
            .iter()
            .map(|&(s, e)| {
                let mut words = 0;
                let mut caps = 0;
                for t in &d.toks[s..e] {
                    if t.kind == Kind::Word && t.end - t.start > 3 {
                        words += 1;
                        caps += usize::from(t.cap);
                    }
                }
                // A headline: no final stop, and most longer words capitalised.
                let stop = d.toks[s..e]
                    .iter()
                    .rev()
                    .find(|t| t.kind != Kind::Quote)
                    .is_some_and(|t| matches!(t.text(text), "." | "!" | "?"));
                !stop && words >= 3 && caps * 5 >= words * 4
            })
            .collect();
        d.mark_tagged(lex, text);
        d.shape = vec![0; n];
        for i in 0..n {
            if d.tagged[i] || (i > 0 && d.tagged[i - 1]) || (i + 1 < n && d.tagged[i + 1]) {
                d.shape[i] = shape_hash(d.toks[i].text(text));
            }
        }
    }

    /// Can token `i` only be outside every mention? True for punctuation and lower-case
    /// words outside runs of capitalised words, unless they are temporal words or
    /// gazetteer words next to a capitalised word or number ("president" before "Obama"):
    /// most of a news text, which then costs no feature lookups at all. (The training data
    /// has next to no mention made of such tokens alone or at a mention's edge.)
    pub(crate) fn plain(&self, i: usize) -> bool {
        !self.tagged[i]
    }

    /// Which tokens the tagger looks at (see [`DocTokens::plain`]).
    fn mark_tagged(&mut self, lex: &Lexicon, text: &str) {
        let n = self.toks.len();
        let temporal = Cat::Month.bit() | Cat::Day.bit() | Cat::TimeWord.bit();
        let near = |j: usize, ps: usize, pe: usize, what: &dyn Fn(usize) -> bool| {
            (j.saturating_sub(2).max(ps)..(j + 3).min(pe)).any(|k| k != j && what(k))
        };
        let mut tagged = vec![false; n];
        for &(ps, pe) in &self.paras {
            // A number matters as a year ("since 1979"), a time ("10:30"), next to a
            // temporal word ("June 28", "30 years") or inside a name ("Group 7").
            let number = |d: &DocTokens, j: usize| {
                let w = d.toks[j].text(text);
                let digits = w.bytes().take_while(u8::is_ascii_digit).count();
                (digits == 4 && matches!(w.as_bytes()[0], b'1' | b'2'))
                    || w.contains(':')
                    || d.run[j].0 != usize::MAX
                    || near(j, ps, pe, &|k| {
                        (d.gaz_b[k] | d.gaz_i[k]) & temporal != 0 || d.toks[k].cap
                    })
            };
            let strong = |d: &DocTokens, j: usize| {
                let t = &d.toks[j];
                if t.kind == Kind::Number {
                    return number(d, j);
                }
                // A usual sentence starter alone ("The", "But", "He") is no name.
                let starter = t.sent_start
                    && d.run[j].0 == d.run[j].1
                    && (d.gaz_b[j] | d.gaz_i[j]) == 0
                    && lex.stop_words.contains_key(&d.lower[j]);
                (t.cap || d.run[j].0 != usize::MAX) && !starter
            };
            for (j, slot) in tagged.iter_mut().enumerate().take(pe).skip(ps) {
                let g = self.gaz_b[j] | self.gaz_i[j];
                *slot = strong(self, j)
                    || g & temporal != 0
                    || (g != 0
                        && ((j > ps && strong(self, j - 1))
                            || (j + 1 < pe && strong(self, j + 1))));
            }
        }
        self.tagged = tagged;
    }

    /// The features of token `i` of paragraph `p`, appended to `out`.
    pub(crate) fn features(&self, text: &str, p: usize, i: usize, out: &mut Vec<u64>) {
        let (ps, pe) = self.paras[p];
        let t = &self.toks[i];
        let low = |j: isize| -> u64 {
            if j < ps as isize {
                BOS
            } else if j >= pe as isize {
                EOS
            } else {
                self.lower[j as usize]
            }
        };
        let shp = |j: isize| -> u64 {
            if j < ps as isize {
                BOS
            } else if j >= pe as isize {
                EOS
            } else {
                self.shape[j as usize]
            }
        };
        let ii = i as isize;
        let w0 = self.lower[i];
        let sh0 = shp(ii);
        out.push(feat(tpl::BIAS, 0));
        out.push(feat(tpl::W0, w0));
        out.push(feat(tpl::WM1, low(ii - 1)));
        out.push(feat(tpl::WP1, low(ii + 1)));
        out.push(feat(tpl::SH0, sh0));
        out.push(feat(tpl::SHM1, shp(ii - 1)));
        out.push(feat(tpl::SHP1, shp(ii + 1)));
        out.push(feat(tpl::BIL, mix(low(ii - 1) ^ w0.rotate_left(23))));
        out.push(feat(tpl::BIR, mix(w0 ^ low(ii + 1).rotate_left(23))));
        let case = u64::from(t.cap) | (u64::from(t.sent_start) << 1);
        out.push(feat(tpl::W0CASE, w0 ^ case));
        if t.kind == Kind::Word {
            let s = t.text(text);
            out.push(feat(tpl::SUF3, affix_hash(s, 3, true)));
        }
        if t.sent_start {
            out.push(feat(tpl::SSTART, sh0));
        }
        if self.title_case[p] {
            out.push(feat(tpl::TITLE, sh0));
        }
        for (mask, tp) in [(self.gaz_b[i], tpl::GB), (self.gaz_i[i], tpl::GI)] {
            let mut m = mask;
            while m != 0 {
                let c = m.trailing_zeros() as u64;
                out.push(feat(tp, c));
                m &= m - 1;
            }
        }
        if i > ps {
            let mut m = self.gaz_b[i - 1] | self.gaz_i[i - 1];
            while m != 0 {
                let c = m.trailing_zeros() as u64;
                out.push(feat(tpl::GM1, c));
                // A title before a word: "President Obama".
                if c == Cat::Title as u64 {
                    out.push(feat(tpl::GM1W0, sh0));
                }
                m &= m - 1;
            }
        }
        if i + 1 < pe {
            let mut m = self.gaz_b[i + 1] | self.gaz_i[i + 1];
            while m != 0 {
                let c = m.trailing_zeros() as u64;
                out.push(feat(tpl::GP1, c));
                m &= m - 1;
            }
        }
        let (rs, re) = self.run[i];
        if rs != usize::MAX {
            let pos = if rs == re {
                0
            } else if i == rs {
                1
            } else if i == re {
                2
            } else {
                3
            };
            let mut m =
                (self.gaz_b[re] | self.gaz_i[re]) & !(Cat::FirstName.bit() | Cat::Title.bit());
            let head_cat = m != 0;
            while m != 0 {
                let c = m.trailing_zeros() as u64;
                out.push(feat(tpl::RHCAT, c | (pos << 8)));
                m &= m - 1;
            }
            if !head_cat {
                out.push(feat(tpl::RHCAT, 99 | (pos << 8)));
            }
            out.push(feat(tpl::RHW, self.lower[re]));
            out.push(feat(tpl::RPOS, pos));
            if self.gaz_b[rs] & Cat::FirstName.bit() != 0 {
                out.push(feat(tpl::RFIRST, pos));
            }
        }
        if self.seen_lower[i] {
            out.push(feat(tpl::DOCLOW, u64::from(t.sent_start)));
        }
        if self.seen_cap_mid[i] {
            out.push(feat(tpl::DOCCAP, u64::from(t.sent_start)));
        }
    }
}
