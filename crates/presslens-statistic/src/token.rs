//! A small tokenizer made for numbers.
//!
//! The `text` layer's tokens are made for words; numbers need other cuts: "1,234.5" and
//! "3,45,678" are one token here, "7kW" is two glued tokens ("7" "kW"), and the grammar
//! needs to know whether whitespace separates two tokens ("$5" vs "$ 5", "G20" vs "G 20").
//! Tokens are byte ranges into the text.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters (with inner apostrophes: "don't", "Cambodia’s").
    Word,
    /// Digits, with inner group commas and decimal point ("1,234.5", ".06").
    Num,
    /// Any other single character: punctuation, symbols, currency signs.
    Sym,
}

/// A token of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    /// First byte.
    pub(crate) start: u32,
    /// One past the last byte.
    pub(crate) end: u32,
    /// What it is.
    pub(crate) kind: TokKind,
    /// For a symbol, the character.
    pub(crate) ch: char,
    /// Whitespace separates it from the previous token.
    pub(crate) gap: bool,
    /// The whitespace before it holds a line break.
    pub(crate) nl: bool,
    /// First letter upper case.
    pub(crate) cap: bool,
    /// All letters upper case (and more than one letter).
    pub(crate) upper: bool,
    /// The lexicon entry of a word ([`crate::lexicon::NO_INFO`] for none).
    pub(crate) info: u32,
}

impl Tok {
    #[inline]
    pub(crate) fn is_sym(&self, c: char) -> bool {
        self.kind == TokKind::Sym && self.ch == c
    }
}

/// Combining diacritical marks (Unicode's main blocks of them).
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
}

