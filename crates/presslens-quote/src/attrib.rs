//! Attribution within a unit: cues, their speakers, and the content each one reports.
//!
//! A unit's items are its tokens outside quotations and its quoted stretches, each one
//! item. Every cue gets a frame: the speaker phrase and the cue with its adjuncts ("told
//! reporters on Monday"), and an orientation: the content follows ("X said (that) ...",
//! "X said: “...”"), precedes ("..., X said", "“...,” said X"), surrounds ("A, X said, B"),
//! or is elsewhere (a cue with nothing to report in its own unit: "X continued:"). Content
//! runs to the unit's end unless another cue's clause starts after a separator (",
//! adding ...", "and warned ...", ", though he conceded ...").

use std::cell::OnceCell;

use presslens_core::{QuoteKind, Span};

use crate::doc::{Ctx, Unit, shape};
use crate::lexicon::{Cue, CueClass, Form, class, prep_bit};
use crate::np::{It, Items, Np, NpKind};

/// How a cue relates to its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Orient {
    /// Content follows, from item `.0`.
    Head(usize),
    /// Content precedes the cue's clause.
    Tail,
    /// No content in this unit.
    Orphan,
}

/// What kind of cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    Verb,
    /// "according to"
    According,
    /// "his claim that"
    Nominal,
    /// "Claiming ..., X told": content up to the clause end `ce`.
    Fronted,
}

/// A cue with its clause.
#[derive(Debug, Clone)]
struct Frame {
    kind: CueKind,
    /// Items of the cue word(s).
    cue: (usize, usize),
    /// The phrase that names the speaker (for a relative clause, its antecedent).
    speaker: Option<Np>,
    /// The mention the cue attaches to when it differs from `speaker` ("who").
    mention: Option<(u32, u32)>,
    /// The speaker comes from the clause this one depends on (", adding ...", "and said").
    inherit: bool,
    /// Items of the cue's clause (speaker, cue, addressee, adjuncts).
    cs: usize,
    ce: usize,
    orient: Orient,
    /// Content introduced by "that".
    that: bool,
    /// Ends with a colon and nothing after it: the content is in the next unit.
    colon: bool,
    /// The cue word may be a noun here ("the strike demands that"): it does not end a
    /// preceding report.
    weak: bool,
}

/// An attribution found in a unit, before speakers are resolved.
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    /// Index of its unit in [`Ctx::units`].
    pub(crate) unit: usize,
    pub(crate) cue: Option<Span>,
    /// Token range of the mention the cue attaches to.
    pub(crate) mention: Option<(u32, u32)>,
    /// Token range of the phrase that names the speaker, its proper name, and its kind.
    pub(crate) naming: Option<(u32, u32)>,
    pub(crate) name: Option<(u32, u32)>,
    pub(crate) np_kind: Option<NpKind>,
    /// Content pieces, in text order.
    pub(crate) pieces: Vec<Span>,
    pub(crate) has_quote: bool,
    pub(crate) has_words: bool,
    pub(crate) that: bool,
    /// A cue with its content elsewhere: "X continued:" (`colon`), or "X said." after a
    /// quotation.
    pub(crate) orphan: bool,
    pub(crate) colon: bool,
}

impl Attr {
    /// An attribution of unit `unit` with its cue, no speaker and no content yet.
    fn new(unit: usize, cue: Option<Span>) -> Attr {
        Attr {
            unit,
            cue,
            mention: None,
            naming: None,
            name: None,
            np_kind: None,
            pieces: Vec::new(),
            has_quote: false,
            has_words: false,
            that: false,
            orphan: false,
            colon: false,
        }
    }

    pub(crate) fn kind(&self) -> QuoteKind {
        match (self.has_quote, self.has_words) {
            (true, false) if !self.that => QuoteKind::Direct,
            (true, _) => QuoteKind::Mixed,
            _ => QuoteKind::Indirect,
        }
    }

    pub(crate) fn extent(&self) -> Option<Span> {
        let first = self.pieces.first()?;
        let last = self.pieces.last()?;
        Some(Span {
            start: first.start,
            end: last.end,
        })
    }

    /// A quotation continuing this attribution: same speaker and cue, its own content.
    /// The continuation of a mixed or indirect quote ("Both sides \"saw the deal as ...,\"
    /// said Ortiz. \"In that sense ...\"") is the second part of a mixed quote.
    pub(crate) fn continuation(&self, unit: usize, pieces: Vec<Span>) -> Attr {
        Attr {
            unit,
            pieces,
            has_quote: true,
            has_words: self.kind() != QuoteKind::Direct,
            that: false,
            orphan: false,
            colon: false,
            ..self.clone()
        }
    }

    fn set_speaker(&mut self, np: Option<Np>, mention: Option<(u32, u32)>) {
        self.naming = np.map(|s| (s.tok_first, s.tok_end));
        self.mention = mention.or(self.naming);
        self.name = np.and_then(|s| s.name);
        self.np_kind = np.map(|s| s.kind);
    }
}

/// What a unit holds when it has no attribution of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bare {
    /// Nothing quotable.
    None,
    /// Essentially one quotation (a few words outside at most): a continuation candidate.
    Quote,
}

/// Analyse one unit: its attributions (appended to `out`) and whether it is a bare
/// quotation.
pub(crate) fn analyse(
    ctx: &Ctx<'_>,
    ui: usize,
    classes: u8,
    indirect: bool,
    out: &mut Vec<Attr>,
    scratch: &mut Vec<It>,
) -> Bare {
    let unit = ctx.units[ui];
    // Most sentences hold neither a cue nor a quotation: nothing to do.
    let interesting = (unit.first..unit.end).any(|t| {
        let f = ctx.f[t as usize];
        f.cue != 0
            || f.flags & (class::ACCORDING | class::NOMINAL_CUE) != 0
            || f.shape & shape::QUOTE != 0
    });
    if !interesting {
        return Bare::None;
    }
    let mut items = std::mem::take(scratch);
    items_of(ctx, unit, &mut items);
    let ua = Items { ctx, it: items };
    let bare = analyse_items(&ua, ui, classes, indirect, out);
    // The item buffer serves the next unit.
    *scratch = ua.it;
    bare
}

fn analyse_items(
    ua: &Items<'_, '_>,
    ui: usize,
    classes: u8,
    indirect: bool,
    out: &mut Vec<Attr>,
) -> Bare {
    let frames = frames(ua, classes);
    if frames.is_empty() {
        if let Some(attr) = dash_attribution(ua, ui) {
            out.push(attr);
            return Bare::None;
        }
        return bare(ua);
    }
    let before = out.len();
    contents(ua, ui, &frames, indirect, classes, out);
    if out[before..].iter().all(|a| a.orphan && !a.colon) && bare(ua) == Bare::Quote {
        out.truncate(before);
        return Bare::Quote;
    }
    Bare::None
}

fn items_of(ctx: &Ctx<'_>, unit: Unit, items: &mut Vec<It>) {
    items.clear();
    let mut t = unit.first;
    while t < unit.end {
        let q = ctx.qid[t as usize];
        if q == crate::marks::NONE {
            if ctx.f[t as usize].shape & shape::QUOTE == 0 {
                items.push(It::T(t));
            }
            t += 1;
        } else {
            let s = ctx.spans[q as usize];
            if s.open == t {
                items.push(It::Q(q));
            }
            t = s.close_end.max(t + 1);
        }
    }
}

/// "“...” — Maria Ortiz": a quotation credited after a dash, without a cue.
fn dash_attribution(ua: &Items<'_, '_>, ui: usize) -> Option<Attr> {
    let q = first_non_punct(ua);
    if !ua.is_quote(q) {
        return None;
    }
    // Only the quotation and closing punctuation before the dash.
    let mut d = q + 1;
    while d < ua.len() && !ua.is_p(d, b'-') && !ua.is_quote(d) && ua.f(d).shape & shape::PUNCT != 0
    {
        d += 1;
    }
    if !ua.is_p(d, b'-') {
        return None;
    }
    let np = ua.np_after(d + 1)?;
    if np.kind != NpKind::Name {
        return None;
    }
    // The name ends the unit, or a date or place follows it after a comma or in
    // parentheses.
    let e = np.end;
    if !(e >= ua.len() || ends_unit(ua, e) || ua.is_p(e, b',') || ua.is_p(e, b'(')) {
        return None;
    }
    let (span, _, _) = piece_span(ua, q, q + 1)?;
    let mut attr = Attr::new(ui, None);
    attr.pieces.push(span);
    attr.has_quote = true;
    attr.set_speaker(Some(np), None);
    Some(attr)
}

/// A unit that is essentially one quotation.
fn bare(ua: &Items<'_, '_>) -> Bare {
    let mut words = 0;
    let mut quotes = 0;
    let mut quote_words = 0u32;
    for k in 0..ua.len() {
        if let Some(s) = ua.qspan(k) {
            quotes += 1;
            quote_words += s.end - s.first;
        } else if ua.is_wordlike(k) {
            words += 1;
        }
    }
    if quotes >= 1 && words <= 1 && quote_words >= 3 && ua.is_quote(first_non_punct(ua)) {
        Bare::Quote
    } else {
        Bare::None
    }
}

fn first_non_punct(ua: &Items<'_, '_>) -> usize {
    (0..ua.len())
        .find(|&k| ua.is_quote(k) || ua.f(k).shape & shape::PUNCT == 0)
        .unwrap_or(0)
}

/// Is item `k` a separator before a clause: a comma, semicolon, dash or colon.
fn is_sep(ua: &Items<'_, '_>, k: usize) -> bool {
    ua.is_p(k, b',') || ua.is_p(k, b';') || ua.is_p(k, b'-') || ua.is_p(k, b':')
}

fn is_be(ua: &Items<'_, '_>, k: usize) -> bool {
    ua.has(k, class::BE)
}

/// An article, demonstrative or possessive: a noun follows ("the claims", "his report").
fn is_article(ua: &Items<'_, '_>, k: usize) -> bool {
    ua.has(k, class::ARTICLE)
}

/// A subject pronoun ("he", "they", "I"), not "her", "him", "one".
fn is_subject_pronoun(ua: &Items<'_, '_>, k: usize) -> bool {
    ua.has(
        k,
        class::PRON_M
            | class::PRON_F
            | class::PRON_N
            | class::PRON_P
            | class::PRON_1
            | class::PRON_2,
    ) && !ua.has(k, class::PRON_OBJ | class::REFLEXIVE)
}

/// Does a clause start at item `k`: a subject pronoun, a determiner, a name, a number,
/// "there", a quotation, a wh-word?
fn clause_start(ua: &Items<'_, '_>, k: usize) -> bool {
    if ua.is_quote(k) {
        return true;
    }
    let f = ua.f(k);
    if f.shape & (shape::NUM | shape::SYMBOL) != 0 {
        return true;
    }
    if !f.is_word() {
        return false;
    }
    if is_subject_pronoun(ua, k) || f.has(class::THERE | class::WH) {
        return true;
    }
    if ua.is_w(k, "if") || ua.is_w(k, "whether") {
        return true;
    }
    if f.has(class::DET | class::POSS) && !ua.is_w(k, "that") {
        return true;
    }
    if ua.is_w(k, "that") {
        return false;
    }
    f.is_cap() && !f.has(class::FUNCTION | class::ADV | class::CLAUSE_ADV)
}

/// Find the cues of the unit and build their frames, left to right.
fn frames(ua: &Items<'_, '_>, classes: u8) -> Vec<Frame> {
    let mut frames: Vec<Frame> = Vec::new();
    let n = ua.len();
    let mut k = 0;
    // A unit packed with cue words (a list, garbage) gets no more than this many frames:
    // content boundaries compare frames pairwise.
    while k < n && frames.len() < 48 {
        let f = ua.f(k);
        if !f.is_word() {
            k += 1;
            continue;
        }
        if f.has(class::ACCORDING)
            && ua.is_w(k + 1, "to")
            && classes & CueClass::Speech.bit() != 0
            && let Some(fr) = according(ua, k, &frames)
        {
            k = fr.ce.max(k + 2);
            frames.push(fr);
            continue;
        }
        // A capitalised cue reports only opening its unit: "Said Moreno: “...”".
        if f.cue != 0
            && (!f.is_cap() || k == first_non_punct(ua) || title_case_tail(ua, k))
            && let Some(cue) = ua.ctx.cue(ua.tok(k).unwrap_or(0))
            && classes & cue.class.bit() != 0
            && let Some(fr) = verb_frame(ua, k, cue, &frames)
        {
            k = fr.cue.1.max(k + 1);
            frames.push(fr);
            continue;
        }
        if f.has(class::NOMINAL_CUE)
            && classes & CueClass::Speech.bit() != 0
            && let Some(fr) = nominal(ua, k)
        {
            k = fr.ce.max(k + 1);
            frames.push(fr);
            continue;
        }
        k += 1;
    }
    frames
}

/// A capitalised cue in a title-case line, after a name ("Mayor Ignored Flood Warnings,
/// Former Engineer Says.", "Okafor Says Bridge Will Open in Spring"): headlines capitalise
/// every word, the cue included.
fn title_case_tail(ua: &Items<'_, '_>, k: usize) -> bool {
    if k == 0 || !ua.f(k - 1).is_cap() {
        return false;
    }
    let (mut words, mut caps) = (0, 0);
    for q in 0..ua.len() {
        let f = ua.f(q);
        if f.is_word() {
            words += 1;
            caps += usize::from(f.is_cap() || f.has(class::FUNCTION | class::DET));
        }
    }
    words >= 4 && caps == words
}

/// A plain verb after "to" ("pointed to say"), not a noun phrase ("pointed to the mayor's
/// record").
fn looks_like_infinitive(ua: &Items<'_, '_>, k: usize) -> bool {
    let f = ua.f(k);
    f.is_word()
        && !f.is_cap()
        && !f.has(class::DET | class::POSS | class::PRONOUN | class::FUNCTION)
        && !ua.word(k).ends_with('s')
        && !ua.word(k).ends_with("ing")
        && (ua.f(k + 1).is_word() && ua.has(k + 1, class::DET | class::POSS | class::PRONOUN)
            || ua.is_w(k + 1, "that"))
}

/// A participle after a noun, reporting for the clause's subject: "a string of posts
/// late Tuesday saying that ...", "a statement saying “...”". It belongs to the noun
/// phrase and does not end a report around it ("cited leaked memos alleging that").
fn reduced_relative(ua: &Items<'_, '_>, p: usize, k: usize) -> bool {
    ua.f(p).is_word()
        && !ua.has(p, class::FUNCTION | class::PRONOUN | class::DET)
        && !ua.has(p, class::GERUND_ADJ)
        && (ua.is_w(k + 1, "that") && clause_start(ua, k + 2)
            || ua.is_p(k + 1, b':')
            || ua.is_quote(k + 1) && quote_is_utterance(ua, k + 1))
}

