//! The entity stage's own word tokeniser.
//!
//! The tagger was trained on text cut by this tokeniser, so the stage uses it at run time
//! too (inside the paragraphs of the `text` layer): features then mean the same thing in
//! training and in use, whatever another stage's tokeniser does with edge cases. It is
//! deliberately simple: whitespace-separated chunks, with punctuation peeled off both
//! ends, possessive "'s" split off, and the period kept on initialisms ("U.S."), single
//! initials ("J.") and a short list of abbreviations ("Mr.", "Gen.", "Inc.").

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (possibly with digits, hyphens, apostrophes or abbreviation periods).
    Word,
    /// Starts with a digit.
    Number,
    /// Punctuation or a symbol.
    Punct,
    /// A quotation mark.
    Quote,
}

/// A token: a byte range of the document with everything the tagger and the document
/// rules need to know of it, in one record (the tokeniser fills the first five fields,
/// [`crate::features::DocTokens`] the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: u32,
    pub end: u32,
    /// Classes of the gazetteer phrases that start at this token.
    pub gaz_b: u32,
    /// Classes of the gazetteer phrases that continue at this token.
    pub gaz_i: u32,
    /// The run of capitalised words the token belongs to ("Bank for International
    /// Settlements"): its first and last token, [`NO_RUN`] outside runs.
    pub run: (u32, u32),
    /// Hash of the shape ("Xx", "X.X.", "d,d") of the tokens the tagger looks at (0
    /// elsewhere).
    pub shape: u64,
    pub kind: Kind,
    /// The first character is an upper-case letter.
    pub cap: bool,
    /// First word of a sentence (after a stop, an opening quotation mark at a sentence
    /// start, or at the start of the paragraph): capitalisation says little there.
    pub sent_start: bool,
    /// The tagger looks at it (see [`crate::features::DocTokens::plain`]).
    pub tagged: bool,
}

/// [`Tok::run`] of a token outside runs of capitalised words.
pub(crate) const NO_RUN: (u32, u32) = (u32::MAX, u32::MAX);

impl Tok {
    /// A token of `kind` over bytes `start..end`, with nothing known of it yet.
    #[inline]
    pub(crate) fn new(start: u32, end: u32, kind: Kind, cap: bool) -> Tok {
        Tok {
            start,
            end,
            gaz_b: 0,
            gaz_i: 0,
            run: NO_RUN,
            shape: 0,
            kind,
            cap,
            sent_start: false,
            tagged: false,
        }
    }

    /// Classes of the gazetteer phrases that start or continue at this token.
    #[inline]
    pub(crate) fn gaz(&self) -> u32 {
        self.gaz_b | self.gaz_i
    }

    /// The token's run of capitalised words, if any.
    #[inline]
    pub(crate) fn run(&self) -> Option<(usize, usize)> {
        (self.run != NO_RUN).then_some((self.run.0 as usize, self.run.1 as usize))
    }

    #[inline]
    pub(crate) fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// Abbreviations that keep their period (lower case, without it).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
    "rep", "rev", "prof", "inc", "corp", "co", "ltd", "bros", "jan", "feb", "mar", "apr", "aug",
    "sep", "sept", "oct", "nov", "dec", "mt", "ft", "vs", "etc", "maj", "adm", "cmdr", "pres",
    "hon", "messrs", "mme", "brig", "cpl", "pvt", "supt", "insp", "det", "fr", "ave", "blvd", "rd",
    "dept", "univ", "assn", "est", "approx", "al", "ph", "cf", "viz", "e.g", "i.e",
];

/// Characters that separate tokens inside a chunk and become tokens of their own.
#[inline]
fn is_inner_break(c: char) -> bool {
    matches!(
        c,
        '/' | '—'
            | '–'
            | '―'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '“'
            | '”'
            | '«'
            | '»'
            | '…'
            | ';'
            | '|'
            | '•'
            | '·'
    )
}

#[inline]
fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'' | '‚' | '‹' | '›' | '`'
    )
}

