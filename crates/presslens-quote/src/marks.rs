//! Pairing quotation marks into quoted stretches.
//!
//! Marks are paired within a paragraph, at the top level only: single marks inside a
//! double-quoted stretch (and double inside single) are nested quotations and stay part of
//! the outer one. A mark that cannot be paired costs only its own stretch: an opening mark
//! left open at the end of a paragraph runs to the paragraph's end (and on into the next
//! paragraph when that one opens with a mark of the same kind: the news convention for a
//! quotation over several paragraphs; or when the next paragraph closes it before opening
//! anything); a stray closing mark is ignored; an opening mark
//! followed by another opening mark of the same kind in a later sentence is closed at the
//! end of its own sentence.

use presslens_core::{QuoteMark, QuoteRole, TextLayer, TokenKind};

/// No quoted stretch.
pub(crate) const NONE: u32 = u32::MAX;

/// A quotation mark: one token, or two adjacent straight single marks (`''`) read as one
/// double mark, as some newspapers typeset them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    tok: u32,
    /// One past its last token.
    end: u32,
    double: bool,
    role: QuoteRole,
}

/// A top-level quoted stretch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QSpan {
    /// First token of the opening mark.
    pub(crate) open: u32,
    /// First token after the opening mark.
    pub(crate) first: u32,
    /// One past the last content token (the closing mark's first token when closed).
    pub(crate) end: u32,
    /// One past the closing mark (equal to `end` when unclosed).
    pub(crate) close_end: u32,
    /// Its paragraph.
    pub(crate) para: u32,
    /// Double marks (single marks at the top level are mostly scare quotes and titles).
    pub(crate) double: bool,
    /// Closed by a mark (not cut at the end of its paragraph or sentence).
    pub(crate) closed: bool,
    /// Left open at the end of its paragraph, and the next paragraph opens with a mark: the
    /// quotation continues there.
    pub(crate) cont_next: bool,
}

fn mark_of(layer: &TextLayer, text: &str, i: usize, end: usize) -> Option<Mark> {
    let t = layer.tokens[i];
    let TokenKind::Quote(QuoteMark { double, role }) = t.kind else {
        return None;
    };
    // '' : two straight single marks in a row.
    if !double
        && t.span.slice(text) == "'"
        && i + 1 < end
        && layer.tokens[i + 1].span.start == t.span.end
        && layer.tokens[i + 1].span.slice(text) == "'"
    {
        let bytes = text.as_bytes();
        let before = (t.span.start as usize)
            .checked_sub(1)
            .map(|k| bytes[k])
            .unwrap_or(b' ');
        let after = bytes
            .get(layer.tokens[i + 1].span.end as usize)
            .copied()
            .unwrap_or(b' ');
        let space_before = before.is_ascii_whitespace() || matches!(before, b'(' | b'[' | b'-');
        let space_after = after.is_ascii_whitespace()
            || matches!(after, b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']');
        let role = match (space_before, space_after) {
            (true, false) => QuoteRole::Open,
            (false, true) => QuoteRole::Close,
            _ => QuoteRole::Unknown,
        };
        return Some(Mark {
            tok: i as u32,
            end: i as u32 + 2,
            double: true,
            role,
        });
    }
    Some(Mark {
        tok: i as u32,
        end: i as u32 + 1,
        double,
        role,
    })
}

/// The quoted stretches of a document in text order, and for every token the index of the
/// stretch it belongs to (marks included), or [`NONE`].
pub(crate) fn pair(layer: &TextLayer, text: &str, skip: &[bool]) -> (Vec<QSpan>, Vec<u32>) {
    let mut spans: Vec<QSpan> = Vec::new();
    let mut marks: Vec<Mark> = Vec::new();
    for pi in 0..layer.paragraphs.len() {
        if skip.get(pi).copied().unwrap_or(false) {
            continue;
        }
        let range = layer.paragraph_tokens(pi);
        let (pstart, pend) = (range.start, range.end);
        if pend > layer.tokens.len() || pstart >= pend {
            continue;
        }
        marks.clear();
        let mut i = pstart;
        while i < pend {
            if let Some(m) = mark_of(layer, text, i, pend) {
                i = m.end as usize;
                marks.push(m);
            } else {
                i += 1;
            }
        }
        // A quotation left open at the end of the previous paragraph whose closing mark
        // comes in this one, before any opening mark ("She said, “In the early rounds ...\n
        // We could have won.” After the race ..."): it runs on to that mark. (With an
        // opening mark at this paragraph's start, the loop below joins them instead.)
        if let Some(prev) = spans.last()
            && prev.para + 1 == pi as u32
            && prev.double
            && !prev.closed
            && reaches_para_end(layer, prev)
            && let Some(close) = marks.iter().find(|m| m.double)
            && close.role == QuoteRole::Close
            && close.tok > pstart as u32
        {
            spans.push(QSpan {
                open: pstart as u32,
                first: pstart as u32,
                end: close.tok,
                close_end: close.end,
                para: pi as u32,
                double: true,
                closed: true,
                cont_next: false,
            });
        }
        pair_paragraph(layer, pi as u32, pend as u32, &marks, &mut spans);
    }
    // A stretch left open at a paragraph's end continues when the next paragraph opens with
    // a mark of the same kind.
    for k in 0..spans.len() {
        let s = spans[k];
        if s.closed || s.end == s.close_end && !reaches_para_end(layer, &s) {
            continue;
        }
        if let Some(next) = spans.get(k + 1)
            && next.para == s.para + 1
            && next.double == s.double
            && layer.paragraph_tokens(next.para as usize).start == next.open as usize
        {
            spans[k].cont_next = true;
        }
    }
    let mut qid = vec![NONE; layer.tokens.len()];
    for (k, s) in spans.iter().enumerate() {
        for q in &mut qid[s.open as usize..s.close_end as usize] {
            *q = k as u32;
        }
    }
    (spans, qid)
}