/// Skip back over adverbs, auxiliaries and negation before a verb ("has also said",
/// "did not say"). Returns the first item of the verb group, whether a form of "be" was
/// among them (a passive: "was told") and whether any auxiliary was.
fn verb_group_start(ua: &Items<'_, '_>, k: usize) -> (usize, bool, bool) {
    let mut b = k;
    let mut be = false;
    let mut aux = false;
    while b > 0 {
        let p = b - 1;
        let f = ua.f(p);
        if !f.is_word() || f.is_cap() && !f.has(class::AUX) {
            break;
        }
        // "The family said", "his ally said": a noun, not an adverb ("has repeatedly
        // said").
        let adverb = f.has(class::ADV | class::NEG)
            || (ua.word(p).ends_with("ly")
                && !f.has(class::FUNCTION | class::NOUN)
                && ua.word(p).len() > 4);
        if f.has(class::AUX) && !f.has(class::PRONOUN) && !ua.is_possessive(p) {
            if is_be(ua, p) {
                be = true;
            }
            aux = true;
            b = p;
        } else if adverb && !f.has(class::PRONOUN) {
            b = p;
        } else {
            break;
        }
    }
    (b, be, aux)
}

/// Where the speaker comes from.
enum Subj {
    None,
    /// A noun phrase before the verb ("X said"), starting the clause.
    Pre(Np),
    /// After the verb ("said X").
    Inv(Np),
    /// The governing clause's subject (", adding", "and said").
    Inherit,
    /// A relative pronoun ("X, who said"): the mention, and the antecedent.
    Rel(u32, Option<Np>),
}

/// A cue verb at `k`: validate it, find its speaker and its orientation.
fn verb_frame(ua: &Items<'_, '_>, k: usize, cue: Cue, prev: &[Frame]) -> Option<Frame> {
    let (b, be, aux) = verb_group_start(ua, k);
    if cue.form == Form::Third && aux {
        // "has questions", "is reports": a noun after an auxiliary.
        return None;
    }
    let before = b.checked_sub(1);
    // The noun phrase ending right before the verb group, found once when asked for.
    let before_np_cell = OnceCell::new();
    let before_np = || *before_np_cell.get_or_init(|| before.and_then(|p| ua.np_before(p)));
    // "That said, ...": an idiom for "even so", no report.
    if b == k
        && cue.form == Form::Past
        && ua.is_p(k + 1, b',')
        && before.is_some_and(|p| {
            ua.is_w(p, "that") && (p == first_non_punct(ua) || p > 0 && is_sep(ua, p - 1))
        })
    {
        return None;
    }
    // Forms that are also nouns or adjectives: "the claims", "his report", "its stated
    // aim", "the mayor’s tweets".
    // Adverbs between ("the city's widely reported shortfall", "the recently revealed
    // plan") do not change that, after a determiner that is not a pronoun.
    let adj_reading = |p: usize| {
        b == k
            || !aux
                && !matches!(
                    ua.lower(p, &mut [0u8; 32]),
                    "this" | "that" | "these" | "those" | "her"
                )
    };
    if let Some(p) = before
        && adj_reading(p)
        && ((is_article(ua, p) && !ua.has(p, class::PRONOUN))
            || ua.is_possessive(p)
            || (ua.is_w(p, "her") && cue.form != Form::Past)
            || (ua.has(p, class::PREP) && cue.form != Form::Gerund && !ua.is_w(p, "to")))
    {
        return None;
    }
    let mut cue_end = k + 1;
    // "pointed out", "spoke out": a particle belongs to the cue.
    if ua.is_w(k + 1, "out") {
        cue_end += 1;
    }
    // "called for ...", "pointed to ...": the content follows one of its prepositions.
    let prep_content = cue.preps & prep_bit(ua.word(cue_end)) != 0
        && cue_end + 1 < ua.len()
        && (ua.is_wordlike(cue_end + 1) || ua.is_quote(cue_end + 1))
        && !(ua.is_w(cue_end, "to") && looks_like_infinitive(ua, cue_end + 1));
    if cue.prep_only && !prep_content && cue_end == k + 1 {
        return None;
    }
    let subj = match cue.form {
        Form::Gerund => {
            let progressive = aux && be && b < k;
            match before {
                _ if progressive => match before_np() {
                    Some(np) => Subj::Pre(np),
                    None => Subj::None,
                },
                // "Claiming the audit was designed to embarrass her, Ortiz told the Herald
                // ...": a fronted participle reports for the main clause's subject.
                None => return fronted_participle(ua, k, cue),
                // "..., saying (that) ...", "“...,” adding": a participle. After a colon
                // it spells out what came before ("something unusual: telling customers the
                // real cost").
                Some(p) if (is_sep(ua, p) && !ua.is_p(p, b':')) || ua.is_quote(p) => Subj::Inherit,
                // "before adding", "while insisting", ", and saying".
                Some(p) if ua.has(p, class::GER_SUB) => Subj::Inherit,
                Some(p) if ua.has(p, class::CONJ) && p > 0 && is_sep(ua, p - 1) => Subj::Inherit,
                // "each praising their own record and saying ...", "is listing the
                // delays and saying ...": a participle coordinated with an earlier one.
                Some(p)
                    if (ua.is_w(p, "and") || ua.is_w(p, "but"))
                        && (p.saturating_sub(12)..p).any(|q| {
                            let w = ua.word(q);
                            w.len() > 5
                                && w.ends_with("ing")
                                && !ua.f(q).is_cap()
                                && !ua.has(q, class::FUNCTION)
                                && (q == 0
                                    || !ua.has(q - 1, class::DET | class::POSS | class::PREP))
                        }) =>
                {
                    Subj::Inherit
                }
                // "he said adding “...”": a participle right after a cue, comma missing.
                Some(p)
                    if !ua.f(p).is_cap()
                        && ua
                            .tok(p)
                            .and_then(|t| ua.ctx.cue(t))
                            .is_some_and(|c| c.form == Form::Past) =>
                {
                    Subj::Inherit
                }
                // "a string of posts late Tuesday saying that ...", "a statement saying
                // “...”": what the subject put out says it.
                Some(p) if reduced_relative(ua, p, k) => Subj::Inherit,
                // "by saying that", "apart from saying", "by suggesting the vote may
                // be delayed": a verb that reports anything so (`byclause`), "that", or a
                // clause.
                Some(p)
                    if ua.has(p, class::PREP)
                        && (cue.by_clause
                            || (k + 1..k + 4).any(|q| ua.is_w(q, "that"))
                            || ua.is_p(k + 1, b':')
                            || (!cue.that_only
                                && !cue.obj
                                && clause_start(ua, k + 1)
                                && !ua.is_quote(k + 1))) =>
                {
                    Subj::Inherit
                }
                _ => return None,
            }
        }
        _ => match before {
            // A cue opening its unit: "Asked about ..., he said" is a participle clause,
            // not a report; only an inverted "Says X: ..." reports.
            None => {
                // "Says X: ...", "Said Moreno: ..." (not "Having said that, ...").
                if !(cue.form == Form::Third || cue.form == Form::Past && b == k)
                    || ua.is_w(cue_end, "that")
                    || ua.is_w(cue_end, "this")
                {
                    return None;
                }
                let np = ua.np_after(cue_end)?;
                if !(ua.is_p(np.end, b':') || ua.is_p(np.end, b',')) {
                    return None;
                }
                Subj::Inv(np)
            }
            Some(p) if is_sep(ua, p) || ua.is_quote(p) || ua.is_p(p, b'(') => {
                // "X, a Y of Z, said" / "X, who ..., said"; or inverted ", said X" /
                // "“...,” said X"; or a long subject with commas: "X, in the wake of ...,
                // told".
                let mut s = Subj::None;
                let comma = ua.is_p(p, b',') || ua.is_p(p, b'-');
                if comma && let Some(np) = apposition_head(ua, p, 3) {
                    s = Subj::Pre(np);
                }
                if matches!(s, Subj::None)
                    && !cue.obj
                    && let Some(np) = inverted_subject(ua, cue_end)
                {
                    s = Subj::Inv(np);
                }
                if matches!(s, Subj::None)
                    && comma
                    && let Some(np) = unit_subject(ua)
                    && np.end <= p
                    && !(np.first..p)
                        .any(|i| ua.is_quote(i) || (ua.is_cue_word(i) && !ua.f(i).is_cap()))
                {
                    s = Subj::Pre(np);
                }
                s
            }
            // "when asked", "as reported", "if confirmed": a reduced clause, no report.
            Some(p)
                if b == k
                    && ua.has(p, class::SUBORD)
                    && !ua.has(p, class::REL | class::PRONOUN)
                    && cue.form == Form::Past =>
            {
                // "As reported by X, ...": the agent reports what follows; so does the
                // document in "As stated in Hughes' memo, ...".
                if ua.is_w(p, "as") && ua.is_w(cue_end, "by") {
                    match by_agent(ua, cue_end) {
                        Some(np) => Subj::Inv(np),
                        None => return None,
                    }
                } else if ua.is_w(p, "as")
                    && ua.is_w(cue_end, "in")
                    && let Some(np) = ua.np_after(cue_end + 1)
                    && ua.is_p(np.end, b',')
                    && matches!(np.kind, NpKind::Name | NpKind::Common)
                {
                    Subj::Inv(np)
                } else {
                    return None;
                }
            }
            Some(p) => {
                if ua.has(p, class::CONJ) && matches!(ua.word(p), "and" | "but" | "or") {
                    // "... and said", "but insisted": the subject of the first verb.
                    Subj::Inherit
                } else if ua.has(p, class::REL) && !ua.is_w(p, "that") {
                    // "Ortiz, who said ...": the mention is "who", the name its antecedent.
                    let q = if p > 0 && ua.is_p(p - 1, b',') {
                        p.checked_sub(2)
                    } else {
                        p.checked_sub(1)
                    };
                    Subj::Rel(ua.tok(p).unwrap_or(0), q.and_then(|q| ua.np_before(q)))
                } else if ua.is_w(p, "to") {
                    // "went on to say", "wants to stress", "declined to say": the
                    // subject is that of the governing verb. After an adjective ("free to
                    // discuss", "able to say") there is no report.
                    let mut q = p;
                    while q > 0
                        && (ua.is_w(q - 1, "on")
                            || ua.has(q - 1, class::ADV) && !ua.f(q - 1).is_cap())
                    {
                        q -= 1;
                    }
                    let governs = q > 0 && {
                        let mut wbuf = [0u8; 32];
                        let w = ua.lower(q - 1, &mut wbuf);
                        let negated = q >= 2 && ua.has(q - 2, class::NEG | class::AUX);
                        !ua.f(q - 1).is_cap()
                            && !ua.has(q - 1, class::FUNCTION | class::PRONOUN | class::DET)
                            && (negated
                                || w.ends_with("ed")
                                || w.ends_with('s')
                                || w.ends_with("ing")
                                || ua.has(q - 1, class::GOVERNS_TO))
                    };
                    if !governs {
                        return None;
                    }
                    let (q2, _, _) = verb_group_start(ua, q - 1);
                    match q2.checked_sub(1).and_then(|q| ua.np_before(q)) {
                        Some(np) => Subj::Pre(np),
                        None => Subj::None,
                    }
                } else if ua.has(p, class::FUNCTION) && !ua.has(p, class::PRONOUN) {
                    Subj::None
                } else {
                    match before_np() {
                        Some(np) => Subj::Pre(np),
                        None => Subj::None,
                    }
                }
            }
        },
    };
    // Base and -s forms that are also nouns report only after a pronoun or a name, or
    // before "that", a colon or a quotation.
    let noun_reading_risk = cue.noun
        && matches!(cue.form, Form::Base | Form::Third)
        && b == k
        && !before.is_some_and(|p| {
            is_subject_pronoun(ua, p)
                || ua.f(p).is_cap()
                    && !ua.has(
                        p,
                        class::FUNCTION | class::DET | class::MONTH | class::DAY | class::TITLE,
                    )
                    // "a Chicago Tribune report": a name after "a" modifies a noun.
                    && !before_np().is_some_and(|np| {
                        np.first > 0
                            && (ua.is_w(np.first - 1, "a") || ua.is_w(np.first - 1, "an"))
                    })
        })
        // "The campaign thinks he has ...", "the agency claims the rule was ...": an -s
        // form between a subject that opens its clause and a clause with its own subject
        // and verb is the verb ("cited angry remarks the mayor had made" is a noun
        // with a relative clause).
        && !(cue.form == Form::Third
            && (personal_subject(ua, cue_end) || finite_clause_ahead(ua, cue_end))
            && before_np().is_some_and(|np| np.first == 0 || clause_boundary(ua, np.first - 1)));
    // "aides to Mr. Ortiz say", "engineers who have worked with the contractor say":
    // the plural head before a phrase or a relative clause is the subject.
    let mut subj = subj;
    if cue.form == Form::Base
        && b == k
        && let Subj::Pre(np) = &subj
        && matches!(np.kind, NpKind::Name | NpKind::Common)
        && !plural_head(ua, np)
        && let Some(head) = plural_head_before(ua, np.first)
    {
        subj = Subj::Pre(head);
    }
    // "An internal memo seen by the Tribune says", "a statement released by the county
    // said": the agent of a reduced passive relative is not who speaks; the phrase it
    // belongs to is.
    if let Subj::Pre(np) = &subj
        && let Some(whole) = reduced_passive_subject(ua, np)
    {
        subj = Subj::Pre(whole);
    }
    if cue.form == Form::Base && b == k {
        let ok = match &subj {
            Subj::Pre(np) => match np.kind {
                NpKind::Pronoun(f) => f & (class::PRON_P | class::PRON_1 | class::PRON_2) != 0,
                NpKind::Name => plural_head(ua, np),
                // "officials say"; but "a clear signal that" is a noun.
                NpKind::Common => !cue.noun || plural_head(ua, np),
            },
            Subj::Inherit | Subj::Rel(..) => true,
            _ => false,
        } || before.is_some_and(|p| ua.is_w(p, "to"));
        if !ok {
            return None;
        }
    }
    // The clause's start and the speaker.
    let (speaker, mention, inherit, mut cs, inverted) = match subj {
        Subj::None => (None, None, false, b, false),
        Subj::Pre(np) => (Some(np), None, false, np.first.min(b), false),
        Subj::Inv(np) => (Some(np), None, false, b, true),
        Subj::Inherit => {
            let p = before.unwrap_or(b);
            let cs = if p > 0 && is_sep(ua, p - 1) && !ua.is_quote(p) {
                p - 1
            } else {
                p
            };
            (None, None, true, cs, false)
        }
        Subj::Rel(t, np) => (np, Some((t, t + 1)), false, before.unwrap_or(b), false),
    };
    let rel = mention.is_some();
    // "was told (by X)": the subject is the addressee.
    let (speaker, mention) = if be && cue.form == Form::Past && !inverted {
        (by_agent(ua, cue_end), None)
    } else {
        (speaker, mention)
    };
    // A subject whose phrase we cut short ("a narrator in the video states"): the clause
    // starts at the separator or quotation a few plain words back.
    if !inverted && !inherit && !rel && cs > 0 && !is_sep(ua, cs - 1) && !ua.is_quote(cs - 1) {
        let mut q = cs;
        let mut steps = 0;
        while q > 0 && steps < 6 {
            let fq = ua.f(q - 1);
            if ua.is_quote(q - 1) || is_sep(ua, q - 1) {
                cs = q;
                break;
            }
            if !fq.is_word() && fq.shape & shape::NUM == 0
                || fq.cue != 0
                || fq.has(class::CONJ | class::SUBORD | class::WH | class::AUX | class::NEG)
                || is_subject_pronoun(ua, q - 1)
            {
                break;
            }
            q -= 1;
            steps += 1;
        }
    }
    // Everything after the cue that belongs to its clause: the inverted speaker, the
    // addressee, time and place.
    let mut j = cue_end;
    let mut content_at: Option<usize> = None;
    if inverted && let Some(np) = speaker {
        j = skip_apposition_after(ua, np.end);
    }
    if prep_content && j == cue_end && !noun_reading_risk && !ua.has(j + 1, class::PREP) {
        content_at = Some(j + 1);
    } else if ua.is_w(j, "as") && ua.is_w(j + 1, "much") && !noun_reading_risk {
        // "Ortiz said as much": the words stand for what was said.
        content_at = Some(j);
    } else if !cue.no_about
        && !noun_reading_risk
        && (ua.is_w(j, "about") || ua.is_w(j, "against"))
        && j + 1 < ua.len()
        && !ua.has(j + 1, class::PREP)
        && ua.is_wordlike(j + 1)
    {
        // "warned against ...", "complained about ...".
        content_at = Some(j + 1);
    } else if cue.obj && !inverted {
        let o = j;
        j = skip_object(ua, j);
        // "accused Y of ...": the content follows "of" (or "for") after the addressee,
        // which may be a quoted phrase ("accused “powerful countries” for using ...").
        let j2 = if ua.is_quote(j) { j + 1 } else { j };
        if cue.of && (ua.is_w(j2, "of") || ua.is_w(j2, "for")) && j2 + 1 < ua.len() {
            content_at = Some(j2 + 1);
        } else if j > o
            && ua.is_w(j, "to")
            && (ua.f(j + 1).is_word() && !ua.f(j + 1).is_cap() || ua.is_quote(j + 1))
        {
            // "told her staff to draft ...": the order, addressee included.
            content_at = Some(o);
        }
    }
    // "pledged to resign", "urged voters to see", "is said to be": an infinitive, not a report.
    if content_at.is_none()
        && ua.is_w(j, "to")
        && ua.f(j + 1).is_word()
        && !ua.f(j + 1).is_cap()
        && !ua.has(j + 1, class::DET | class::POSS | class::PRONOUN)
    {
        return None;
    }
    if content_at.is_none() {
        let o = j;
        j = skip_adjuncts(ua, j);
        // "tells her volunteers at a meeting to ...": an order, addressee included.
        if cue.obj
            && !inverted
            && o > cue_end
            && ua.is_w(j, "to")
            && (ua.f(j + 1).is_word()
                && !ua.f(j + 1).is_cap()
                && !ua.has(j + 1, class::DET | class::POSS | class::PRONOUN)
                || ua.is_quote(j + 1))
        {
            content_at = Some(cue_end);
        }
    }
    if content_at.is_none() && cue.obj && !inverted && !ua.is_w(j, "that") {
        // "told one of her junior staffers on several occasions that ...": a longer
        // addressee and adjuncts before "that".
        let mut q = cue_end;
        while q < ua.len() && q < cue_end + 16 {
            let fq = ua.f(q);
            if ua.is_w(q, "that") {
                if q > j && clause_start(ua, q + 1) {
                    j = q;
                }
                break;
            }
            if !(fq.is_word() || ua.is_possessive(q) || fq.shape & shape::NUM != 0)
                || fq.cue != 0
                || fq.has(class::CONJ | class::SUBORD | class::AUX)
            {
                break;
            }
            q += 1;
        }
    }
    if content_at.is_none() {
        // "said Monday during a visit to Dayton, Ohio, that ...": a longer adjunct
        // with commas, ended by ", that".
        if ua.is_p(j, b',') && !ua.is_w(j + 1, "that") {
            let mut q = j + 1;
            while q < ua.len() && q < j + 20 {
                if ua.is_quote(q) || ends_sentence(ua, q) || ua.is_cue_word(q) || ua.is_p(q, b';') {
                    break;
                }
                if ua.is_p(q, b',') && ua.is_w(q + 1, "that") {
                    j = q + 1;
                    break;
                }
                q += 1;
            }
        }
    }
    let region_start = prev
        .iter()
        .rev()
        .find(|f| !embedded(ua, f) && !f.weak)
        .map_or(0, |f| f.ce.min(cs));
    let content_before = !rel && !inherit && has_content_before(ua, region_start, cs);
    // Right after a quotation that ends like an utterance ("“...,” he said ..."): the
    // cue reports that quotation, whatever follows.
    let strong_tail = content_before && quote_before(ua, cs);
    // What follows the cue's clause, found once when asked for.
    let after_cell = OnceCell::new();
    let after_j = || *after_cell.get_or_init(|| after(ua, j, j == cue_end));
    let mut that = false;
    let mut colon = false;
    // "As X pointed out, ...": the clause after the comma is the report.
    let as_clause = !inverted
        && cs > 0
        && ua.is_w(cs - 1, "as")
        && (cs == 1
            || is_sep(ua, cs - 2)
            || (0..cs - 1).all(|q| !ua.is_wordlike(q) || ua.has(q, class::CONJ)));
    if as_clause
        && let After::Comma(c) = after_j()
        && !content_before
    {
        return Some(Frame {
            kind: CueKind::Verb,
            cue: (k, cue_end),
            speaker,
            mention,
            inherit,
            cs: cs - 1,
            ce: c,
            orient: Orient::Head(c),
            that: false,
            colon: false,
            weak: noun_reading_risk,
        });
    }
    let orient = if let Some(c) = content_at {
        Orient::Head(c)
    } else if inherit {
        match after_j() {
            // A participle reports a clause: "saying (that) ...", "adding he would";
            // other verbs with a plain object are narrative ("recalling a 2011 lawsuit").
            After::Content(c, t)
                if t || ua.is_quote(c)
                    || ((!cue.that_only || personal_subject(ua, c))
                        && !noun_reading_risk
                        && cue_ok_content(ua, c)
                        && (cue.form != Form::Gerund
                            || personal_subject(ua, c)
                            || ua.has(c, class::WH)
                            || finite_clause_ahead(ua, c)
                            || cue.clause)) =>
            {
                that = t;
                Orient::Head(c)
            }
            After::Comma(c) if ua.is_quote(c) => Orient::Head(c),
            After::Colon => {
                colon = true;
                Orient::Orphan
            }
            _ => return None,
        }
    } else if strong_tail {
        Orient::Tail
    } else {
        match after_j() {
            After::Comma(_) | After::End | After::Adjunct if noun_reading_risk => return None,
            After::End | After::Adjunct if content_before => Orient::Tail,
            After::Comma(c) if content_before => {
                let lead = tail_start(ua, region_start, cs);
                let lead_end = if cs > 0 && is_sep(ua, cs - 1) {
                    cs - 1
                } else {
                    cs
                };
                // A subordinate clause with its own subject ("If the council votes on
                // Friday, Ortiz tweeted, “...”") is part of what was said; a
                // participle or a phrase ("Asked about it, Moreno said, “...”") is not.
                let s0 = if ua.has(lead, class::CONJ) {
                    lead + 1
                } else {
                    lead
                };
                let clause_lead = ua.has(s0, class::SUBORD)
                    && !ua.has(s0, class::PREP)
                    && !ua.is_w(s0 + 1, "for")
                    && !(s0..lead_end).any(|q| ua.is_p(q, b'-'))
                    && {
                        let w = ua.word(s0 + 1);
                        !(w.ends_with("ed") || w.ends_with("ing")) && ua.f(s0 + 1).is_word()
                    };
                if ua.is_quote(c)
                    && !(region_start..cs).any(|i| ua.is_quote(i))
                    && adverbial(ua, lead, lead_end)
                    && !clause_lead
                {
                    // "Asked about it, Moreno said, “...”": the quotation is the content.
                    Orient::Head(c)
                } else {
                    Orient::Tail
                }
            }
            After::Content(c, t) => {
                // "which he said were ...", "what the mayor says her plan would do": the
                // relative pronoun is the content's subject.
                let relative = !noun_reading_risk
                    && !ua.has(c, class::SUBORD | class::WH)
                    && cs > 0
                    && (ua.has(cs - 1, class::REL | class::WH) || ua.is_w(cs - 1, "that"));
                let utterance = ua.is_quote(c) && (!cue.that_only || quote_is_utterance(ua, c));
                // "what the mayor says her plan would do": the report is the whole clause,
                // question word included.
                // So is "which they say caused the delay", "that some say target renters".
                // "which local media claimed now bans": the pronoun is the subject.
                let rel_subject = relative
                    && matches!(ua.lower(cs - 1, &mut [0u8; 32]), "which" | "who" | "that")
                    && {
                        // The content opens with its verb: "caused the delay", "was", "now
                        // bans", "target renters".
                        let v = if ua.has(c, class::ADV) { c + 1 } else { c };
                        let f = ua.f(v);
                        let w = ua.word(v);
                        f.is_word()
                            && !f.is_cap()
                            && !is_subject_pronoun(ua, v)
                            && !f.has(class::DET | class::POSS | class::PREP | class::SUBORD)
                            && (f.has(class::AUX | class::NEG)
                                || w.len() > 3
                                    && (w.ends_with('s') && !w.ends_with("ss")
                                        || w.ends_with("ed"))
                                || ua.has(v + 1, class::DET | class::POSS)
                                || ua.f(v + 1).is_cap() && ua.f(v + 1).is_word())
                    };
                let c = if relative
                    && (ua.has(cs - 1, class::WH) && !ua.has(cs - 1, class::REL | class::SUBORD)
                        || rel_subject)
                {
                    cs - 1
                } else {
                    c
                };
                let marked = t
                    || relative
                    || (cue.that_only && ua.has(c, class::WH)
                        || ua.is_w(c, "if")
                        || ua.is_w(c, "whether"))
                    || utterance
                    || c > 0 && ua.is_p(c - 1, b':')
                    || (ua.is_w(c, "that") && c == cue_end);
                // A passive ("had been charged with theft", "were echoed by analysts
                // we contacted"): what follows is no report unless marked.
                let passive = be && cue.form == Form::Past && !inverted && b < k;
                let weak = (cue.that_only && !personal_subject(ua, c))
                    || noun_reading_risk
                    || passive
                        && !ua.is_quote(c)
                        && (c > cue_end || ua.has(c, class::PREP | class::SUBORD));
                if ua.is_quote(c) && !utterance {
                    // "echoed “fraud”": a quoted word after a weak cue is a scare quote.
                    return None;
                }
                // A verb with an object ("mentioned the remarks", "pledged to resign")
                // reports nothing, before or after.
                // "has admitted taking the money", "mentioned raising the parking
                // fees": a gerund object is what was said, except after "say" (`nogerund`).
                let gerund = !cue.no_gerund && !cue.that_only && ua.is_gerund(c);
                if !marked && (weak || !cue_ok_content(ua, c) && !gerund) {
                    return None;
                }
                that = t;
                Orient::Head(c)
            }
            After::Comma(_) | After::End | After::Adjunct if noun_reading_risk => return None,
            After::Comma(c) => {
                if ua.is_quote(c) || (!cue.that_only && clause_start(ua, c) && !noun_reading_risk) {
                    Orient::Head(c)
                } else {
                    return None;
                }
            }
            After::Colon => {
                colon = true;
                Orient::Orphan
            }
            After::End | After::Adjunct => {
                if noun_reading_risk {
                    return None;
                }
                Orient::Orphan
            }
        }
    };
    if cue.tail && matches!(orient, Orient::Head(c) if !ua.is_quote(c)) {
        // "he continued to ..." is no report; "..., he continued" and "he continued:" are.
        return None;
    }
    let ce = match orient {
        // After a quotation, everything up to the next separator belongs to the cue's
        // clause ("he said two weeks after the vote, ...").
        Orient::Tail if strong_tail => {
            let mut e = j.max(cue_end);
            while e < ua.len()
                && !ua.is_quote(e)
                && !ua.is_p(e, b',')
                && !ends_sentence(ua, e)
                && !ua.is_p(e, b';')
            {
                e += 1;
            }
            e
        }
        _ => j,
    };
    Some(Frame {
        kind: CueKind::Verb,
        cue: (k, cue_end),
        speaker,
        mention,
        inherit,
        cs,
        ce,
        orient,
        that,
        colon,
        weak: noun_reading_risk
            || cue.form == Form::Gerund
                && inherit
                && before.is_some_and(|p| {
                    reduced_relative(ua, p, k)
                        // "mocked at home for admitting that ...": a
                        // phrase inside a clause, not a second report.
                        || ua.has(p, class::PREP)
                            && !ua.has(p, class::SUBORD)
                            && p > 0
                            && !is_sep(ua, p - 1)
                            && !ua.is_quote(p - 1)
                }),
    })
}

