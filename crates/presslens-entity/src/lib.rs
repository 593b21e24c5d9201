//! The `entity` stage: named entities with canonical names in news text.
//!
//! How it works, and why:
//!
//! 1. **Tokens.** The stage reads the tokens of the `text` layer's paragraphs, skipping
//!    boilerplate (site chrome, photo captions) by default. Without a `text` layer (the
//!    stage used on its own from Rust, or in this crate's tests, since stage crates never
//!    depend on each other) it segments the text itself with [`line_layer`]: every line a
//!    paragraph, cut by the small tokeniser the tagger was trained with.
//! 2. **Tagger.** A first-order averaged structured perceptron over BIO tags of the 13
//!    OntoNotes labels, decoded exactly with Viterbi, as in training (a dense max-plus
//!    product that the compiler vectorises). Its features are hashed: the word and its
//!    neighbours, its shape and suffix, gazetteer classes of the word and its neighbours,
//!    the head word of the run of capitalised words it belongs to, and document
//!    statistics ("this word also appears in lower case"). Lower-case words outside names
//!    go round the tagger altogether, which is most of the speed; the features of a
//!    document's tagged words are looked up together, one dense row of weights each. The
//!    weights (`data/model.bin`, about 0.2 MB) are trained from GUM's non-news genres by
//!    `cargo run --release -p presslens-entity --example train --
//!    ../shared/eval/entities/gum-train.jsonl`, reproducibly; the training data is not in
//!    the repository.
//! 3. **Gazetteers** written from general knowledge (`data/*.txt`: countries, regions,
//!    cities, places, organisations, media, nationalities, languages, titles, head words,
//!    given names) feed the tagger's features, add the names it missed and type the names
//!    it could only guess (PERSON is its guess for any unknown capitalised word).
//! 4. **Names and their types.** Titles are cut from PERSON mentions ("Prime Minister Hun
//!    Sen" → "Hun Sen"); a name is typed by its head word where the tagger did not know it
//!    ("Affordable Care Act" LAW, "Heathrow Airport" FAC); "Bank of England" is one
//!    ORG and "Spokane, Washington" starts with a GPE; a short title-case phrase in quotes
//!    is a WORK_OF_ART; a country standing for its team or government is an ORG (GUM's and
//!    OntoNotes' convention); an alleged person with no sign of being one and a sign of
//!    being a thing ("the Met Office") is re-typed.
//! 5. **Document level.** A string keeps the label it has most often in the document;
//!    names found once are found again (a surname alone after the full name, an acronym
//!    introduced in brackets); mentions that are part of a longer name of the document
//!    where it fits are completed to it; names in a title-case headline are checked
//!    against the body. Every mention gets the canonical name of its entity: the fullest
//!    form in the document that contains it word for word ("Clinton" → "Hillary
//!    Clinton"), the long form of an acronym, or the gazetteer's name for an alias ("U.S."
//!    → "United States"). A short form is only ever completed, never a long one shortened,
//!    so "Hun Sen" is never "Sen", whatever the name order.
//! 6. **Dates and times** carry an ISO 8601 `value` where the text fixes one
//!    ("Friday, June 28, 2019" → "2019-06-28"; "since 1979" → "1979"; "3 p.m." → "15:00").
//!
//! User gazetteers (`gazetteer = "names.tsv"` in the stage's table: `name<TAB>LABEL[<TAB>
//! canonical name]` per line) win over everything else; `exclude = [...]` drops names.
#![deny(missing_docs)]

mod features;
mod lexicon;
mod model;
mod resolve;
mod temporal;
mod tokenize;
pub mod train;

use std::path::PathBuf;

use presslens_core::{
    Document, Entities, Entity, EntityLabel, Span, Stage, StageEnv, StageError, TextLayer, params,
};

use std::cell::RefCell;

use crate::features::DocTokens;
use crate::lexicon::Lexicon;
use crate::model::{Emissions, Lattice, Model};
use crate::resolve::{Ctx, Mention};

pub use crate::model::ModelError;

/// The trained tagger weights (see `examples/train.rs`).
const MODEL: &[u8] = include_bytes!("../data/model.bin");

