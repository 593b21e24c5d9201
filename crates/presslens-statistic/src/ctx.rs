//! The view of one stretch of text that the grammar works on: its tokens, their texts
//! and lexicon entries, and phrase matching against the data tables.

use crate::lexicon::{Currency, Lexicon, Phrase, PhraseTable, Position, QualKind, Unit, WordInfo};
use crate::number::{Num, Read};
use crate::token::{Tok, TokKind};

/// Tokens of a paragraph with the text and the lexicon.
pub(crate) struct Ctx<'a> {
    pub(crate) text: &'a str,
    pub(crate) toks: &'a [Tok],
    pub(crate) lex: &'a Lexicon,
    /// Lexicon entries of words the tokenizer left for later, looked up once on demand.
    looked: Vec<std::cell::Cell<u32>>,
}

/// A token's text in lower case, without allocating: the text itself when it has no
/// capital, else a copy folded on the stack (the grammar folds case many times per
/// number). Words longer than the buffer (never a word of the tables) fold to "".
#[derive(Clone, Copy)]
pub(crate) struct Lower<'a> {
    borrowed: Option<&'a str>,
    buf: [u8; 32],
    len: u8,
}

impl<'a> Lower<'a> {
    pub(crate) fn new(s: &'a str) -> Lower<'a> {
        let b = s.as_bytes();
        if !b.iter().any(u8::is_ascii_uppercase) {
            return Lower {
                borrowed: Some(s),
                buf: [0; 32],
                len: 0,
            };
        }
        let mut buf = [0u8; 32];
        if b.len() > buf.len() {
            return Lower {
                borrowed: Some(""),
                buf,
                len: 0,
            };
        }
        for (d, c) in buf.iter_mut().zip(b) {
            *d = c.to_ascii_lowercase();
        }
        Lower {
            borrowed: None,
            buf,
            len: b.len() as u8,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self.borrowed {
            Some(s) => s,
            // ASCII folding of valid UTF-8 is valid UTF-8.
            None => std::str::from_utf8(&self.buf[..self.len as usize]).unwrap_or(""),
        }
    }
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for Lower<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for Lower<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A percent sign or word after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PercentUnit {
    Percent,
    Points,
    Basis,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(text: &'a str, toks: &'a [Tok], lex: &'a Lexicon) -> Ctx<'a> {
        Ctx {
            text,
            toks,
            lex,
            looked: toks.iter().map(|t| std::cell::Cell::new(t.info)).collect(),
        }
    }

    #[inline]
    pub(crate) fn n(&self) -> usize {
        self.toks.len()
    }

    /// The text of token `i`.
    #[inline]
    pub(crate) fn s(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => self
                .text
                .get(t.start as usize..t.end as usize)
                .unwrap_or(""),
            None => "",
        }
    }

    /// The text of token `i` in lower case (ASCII folding).
    #[inline]
    pub(crate) fn lower(&self, i: usize) -> Lower<'a> {
        Lower::new(self.s(i))
    }

    /// Whether token `i` is a word equal to `w` (ASCII case folded).
    #[inline]
    pub(crate) fn is(&self, i: usize, w: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokKind::Word && self.s(i).eq_ignore_ascii_case(w))
    }

    /// Whether token `i` is a word.
    #[inline]
    pub(crate) fn word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokKind::Word)
    }

    /// Whether token `i` is the symbol `c`.
    #[inline]
    pub(crate) fn sym(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_sym(c))
    }

    /// Whether token `i` is a hyphen or dash of any kind.
    #[inline]
    pub(crate) fn dash(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.kind == TokKind::Sym && matches!(t.ch, '-' | '‐' | '‑' | '–' | '—' | '−')
        })
    }

    /// Token `i` touches the token before it (no whitespace between).
    #[inline]
    pub(crate) fn glued(&self, i: usize) -> bool {
        i > 0 && self.toks.get(i).is_some_and(|t| !t.gap)
    }

    /// The lexicon entry of token `i`.
    #[inline]
    pub(crate) fn info(&self, i: usize) -> &'a WordInfo {
        match self.toks.get(i) {
            Some(t) if t.kind == TokKind::Word => {
                let mut id = self.looked[i].get();
                if id == crate::lexicon::LAZY {
                    id = self.lex.lookup(self.s(i));
                    self.looked[i].set(id);
                }
                self.lex.info(id)
            }
            _ => self.lex.info(crate::lexicon::NO_INFO),
        }
    }

    /// Whether token `i` ends a sentence or clause for the purposes of looking around a
    /// number: a full stop (not of an abbreviation), ! ? ; or a line break before `i+1`.
    pub(crate) fn hard_stop(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return true;
        };
        if t.kind != TokKind::Sym {
            return false;
        }
        match t.ch {
            '!' | '?' | ';' => true,
            '.' => {
                // "No. 1", "U.S. $5", "Feb. 3": a period glued to a short word.
                let abbrev = i > 0
                    && self.glued(i)
                    && self.toks[i - 1].kind == TokKind::Word
                    && (self.s(i - 1).len() <= 4 || i > 1 && self.sym(i - 2, '.'));
                !abbrev
            }
            _ => false,
        }
    }

    fn tok_eq(&self, i: usize, form: &str, cs: bool) -> bool {
        let s = self.s(i);
        if cs {
            s == form
        } else {
            s.eq_ignore_ascii_case(form)
        }
    }

    fn phrase_fits<T>(&self, p: &Phrase<T>, j: usize) -> bool {
        if j + p.toks.len() > self.n() {
            return false;
        }
        p.toks.iter().enumerate().all(|(k, f)| {
            self.tok_eq(j + k, f, p.cs)
                && (k == 0
                    || !self.toks[j + k].nl
                        && (!p.glue.get(k).copied().unwrap_or(false) || !self.toks[j + k].gap))
        })
    }

    /// The longest phrase of `table` starting at `j`: its index and length in tokens.
    pub(crate) fn match_fwd<T>(&self, table: &PhraseTable<T>, j: usize) -> Option<(usize, usize)> {
        if j >= self.n() {
            return None;
        }
        let key = self.lower(j);
        for &pi in table.starting(&key) {
            let p = &table.phrases[pi as usize];
            if self.phrase_fits(p, j) {
                return Some((pi as usize, p.toks.len()));
            }
        }
        None
    }

    /// Phrases of `table` ending just before `end`, longest first: (index, first token).
    pub(crate) fn match_back<'t, T>(
        &self,
        table: &'t PhraseTable<T>,
        end: usize,
    ) -> impl Iterator<Item = (usize, usize)> + use<'t, '_, 'a, T> {
        let key = if end > 0 && end <= self.n() {
            self.lower(end - 1)
        } else {
            Lower::new("")
        };
        let cands: &'t [u32] = if key.is_empty() {
            &[]
        } else {
            table.ending(&key)
        };
        cands.iter().filter_map(move |&pi| {
            let p = &table.phrases[pi as usize];
            let len = p.toks.len();
            (end >= len && self.phrase_fits(p, end - len)).then(|| (pi as usize, end - len))
        })
    }

    /// A unit at `j`: (unit, tokens). `glued` says whether `j` touches the number.
    pub(crate) fn unit_at(&self, j: usize, glued: bool) -> Option<(&'a Unit, usize)> {
        let (pi, len) = self.match_fwd(&self.lex.units, j)?;
        let p: &'a Phrase<Unit> = &self.lex.units.phrases[pi];
        if p.glued && !glued {
            return None;
        }
        // A straight double quote after a number is mostly a closing quotation mark: an
        // inch only before a word of size ("a 10\" long pen", "a 6\" screen").
        if p.toks.len() == 1 && p.toks[0] == "\"" {
            let size_word = self.word(j + 1)
                && matches!(
                    self.lower(j + 1).as_str(),
                    "long"
                        | "wide"
                        | "tall"
                        | "high"
                        | "thick"
                        | "deep"
                        | "screen"
                        | "display"
                        | "monitor"
                        | "tv"
                        | "tablet"
                        | "laptop"
                        | "x"
                );
            if !size_word {
                return None;
            }
        }
        // A capitalised unit word is a name ("2018 Stone", "Miles Davis"), unless the
        // text is in capitals ("20 FEET").
        let t = self.toks[j];
        if !p.cs
            && t.cap
            && !t.upper
            && t.kind == TokKind::Word
            && self.s(j).len() > 2
            && j > 0
            && self.toks[j - 1].kind == TokKind::Num
            && self.s(j - 1).len() == 4
            && self.s(j - 1).bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Some((&p.info, len))
    }

    /// A currency written after a number at `j`; `scaled` says whether the number had a
    /// scale word ("5 billion won").
    pub(crate) fn currency_post_at(
        &self,
        j: usize,
        glued: bool,
        scaled: bool,
    ) -> Option<(&'a Currency, usize)> {
        if j >= self.n() {
            return None;
        }
        let key = self.lower(j);
        for &pi in self.lex.currencies.starting(&key) {
            let p: &'a Phrase<Currency> = &self.lex.currencies.phrases[pi as usize];
            if p.info.pos == Position::Pre || (p.glued && !glued) || (p.info.scaled && !scaled) {
                continue;
            }
            if self.phrase_fits(p, j) {
                // "2 $20", "4 USD25": a sign or code before another number is that
                // number's.
                let after = j + p.toks.len();
                if p.info.pos == Position::Both
                    && self.toks.get(after).is_some_and(|t| t.kind == TokKind::Num)
                    && (self.glued(after) || self.toks[j].kind == TokKind::Sym)
                {
                    return None;
                }
                return Some((&p.info, p.toks.len()));
            }
        }
        None
    }

    /// A currency written before a number that starts at `end`: (currency, first token).
    pub(crate) fn currency_pre_ending(&self, end: usize) -> Option<(&'a Currency, usize)> {
        let lex: &'a Lexicon = self.lex;
        let table: &'a PhraseTable<Currency> = &lex.currencies;
        for (pi, start) in self.match_back(table, end) {
            let p: &'a Phrase<Currency> = &table.phrases[pi];
            if p.info.pos == Position::Post || p.info.scaled || p.glued {
                continue;
            }
            // Letters glued to a "$" belong to it: "HK$" is one form, and "K$" in
            // "HK$" must not match alone.
            if start > 0
                && self.glued(start)
                && self.toks[start - 1].kind == TokKind::Word
                && self.toks[start].kind == TokKind::Sym
            {
                continue;
            }
            return Some((&p.info, start));
        }
        None
    }

    /// A qualifier ending just before `end`: (kind, first token).
    pub(crate) fn qualifier_ending(&self, end: usize) -> Option<(QualKind, usize)> {
        for (pi, start) in self.match_back(&self.lex.qualifiers, end) {
            let q = self.lex.qualifiers.phrases[pi].info;
            if !q.post {
                return Some((q.kind, start));
            }
        }
        None
    }

    /// A qualifier written before a number that starts at `j`: (kind, tokens).
    pub(crate) fn qualifier_ending_from(&self, j: usize) -> Option<(QualKind, usize)> {
        if j >= self.n() {
            return None;
        }
        let key = self.lower(j);
        for &pi in self.lex.qualifiers.starting(&key) {
            let p = &self.lex.qualifiers.phrases[pi as usize];
            if !p.info.post && self.phrase_fits(p, j) {
                return Some((p.info.kind, p.toks.len()));
            }
        }
        None
    }

    /// A qualifier after a number at `j`: (kind, tokens).
    pub(crate) fn qualifier_post_at(&self, j: usize) -> Option<(QualKind, usize)> {
        if j >= self.n() {
            return None;
        }
        let key = self.lower(j);
        for &pi in self.lex.qualifiers.starting(&key) {
            let p = &self.lex.qualifiers.phrases[pi as usize];
            if p.info.post && self.phrase_fits(p, j) {
                return Some((p.info.kind, p.toks.len()));
            }
        }
        None
    }

    /// A percent sign or word at `j`: "%", "percent", "per cent", "pc", "percentage
    /// points", "basis points", "bps".
    pub(crate) fn percent_at(&self, j: usize) -> Option<(PercentUnit, usize)> {
        let t = self.toks.get(j)?;
        if t.kind == TokKind::Sym {
            return (t.ch == '%' || t.ch == '٪').then_some((PercentUnit::Percent, 1));
        }
        if t.kind != TokKind::Word {
            return None;
        }
        let l = self.lower(j);
        let points = |k: usize| self.is(k, "points") || self.is(k, "point") || self.is(k, "pts");
        match l.as_str() {
            "percent" | "percents" | "pct" | "percentage" | "percentages" => {
                if l.starts_with("percentage") && points(j + 1) {
                    return Some((PercentUnit::Points, 2));
                }
                if l.starts_with("percentage") && self.dash(j + 1) && points(j + 2) {
                    return Some((PercentUnit::Points, 3));
                }
                Some((PercentUnit::Percent, 1))
            }
            "pc" if !t.gap => Some((PercentUnit::Percent, 1)),
            "per" if self.is(j + 1, "cent") => Some((PercentUnit::Percent, 2)),
            "percentage-point" => Some((PercentUnit::Points, 1)),
            "bps" | "bp" => Some((PercentUnit::Basis, 1)),
            "basis" if points(j + 1) => Some((PercentUnit::Basis, 2)),
            "pp" | "ppt" | "ppts"
                if !t.gap || self.toks.get(j + 1).is_none_or(|n| n.kind != TokKind::Word) =>
            {
                Some((PercentUnit::Points, 1))
            }
            _ => None,
        }
    }

    /// Read the number starting at token `i`, if any.
    pub(crate) fn read_number(&self, i: usize) -> Option<Num> {
        match self.read_at(i) {
            Read::Got(n) => Some(n),
            _ => None,
        }
    }

    /// Read at token `i`: a number, something to skip, or nothing.
    pub(crate) fn read_at(&self, i: usize) -> Read {
        let Some(t) = self.toks.get(i) else {
            return Read::Nothing;
        };
        match t.kind {
            TokKind::Num => match self.read_digits(i) {
                Read::Got(d) => {
                    let plain = d.t1 == i + 1 || d.scaled;
                    if plain && !d.fraction {
                        match self.read_words(i, Some(&d)) {
                            Some(w) => Read::Got(w),
                            None => Read::Got(d),
                        }
                    } else {
                        Read::Got(d)
                    }
                }
                other => other,
            },
            TokKind::Word => {
                let l = self.lower(i);
                let starts = self.numword(i).is_some()
                    || (matches!(l.as_str(), "a" | "an") && self.numword(i + 1).is_some());
                if !starts {
                    return Read::Nothing;
                }
                match self.read_words(i, None) {
                    Some(n) => Read::Got(n),
                    None => Read::Nothing,
                }
            }
            TokKind::Sym => match crate::number::vulgar_fraction(t.ch) {
                // "GÃ¼len": a fraction sign glued to letters is mojibake.
                Some(_) if self.glued(i) && self.toks[i - 1].kind == TokKind::Word => Read::Nothing,
                Some(v) => {
                    let mut num = crate::number::Num::single(i, v);
                    num.fraction = true;
                    num.digits = true;
                    Read::Got(num)
                }
                None => Read::Nothing,
            },
        }
    }
}