fn ends_sentence(ua: &Items<'_, '_>, k: usize) -> bool {
    ua.is_p(k, b'.') || ua.is_p(k, b'?') || ua.is_p(k, b'!')
}

/// A clause with a personal pronoun as subject starts at `c` ("he would", "they were").
fn personal_subject(ua: &Items<'_, '_>, c: usize) -> bool {
    is_subject_pronoun(ua, c) && !ua.is_w(c, "it") && !ua.is_w(c, "you")
}

/// The end of a that-clause from `c` that is part of a sentence's subject ("her claim
/// that she still has a path to win would depend on ..."): before a second auxiliary that
/// follows a noun once the clause has its own verb.
fn subject_clause_end(ua: &Items<'_, '_>, c: usize, e: usize) -> usize {
    let mut verb = false;
    for q in c..e {
        // A parenthesis opens an aside with its own verbs.
        if ua.is_p(q, b'(') {
            return e;
        }
        if ua.is_quote(q)
            || is_sep(ua, q)
            || ua.has(q, class::CONJ | class::REL)
            || ua.is_w(q, "that")
        {
            if verb && !ua.is_w(q, "that") {
                return e;
            }
            continue;
        }
        let aux = finite_aux(ua, q);
        if aux && verb && q > c {
            let p = ua.f(q - 1);
            let after_noun = p.is_word()
                && !p.has(class::FUNCTION | class::PRONOUN | class::DET | class::ADV)
                && !ua.is_possessive(q - 1);
            if after_noun {
                return q;
            }
        }
        verb |= aux || looks_like_verb(ua, q);
    }
    e
}

/// An auxiliary or a negation at item `k` that works as one: not a pronoun, not the
/// possessive "'s" ("would", "has", "not", "he's").
fn finite_aux(ua: &Items<'_, '_>, k: usize) -> bool {
    ua.has(k, class::AUX | class::NEG) && !ua.has(k, class::PRONOUN) && !ua.is_possessive(k)
}

/// Does a clause end or open right after item `q`: a separator, the end of a sentence,
/// or a conjunction?
fn clause_boundary(ua: &Items<'_, '_>, q: usize) -> bool {
    is_sep(ua, q) || ends_sentence(ua, q) || ua.has(q, class::CONJ | class::SUBORD)
}