params! {
    /// Parameters of the `entity` stage.
    pub struct EntityParams {
        /// Skip paragraphs the `text` stage marked as boilerplate (site chrome, photo
        /// captions).
        pub skip_boilerplate: bool = true,
        /// A user gazetteer: a tab-separated file of `name`, `label` (PERSON, ORG, GPE, ...)
        /// and an optional canonical name, one entry per line (`#` starts a comment). Its
        /// names are always reported with its label. Relative to the config file.
        pub gazetteer: Option<PathBuf> = None,
        /// Names never reported, matched case-insensitively against a mention's text and
        /// canonical name.
        pub exclude: Vec<String> = Vec::new(),
        /// Report only these labels (all when empty).
        pub labels: Vec<String> = Vec::new(),
    }
}

/// The longest run of tokens decoded at once.
pub(crate) const MAX_SEGMENT: usize = 256;

/// Buffers reused from one document to the next by a thread.
#[derive(Debug, Default)]
struct Scratch {
    d: DocTokens,
    em: Emissions,
    tags: Vec<u8>,
    lattice: Lattice,
    /// The document's mentions while it is resolved.
    ms: Vec<Mention>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Token buffers larger than this are not kept for the thread's next document.
const MAX_KEPT_TOKENS: usize = 1 << 20;

/// Finds entities in text. Build once (it compiles the gazetteers and loads the tagger),
/// then use from many threads.
#[derive(Debug, Clone)]
pub struct Recognizer {
    lex: Lexicon,
    model: Model,
    skip_boilerplate: bool,
    exclude: Vec<String>,
    labels: Option<Vec<EntityLabel>>,
}

/// A user gazetteer that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The file could not be read.
    #[error(
        "cannot read the gazetteer {path}: {source}; check the `gazetteer` path (it is relative to the config file)"
    )]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A line does not have the expected form.
    #[error("{path}:{line}: {message}")]
    Line {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What was wrong and what was expected.
        message: String,
    },
}

