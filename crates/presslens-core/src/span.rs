//! Byte spans into a document's text.

use std::fmt;
use std::ops::Range;

/// A byte range `start..end` into a document's text (end exclusive).
///
/// Spans are stored as `u32` because a document's text is capped at [`MAX_TEXT_LEN`]: a
/// text layer holds a token per word, and halving the size of every span halves the memory
/// and cache traffic of the hottest data the pipeline touches. Both ends always lie on
/// UTF-8 character boundaries of the text they were made for; the output stage converts them
/// to character offsets, as the output contract requires.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte of the span.
    pub start: u32,
    /// One past the last byte of the span.
    pub end: u32,
}

/// The longest text a [`crate::Document`] may hold, in bytes: spans are `u32`.
pub const MAX_TEXT_LEN: usize = u32::MAX as usize;

impl Span {
    /// A span from `start` to `end`; an inverted pair is clamped to an empty span at `start`
    /// so that arithmetic slips in a stage never produce a span that panics when sliced.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        let start = start.min(MAX_TEXT_LEN) as u32;
        let end = end.min(MAX_TEXT_LEN) as u32;
        Span {
            start,
            end: end.max(start),
        }
    }

    /// The span as a `usize` range, for slicing.
    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no bytes.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The text the span covers, or `""` when it does not fit `text` or does not fall on
    /// character boundaries (a stage bug must not become a panic).
    #[inline]
    pub fn slice(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }

    /// True when `other` lies entirely inside `self`.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// True when the span lies within `text` and on character boundaries.
    pub fn is_valid_for(self, text: &str) -> bool {
        self.start <= self.end
            && (self.end as usize) <= text.len()
            && text.is_char_boundary(self.start as usize)
            && text.is_char_boundary(self.end as usize)
    }

    /// The span shrunk past leading and trailing whitespace of `text`.
    pub fn trim(self, text: &str) -> Span {
        let s = self.slice(text);
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        let start = self.start as usize + lead;
        Span::new(start, start + trimmed.len())
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverted_spans_are_clamped() {
        let s = Span::new(5, 3);
        assert_eq!(s, Span { start: 5, end: 5 });
        assert!(s.is_empty());
    }

    #[test]
    fn slicing_never_panics() {
        let text = "Hun Sen said “no”.";
        assert_eq!(Span::new(0, 7).slice(text), "Hun Sen");
        // 14 is inside the three-byte “ (bytes 13..16).
        assert_eq!(Span::new(14, 16).slice(text), "");
        assert_eq!(Span::new(10, 400).slice(text), "");
        assert!(!Span::new(14, 16).is_valid_for(text));
        assert!(Span::new(13, 16).is_valid_for(text));
    }

    #[test]
    fn trim_and_cover() {
        let text = "  a b  ";
        assert_eq!(Span::new(0, 7).trim(text), Span::new(2, 5));
        assert_eq!(Span::new(0, 1).cover(Span::new(4, 6)), Span::new(0, 6));
        assert!(Span::new(0, 4).overlaps(Span::new(3, 9)));
        assert!(!Span::new(0, 3).overlaps(Span::new(3, 9)));
        assert!(Span::new(0, 9).contains(Span::new(3, 9)));
    }
}
