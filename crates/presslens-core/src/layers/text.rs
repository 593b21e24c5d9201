//! The `text` layer: paragraphs, sentences and tokens.

use serde_json::{Map, Value};

use super::{Layer, LayerType, OutputContext};
use crate::span::Span;

/// Segmentation of a document: every other built-in stage reads it.
///
/// Three flat vectors, each sorted by position and linked by index ranges, rather than a
/// tree: stages scan tokens linearly, look sentences up by binary search, and the whole
/// layer costs a few allocations per document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextLayer {
    /// Paragraphs in text order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences in text order; each lies inside one paragraph.
    pub sentences: Vec<Sentence>,
    /// Tokens in text order; each lies inside one sentence.
    pub tokens: Vec<Token>,
}

/// What a paragraph is, so that analysis can skip what is not the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParagraphKind {
    /// Running text of the story.
    Body,
    /// A title or subheading: a short line without final punctuation.
    Headline,
    /// Site chrome: "Accessibility links", "Share this", "Advertisement", ...
    Chrome,
    /// A photo caption, recognised by its closing credit ("(AP Photo)", "(Reuters)").
    Caption,
}

impl ParagraphKind {
    /// True for the kinds later stages skip by default.
    pub fn is_boilerplate(self) -> bool {
        matches!(self, ParagraphKind::Chrome | ParagraphKind::Caption)
    }

    /// The kind's name in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphKind::Body => "body",
            ParagraphKind::Headline => "headline",
            ParagraphKind::Chrome => "chrome",
            ParagraphKind::Caption => "caption",
        }
    }
}

/// A paragraph: a block of text between blank lines (or a line, in one-paragraph-per-line
/// text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph {
    /// The paragraph's text, without surrounding whitespace.
    pub span: Span,
    /// Body, headline or boilerplate.
    pub kind: ParagraphKind,
    /// Index of its first sentence in [`TextLayer::sentences`].
    pub first_sentence: u32,
    /// One past the index of its last sentence.
    pub end_sentence: u32,
}

/// A sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence's text, from its first to its last token.
    pub span: Span,
    /// Index of its paragraph in [`TextLayer::paragraphs`].
    pub paragraph: u32,
    /// Index of its first token in [`TextLayer::tokens`].
    pub first_token: u32,
    /// One past the index of its last token.
    pub end_token: u32,
}

/// A token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// The token's text.
    pub span: Span,
    /// What kind of token it is.
    pub kind: TokenKind,
}

/// The kinds of token. Words keep abbreviation periods ("Mr.", "U.S."); possessive "'s"
/// and "n't" are tokens of their own, as in the Penn Treebank, so that "Cambodia’s" yields
/// the name "Cambodia".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with digits, hyphens, apostrophes or abbreviation periods.
    Word,
    /// Starts with a digit: "3.5", "1,000", "41st", "10k", "2019".
    Number,
    /// Punctuation: . , ; : ! ? ( ) [ ] — – - … and the like.
    Punct,
    /// A symbol: $ € £ % & @ # + and other non-letter characters.
    Symbol,
    /// A quotation mark (an apostrophe inside or at the end of a word is part of the word).
    Quote(QuoteMark),
}

/// A quotation mark with its style and role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QuoteMark {
    /// Double (" “ ” „ « ») or single (' ‘ ’ ‚ ‹ ›).
    pub double: bool,
    /// Whether the mark opens or closes a quotation.
    pub role: QuoteRole,
}

/// Whether a quotation mark opens or closes. Curly marks say so themselves; straight marks
/// (" ') get their role from the spacing around them, or stay [`QuoteRole::Unknown`] where
/// it does not tell (`a"b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteRole {
    /// Opens a quotation.
    Open,
    /// Closes a quotation.
    Close,
    /// Could be either.
    Unknown,
}

impl QuoteRole {
    /// Give the straight double marks of a paragraph's `tokens` whose role spacing left
    /// [`QuoteRole::Unknown`] a role by alternation: after an opening mark the next one
    /// closes, and the other way round. The `text` stage does this; so may any
    /// segmentation that builds a layer for the stages that read quotation marks.
    pub fn alternate_unknown(tokens: &mut [Token]) {
        let mut open = false;
        for t in tokens {
            if let TokenKind::Quote(QuoteMark { double: true, role }) = &mut t.kind {
                match role {
                    QuoteRole::Open => open = true,
                    QuoteRole::Close => open = false,
                    QuoteRole::Unknown => {
                        *role = if open {
                            QuoteRole::Close
                        } else {
                            QuoteRole::Open
                        };
                        open = !open;
                    }
                }
            }
        }
    }
}