/// Punctuation that may be peeled off the end of a chunk.
#[inline]
fn is_trailing(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '…' | '*'
    ) || is_quote(c)
}

/// Punctuation that may be peeled off the start of a chunk.
#[inline]
fn is_leading(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '*' | '#' | '@' | '¿' | '¡' | '-' | '•') || is_quote(c)
}

#[inline]
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Tokenise `text[start..end]` (a paragraph), appending to `out`.
pub(crate) fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Tok>) {
    let Some(para) = text.get(start..end) else {
        return;
    };
    let first = out.len();
    let bytes = para.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip whitespace (ASCII fast path).
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_whitespace() || b < 0x20 {
                i += 1;
                continue;
            }
        } else {
            let c = para[i..].chars().next().unwrap_or(' ');
            if is_space(c) {
                i += c.len_utf8();
                continue;
            }
        }
        // A chunk: up to the next whitespace.
        let mut j = i;
        while j < bytes.len() {
            let b = bytes[j];
            if b < 0x80 {
                if b.is_ascii_whitespace() || b < 0x20 {
                    break;
                }
                j += 1;
            } else {
                let c = para[j..].chars().next().unwrap_or(' ');
                if is_space(c) {
                    break;
                }
                j += c.len_utf8();
            }
        }
        chunk(para, i, j, start, out);
        i = j;
    }
    mark_sentence_starts(text, &mut out[first..]);
}

/// Split one whitespace-free chunk `para[s..e]` into tokens.
fn chunk(para: &str, s: usize, e: usize, base: usize, out: &mut Vec<Tok>) {
    // Break at inner separators first: "Obama/Biden", "U.S.—the", "(CNRP)".
    let mut seg = s;
    let mut k = s;
    while k < e {
        let c = para[k..].chars().next().unwrap_or(' ');
        let n = c.len_utf8();
        let dash_run = c == '-' && para.as_bytes().get(k + 1) == Some(&b'-');
        if is_inner_break(c) || dash_run {
            if seg < k {
                piece(para, seg, k, base, out);
            }
            let mut end = k + n;
            if dash_run {
                while para.as_bytes().get(end) == Some(&b'-') && end < e {
                    end += 1;
                }
            }
            push(para, k, end, base, punct_kind(c), out);
            k = end;
            seg = end;
            continue;
        }
        k += n;
    }
    if seg < e {
        piece(para, seg, e, base, out);
    }
}

fn punct_kind(c: char) -> Kind {
    if is_quote(c) {
        Kind::Quote
    } else {
        Kind::Punct
    }
}

/// A piece without inner separators: peel leading and trailing punctuation, split a
/// possessive, and keep the rest as one token.
fn piece(para: &str, mut s: usize, mut e: usize, base: usize, out: &mut Vec<Tok>) {
    // Leading punctuation.
    while s < e {
        let c = para[s..].chars().next().unwrap_or(' ');
        if !is_leading(c) {
            break;
        }
        let rest = &para[s + c.len_utf8()..e];
        // A leading apostrophe before digits is part of a year ("'90s").
        if (c == '\'' || c == '’') && rest.starts_with(|d: char| d.is_ascii_digit()) {
            break;
        }
        push(para, s, s + c.len_utf8(), base, punct_kind(c), out);
        s += c.len_utf8();
    }
    // Trailing punctuation, collected in reverse.
    let mut tail: Vec<(usize, usize)> = Vec::new();
    while s < e {
        let c = para[..e].chars().next_back().unwrap_or(' ');
        if !is_trailing(c) {
            break;
        }
        let mut cs = e - c.len_utf8();
        if c == '.' {
            // An ellipsis written as periods is one token.
            let dots = para.as_bytes()[s..e]
                .iter()
                .rev()
                .take_while(|&&b| b == b'.')
                .count();
            if dots >= 2 {
                cs = e - dots;
            } else if keeps_period(&para[s..cs]) {
                break;
            }
        }
        // "countries’" keeps no apostrophe; it is a token of its own either way.
        tail.push((cs, e));
        e = cs;
    }
    if s < e {
        // Possessive 's / ’s.
        let w = &para[s..e];
        let split = ["'s", "’s", "'S", "’S"]
            .iter()
            .find(|p| w.len() > p.len() && w.ends_with(*p))
            .map(|p| e - p.len());
        match split {
            Some(p) => {
                push(para, s, p, base, word_kind(&para[s..p]), out);
                push(para, p, e, base, Kind::Word, out);
            }
            None => push(para, s, e, base, word_kind(w), out),
        }
    }
    for &(a, b) in tail.iter().rev() {
        let c = para[a..b].chars().next().unwrap_or('.');
        push(para, a, b, base, punct_kind(c), out);
    }
}

