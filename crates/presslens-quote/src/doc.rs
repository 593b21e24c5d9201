//! Per-document state: token features, quoted stretches and analysis units.

use presslens_core::{Span, TextLayer, TokenKind};

use crate::lexicon::{Cue, Lexicon, class};
use crate::marks::{self, NONE, QSpan};

/// Shape bits of a token.
pub(crate) mod shape {
    pub(crate) const WORD: u8 = 1;
    /// First letter upper case.
    pub(crate) const CAP: u8 = 2;
    /// Every letter upper case (and more than one letter).
    pub(crate) const ALLCAPS: u8 = 4;
    pub(crate) const NUM: u8 = 8;
    pub(crate) const PUNCT: u8 = 16;
    pub(crate) const QUOTE: u8 = 32;
    pub(crate) const SYMBOL: u8 = 64;
}

/// What the analysis needs to know about a token, computed once.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Feat {
    pub(crate) flags: u64,
    pub(crate) cue: u16,
    pub(crate) shape: u8,
    /// For punctuation, a code: `,` `.` `:` `;` `!` `?` `(` `)` `[` `]`, `-` for any dash,
    /// `e` for an ellipsis; 0 otherwise.
    pub(crate) p: u8,
}

impl Feat {
    #[inline]
    pub(crate) fn has(self, flags: u64) -> bool {
        self.flags & flags != 0
    }
    #[inline]
    pub(crate) fn is_word(self) -> bool {
        self.shape & shape::WORD != 0
    }
    #[inline]
    pub(crate) fn is_cap(self) -> bool {
        self.shape & shape::CAP != 0
    }

    /// Can this word be part of a name, `next` being the word after it? A capitalised
    /// word that is no function word, pronoun, determiner, day or clause adverb (nor of
    /// the classes `also_exclude`), or a title, or an auxiliary or a month before another
    /// name word ("Am Sam Ath", "Will Smith", "May Jones").
    pub(crate) fn is_name_word(self, next: Feat, also_exclude: u64) -> bool {
        if !self.is_word() || !self.is_cap() {
            return false;
        }
        let next_name = next.is_word()
            && next.is_cap()
            && !next.has(class::FUNCTION | class::PRONOUN | class::DET | class::MONTH | class::DAY);
        !self.has(
            class::FUNCTION
                | class::PRONOUN
                | class::DET
                | class::POSS
                | class::DAY
                | class::CLAUSE_ADV
                | also_exclude,
        ) || self.has(class::TITLE)
            || (self.has(class::AUX | class::MONTH)
                && !self.has(class::PRONOUN | class::DET)
                && next_name)
    }
}

/// The most tokens a unit holds.
pub(crate) const MAX_UNIT: u32 = 1000;

/// A stretch of consecutive sentences of one paragraph that no quotation crosses: the
/// span the attribution analysis works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    pub(crate) first: u32,
    pub(crate) end: u32,
    pub(crate) para: u32,
}