/// Does a finite clause start at item `c`: a subject phrase ("the new audit", "the mayor's
/// plan") and then its verb ("cleared", "would", "has")? A participle reporting it is
/// speech ("suggesting the new audit cleared ..."); one with a plain object is
/// narrative ("suggesting a compromise").
fn finite_clause_ahead(ua: &Items<'_, '_>, c: usize) -> bool {
    let f = ua.f(c);
    // "announcing it would raise ...": a pronoun object would have no verb after it.
    if is_subject_pronoun(ua, c) {
        return ua.has(c + 1, class::AUX | class::NEG) && !ua.is_possessive(c + 1);
    }
    if !(f.has(class::DET | class::POSS) || f.is_cap() && f.is_word())
        || f.has(class::FUNCTION | class::PRONOUN)
        || ua.is_w(c, "that")
    {
        return false;
    }
    for q in c + 1..(c + 8).min(ua.len()) {
        let fq = ua.f(q);
        if finite_aux(ua, q) {
            return true;
        }
        if looks_like_verb(ua, q) {
            return true;
        }
        if ua.is_quote(q)
            || !(fq.is_word() || ua.is_possessive(q) || fq.shape & shape::NUM != 0)
            || fq.has(class::FUNCTION)
        {
            return false;
        }
    }
    false
}

/// A stricter [`finite_clause_ahead`] for a phrase that may be an apposition ("a former
/// state budget aide"): the verb must show its tense (an auxiliary, an irregular past,
/// a past tense in -ed or a past cue form after a lower-case noun), since a plain word after
/// a name is as often a noun ("the Reuters bureau").
fn clause_with_tense(ua: &Items<'_, '_>, c: usize) -> bool {
    if !finite_clause_ahead(ua, c) {
        return false;
    }
    for q in c + 1..(c + 8).min(ua.len()) {
        let fq = ua.f(q);
        if finite_aux(ua, q) {
            return true;
        }
        let w = ua.word(q);
        let past = fq.has(class::PAST)
            || w.ends_with("ed") && w.len() > 4
            || ua
                .tok(q)
                .and_then(|t| ua.ctx.cue(t))
                .is_some_and(|cue| cue.form == Form::Past);
        if past && !fq.is_cap() && ua.f(q - 1).is_word() && !ua.f(q - 1).is_cap() {
            return true;
        }
        if ua.is_quote(q)
            || !(fq.is_word() || fq.shape & shape::NUM != 0)
            || fq.has(class::FUNCTION)
        {
            return false;
        }
    }
    false
}

/// "Claiming the audit was designed to embarrass her, Ortiz told the Herald ...": a
/// participle opening the unit reports what follows it up to its comma, for the subject of
/// the main clause after the comma.
fn fronted_participle(ua: &Items<'_, '_>, k: usize, cue: Cue) -> Option<Frame> {
    if cue.class != CueClass::Speech || cue.that_only || cue.tail || cue.obj {
        return None;
    }
    let mut c = k + 1;
    if ua.is_w(c, "that") {
        c += 1;
    }
    if !clause_start(ua, c) || ua.is_quote(c) {
        return None;
    }
    let comma = (c + 1..ua.len().min(c + 40))
        .take_while(|&q| !ua.is_quote(q) && !ends_sentence(ua, q))
        .find(|&q| ua.is_p(q, b','))?;
    let np = ua.np_after(comma + 1)?;
    Some(Frame {
        kind: CueKind::Fronted,
        cue: (k, k + 1),
        speaker: Some(np),
        mention: None,
        inherit: false,
        cs: 0,
        ce: comma,
        orient: Orient::Head(c),
        that: ua.is_w(k + 1, "that"),
        colon: false,
        weak: false,
    })
}

/// The phrase "X <participle> by <np>" when `np` is the agent of a reduced passive
/// relative modifying a common noun phrase X: the whole of it.
fn reduced_passive_subject(ua: &Items<'_, '_>, np: &Np) -> Option<Np> {
    let by = np.first.checked_sub(1)?;
    let part = by.checked_sub(1)?;
    if !ua.is_w(by, "by") || ua.f(part).is_cap() || !ua.f(part).is_word() {
        return None;
    }
    if !ua.is_participle(part) || part == 0 {
        return None;
    }
    let head = ua.np_before(part - 1)?;
    if head.end != part || head.kind != NpKind::Common || ua.has(head.first, class::PRONOUN) {
        return None;
    }
    Some(ua.np(head.first, np.end, NpKind::Common))
}

/// A plural noun phrase a few words before `first`, joined to it by a preposition
/// ("aides to Mr. Ortiz") or a relative clause ("engineers who have worked with
/// Harbor Construction"): the phrase from that noun's start to `first`'s phrase.
fn plural_head_before(ua: &Items<'_, '_>, first: usize) -> Option<Np> {
    let mut q = first;
    let mut steps = 0;
    while q > 1 && steps < 10 {
        q -= 1;
        steps += 1;
        if ua.is_quote(q) || is_sep(ua, q) || ends_sentence(ua, q) || ua.is_cue_word(q) {
            return None;
        }
        let link = ua.has(q, class::PREP) && !ua.is_w(q, "of") || ua.has(q, class::REL);
        if !link {
            continue;
        }
        let head = ua.np_before(q - 1)?;
        if !plural_head(ua, &head) {
            continue;
        }
        return Some(head);
    }
    None
}

/// Is the head of a subject plural ("officials", "Democrats", "polls"), as a base-form
/// verb after it needs?
fn plural_head(ua: &Items<'_, '_>, np: &Np) -> bool {
    let last = np.end.saturating_sub(1);
    let w = ua.word(last);
    (np.first..np.end).any(|k| ua.is_w(k, "and"))
        || ua.has(last, class::AUDIENCE)
        || (w.ends_with('s') && !w.ends_with("ss") && !ua.is_possessive(last) && w.len() > 2)
        || ua.has(last, class::COLLECTIVE)
}

/// Is the item before the clause at `cs` a quotation that ends like an utterance ("...,”",
/// "...?”", "...!”", or a quotation followed by a comma)?
fn quote_before(ua: &Items<'_, '_>, cs: usize) -> bool {
    let (q, comma_after) = if cs >= 1 && ua.is_quote(cs - 1) {
        (cs - 1, false)
    } else if cs >= 2 && (ua.is_p(cs - 1, b',') || ua.is_p(cs - 1, b'-')) && ua.is_quote(cs - 2) {
        (cs - 2, true)
    } else {
        return false;
    };
    // A title inside a phrase ("in an interview on WXYZ's “Morning Report,”") is no
    // utterance.
    if q > 0 && (ua.has(q - 1, class::PREP | class::DET | class::POSS) || ua.is_possessive(q - 1)) {
        return false;
    }
    if comma_after {
        return true;
    }
    matches!(ua.quote_last_p(q), b',' | b'?' | b'!' | b'e' | b'-' | b'.')
}

/// Could the quotation at item `k` be a title ("“Capitol Week”", "“This
/// Morning,”"): capitalised, short, not a sentence?
fn title_like(ua: &Items<'_, '_>, k: usize) -> bool {
    let Some(s) = ua.qspan(k) else { return false };
    let mut words = 0;
    let mut caps = 0;
    let mut first = None;
    for t in s.first..s.end {
        let f = ua.ctx.f[t as usize];
        if f.shape & (shape::WORD | shape::NUM) != 0 {
            words += 1;
            caps += usize::from(f.is_cap());
            first.get_or_insert(f);
        }
    }
    // A full stop may end a short title at the end of a sentence ("on “City Desk.”").
    let ends = matches!(ua.quote_last_p(k), b'.' | b'?' | b'!');
    first.is_some_and(|f| f.is_cap() || f.shape & shape::NUM != 0)
        && words <= 8
        && (!ends || words <= 4 && caps == words)
}

/// Is item `k` a quotation whose words end with the punctuation `p` (a code of
/// [`crate::doc::Feat::p`], not 0)?
fn quote_ends_with(ua: &Items<'_, '_>, k: usize, p: u8) -> bool {
    ua.quote_last_p(k) == p
}

/// Does the quotation at item `c` read as an utterance: four words or more, or a
/// sentence's end inside it? "echoed “fraud”" quotes a word, not a statement.
fn quote_is_utterance(ua: &Items<'_, '_>, c: usize) -> bool {
    ua.quote_words(c) >= 4 || matches!(ua.quote_last_p(c), b'.' | b'?' | b'!')
}

/// May bare content (no "that", colon or quotation) start at `c`? It must look like a
/// clause ("said he would", "said the plan", "said officials were"), not like an object
/// ("says something", "admitted taking", "said so").
fn cue_ok_content(ua: &Items<'_, '_>, c: usize) -> bool {
    let f = ua.f(c);
    if ua.is_quote(c) || f.shape & (shape::NUM | shape::SYMBOL) != 0 {
        return true;
    }
    if !f.is_word() {
        return false;
    }
    let mut wbuf = [0u8; 32];
    let w = ua.lower(c, &mut wbuf);
    // "-ing" starts an object ("admitted taking the money") unless a verb soon follows
    // ("said raising taxes was the wrong answer", "acknowledged spending was").
    // So does a plural noun and its verb ("says voting members approved a budget").
    let ing_subject = (c + 1..c + 9)
        .take_while(|&q| ua.f(q).is_word() || ua.is_possessive(q))
        .any(|q| {
            ua.has(q, class::AUX) && !ua.has(q, class::PRONOUN) && !ua.is_possessive(q)
                || q > c + 1 && ua.plural_noun(q - 1) && looks_like_verb(ua, q)
        });
    // "about 30 families have ...", "nearly half the counties": a number phrase.
    if (f.has(class::APPROX) || matches!(w, "more" | "fewer" | "at"))
        && (c + 1..c + 3).any(|q| ua.f(q).shape & shape::NUM != 0)
    {
        return true;
    }
    // "despite all that, the mayor wasn't ...": a fronted adjunct, then the clause.
    if f.has(class::PREP | class::SUBORD) && !f.is_cap() {
        let comma = (c + 1..(c + 12).min(ua.len()))
            .take_while(|&q| !ua.is_quote(q) && !ua.is_cue_word(q) && !ends_sentence(ua, q))
            .find(|&q| ua.is_p(q, b','));
        if let Some(q) = comma
            && q > c + 1
            && (is_subject_pronoun(ua, q + 1)
                || ua.has(q + 1, class::DET | class::THERE)
                || ua.f(q + 1).is_cap() && !ua.has(q + 1, class::FUNCTION))
        {
            return true;
        }
    }
    let object = (w.ends_with("ing") && w.len() > 4 && !f.is_cap() && !ing_subject)
        || (f.has(class::PRON_OTHER) && !ua.f(c + 1).is_word())
        || matches!(
            w,
            "nothing"
                | "something"
                | "anything"
                | "everything"
                | "so"
                | "much"
                | "little"
                | "that"
                | "to"
                | "not"
        )
        // An object or reflexive pronoun ("said him", "said itself"); "her" may be a
        // possessive opening a clause ("said her plan was ..."); "yourself" and
        // "yourselves" are left to the rules above.
        || (f.has(class::PRON_OBJ) && !f.has(class::PRON_FO))
        || (f.has(class::REFLEXIVE) && !f.has(class::PRON_2))
        || (w == "no" && !ua.f(c + 1).is_word())
        || (f.has(class::FUNCTION) && !f.has(class::WH) && !matches!(w, "if" | "whether"))
        || f.has(class::CLAUSE_ADV) && !f.is_cap();
    !object
}

/// The subject after an inverted verb, when what follows the verb is a noun phrase that
/// ends the clause: "..., said Moreno.", "“...,” said a spokesman for the ministry, ...".
fn inverted_subject(ua: &Items<'_, '_>, a: usize) -> Option<Np> {
    let np = ua.np_after(a)?;
    if let NpKind::Pronoun(_) = np.kind {
        // ", said he." is archaic; "..., said he would" is a report.
        if !(np.end >= ua.len() || is_sep(ua, np.end) || ua.is_p(np.end, b'.')) {
            return None;
        }
    }
    let e = np.end;
    let ok = e >= ua.len()
        || is_sep(ua, e)
        || ends_sentence(ua, e)
        || ua.is_p(e, b'(')
        || ua.is_quote(e)
        || ua.has(e, class::PREP | class::TIME | class::SUBORD);
    ok.then_some(np)
}

/// For a verb preceded by a comma: the head of "X, a Y of Z, said" or "X, who ..., said".
fn apposition_head(ua: &Items<'_, '_>, comma: usize, depth: u8) -> Option<Np> {
    let mut j = comma;
    let mut steps = 0;
    let closing = ua.f(comma).p;
    while j > 0 && steps < 30 {
        j -= 1;
        steps += 1;
        if ua.is_quote(j) {
            // A title in quotation marks inside the apposition ("the author of “Open
            // Doors,”") is fine. After an utterance the clause starts: "“...,” Dana
            // Ruiz, the county attorney, said" is headed by the phrase after it.
            if j > 0 && (ua.has(j - 1, class::PREP | class::DET) || ua.is_possessive(j - 1)) {
                continue;
            }
            let np = ua.np_before(comma.checked_sub(1)?)?;
            return (np.first == j + 1).then_some(np);
        }
        if ua.f(j).p == closing && (closing == b',' || closing == b'-') {
            if closing == b',' && place_comma(ua, j, comma) {
                continue;
            }
            break;
        }
        // ("one of the states in the case": a cue word after a determiner is a noun.)
        if ua.is_cue_word(j)
            && !ua.f(j).is_cap()
            && steps > 1
            && !(j > 0 && (ua.has(j - 1, class::DET | class::POSS) || ua.is_possessive(j - 1)))
        {
            // A cue inside: this comma closes a clause, not an apposition, unless a
            // relative pronoun introduced it ("who has said").
            let rel_before = (j.saturating_sub(6)..j).any(|q| ua.has(q, class::REL));
            if !rel_before {
                return None;
            }
        }
    }
    if !(ua.is_p(j, b',') || ua.is_p(j, b'-')) || j == 0 || j + 1 >= comma {
        return None;
    }
    // What the apposition may start with: a determiner, a number ("Ortiz, 56,"), a
    // relative pronoun, a title or role, a capitalised word, a preposition ("in the wake
    // of ...").
    let a = j + 1;
    let fa = ua.f(a);
    let starts = fa
        .has(class::DET | class::POSS | class::REL | class::TITLE | class::ROLE | class::PREP)
        || (fa.has(class::PRON_OTHER) && ua.is_w(a + 1, "of"))
        || fa.shape & shape::NUM != 0
        || fa.is_cap()
        || (fa.is_word() && !fa.has(class::PRONOUN | class::FUNCTION));
    if !starts || ua.has(a, class::SUBORD) && !ua.has(a, class::PREP) {
        return None;
    }
    let mut np = ua.np_before(j - 1)?;
    // An age is an apposition of its own: "Carla Whitmore, 47, of Dayton, Ohio, said".
    if np.first + 1 == np.end
        && ua.f(np.first).shape & shape::NUM != 0
        && np.first >= 2
        && ua.is_p(np.first - 1, b',')
        && let Some(name) = ua.np_before(np.first - 2)
        && name.kind == NpKind::Name
    {
        np = name;
    }
    // The head starts the clause (or follows a separator, a conjunction or an opening
    // quotation).
    let s = np.first;
    // A common noun phrase after a comma may itself be an apposition: "Dana Ruiz, the
    // city attorney, one of the lawyers suing, said".
    if (np.kind == NpKind::Common || !ua.f(s).is_cap() || ua.has(s, class::DET))
        && s >= 2
        && ua.is_p(s - 1, b',')
        && depth > 0
        && let Some(head) = apposition_head(ua, s - 1, depth - 1)
    {
        return Some(head);
    }
    if s == 0
        || is_sep(ua, s - 1)
        || ua.is_quote(s - 1)
        || ua.has(s - 1, class::CONJ | class::SUBORD | class::REL)
    {
        Some(np)
    } else {
        // Maybe an apposition of an apposition: "Tom Becker, head of the union,
        // which represents nurses, said".
        if s >= 2 && ua.is_p(s - 1, b',') && depth > 0 {
            return apposition_head(ua, s - 1, depth - 1).or(Some(np));
        }
        // Two appositions: "Dana Ruiz, the attorney general of Kansas, one of the
        // states in the lawsuit, said".
        if depth > 0 && ua.is_p(j, b',') {
            return apposition_head(ua, j, depth - 1);
        }
        None
    }
}

