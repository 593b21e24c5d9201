//! Tokenisation of one paragraph.
//!
//! One pass over the bytes with an ASCII fast path: a byte class table decides most
//! positions without decoding, and only non-ASCII characters are decoded.

use presslens_core::{QuoteMark, QuoteRole, Span, Token, TokenKind};

use crate::lexicon::{AbbrevClass, Lexicon};

const SP: u8 = 0; // whitespace
const LE: u8 = 1; // letter
const DI: u8 = 2; // digit
const PU: u8 = 3; // punctuation
const SY: u8 = 4; // symbol
const DQ: u8 = 5; // "
const SQ: u8 = 6; // '
const NA: u8 = 7; // non-ASCII byte

static CLASS: [u8; 256] = {
    let mut t = [NA; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = if c.is_ascii_whitespace() || c == 0x0B || c < 0x20 || c == 0x7F {
            SP
        } else if c.is_ascii_alphabetic() {
            LE
        } else if c.is_ascii_digit() {
            DI
        } else if c == b'"' {
            DQ
        } else if c == b'\'' {
            SQ
        } else if matches!(
            c,
            b'.' | b','
                | b';'
                | b':'
                | b'!'
                | b'?'
                | b'('
                | b')'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'-'
                | b'/'
        ) {
            PU
        } else {
            SY
        };
        i += 1;
    }
    t
};

/// ASCII letters and digits.
static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

/// Bytes after which a run of ASCII letters is certainly a whole word: whitespace and
/// punctuation that never joins or abbreviates (not `.`, `-`, `'`, nor a non-ASCII byte
/// that may be a letter, hyphen or apostrophe).
static PLAIN_END: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = !c.is_ascii_alphanumeric() && c != b'.' && c != b'-' && c != b'\'';
        i += 1;
    }
    t
};

#[inline]
fn is_word_byte(b: u8) -> bool {
    WORD[b as usize]
}

/// Length of the run of ASCII letters and digits at the start of `b`.
///
/// Eight bytes at a time (SWAR): words are the bulk of news text, and testing a whole
/// machine word per step halves the cost of scanning them.
#[inline]
fn word_run(b: &[u8]) -> usize {
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let not_alnum = !alnum_mask(w) & 0x8080_8080_8080_8080;
        if not_alnum != 0 {
            return i + (not_alnum.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i..]
        .iter()
        .position(|&c| !WORD[c as usize])
        .unwrap_or(b.len() - i)
}

/// 0x80 in each byte lane of `w` that holds an ASCII letter or digit, 0 elsewhere.
#[inline]
fn alnum_mask(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bytes with the high bit set (non-ASCII) never match.
    let ascii = !w & HIGH;
    let x = w & !HIGH;
    // In-range test per lane for 7-bit values: (x + (128 - lo)) has bit 7 set iff x >= lo;
    // (x + (127 - hi)) has bit 7 set iff x > hi. No carries cross lanes since x < 128.
    let between = |lo: u64, hi: u64| ((x + ONES * (128 - lo)) & !(x + ONES * (127 - hi))) & HIGH;
    let lower = x | (ONES * 0x20);
    let letter =
        ((lower + ONES * (128 - b'a' as u64)) & !(lower + ONES * (127 - b'z' as u64))) & HIGH;
    (letter | between(b'0' as u64, b'9' as u64)) & ascii
}

/// The character at `i` and its length; `i` must be a char boundary inside `text`.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    match text.get(i..).and_then(|s| s.chars().next()) {
        Some(c) => (c, c.len_utf8()),
        None => ('\u{FFFD}', 1),
    }
}

/// True for characters that continue a word: letters, digits and combining marks.
#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining(c)
}

#[inline]
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Whitespace, including the no-break and zero-width spaces scraped pages are full of.
#[inline]
pub(crate) fn is_space_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Is there a word character at `i`?
#[inline]
fn word_at(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    match b.get(i) {
        Some(&c) if c < 0x80 => is_word_byte(c),
        Some(_) => is_word_char(char_at(text, i).0),
        None => false,
    }
}

/// Is there a letter at `i`?
#[inline]
fn letter_at(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    match b.get(i) {
        Some(&c) if c < 0x80 => c.is_ascii_alphabetic(),
        Some(_) => char_at(text, i).0.is_alphabetic(),
        None => false,
    }
}

