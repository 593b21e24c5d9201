//! The `quote` stage: who said what in news text.
//!
//! It finds direct quotes (in every quotation-mark style, interrupted by their attribution
//! or running over several paragraphs), mixed quotes (a reported clause with quoted words)
//! and indirect quotes (reported speech without quotation marks), each with its cue and its
//! speaker: the mention the cue attaches to and the canonical name of the entity that
//! mention refers to. It reads the `text` layer and, when an earlier stage provides it, the
//! `entities` layer for canonical names.
//!
//! The analysis is shallow and fast: quotation marks are paired per paragraph with local
//! recovery from unbalanced marks; each stretch of sentences no quotation crosses is
//! analysed around its reporting cues (verbs like "said", "according to", nouns like "his
//! claim that") from the closed word classes of English kept in the crate's data files;
//! quotations without a cue of their own continue the previous quote of the paragraph or
//! of the paragraph before. Quoted words that no cue attaches to (scare quotes, titles,
//! nicknames) are not quotes.
#![deny(missing_docs)]

mod attrib;
mod doc;
mod lexicon;
mod marks;
mod np;
mod resolve;
#[cfg(test)]
mod testkit;

use std::path::PathBuf;

use presslens_core::{
    Document, Entities, ParagraphKind, Quote, Quotes, Span, Speaker, Stage, StageEnv, StageError,
    TextLayer, params,
};

use crate::attrib::{Attr, Bare};
use crate::doc::Ctx;
use crate::lexicon::{CueClass, Lexicon};
use crate::resolve::Resolver;

params! {
    /// Parameters of the `quote` stage.
    pub struct QuoteParams {
        /// Leave out paragraphs the text stage marked as boilerplate (site chrome, photo
        /// captions).
        pub skip_boilerplate: bool = true,
        /// Look for quotes in headlines too ("Ortiz: The city needs to ...").
        pub headlines: bool = false,
        /// Report indirect quotes (reported speech without quotation marks).
        pub indirect: bool = true,
        /// Which classes of cue verbs make quotes: "speech" (said, told, wrote), "belief"
        /// (thinks, believes, hopes), "evidence" (a poll shows, a study found).
        pub cue_classes: Vec<String> = vec!["speech".to_string()],
        /// More cue verbs, each a line of the cue verb format: "lemma class [flags] [= past
        /// [gerund]]", e.g. "opine speech" or "foretell speech = foretold".
        pub cue_verbs: Vec<String> = Vec::new(),
        /// A file that replaces the built-in cue verb list (same format, one verb a line;
        /// relative to the config file).
        pub cue_verbs_file: Option<PathBuf> = None,
        /// More nouns that report speech before "that" ("his claim that ...").
        pub nominal_cues: Vec<String> = Vec::new(),
        /// A file that replaces the built-in nominal cue list (one noun a line).
        pub nominal_cues_file: Option<PathBuf> = None,
        /// Use the `entities` layer for canonical speaker names when an earlier stage
        /// provides it.
        pub use_entities: bool = true,
    }
}

/// Finds quotes in segmented text. Build once, use from many threads.
#[derive(Debug, Clone)]
pub struct QuoteExtractor {
    lex: Lexicon,
    classes: u8,
    skip_boilerplate: bool,
    headlines: bool,
    indirect: bool,
    use_entities: bool,
}