impl TextLayer {
    /// The tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        match self.sentences.get(i) {
            Some(s) => self
                .tokens
                .get(s.first_token as usize..s.end_token as usize)
                .unwrap_or(&[]),
            None => &[],
        }
    }

    /// The sentences of paragraph `i`.
    pub fn paragraph_sentences(&self, i: usize) -> &[Sentence] {
        match self.paragraphs.get(i) {
            Some(p) => self
                .sentences
                .get(p.first_sentence as usize..p.end_sentence as usize)
                .unwrap_or(&[]),
            None => &[],
        }
    }

    /// The token range of paragraph `i`: from its first sentence's first token to its last
    /// sentence's end (empty for a paragraph without sentences or out of range).
    pub fn paragraph_tokens(&self, i: usize) -> std::ops::Range<usize> {
        let s = self.paragraph_sentences(i);
        match (s.first(), s.last()) {
            (Some(f), Some(l)) => f.first_token as usize..l.end_token as usize,
            _ => 0..0,
        }
    }

    /// True when sentence `i` belongs to a boilerplate paragraph.
    pub fn is_boilerplate_sentence(&self, i: usize) -> bool {
        self.sentences
            .get(i)
            .and_then(|s| self.paragraphs.get(s.paragraph as usize))
            .is_some_and(|p| p.kind.is_boilerplate())
    }

    /// Index of the sentence containing byte `pos`, if any.
    pub fn sentence_at(&self, pos: u32) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= pos);
        (i < self.sentences.len() && self.sentences[i].span.start <= pos).then_some(i)
    }

    /// Index of the token containing byte `pos`, if any.
    pub fn token_at(&self, pos: u32) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.span.end <= pos);
        (i < self.tokens.len() && self.tokens[i].span.start <= pos).then_some(i)
    }

    /// Index of the first token that starts at or after byte `pos`.
    pub fn first_token_from(&self, pos: u32) -> usize {
        self.tokens.partition_point(|t| t.span.start < pos)
    }
}

impl Layer for TextLayer {
    /// Paragraphs and sentences as spans; tokens are left out of the output because they
    /// would multiply its size for little use outside the pipeline.
    fn to_json(&self, out: &OutputContext<'_>) -> Value {
        let paragraphs: Vec<Value> = self
            .paragraphs
            .iter()
            .map(|p| {
                let mut obj = Map::new();
                out.put_span(&mut obj, p.span);
                obj.insert("kind".into(), p.kind.as_str().into());
                Value::Object(obj)
            })
            .collect();
        let sentences: Vec<Value> = self
            .sentences
            .iter()
            .map(|s| {
                let mut obj = Map::new();
                out.put_span(&mut obj, s.span);
                obj.insert("paragraph".into(), s.paragraph.into());
                Value::Object(obj)
            })
            .collect();
        let mut obj = Map::new();
        obj.insert("paragraphs".into(), paragraphs.into());
        obj.insert("sentences".into(), sentences.into());
        obj.insert("tokens".into(), self.tokens.len().into());
        Value::Object(obj)
    }
}

impl LayerType for TextLayer {
    const NAME: &'static str = "text";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_straight_marks_alternate() {
        let mark = |double, role| Token {
            span: Span::new(0, 1),
            kind: TokenKind::Quote(QuoteMark { double, role }),
        };
        let mut toks = [
            mark(true, QuoteRole::Unknown),
            mark(false, QuoteRole::Unknown),
            mark(true, QuoteRole::Unknown),
            mark(true, QuoteRole::Open),
            mark(true, QuoteRole::Unknown),
        ];
        QuoteRole::alternate_unknown(&mut toks);
        let roles: Vec<_> = toks
            .iter()
            .map(|t| match t.kind {
                TokenKind::Quote(m) => m.role,
                _ => unreachable!(),
            })
            .collect();
        use QuoteRole::*;
        // Single marks keep their role; after an explicit opening the next one closes.
        assert_eq!(roles, [Open, Unknown, Close, Open, Close]);
    }

    fn layer() -> TextLayer {
        // "Hi there. Bye." as two sentences of one paragraph.
        let tok = |s, e, kind| Token {
            span: Span::new(s, e),
            kind,
        };
        TextLayer {
            paragraphs: vec![Paragraph {
                span: Span::new(0, 14),
                kind: ParagraphKind::Body,
                first_sentence: 0,
                end_sentence: 2,
            }],
            sentences: vec![
                Sentence {
                    span: Span::new(0, 9),
                    paragraph: 0,
                    first_token: 0,
                    end_token: 3,
                },
                Sentence {
                    span: Span::new(10, 14),
                    paragraph: 0,
                    first_token: 3,
                    end_token: 5,
                },
            ],
            tokens: vec![
                tok(0, 2, TokenKind::Word),
                tok(3, 8, TokenKind::Word),
                tok(8, 9, TokenKind::Punct),
                tok(10, 13, TokenKind::Word),
                tok(13, 14, TokenKind::Punct),
            ],
        }
    }

    #[test]
    fn lookups() {
        let l = layer();
        assert_eq!(l.sentence_at(4), Some(0));
        assert_eq!(l.sentence_at(9), None);
        assert_eq!(l.sentence_at(12), Some(1));
        assert_eq!(l.token_at(2), None);
        assert_eq!(l.token_at(4), Some(1));
        assert_eq!(l.first_token_from(9), 3);
        assert_eq!(l.sentence_tokens(1).len(), 2);
        assert_eq!(l.sentence_tokens(7).len(), 0);
        assert_eq!(l.paragraph_sentences(0).len(), 2);
        let r = l.paragraph_tokens(0);
        assert_eq!(
            (r.start, r.end),
            (
                l.sentences[0].first_token as usize,
                l.sentences[1].end_token as usize
            )
        );
        assert!(l.paragraph_tokens(99).is_empty());
        assert!(!l.is_boilerplate_sentence(0));
    }
}