/// Is the comma at `j` the one inside a place in an apposition, "of Dayton, Ohio," or "from
/// Reno, Nev.,": a capitalised word or two after a preposition, the comma, and one or
/// two capitalised words up to the apposition's closing comma at `close`?
fn place_comma(ua: &Items<'_, '_>, j: usize, close: usize) -> bool {
    let state = close - j - 1;
    if !(1..=2).contains(&state) || !(j + 1..close).all(|k| ua.f(k).is_cap()) {
        return false;
    }
    // The city: one or two capitalised words after "of", "from" or "in".
    (1..=2).any(|w| {
        j > w
            && (j - w..j).all(|k| ua.f(k).is_cap())
            && (ua.is_w(j - w - 1, "of") || ua.is_w(j - w - 1, "from") || ua.is_w(j - w - 1, "in"))
    })
}

/// Skip an apposition after an inverted subject: "said Paul R. Hendry, a senior
/// official at the agency" runs to the end of the clause unless a quotation or a cue
/// follows.
fn skip_apposition_after(ua: &Items<'_, '_>, mut j: usize) -> usize {
    if !ua.is_p(j, b',') {
        return j;
    }
    let start = j;
    j += 1;
    let f = ua.f(j);
    let looks = f.has(class::DET | class::POSS | class::TITLE | class::ROLE | class::REL)
        || (f.has(class::PRON_OTHER) && ua.is_w(j + 1, "of"))
        || f.shape & shape::NUM != 0
        || f.is_cap();
    // "As reported by the Herald, the auditors have ...": a clause with its own
    // verb is the report, not an apposition to the agent.
    if !looks || ua.is_quote(j) || clause_with_tense(ua, j) {
        return start;
    }
    while j < ua.len() {
        if ua.is_quote(j) || ends_sentence(ua, j) || ua.is_p(j, b';') {
            break;
        }
        if ua.is_p(j, b',') {
            // The apposition ends here when a new clause or quotation follows.
            let n = j + 1;
            if ua.is_quote(n) || is_subject_pronoun(ua, n) || ua.is_cue_word(n) {
                break;
            }
        }
        j += 1;
    }
    j
}

/// "was told by X": the agent of a passive cue.
fn by_agent(ua: &Items<'_, '_>, mut j: usize) -> Option<Np> {
    let mut steps = 0;
    while j < ua.len() && steps < 4 {
        if ua.is_w(j, "by") {
            return ua.np_after(j + 1);
        }
        if !ua.f(j).is_word() || ua.is_w(j, "that") {
            return None;
        }
        j += 1;
        steps += 1;
    }
    None
}

/// Skip the addressee of "told", "warned", "assured": a pronoun, a name, "reporters", or a
/// short noun phrase ("the crowd", "WXYZ's “City Desk”").
fn skip_object(ua: &Items<'_, '_>, j: usize) -> usize {
    if j >= ua.len() {
        return j;
    }
    let f = ua.f(j);
    if ua.is_w(j, "that") || ua.is_quote(j) || !f.is_word() {
        return j;
    }
    if ua.has(j, class::PRON_OBJ)
        || ua.is_w(j, "you")
        || ua.is_w(j, "reporters")
        || ua.is_w(j, "journalists")
    {
        return j + 1;
    }
    if f.has(class::FUNCTION) && !f.has(class::DET) {
        return j;
    }
    // A determiner or capitalised words, with possessives and a title in quotation marks.
    let mut k = j;
    if f.has(class::DET | class::POSS) {
        k += 1;
    }
    let mut caps = false;
    let mut lower = 0;
    while k < ua.len() && k - j < 8 {
        let fk = ua.f(k);
        if ua.is_possessive(k) {
            k += 1;
            if ua.is_quote(k) {
                k += 1;
                break;
            }
            // "told KXLY's weekly radio call-in program it is clear": the
            // possessor's lower-case head noun, up to the clause.
            let mut h = k;
            while h < ua.len()
                && h - k < 5
                && ua.f(h).is_word()
                && !ua.f(h).is_cap()
                && !ua.has(h, class::FUNCTION | class::PRONOUN | class::DET)
                && ua.f(h).cue == 0
            {
                h += 1;
            }
            if h > k && (is_subject_pronoun(ua, h) || ua.is_w(h, "that")) {
                k = h;
                break;
            }
            continue;
        }
        if fk.is_word() && fk.is_cap() && !fk.has(class::PRONOUN | class::FUNCTION) {
            caps = true;
            k += 1;
            continue;
        }
        if caps {
            break;
        }
        if fk.is_word() && !fk.has(class::FUNCTION | class::PRONOUN | class::DET) && fk.cue == 0 {
            lower += 1;
            k += 1;
            if fk.has(class::AUDIENCE) || lower >= 2 {
                break;
            }
            continue;
        }
        break;
    }
    k
}

/// Skip time and place after a cue: "on Tuesday", "Friday afternoon", "in a statement",
/// "at a news conference in Geneva", "of the prospect", "last week", ", however,".
fn skip_adjuncts(ua: &Items<'_, '_>, mut j: usize) -> usize {
    let n = ua.len();
    let mut guard = 0;
    while j < n && guard < 8 {
        guard += 1;
        let f = ua.f(j);
        if ua.is_quote(j) {
            break;
        }
        if ua.is_w(j, "that") {
            // "that night", but not "that this was".
            if ua.has(j + 1, class::TIME) && !ua.has(j + 1, class::DET) {
                j += 2;
                continue;
            }
            break;
        }
        if f.has(class::CLAUSE_ADV) && !f.is_cap() && !f.has(class::CONJ) {
            // "said instead that".
            j += 1;
            continue;
        }
        if f.has(class::TIME) && !f.has(class::DET) || f.has(class::ADV) && !f.has(class::FUNCTION)
        {
            // "Friday afternoon", "Sept. 26", "also", "later".
            j += 1;
            while j < n
                && (ua.has(j, class::TIME) && !ua.is_w(j, "that")
                    || ua.f(j).shape & shape::NUM != 0)
            {
                j += 1;
            }
            continue;
        }
        if f.has(class::TIME) && f.has(class::DET) {
            // "last week", "this month", but not "this is".
            if ua.has(j + 1, class::TIME) && !ua.has(j + 1, class::DET) {
                j += 2;
                continue;
            }
            break;
        }
        let approx = ua.has_lower(j, class::APPROX) && ua.f(j + 1).shape & shape::NUM != 0;
        if f.has(class::PREP) && !ua.is_w(j, "like") && !approx {
            // A prepositional phrase: the preposition and a noun phrase, which ends before
            // a new noun phrase, a clause, a separator, another preposition or "that".
            let mut k = j + 1;
            let mut seen_noun = false;
            while k < n && k - j < 10 {
                let fk = ua.f(k);
                if ua.is_quote(k) {
                    // A title in quotation marks ("on “Capitol Week”", "on WXYZ's
                    // "City Desk"").
                    if (seen_noun
                        || ua.has(k - 1, class::POSS | class::DET | class::PREP)
                        || ua.is_possessive(k - 1))
                        && title_like(ua, k)
                    {
                        k += 1;
                        seen_noun = true;
                        continue;
                    }
                    break;
                }
                if ua.is_possessive(k) {
                    k += 1;
                    continue;
                }
                if !fk.is_word() && fk.shape & shape::NUM == 0 {
                    break;
                }
                if ua.is_w(k, "that") || is_subject_pronoun(ua, k) {
                    break;
                }
                if seen_noun && fk.has(class::DET | class::POSS) {
                    break;
                }
                if fk.has(class::CONJ | class::SUBORD | class::WH | class::AUX)
                    && !fk.has(class::PREP)
                {
                    break;
                }
                // A cue word after an article or a name is a noun ("in a March report").
                let noun = fk.cue != 0
                    && k > j + 1
                    && (ua.has(k - 1, class::DET | class::POSS)
                        || ua.f(k - 1).is_cap()
                        || ua.is_possessive(k - 1));
                // "during Monday's conference call": a verb that reports only through its
                // preposition is a noun without it.
                let prep_less = ua
                    .ctx
                    .cue(ua.tok(k).unwrap_or(0))
                    .is_some_and(|c| c.prep_only && c.preps & prep_bit(ua.word(k + 1)) == 0);
                if fk.cue != 0 && !fk.is_cap() && !noun && !prep_less {
                    break;
                }
                if fk.has(class::PREP) && seen_noun && !ua.is_w(k, "of") {
                    break;
                }
                if !fk.has(class::DET | class::POSS | class::PREP) {
                    seen_noun = true;
                }
                k += 1;
            }
            if !seen_noun {
                break;
            }
            j = k;
            continue;
        }
        if ua.is_p(j, b',') {
            // ", however,", ", in a statement," before "that".
            let a = j + 1;
            let fa = ua.f(a);
            if fa.has(class::CLAUSE_ADV | class::ADV) && ua.is_p(a + 1, b',') {
                j = a + 2;
                continue;
            }
            if fa.has(class::PREP) && !fa.has(class::SUBORD) {
                let e = skip_adjuncts(ua, a);
                if e > a && ua.is_p(e, b',') && !ua.is_quote(e + 1) {
                    j = e + 1;
                    continue;
                }
            }
            break;
        }
        break;
    }
    j
}

/// What follows a cue's clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    /// The unit ends (or a full stop).
    End,
    /// A comma; what follows starts at the item.
    Comma(usize),
    /// Content starts at the item; true when introduced by "that".
    Content(usize, bool),
    /// A colon ending the unit.
    Colon,
    /// An adverbial clause ("as he left", "when asked").
    Adjunct,
}

fn after(ua: &Items<'_, '_>, j: usize, direct: bool) -> After {
    let n = ua.len();
    if j >= n {
        return After::End;
    }
    if ua.is_quote(j) {
        return After::Content(j, false);
    }
    let f = ua.f(j);
    if ua.is_p(j, b',') || ua.is_p(j, b'-') {
        return if j + 1 < n && !ends_unit(ua, j + 1) {
            After::Comma(j + 1)
        } else {
            After::End
        };
    }
    if ua.is_p(j, b':') {
        return if j + 1 < n && !ends_unit(ua, j + 1) {
            After::Content(j + 1, false)
        } else {
            After::Colon
        };
    }
    if f.shape & shape::PUNCT != 0 {
        return After::End;
    }
    if ua.is_w(j, "that") {
        // Right after the cue, "that" introduces the content. After an addressee or an
        // adjunct it may be a relative pronoun, followed by a verb ("told a group at the
        // cafe that filled the sidewalk").
        if j + 1 >= n || ends_unit(ua, j + 1) {
            return After::End;
        }
        let v = j + 1;
        let w = ua.word(v);
        let verb = !ua.f(v).is_cap()
            && (ua.has(v, class::AUX | class::NEG) && !ua.has(v, class::PRONOUN)
                || ua.is_cue_word(v)
                || (w.ends_with("ed") && w.len() > 4));
        if !verb {
            return After::Content(v, true);
        }
        // "said that was a mistake": "that" is the subject.
        return if direct {
            After::Content(j, false)
        } else {
            After::Adjunct
        };
    }
    if f.has(class::SUBORD) && !ua.is_w(j, "if") && !f.has(class::WH) {
        return After::Adjunct;
    }
    if f.is_word() || f.shape & shape::NUM != 0 || f.shape & shape::SYMBOL != 0 {
        return After::Content(j, false);
    }
    After::End
}

/// Only closing punctuation from `k` to the unit's end.
fn ends_unit(ua: &Items<'_, '_>, k: usize) -> bool {
    (k..ua.len()).all(|i| !ua.is_quote(i) && ua.f(i).shape & shape::PUNCT != 0)
}

/// Is there something to report between `a` and the clause starting at `cs` (which must
/// follow a separator or a quotation)?
fn has_content_before(ua: &Items<'_, '_>, a: usize, cs: usize) -> bool {
    if cs == 0 || cs <= a {
        return false;
    }
    // "..., as officials have said".
    let cs = if cs >= 2 && ua.is_w(cs - 1, "as") && ua.is_p(cs - 2, b',') {
        cs - 1
    } else {
        cs
    };
    let p = cs - 1;
    if !(is_sep(ua, p) || ua.is_quote(p)) {
        return false;
    }
    let end = if ua.is_quote(p) { cs } else { p };
    let mut words = 0;
    for k in a..end {
        if ua.is_quote(k) {
            return true;
        }
        if ua.is_wordlike(k) && !ua.has(k, class::CONJ) {
            words += 1;
        }
    }
    words >= 1
}

/// "according to X": content before ("..., according to X") or after ("According to X,
/// ...").
fn according(ua: &Items<'_, '_>, k: usize, prev: &[Frame]) -> Option<Frame> {
    // The source: a noun phrase, or whatever words run to the next separator ("according
    // to early counts", "according to a report Monday from KXLY").
    let np = ua.np_after(k + 2).or_else(|| {
        let a = k + 2;
        let mut e = a;
        while e < ua.len() && e - a < 12 && (ua.is_wordlike(e) || ua.is_possessive(e)) {
            e += 1;
        }
        let stops = e >= ua.len() || is_sep(ua, e) || ends_sentence(ua, e);
        (e > a && stops && ua.is_wordlike(a)).then(|| ua.np(a, e, NpKind::Common))
    })?;
    let mut ce = np.end;
    // "according to a report by X", "according to X, a Y of Z".
    while ce < ua.len()
        && !is_sep(ua, ce)
        && !ends_sentence(ua, ce)
        && !ua.is_quote(ce)
        && ce - np.end < 20
    {
        ce += 1;
    }
    let region_start = prev
        .iter()
        .rev()
        .find(|f| !embedded(ua, f))
        .map_or(0, |f| f.ce.min(k));
    let lead = (region_start..k).all(|i| {
        !ua.is_quote(i) && (!ua.is_wordlike(i) || ua.has(i, class::CONJ | class::CLAUSE_ADV))
    });
    let orient = if lead {
        if ua.is_p(ce, b',') {
            Orient::Head(ce + 1)
        } else {
            Orient::Orphan
        }
    } else {
        Orient::Tail
    };
    let ce = if lead {
        ce
    } else {
        skip_apposition_after(ua, ce)
    };
    Some(Frame {
        kind: CueKind::According,
        cue: (k, k + 2),
        speaker: Some(np),
        mention: None,
        inherit: false,
        cs: k,
        ce,
        orient,
        that: false,
        colon: false,
        weak: false,
    })
}