impl QuoteExtractor {
    /// An extractor with the given parameters; `env` resolves the paths of data files.
    pub fn new(params: &QuoteParams, env: &StageEnv) -> Result<QuoteExtractor, StageError> {
        let read = |p: &PathBuf, what: &str| {
            let path = env.resolve(p);
            std::fs::read_to_string(&path).map_err(|e| {
                StageError::new(format!(
                    "cannot read {what} `{}`: {e}; give an existing file (relative paths are relative to the config file)",
                    path.display()
                ))
            })
        };
        let verbs = match &params.cue_verbs_file {
            Some(p) => Some(read(p, "cue_verbs_file")?),
            None => None,
        };
        let nominal = match &params.nominal_cues_file {
            Some(p) => Some(read(p, "nominal_cues_file")?),
            None => None,
        };
        let lex = Lexicon::new(
            verbs.as_deref(),
            &params.cue_verbs,
            nominal.as_deref(),
            &params.nominal_cues,
        )?;
        let mut classes = 0u8;
        for (i, c) in params.cue_classes.iter().enumerate() {
            let Some(class) = CueClass::parse(c) else {
                return Err(StageError::new(format!(
                    "cue_classes[{i}] is `{c}`; expected \"speech\", \"belief\" or \"evidence\""
                )));
            };
            classes |= class.bit();
        }
        Ok(QuoteExtractor {
            lex,
            classes,
            skip_boilerplate: params.skip_boilerplate,
            headlines: params.headlines,
            indirect: params.indirect,
            use_entities: params.use_entities,
        })
    }

    /// The quotes of `text`, given its segmentation and, optionally, its entities.
    pub fn extract(&self, text: &str, layer: &TextLayer, entities: Option<&Entities>) -> Quotes {
        let skip: Vec<bool> = layer
            .paragraphs
            .iter()
            .map(|p| {
                (self.skip_boilerplate && p.kind.is_boilerplate())
                    || (!self.headlines && p.kind == ParagraphKind::Headline)
            })
            .collect();
        if layer
            .tokens
            .last()
            .is_some_and(|t| t.span.end as usize > text.len())
        {
            // A layer made for another text: nothing sensible to find. (Spans inside the
            // text but off character boundaries slice to "" and do no harm.)
            return Quotes::default();
        }
        let ctx = Ctx::new(text, layer, &self.lex, skip);
        let attrs = self.attributions(&ctx);
        if attrs.is_empty() {
            return Quotes::default();
        }
        let entities = if self.use_entities { entities } else { None };
        let mut resolver = Resolver::new(&ctx, entities);
        let mut quotes = Vec::with_capacity(attrs.len());
        for a in &attrs {
            let Some(span) = a.extent() else { continue };
            let speaker = match (a.mention, a.naming, a.np_kind) {
                (Some(m), Some(naming), Some(kind)) => {
                    let name = resolver.resolve(&ctx, naming, a.name, kind);
                    Some(Speaker {
                        name,
                        mention: ctx.tok_span(m.0, m.1),
                    })
                }
                _ => None,
            };
            quotes.push(Quote {
                span,
                kind: a.kind(),
                speaker,
                cue: a.cue,
            });
        }
        quotes.sort_by_key(|q| (q.span.start, q.span.end));
        quotes.dedup_by(|b, a| a.span == b.span);
        Quotes { quotes }
    }