/// Grouping separators that are never anything else: no-break and thin spaces.
fn is_group_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Count ASCII digits at `i`.
#[inline]
fn digits_at(b: &[u8], i: usize) -> usize {
    b[i.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count()
}

/// Tokenize `text[start..end]`, appending to `out`; `lookup` gives words their lexicon
/// entry. Never panics: every slice is taken at a position found on a char boundary.
pub(crate) fn tokenize<F: Fn(&str) -> u32>(
    text: &str,
    start: usize,
    end: usize,
    out: &mut Vec<Tok>,
    lookup: F,
) {
    let b = text.as_bytes();
    let end = end.min(b.len());
    let mut i = start;
    let mut gap = true;
    let mut nl = true;
    while i < end {
        let c0 = b[i];
        if c0.is_ascii_whitespace() {
            gap = true;
            nl |= c0 == b'\n';
            i += 1;
            continue;
        }
        let tok_start = i;
        let (kind, ch);
        if c0.is_ascii_digit()
            || (c0 == b'.'
                && i + 1 < end
                && b[i + 1].is_ascii_digit()
                && (i == start || !b[i - 1].is_ascii_alphanumeric()))
        {
            i = scan_number(b, i, end, text);
            kind = TokKind::Num;
            ch = '0';
        } else if c0.is_ascii_alphabetic() || (c0 >= 0x80 && char_at(text, i).is_alphabetic()) {
            i = scan_word(text, i, end);
            kind = TokKind::Word;
            ch = 'a';
        } else {
            let c = if c0 < 0x80 {
                c0 as char
            } else {
                char_at(text, i)
            };
            if is_space(c) {
                gap = true;
                i += c.len_utf8();
                continue;
            }
            i += c.len_utf8();
            kind = TokKind::Sym;
            ch = c;
        }
        let (cap, upper, info) = if kind == TokKind::Word {
            let s = &text[tok_start..i];
            let (cap, upper) = if s.is_ascii() {
                let bytes = s.as_bytes();
                let cap = bytes[0].is_ascii_uppercase();
                let upper = cap && bytes.len() > 1 && !bytes.iter().any(u8::is_ascii_lowercase);
                (cap, upper)
            } else {
                let cap = s
                    .chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(char::is_uppercase);
                let upper = cap && s.chars().count() > 1 && s.chars().all(|c| !c.is_lowercase());
                (cap, upper)
            };
            (cap, upper, lookup(s))
        } else {
            (false, false, crate::lexicon::NO_INFO)
        };
        out.push(Tok {
            start: tok_start as u32,
            end: i as u32,
            kind,
            ch,
            gap,
            nl,
            cap,
            upper,
            info,
        });
        gap = false;
        nl = false;
    }
}

/// Tokenize a whole string without a lexicon (for the data files' phrases and tests).
pub(crate) fn tokenize_str(text: &str) -> Vec<Tok> {
    let mut v = Vec::new();
    tokenize(text, 0, text.len(), &mut v, |_| crate::lexicon::NO_INFO);
    v
}

#[inline]
fn char_at(text: &str, i: usize) -> char {
    text.get(i..).and_then(|s| s.chars().next()).unwrap_or(' ')
}

fn scan_word(text: &str, mut i: usize, end: usize) -> usize {
    let b = text.as_bytes();
    while i < end {
        let c = b[i];
        if c.is_ascii_alphabetic() {
            i += 1;
        } else if c >= 0x80 {
            let ch = char_at(text, i);
            // Combining marks belong to the letter before them ("GÃ" written G, A, U+0303).
            let letter = ch.is_alphabetic() && !is_space(ch) || is_combining(ch);
            // A curly apostrophe inside a word: "Cambodia’s".
            let apostrophe = matches!(ch, '’' | 'ʼ')
                && i + ch.len_utf8() < end
                && b[i + ch.len_utf8()].is_ascii_alphabetic();
            if letter || apostrophe {
                i += ch.len_utf8();
            } else {
                break;
            }
        } else if c == b'\'' && i + 1 < end && b[i + 1].is_ascii_alphabetic() && i > 0 {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// The end of a number starting at `i`: digits, then groups of a comma and three digits
/// (or Indian groups of two ending in three) or of a space and three digits, and a
/// decimal part: ".5", a European ",5" after dotted groups, or a spaced " . 5".
fn scan_number(b: &[u8], mut i: usize, end: usize, text: &str) -> usize {
    let start = i;
    let first = digits_at(&b[..end], i);
    i += first;
    let mut int_len = first;
    // Comma groups.
    if first > 0 && first <= 3 {
        loop {
            if i < end && b[i] == b',' {
                let d = digits_at(&b[..end], i + 1);
                if d == 3 {
                    i += 4;
                    int_len += 3;
                    continue;
                }
                if d == 2 && first <= 2 && indian_groups(&b[..end], i) {
                    i += 3;
                    int_len += 2;
                    continue;
                }
            }
            break;
        }
    }
    // "1,5": a decimal comma or a list ("1,3 and 5"); the grammar decides from what
    // follows ("1,5 million", "2,5 %"). Not in a run of them ("14,16,18").
    let listed = start >= 2 && b[start - 1] == b',' && b[start - 2].is_ascii_digit();
    if first > 0
        && first <= 3
        && int_len == first
        && !listed
        && let Some(after) = comma_decimal_tail(b, i, end)
    {
        return after;
    }
    // Groups of three digits separated by no-break, thin or plain spaces ("25 000", "3 456
    // 789"), as SI style and many newsrooms outside the US write them.
    if first > 0 && first <= 3 && int_len == first {
        let mut j = i;
        loop {
            let sep_len = if j < end && b[j] == b' ' {
                1
            } else if j < end && b[j] >= 0x80 && is_group_space(char_at(text, j)) {
                char_at(text, j).len_utf8()
            } else {
                break;
            };
            let d = digits_at(&b[..end], j + sep_len);
            let after = j + sep_len + d;
            if d != 3 || (after < end && (b[after].is_ascii_alphanumeric() || b[after] == b',')) {
                break;
            }
            j = after;
        }
        i = j;
    }
    let int_end = i;
    // Decimal part (and further dotted parts: "172.16.254.1" stays one token, which the
    // grammar then refuses as an identifier).
    while i + 1 < end && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i += 1;
        i += digits_at(&b[..end], i);
    }
    if i > int_end {
        return european_decimal(b, start, int_end, i, end);
    }
    spaced_decimal(b, start, i, end)
}

/// "4.321,75", "2.500.000,50": dots that group thousands and a decimal comma. Only the
/// full pattern counts (one to three digits, groups of three after each dot, one or two
/// decimals), which English never writes; "4.321" alone stays a decimal.
fn european_decimal(b: &[u8], start: usize, int_end: usize, i: usize, end: usize) -> usize {
    let first = int_end - start;
    if !(1..=3).contains(&first) || i >= end || b[i] != b',' {
        return i;
    }
    let mut k = int_end;
    while k < i {
        // At a dot: exactly three digits follow.
        if digits_at(&b[..end], k + 1) != 3 {
            return i;
        }
        k += 4;
    }
    comma_decimal_tail(b, i, end).unwrap_or(i)
}

/// The end of a decimal comma and its one or two digits at `i` (",5", ",50"), when
/// nothing goes on after them.
fn comma_decimal_tail(b: &[u8], i: usize, end: usize) -> Option<usize> {
    if i >= end || b[i] != b',' {
        return None;
    }
    let d = digits_at(&b[..end], i + 1);
    let after = i + 1 + d;
    ((1..=2).contains(&d) && !continues(b, after, end)).then_some(after)
}

/// Whether the number before `at` goes on there: a letter or digit glued to it, or a
/// comma or dot before another digit ("1,5,7", "2,5.3"); then it is not the decimal
/// read so far.
fn continues(b: &[u8], at: usize, end: usize) -> bool {
    at < end
        && (b[at].is_ascii_alphanumeric()
            || matches!(b[at], b',' | b'.') && b.get(at + 1).is_some_and(u8::is_ascii_digit))
}

/// "4 . 7 %": a decimal point with a space on each side, as some tokenized corpora write
/// it. Only for a plain integer of up to three digits, and never inside a dotted run
/// ("172 . 16 . 254 . 1").
fn spaced_decimal(b: &[u8], start: usize, i: usize, end: usize) -> usize {
    let spaced_dot = |k: usize| {
        k + 3 < end
            && b[k] == b' '
            && b[k + 1] == b'.'
            && b[k + 2] == b' '
            && b[k + 3].is_ascii_digit()
    };
    let int_len = i - start;
    if !(1..=3).contains(&int_len) || !spaced_dot(i) || !b[start..i].iter().all(u8::is_ascii_digit)
    {
        return i;
    }
    if start >= 3 && &b[start - 3..start] == b" . " {
        return i;
    }
    let d = digits_at(&b[..end], i + 3);
    let after = i + 3 + d;
    if spaced_dot(after) || continues(b, after, end) {
        return i;
    }
    after
}

/// Whether ",dd" at `i` starts Indian grouping: (,dd)+ followed by ,ddd.
fn indian_groups(b: &[u8], mut i: usize) -> bool {
    let mut twos = 0;
    while i < b.len() && b[i] == b',' {
        let d = digits_at(b, i + 1);
        if d == 2 {
            twos += 1;
            i += 3;
        } else {
            return twos > 0 && d == 3 && !b.get(i + 4).is_some_and(u8::is_ascii_digit);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize_str(s)
            .iter()
            .map(|t| &s[t.start as usize..t.end as usize])
            .collect()
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(texts("$1,234.5m"), ["$", "1,234.5", "m"]);
        assert_eq!(texts("3,45,678.25 rupees"), ["3,45,678.25", "rupees"]);
        assert_eq!(texts("14,16,18"), ["14", ",", "16", ",", "18"]);
        assert_eq!(
            texts("3 456 789 and 25 000"),
            ["3 456 789", "and", "25 000"]
        );
        assert_eq!(texts("25\u{202f}000"), ["25\u{202f}000"]);
        assert_eq!(texts("in 2019."), ["in", "2019", "."]);
        assert_eq!(texts("batting .312 now"), ["batting", ".312", "now"]);
        assert_eq!(texts("G20 7kW"), ["G", "20", "7", "kW"]);
        assert_eq!(texts("Cambodia’s 41st"), ["Cambodia’s", "41", "st"]);
    }

    #[test]
    fn spaced_and_european_decimals() {
        assert_eq!(texts("grew 4 . 7 % in"), ["grew", "4 . 7", "%", "in"]);
        assert_eq!(texts("down 0 . 0125 ."), ["down", "0 . 0125", "."]);
        // A dotted run is an address or a code, not decimals.
        assert_eq!(texts("172 . 16 . 254 . 1").len(), 7);
        assert_eq!(texts("in 2019 . 5 more"), ["in", "2019", ".", "5", "more"]);
        assert_eq!(texts("4.321,75, 4,321.75"), ["4.321,75", ",", "4,321.75"]);
        assert_eq!(texts("€2.500.000,50"), ["€", "2.500.000,50"]);
        // Not the full pattern: a decimal and a list.
        assert_eq!(texts("1.5,2"), ["1.5", ",", "2"]);
        // A decimal comma or a list: one token, which the grammar reads or refuses.
        assert_eq!(texts("1,5 million"), ["1,5", "million"]);
        assert_eq!(texts("14,16,18"), ["14", ",", "16", ",", "18"]);
        assert_eq!(texts("4.321,123"), ["4.321", ",", "123"]);
    }

    #[test]
    fn gaps_and_case() {
        let t = tokenize_str("US $5\nNASA");
        assert!(t[0].upper && t[0].gap);
        assert!(t[1].gap && !t[2].gap);
        assert!(t[3].nl && t[3].upper);
    }
}
