//! Reading one number: digits ("1,234.5", "3.5m", "7 3/4", "2.5e6") and words
//! ("three hundred and twelve", "half a million", "two-thirds", "twenty-first").
//!
//! The reader knows nothing of units or context beyond what is glued to the number; it
//! says where the number is, what it is worth and how it was written, and refuses
//! identifiers ("G20", "COVID-19", "172.16.254.1") and clock times ("10:30", "5pm").

use crate::ctx::Ctx;
use crate::lexicon::{NumClass, NumWord, class};
use crate::token::TokKind;

/// A number as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Num {
    /// First token.
    pub(crate) t0: usize,
    /// One past the last token.
    pub(crate) t1: usize,
    /// Its value, scaled ("3.5m" is 3500000).
    pub(crate) value: f64,
    /// Written with digits (at least partly).
    pub(crate) digits: bool,
    /// Written with words (at least partly).
    pub(crate) words: bool,
    /// A bare integer in digits: "2019", "15,000" (no decimals, scale or suffix).
    pub(crate) int_lit: bool,
    /// Digits grouped by commas or spaces.
    pub(crate) commas: bool,
    /// Digits before the decimal point.
    pub(crate) int_digits: u32,
    /// "41st", "third".
    pub(crate) ordinal: bool,
    /// "2/3", "two-thirds", "a half".
    pub(crate) fraction: bool,
    /// "1990s".
    pub(crate) decade: bool,
    /// A scale word or abbreviation was applied.
    pub(crate) scaled: bool,
    /// A glued "m" was read as million: the caller may prefer metres.
    pub(crate) lone_m: Option<f64>,
    /// Starts with the article "a"/"an" ("a dozen").
    pub(crate) article: bool,
}

impl Num {
    /// A number of one token.
    pub(crate) fn single(t0: usize, value: f64) -> Num {
        Num::new(t0, t0 + 1, value)
    }

    fn new(t0: usize, t1: usize, value: f64) -> Num {
        Num {
            t0,
            t1,
            value,
            digits: false,
            words: false,
            int_lit: false,
            commas: false,
            int_digits: 0,
            ordinal: false,
            fraction: false,
            decade: false,
            scaled: false,
            lone_m: None,
            article: false,
        }
    }
}

/// The outcome of reading at a token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Read {
    /// A number.
    Got(Num),
    /// Not a statistic (an identifier, a clock time); go on at this token.
    Skip(usize),
    /// No number starts here.
    Nothing,
}

/// Denominators accepted in digit fractions: "1/2", "3/4", "1/16"; "9/11" and "24/7" are
/// not fractions.
const DENOMINATORS: &[u32] = &[2, 3, 4, 5, 6, 8, 10, 12, 16, 32, 64, 100, 128];

/// The value of a vulgar fraction character ("½").
pub(crate) fn vulgar_fraction(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅕' => 0.2,
        '⅖' => 0.4,
        '⅗' => 0.6,
        '⅘' => 0.8,
        '⅙' => 1.0 / 6.0,
        '⅚' => 5.0 / 6.0,
        '⅛' => 0.125,
        '⅜' => 0.375,
        '⅝' => 0.625,
        '⅞' => 0.875,
        _ => return None,
    })
}

/// Parsed digits of one Num token.
struct Digits {
    value: f64,
    int: bool,
    commas: bool,
    int_digits: u32,
}

fn parse_digit_text(s: &str) -> Option<Digits> {
    let mut clean = String::with_capacity(s.len());
    let mut commas = false;
    let mut dots = 0;
    // "4.321,75": the tokenizer joins dots and a comma in this order only for the
    // European pattern, where the dots group and the comma is the decimal point; and a
    // comma before one or two digits ("1,5") only where it may be a decimal comma.
    let european =
        matches!((s.find('.'), s.rfind(',')), (Some(d), Some(c)) if c > d) || decimal_comma(s);
    let point = if european { ',' } else { '.' };
    let b = s.as_bytes();
    for (k, c) in s.char_indices() {
        if c.is_ascii_digit() {
            clean.push(c);
        } else if c == point {
            dots += 1;
            clean.push('.');
        } else if c == ' ' && (b.get(k + 1) == Some(&b'.') || k > 0 && b[k - 1] == b'.') {
            // "4 . 7": the spaces of a spaced decimal point.
        } else {
            commas = true;
        }
    }
    if dots > 1 {
        return None;
    }
    let int_part = clean.split('.').next().unwrap_or("");
    let int_digits = int_part.len() as u32;
    // Leading zeros mark codes and clock times ("007", "0615 GMT"), not quantities.
    if int_digits > 1 && int_part.starts_with('0') {
        return None;
    }
    if int_digits > 15 && !commas {
        return None;
    }
    if int_digits > 21 {
        return None;
    }
    let value = if clean.starts_with('.') {
        format!("0{clean}").parse::<f64>().ok()?
    } else {
        clean.parse::<f64>().ok()?
    };
    value.is_finite().then_some(Digits {
        value,
        int: dots == 0,
        commas,
        int_digits,
    })
}