    /// Attributions of every unit, with quotations that have no cue of their own joined to
    /// the quote they continue.
    fn attributions(&self, ctx: &Ctx<'_>) -> Vec<Attr> {
        let mut attrs: Vec<Attr> = Vec::new();
        // The last unit that was a quotation no attribution took, for "“...” He said."
        // across units.
        let mut pending_bare: Option<usize> = None;
        let mut scratch = Vec::new();
        // The continuation made for a bare quotation, which a cue right after it may
        // claim instead: "“...?” Ortiz said." is hers, not the previous speaker's.
        let mut continued_at: Option<(usize, usize)> = None;
        for ui in 0..ctx.units.len() {
            let before = attrs.len();
            let bare = attrib::analyse(
                ctx,
                ui,
                self.classes,
                self.indirect,
                &mut attrs,
                &mut scratch,
            );
            let unit = ctx.units[ui];
            if bare == Bare::Quote && heading_quote(ctx, ui) {
                // "‘The Long Road Back.’" alone in its paragraph: a section heading.
                pending_bare = None;
                continue;
            }
            if bare == Bare::Quote {
                let pieces = bare_pieces(ctx, ui);
                if let Some(target) = continuation_target(ctx, &attrs, ui) {
                    if let Some(end) = runs_on(ctx, &attrs[target], ui) {
                        // A quotation over several paragraphs: one quote.
                        if let Some(last) = attrs[target].pieces.last_mut() {
                            last.end = end;
                        }
                        pending_bare = None;
                        continue;
                    }
                    if attrs[target].orphan {
                        // "X continued:" and the quotation after it.
                        let t = &mut attrs[target];
                        t.pieces = pieces;
                        t.has_quote = true;
                        t.orphan = false;
                        t.unit = ui;
                    } else {
                        let cont = attrs[target].continuation(ui, pieces);
                        attrs.push(cont);
                        continued_at = Some((ui, attrs.len() - 1));
                    }
                    pending_bare = Some(ui);
                } else {
                    pending_bare = Some(ui);
                }
                continue;
            }
            let new = attrs.len() - before;
            // "The governor added:" closing a paragraph, and the next paragraph without
            // quotation marks or a cue of its own: a block quotation.
            if new == 0
                && let Some(last) = attrs.last()
                && last.orphan
                && last.colon
                && ctx.units[last.unit].para + 1 == unit.para
                && is_last_unit_of_para(ctx, last.unit)
            {
                let span = unit_span(ctx, ui);
                let target = attrs.len() - 1;
                let t = &mut attrs[target];
                t.pieces.push(span);
                t.has_words = true;
                // Taken unit by unit: it stays open until the paragraph's last unit.
                if is_last_unit_of_para(ctx, ui) {
                    t.orphan = false;
                    t.colon = false;
                }
                pending_bare = None;
                continue;
            }
            // A cue alone in its unit right after an unattributed quotation: "“...”
            // \n That is what he said." / "“...” He said."
            if new > 0
                && let Some(pb) = pending_bare
                && ctx.units[pb].para == unit.para
                && pb + 1 == ui
                && attrs[before..].iter().all(|a| a.orphan && !a.colon)
            {
                let pieces = bare_pieces(ctx, pb);
                let a = &mut attrs[before];
                a.pieces = pieces;
                a.has_quote = true;
                a.orphan = false;
                if let Some((cu, ci)) = continued_at
                    && cu == pb
                {
                    attrs[ci].pieces.clear();
                }
            }
            pending_bare = None;
            continued_at = None;
        }
        attrs.retain(|a| !a.pieces.is_empty());
        // A report inside another report's content ("he said the agency had said ...")
        // is part of it: one quote, the outer one.
        let extents: Vec<Option<Span>> = attrs.iter().map(Attr::extent).collect();
        let covers = Covers::new(extents.iter().flatten().copied());
        let nested: Vec<bool> = attrs
            .iter()
            .zip(&extents)
            .map(|(a, ext)| match (a.cue, *ext) {
                (Some(cue), Some(ext)) => covers.other_contains(cue.cover(ext), ext),
                _ => false,
            })
            .collect();
        let mut i = 0;
        attrs.retain(|_| {
            i += 1;
            !nested[i - 1]
        });
        attrs
    }
}

/// The extents of a document's attributions, for asking whether an extent other than a
/// given one contains a span without comparing every extent with every other (a long
/// document has thousands). Sorted by start; for every prefix of that order, the extent
/// that reaches furthest, and the furthest-reaching one that differs from it.
struct Covers {
    starts: Vec<u32>,
    best: Vec<Span>,
    second: Vec<Option<Span>>,
}

impl Covers {
    fn new(extents: impl Iterator<Item = Span>) -> Covers {
        let mut sorted: Vec<Span> = extents.collect();
        sorted.sort_unstable_by_key(|s| s.start);
        let mut best = Vec::with_capacity(sorted.len());
        let mut second = Vec::with_capacity(sorted.len());
        let mut cur: Option<(Span, Option<Span>)> = None;
        for &s in &sorted {
            cur = Some(match cur {
                None => (s, None),
                Some((b, s2)) if s == b => (b, s2),
                // The previous best reaches furthest of all before, and differs from `s`.
                Some((b, _)) if s.end > b.end => (s, Some(b)),
                Some((b, s2)) => (b, Some(s2.filter(|t| t.end >= s.end).unwrap_or(s))),
            });
            if let Some((b, s2)) = cur {
                best.push(b);
                second.push(s2);
            }
        }
        Covers {
            starts: sorted.iter().map(|s| s.start).collect(),
            best,
            second,
        }
    }