/// "his claim that ...", "the mayor’s insistence that ...": a nominal cue with a possessor.
fn nominal(ua: &Items<'_, '_>, k: usize) -> Option<Frame> {
    let next = k + 1;
    let content = if (ua.is_w(next, "that") && clause_start(ua, next + 1)) || ua.is_p(next, b':') {
        next + 1
    } else {
        return None;
    };
    if content >= ua.len() || ends_unit(ua, content) {
        return None;
    }
    // The possessor: "his", "her", "their", "its", or a name before "’s", with an
    // adjective between ("his repeated claim", "Ortiz's false assertion").
    let mut p = k.checked_sub(1)?;
    let mut steps = 0;
    while steps < 2
        && p > 0
        && ua.f(p).is_word()
        && !ua.f(p).is_cap()
        && !ua.has(p, class::POSS | class::DET | class::FUNCTION)
        && !ua.is_possessive(p)
    {
        p -= 1;
        steps += 1;
    }
    let speaker = if ua.has(p, class::POSS) && !ua.is_w(p, "whose") {
        // The possessive stands for its owner: "his" for a man, "their" for a group.
        let flags = match ua.lower(p, &mut [0u8; 32]) {
            "his" => class::PRON_M,
            "her" => class::PRON_F,
            "its" => class::PRON_N,
            "their" => class::PRON_P,
            _ => ua.f(p).flags,
        };
        Some(ua.np(p, p + 1, NpKind::Pronoun(flags)))
    } else if ua.is_possessive(p) && p > 0 {
        ua.np_before(p - 1)
    } else {
        None
    }?;
    Some(Frame {
        kind: CueKind::Nominal,
        cue: (k, k + 1),
        speaker: Some(speaker),
        mention: None,
        inherit: false,
        cs: speaker.first,
        ce: content,
        orient: Orient::Head(content),
        that: ua.is_w(next, "that"),
        colon: false,
        weak: false,
    })
}

/// Where content starting at `from` ends: the unit's end, or before the separator or
/// conjunction that opens a later cue's clause.
fn content_end(ua: &Items<'_, '_>, from: usize, frames: &[Frame], me: usize, classes: u8) -> usize {
    let mut end = ua.len();
    for (i, fr) in frames.iter().enumerate() {
        if i <= me || fr.cs <= from {
            continue;
        }
        let s = fr.cs;
        let cut = if fr.inherit && fr.weak {
            None
        } else if fr.inherit {
            // A participle or a coordinated verb: its clause starts at its separator or
            // conjunction.
            Some(s)
        } else if fr.kind == CueKind::According && s > from && is_sep(ua, s - 1) {
            Some(s - 1)
        } else if s > from && (is_sep(ua, s - 1) || ua.is_p(s - 1, b';')) {
            // ", he said," in the middle, or "; she added".
            Some(s - 1)
        } else if s > from + 1
            && ua.has(s - 1, class::CONJ | class::SUBORD)
            && (is_sep(ua, s - 2) || ua.is_p(s - 2, b';'))
        {
            // ", though he conceded", ", but he said".
            Some(s - 2)
        } else if s > from + 1
            && ua.has(s - 1, class::CONJ | class::SUBORD)
            && quote_ends_with(ua, s - 2, b',')
        {
            // "because “you cover your own street,” though he noted": the separator is
            // inside the closing quotation, which stays with the content before it.
            Some(s - 1)
        } else if s > from + 1
            && (ua.is_w(s - 1, "and") || ua.is_w(s - 1, "but"))
            && fr.speaker.is_some()
            && !fr.weak
        {
            // "The union said ... and the company accused ...".
            Some(s - 1)
        } else if !fr.weak && fr.speaker.is_some() {
            // ", though a check of the files indicates": a subject longer than its phrase.
            (s.saturating_sub(8).max(from + 1)..s)
                .rev()
                .take_while(|&q| !ua.is_quote(q) && !ends_sentence(ua, q))
                .find(|&q| {
                    ua.has(q, class::CONJ | class::SUBORD)
                        && !ua.has(q, class::PREP)
                        && q > from
                        && is_sep(ua, q - 1)
                })
                .map(|q| q - 1)
        } else {
            None
        };
        // "According to his account, after reading the file, he insisted that ...": a
        // fronted adverbial alone is no report; the source covers the clause after it,
        // the report inside included.
        if let Some(c) = cut
            && frames[me].kind == CueKind::According
            && c > from
            && adverbial(ua, from, c)
        {
            continue;
        }
        if let Some(c) = cut {
            end = end.min(c);
            break;
        }
    }
    // A coordinated reporting verb ends the content even when it reports nothing itself
    // ("announced that she was retiring and vowed to ...").
    for k in from + 1..end.saturating_sub(1) {
        if ua.is_w(k, "and") || ua.is_w(k, "but") {
            let mut v = k + 1;
            while v < end && ua.has(v, class::ADV) && !ua.f(v).is_cap() {
                v += 1;
            }
            if v < end
                && ua.is_cue_word(v)
                && !ua.f(v).is_cap()
                && ua.ctx.cue(ua.tok(v).unwrap_or(0)).is_some_and(|c| {
                    // "budget cuts and union demands": an -s form may be a noun.
                    (c.form == Form::Past || c.form == Form::Third && !c.noun)
                        && classes & c.class.bit() != 0
                })
            {
                end = if k > from && ua.is_p(k - 1, b',') {
                    k - 1
                } else {
                    k
                };
                break;
            }
        }
    }
    optional_tail(ua, from, end)
}

/// The end of content `from..end` without a trailing addition that reports often leave
/// out: a participle (", citing ..."), a relative clause (", which ..."), an apposition
/// to a name (", a former governor ..."), a clause after a semicolon. Annotators split
/// about evenly on including them, and a quote is found when it covers most of the
/// reference and lies mostly inside it: keeping a short addition costs nothing either
/// way, so only one longer than the report itself is cut.
fn optional_tail(ua: &Items<'_, '_>, from: usize, end: usize) -> usize {
    let start_byte = |k: usize| item_start(ua, k);
    if end <= from + 1 {
        return end;
    }
    let total_end = item_end(ua, end - 1);
    let mut words = 0;
    for k in from..end {
        if ua.is_quote(k) {
            words += 3;
        } else if ua.is_wordlike(k) {
            words += 1;
        }
        // A comma inside a closing quotation counts: "“... by the mayor,” referring to".
        let quote_comma = quote_ends_with(ua, k, b',');
        let sep = ua.is_p(k, b',') || ua.is_p(k, b';') || quote_comma;
        if words < 3 || !sep || k + 1 >= end {
            continue;
        }
        let n = k + 1;
        let participle = ua.is_gerund(n);
        // A relative clause closed by a comma before the verb of the clause it is in
        // ("the curfew, which had been imposed in June, would be lifted") is in the
        // middle of the report, not a tail.
        let relative = ua.has(n, class::REL)
            && !(n + 1..end).any(|q| ua.is_p(q, b',') && finite_aux(ua, q + 1));
        // An apposition that ends the report (not one in the middle of its subject:
        // "Sen. Dana Ruiz (Kan.), a Democratic candidate, made it ...").
        // Not when the clause's verb comes after it ("flooding of the Transit Authority,
        // the Water Board and county offices can be blamed").
        let apposition = ua.has(n, class::DET)
            && k > from
            && (ua.f(k - 1).is_cap() || ua.is_p(k - 1, b')'))
            && !(n..end).any(|q| ua.is_p(q, b','))
            && !(n + 1..end)
                .take_while(|&q| !ua.has(q, class::REL | class::WH | class::THAT | class::SUBORD))
                .any(|q| finite_aux(ua, q));
        let semicolon = ua.is_p(k, b';');
        // ", and the decision is raising fears": a second main clause with its own
        // subject.
        let contrast = ua.has(n, class::CONTRAST)
            || ua.is_w(n, "and")
                && !quote_comma
                && (is_subject_pronoun(ua, n + 1) || clause_with_tense(ua, n + 1));
        if participle || relative || apposition || semicolon || contrast {
            let cut = if quote_comma { k + 1 } else { k };
            let head = start_byte(cut.min(end - 1)) - start_byte(from);
            let tail = total_end - start_byte(cut.min(end - 1));
            if tail > head {
                return cut;
            }
        }
    }
    end
}

/// Content that is a noun phrase, not a clause ("reported a loss of $2.40 per share",
/// "has not mentioned Ortiz", "criticized her budget") ends with the phrase: before a
/// separator, or a subordinate clause or adjunct that describes the report ("..., well
/// below the $1.05 analysts expected", "since the hearing", "when she ran"). A clause
/// (a pronoun subject, or a verb) keeps its full extent.
fn noun_phrase_end(ua: &Items<'_, '_>, c: usize, e: usize) -> usize {
    if ua.is_w(c, "as")
        && ua.is_w(c + 1, "much")
        && (!ua.f(c + 2).is_word() || ua.has(c + 2, class::PREP))
    {
        return (c + 2).min(e);
    }
    if is_subject_pronoun(ua, c)
        || ua.has(
            c,
            class::WH | class::THERE | class::SUBORD | class::PREP | class::AUX,
        )
        || ua.is_w(c, "that")
        || (c..e).any(|k| ua.is_quote(k))
    {
        return e;
    }
    // A gerund opens a clause of its own ("raising the toll on the bridge").
    if ua.word(c).ends_with("ing") && !ua.f(c).is_cap() {
        return e;
    }
    let mut k = c;
    while k < e {
        let f = ua.f(k);
        if k > c && looks_like_verb(ua, k) {
            return e;
        }
        // "signaled support for the levy but has been met with protests", "pointed to
        // the mayor's record and praised her": a second verb of the reporting clause.
        if k > c
            && ua.has(k, class::CONJ)
            && !(c..k).any(|q| ua.has(q, class::REL) || ua.is_w(q, "that"))
            && (ua.has(k + 1, class::AUX) && !ua.has(k + 1, class::PRONOUN)
                || ua.word(k + 1).ends_with("ed")
                    && ua.word(k + 1).len() > 4
                    && !ua.f(k + 1).is_cap())
        {
            return k;
        }
        let adjunct = f.has(class::TIME_SUB) && !f.is_cap();
        let stop = is_sep(ua, k) || ua.is_p(k, b';') || ua.is_p(k, b'(') || ends_sentence(ua, k);
        if k > c && adjunct {
            return k;
        }
        // "small farms and ranches - organic, dairy, cattle and poultry - would
        // qualify": a phrase between dashes inside the subject of a clause.
        if k > c
            && ua.is_p(k, b'-')
            && let Some(q) = (k + 1..e.min(k + 16)).find(|&q| ua.is_p(q, b'-'))
            && (ua.has(q + 1, class::AUX | class::NEG) && !ua.has(q + 1, class::PRONOUN)
                || looks_like_verb(ua, q + 1))
        {
            return e;
        }
        if k > c && stop && is_sep(ua, k) && name_list(ua, k, e) {
            // "buyers from Brazil, Chile and South Korea": a list goes on.
            k += 1;
            continue;
        }
        if k > c && stop {
            // "members of the club, also known as the Riders, were posting": an
            // apposition inside the subject of a clause.
            // "her home state of Kansas on Aug. 2, she would ...": a clause follows.
            if ua.is_p(k, b',')
                && (is_subject_pronoun(ua, k + 1)
                    || (k + 1..e.min(k + 12))
                        .find(|&q| ua.is_p(q, b','))
                        .is_some_and(|q| {
                            let f = ua.f(q + 1);
                            f.is_word()
                                && !f.is_cap()
                                && !f.has(class::FUNCTION | class::DET | class::PRONOUN)
                                && !f.has(class::ADV | class::CLAUSE_ADV | class::TIME)
                                && !ua.word(q + 1).ends_with("ing")
                                || f.has(class::AUX | class::NEG) && !f.has(class::PRONOUN)
                        }))
            {
                return e;
            }
            return k;
        }
        k += 1;
    }
    e
}

/// Does a list of names go on after the comma at `k` ("Brazil, Chile and South Korea",
/// "Maine, Vermont, Oregon, and Nevada")?
fn name_list(ua: &Items<'_, '_>, k: usize, e: usize) -> bool {
    if !ua.is_p(k, b',') || !ua.f(k + 1).is_cap() || k > 0 && !ua.f(k - 1).is_cap() {
        return false;
    }
    let mut q = k + 1;
    while q < e && q < k + 16 {
        let f = ua.f(q);
        if ua.is_w(q, "and") || ua.is_w(q, "or") {
            return ua.f(q + 1).is_cap() && ua.f(q + 1).is_word();
        }
        if !(f.is_cap() && f.is_word()
            || ua.is_p(q, b',')
            || ua.is_possessive(q)
            || ua.is_p(q, b'.'))
        {
            return false;
        }
        q += 1;
    }
    false
}

/// The end of a free relative clause ("what the mayor says her plan would do") whose cue's
/// clause ends at `from`: before a separator or a conjunction, or before the verb of the
/// sentence it is the subject of.
fn free_relative_end(ua: &Items<'_, '_>, from: usize, e: usize) -> usize {
    let mut verb = false;
    for k in from..e {
        if ua.is_p(k, b';')
            || verb && (is_sep(ua, k) || ua.is_w(k, "and") || ua.is_w(k, "or") || ua.is_w(k, "but"))
        {
            return k;
        }
        let v = ua.has(k, class::AUX) && !ua.has(k, class::PRONOUN) && !ua.is_possessive(k)
            || looks_like_verb(ua, k);
        if v && verb && !ua.has(k - 1, class::AUX | class::NEG) {
            return k;
        }
        verb |= v;
    }
    e
}

