//! Paragraphs, boilerplate and sentences.

use memchr::memchr;
use presslens_core::{
    Paragraph, ParagraphKind, QuoteMark, QuoteRole, Sentence, Span, TextLayer, Token, TokenKind,
};

use crate::LineBreaks;
use crate::lexicon::{AbbrevClass, Lexicon};
use crate::tokenize::{Tokenizer, is_space_char};

/// Everything the segmenter needs, built once per stage.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) lex: Lexicon,
    pub(crate) line_breaks: LineBreaks,
    pub(crate) mark_boilerplate: bool,
    pub(crate) max_sentence_tokens: usize,
}

/// One line of the input: its byte range without the line break, and whether it is blank.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

pub(crate) fn segment(cfg: &Config, text: &str) -> TextLayer {
    let mut layer = TextLayer {
        paragraphs: Vec::new(),
        sentences: Vec::new(),
        // News averages about one token per 5.5 bytes.
        tokens: Vec::with_capacity(text.len() / 5 + 16),
    };
    let mut paragraphs = Vec::new();
    split_paragraphs(cfg, text, &mut paragraphs);
    let mut stops = Vec::new();
    for span in paragraphs {
        let kind = classify(cfg, text, span);
        let index = layer.paragraphs.len() as u32;
        let first_sentence = layer.sentences.len() as u32;
        let first_token = layer.tokens.len();
        stops.clear();
        Tokenizer::new(
            text,
            &cfg.lex,
            span.start as usize,
            span.end as usize,
            &mut layer.tokens,
            &mut stops,
        )
        .run();
        split_sentences(
            cfg,
            text,
            index,
            first_token,
            &layer.tokens,
            &stops,
            &mut layer.sentences,
        );
        if layer.tokens.len() == first_token {
            // Only symbols we skip (control characters): no paragraph.
            continue;
        }
        layer.paragraphs.push(Paragraph {
            span,
            kind,
            first_sentence,
            end_sentence: layer.sentences.len() as u32,
        });
    }
    layer
}

/// Split `text` into paragraphs: blocks between blank lines, and within a block either one
/// paragraph per line (news scraped one paragraph per line) or one paragraph for the whole
/// block (text hard-wrapped at a fixed width), as `cfg.line_breaks` says.
fn split_paragraphs(cfg: &Config, text: &str, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut block: Vec<Line> = Vec::new();
    let mut pos = 0;
    while pos <= bytes.len() {
        let nl = memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |k| pos + k);
        let line = trim_span(text, pos, nl);
        if line.start == line.end {
            flush_block(cfg, text, &block, out);
            block.clear();
        } else {
            block.push(line);
        }
        pos = nl + 1;
    }
    flush_block(cfg, text, &block, out);
}

/// Trim whitespace (including no-break spaces) from both ends of `start..end`.
fn trim_span(text: &str, start: usize, end: usize) -> Line {
    let s = &text[start..end];
    let t = s.trim_start_matches(is_space_char);
    let lead = s.len() - t.len();
    let t = t.trim_end_matches(is_space_char);
    Line {
        start: start + lead,
        end: start + lead + t.len(),
    }
}

fn flush_block(cfg: &Config, text: &str, block: &[Line], out: &mut Vec<Span>) {
    let Some(first) = block.first() else { return };
    let wrapped = match cfg.line_breaks {
        LineBreaks::Paragraph => false,
        LineBreaks::Space => true,
        LineBreaks::Auto => looks_wrapped(text, block),
    };
    if wrapped {
        let last = block[block.len() - 1];
        out.push(Span::new(first.start, last.end));
        return;
    }
    let mut start = first.start;
    for (k, line) in block.iter().enumerate() {
        let joins_next = block.get(k + 1).is_some_and(|next| {
            cfg.line_breaks == LineBreaks::Auto && continues(text, *line, *next)
        });
        if !joins_next {
            out.push(Span::new(start, line.end));
            if let Some(next) = block.get(k + 1) {
                start = next.start;
            }
        }
    }
}