fn reaches_para_end(layer: &TextLayer, s: &QSpan) -> bool {
    layer.paragraph_tokens(s.para as usize).end == s.end as usize
}

/// The end (one past the last token) of the sentence holding token `tok`.
fn sentence_end(layer: &TextLayer, tok: u32) -> u32 {
    let i = layer.sentences.partition_point(|s| s.end_token <= tok);
    layer.sentences.get(i).map_or(tok + 1, |s| s.end_token)
}

fn pair_paragraph(layer: &TextLayer, para: u32, pend: u32, marks: &[Mark], out: &mut Vec<QSpan>) {
    let mut open: Option<Mark> = None;
    let push = |out: &mut Vec<QSpan>, o: Mark, end: u32, close_end: u32, closed: bool| {
        if end > o.end {
            out.push(QSpan {
                open: o.tok,
                first: o.end,
                end,
                close_end,
                para,
                double: o.double,
                closed,
                cont_next: false,
            });
        }
    };
    for (k, &m) in marks.iter().enumerate() {
        match open {
            None => {
                let opens = match m.role {
                    QuoteRole::Open => true,
                    // A straight mark of unknown role opens when a mark of its kind follows
                    // later in the paragraph to close it.
                    QuoteRole::Unknown => {
                        m.double || marks[k + 1..].iter().any(|n| n.double == m.double)
                    }
                    QuoteRole::Close => false,
                };
                if opens {
                    open = Some(m);
                }
            }
            Some(o) if m.double == o.double => match m.role {
                QuoteRole::Close | QuoteRole::Unknown => {
                    push(out, o, m.tok, m.end, true);
                    open = None;
                }
                QuoteRole::Open => {
                    // Two openings in a row: the first lost its closing mark. It ends with
                    // its sentence if the new one starts in a later sentence; otherwise it
                    // was a stray mark.
                    let se = sentence_end(layer, o.tok);
                    if se <= m.tok {
                        push(out, o, se, se, false);
                    }
                    open = Some(m);
                }
            },
            // A mark of the other kind inside a quotation: nested, part of it.
            Some(_) => {}
        }
    }
    if let Some(o) = open {
        // Unclosed at the paragraph's end. Single marks are too often apostrophes to run
        // on: only double marks do.
        if o.double {
            push(out, o, pend, pend, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::layer_of;

    fn quoted(text: &str) -> Vec<String> {
        let layer = layer_of(text);
        let skip = vec![false; layer.paragraphs.len()];
        let (spans, _) = pair(&layer, text, &skip);
        spans
            .iter()
            .map(|s| {
                let a = layer.tokens[s.first as usize].span.start as usize;
                let b = layer.tokens[s.end as usize - 1].span.end as usize;
                let mut out = text[a..b].to_string();
                if !s.closed {
                    out.push('…');
                }
                if s.cont_next {
                    out.push('↓');
                }
                out
            })
            .collect()
    }

    #[test]
    fn pairs_every_style() {
        assert_eq!(
            quoted("“It is,” he said, \"yes\" and «oui» or ''so'' and ‘maybe’."),
            ["It is,", "yes", "oui", "so", "maybe"]
        );
    }

    #[test]
    fn nested_marks_stay_inside() {
        assert_eq!(
            quoted("He said “you ‘accept responsibility’ now” today."),
            ["you ‘accept responsibility’ now"]
        );
    }

    #[test]
    fn unbalanced_marks_degrade_locally() {
        // The first quotation lost its closing mark: it ends with its sentence, and the
        // second is intact.
        assert_eq!(
            quoted("“We will win. He said so. “Next time,” she said."),
            ["We will win.…", "Next time,"]
        );
        // A stray closing mark is ignored.
        assert_eq!(quoted("It was” fine. “Yes,” he said."), ["Yes,"]);
        // Unclosed at the paragraph's end: runs to it, and continues in the next
        // paragraph that opens with a mark.
        assert_eq!(
            quoted("“First part.\n\n“Second part,” he said."),
            ["First part.…↓", "Second part,"]
        );
        assert_eq!(quoted("“First part.\n\nNo mark."), ["First part.…"]);
        // The next paragraph may close it without opening again.
        assert_eq!(
            quoted("He said, “First part.\n\nSecond part.” Then “more,” she said."),
            ["First part.…↓", "Second part.", "more,"]
        );
    }
}
