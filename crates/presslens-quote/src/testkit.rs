//! A small, self-contained segmenter that builds a [`TextLayer`] from a string, for the
//! quote stage's tests and benchmark.
//!
//! Stage crates may not depend on each other, so the tests cannot call the `text` stage;
//! this approximates it closely enough for quotation work: one paragraph per line, words
//! with their abbreviation periods and clitics ("Mr.", "U.S.", "’s", "n't"), quotation marks
//! with the same open/close roles the `text` stage gives, and sentences ending at . ! ? …
//! (with closing marks) before a capital, a digit or an opening mark. It is compiled into
//! the tests (`#[cfg(test)]`) and included by path into the benchmark; it is not part of the
//! crate's API.

use presslens_core::{
    Paragraph, ParagraphKind, QuoteMark, QuoteRole, Sentence, Span, TextLayer, Token, TokenKind,
};

/// Abbreviations that keep their period (lower case, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "sgt", "adm",
    "prof", "rev", "st", "jr", "sr", "inc", "corp", "co", "ltd", "vs", "etc", "no", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "pres",
    "sec", "amb", "atty", "gov", "calif", "fla", "ariz", "ind", "mass", "conn", "ky", "tenn",
];

/// Abbreviations that never end a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "sgt", "adm",
    "prof", "rev", "st", "mt", "pres", "sec", "amb", "atty",
];

/// Segment `text` into paragraphs (one per non-blank line), sentences and tokens.
#[allow(unreachable_pub)]
pub fn layer_of(text: &str) -> TextLayer {
    let mut layer = TextLayer::default();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let trimmed = body.trim();
        if trimmed.is_empty() {
            continue;
        }
        let (ps, pe) = (start + lead, start + lead + trimmed.len());
        let first_token = layer.tokens.len();
        tokenize(text, ps, pe, &mut layer.tokens);
        if layer.tokens.len() == first_token {
            continue;
        }
        let index = layer.paragraphs.len() as u32;
        let first_sentence = layer.sentences.len() as u32;
        split_sentences(text, index, first_token, &mut layer);
        layer.paragraphs.push(Paragraph {
            span: Span::new(ps, pe),
            kind: classify(trimmed),
            first_sentence,
            end_sentence: layer.sentences.len() as u32,
        });
    }
    layer
}