/// Hard-wrapped prose: at least three lines, all but the last of similar width.
fn looks_wrapped(text: &str, block: &[Line]) -> bool {
    if block.len() < 3 {
        return false;
    }
    let widths: Vec<usize> = block[..block.len() - 1]
        .iter()
        .map(|l| text[l.start..l.end].chars().count())
        .collect();
    let (min, max) = widths
        .iter()
        .fold((usize::MAX, 0), |(lo, hi), &w| (lo.min(w), hi.max(w)));
    min >= 35 && max <= 100 && max - min <= 30
}

/// A line broken in mid-sentence: the line does not end like a sentence and the next one
/// starts in lower case.
fn continues(text: &str, line: Line, next: Line) -> bool {
    let end = text[line.start..line.end].chars().next_back();
    let ends_sentence = end.is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | ':' | ';' | '"' | '”' | '’' | '\'' | ')' | '…' | '»'
        )
    });
    let next_lower = text[next.start..next.end]
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase());
    !ends_sentence && next_lower && line.end - line.start >= 30
}

/// Body, headline, site chrome or photo caption.
fn classify(cfg: &Config, text: &str, span: Span) -> ParagraphKind {
    let p = span.slice(text);
    if cfg.mark_boilerplate {
        if p.len() <= 200 && cfg.lex.is_chrome(p) {
            return ParagraphKind::Chrome;
        }
        if is_caption(cfg, p) {
            return ParagraphKind::Caption;
        }
    }
    // A closing quotation mark ends a sentence only after a stop: `... said.”`
    // does, `Used as “Hostage”` does not.
    let last = p
        .trim_end_matches(['"', '”', '’', '\'', '»'])
        .chars()
        .next_back();
    let terminal =
        last.is_some_and(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | ',' | '…' | ')' | ']'));
    if !terminal && !p.contains('\n') && p.split_whitespace().count() <= 25 {
        return ParagraphKind::Headline;
    }
    ParagraphKind::Body
}

/// A paragraph that ends with a parenthesised photo credit: "... in Phnom Penh, Cambodia,
/// Friday, June 28, 2019. (AP Photo)", "(AP Photo/Heng Sinith)", "(Reuters)".
fn is_caption(cfg: &Config, p: &str) -> bool {
    let body = p.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let Some(inner_end) = body.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner_end.rfind('(') else {
        return false;
    };
    let inner = &inner_end[open + 1..];
    if inner.is_empty() || inner.len() > 100 || inner.contains('(') {
        return false;
    }
    inner
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| cfg.lex.is_credit_word(w))
}

/// After a quotation closed by ? or !: a speaker (a pronoun or up to four capitalised
/// words) and then a reporting verb.
fn attribution_follows(cfg: &Config, text: &str, rest: &[Token]) -> bool {
    for (names, t) in rest.iter().take(6).enumerate() {
        let w = t.span.slice(text);
        if t.kind != TokenKind::Word {
            return false;
        }
        if names > 0 && cfg.lex.is_reporting_verb(w) {
            return true;
        }
        let capitalised = w.chars().next().is_some_and(char::is_uppercase);
        if !capitalised || names == 4 {
            return false;
        }
    }
    false
}

fn is_closer(text: &str, t: &Token) -> bool {
    match t.kind {
        TokenKind::Quote(QuoteMark { role, .. }) => role != QuoteRole::Open,
        TokenKind::Punct => matches!(t.span.slice(text), ")" | "]" | "}" | "." | "!" | "?"),
        _ => false,
    }
}

fn is_opener(text: &str, t: &Token) -> bool {
    match t.kind {
        TokenKind::Quote(QuoteMark { role, .. }) => role != QuoteRole::Close,
        TokenKind::Punct => matches!(t.span.slice(text), "(" | "["),
        _ => false,
    }
}

fn first_char(text: &str, t: &Token) -> char {
    t.span.slice(text).chars().next().unwrap_or(' ')
}