/// Is `i` the end of the paragraph, or whitespace?
#[inline]
fn space_or_end(text: &str, i: usize, end: usize) -> bool {
    if i >= end {
        return true;
    }
    let c = text.as_bytes()[i];
    if c < 0x80 {
        CLASS[c as usize] == SP
    } else {
        is_space_char(char_at(text, i).0)
    }
}

/// Apostrophes: the straight one and the right single quotation mark that typesetting
/// turns it into.
#[inline]
fn apostrophe_len(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    match b.get(i) {
        Some(b'\'') => 1,
        Some(0xE2) if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x99) => 3,
        _ => 0,
    }
}

/// A hyphen joining two parts of a word ("state-designated", "COVID-19").
#[inline]
fn hyphen_len(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    match b.get(i) {
        Some(b'-') => 1,
        // U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN.
        Some(0xE2) if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x90 | 0x91)) => 3,
        _ => 0,
    }
}

/// The length of a run of ASCII letters at `i`.
fn ascii_letters(text: &str, i: usize) -> usize {
    text.as_bytes()[i.min(text.len())..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count()
}

pub(crate) struct Tokenizer<'a> {
    text: &'a str,
    lex: &'a Lexicon,
    start: usize,
    end: usize,
    out: &'a mut Vec<Token>,
    /// Index in `out` of this paragraph's first token.
    first: usize,
    /// Single quotation marks opened and not yet closed in this paragraph, so that a
    /// trailing apostrophe ("the countries’ leaders") can be told from a closing mark.
    open_single: u32,
    /// A straight double quotation mark got no role from its spacing.
    ambiguous_quotes: bool,
    /// Indices of the tokens where a sentence may end (stops and abbreviations with a
    /// period), so that sentence splitting visits only those.
    stops: &'a mut Vec<u32>,
}

impl<'a> Tokenizer<'a> {
    pub(crate) fn new(
        text: &'a str,
        lex: &'a Lexicon,
        start: usize,
        end: usize,
        out: &'a mut Vec<Token>,
        stops: &'a mut Vec<u32>,
    ) -> Self {
        let first = out.len();
        Tokenizer {
            text,
            lex,
            start,
            end,
            out,
            first,
            open_single: 0,
            ambiguous_quotes: false,
            stops,
        }
    }

    /// Mark the next token as a possible sentence end.
    #[inline]
    fn stop_next(&mut self) {
        self.stops.push(self.out.len() as u32);
    }

    #[inline]
    fn push(&mut self, s: usize, e: usize, kind: TokenKind) {
        // Paragraph offsets fit in u32 (documents are capped at 4 GiB) and s <= e by
        // construction, so the span is built directly rather than clamped.
        debug_assert!(s <= e && e <= self.end);
        self.out.push(Token {
            span: Span {
                start: s as u32,
                end: e as u32,
            },
            kind,
        });
    }

    /// Tokenise the paragraph `start..end`.
    pub(crate) fn run(mut self) {
        let bytes = self.text.as_bytes();
        let end = self.end;
        let mut i = self.start;
        while i < end {
            let class = CLASS[bytes[i] as usize];
            if class == LE {
                // Most words are plain ASCII ended by a space or a comma: no call.
                let e = i + word_run(&bytes[i..end]);
                if e < end && PLAIN_END[bytes[e] as usize] {
                    self.out.push(Token {
                        span: Span {
                            start: i as u32,
                            end: e as u32,
                        },
                        kind: TokenKind::Word,
                    });
                    // Skip the usual single space without another dispatch.
                    i = e + usize::from(bytes[e] == b' ');
                } else {
                    i = self.word(i);
                }
                continue;
            }
            if class == SP {
                i += 1;
                continue;
            }
            i = match class {
                DI => self.number(i),
                DQ => self.straight_quote(i, true),
                SQ => self.single_quote(i, 1),
                PU => self.punct(i),
                SY => {
                    self.push(i, i + 1, TokenKind::Symbol);
                    i + 1
                }
                _ => self.non_ascii(i),
            };
        }
        if self.ambiguous_quotes {
            // Straight double marks whose spacing left their role open alternate within
            // the paragraph.
            QuoteRole::alternate_unknown(&mut self.out[self.first..]);
        }
    }