fn classify(p: &str) -> ParagraphKind {
    if p.ends_with("(AP Photo)") || p.ends_with("(Reuters)") {
        return ParagraphKind::Caption;
    }
    let last = p
        .trim_end_matches(['"', '”', '’', '\''])
        .chars()
        .next_back();
    let terminal = last.is_some_and(|c| ".!?:;,…)]".contains(c));
    if !terminal && p.split_whitespace().count() <= 25 {
        return ParagraphKind::Headline;
    }
    ParagraphKind::Body
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn quote(double: bool, role: QuoteRole) -> TokenKind {
    TokenKind::Quote(QuoteMark { double, role })
}

fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let s = &text[start..end];
    let chars: Vec<(usize, char)> = s.char_indices().map(|(i, c)| (i + start, c)).collect();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let off = |k: usize| chars.get(k).map_or(end, |&(i, _)| i);
    let first = out.len();
    let mut open_single = 0u32;
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        let prev_space =
            k == 0 || at(k - 1).is_some_and(|p| p.is_whitespace() || "([{—–-“‘".contains(p));
        let next_space =
            at(k + 1).is_none_or(|n| n.is_whitespace() || ".,;:!?)]}—–…”’".contains(n));
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        if is_word_char(c) {
            let digit = c.is_ascii_digit();
            let mut e = k;
            // The word's end, or None when a clitic split already pushed its tokens.
            let end = loop {
                while at(e).is_some_and(is_word_char) {
                    e += 1;
                }
                match at(e) {
                    Some('-') if at(e + 1).is_some_and(is_word_char) => e += 1,
                    Some('.' | ',' | ':')
                        if digit && at(e + 1).is_some_and(|n| n.is_ascii_digit()) =>
                    {
                        e += 1
                    }
                    Some('\'' | '’') if at(e + 1).is_some_and(char::is_alphabetic) => {
                        let rest: String = chars[e + 1..]
                            .iter()
                            .map(|&(_, c)| c)
                            .take_while(|c| c.is_alphabetic())
                            .collect();
                        let lower = rest.to_lowercase();
                        if matches!(lower.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m") {
                            out.push(tok(off(k), off(e), TokenKind::Word));
                            let f = e + 1 + rest.chars().count();
                            out.push(tok(off(e), off(f), TokenKind::Word));
                            k = f;
                            break None;
                        }
                        if lower == "t" && e > k + 1 && matches!(at(e - 1), Some('n' | 'N')) {
                            out.push(tok(off(k), off(e - 1), TokenKind::Word));
                            out.push(tok(off(e - 1), off(e + 2), TokenKind::Word));
                            k = e + 2;
                            break None;
                        }
                        e += 1;
                    }
                    Some('.') => {
                        let word: String = chars[k..e].iter().map(|&(_, c)| c).collect();
                        let lower = word.to_lowercase();
                        // The last part of a hyphenated word counts: "D-N.C.".
                        let part = word.rsplit('-').next().unwrap_or(&word);
                        let initialism = part.chars().count() <= 2
                            && at(e + 1).is_some_and(char::is_alphabetic)
                            && at(e + 2) == Some('.');
                        if initialism {
                            e += 2;
                            continue;
                        }
                        let single_cap = word.chars().count() == 1
                            && word.chars().all(char::is_uppercase)
                            && word != "I";
                        let after_initialism = chars[k..e].iter().any(|&(_, c)| c == '.');
                        if ABBREVIATIONS.contains(&lower.as_str()) || single_cap || after_initialism
                        {
                            e += 1;
                        }
                        break Some(e);
                    }
                    _ => break Some(e),
                }
            };
            if let Some(e) = end {
                let kind = if digit {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                };
                out.push(tok(off(k), off(e), kind));
                k = e;
            }
            continue;
        }
        let (s0, s1) = (off(k), off(k + 1));
        match c {
            '“' | '„' | '«' => out.push(tok(s0, s1, quote(true, QuoteRole::Open))),
            '”' | '»' => out.push(tok(s0, s1, quote(true, QuoteRole::Close))),
            '‘' => {
                open_single += 1;
                out.push(tok(s0, s1, quote(false, QuoteRole::Open)))
            }
            '’' | '\'' => {
                let after_s = k > 0 && matches!(at(k - 1), Some('s' | 'S'));
                if !prev_space && after_s && open_single == 0 {
                    out.push(tok(s0, s1, TokenKind::Word));
                } else {
                    let role = match (prev_space, next_space) {
                        (true, false) => QuoteRole::Open,
                        (false, true) => QuoteRole::Close,
                        _ if c == '’' => QuoteRole::Close,
                        _ => QuoteRole::Unknown,
                    };
                    match role {
                        QuoteRole::Open => open_single += 1,
                        QuoteRole::Close => open_single = open_single.saturating_sub(1),
                        QuoteRole::Unknown => {}
                    }
                    out.push(tok(s0, s1, quote(false, role)));
                }
            }
            '"' => {
                let role = match (prev_space, next_space) {
                    (true, false) => QuoteRole::Open,
                    (false, true) => QuoteRole::Close,
                    _ => QuoteRole::Unknown,
                };
                out.push(tok(s0, s1, quote(true, role)));
            }
            '.' | '-' => {
                let mut e = k + 1;
                while at(e) == Some(c) {
                    e += 1;
                }
                if c == '.' && e - k == 2 {
                    e = k + 1;
                }
                out.push(tok(s0, off(e), TokenKind::Punct));
                k = e;
                continue;
            }
            ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '—' | '–' | '…' => {
                out.push(tok(s0, s1, TokenKind::Punct))
            }
            _ => out.push(tok(s0, s1, TokenKind::Symbol)),
        }
        k += 1;
    }
    // Straight double marks of unknown role alternate.
    QuoteRole::alternate_unknown(&mut out[first..]);
}

fn tok(s: usize, e: usize, kind: TokenKind) -> Token {
    Token {
        span: Span::new(s, e),
        kind,
    }
}

fn split_sentences(text: &str, paragraph: u32, first: usize, layer: &mut TextLayer) {
    let tokens = &layer.tokens;
    let end = tokens.len();
    let mut start = first;
    let mut k = first;
    let closer = |t: &Token| match t.kind {
        TokenKind::Quote(q) => q.role != QuoteRole::Open,
        TokenKind::Punct => matches!(t.span.slice(text), ")" | "]"),
        _ => false,
    };
    let mut cuts = Vec::new();
    while k < end {
        let t = &tokens[k];
        let s = t.span.slice(text);
        let stop = (t.kind == TokenKind::Punct && matches!(s, "." | "!" | "?" | "…" | "..."))
            || (t.kind == TokenKind::Word
                && s.ends_with('.')
                && s.len() > 2
                && !TITLES.contains(&s[..s.len() - 1].to_lowercase().as_str())
                && s.chars().filter(|&c| c == '.').count() > 1);
        if stop {
            let mut e = k + 1;
            while e < end && closer(&tokens[e]) {
                e += 1;
            }
            let breaks = match tokens.get(e) {
                None => true,
                Some(n) => {
                    let c = n.span.slice(text).chars().next().unwrap_or(' ');
                    c.is_uppercase()
                        || c.is_ascii_digit()
                        || matches!(n.kind, TokenKind::Quote(q) if q.role != QuoteRole::Close)
                }
            };
            if breaks && e < end {
                cuts.push(e);
                k = e;
                continue;
            }
        }
        k += 1;
    }
    cuts.push(end);
    for e in cuts {
        if e > start {
            layer.sentences.push(Sentence {
                span: Span::new(
                    layer.tokens[start].span.start as usize,
                    layer.tokens[e - 1].span.end as usize,
                ),
                paragraph,
                first_token: start as u32,
                end_token: e as u32,
            });
            start = e;
        }
    }
}