/// The document as the analysis sees it.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    pub(crate) text: &'a str,
    pub(crate) layer: &'a TextLayer,
    pub(crate) lex: &'a Lexicon,
    pub(crate) f: Vec<Feat>,
    pub(crate) spans: Vec<QSpan>,
    /// For every token, the quoted stretch holding it, or [`NONE`].
    pub(crate) qid: Vec<u32>,
    /// Paragraphs left out (boilerplate, headlines when asked).
    pub(crate) skip: Vec<bool>,
    pub(crate) units: Vec<Unit>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        text: &'a str,
        layer: &'a TextLayer,
        lex: &'a Lexicon,
        skip: Vec<bool>,
    ) -> Ctx<'a> {
        let f = features(text, layer, lex);
        let (spans, qid) = marks::pair(layer, text, &skip);
        let mut ctx = Ctx {
            text,
            layer,
            lex,
            f,
            spans,
            qid,
            skip,
            units: Vec::new(),
        };
        ctx.units = ctx.make_units();
        ctx
    }

    /// The text of token `i`.
    #[inline]
    pub(crate) fn word(&self, i: u32) -> &'a str {
        self.layer.tokens[i as usize].span.slice(self.text)
    }

    #[inline]
    pub(crate) fn span(&self, i: u32) -> Span {
        self.layer.tokens[i as usize].span
    }

    /// The byte span of tokens `first..end` (`end > first`).
    #[inline]
    pub(crate) fn tok_span(&self, first: u32, end: u32) -> Span {
        Span {
            start: self.span(first).start,
            end: self.span(end - 1).end,
        }
    }

    /// [`Feat::is_name_word`] for token `i` and the token after it.
    pub(crate) fn is_name_word(&self, i: u32, also_exclude: u64) -> bool {
        let next = self.f.get(i as usize + 1).copied().unwrap_or_default();
        self.f[i as usize].is_name_word(next, also_exclude)
    }

    /// Where the name words `s..e` start once the titles that open them are left out
    /// ("Prime Minister Hun Sen" → "Hun Sen"): the longest title of the lexicon that
    /// matches, as often as one does, leaving at least one word. `tok(i)` is the token
    /// of word `i`, if it is one.
    pub(crate) fn skip_titles(
        &self,
        mut s: usize,
        e: usize,
        tok: impl Fn(usize) -> Option<u32>,
    ) -> usize {
        let word = |i: usize| tok(i).map_or("", |t| self.word(t));
        'strip: while s < e && tok(s).is_some_and(|t| self.f[t as usize].has(class::TITLE)) {
            for title in &self.lex.titles {
                let n = title.words.len();
                if s + n < e && (0..n).all(|i| word(s + i).eq_ignore_ascii_case(&title.words[i])) {
                    s += n;
                    continue 'strip;
                }
            }
            break;
        }
        s
    }

    /// Is token `i` a word of one of the classes `flags`, written in lower case? Particles
    /// and some prepositions count only so: "van" inside a name, not "Van".
    #[inline]
    pub(crate) fn has_lower(&self, i: u32, flags: u64) -> bool {
        self.f[i as usize].has(flags) && !self.word(i).bytes().any(|b| b.is_ascii_uppercase())
    }

    #[inline]
    pub(crate) fn cue(&self, i: u32) -> Option<Cue> {
        let c = self.f[i as usize].cue;
        (c > 0).then(|| self.lex.cues[c as usize - 1])
    }

    /// Group each paragraph's sentences into units: a quotation that runs over several
    /// sentences keeps them together.
    fn make_units(&self) -> Vec<Unit> {
        let layer = self.layer;
        let mut units = Vec::new();
        for pi in 0..layer.paragraphs.len() {
            if self.skip.get(pi).copied().unwrap_or(false) {
                continue;
            }
            let sents = layer.paragraph_sentences(pi);
            let mut cur: Option<Unit> = None;
            let mut reach = 0u32;
            for s in sents {
                if s.first_token >= s.end_token {
                    continue;
                }
                // Text without stops (a table, a list, garbage) makes no unbounded unit:
                // long sentences are cut, and units stop growing, at MAX_UNIT tokens.
                let mut first = s.first_token;
                while s.end_token - first > MAX_UNIT {
                    if let Some(u) = cur.take() {
                        units.push(u);
                    }
                    units.push(Unit {
                        first,
                        end: first + MAX_UNIT,
                        para: pi as u32,
                    });
                    first += MAX_UNIT;
                }
                match cur.as_mut() {
                    Some(u) if first < reach && s.end_token - u.first <= MAX_UNIT => {
                        u.end = s.end_token
                    }
                    _ => {
                        if let Some(u) = cur.take() {
                            units.push(u);
                        }
                        cur = Some(Unit {
                            first,
                            end: s.end_token,
                            para: pi as u32,
                        });
                    }
                }
                // Quotations starting in this sentence reach until their closing mark.
                for t in s.first_token..s.end_token {
                    let q = self.qid[t as usize];
                    if q != NONE {
                        let sp = self.spans[q as usize];
                        if sp.open == t {
                            reach = reach.max(sp.close_end);
                        }
                    }
                }
            }
            if let Some(u) = cur {
                units.push(u);
            }
        }
        units
    }
}

fn features(text: &str, layer: &TextLayer, lex: &Lexicon) -> Vec<Feat> {
    let mut out = Vec::with_capacity(layer.tokens.len());
    let bytes = text.as_bytes();
    for t in &layer.tokens {
        let f = match t.kind {
            TokenKind::Word => {
                // Bytes, not a checked &str: the lookup only lower-cases ASCII.
                let b = bytes.get(t.span.range()).unwrap_or(&[]);
                let info = lex.get_word_at(bytes, t.span.start as usize, t.span.end as usize);
                let mut shape = shape::WORD;
                let first = b.first().copied().unwrap_or(b'a');
                let cap = if first < 0x80 {
                    first.is_ascii_uppercase()
                } else {
                    t.span
                        .slice(text)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                };
                if cap {
                    shape |= shape::CAP;
                    let s = t.span.slice(text);
                    if s.len() > 1 && !s.chars().any(char::is_lowercase) {
                        shape |= shape::ALLCAPS;
                    }
                }
                Feat {
                    flags: info.flags,
                    cue: info.cue,
                    shape,
                    p: 0,
                }
            }
            TokenKind::Number => Feat {
                shape: shape::NUM,
                ..Default::default()
            },
            TokenKind::Punct => Feat {
                shape: shape::PUNCT,
                p: punct_code(t.span.slice(text)),
                ..Default::default()
            },
            TokenKind::Quote(_) => Feat {
                shape: shape::QUOTE,
                ..Default::default()
            },
            TokenKind::Symbol => Feat {
                shape: shape::SYMBOL,
                ..Default::default()
            },
        };
        out.push(f);
    }
    out
}

fn punct_code(s: &str) -> u8 {
    match s {
        "," | "，" => b',',
        "." | "。" => b'.',
        ":" | "：" => b':',
        ";" | "；" => b';',
        "!" | "！" => b'!',
        "?" | "？" => b'?',
        "(" => b'(',
        ")" => b')',
        "[" => b'[',
        "]" => b']',
        "…" | "..." => b'e',
        _ if s.starts_with('.') => b'e',
        "—" | "–" | "―" | "‒" | "-" | "--" | "---" => b'-',
        _ => 0,
    }
}