/// "1,5": up to three digits, a comma and one or two digits (a decimal comma, or a list).
pub(crate) fn decimal_comma(s: &str) -> bool {
    match s.split_once(',') {
        Some((a, b)) => {
            (1..=3).contains(&a.len())
                && (1..=2).contains(&b.len())
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

fn ordinal_suffix_ok(v: f64, suffix: &str) -> bool {
    let n = v as u64;
    let s = suffix.to_ascii_lowercase();
    let want = match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    s == want || (s == "th" && n % 10 != 1 && n % 10 != 2 && n % 10 != 3)
}

impl Ctx<'_> {
    /// The tokens of an identifier glued together around `i` ("COVID-19", "A380-800",
    /// "7CD4"): where to go on after refusing it.
    pub(crate) fn chain_end(&self, i: usize) -> usize {
        let mut j = i + 1;
        while j < self.n() && self.glued(j) {
            let t = self.toks[j];
            let joins = match t.kind {
                TokKind::Word | TokKind::Num => true,
                TokKind::Sym => {
                    matches!(t.ch, '-' | '.' | '/' | ':' | '_' | '‐' | '‑')
                        && j + 1 < self.n()
                        && self.glued(j + 1)
                        && self.toks[j + 1].kind != TokKind::Sym
                }
            };
            if !joins {
                break;
            }
            j += 1;
        }
        j
    }

    /// Whether the word at `p` may stand glued before digits: a currency form ("USD25",
    /// "PS4.1m", "RM45", "$US8") or a prefix such as "mid" or "sub" before a hyphen.
    fn glued_prefix_ok(&self, p: usize) -> bool {
        let t = self.toks[p];
        if t.kind != TokKind::Word {
            return false;
        }
        self.currency_pre_ending(p + 1).is_some()
    }

    /// Read the digits at `i` with what is glued to them.
    pub(crate) fn read_digits(&self, i: usize) -> Read {
        let n = self.n();
        // What is glued on the left.
        if self.glued(i) {
            let p = i - 1;
            let pt = self.toks[p];
            match pt.kind {
                TokKind::Word => {
                    if !self.glued_prefix_ok(p) {
                        return Read::Skip(self.chain_end(i));
                    }
                }
                TokKind::Num => return Read::Skip(self.chain_end(i)),
                TokKind::Sym => match pt.ch {
                    '.' | '/' | ':' | '_' | '@' | '\\' | '&'
                        if p > 0 && self.glued(p) && self.toks[p - 1].kind != TokKind::Sym =>
                    {
                        return Read::Skip(self.chain_end(i));
                    }
                    '-' | '‐' | '‑' if p > 0 && self.glued(p) => {
                        match self.toks[p - 1].kind {
                            TokKind::Num => {
                                // The second number of "2000-8000": read it; the
                                // first decided about the pair.
                            }
                            TokKind::Word
                                if p > 1
                                    && self.glued(p - 1)
                                    && self.toks[p - 2].kind == TokKind::Num =>
                            {
                                // "3k-15k": the scale of the first number.
                            }
                            TokKind::Word => {
                                let prefix = self.lower(p - 1);
                                let ok = matches!(
                                    prefix.as_str(),
                                    "mid"
                                        | "pre"
                                        | "post"
                                        | "sub"
                                        | "over"
                                        | "under"
                                        | "minus"
                                        | "late"
                                        | "early"
                                        | "now"
                                        | "then"
                                        | "circa"
                                        | "near"
                                        | "ultra"
                                        | "super"
                                        | "to"
                                        | "about"
                                        | "around"
                                        | "nearly"
                                        | "almost"
                                        | "approx"
                                        | "some"
                                );
                                if !ok {
                                    return Read::Skip(self.chain_end(i));
                                }
                            }
                            TokKind::Sym => {}
                        }
                    }
                    _ => {}
                },
            }
        }
        let Some(d) = parse_digit_text(self.s(i)) else {
            return Read::Skip(self.chain_end(i));
        };
        // "1,5 million", "2,5 %", "€1,50", "5,00": a decimal comma before a scale or a
        // percent, after a currency, or before zeros that no list holds; anything else
        // ("chapters 1,3 and 5") may as well be a list.
        if decimal_comma(self.s(i))
            && self.currency_pre_ending(i).is_none()
            && !self.s(i).ends_with(",00")
        {
            let j = i + 1;
            let scale = self
                .numword(j)
                .is_some_and(|w| w.class == NumClass::Scale && !w.ordinal && !w.plural)
                || self.word(j)
                    && self.lex.scale_abbr(self.s(j)).is_some()
                    && (self.glued(j) || self.s(j).len() >= 2);
            if !(scale || self.percent_at(j).is_some()) {
                return Read::Skip(self.chain_end(i));
            }
        }
        let mut num = Num::new(i, i + 1, d.value);
        num.digits = true;
        num.int_lit = d.int;
        num.commas = d.commas;
        num.int_digits = d.int_digits;

        let j = i + 1;
        if j < n && self.glued(j) {
            let t = self.toks[j];
            match t.kind {
                TokKind::Sym
                    if (t.ch == '/' || t.ch == '⁄')
                    // A fraction, a date or a pair ("1/2", "6/21/2019", "24/7", "$4/$6").
                    && j + 1 < n && self.glued(j + 1) && self.toks[j + 1].kind == TokKind::Num =>
                {
                    if j + 3 < n
                        && self.glued(j + 2)
                        && (self.toks[j + 2].is_sym('/') || self.toks[j + 2].is_sym('-'))
                        && self.glued(j + 3)
                        && self.toks[j + 3].kind == TokKind::Num
                    {
                        return Read::Skip(self.chain_end(i));
                    }
                    let den = parse_digit_text(self.s(j + 1));
                    match den {
                        Some(den)
                            if d.int
                                && den.int
                                && !den.commas
                                && DENOMINATORS.contains(&(den.value as u32))
                                && d.value < den.value =>
                        {
                            num.value = d.value / den.value;
                            num.fraction = true;
                            num.int_lit = false;
                            num.t1 = j + 2;
                        }
                        _ => return Read::Skip(self.chain_end(i)),
                    }
                }
                TokKind::Sym
                    if t.ch == '('
                        && j + 2 < n
                        && self.glued(j + 1)
                        && self.glued(j + 2)
                        && self.toks[j + 1].kind != TokKind::Sym
                        && self.s(j + 1).len() <= 2
                        && self.toks[j + 2].is_sym(')') =>
                {
                    // "401(k)", "501(c)(3)": a section of a law, the name of a plan.
                    let mut e = j + 3;
                    while e + 2 < n
                        && self.glued(e)
                        && self.toks[e].is_sym('(')
                        && self.glued(e + 2)
                        && self.toks[e + 2].is_sym(')')
                    {
                        e += 3;
                    }
                    return Read::Skip(e);
                }
                TokKind::Sym
                    if t.ch == ':'
                        && j + 1 < n
                        && self.glued(j + 1)
                        && self.toks[j + 1].kind == TokKind::Num =>
                {
                    // A clock time, a ratio or a score: "10:30", "1:42.3".
                    let mut e = self.chain_end(i);
                    if e < n && self.is_clock(e) {
                        e = self.clock_end(e);
                    }
                    return Read::Skip(e);
                }
                TokKind::Sym if t.ch == '^' => {
                    if let Some((exp, e)) = self.exponent_at(j + 1) {
                        num.value = d.value.powf(exp);
                        num.int_lit = false;
                        num.t1 = e;
                    }
                }
                TokKind::Sym
                    if (t.ch == '-' || t.ch == '‐' || t.ch == '‑')
                    // Three or more hyphenated digit groups: a phone number, a date, a code.
                    && j + 3 < n
                        && self.glued(j + 1)
                        && self.toks[j + 1].kind == TokKind::Num
                        && self.glued(j + 2)
                        && matches!(self.toks[j + 2].ch, '-' | '/' | '‐' | '‑')
                        && self.toks[j + 2].kind == TokKind::Sym
                        && self.glued(j + 3)
                        && self.toks[j + 3].kind == TokKind::Num =>
                {
                    return Read::Skip(self.chain_end(i));
                }
                TokKind::Sym
                    if matches!(t.ch, '\'' | '’' | '′')
                        && j + 1 < n
                        && self.glued(j + 1)
                        && self.lower(j + 1) == "s"
                        && d.int
                        && (d.int_digits == 4
                            || d.int_digits == 2 && (d.value as u64).is_multiple_of(10))
                        && !d.commas =>
                {
                    // "1990's", "2021′s": a year's possessive or a decade; "the 80’s".
                    num.t1 = j + 2;
                    if d.int_digits == 2 {
                        num.decade = true;
                        num.int_lit = false;
                    } else {
                        num.int_lit = true;
                    }
                }
                TokKind::Word => {
                    let w = self.s(j);
                    let lw = w.to_ascii_lowercase();
                    if d.int && matches!(lw.as_str(), "st" | "nd" | "rd" | "th") {
                        if !ordinal_suffix_ok(d.value, &lw) {
                            return Read::Skip(self.chain_end(i));
                        }
                        num.ordinal = true;
                        num.int_lit = false;
                        num.t1 = j + 1;
                    } else if lw == "s" && d.int && !d.commas {
                        if (d.value as u64).is_multiple_of(10)
                            && (d.int_digits == 4 || d.int_digits == 2)
                        {
                            num.decade = true;
                            num.int_lit = false;
                            num.t1 = j + 1;
                        } else {
                            return Read::Skip(self.chain_end(i));
                        }
                    } else if self.is_clock(j) {
                        return Read::Skip(self.clock_end(j));
                    } else if (w == "e" || w == "E")
                        && let Some((exp, e)) = self.exponent_at(j + 1)
                    {
                        num.value = d.value * 10f64.powf(exp);
                        num.int_lit = false;
                        num.t1 = e;
                    } else if (w == "x" || w == "X")
                        && j + 2 < n
                        && self.glued(j + 1)
                        && self.s(j + 1) == "10"
                        && self.toks[j + 2].is_sym('^')
                        && let Some((exp, e)) = self.exponent_at(j + 3)
                    {
                        num.value = d.value * 10f64.powf(exp);
                        num.int_lit = false;
                        num.t1 = e;
                    } else if self.unit_at(j, true).is_some_and(|(_, len)| len >= 2) {
                        // "45m2", "15km/hr": a unit, read by the caller.
                    } else if w == "K"
                        && d.int
                        && matches!(d.value as u32, 2 | 4 | 5 | 6 | 8)
                        && self.currency_pre_ending(i).is_none()
                    {
                        // "4K video", "8K TV": a resolution's name, not thousands.
                        return Read::Skip(self.chain_end(i));
                    } else if let Some(m) = self.lex.scale_abbr(w) {
                        num.value = d.value * m;
                        num.scaled = true;
                        num.int_lit = false;
                        num.t1 = j + 1;
                        if w == "m" || w == "M" {
                            num.lone_m = Some(d.value);
                        }
                    } else if self.unit_at(j, true).is_some()
                        || self.currency_post_at(j, true, false).is_some()
                        || self.percent_at(j).is_some()
                    {
                        // A unit, currency or percent glued on: read by the caller.
                    } else {
                        return Read::Skip(self.chain_end(i));
                    }
                }
                _ => {}
            }
        } else if j + 1 < n
            && self.toks[j].is_sym('/')
            && self.toks[j + 1].kind == TokKind::Num
            && self.toks[j + 1].gap
        {
            // "3 / 8 point": a fraction spaced out by a tokenizer. Two numbers around a
            // spaced slash that make no fraction ("24 / 7", "6 / 21 / 2019") are not
            // statistics, and neither is alone.
            let mut e = j + 2;
            while e + 1 < n && self.toks[e].is_sym('/') && self.toks[e + 1].kind == TokKind::Num {
                e += 2;
            }
            let den = parse_digit_text(self.s(j + 1));
            let before_slash = i > 0 && self.toks[i - 1].is_sym('/');
            match den {
                Some(den)
                    if e == j + 2
                        && !before_slash
                        && d.int
                        && !d.commas
                        && den.int
                        && !den.commas
                        && DENOMINATORS.contains(&(den.value as u32))
                        && d.value < den.value
                        && !self.glued(j + 2) =>
                {
                    num.value = d.value / den.value;
                    num.fraction = true;
                    num.int_lit = false;
                    num.t1 = j + 2;
                }
                _ => return Read::Skip(e),
            }
        }
        if !num.ordinal && !num.decade && num.t1 < n {
            // "× 10^9" and "×10−27" written with the multiplication sign.
            let k = num.t1;
            if self.toks[k].is_sym('×')
                && k + 1 < n
                && self.s(k + 1) == "10"
                && let Some((exp, e)) = self.exponent_after_ten(k + 2)
            {
                num.value *= 10f64.powf(exp);
                num.int_lit = false;
                num.t1 = e;
            }
        }
        if !num.value.is_finite() {
            return Read::Skip(num.t1);
        }
        Read::Got(num)
    }

    /// A signed integer exponent at `j` ("12", "-1", "+9", "--12"): value and end.
    fn exponent_at(&self, mut j: usize) -> Option<(f64, usize)> {
        let mut sign = 1.0;
        let mut steps = 0;
        while j < self.n() && steps < 3 {
            let t = self.toks[j];
            if t.kind == TokKind::Sym && matches!(t.ch, '-' | '−' | '+') {
                if t.ch != '+' {
                    sign = -sign;
                }
                j += 1;
                steps += 1;
                continue;
            }
            break;
        }
        if j < self.n() && self.toks[j].kind == TokKind::Num && (j == 0 || self.glued(j)) {
            let d = parse_digit_text(self.s(j))?;
            if d.int && d.value <= 400.0 {
                return Some((sign * d.value, j + 1));
            }
        }
        None
    }

    /// The exponent after "×10": "^9", "^-3", "−27" (a superscript lost in copying).
    fn exponent_after_ten(&self, j: usize) -> Option<(f64, usize)> {
        if j < self.n() && self.toks[j].is_sym('^') {
            return self.exponent_at(j + 1);
        }
        if j < self.n() && self.glued(j) && matches!(self.toks[j].ch, '−' | '-') {
            return self.exponent_at(j);
        }
        None
    }

    /// A clock word at `j`: "pm", "GMT", or the start of "a.m."/"p.m.".
    pub(crate) fn is_clock(&self, j: usize) -> bool {
        if j >= self.n() || self.toks[j].kind != TokKind::Word {
            return false;
        }
        if self.info(j).is(class::CLOCK) {
            // "ET", "PT", "IST" only in capitals; "am" and "pm" in any case.
            let l = self.lower(j);
            return match l.as_str() {
                "et" | "pt" | "ist" | "est" | "cst" | "sat" => self.toks[j].upper,
                "a" | "p" => self.is_ampm_dotted(j),
                _ => true,
            };
        }
        self.is_ampm_dotted(j)
    }

    fn is_ampm_dotted(&self, j: usize) -> bool {
        let l = self.lower(j);
        (l == "a" || l == "p")
            && j + 2 < self.n()
            && self.toks[j + 1].is_sym('.')
            && !self.toks[j + 1].gap
            && self.lower(j + 2) == "m"
    }

    /// One past a clock word at `j` ("p.m." is four tokens).
    pub(crate) fn clock_end(&self, j: usize) -> usize {
        if self.is_ampm_dotted(j) {
            let mut e = j + 3;
            if e < self.n() && self.toks[e].is_sym('.') && !self.toks[e].gap {
                e += 1;
            }
            return e;
        }
        j + 1
    }

    /// The number word at `j`, if any.
    pub(crate) fn numword(&self, j: usize) -> Option<NumWord> {
        let t = self.toks.get(j)?;
        if t.kind != TokKind::Word || t.info == crate::lexicon::LAZY {
            // Number words are always looked up by the tokenizer.
            return None;
        }
        self.lex.info(t.info).num
    }

    /// Read a number written (at least partly) in words, or digits followed by scale
    /// words, starting at `i`.
    pub(crate) fn read_words(&self, i: usize, digits: Option<&Num>) -> Option<Num> {
        let n = self.n();
        let mut j = i;
        let mut article = false;
        if digits.is_none() && matches!(self.lower(i).as_str(), "a" | "an") {
            article = true;
            j += 1;
        }
        let card = self.cardinal(j, article, digits);
        let mut num = match card {
            Some(c) => {
                let mut num = Num::new(i, c.end, c.value);
                num.ordinal = c.ordinal;
                num.scaled = c.scaled;
                num.words = c.words;
                num.digits = digits.is_some();
                num.article = article;
                if let Some(d) = digits {
                    num.int_lit = d.int_lit && c.end == d.t1;
                    num.commas = d.commas;
                    num.int_digits = d.int_digits;
                    num.lone_m = d.lone_m;
                    num.fraction = d.fraction;
                    num.decade = d.decade;
                    num.ordinal |= d.ordinal;
                    num.scaled |= d.scaled;
                }
                if c.article_only {
                    // "a" before a fraction word: "a third", "a half".
                    num.t1 = j;
                    num.value = 1.0;
                }
                num
            }
            None => {
                // "half a million", "half", "a quarter billion".
                if let Some(w) = self.numword(j)
                    && matches!(w.class, NumClass::Half | NumClass::Quarter)
                    && !w.plural
                    && digits.is_none()
                {
                    let mut num = Num::new(i, j + 1, w.value);
                    num.words = true;
                    num.fraction = true;
                    num.article = article;
                    if let Some((s, e)) = self.scale_after_fraction(j + 1) {
                        num.value *= s;
                        num.scaled = true;
                        num.t1 = e;
                    }
                    return Some(num);
                }
                if !article {
                    return None;
                }
                let mut num = Num::new(i, j, 1.0);
                num.article = true;
                num
            }
        };
        num.words |= digits.is_none();
        if num.ordinal {
            // "a sixty-fourth": the article makes an ordinal a fraction.
            let single = num.t1 == j + 1 || (num.t1 == j + 3 && self.dash(j + 1));
            // "rose by a third", "about a fifth of": after these words an article and an
            // ordinal make a fraction whatever follows.
            let fraction_lead = i > 0 && self.info(i - 1).is(class::FRACTION_LEAD);
            // Never in a compound: "a third-party candidate", "a second-hand car".
            let compound = self.dash(num.t1) && self.glued(num.t1);
            if article
                && single
                && !compound
                && num.value >= 3.0
                && (self.fraction_context(num.t1) || fraction_lead)
            {
                num.value = 1.0 / num.value;
                num.ordinal = false;
                num.fraction = true;
            }
            return (num.t1 > j || digits.is_some()).then_some(num);
        }
        // Fractions: "two thirds", "a quarter", "one-sixth", "2 ½".
        let whole_end = num.t1;
        // "two hundred forty-sixths": a hyphenated denominator takes the tens before it
        // ("forty-sixths" are 46ths), and the words before them are the numerator.
        let mut split_tens = None;
        if num.t1 >= j + 2
            && digits.is_none()
            && self.dash(num.t1)
            && self.glued(num.t1)
            && self.glued(num.t1 + 1)
            && let Some(tens) = self.numword(num.t1 - 1)
            && tens.class == NumClass::Tens
            && !tens.ordinal
            && let Some(unit) = self.numword(num.t1 + 1)
            && unit.class == NumClass::Digit
            && unit.ordinal
            && unit.plural
            && let Some(before) = self.cardinal_until(j, num.t1 - 1, article)
        {
            split_tens = Some((before, 1.0 / (tens.value + unit.value), num.t1 + 2));
        }
        if let Some((numerator, f, e)) = split_tens {
            num.value = numerator * f;
            num.fraction = true;
            num.t1 = e;
            num.words = true;
            return Some(num);
        }
        if let Some((f, e, singular)) = self.fraction_word_at(num.t1, num.value) {
            let mut numerator = num.value;
            // "two hundred and three quarters", "four million and one half": the part after
            // the last "and" is the fraction's numerator, the rest the whole number.
            let mut whole = 0.0;
            let mut whole_scale = None;
            if let Some(a) = (num.t0..num.t1).rev().find(|&k| self.is(k, "and"))
                && a > num.t0
                && let Some(c) = self.cardinal(a + 1, false, None)
                && c.end == num.t1
                && digits.is_none()
                // A proper fraction after the "and" ("two hundred and three quarters");
                // "two hundred and forty-three fifths" are 243 fifths.
                && c.value * f < 1.0
                && let Some(before) = self.cardinal_until(j, a, article)
            {
                whole = before;
                whole_scale = self.last_scale_of(num.t0, a);
                numerator = c.value;
            }
            let fraction_lead = i > 0 && article && self.info(i - 1).is(class::FRACTION_LEAD);
            // "a half mile", "a quarter century": a half or a quarter of a unit.
            let half_of_unit = self
                .numword(e - 1)
                .is_some_and(|w| matches!(w.class, NumClass::Half | NumClass::Quarter))
                && self.unit_at(e, false).is_some();
            // "a third-party candidate": an ordinal in a compound is no fraction ("a
            // quarter-point" and "a half-dozen" are).
            let compound = self.dash(e)
                && self.glued(e)
                && self.glued(e + 1)
                && self.word(e + 1)
                && self.numword(e - 1).is_some_and(|w| w.ordinal);
            if !singular || numerator == 1.0 || self.toks[num.t1].is_sym('-') {
                if singular && compound
                    || singular
                        && !self.fraction_context(e)
                        && !self.toks[num.t1].is_sym('-')
                        && !fraction_lead
                        && !half_of_unit
                {
                    // "a third term": an ordinal, not a fraction.
                } else {
                    num.value = numerator * f;
                    num.fraction = true;
                    num.t1 = e;
                    num.words = true;
                    // "two thirds of a billion", "a quarter billion".
                    if let Some((s, e2)) = self.scale_after_fraction(e) {
                        num.value *= s;
                        num.scaled = true;
                        num.t1 = e2;
                    } else if whole > 0.0
                        && let Some(s) = whole_scale
                    {
                        num.value *= s;
                    }
                    num.value += whole;
                    return Some(num);
                }
            }
        }
        if num.t1 == j && !num.article {
            return None;
        }
        if num.article && num.t1 == j {
            return None;
        }
        // "and a half", "and three quarters", "and four fifths" after a whole number.
        if num.t1 < n && self.lower(num.t1) == "and" {
            let k = num.t1 + 1;
            let (num2, k2) = if k < n && matches!(self.lower(k).as_str(), "a" | "an") {
                (1.0, k + 1)
            } else if let Some(c) = self.cardinal(k, false, None) {
                if c.ordinal {
                    (0.0, k)
                } else {
                    (c.value, c.end)
                }
            } else {
                (0.0, k)
            };
            if num2 > 0.0
                && let Some((f, e, singular)) = self.fraction_word_at(k2, num2)
                && (!singular || num2 == 1.0)
            {
                let mut add = num2 * f;
                let mut end = e;
                let whole_scale = self.last_scale_of(num.t0, whole_end);
                if let Some((s, e2)) = self.scale_after_fraction(e) {
                    end = e2;
                    if whole_scale.is_none() {
                        // "seven and a half million": the scale is of the whole.
                        num.value *= s;
                        num.scaled = true;
                    }
                    add *= s;
                } else if let Some(last_scale) = whole_scale {
                    add *= last_scale;
                }
                num.value += add;
                num.t1 = end;
                num.fraction = true;
                num.int_lit = false;
                return Some(num);
            }
        }
        // Digit mixed numbers: "7 3/4", "2 ½".
        if num.digits && num.int_lit && !num.commas && whole_end < n {
            let k = whole_end;
            let t = self.toks[k];
            if t.kind == TokKind::Sym
                && let Some(f) = vulgar_fraction(t.ch)
            {
                num.value += f;
                num.t1 = k + 1;
                num.fraction = true;
                num.int_lit = false;
            } else if t.kind == TokKind::Num
                && t.gap
                && let Read::Got(fr) = self.read_digits(k)
                && fr.fraction
                && !fr.scaled
            {
                num.value += fr.value;
                num.t1 = fr.t1;
                num.fraction = true;
                num.int_lit = false;
            }
        }
        Some(num)
    }

    /// Whether a singular fraction word may end at `e`: "a third of", "a third.", "a
    /// fifth million".
    fn fraction_context(&self, e: usize) -> bool {
        if e >= self.n() {
            return true;
        }
        let t = self.toks[e];
        if t.kind == TokKind::Sym {
            return !matches!(t.ch, '-' | '‐');
        }
        if t.kind == TokKind::Num {
            return false;
        }
        let l = self.lower(e);
        matches!(
            l.as_str(),
            "of" | "and" | "or" | "to" | "than" | "is" | "was" | "are" | "were"
        ) || self
            .numword(e)
            .is_some_and(|w| matches!(w.class, NumClass::Scale | NumClass::Hundred))
    }

    /// The largest scale word inside `[a, b)`: "two million and a half" adds half of it.
    fn last_scale_of(&self, a: usize, b: usize) -> Option<f64> {
        let mut last = None;
        for k in a..b.min(self.n()) {
            if let Some(w) = self.numword(k)
                && w.class == NumClass::Scale
                && !w.ordinal
            {
                last = Some(w.value);
            } else if self.toks[k].kind == TokKind::Word
                && let Some(m) = self.lex.scale_abbr(self.s(k))
                && k > a
            {
                last = Some(m);
            }
        }
        last
    }

    /// A scale after a fraction: "a quarter billion", "two thirds of a billion".
    fn scale_after_fraction(&self, e: usize) -> Option<(f64, usize)> {
        let n = self.n();
        let mut k = e;
        // Hyphens inside the phrase: "a quarter-of-a-million", "a half-dozen".
        let hyphen = |k: usize| self.dash(k) && self.glued(k) && self.glued(k + 1);
        if hyphen(k) && self.is(k + 1, "of") {
            k += 1;
        }
        if k + 1 < n && self.lower(k) == "of" && matches!(self.lower(k + 1).as_str(), "a" | "an") {
            k += 2;
        } else if k + 2 < n && self.lower(k) == "of" && hyphen(k + 1) && self.is(k + 2, "a") {
            k += 3;
        } else if k < n && matches!(self.lower(k).as_str(), "a" | "an") {
            k += 1;
        }
        if hyphen(k) {
            // "a half-dozen", "a quarter-million".
            k += 1;
        }
        let w = self.numword(k)?;
        if w.ordinal || w.plural {
            return None;
        }
        match w.class {
            NumClass::Scale | NumClass::Hundred | NumClass::Dozen => Some((w.value, k + 1)),
            _ => None,
        }
    }

    /// A fraction denominator at `j` after a numerator: "thirds", "-eighths", "half",
    /// "quarters", "forty-sixth". Returns the factor (1/denominator), the end, and
    /// whether the word was singular ("one third") rather than plural ("two thirds").
    fn fraction_word_at(&self, j: usize, numerator: f64) -> Option<(f64, usize, bool)> {
        let n = self.n();
        let mut k = j;
        if k < n && matches!(self.toks[k].ch, '-' | '‐') && self.toks[k].kind == TokKind::Sym {
            k += 1;
        }
        let w = self.numword(k)?;
        match w.class {
            NumClass::Half | NumClass::Quarter => {
                let _ = numerator;
                return Some((w.value, k + 1, !w.plural));
            }
            _ => {}
        }
        if !w.ordinal {
            // "forty-sixths": tens, hyphen, plural ordinal.
            if w.class == NumClass::Tens
                && k + 1 < n
                && self
                    .numword(k + 1)
                    .is_some_and(|w2| w2.ordinal && w2.plural && w2.class == NumClass::Digit)
            {
                // "five sixty fourths".
                let w2 = self.numword(k + 1).unwrap_or(w);
                return Some((1.0 / (w.value + w2.value), k + 2, false));
            }
            if w.class == NumClass::Tens
                && k + 2 < n
                && matches!(self.toks[k + 1].ch, '-' | '‐')
                && let Some(w2) = self.numword(k + 2)
                && w2.ordinal
                && w2.class == NumClass::Digit
            {
                let d = w.value + w2.value;
                return Some((1.0 / d, k + 3, !w2.plural));
            }
            // "hundred-thirds" is too rare to read; stop.
            return None;
        }
        // "second" is a unit of time, and "first" is never a denominator.
        if w.value < 3.0 {
            return None;
        }
        Some((1.0 / w.value, k + 1, !w.plural))
    }
}

/// A cardinal read from words and digit atoms.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Card {
    pub(crate) end: usize,
    pub(crate) value: f64,
    pub(crate) ordinal: bool,
    pub(crate) scaled: bool,
    pub(crate) words: bool,
    /// Nothing but the article was read ("a" before "third"): the caller decides.
    pub(crate) article_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    Start,
    Digit,
    Teen,
    Tens,
    Hundred,
    Scale,
    Dozen,
    Atom,
}

impl Ctx<'_> {
    /// Read a cardinal (or an ordinal ending in an ordinal word) at `j`.
    ///
    /// Standard English number grammar: units, teens and tens make a group below a
    /// hundred, "hundred" multiplies it, scale words close it ("four hundred and six
    /// thousand"), and smaller scales follow larger ones ("thirty-four billion five
    /// hundred"). A run that stops fitting the grammar ends at the last group that did:
    /// "5 hundred and 4 hundred" is two numbers.
    pub(crate) fn cardinal(&self, j0: usize, article: bool, digits: Option<&Num>) -> Option<Card> {
        let n = self.n();
        let mut j = j0;
        let mut total = 0.0f64;
        let mut group = 0.0f64;
        let mut prev = if article { Prev::Atom } else { Prev::Start };
        if article {
            group = 1.0;
        }
        let mut last_scale = f64::INFINITY;
        let mut good: Option<Card> = None;
        let mut group_good: Option<Card> = None;
        let mut scaled = false;
        let mut words = false;
        let mut after_and = false;
        let mut and_since_group = false;
        let mut atom_initial = article;
        // The group's value before its "and": "four hundred and three dozen" is 400 and
        // three dozen.
        let mut before_and = 0.0f64;
        if let Some(d) = digits {
            // The digits were read by the caller; go on after them.
            group = d.value;
            prev = Prev::Atom;
            j = d.t1;
            atom_initial = true;
            good = Some(Card {
                end: j,
                value: d.value,
                ordinal: false,
                scaled: false,
                words: false,
                article_only: false,
            });
            if d.ordinal || d.fraction || d.decade || d.scaled {
                return good;
            }
        }
        loop {
            if j >= n {
                break;
            }
            let t = self.toks[j];
            if t.nl && j > j0 {
                break;
            }
            // Connectors.
            if t.kind == TokKind::Word && self.lower(j) == "and" {
                if matches!(prev, Prev::Hundred | Prev::Scale)
                    && j + 1 < n
                    && (self.numword(j + 1).is_some_and(|w| {
                        !w.plural
                            && matches!(w.class, NumClass::Digit | NumClass::Teen | NumClass::Tens)
                    }) || (self.toks[j + 1].kind == TokKind::Num && digits.is_some()))
                {
                    after_and = true;
                    and_since_group = true;
                    before_and = group;
                    j += 1;
                    continue;
                }
                break;
            }
            if t.kind == TokKind::Sym && matches!(t.ch, '-' | '‐' | '‑') {
                if prev == Prev::Tens
                    && self
                        .numword(j + 1)
                        .is_some_and(|w| w.class == NumClass::Digit && !w.plural)
                {
                    j += 1;
                    continue;
                }
                break;
            }
            if t.kind == TokKind::Num {
                // Digits after a scale word: "6 thousand 2 hundred", "6 hundred and 45"; not
                // "5 million and 2 hospitals", two quantities.
                let scale_next = self.numword(j + 1).is_some_and(|w| {
                    matches!(w.class, NumClass::Hundred | NumClass::Scale) && !w.ordinal
                });
                if (digits.is_some() && prev == Prev::Hundred && after_and
                    || digits.is_some() && prev == Prev::Scale && scale_next)
                    && let Read::Got(a) = self.read_digits(j)
                    && a.int_lit
                    && a.t1 == j + 1
                    && a.value < last_scale.min(1000.0)
                {
                    group += a.value;
                    prev = if a.value < 10.0 {
                        Prev::Digit
                    } else if a.value < 20.0 {
                        Prev::Teen
                    } else if a.value < 100.0 && a.value % 10.0 == 0.0 {
                        Prev::Tens
                    } else {
                        Prev::Atom
                    };
                    atom_initial = false;
                    j += 1;
                    after_and = false;
                    good = Some(Card {
                        end: j,
                        value: total + group,
                        ordinal: false,
                        scaled,
                        words,
                        article_only: false,
                    });
                    continue;
                }
                break;
            }
            if t.kind == TokKind::Word && self.lower(j) == "point" {
                // "one point two", "four hundred point zero six".
                if matches!(prev, Prev::Digit | Prev::Teen | Prev::Tens | Prev::Hundred)
                    && let Some((dec, e)) = self.decimal_words(j + 1)
                {
                    group += dec;
                    j = e;
                    prev = Prev::Atom;
                    good = Some(Card {
                        end: j,
                        value: total + group,
                        ordinal: false,
                        scaled,
                        words: true,
                        article_only: false,
                    });
                    continue;
                }
                break;
            }
            let Some(w) = self
                .numword(j)
                .or_else(|| self.plural_scale(j, prev, group))
            else {
                // Scale abbreviations after digits: "4.75 k", "15 bln".
                if let Some(d) = digits
                    && prev == Prev::Atom
                    && j == d.t1
                    && t.kind == TokKind::Word
                    && t.gap
                    && let Some(m) = self.lex.scale_abbr(self.s(j))
                    && (self.s(j).len() >= 2 || self.spaced_scale_letter_ok(j))
                {
                    total += group * m;
                    group = 0.0;
                    scaled = true;
                    j += 1;
                    good = Some(Card {
                        end: j,
                        value: total,
                        ordinal: false,
                        scaled,
                        words,
                        article_only: false,
                    });
                    last_scale = m;
                    prev = Prev::Scale;
                    continue;
                }
                break;
            };
            if w.plural {
                break;
            }
            if w.ordinal
                && matches!(w.class, NumClass::Digit | NumClass::Teen | NumClass::Tens)
                && matches!(prev, Prev::Hundred | Prev::Scale)
                && !after_and
            {
                // "$150 million first mortgage bonds": not "150,000,001st".
                break;
            }
            let ok = match w.class {
                NumClass::Digit | NumClass::Teen => {
                    let fits = match prev {
                        Prev::Start | Prev::Hundred | Prev::Scale => true,
                        Prev::Tens => w.class == NumClass::Digit && w.value > 0.0,
                        _ => false,
                    };
                    if fits {
                        group += w.value;
                        prev = if w.class == NumClass::Digit {
                            Prev::Digit
                        } else {
                            Prev::Teen
                        };
                    }
                    fits
                }
                NumClass::Tens => {
                    let fits = matches!(prev, Prev::Start | Prev::Hundred | Prev::Scale);
                    if fits {
                        group += w.value;
                        prev = Prev::Tens;
                    }
                    fits
                }
                NumClass::Hundred => {
                    let fits = match prev {
                        // "the hundred fires"; not "several hundred", "a few hundred".
                        Prev::Start => {
                            !(j0 > 0
                                && (self.info(j0 - 1).is(class::VAGUE)
                                    || matches!(
                                        self.lower(j0 - 1).as_str(),
                                        "several" | "many" | "some" | "few"
                                    )))
                        }
                        Prev::Digit | Prev::Teen | Prev::Tens => group < 100.0,
                        Prev::Atom => atom_initial && group > 0.0,
                        _ => false,
                    };
                    if fits {
                        // "nineteen hundred", "eighty-five hundred", "415 hundred".
                        group = if prev == Prev::Start {
                            100.0
                        } else {
                            group * 100.0
                        };
                        prev = Prev::Hundred;
                    }
                    fits
                }
                NumClass::Scale => {
                    let g = if prev == Prev::Start { 1.0 } else { group };
                    if prev == Prev::Start && !article && !w.ordinal {
                        // A bare "thousand" or "million": only with "a"/"one" before it.
                        false
                    } else if w.value < last_scale && g > 0.0 {
                        total += g * w.value;
                        group = 0.0;
                        last_scale = w.value;
                        prev = Prev::Scale;
                        scaled = true;
                        true
                    } else if w.value > last_scale && group == 0.0 && prev == Prev::Scale {
                        // "five lakh crore", "a thousand million".
                        total *= w.value;
                        last_scale = w.value;
                        true
                    } else {
                        false
                    }
                }
                NumClass::Dozen => {
                    let fits = matches!(
                        prev,
                        Prev::Start | Prev::Digit | Prev::Teen | Prev::Tens | Prev::Atom
                    ) && (prev != Prev::Start || article);
                    if fits {
                        group = if prev == Prev::Start {
                            12.0
                        } else if and_since_group && before_and > 0.0 && group > before_and {
                            before_and + (group - before_and) * 12.0
                        } else {
                            group.max(1.0) * 12.0
                        };
                        prev = Prev::Dozen;
                    }
                    fits
                }
                NumClass::Half | NumClass::Quarter => false,
            };
            if !ok {
                if matches!(w.class, NumClass::Hundred | NumClass::Scale) && and_since_group {
                    // "5 hundred and 4 hundred": the second group is a number of its own.
                    return group_good;
                }
                break;
            }
            words = true;
            atom_initial = false;
            after_and = false;
            if matches!(w.class, NumClass::Hundred | NumClass::Scale) {
                and_since_group = false;
            }
            j += 1;
            let card = Card {
                end: j,
                value: total + group,
                ordinal: w.ordinal,
                scaled,
                words,
                article_only: false,
            };
            good = Some(card);
            if matches!(w.class, NumClass::Hundred | NumClass::Scale) {
                group_good = Some(card);
            }
            if w.ordinal {
                break;
            }
        }
        if good.is_none() && article {
            return Some(Card {
                end: j0,
                value: 1.0,
                ordinal: false,
                scaled: false,
                words: false,
                article_only: true,
            });
        }
        good
    }

    /// A plural scale word after a number: "seven hundreds", "3 millions" (as non-native
    /// and translated English writes them). Alone ("hundreds of") it is no number, and
    /// after a large one it is not its scale ("In 2019 thousands marched").
    fn plural_scale(&self, j: usize, prev: Prev, group: f64) -> Option<NumWord> {
        if !matches!(prev, Prev::Digit | Prev::Teen | Prev::Tens | Prev::Atom)
            || group <= 0.0
            || group >= 1000.0
            || !self.info(j).is(class::VAGUE)
        {
            return None;
        }
        let l = self.lower(j);
        let singular = l.strip_suffix('s')?;
        let w = self.lex.info(self.lex.lookup(singular)).num?;
        let ok = !w.ordinal
            && match w.class {
                NumClass::Hundred => group < 100.0,
                NumClass::Scale => true,
                _ => false,
            };
        ok.then_some(w)
    }

    /// Whether a lone scale letter after a space ("4.75 k", "9 B users") is a scale:
    /// "k", "K", "M", "B" followed by nothing, punctuation or a plural noun; never "m"
    /// (metres) and never an initial ("K. Smith").
    fn spaced_scale_letter_ok(&self, j: usize) -> bool {
        if !matches!(self.s(j), "k" | "K" | "M" | "B") {
            return false;
        }
        match self.toks.get(j + 1) {
            None => true,
            Some(t) if t.kind == TokKind::Sym => t.ch != '.' && t.ch != '-',
            Some(t) if t.kind == TokKind::Word => {
                let w = self.s(j + 1);
                w.len() > 2 && w.ends_with('s') && !t.cap || self.info(j + 1).is(class::PLURAL)
            }
            _ => false,
        }
    }

    /// The value of the cardinal at `j` when it ends exactly at `end`.
    fn cardinal_until(&self, j: usize, end: usize, article: bool) -> Option<f64> {
        let c = self.cardinal(j, article, None)?;
        if c.end == end {
            return Some(c.value);
        }
        // Parse a prefix: the cardinal stops at "and" only when what follows fits; try
        // the tokens up to `end` alone.
        let toks = &self.toks[..end];
        let sub = Ctx::new(self.text, toks, self.lex);
        let c = sub.cardinal(j, article, None)?;
        (c.end == end).then_some(c.value)
    }

    /// Decimal digits in words after "point": "two five" is .25, "seventy-one" .71.
    fn decimal_words(&self, j: usize) -> Option<(f64, usize)> {
        let n = self.n();
        let mut digits = String::new();
        let mut k = j;
        while k < n {
            let l = self.lower(k);
            let w = self.numword(k);
            match w {
                Some(w) if w.class == NumClass::Digit && !w.ordinal && !w.plural => {
                    digits.push(char::from(b'0' + w.value as u8));
                    k += 1;
                }
                Some(w)
                    if digits.is_empty()
                        && matches!(w.class, NumClass::Teen | NumClass::Tens)
                        && !w.ordinal =>
                {
                    let mut v = w.value as u32;
                    k += 1;
                    if w.class == NumClass::Tens
                        && k + 1 < n
                        && matches!(self.toks[k].ch, '-' | '‐')
                        && let Some(u) = self.numword(k + 1)
                        && u.class == NumClass::Digit
                        && !u.ordinal
                    {
                        v += u.value as u32;
                        k += 2;
                    }
                    digits.push_str(&v.to_string());
                    break;
                }
                _ if l == "oh" && !digits.is_empty() => {
                    digits.push('0');
                    k += 1;
                }
                _ => break,
            }
        }
        if digits.is_empty() {
            return None;
        }
        format!("0.{digits}").parse::<f64>().ok().map(|v| (v, k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::token::tokenize;

    fn read(text: &str) -> Option<(f64, String)> {
        let lex = Lexicon::load().unwrap();
        let mut toks = Vec::new();
        tokenize(text, 0, text.len(), &mut toks, |w: &str| lex.lookup(w));
        let ctx = Ctx::new(text, &toks, &lex);
        let num = ctx.read_number(0)?;
        let s = toks[num.t0].start as usize;
        let e = toks[num.t1 - 1].end as usize;
        Some((num.value, text[s..e].to_string()))
    }

    fn val(text: &str) -> f64 {
        read(text).map(|r| r.0).unwrap_or(f64::NAN)
    }

    #[test]
    fn digits() {
        assert_eq!(val("7,654,321"), 7654321.0);
        assert_eq!(val("3,45,678.25"), 345678.25);
        assert_eq!(val(".06"), 0.06);
        assert_eq!(val("3.5m"), 3_500_000.0);
        assert_eq!(val("6bn"), 6e9);
        assert_eq!(val("25k"), 25_000.0);
        assert_eq!(val("4e9"), 4e9);
        assert_eq!(val("2.4x10^5"), 240_000.0);
        assert_eq!(val("3/4"), 0.75);
        assert_eq!(val("7 3/4"), 7.75);
        assert_eq!(val("2 ½"), 2.5);
        assert_eq!(val("41st"), 41.0);
        assert!(read("G20").is_none());
        assert!(read("172.16.254.1").is_none());
        assert!(read("10:30").is_none());
        assert!(read("6/21/2019").is_none());
        assert!(read("24/7").is_none());
        assert!(read("401(k) plans").is_none());
        assert!(read("501(c)(3) groups").is_none());
        assert_eq!(val("4 . 7"), 4.7);
        assert_eq!(val("4.321,75"), 4321.75);
        assert_eq!(val("2.500.000,50"), 2_500_000.5);
        assert_eq!(val("25 000"), 25_000.0);
    }

    #[test]
    fn decimal_commas_need_a_reason() {
        assert_eq!(val("1,5 million"), 1_500_000.0);
        assert_eq!(val("2,5 %"), 2.5);
        assert_eq!(val("5,00"), 5.0);
        // A list as often as a decimal.
        assert!(read("1,3 and 5").is_none());
        assert!(read("14,16,18").is_some_and(|r| r.1 == "14"));
    }

    #[test]
    fn digits_after_a_scale_and_and_are_another_number() {
        assert_eq!(read("5 million and 2 hospitals").unwrap().1, "5 million");
        assert_eq!(val("6 hundred and 45"), 645.0);
    }

    #[test]
    fn spaced_fractions() {
        assert_eq!(val("3 / 8 point"), 0.375);
        assert_eq!(read("3 / 8 point").unwrap().1, "3 / 8");
        // No fraction, and neither number alone: a date, a slogan.
        assert!(read("24 / 7").is_none());
        assert!(read("6 / 21 / 2019").is_none());
        assert!(read("3 / 2").is_none());
    }

    #[test]
    fn words() {
        assert_eq!(val("twenty-five"), 25.0);
        assert_eq!(val("three hundred and twelve"), 312.0);
        assert_eq!(val("a dozen"), 12.0);
        assert_eq!(val("half a million"), 500_000.0);
        assert_eq!(val("one point two million"), 1_200_000.0);
        assert_eq!(val("a third"), 1.0 / 3.0);
        assert_eq!(val("two-thirds"), 2.0 / 3.0);
        assert_eq!(val("twenty-first"), 21.0);
        assert_eq!(
            val("four hundred and seven and two thirds"),
            407.0 + 2.0 / 3.0
        );
        assert_eq!(val("7 million and a half"), 7_500_000.0);
        assert_eq!(val("6 thousand 2 hundred and 45"), 6245.0);
        assert_eq!(read("5 hundred and 4 hundred").unwrap().1, "5 hundred");
        assert_eq!(val("thirty-four billion and five hundred"), 34e9 + 500.0);
        assert_eq!(val("five lakh crore"), 5e12);
        assert_eq!(val("four hundred point zero six"), 400.06);
        assert_eq!(val("seven and a quarter"), 7.25);
        assert_eq!(val("eighty - five hundred"), 8500.0);
        assert_eq!(val("a quarter billion"), 250_000_000.0);
    }

    #[test]
    fn dozens_after_and() {
        assert_eq!(val("four hundred and three dozen"), 436.0);
        assert_eq!(val("four hundred and three dozens"), 436.0);
        assert_eq!(val("two thousand and five dozen"), 2060.0);
    }

    #[test]
    fn fractions_after_and_are_proper() {
        // A proper fraction after "and" adds to the whole number before it...
        assert_eq!(val("two hundred and three quarters"), 200.75);
        assert_eq!(val("three hundred and twenty-one hundredths"), 300.21);
        // ...an improper one has the whole run as its numerator.
        assert_eq!(val("two hundred and forty fifths"), 48.0);
        assert!((val("two hundred and forty-three fifths") - 48.6).abs() < 1e-9);
        // "forty-sixths" are 46ths.
        assert_eq!(val("two hundred forty-sixths"), 200.0 / 46.0);
        assert_eq!(val("one twenty-fourth"), 1.0 / 24.0);
        assert!((val("thirty-one fifths") - 6.2).abs() < 1e-9);
        assert_eq!(val("two hundred forty-sixth"), 246.0);
    }

    #[test]
    fn plural_scales_after_a_number() {
        assert_eq!(val("seven hundreds"), 700.0);
        assert_eq!(val("3 millions"), 3_000_000.0);
        assert_eq!(val("two thousands"), 2000.0);
        // Alone or after a year they are no scale.
        assert!(read("hundreds").is_none());
        assert_eq!(val("2019 thousands"), 2019.0);
    }
}