    fn non_ascii(&mut self, i: usize) -> usize {
        let (ch, len) = char_at(self.text, i);
        let next = i + len;
        let quote = |double, role| TokenKind::Quote(QuoteMark { double, role });
        match ch {
            '“' | '„' | '«' => self.push(i, next, quote(true, QuoteRole::Open)),
            '”' | '»' => self.push(i, next, quote(true, QuoteRole::Close)),
            '‹' | '‚' => {
                self.open_single += 1;
                self.push(i, next, quote(false, QuoteRole::Open))
            }
            '›' => {
                self.open_single = self.open_single.saturating_sub(1);
                self.push(i, next, quote(false, QuoteRole::Close))
            }
            '‘' => {
                // ‘90s: typesetting often turns the apostrophe of a decade into ‘.
                if self.decade_at(next) {
                    return self.number(i);
                }
                self.open_single += 1;
                self.push(i, next, quote(false, QuoteRole::Open))
            }
            '’' => return self.single_quote(i, len),
            '…' | '。' | '！' | '？' => {
                self.stop_next();
                self.push(i, next, TokenKind::Punct)
            }
            '—' | '–' | '―' | '‒' | '‐' | '‑' | '·' | '•' | '‖' | '¡' | '¿' | '、' | '，'
            | '：' | '；' => self.push(i, next, TokenKind::Punct),
            c if is_space_char(c) => {}
            c if c.is_alphabetic() => return self.word(i),
            c if c.is_numeric() => return self.number(i),
            c if is_combining(c) => return self.word(i),
            _ => self.push(i, next, TokenKind::Symbol),
        }
        next
    }

    /// "'90s", "’08": an apostrophe standing for a century, at `i` just after the mark.
    fn decade_at(&self, i: usize) -> bool {
        let b = self.text.as_bytes();
        i + 1 < self.end
            && b[i].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && !b.get(i + 2).is_some_and(|c| c.is_ascii_digit())
    }

    /// Punctuation: ellipses and double hyphens become one token; a period followed by a
    /// digit at a word start is a decimal (".5").
    fn punct(&mut self, i: usize) -> usize {
        let b = self.text.as_bytes();
        let c = b[i];
        let mut e = i + 1;
        if c == b'.' || c == b'-' {
            while e < self.end && b[e] == c {
                e += 1;
            }
            // A single period: a token of its own. Runs of 2 ("--") or 3+ ("...") are one
            // token; ". . ." spaced ellipses stay periods.
            if c == b'.' && e - i == 2 {
                e = i + 1;
            }
        }
        if matches!(c, b'.' | b'!' | b'?') {
            self.stop_next();
        }
        self.push(i, e, TokenKind::Punct);
        e
    }