/// Does the word before a final period keep it? Initialisms ("U.S", "a.m"), single
/// letters ("J") and known abbreviations do.
fn keeps_period(w: &str) -> bool {
    if w.is_empty() {
        return false;
    }
    let mut chars = w.chars();
    let first = chars.next().unwrap_or(' ');
    if !first.is_alphabetic() {
        return false;
    }
    if chars.next().is_none() {
        return first.is_uppercase();
    }
    if w.contains('.') {
        // "U.S", "a.m", "Ph.D": letters separated by periods.
        return w
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(char::is_alphabetic));
    }
    if w.len() > 7 {
        return false;
    }
    let lower = w.to_ascii_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn word_kind(w: &str) -> Kind {
    match w.chars().next() {
        Some(c) if c.is_numeric() => Kind::Number,
        Some(c) if c.is_alphabetic() => Kind::Word,
        Some(c) if is_quote(c) && w.chars().count() == 1 => Kind::Quote,
        Some(_) if w.chars().any(char::is_alphanumeric) => Kind::Word,
        _ => Kind::Punct,
    }
}

#[inline]
fn push(para: &str, s: usize, e: usize, base: usize, kind: Kind, out: &mut Vec<Tok>) {
    let cap = para[s..e].chars().next().is_some_and(char::is_uppercase);
    out.push(Tok::new((base + s) as u32, (base + e) as u32, kind, cap));
}

/// Mark the first word of each sentence: after ". ! ?" (not after an abbreviation that
/// keeps its period), after a colon, and inside opening quotation marks and brackets.
pub(crate) fn mark_sentence_starts(text: &str, toks: &mut [Tok]) {
    let mut at_start = true;
    for t in toks.iter_mut() {
        match t.kind {
            Kind::Word | Kind::Number => {
                t.sent_start = at_start;
                at_start = false;
            }
            Kind::Quote => {}
            Kind::Punct => {
                let s = t.text(text);
                if matches!(s, "." | "!" | "?" | ":" | "…" | "...") {
                    at_start = true;
                } else if !matches!(s, "(" | "[" | "-" | "—" | "–") {
                    at_start = false;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(s, 0, s.len(), &mut out);
        out.iter()
            .map(|t| {
                let mut w = t.text(s).to_string();
                if t.sent_start {
                    w.insert(0, '^');
                }
                w
            })
            .collect()
    }

    #[test]
    fn splits_news_text() {
        assert_eq!(
            toks("Mr. Hun Sen’s party (CNRP) said: “No.” U.S.-based"),
            [
                "^Mr.",
                "Hun",
                "Sen",
                "’s",
                "party",
                "(",
                "CNRP",
                ")",
                "said",
                ":",
                "“",
                "^No",
                ".",
                "”",
                "^U.S.-based"
            ]
        );
        assert_eq!(
            toks("in the U.S. The end... Obama/Biden 'hi' 1,000 people."),
            [
                "^in", "the", "U.S.", "The", "end", "...", "^Obama", "/", "Biden", "'", "hi", "'",
                "1,000", "people", "."
            ]
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            " ",
            "...",
            "'",
            "’’’",
            "—",
            "a.",
            "'90s",
            "é.",
            "(((",
            "x\u{200B}y",
        ] {
            let _ = toks(s);
        }
    }
}