    /// Does an extent other than `ext` (by value) contain `span`?
    fn other_contains(&self, span: Span, ext: Span) -> bool {
        let n = self.starts.partition_point(|&s| s <= span.start);
        let Some(i) = n.checked_sub(1) else {
            return false;
        };
        let far = if self.best[i] != ext {
            Some(self.best[i])
        } else {
            self.second[i]
        };
        far.is_some_and(|o| o.end >= span.end)
    }
}

/// When unit `ui` opens with the continuation of a quotation left open at the end of the
/// previous paragraph, and `target` ends with that quotation: where the quotation ends in
/// this unit.
fn runs_on(ctx: &Ctx<'_>, target: &Attr, ui: usize) -> Option<u32> {
    let u = ctx.units[ui];
    let k = ctx
        .qid
        .get(u.first as usize)
        .copied()
        .filter(|&k| k != marks::NONE)? as usize;
    let prev = ctx.spans.get(k.checked_sub(1)?)?;
    let this = ctx.spans[k];
    let last = target.pieces.last()?;
    (prev.cont_next && last.end == attrib::content_end_byte(ctx, *prev) && this.end > this.first)
        .then(|| attrib::content_end_byte(ctx, this))
}

/// Is unit `ui` the last of its paragraph?
fn is_last_unit_of_para(ctx: &Ctx<'_>, ui: usize) -> bool {
    ctx.units
        .get(ui + 1)
        .is_none_or(|n| n.para != ctx.units[ui].para)
}

/// The text of a unit, without final punctuation.
fn unit_span(ctx: &Ctx<'_>, ui: usize) -> Span {
    let u = ctx.units[ui];
    let mut e = u.end;
    while e > u.first + 1 && ctx.f[e as usize - 1].shape & doc::shape::PUNCT != 0 {
        e -= 1;
    }
    ctx.tok_span(u.first, e)
}

/// The quotation content of a bare-quotation unit.
fn bare_pieces(ctx: &Ctx<'_>, ui: usize) -> Vec<Span> {
    let u = ctx.units[ui];
    let mut out = Vec::new();
    let mut t = u.first;
    while t < u.end {
        let q = ctx.qid[t as usize];
        if q != marks::NONE {
            let s = ctx.spans[q as usize];
            if s.open == t && s.end > s.first {
                out.push(Span {
                    start: attrib::content_start(ctx, s),
                    end: attrib::content_end_byte(ctx, s),
                });
            }
            t = s.close_end.max(t + 1);
        } else {
            t += 1;
        }
    }
    out
}

/// A paragraph that is nothing but a short quotation in title case ("‘Trouble on the
/// Waterfront.’"): a section heading some papers set in quotation marks, not speech.
fn heading_quote(ctx: &Ctx<'_>, ui: usize) -> bool {
    let u = ctx.units[ui];
    let alone = (ui == 0 || ctx.units[ui - 1].para != u.para) && is_last_unit_of_para(ctx, ui);
    if !alone {
        return false;
    }
    let mut words = 0;
    for t in u.first..u.end {
        let f = ctx.f[t as usize];
        if f.shape & doc::shape::WORD == 0 {
            continue;
        }
        words += 1;
        let w = ctx.word(t);
        let minor = f.has(lexicon::class::FUNCTION | lexicon::class::DET) || w.len() <= 3;
        if words == 1 && !f.is_cap() || !f.is_cap() && !minor {
            return false;
        }
    }
    (2..=8).contains(&words)
}