/// Could the word at `k` be the verb of a clause: an auxiliary, a reporting verb form, a
/// past participle, or a plain word right after a name or a plural noun ("Farmers
/// make up", "those meetings came", "thousands lost")?
fn looks_like_verb(ua: &Items<'_, '_>, k: usize) -> bool {
    if k >= ua.len() || !ua.f(k).is_word() || ua.is_possessive(k) {
        return false;
    }
    let f = ua.f(k);
    if f.has(class::AUX | class::NEG) && !f.has(class::PRONOUN) {
        return true;
    }
    if f.is_cap()
        || f.has(class::FUNCTION | class::DET | class::POSS | class::TIME | class::PRONOUN)
    {
        return false;
    }
    let w = ua.word(k);
    // The word before, adverbs skipped ("the members instead vote").
    let mut p = k;
    while p > 0 && (ua.has(p - 1, class::ADV | class::CLAUSE_ADV) && !ua.f(p - 1).is_cap()) {
        p -= 1;
    }
    let Some(p) = p.checked_sub(1) else {
        return false;
    };
    let after_noun = !ua.has(p, class::DET | class::POSS | class::PREP | class::FUNCTION);
    if ua
        .ctx
        .cue(ua.tok(k).unwrap_or(0))
        .is_some_and(|cue| matches!(cue.form, Form::Past | Form::Third))
        && after_noun
    {
        return true;
    }
    if (w.ends_with("ed") && w.len() > 4 || f.has(class::PAST))
        && after_noun
        && !ua.has(p, class::AUX)
    {
        return true;
    }
    if w.ends_with("ly") {
        return false;
    }
    let pw = ua.word(p);
    let plural = pw.len() > 3
        && pw.ends_with('s')
        && !pw.ends_with("ss")
        && !ua.f(p).is_cap()
        && !ua.is_cue_word(p);
    let name = ua.f(p).is_cap() && !ua.has(p, class::FUNCTION | class::DET | class::TITLE);
    after_noun && (plural || name) && ua.f(p).is_word()
}

/// Turn frames into attributions with content pieces.
fn contents(
    ua: &Items<'_, '_>,
    ui: usize,
    frames: &[Frame],
    indirect: bool,
    classes: u8,
    out: &mut Vec<Attr>,
) {
    let n = ua.len();
    // The end of the region claimed so far: content or clause of earlier frames.
    let mut claimed = 0usize;
    // The end of the region claimed by earlier cues that follow their content.
    let mut claimed_tail = 0usize;
    let first_out = out.len();
    let mut covered = vec![false; n];
    for (i, fr) in frames.iter().enumerate() {
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        // A cue that may be a noun ("the vote signals", "union demands") claims
        // nothing: a report around it may still take its words.
        let mut next_claim = if embedded(ua, fr) || fr.weak {
            0
        } else {
            fr.ce
        };
        match fr.orient {
            Orient::Head(c) if fr.kind == CueKind::Fronted => {
                pieces.push((c, fr.ce));
                next_claim = fr.ce;
            }
            Orient::Head(c) => {
                let mut e = content_end(ua, c, frames, i, classes);
                // "once she has said her bit, she will step aside", "Lee's parents, who
                // asked to see the report, read it": the report ends with the
                // subordinate or relative clause it is in, and leaves the main clause free
                // for its own cue.
                // A relative clause or a participle after that comma ("though she noted
                // she pressed for audits, which mostly affect developers") still belongs
                // to the report: no main clause follows.
                if embedded(ua, fr)
                    && let Some(q) = (c..e).find(|&q| ua.is_p(q, b','))
                    && !trailing_modifier(ua, q + 1)
                {
                    e = q;
                }
                let marked = fr.that || ua.is_quote(c) || c > 0 && ua.is_p(c - 1, b':');
                if !marked {
                    e = noun_phrase_end(ua, c, e);
                }
                // "Ortiz's claim that she still has a path would depend on ...": a claim
                // that is the subject of its sentence reports up to the sentence's verb.
                if fr.kind == CueKind::Nominal && (fr.cs == 0 || clause_boundary(ua, fr.cs - 1)) {
                    e = subject_clause_end(ua, c, e);
                }
                // "what the mayor says the levy will fund and what critics say ... divided
                // the council": a free relative is a phrase of the sentence around it.
                if c < fr.cs && ua.has(c, class::WH) && !ua.has(c, class::REL) {
                    e = free_relative_end(ua, fr.ce, e);
                }
                // "saying, “That is just good business,” when Ortiz criticized him": narrative
                // after a quotation that closes with a comma.
                if ua.is_quote(c)
                    && c + 1 < e
                    && quote_ends_with(ua, c, b',')
                    && (ua.has(c + 1, class::SUBORD) && !ua.is_w(c + 1, "that")
                        || ua.word(c + 1).ends_with("ing") && !ua.f(c + 1).is_cap())
                {
                    e = c + 1;
                }
                if e > c {
                    pieces.push((c, e));
                    if !embedded(ua, fr) && !fr.weak {
                        next_claim = e;
                    }
                }
            }
            Orient::Tail => {
                // A cue closing its sentence ("..., the aide added.", "..., the Herald
                // reported.") reports everything before it, reports inside included.
                let closing = fr.kind != CueKind::Fronted
                    && !fr.inherit
                    && (fr.ce >= n || ends_unit(ua, fr.ce) || ends_sentence(ua, fr.ce));
                let base = if closing { claimed_tail } else { claimed };
                let a = tail_start(ua, base.min(fr.cs), fr.cs);
                claimed_tail = claimed_tail.max(fr.ce);
                let mut e = if fr.cs > 0 && is_sep(ua, fr.cs - 1) {
                    fr.cs - 1
                } else {
                    fr.cs
                };
                if e >= 2 && ua.is_w(e - 1, "as") && ua.is_p(e - 2, b',') {
                    e -= 2;
                }
                // A fronted adverbial alone is no report ("At the hearing, Ortiz
                // mentioned ..."); before a continuation it is part of one ("Though the
                // handover was smooth, he said, finding a successor would be ...").
                let fronted = e > a && adverbial(ua, a, e);
                if e > a && !fronted {
                    pieces.push((a, e));
                }
                // "A, he said, B" / "“A,” he said, “B.”": a second piece after the clause.
                let mut j = fr.ce;
                if ua.is_p(j, b',') || ua.is_p(j, b'-') || ua.is_p(j, b':') {
                    j += 1;
                    let direct = pieces
                        .iter()
                        .all(|&(a, e)| (a..e).all(|k| ua.is_quote(k) || !ua.is_wordlike(k)));
                    let direct_only = !pieces.is_empty() && direct;
                    // Reported speech without quotation marks.
                    let plain = !pieces.is_empty()
                        && pieces.iter().all(|&(a, e)| (a..e).all(|k| !ua.is_quote(k)));
                    if direct_only && !ua.is_quote(j) {
                        // "“A,” Moreno said, referring to the delay, “B.”": the quotation
                        // resumes after an adjunct.
                        if let Some(q) = (j..n.min(j + 20))
                            .take_while(|&q| !ends_sentence(ua, q) && !starts_frame(q, frames, i))
                            .find(|&q| ua.is_quote(q) && q > 0 && ua.is_p(q - 1, b','))
                        {
                            j = q;
                        }
                    }
                    if j < n
                        && (!direct_only || ua.is_quote(j))
                        && (continues(ua, j, frames, i, !pieces.is_empty() && !direct, plain)
                            || fronted && !starts_frame(j, frames, i))
                    {
                        let e = content_end(ua, j, frames, i, classes);
                        if e > j {
                            if fronted {
                                pieces.push((a, fr.cs.saturating_sub(1)));
                            }
                            pieces.push((j, e));
                            next_claim = e;
                        }
                    }
                }
            }
            Orient::Orphan => {}
        }
        claimed = claimed.max(next_claim);
        let mut attr = Attr::new(ui, cue_span(ua, fr));
        attr.that = fr.that;
        attr.orphan = fr.orient == Orient::Orphan;
        attr.colon = fr.colon;
        attr.set_speaker(fr.speaker, fr.mention);
        if fr.inherit {
            // The governing clause's speaker: the previous frame of the unit, or the
            // unit's subject.
            if let Some(prev) = out[first_out..].last() {
                attr.mention = prev.mention;
                attr.naming = prev.naming;
                attr.name = prev.name;
                attr.np_kind = prev.np_kind;
            } else {
                attr.set_speaker(unit_subject(ua), None);
            }
        }
        for &(a, e) in &pieces {
            for c in covered.iter_mut().take(e).skip(a) {
                *c = true;
            }
            if let Some((span, q, w)) = piece_span(ua, a, e) {
                attr.pieces.push(span);
                attr.has_quote |= q;
                attr.has_words |= w;
            }
        }
        for c in covered.iter_mut().take(fr.ce.min(n)).skip(fr.cs) {
            *c = true;
        }
        if attr.pieces.is_empty() && !attr.orphan {
            // Keep the frame as an orphan: its speaker may still own a neighbouring
            // quotation ("“...” He said.").
            attr.orphan = true;
        }
        if !indirect && !attr.has_quote && !attr.orphan {
            continue;
        }
        out.push(attr);
    }
    // Quotations no frame took that open a sentence after an attribution of this unit:
    // they continue it ("“A,” X said. “B.”").
    let mut k = 0;
    while k < n {
        if ua.is_quote(k)
            && !covered[k]
            && (k == 0 || ends_sentence(ua, k - 1) || ua.is_p(k - 1, b':'))
        {
            let mut e = k + 1;
            while e < n && (ua.is_quote(e) || ua.f(e).shape & shape::PUNCT != 0) && !covered[e] {
                e += 1;
            }
            let words_after = (e..n)
                .take_while(|&q| !covered[q])
                .filter(|&q| ua.is_wordlike(q))
                .count();
            let before_k =
                |a: &Attr| !a.orphan && a.extent().is_some_and(|x| x.end <= item_start(ua, k));
            // The latest quotation before it, or the latest report.
            let target = out[first_out..]
                .iter()
                .rposition(|a| before_k(a) && a.has_quote)
                .or_else(|| out[first_out..].iter().rposition(before_k));
            if words_after <= 1
                && let Some(t) = target
                && let Some((span, _, _)) = piece_span(ua, k, e)
            {
                let cont = out[first_out + t].continuation(ui, vec![span]);
                out.push(cont);
            }
            k = e;
            continue;
        }
        k += 1;
    }
}

/// Does item `k`, right after a comma, open a modifier of what precedes (", which ...",
/// ", who ...", ", making ...", ", including ...") rather than a clause of its own?
fn trailing_modifier(ua: &Items<'_, '_>, k: usize) -> bool {
    if k >= ua.len() || !ua.f(k).is_word() || ua.f(k).is_cap() {
        return false;
    }
    let w = ua.word(k);
    ua.has(k, class::REL)
        || w.eq_ignore_ascii_case("including")
        || w.len() >= 6 && w.ends_with("ing") && !ua.has(k, class::FUNCTION | class::PREP)
}

/// The first byte of item `k`: its token, or a quotation's opening mark.
fn item_start(ua: &Items<'_, '_>, k: usize) -> u32 {
    match ua.it[k] {
        It::T(t) => ua.ctx.span(t).start,
        It::Q(q) => ua.ctx.span(ua.ctx.spans[q as usize].open).start,
    }
}

/// One past the last byte of item `k`: its token, or a quotation's closing mark.
fn item_end(ua: &Items<'_, '_>, k: usize) -> u32 {
    match ua.it[k] {
        It::T(t) => ua.ctx.span(t).end,
        It::Q(q) => ua.ctx.span(ua.ctx.spans[q as usize].close_end - 1).end,
    }
}

/// Items `a..e` are a lone fronted adverbial ("At Monday's hearing", "As the results came
/// in", "Channeling her mentor's style"), not a report.
fn adverbial(ua: &Items<'_, '_>, a: usize, e: usize) -> bool {
    let mut wbuf = [0u8; 32];
    let w = ua.lower(a, &mut wbuf);
    // "Asked about it, ...", "Pressed on the issue, ...".
    let participle =
        w.ends_with("ed") && w.len() > 4 && ua.has(a + 1, class::PREP | class::SUBORD | class::WH);
    let prep = ua.has(a, class::PREP) && !ua.has(a, class::WEAK_PREP);
    let opener =
        prep || participle || ua.has(a, class::SUBORD) || (w.ends_with("ing") && w.len() > 4);
    // A subordinate clause may be long ("When Ortiz noted that ... ― Moreno boasted"); a
    // phrase is short.
    let clause = ua.has(a, class::SUBORD) && !ua.has(a, class::PREP);
    let words = (a..e).filter(|&k| ua.is_wordlike(k)).count();
    opener && (clause || words <= 12) && !(a..e).any(|k| ua.is_quote(k) || ua.is_p(k, b','))
}

/// Where the content of a tail cue starts: after the last strong break (a parenthesis, a
/// semicolon, a colon, a dash before a conjunction) between `a` and the clause at `cs`.
fn tail_start(ua: &Items<'_, '_>, a: usize, cs: usize) -> usize {
    let mut start = a;
    for k in a..cs.saturating_sub(1) {
        let strong = ua.is_p(k, b'(')
            || ua.is_p(k, b';')
            || ua.is_p(k, b':')
            || (ua.is_p(k, b'-')
                && ua.has(k + 1, class::CONJ)
                && !(k + 1..cs).any(|q| ua.is_p(q, b'-')));
        if strong {
            start = k + 1;
        }
    }
    while start < cs
        && ua.has(start, class::CONJ)
        && !ua.is_quote(start)
        && ua.is_p(start.wrapping_sub(1), b'-')
    {
        start += 1;
    }
    // "The shelter ... is near the depot, which, Hughes said, is usually empty": the
    // report is the relative clause.
    if let Some(r) = (start + 1..cs.saturating_sub(1))
        .rev()
        .find(|&k| ua.is_p(k - 1, b',') && ua.has(k, class::REL) && !ua.is_w(k, "that"))
        && cs >= 2
        && ua.is_p(cs - 1, b',')
        && ua.is_p(r + 1, b',')
        && r + 2 <= cs
    {
        start = r;
    }
    start
}

/// A cue inside a subordinate or relative clause ("once she has said", "who asked").
fn embedded(ua: &Items<'_, '_>, fr: &Frame) -> bool {
    // "As reported by X, ...": the report is the main clause after the comma.
    let as_report = ua.is_w(fr.cs.wrapping_sub(1), "as")
        && matches!(fr.orient, Orient::Head(c) if c > fr.cs && ua.is_p(c - 1, b','));
    fr.cs > 0
        && !fr.inherit
        && !as_report
        && (fr.mention.is_some()
            || ua.has(fr.cs - 1, class::SUBORD) && !ua.has(fr.cs - 1, class::PREP | class::REL))
}

/// After a tail cue's clause and its comma: does the content go on ("A, he said, B",
/// "The deal, the company said, was its largest")?
fn continues(
    ua: &Items<'_, '_>,
    j: usize,
    frames: &[Frame],
    me: usize,
    reported: bool,
    plain: bool,
) -> bool {
    if ua.is_quote(j) {
        return true;
    }
    if starts_frame(j, frames, me) {
        return false;
    }
    let f = ua.f(j);
    if !f.is_word() {
        return false;
    }
    let mut wbuf = [0u8; 32];
    let w = ua.lower(j, &mut wbuf);
    // Reported speech may go on with a conjunction or a condition ("..., the agency said,
    // and renters in the city paid ...", "..., he said, until it closed");
    // a quotation is followed by narrative ("“You ready?” she said, but Marcus was ...").
    let clause_link = f.has(class::CONJ | class::CLAUSE_LINK);
    if clause_link {
        return reported;
    }
    // "Ortiz was the focus of 40 percent of the coverage, Nielsen announced, drawing
    // 15,000 viewers": a participle after an interrupting cue goes on with a report.
    if plain
        && w.ends_with("ing")
        && w.len() > 4
        && !f.is_cap()
        && f.cue == 0
        && !f.has(class::FUNCTION)
    {
        return true;
    }
    if f.has(class::REL | class::WH)
        || f.has(class::PREP) && !ua.is_w(j, "to")
        || matches!(w, "as" | "when" | "after" | "before" | "according")
        || (w.ends_with("ing") && w.len() > 4)
    {
        return false;
    }
    true
}