/// Split the tokens `first..` of one paragraph into sentences, deciding at each possible
/// stop the tokenizer marked.
fn split_sentences(
    cfg: &Config,
    text: &str,
    paragraph: u32,
    first: usize,
    tokens: &[Token],
    stops: &[u32],
    out: &mut Vec<Sentence>,
) {
    let end = tokens.len();
    let max = cfg.max_sentence_tokens;
    let mut start = first;
    for &k in stops {
        let k = k as usize;
        if k < start {
            // Absorbed into the previous sentence (a stop among closing marks).
            continue;
        }
        // A run-on "sentence" (a table, a list without stops) is cut so that later stages
        // never see unbounded sentences.
        while k + 1 - start > max {
            push_sentence(paragraph, start, start + max, tokens, out);
            start += max;
        }
        let t = &tokens[k];
        let cut = if matches!(t.kind, TokenKind::Punct) {
            terminal_end(cfg, text, k, tokens)
        } else {
            abbreviation_may_end_sentence(cfg, text, t, tokens.get(k + 1)).then_some(k + 1)
        };
        if let Some(e) = cut {
            push_sentence(paragraph, start, e, tokens, out);
            start = e;
        }
    }
    while end - start > max {
        push_sentence(paragraph, start, start + max, tokens, out);
        start += max;
    }
    if start < end {
        push_sentence(paragraph, start, end, tokens, out);
    }
}

/// Where the sentence ends when the stop at `k` ends it. Closing quotation marks and
/// brackets after the stop belong to the sentence: `... democracy.” He said`. A sentence
/// ends when what follows starts like a sentence; after an ellipsis, only when a typical
/// opener follows, since ellipses mostly mark omissions.
fn terminal_end(cfg: &Config, text: &str, k: usize, tokens: &[Token]) -> Option<usize> {
    let end = tokens.len();
    let mut e = k + 1;
    while e < end && is_closer(text, &tokens[e]) {
        e += 1;
    }
    let stop = tokens[k].span.slice(text);
    if matches!(stop, "!" | "?") && e > k + 1 && attribution_follows(cfg, text, &tokens[e..]) {
        // `“Why?” Clinton asked.`: the attribution belongs to the quotation's sentence.
        return None;
    }
    let ellipsis = !matches!(stop, "." | "!" | "?" | "。" | "！" | "？");
    let breaks = match tokens.get(e) {
        None => true,
        Some(next) => {
            let c = first_char(text, next);
            if ellipsis {
                c.is_uppercase()
                    && next.kind == TokenKind::Word
                    && cfg.lex.is_starter(next.span.slice(text))
            } else {
                c.is_uppercase() || c.is_ascii_digit() || is_opener(text, next)
            }
        }
    };
    breaks.then_some(e)
}

/// After an abbreviation with its period ("U.S.", "Inc.", "etc."), a sentence ends only
/// when a typical sentence opener or an opening quotation mark follows: "in the U.S. The
/// vote" ends, "the U.S. Army" does not. Titles and initials never end one.
fn abbreviation_may_end_sentence(
    cfg: &Config,
    text: &str,
    t: &Token,
    next: Option<&Token>,
) -> bool {
    let Some(next) = next else { return false };
    let word = t.span.slice(text);
    let bare = &word[..word.len() - 1];
    let initial = bare.len() == 1;
    let class = if bare.contains('.') {
        Some(AbbrevClass::General)
    } else {
        cfg.lex.abbreviation(bare)
    };
    match class {
        Some(AbbrevClass::Title) | Some(AbbrevClass::Number) => false,
        _ if initial => false,
        Some(AbbrevClass::Month) if next.kind == TokenKind::Number => false,
        _ => {
            let n = next.span.slice(text);
            (next.kind == TokenKind::Word && cfg.lex.is_starter(n))
                || matches!(
                    next.kind,
                    TokenKind::Quote(QuoteMark {
                        role: QuoteRole::Open,
                        ..
                    })
                )
        }
    }
}

fn push_sentence(
    paragraph: u32,
    start: usize,
    end: usize,
    tokens: &[Token],
    out: &mut Vec<Sentence>,
) {
    out.push(Sentence {
        span: Span {
            start: tokens[start].span.start,
            end: tokens[end - 1].span.end,
        },
        paragraph,
        first_token: start as u32,
        end_token: end as u32,
    });
}