    /// A word: letters and digits, joined by inner hyphens and apostrophes, with the
    /// period of a known abbreviation or an initialism ("U.S.").
    fn word(&mut self, s: usize) -> usize {
        let text = self.text;
        let b = text.as_bytes();
        let mut j = s;
        loop {
            // The run of word characters: ASCII in a tight loop, the rest decoded.
            loop {
                j += word_run(&b[j..self.end]);
                if j >= self.end || b[j] < 0x80 {
                    break;
                }
                let (ch, len) = char_at(text, j);
                if !is_word_char(ch) {
                    break;
                }
                j += len;
            }
            if j >= self.end {
                break;
            }
            let h = hyphen_len(text, j);
            if h > 0 && word_at(text, j + h) && j + h < self.end {
                j += h;
                continue;
            }
            let a = apostrophe_len(text, j);
            if a > 0 && letter_at(text, j + a) && j + a < self.end {
                let rest = ascii_letters(text, j + a);
                let after = j + a + rest;
                let ends = after >= self.end || !word_at(text, after);
                if ends && rest > 0 {
                    let suffix = &text[j + a..after];
                    let lower = suffix.to_ascii_lowercase();
                    if matches!(lower.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m") {
                        self.push(s, j, TokenKind::Word);
                        self.push(j, after, TokenKind::Word);
                        return after;
                    }
                    if lower == "t" && j > s + 1 && matches!(b[j - 1], b'n' | b'N') {
                        // "didn't" -> "did" + "n't"; "can't" -> "ca" + "n't" as in the
                        // Penn Treebank.
                        self.push(s, j - 1, TokenKind::Word);
                        self.push(j - 1, after, TokenKind::Word);
                        return after;
                    }
                }
                // O'Brien, rock'n'roll: one word.
                j += a;
                continue;
            }
            if b[j] == b'.'
                && let Some(e) = self.abbreviation_end(s, j)
            {
                j = e;
                // "U.S.-led": an initialism can head a hyphenated word.
                let h = hyphen_len(text, j);
                if h > 0 && j + h < self.end && word_at(text, j + h) {
                    j += h;
                    continue;
                }
            }
            break;
        }
        let kind = if b[s].is_ascii_digit() {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        if b[j - 1] == b'.' {
            self.stop_next();
        }
        self.push(s, j, kind);
        j
    }

    /// Where a word `s..dot` followed by a period ends when the period belongs to it.
    fn abbreviation_end(&self, s: usize, dot: usize) -> Option<usize> {
        let text = self.text;
        let b = text.as_bytes();
        let whole = &text[s..dot];
        // After a hyphen the last part decides: "D-N.Y.", "R-Calif." (a party and a state).
        let word = match whole.rfind('-') {
            Some(h) if h + 1 < whole.len() && self.lex.abbreviation(whole).is_none() => {
                &whole[h + 1..]
            }
            _ => whole,
        };
        // Initialisms: runs of one or two letters each followed by a period ("U.S.",
        // "a.m.", "Ph.D.", "N.Y.").
        if word.len() <= 2 && word.bytes().all(|c| c.is_ascii_alphabetic()) {
            let mut k = dot;
            let mut segments = 1;
            while k < self.end && b[k] == b'.' {
                let letters = ascii_letters(text, k + 1).min(3);
                if letters == 0 || letters > 2 || b.get(k + 1 + letters) != Some(&b'.') {
                    break;
                }
                k += 1 + letters;
                segments += 1;
            }
            if segments >= 2 {
                return Some(k + 1);
            }
        }
        match self.lex.abbreviation(word) {
            Some(AbbrevClass::Number) => {
                // "No. 1", "Fig. 3": only before a number.
                let mut k = dot + 1;
                while k < self.end && b[k] == b' ' {
                    k += 1;
                }
                (k < self.end && b[k].is_ascii_digit() && k > dot + 1).then_some(dot + 1)
            }
            Some(_) => Some(dot + 1),
            // An initial: "J. K. Rowling", "George W. Bush". Not the pronoun "I", which
            // ends sentences ("... than I. But").
            None if whole.len() == 1 && b[s].is_ascii_uppercase() && b[s] != b'I' => Some(dot + 1),
            None => None,
        }
    }

    /// A number: digits with inner separators ("1,000", "3.5", "192.168.1.2", "9/11",
    /// "10:30"), and letters glued to it ("41st", "10k", "1990s", "10-year-old").
    fn number(&mut self, s: usize) -> usize {
        let text = self.text;
        let b = text.as_bytes();
        let mut j = s;
        // A leading apostrophe of a decade ("'90s", "‘90s", "’90s").
        if !b[j].is_ascii_digit() {
            j += char_at(text, j).1;
        }
        loop {
            while j < self.end && b[j].is_ascii_digit() {
                j += 1;
            }
            if j + 1 < self.end
                && matches!(b[j], b',' | b'.' | b':' | b'/')
                && b[j + 1].is_ascii_digit()
            {
                j += 1;
                continue;
            }
            break;
        }
        // Digits of other scripts.
        while j < self.end && b[j] >= 0x80 {
            let (ch, len) = char_at(text, j);
            if !ch.is_numeric() {
                break;
            }
            j += len;
        }
        // Glued letters and hyphenated words: "41st", "10k", "10-year-old". A hyphen
        // before a digit ("10-20") is a range and splits.
        loop {
            let letters = ascii_letters(text, j);
            if letters > 0 && j < self.end {
                j += letters;
                while j < self.end && b[j].is_ascii_alphanumeric() {
                    j += 1;
                }
                continue;
            }
            let h = hyphen_len(text, j);
            if h > 0 && j + h < self.end && letter_at(text, j + h) {
                j += h;
                continue;
            }
            break;
        }
        let j = j.min(self.end);
        // "1990's": the possessive or plural apostrophe is its own token.
        let a = apostrophe_len(text, j);
        if a > 0 && j + a < self.end && matches!(b[j + a], b's' | b'S') && !word_at(text, j + a + 1)
        {
            self.push(s, j, TokenKind::Number);
            self.push(j, j + a + 1, TokenKind::Word);
            return j + a + 1;
        }
        self.push(s, j, TokenKind::Number);
        j
    }

    /// `'` or `’` outside a word: a decade, a possessive after a plural, or a quotation
    /// mark.
    fn single_quote(&mut self, i: usize, len: usize) -> usize {
        let next = i + len;
        if self.decade_at(next) && self.before_is_space(i) {
            return self.number(i);
        }
        let prev_space = self.before_is_space(i);
        let next_space = space_or_end(self.text, next, self.end) || self.punct_at(next);
        let curly = len > 1;
        let b = self.text.as_bytes();
        // "the countries’ leaders": an apostrophe after a plural when no single quotation
        // is open.
        if !prev_space && i > 0 && matches!(b[i - 1], b's' | b'S') && self.open_single == 0 {
            self.push(i, next, TokenKind::Word);
            return next;
        }
        let role = match (prev_space, next_space) {
            (true, false) => QuoteRole::Open,
            (false, true) => QuoteRole::Close,
            _ if curly => QuoteRole::Close,
            _ => QuoteRole::Unknown,
        };
        match role {
            QuoteRole::Open => self.open_single += 1,
            QuoteRole::Close => self.open_single = self.open_single.saturating_sub(1),
            QuoteRole::Unknown => {}
        }
        self.push(
            i,
            next,
            TokenKind::Quote(QuoteMark {
                double: false,
                role,
            }),
        );
        next
    }

    /// A straight double quotation mark: open after a space and before a word, close after
    /// a word and before a space; otherwise decided later by alternation.
    fn straight_quote(&mut self, i: usize, double: bool) -> usize {
        let next = i + 1;
        let prev_space = self.before_is_space(i);
        let next_space = space_or_end(self.text, next, self.end) || self.punct_at(next);
        let role = match (prev_space, next_space) {
            (true, false) => QuoteRole::Open,
            (false, true) => QuoteRole::Close,
            _ => QuoteRole::Unknown,
        };
        self.ambiguous_quotes |= role == QuoteRole::Unknown;
        self.push(i, next, TokenKind::Quote(QuoteMark { double, role }));
        next
    }

    /// Is the position before `i` the paragraph start, a space, an opening bracket, a dash
    /// or an opening quotation mark?
    fn before_is_space(&self, i: usize) -> bool {
        if i <= self.start {
            return true;
        }
        let b = self.text.as_bytes();
        let p = b[i - 1];
        if p < 0x80 {
            return CLASS[p as usize] == SP || matches!(p, b'(' | b'[' | b'{' | b'-' | b'/');
        }
        let mut k = i - 1;
        while k > self.start && (b[k] & 0xC0) == 0x80 {
            k -= 1;
        }
        let (ch, _) = char_at(self.text, k);
        is_space_char(ch) || matches!(ch, '—' | '–' | '“' | '‘' | '«' | '„')
    }

    /// Is there closing punctuation at `i` (after a closing quotation mark)?
    fn punct_at(&self, i: usize) -> bool {
        let b = self.text.as_bytes();
        match b.get(i) {
            Some(&c) if i < self.end && c < 0x80 => matches!(
                c,
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'}'
            ),
            Some(_) if i < self.end => {
                matches!(char_at(self.text, i).0, '—' | '–' | '…' | '”' | '’' | '»')
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(String, TokenKind)> {
        let lex = Lexicon::new(&[], &[], &[]);
        let mut out = Vec::new();
        let mut stops = Vec::new();
        Tokenizer::new(text, &lex, 0, text.len(), &mut out, &mut stops).run();
        out.iter()
            .map(|t| (t.span.slice(text).to_string(), t.kind))
            .collect()
    }

    fn words(text: &str) -> Vec<String> {
        toks(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            words("Mr. Smith met Gov. Brown in the U.S. on Sept. 26."),
            [
                "Mr.", "Smith", "met", "Gov.", "Brown", "in", "the", "U.S.", "on", "Sept.", "26",
                "."
            ]
        );
        assert_eq!(
            words("J. K. Rowling and George W. Bush"),
            ["J.", "K.", "Rowling", "and", "George", "W.", "Bush"]
        );
        assert_eq!(
            words("at 10 a.m. and Ph.D. students"),
            ["at", "10", "a.m.", "and", "Ph.D.", "students"]
        );
        assert_eq!(words("No. 1 said no."), ["No.", "1", "said", "no", "."]);
        assert_eq!(
            words("Acme Inc. and U.S.-led forces"),
            ["Acme", "Inc.", "and", "U.S.-led", "forces"]
        );
        // A party and a state after a name: the state's periods are its own.
        assert_eq!(
            words("Jeffries (D-N.Y.) and Lankford (R-Okla.) voted no."),
            [
                "Jeffries", "(", "D-N.Y.", ")", "and", "Lankford", "(", "R-Okla.", ")", "voted",
                "no", "."
            ]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            words("3.5 and 1,000 and 41st, 10k 1990s 9/11 10:30"),
            [
                "3.5", "and", "1,000", "and", "41st", ",", "10k", "1990s", "9/11", "10:30"
            ]
        );
        assert_eq!(
            words("10-20 a 10-year-old in the '90s and ‘80s"),
            [
                "10",
                "-",
                "20",
                "a",
                "10-year-old",
                "in",
                "the",
                "'90s",
                "and",
                "‘80s"
            ]
        );
        assert_eq!(words("in 2019."), ["in", "2019", "."]);
        assert_eq!(words("the 1990's"), ["the", "1990", "'s"]);
        assert_eq!(toks("26%")[0].1, TokenKind::Number);
    }

    #[test]
    fn clitics_split_as_in_the_treebank() {
        assert_eq!(
            words("Cambodia’s leader didn't say they're O'Brien's"),
            [
                "Cambodia", "’s", "leader", "did", "n't", "say", "they", "'re", "O'Brien", "'s"
            ]
        );
        assert_eq!(
            words("the countries’ leaders"),
            ["the", "countries", "’", "leaders"]
        );
        assert_eq!(
            words("COVID-19 state-designated"),
            ["COVID-19", "state-designated"]
        );
    }

    #[test]
    fn quotation_marks_get_roles() {
        let t = toks("“It is,” he said. \"Yes\" and 'no' and ‘positive progress’ «oui»");
        let quotes: Vec<(String, QuoteRole)> = t
            .iter()
            .filter_map(|(s, k)| match k {
                TokenKind::Quote(q) => Some((s.clone(), q.role)),
                _ => None,
            })
            .collect();
        use QuoteRole::*;
        assert_eq!(
            quotes,
            [
                ("“".into(), Open),
                ("”".into(), Close),
                ("\"".into(), Open),
                ("\"".into(), Close),
                ("'".into(), Open),
                ("'".into(), Close),
                ("‘".into(), Open),
                ("’".into(), Close),
                ("«".into(), Open),
                ("»".into(), Close),
            ]
        );
    }

    #[test]
    fn ambiguous_straight_quotes_alternate() {
        let t = toks("a\"b\"c");
        let roles: Vec<QuoteRole> = t
            .iter()
            .filter_map(|(_, k)| match k {
                TokenKind::Quote(q) => Some(q.role),
                _ => None,
            })
            .collect();
        assert_eq!(roles, [QuoteRole::Open, QuoteRole::Close]);
    }

    #[test]
    fn word_run_matches_the_table() {
        for b in 0u8..=255 {
            for pos in 0..12 {
                let mut buf = *b"abcdefghijkl";
                buf[pos] = b;
                let want = buf
                    .iter()
                    .position(|&c| !WORD[c as usize])
                    .unwrap_or(buf.len());
                assert_eq!(word_run(&buf), want, "byte {b:#x} at {pos}");
            }
        }
        assert_eq!(word_run(b""), 0);
        assert_eq!(word_run(b"Zz09@"), 4);
    }

    #[test]
    fn punctuation_runs() {
        assert_eq!(
            words("wait... what -- no—yes…"),
            ["wait", "...", "what", "--", "no", "—", "yes", "…"]
        );
        assert_eq!(words("a.. b"), ["a", ".", ".", "b"]);
        assert_eq!(
            words("$3.2 billion (26%)"),
            ["$", "3.2", "billion", "(", "26", "%", ")"]
        );
    }

    #[test]
    fn non_latin_and_marks() {
        assert_eq!(
            words("Sánchez said 你好 naïve cafe\u{301}"),
            ["Sánchez", "said", "你好", "naïve", "cafe\u{301}"]
        );
        assert_eq!(words("a\u{a0}b\u{200b}c"), ["a", "b", "c"]);
    }
}