/// Does another cue's clause start at item `j`?
fn starts_frame(j: usize, frames: &[Frame], me: usize) -> bool {
    frames
        .iter()
        .skip(me + 1)
        .any(|f| f.cs <= j + 1 && f.cue.0 >= j)
}

fn cue_span(ua: &Items<'_, '_>, fr: &Frame) -> Option<Span> {
    let a = ua.tok(fr.cue.0)?;
    let e = ua.tok(fr.cue.1 - 1)?;
    Some(ua.ctx.tok_span(a, e + 1))
}

/// The byte span of items `a..e` trimmed of punctuation at both ends, whether it holds a
/// quotation, and whether it holds words outside quotations.
fn piece_span(ua: &Items<'_, '_>, mut a: usize, mut e: usize) -> Option<(Span, bool, bool)> {
    let trim = |k: usize| !ua.is_quote(k) && ua.f(k).shape & (shape::PUNCT | shape::SYMBOL) != 0;
    while a < e && trim(a) {
        a += 1;
    }
    while e > a && trim(e - 1) {
        e -= 1;
    }
    if a >= e {
        return None;
    }
    let mut has_q = false;
    let mut has_w = false;
    for k in a..e {
        if ua.is_quote(k) {
            has_q = true;
        } else if ua.is_wordlike(k) {
            has_w = true;
        }
    }
    let ctx = ua.ctx;
    let only_quote = has_q && !has_w;
    let start = match ua.it[a] {
        It::T(t) => ctx.span(t).start,
        It::Q(q) => {
            let s = ctx.spans[q as usize];
            if only_quote {
                content_start(ctx, s)
            } else {
                ctx.span(s.open).start
            }
        }
    };
    let end = match ua.it[e - 1] {
        It::T(t) => ctx.span(t).end,
        It::Q(q) => {
            let s = ctx.spans[q as usize];
            if only_quote || !s.closed {
                content_end_byte(ctx, s)
            } else {
                ctx.span(s.close_end - 1).end
            }
        }
    };
    (end > start).then_some((Span { start, end }, has_q, has_w))
}

/// First byte of a quotation's content.
pub(crate) fn content_start(ctx: &Ctx<'_>, s: crate::marks::QSpan) -> u32 {
    ctx.span(s.first).start
}

/// One past the last byte of a quotation's content.
pub(crate) fn content_end_byte(ctx: &Ctx<'_>, s: crate::marks::QSpan) -> u32 {
    // A comma before the closing mark belongs to the reporting sentence ("“We will
    // win,” he said"), not to the words quoted.
    let mut e = s.end;
    while e > s.first + 1 && matches!(ctx.f[e as usize - 1].p, b',' | b';' | b':') {
        e -= 1;
    }
    ctx.span(e - 1).end
}

/// The subject of the unit's main clause: its first noun phrase after a leading adverbial
/// ("In Geneva, Hun Sen ...", "However, the group ...").
fn unit_subject(ua: &Items<'_, '_>) -> Option<Np> {
    let mut k = 0;
    let n = ua.len();
    while k < n && (ua.has(k, class::CONJ | class::CLAUSE_ADV) || ua.f(k).shape & shape::PUNCT != 0)
    {
        k += 1;
    }
    if ua.has(k, class::PREP | class::SUBORD | class::ADV | class::TIME)
        || ua.f(k).has(class::CLAUSE_ADV)
    {
        while k < n && !ua.is_p(k, b',') {
            k += 1;
        }
        k += 1;
    }
    ua.np_after(k)
}

#[cfg(test)]
mod tests {
    use presslens_core::StageEnv;

    use crate::testkit::layer_of;
    use crate::{QuoteExtractor, QuoteParams};

    /// `kind: content <- speaker mention` for every quote of `text`, default parameters.
    fn quotes(text: &str) -> Vec<String> {
        let ex =
            QuoteExtractor::new(&QuoteParams::default(), &StageEnv::default()).expect("defaults");
        let layer = layer_of(text);
        ex.extract(text, &layer, None)
            .quotes
            .iter()
            .map(|q| {
                let who = q.speaker.as_ref().map_or("-", |s| s.mention.slice(text));
                format!("{}: {} <- {}", q.kind.as_str(), q.span.slice(text), who)
            })
            .collect()
    }

    #[test]
    fn a_comma_inside_a_closing_quotation_ends_the_report_before_a_new_cue() {
        let text = "He said he writes about housing because \"you cover the stories on your own street,\" though he noted he has covered crime for years.";
        let got = quotes(text);
        assert_eq!(
            got,
            [
                "mixed: he writes about housing because \"you cover the stories on your own street,\" <- He",
                "indirect: he has covered crime for years <- he"
            ],
        );
    }

    #[test]
    fn a_subordinate_report_keeps_its_closing_relative_clause() {
        let text = "She spoke at length, though he noted he has also pressed for audits of housing contracts, which mostly benefit developers.";
        let got = quotes(text);
        assert!(
            got.contains(
                &"indirect: he has also pressed for audits of housing contracts, which mostly benefit developers <- he"
                    .to_string()
            ),
            "{got:?}"
        );
        // A main clause after the comma still ends the subordinate report.
        let text = "Once she has said her bit, she will step aside.";
        assert!(
            quotes(text)
                .iter()
                .all(|q| !q.contains("she will step aside")),
            "{:?}",
            quotes(text)
        );
    }

    #[test]
    fn a_noun_ending_in_ly_is_a_speaker_not_an_adverb() {
        assert_eq!(
            quotes("The tenants left the building on Sunday, lawyers for the family said."),
            ["indirect: The tenants left the building on Sunday <- lawyers for the family"]
        );
        assert_eq!(
            quotes("His family said he would return."),
            ["indirect: he would return <- His family"]
        );
        // A real adverb still belongs to the verb group, after a possessor too.
        assert_eq!(
            quotes("The senator repeatedly said the bill would pass."),
            ["indirect: the bill would pass <- The senator"]
        );
        assert!(
            quotes("The city's widely reported shortfall is the problem she fears.").is_empty()
        );
    }

    #[test]
    fn a_participle_reports_a_finite_clause_after_it() {
        assert_eq!(
            quotes(
                "Moreno praised the hearing, suggesting the new testimony erased any doubt about the contract."
            ),
            ["indirect: the new testimony erased any doubt about the contract <- Moreno"]
        );
        // A plain object is narrative, not a report.
        assert!(quotes("Moreno praised the hearing, suggesting a delay on the vote.").is_empty());
    }

    #[test]
    fn an_s_form_before_a_clause_is_a_verb_after_a_common_noun_subject() {
        assert_eq!(
            quotes("The Lopez campaign thinks she has cut into his lead."),
            ["indirect: she has cut into his lead <- The Lopez campaign"]
        );
        // A plural noun with a relative clause stays a noun.
        assert!(quotes("Garcia cited angry remarks Wilson had made about the union.").is_empty());
    }

    #[test]
    fn a_relative_clause_before_the_verb_is_no_tail() {
        assert_eq!(
            quotes(
                "She announced that the overnight curfew, which had been ordered after the riots in the port last summer, would be lifted next week."
            ),
            [
                "indirect: the overnight curfew, which had been ordered after the riots in the port last summer, would be lifted next week <- She"
            ]
        );
    }

    #[test]
    fn a_phrase_between_dashes_inside_the_subject_does_not_end_the_report() {
        assert_eq!(
            quotes(
                "The agency has said small farms and ranches - organic, dairy, cattle and poultry - would qualify for the new grants."
            ),
            [
                "indirect: small farms and ranches - organic, dairy, cattle and poultry - would qualify for the new grants <- The agency"
            ]
        );
    }

    #[test]
    fn as_reported_by_reports_the_whole_main_clause() {
        assert_eq!(
            quotes(
                "As reported by the Herald, there are 40 seats at stake in Maine, Vermont, Oregon, and Nevada."
            ),
            [
                "indirect: there are 40 seats at stake in Maine, Vermont, Oregon, and Nevada <- the Herald"
            ]
        );
    }

    #[test]
    fn a_gerund_modifying_a_plural_subject_opens_a_clause() {
        assert_eq!(
            quotes("Rep. Dana Whitfield, R-Kan., says voting members approved a budget."),
            ["indirect: voting members approved a budget <- Rep. Dana Whitfield"]
        );
        // A gerund object is still no clause: "says" reports nothing here.
        assert!(quotes("He says cutting taxes for the rich.").is_empty());
    }

    #[test]
    fn that_said_is_no_report() {
        assert!(quotes("That said, the plan is good.").is_empty());
        assert!(quotes("Revenue fell. That said, the outlook is good.").is_empty());
    }

    #[test]
    fn an_irregular_past_makes_the_content_a_clause() {
        assert_eq!(
            quotes("The Gazette reported the letter came days after the mayor proposed a tax."),
            ["indirect: the letter came days after the mayor proposed a tax <- The Gazette"]
        );
    }

    #[test]
    fn a_participle_reports_a_clause_with_a_pronoun_subject() {
        assert_eq!(
            quotes("The board ended its session by announcing it would raise fees for parking."),
            ["indirect: it would raise fees for parking <- The board"]
        );
        // A pronoun object is narrative.
        assert!(quotes("The board ended its session by announcing it to the press.").is_empty());
    }

    #[test]
    fn as_stated_in_a_document_reports_what_follows() {
        assert_eq!(
            quotes("As stated in Hughes' memo, there are serious gaps in the budget."),
            ["indirect: there are serious gaps in the budget <- Hughes' memo"]
        );
        // A place is no source: "as reported in May" has no agent.
        assert!(quotes("As reported in May, the agency failed to act.").is_empty());
    }

    #[test]
    fn a_clause_after_an_inverted_agent_is_no_apposition() {
        assert_eq!(
            quotes("As reported by the Herald, the auditors have found 1,400 invoices."),
            ["indirect: the auditors have found 1,400 invoices <- the Herald"]
        );
        // An apposition to the agent stays out of the report.
        assert_eq!(
            quotes(
                "The plan is costly, according to a review by Nora Whitcomb, a former state budget aide."
            ),
            ["indirect: The plan is costly <- a review"]
        );
    }

    #[test]
    fn a_capitalised_cue_closes_a_title_case_line() {
        assert_eq!(
            quotes("Mayor Ignored Early Warnings About Flooding, Former City Engineer Says."),
            ["indirect: Mayor Ignored Early Warnings About Flooding <- Former City Engineer"]
        );
        // In running text a capitalised "Says" is a name or a title word, not a cue.
        assert!(quotes("He met Simon Says, the band, on Friday.").is_empty());
    }

    #[test]
    fn a_capitalised_cue_inside_a_title_case_line_reports() {
        assert_eq!(
            quotes("Okafor Says New Bridge Will Open by Early Spring."),
            ["indirect: New Bridge Will Open by Early Spring <- Okafor"]
        );
    }

    #[test]
    fn according_to_covers_a_report_after_a_fronted_adverbial() {
        assert_eq!(
            quotes(
                "According to his account, after reading the file, he insisted that the clerk call the police."
            ),
            [
                "indirect: after reading the file, he insisted that the clerk call the police <- his account"
            ]
        );
    }

    #[test]
    fn a_participle_coordinated_with_an_earlier_one_reports() {
        assert_eq!(
            quotes(
                "He is noting the delays Ramos had filing reports and saying she could not explain the missing funds."
            ),
            [
                "indirect: the delays Ramos had filing reports <- He",
                "indirect: she could not explain the missing funds <- He"
            ]
        );
    }

    #[test]
    fn a_claim_in_subject_position_reports_up_to_the_sentence_verb() {
        assert_eq!(
            quotes(
                "Ortiz's claim that she still has a path to win the seat would depend on absentee ballots."
            ),
            ["indirect: she still has a path to win the seat <- Ortiz"]
        );
        // After an aside in parentheses the verbs are not told apart: the clause stays whole.
        assert_eq!(
            quotes("His claim that the prices fell (the real figure is higher) was wrong."),
            ["indirect: the prices fell (the real figure is higher) was wrong <- His"]
        );
    }

    #[test]
    fn a_long_second_main_clause_after_and_is_a_tail() {
        assert_eq!(
            quotes(
                "The bank announced that it is cutting its payroll this year, and the decision is raising fears among the staff of its regional branches."
            ),
            ["indirect: it is cutting its payroll this year <- The bank"]
        );
        // A list of phrases after "and" is no clause.
        assert_eq!(
            quotes(
                "The bank announced that it is cutting jobs in the capital, and in its regional offices in the north and in the south."
            ),
            [
                "indirect: it is cutting jobs in the capital, and in its regional offices in the north and in the south <- The bank"
            ]
        );
    }

    #[test]
    fn a_participle_after_a_colon_spells_out_the_report() {
        assert_eq!(
            quotes(
                "Ramos says her shop is doing well because she is doing something unusual: telling customers the real cost."
            ),
            [
                "indirect: her shop is doing well because she is doing something unusual: telling customers the real cost <- Ramos"
            ]
        );
    }

    #[test]
    fn an_addressee_may_be_a_possessor_and_its_lower_case_head() {
        assert_eq!(
            quotes(
                "Ruiz told KXLY's weekly radio program it is clear that the leak came from inside the agency."
            ),
            ["indirect: it is clear that the leak came from inside the agency <- Ruiz"]
        );
    }

    #[test]
    fn a_phrase_after_a_comma_before_the_clause_verb_is_no_closing_apposition() {
        assert_eq!(
            quotes(
                "She said it is clear that the flooding of the Riverside Transit Authority, the Harbor Water Board and county road offices can be blamed on the storm."
            ),
            [
                "indirect: it is clear that the flooding of the Riverside Transit Authority, the Harbor Water Board and county road offices can be blamed on the storm <- She"
            ]
        );
    }

    #[test]
    fn reported_speech_goes_on_with_a_participle_after_an_interrupting_cue() {
        assert_eq!(
            quotes(
                "Ortiz was the focus of 40 percent of the coverage, Nielsen announced, drawing 15,000 viewers."
            ),
            [
                "indirect: Ortiz was the focus of 40 percent of the coverage, Nielsen announced, drawing 15,000 viewers <- Nielsen"
            ]
        );
        // After a quotation the participle is the speaker's ("she said, referencing ...").
        assert_eq!(
            quotes(
                "\"You pushed your workers far past their limits,\" she said, referencing the company's hiring freeze."
            ),
            ["direct: You pushed your workers far past their limits <- she"]
        );
    }

    #[test]
    fn a_coordinated_reporting_verb_ends_the_report() {
        // Even when it reports nothing itself.
        assert_eq!(
            quotes("She announced that she was retiring and vowed to stay on the board."),
            ["indirect: she was retiring <- She"]
        );
        assert_eq!(
            quotes(
                "She said she had watched the stadium go up and claimed her father would work there."
            ),
            [
                "indirect: she had watched the stadium go up <- She",
                "indirect: her father would work there <- She"
            ]
        );
    }
}