impl Recognizer {
    /// A recogniser with the stage's parameters; `env` resolves the gazetteer path.
    pub fn new(params: &EntityParams, env: &StageEnv) -> Result<Recognizer, StageError> {
        let model = Model::from_bytes(MODEL).map_err(|e| StageError::new(e.to_string()))?;
        let mut lex = Lexicon::builtin();
        if let Some(path) = &params.gazetteer {
            let path = env.resolve(path);
            load_gazetteer(&path, &mut lex).map_err(|e| StageError::new(e.to_string()))?;
        }
        let labels = if params.labels.is_empty() {
            None
        } else {
            Some(
                params
                    .labels
                    .iter()
                    .map(|l| {
                        l.parse::<EntityLabel>()
                            .map_err(|e| StageError::new(format!("in `labels`: {e}")))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        Ok(Recognizer {
            lex,
            model,
            skip_boilerplate: params.skip_boilerplate,
            exclude: params
                .exclude
                .iter()
                .map(|s| s.trim().to_lowercase())
                .collect(),
            labels,
        })
    }

    /// Number of features in the tagger's weights (a diagnostic: 0 means no trained model).
    pub fn model_features(&self) -> usize {
        self.model.len()
    }

    /// Add a gazetteer entry: `name` is always a mention with `label` and canonical name
    /// `canonical` (the name itself when `None`).
    pub fn add_name(&mut self, name: &str, label: EntityLabel, canonical: Option<&str>) {
        self.lex.add_user(name, label, canonical.unwrap_or(name));
    }

    /// The entities of `text`, using the paragraphs of `layer` when given (and skipping
    /// its boilerplate), or reading every line as a paragraph otherwise.
    pub fn analyze(&self, text: &str, layer: Option<&TextLayer>) -> Entities {
        // The buffers of the thread's last document, when it has them (a stage is shared
        // by the threads of a pipeline; each keeps its own).
        let run = |s: &mut Scratch| match layer {
            Some(l) => self.analyze_with(s, text, l),
            None => self.analyze_with(s, text, &line_layer(text)),
        };
        let out = SCRATCH.try_with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => {
                let out = run(&mut s);
                // A huge document leaves huge buffers: give their memory back.
                if s.d.toks.capacity() > MAX_KEPT_TOKENS {
                    *s = Scratch::default();
                }
                Some(out)
            }
            Err(_) => None,
        });
        match out {
            Ok(Some(out)) => out,
            _ => run(&mut Scratch::default()),
        }
    }

    fn analyze_with(&self, s: &mut Scratch, text: &str, layer: &TextLayer) -> Entities {
        let skip = self.skip_boilerplate;
        s.d.fill(
            text,
            layer,
            |p| !(skip && p.kind.is_boilerplate()),
            &self.lex,
        );
        // The buffer of the thread's last document (a fresh allocation of a few KB each
        // time cost more than the tagging of a sentence).
        let mut ms = std::mem::take(&mut s.ms);
        ms.clear();
        self.tag(s, &mut ms);
        let cx = Ctx {
            text,
            d: &s.d,
            lex: &self.lex,
        };
        resolve::trim(&cx, &mut ms);
        resolve::apply_user(&cx, &mut ms);
        resolve::gazetteer_types(&cx, &mut ms);
        resolve::add_gazetteer(&cx, &mut ms);
        resolve::head_rules(&cx, &mut ms);
        resolve::place_and_of_names(&cx, &mut ms);
        resolve::quoted_titles(&cx, &mut ms);
        resolve::merge_dates(&cx, &mut ms);
        resolve::date_phrases(&cx, &mut ms);
        resolve::repair_boundaries(&cx, &mut ms);
        let acr = resolve::acronyms(&cx, &mut ms);
        resolve::propagate(&cx, &mut ms);
        resolve::vote_labels(&cx, &mut ms);
        resolve::metonymy(&cx, &mut ms);
        resolve::canonical(&cx, &mut ms, &acr);
        resolve::check_persons(&cx, &mut ms);
        resolve::title_case_lines(&cx, &mut ms);
        resolve::place_with_country(&cx, &mut ms);
        let out = self.finish(&cx, &mut ms);
        s.ms = ms;
        out
    }

    /// Tag every paragraph.
    #[inline(never)]
    fn tag(&self, s: &mut Scratch, ms: &mut Vec<Mention>) {
        let Scratch {
            d,
            em,
            tags,
            lattice,
            ..
        } = s;
        // The emission scores of every token the tagger looks at, computed together (see
        // [`Emissions`]).
        let tagged = &d.tagged;
        em.clear();
        for &i in tagged {
            let i = i as usize;
            d.visit(d.para_of[i] as usize, i, &mut em.sink(&self.model));
            em.end_token();
        }
        em.compute(&self.model);
        // Consecutive ones of a paragraph make a segment, decoded on its own (the plain
        // tokens around it are outside every mention), starting and ending next to an O.
        let mut k = 0;
        while k < tagged.len() {
            let (first, seg) = (k, tagged[k] as usize);
            let p = d.para_of[seg] as usize;
            let (ps, pe) = d.paras[p];
            // Capped, so that text without a plain token (a table of names, random
            // capitals) never builds an unbounded lattice.
            let mut i = seg;
            while k < tagged.len() && tagged[k] as usize == i && i < pe && i - seg < MAX_SEGMENT {
                i += 1;
                k += 1;
            }
            let after_o = seg > ps && d.plain(seg - 1);
            let before_o = i < pe && d.plain(i);
            self.model
                .viterbi(&em.scores[first..k], after_o, before_o, lattice, tags);
            resolve::spans_from_tags(tags, seg, ms);
        }
    }

    /// The layer: mentions with their text offsets, names and values.
    #[inline(never)]
    fn finish(&self, cx: &Ctx<'_>, ms: &mut Vec<Mention>) -> Entities {
        let mentions: Vec<Entity> =
            resolve::entities(cx, ms, self.labels.as_deref(), &self.exclude);
        Entities { mentions }
    }
}

/// The segmentation the stage uses when it has no `text` layer: every non-empty line is a
/// paragraph (and one sentence), cut into tokens by the stage's own tokeniser. Public so
/// that a program using the stage without the `text` stage (or a benchmark of the stage
/// alone) can build it once.
pub fn line_layer(text: &str) -> TextLayer {
    let mut layer = TextLayer::default();
    let mut toks = Vec::new();
    for (s, e) in line_paragraphs(text) {
        toks.clear();
        tokenize::tokenize(text, s, e, &mut toks);
        let first = layer.tokens.len() as u32;
        layer
            .tokens
            .extend(toks.iter().map(|t| presslens_core::Token {
                span: Span {
                    start: t.start,
                    end: t.end,
                },
                kind: match t.kind {
                    tokenize::Kind::Word => presslens_core::TokenKind::Word,
                    tokenize::Kind::Number => presslens_core::TokenKind::Number,
                    tokenize::Kind::Punct => presslens_core::TokenKind::Punct,
                    tokenize::Kind::Quote => {
                        presslens_core::TokenKind::Quote(presslens_core::QuoteMark {
                            double: !matches!(
                                t.text(text),
                                "'" | "‘" | "’" | "‚" | "‹" | "›" | "`"
                            ),
                            role: presslens_core::QuoteRole::Unknown,
                        })
                    }
                },
            }));
        let p = layer.paragraphs.len() as u32;
        let sent = layer.sentences.len() as u32;
        layer.sentences.push(presslens_core::Sentence {
            span: Span::new(s, e),
            paragraph: p,
            first_token: first,
            end_token: layer.tokens.len() as u32,
        });
        layer.paragraphs.push(presslens_core::Paragraph {
            span: Span::new(s, e),
            kind: presslens_core::ParagraphKind::Body,
            first_sentence: sent,
            end_sentence: sent + 1,
        });
    }
    layer
}

/// Every non-empty line as a paragraph: the fallback without a `text` layer.
pub(crate) fn line_paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if text.len() > start {
        out.push((start, text.len()));
    }
    out
}

fn load_gazetteer(path: &std::path::Path, lex: &mut Lexicon) -> Result<(), GazetteerError> {
    let data = std::fs::read_to_string(path).map_err(|source| GazetteerError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    for (n, line) in data.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t').map(str::trim);
        let name = cols.next().unwrap_or("");
        let label = cols.next().unwrap_or("");
        let canonical = cols.next().filter(|s| !s.is_empty()).unwrap_or(name);
        let err = |message: String| GazetteerError::Line {
            path: path.to_path_buf(),
            line: n + 1,
            message,
        };
        if name.is_empty() {
            return Err(err(
                "empty name; expected `name<TAB>LABEL[<TAB>canonical name]`".into(),
            ));
        }
        if label.is_empty() {
            return Err(err(format!(
                "no label for `{name}`; expected `name<TAB>LABEL[<TAB>canonical name]` with a tab between columns"
            )));
        }
        let label: EntityLabel = label.parse().map_err(|e| err(format!("{e}")))?;
        lex.add_user(name, label, canonical);
    }
    Ok(())
}

/// The `entity` stage: adds the `entities` layer.
#[derive(Debug, Clone)]
pub struct EntityStage {
    rec: Recognizer,
}

impl Stage for EntityStage {
    const TYPE: &'static str = "entity";
    const SUMMARY: &'static str = "Named entities (PERSON, ORG, GPE, ... DATE, TIME) with canonical names shared by all mentions of an entity.";
    const REQUIRES: &'static [&'static str] = &["text"];
    const PROVIDES: &'static [&'static str] = &["entities"];
    type Params = EntityParams;

    fn new(params: EntityParams, env: &StageEnv) -> Result<Self, StageError> {
        Ok(EntityStage {
            rec: Recognizer::new(&params, env)?,
        })
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let layer = self.rec.analyze(doc.text(), doc.get::<TextLayer>());
        doc.insert(layer);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NT;

    /// The tagger adds the weights of the small-valued features from its dense table and
    /// looks the others up: the scores must be those of looking every feature up, as the
    /// trainer's features are.
    #[test]
    fn fast_emissions_equal_the_features_weights() {
        let rec = Recognizer::new(&Default::default(), &Default::default()).unwrap();
        let text = concat!(
            include_str!("../../../examples/articles/voa-hun-sen-geneva.txt"),
            "\nPRESIDENT OBAMA Visits The White House On June 28, 2019\n",
            "Mr. Xi of the U.S.-China Business Council (USCBC) said: \"Fine.\"\n",
        );
        let layer = line_layer(text);
        let d = DocTokens::from_layer(text, &layer, |_| true, &rec.lex);
        let mut em = Emissions::default();
        let mut slow = Vec::new();
        for (p, &(s, e)) in d.paras.iter().enumerate() {
            for i in (s..e).filter(|&i| !d.plain(i)) {
                let mut feats = Vec::new();
                d.visit(p, i, &mut feats);
                let mut scores = [0.0; NT];
                rec.model.score(&feats, &mut scores);
                slow.push(Model::lanes(&scores));
                d.visit(p, i, &mut em.sink(&rec.model));
                em.end_token();
            }
        }
        em.compute(&rec.model);
        assert_eq!(em.scores, slow);
        assert!(slow.len() > 100, "{}", slow.len());
    }
}