/// The attribution a bare quotation in unit `ui` continues: the last quotation of its
/// paragraph (or its last attribution), or, when it opens its paragraph, the last one of
/// the paragraph before.
fn continuation_target(ctx: &Ctx<'_>, attrs: &[Attr], ui: usize) -> Option<usize> {
    let unit = ctx.units[ui];
    let (i, last) = attrs.iter().enumerate().next_back()?;
    if last.orphan && !last.colon {
        return None;
    }
    let para = |a: &Attr| ctx.units[a.unit].para;
    let same = |i: usize| para(&attrs[i]) == para(last);
    // Prefer the latest attribution with a quotation in that paragraph: "“A,” X said.
    // He did not elaborate. “B.”"
    let quoted = (0..=i)
        .rev()
        .take_while(|&k| same(k))
        .find(|&k| attrs[k].has_quote && !attrs[k].orphan);
    let pick = if last.orphan { i } else { quoted.unwrap_or(i) };
    if para(last) == unit.para {
        return Some(pick);
    }
    let opens_paragraph = ui == 0 || ctx.units[ui - 1].para != unit.para;
    (opens_paragraph && para(last) + 1 == unit.para).then_some(pick)
}

/// The `quote` stage.
#[derive(Debug, Clone)]
pub struct QuoteStage {
    extractor: QuoteExtractor,
}

impl Stage for QuoteStage {
    const TYPE: &'static str = "quote";
    const SUMMARY: &'static str =
        "Direct, mixed and indirect quotes with their cues and speakers (canonical names).";
    const REQUIRES: &'static [&'static str] = &["text"];
    const USES: &'static [&'static str] = &["entities"];
    const PROVIDES: &'static [&'static str] = &["quotes"];
    type Params = QuoteParams;

    fn new(params: QuoteParams, env: &StageEnv) -> Result<Self, StageError> {
        Ok(QuoteStage {
            extractor: QuoteExtractor::new(&params, env)?,
        })
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let layer = doc.require::<TextLayer>()?;
        let quotes = self
            .extractor
            .extract(doc.text(), layer, doc.get::<Entities>());
        doc.insert(quotes);
        Ok(())
    }
}

#[cfg(test)]
mod covers_tests {
    use super::Covers;
    use presslens_core::Span;
    use presslens_core::testing::Rng;

    #[test]
    fn agrees_with_comparing_every_pair() {
        let mut rng = Rng::new(7);
        for round in 0..2000 {
            let n = 1 + rng.below(12);
            let width = 4 + rng.below(40) as u32;
            let spans: Vec<Span> = (0..n)
                .map(|_| {
                    let a = rng.below(width as usize) as u32;
                    let b = a + 1 + rng.below(width as usize) as u32;
                    Span::new(a as usize, b as usize)
                })
                .collect();
            let covers = Covers::new(spans.iter().copied());
            for &ext in &spans {
                let a = rng.below(width as usize) as u32;
                let b = a + 1 + rng.below(width as usize) as u32;
                let span = Span::new(a as usize, b as usize).cover(ext);
                let slow = spans.iter().any(|&o| o.contains(span) && o != ext);
                assert_eq!(
                    covers.other_contains(span, ext),
                    slow,
                    "round {round}: {spans:?} {span:?} {ext:?}"
                );
            }
        }
    }
}

#[cfg(test)]
mod testkit_tests {
    use crate::testkit::layer_of;
    use presslens_core::{QuoteRole, TokenKind};

    #[test]
    fn segments_like_the_text_stage() {
        let text = "“It is,” Mr. Smith said. He left the U.S. on Monday.\n\nThe ‘positive progress’ didn't help (D-N.C.).";
        let l = layer_of(text);
        assert_eq!(l.paragraphs.len(), 2);
        let words: Vec<&str> = l.tokens.iter().map(|t| t.span.slice(text)).collect();
        assert!(words.contains(&"Mr."));
        assert!(words.contains(&"U.S."));
        assert!(words.contains(&"n't"));
        assert!(words.contains(&"D-N.C."), "{words:?}");
        assert_eq!(l.paragraph_sentences(0).len(), 2);
        let roles: Vec<QuoteRole> = l
            .tokens
            .iter()
            .filter_map(|t| match t.kind {
                TokenKind::Quote(q) => Some(q.role),
                _ => None,
            })
            .collect();
        assert_eq!(
            roles,
            [
                QuoteRole::Open,
                QuoteRole::Close,
                QuoteRole::Open,
                QuoteRole::Close
            ]
        );
    }
}
