//! Attribution within a unit: cues, their speakers, and the content each one reports.
//!
//! A unit's items are its tokens outside quotations and its quoted stretches, each one
//! item. Every cue gets a frame: the speaker phrase and the cue with its adjuncts ("told
//! reporters on Monday"), and an orientation: the content follows ("X said (that) ...",
//! "X said: “...”"), precedes ("..., X said", "“...,” said X"), surrounds ("A, X said, B"),
//! or is elsewhere (a cue with nothing to report in its own unit: "X continued:"). Content
//! runs to the unit's end unless another cue's clause starts after a separator (",
//! adding ...", "and warned ...", ", though she acknowledged ...").

use presslens_core::{QuoteKind, Span};

use crate::doc::{Ctx, Unit, shape};
use crate::lexicon::{CueClass, Form, class};
use crate::np::{It, Items, Np, NpKind};

/// How a cue relates to its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Orient {
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
}

/// A cue with its clause.
#[derive(Debug, Clone)]
struct Frame {
    kind: CueKind,
    /// Items of the cue word(s).
    cue: (usize, usize),
    speaker: Option<Np>,
    /// The speaker comes from the clause this one depends on (", adding ...").
    inherit: bool,
    /// Items of the cue's clause (speaker, cue, addressee, adjuncts).
    cs: usize,
    ce: usize,
    orient: Orient,
    /// Content introduced by "that".
    that: bool,
    /// Ends with a colon and nothing after it: the content is in the next unit.
    colon: bool,
}

/// An attribution found in a unit, before speakers are resolved.
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    pub(crate) para: u32,
    /// Index of its unit in [`Ctx::units`].
    pub(crate) unit: usize,
    pub(crate) cue: Option<Span>,
    pub(crate) speaker: Option<Np>,
    /// Token range of the speaker mention and of its name, copied out of the unit.
    pub(crate) mention: Option<(u32, u32)>,
    pub(crate) name: Option<(u32, u32)>,
    pub(crate) np_kind: Option<NpKind>,
    /// Speaker taken from another attribution (index into the document's list), resolved
    /// after all are known.
    pub(crate) inherit_from: Option<usize>,
    /// Speaker comes from the governing clause of the same unit (participle cue).
    pub(crate) inherit_prev: bool,
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
pub(crate) fn analyse(ctx: &Ctx<'_>, ui: usize, classes: u8, indirect: bool, out: &mut Vec<Attr>) -> Bare {
    let unit = ctx.units[ui];
    let items = items_of(ctx, unit);
    let ua = Items { ctx, it: items };
    let frames = frames(&ua, classes);
    if frames.is_empty() {
        return bare(&ua);
    }
    let before = out.len();
    contents(&ua, ui, unit.para, &frames, indirect, out);
    if out.len() == before && frames.iter().all(|f| f.orient == Orient::Orphan) {
        return bare(&ua);
    }
    Bare::None
}

fn items_of(ctx: &Ctx<'_>, unit: Unit) -> Vec<It> {
    let mut items = Vec::with_capacity((unit.end - unit.first) as usize);
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
    items
}

/// A unit that is essentially one quotation.
fn bare(ua: &Items<'_, '_>) -> Bare {
    let mut words = 0;
    let mut quotes = 0;
    let mut quote_words = 0u32;
    for k in 0..ua.len() {
        match ua.it[k] {
            It::Q(q) => {
                quotes += 1;
                let s = ua.ctx.spans[q as usize];
                quote_words += s.end - s.first;
            }
            It::T(_) => {
                if ua.is_wordlike(k) {
                    words += 1;
                }
            }
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
    matches!(
        ua.word(k).to_ascii_lowercase().as_str(),
        "is" | "are" | "was" | "were" | "be" | "been" | "being" | "'s" | "’s" | "am"
    )
}

/// Find the cues of the unit and build their frames, left to right.
fn frames(ua: &Items<'_, '_>, classes: u8) -> Vec<Frame> {
    let mut frames: Vec<Frame> = Vec::new();
    let n = ua.len();
    let mut k = 0;
    while k < n {
        let f = ua.f(k);
        if !f.is_word() {
            k += 1;
            continue;
        }
        if f.has(class::ACCORDING) && ua.is_w(k + 1, "to") {
            if let Some(fr) = according(ua, k, &frames) {
                k = fr.ce.max(k + 2);
                frames.push(fr);
                continue;
            }
        }
        if let Some(cue) = ua.ctx.cue(ua.tok(k).unwrap_or(0))
            && f.cue != 0
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

/// Skip back over adverbs, auxiliaries and negation before a verb ("has also said",
/// "did not say"). Returns the first item of the verb group and whether a form of "be" was
/// among them (a passive: "was told").
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
        let adverb = f.has(class::ADV | class::NEG)
            || (ua.word(p).ends_with("ly") && !f.has(class::FUNCTION) && ua.word(p).len() > 4);
        if f.has(class::AUX) && !f.has(class::PRONOUN) {
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

/// A cue verb at `k`: validate it, find its speaker and its orientation.
fn verb_frame(ua: &Items<'_, '_>, k: usize, cue: crate::lexicon::Cue, prev: &[Frame]) -> Option<Frame> {
    let (b, be, aux) = verb_group_start(ua, k);
    let before = b.checked_sub(1);
    let pf = before.map(|p| ua.f(p));
    // Forms that are also nouns: "the claims", "his report", "a tweet".
    if let Some(p) = before
        && (ua.has(p, class::DET | class::POSS) && !ua.has(p, class::PRONOUN) && !ua.is_w(p, "that")
            || ua.is_possessive(p)
            || ua.is_w(p, "his")
            || ua.is_w(p, "her") && cue.form != Form::Past)
        && b == k
    {
        return None;
    }
    let mut cue_end = k + 1;
    // "pointed out", "spoke out", "laid out": a particle belongs to the cue.
    if ua.is_w(k + 1, "out") || (ua.is_w(k + 1, "back") && cue.tail) {
        cue_end += 1;
    }
    if ua.word(k).eq_ignore_ascii_case("point") || ua.word(k).to_ascii_lowercase().starts_with("point") {
        if !ua.is_w(k + 1, "out") {
            return None;
        }
    }
    let mut speaker: Option<Np> = None;
    let mut inherit = false;
    let mut cs = b;
    let mut inverted = false;
    match cue.form {
        Form::Gerund => {
            // "..., saying (that) ...", "before adding", "and insisting": a participle
            // whose subject is the governing clause's.
            let p = before;
            let progressive = aux && be && b < k;
            if progressive {
                let p = before?;
                speaker = ua.np_before(p);
                cs = speaker.map_or(b, |s| s.first);
            } else {
                match p {
                    None => return None,
                    Some(p) if is_sep(ua, p) || ua.is_quote(p) => {
                        inherit = true;
                        cs = p;
                    }
                    Some(p) if ua.has(p, class::CONJ | class::PREP | class::SUBORD) => {
                        if ua.has(p, class::DET | class::POSS) {
                            return None;
                        }
                        inherit = true;
                        cs = if p > 0 && is_sep(ua, p - 1) { p - 1 } else { p };
                    }
                    _ => return None,
                }
            }
        }
        _ => {
            let p = before;
            match p {
                // A cue at the start of the unit: "Asked about ..., he said" is a
                // participle clause, not a report. Only an inverted "Says X: ..." reports.
                None => {
                    if cue.form == Form::Past || cue.form == Form::Base {
                        return None;
                    }
                    let np = ua.np_after(cue_end)?;
                    if !(ua.is_p(np.end, b':') || ua.is_p(np.end, b',')) {
                        return None;
                    }
                    speaker = Some(np);
                    inverted = true;
                    cs = 0;
                }
                Some(p) if is_sep(ua, p) || ua.is_quote(p) || ua.is_p(p, b'(') => {
                    // ", said X" / "“...,” said X": inverted; or "X, a Y of Z, said".
                    if let Some(np) = inverted_subject(ua, cue_end) {
                        speaker = Some(np);
                        inverted = true;
                    } else if ua.is_p(p, b',') {
                        if let Some(np) = apposition_head(ua, p) {
                            cs = np.first;
                            speaker = Some(np);
                        }
                    }
                }
                Some(p) => {
                    if cue.form == Form::Base && !base_form_ok(ua, p, b < k) {
                        return None;
                    }
                    if ua.has(p, class::REL) && !ua.is_w(p, "that") {
                        // "Trump, who said ..." : the antecedent speaks.
                        let q = if p > 0 && ua.is_p(p - 1, b',') { p.checked_sub(2) } else { p.checked_sub(1) };
                        speaker = q.and_then(|q| ua.np_before(q));
                        cs = p;
                        if speaker.is_none() {
                            speaker = Some(Np {
                                first: p,
                                end: p + 1,
                                tok_first: ua.tok(p).unwrap_or(0),
                                tok_end: ua.tok(p).unwrap_or(0) + 1,
                                name: None,
                                kind: NpKind::Common,
                            });
                        }
                    } else if ua.is_w(p, "to") {
                        // "went on to say", "wanted to tell": the subject is further back.
                        let mut q = p;
                        let mut steps = 0;
                        while q > 0 && steps < 3 {
                            let fq = ua.f(q - 1);
                            if !fq.is_word() || fq.is_cap() || fq.has(class::PRONOUN | class::DET) {
                                break;
                            }
                            q -= 1;
                            steps += 1;
                        }
                        let (q2, _, _) = verb_group_start(ua, q);
                        if q2 > 0 {
                            speaker = ua.np_before(q2 - 1);
                        }
                        cs = speaker.map_or(q2, |s| s.first);
                    } else if ua.has(p, class::FUNCTION) && !ua.has(p, class::PRONOUN) {
                        // "as said", "what he said" is handled by the pronoun; a bare
                        // function word before the verb leaves no subject.
                        speaker = None;
                        cs = b;
                    } else {
                        speaker = ua.np_before(p);
                        if let Some(np) = speaker {
                            cs = np.first;
                        }
                    }
                    // "was told (by X)": the subject is the addressee.
                    if be && cue.form == Form::Past {
                        speaker = by_agent(ua, cue_end);
                    }
                }
            }
        }
    }
    let _ = pf;
    // Everything after the cue that belongs to its clause: the inverted speaker, the
    // addressee, time and place.
    let mut j = cue_end;
    if inverted && let Some(np) = speaker {
        j = np.end;
        j = skip_apposition_after(ua, j);
    }
    if cue.obj && !inverted {
        j = skip_object(ua, j);
    }
    j = skip_adjuncts(ua, j);
    let region_start = prev.last().map_or(0, |f| f.ce.min(cs));
    let content_before = has_content_before(ua, region_start, cs);
    let mut that = false;
    let mut colon = false;
    let orient = if inherit {
        match after(ua, j) {
            After::Content(c, t) => {
                that = t;
                Orient::Head(c)
            }
            After::Comma(c) => Orient::Head(c),
            _ => Orient::Orphan,
        }
    } else {
        match after(ua, j) {
            After::End | After::Comma(_) | After::Adjunct if content_before => Orient::Tail,
            After::Content(c, t) => {
                if cue.that_only && !t && !ua.is_quote(c) && !ua.is_p(c.saturating_sub(1), b':') {
                    if content_before { Orient::Tail } else { return None }
                } else {
                    that = t;
                    Orient::Head(c)
                }
            }
            After::Comma(c) => {
                if cue.that_only && !ua.is_quote(c) {
                    return None;
                }
                Orient::Head(c)
            }
            After::Colon => {
                colon = true;
                Orient::Orphan
            }
            After::End | After::Adjunct => Orient::Orphan,
        }
    };
    if cue.tail && !matches!(orient, Orient::Tail | Orient::Orphan) && !colon {
        // "he continued to ..." is no report; only "..., he continued" and "he continued:".
        if !matches!(orient, Orient::Head(c) if ua.is_quote(c)) {
            return None;
        }
    }
    // A cue with neither a speaker nor content is not worth a frame, except as a boundary.
    Some(Frame {
        kind: CueKind::Verb,
        cue: (k, cue_end),
        speaker,
        inherit,
        cs,
        ce: j,
        orient,
        that,
        colon,
    })
}

/// A base form ("say", "tell") is a verb after a plural or first/second-person subject, an
/// auxiliary ("did say", "will tell") or "to"; after anything else it is more likely a
/// noun ("no comment", "the claim").
fn base_form_ok(ua: &Items<'_, '_>, p: usize, had_aux: bool) -> bool {
    if had_aux {
        return true;
    }
    let f = ua.f(p);
    if f.has(class::PRON_P | class::PRON_1 | class::PRON_2) || ua.is_w(p, "to") {
        return true;
    }
    if f.has(class::REL) {
        return true;
    }
    if f.has(class::FUNCTION | class::DET | class::POSS) {
        return false;
    }
    let w = ua.word(p);
    // A plural subject: "officials say", "Democrats say", "polls say".
    (w.ends_with('s') && !w.ends_with("ss") && !ua.is_possessive(p)) || f.has(class::AUDIENCE)
}

/// The subject after an inverted verb, when what follows the verb is a noun phrase that
/// ends the clause: "..., said Caddell.", "“...,” said a spokesman for the ministry, ...".
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
        || ua.is_p(e, b'.')
        || ua.is_p(e, b'(')
        || ua.is_quote(e)
        || ua.has(e, class::PREP | class::TIME | class::SUBORD)
        || ua.is_p(e, b'?')
        || ua.is_p(e, b'!');
    ok.then_some(np)
}

/// For a verb preceded by a comma: the head of "X, a Y of Z, said" or "X, who ..., said".
fn apposition_head(ua: &Items<'_, '_>, comma: usize) -> Option<Np> {
    let mut j = comma;
    let mut steps = 0;
    while j > 0 && steps < 30 {
        j -= 1;
        steps += 1;
        if ua.is_quote(j) {
            return None;
        }
        if ua.is_p(j, b',') {
            break;
        }
        if ua.is_cue_word(j) && !ua.has(j.saturating_sub(1), class::REL) && steps > 1 {
            // A cue inside: this comma closes a clause, not an apposition.
            let rel_before = (j.saturating_sub(6)..j).any(|q| ua.has(q, class::REL));
            if !rel_before {
                return None;
            }
        }
    }
    if !ua.is_p(j, b',') || j == 0 || j + 1 >= comma {
        return None;
    }
    // What the apposition may start with: a determiner, a number ("Schiff, 56,"), a
    // relative pronoun, a title or role, a capitalised word.
    let a = j + 1;
    let fa = ua.f(a);
    let starts = fa.has(class::DET | class::POSS | class::REL | class::TITLE | class::ROLE)
        || fa.shape & shape::NUM != 0
        || fa.is_cap()
        || (fa.is_word() && !fa.has(class::PRONOUN | class::FUNCTION));
    if !starts {
        return None;
    }
    let np = ua.np_before(j - 1)?;
    // The head starts the clause (or follows a separator or an opening quotation).
    let s = np.first;
    if s == 0 || is_sep(ua, s - 1) || ua.is_quote(s - 1) || ua.has(s - 1, class::CONJ) {
        Some(np)
    } else {
        None
    }
}

/// Skip an apposition after an inverted subject: "said Jeffrey N. Trimble, a senior
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
        || f.shape & shape::NUM != 0
        || f.is_cap();
    if !looks || ua.is_quote(j) {
        return start;
    }
    while j < ua.len() {
        if ua.is_quote(j) || ua.is_p(j, b'.') || ua.is_p(j, b';') {
            break;
        }
        if ua.is_p(j, b',') {
            // The apposition ends here when a new clause or quotation follows.
            let n = j + 1;
            if ua.is_quote(n) || ua.has(n, class::PRONOUN) || ua.is_cue_word(n) {
                break;
            }
        }
        if ua.is_cue_word(j) && ua.f(j).cue != 0 && j > start + 1 && ua.is_p(j - 1, b',') {
            return j - 1;
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
/// short noun phrase ("the crowd", "MSNBC's “Morning Joe”").
fn skip_object(ua: &Items<'_, '_>, j: usize) -> usize {
    if j >= ua.len() {
        return j;
    }
    let f = ua.f(j);
    if ua.is_w(j, "that") || ua.is_quote(j) || !f.is_word() {
        return j;
    }
    if matches!(
        ua.word(j).to_ascii_lowercase().as_str(),
        "him" | "her" | "them" | "us" | "me" | "you" | "reporters" | "journalists"
    ) {
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
    while j < n && guard < 6 {
        guard += 1;
        let f = ua.f(j);
        if ua.is_quote(j) {
            break;
        }
        if f.has(class::TIME) && !ua.is_w(j, "that") || f.has(class::ADV) && !f.has(class::FUNCTION) {
            // "last week", "Friday afternoon", "this month", "Sept. 26", "also".
            if (ua.is_w(j, "this") || ua.is_w(j, "last") || ua.is_w(j, "next") || ua.is_w(j, "that"))
                && !ua.has(j + 1, class::TIME)
            {
                break;
            }
            j += 1;
            while j < n && (ua.has(j, class::TIME) || ua.f(j).shape & shape::NUM != 0) {
                j += 1;
            }
            continue;
        }
        if ua.is_w(j, "that") && ua.has(j + 1, class::TIME) {
            j += 2;
            continue;
        }
        if f.has(class::PREP) && !ua.is_w(j, "that") && !ua.is_w(j, "like") {
            // A prepositional phrase: the preposition and a noun phrase, which ends before
            // a new noun phrase, a clause, a separator or "that".
            let mut k = j + 1;
            let mut seen_noun = false;
            while k < n && k - j < 10 {
                let fk = ua.f(k);
                if ua.is_quote(k) {
                    // A title in quotation marks ("on “Fox News Sunday”").
                    if seen_noun || ua.has(k - 1, class::POSS | class::DET | class::PREP) || ua.is_possessive(k - 1) {
                        k += 1;
                        seen_noun = true;
                        continue;
                    }
                    break;
                }
                if !fk.is_word() && fk.shape & shape::NUM == 0 {
                    if ua.is_possessive(k) {
                        k += 1;
                        continue;
                    }
                    break;
                }
                if ua.is_w(k, "that") || fk.has(class::PRONOUN) && !fk.has(class::POSS) {
                    break;
                }
                if seen_noun && fk.has(class::DET | class::POSS) && !ua.is_possessive(k - 1) {
                    break;
                }
                if fk.has(class::CONJ | class::SUBORD | class::WH | class::AUX) && !fk.has(class::PREP) {
                    break;
                }
                if fk.cue != 0 && !fk.is_cap() {
                    break;
                }
                if fk.has(class::PREP) && seen_noun && !matches!(ua.word(k), "of" | "with" | "on" | "in" | "at" | "for" | "from") {
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

fn after(ua: &Items<'_, '_>, j: usize) -> After {
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
        if j + 1 < n && !ends_unit(ua, j + 1) {
            return After::Content(j + 1, true);
        }
        return After::End;
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
    words >= 2
}

/// "according to X": content before ("..., according to X") or after ("According to X,
/// ...").
fn according(ua: &Items<'_, '_>, k: usize, prev: &[Frame]) -> Option<Frame> {
    let np = ua.np_after(k + 2)?;
    let mut ce = np.end;
    // "according to a report by X", "according to X, a Y of Z".
    while ce < ua.len() && !is_sep(ua, ce) && !ua.is_p(ce, b'.') && !ua.is_quote(ce) && ce - np.end < 8 {
        ce += 1;
    }
    let region_start = prev.last().map_or(0, |f| f.ce.min(k));
    let lead = (region_start..k).all(|i| !ua.is_wordlike(i) || ua.has(i, class::CONJ | class::CLAUSE_ADV));
    let orient = if lead {
        if ua.is_p(ce, b',') {
            Orient::Head(ce + 1)
        } else {
            Orient::Orphan
        }
    } else {
        Orient::Tail
    };
    let ce = if lead { ce } else { skip_apposition_after(ua, ce) };
    Some(Frame {
        kind: CueKind::According,
        cue: (k, k + 2),
        speaker: Some(np),
        inherit: false,
        cs: if k > 0 && is_sep(ua, k - 1) { k } else { k },
        ce,
        orient,
        that: false,
        colon: false,
    })
}

/// "his claim that ...", "Trump’s insistence that ...": a nominal cue with a possessor.
fn nominal(ua: &Items<'_, '_>, k: usize) -> Option<Frame> {
    let next = k + 1;
    let content = if ua.is_w(next, "that") && !ua.has(next + 1, class::TIME) {
        next + 1
    } else if ua.is_p(next, b':') {
        next + 1
    } else {
        return None;
    };
    if content >= ua.len() || ends_unit(ua, content) {
        return None;
    }
    // The possessor: "his", "her", "their", "its", or a name before "’s".
    let mut p = k.checked_sub(1)?;
    // An adjective between: "his repeated claim", "Trump's false assertion".
    let mut steps = 0;
    while steps < 2 && ua.f(p).is_word() && !ua.f(p).is_cap() && !ua.has(p, class::POSS | class::DET | class::FUNCTION) && p > 0 {
        p -= 1;
        steps += 1;
    }
    let speaker = if ua.has(p, class::POSS) && !ua.is_w(p, "whose") {
        let t = ua.tok(p)?;
        let flags = ua.f(p).flags;
        Some(Np {
            first: p,
            end: p + 1,
            tok_first: t,
            tok_end: t + 1,
            name: None,
            kind: NpKind::Pronoun(flags),
        })
    } else if ua.is_possessive(p) && p > 0 {
        ua.np_before(p - 1)
    } else {
        None
    }?;
    Some(Frame {
        kind: CueKind::Nominal,
        cue: (k, k + 1),
        speaker: Some(speaker),
        inherit: false,
        cs: speaker.first,
        ce: content,
        orient: Orient::Head(content),
        that: ua.is_w(next, "that"),
        colon: false,
    })
}

/// Where content starting at `from` ends: the unit's end, or before the separator that
/// opens a later cue's clause.
fn content_end(ua: &Items<'_, '_>, from: usize, frames: &[Frame], me: usize) -> usize {
    let mut end = ua.len();
    for (i, fr) in frames.iter().enumerate() {
        if i <= me || fr.cs <= from {
            continue;
        }
        let mut s = fr.cs;
        // Walk back over a conjunction and a separator: ", and warned", ", though she
        // acknowledged", "; she added".
        let mut moved = false;
        if fr.inherit {
            // The participle's own clause start is its separator or conjunction.
            end = end.min(s);
            break;
        }
        if s > from && ua.has(s - 1, class::CONJ | class::SUBORD) {
            s -= 1;
            moved = true;
        }
        if s > from && (is_sep(ua, s - 1) || ua.is_p(s - 1, b';')) {
            s -= 1;
            moved = true;
        }
        // A clause of its own after a separator, or a tail cue (", X said") in the middle.
        if moved || fr.kind == CueKind::According && s > from && is_sep(ua, s - 1) {
            let s = if fr.kind == CueKind::According && !moved { s - 1 } else { s };
            end = end.min(s);
            break;
        }
    }
    end
}

/// Turn frames into attributions with content pieces.
fn contents(ua: &Items<'_, '_>, ui: usize, para: u32, frames: &[Frame], indirect: bool, out: &mut Vec<Attr>) {
    let n = ua.len();
    // The end of the region claimed so far: content or clause of earlier frames.
    let mut claimed = 0usize;
    let first_out = out.len();
    for (i, fr) in frames.iter().enumerate() {
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut next_claim = fr.ce;
        match fr.orient {
            Orient::Head(c) => {
                let e = content_end(ua, c, frames, i);
                if e > c {
                    pieces.push((c, e));
                    next_claim = e;
                }
            }
            Orient::Tail => {
                let a = claimed.min(fr.cs);
                let e = if fr.cs > 0 && is_sep(ua, fr.cs - 1) { fr.cs - 1 } else { fr.cs };
                if e > a {
                    pieces.push((a, e));
                }
                // "A, he said, B" / "“A,” he said, “B.”": a second piece after the clause.
                let mut j = fr.ce;
                if ua.is_p(j, b',') || ua.is_p(j, b'-') || ua.is_p(j, b':') {
                    j += 1;
                }
                if j < n && j > fr.ce.saturating_sub(1) && continues(ua, j, frames, i) {
                    let e = content_end(ua, j, frames, i);
                    if e > j {
                        pieces.push((j, e));
                        next_claim = e;
                    }
                }
            }
            Orient::Orphan => {}
        }
        claimed = claimed.max(next_claim);
        let mut attr = Attr {
            para,
            unit: ui,
            cue: cue_span(ua, fr),
            speaker: fr.speaker,
            mention: fr.speaker.map(|s| (s.tok_first, s.tok_end)),
            name: fr.speaker.and_then(|s| s.name),
            np_kind: fr.speaker.map(|s| s.kind),
            inherit_from: None,
            inherit_prev: fr.inherit,
            pieces: Vec::new(),
            has_quote: false,
            has_words: false,
            that: fr.that,
            orphan: fr.orient == Orient::Orphan,
            colon: fr.colon,
        };
        if fr.inherit {
            // The governing clause's speaker: the previous frame of the unit, or the
            // unit's subject.
            if let Some(prev) = out[first_out..].last() {
                attr.speaker = prev.speaker;
                attr.mention = prev.mention;
                attr.name = prev.name;
                attr.np_kind = prev.np_kind;
            } else if let Some(np) = unit_subject(ua) {
                attr.speaker = Some(np);
                attr.mention = Some((np.tok_first, np.tok_end));
                attr.name = np.name;
                attr.np_kind = Some(np.kind);
            }
        }
        for (a, e) in pieces {
            if let Some((span, q, w)) = piece_span(ua, a, e) {
                attr.pieces.push(span);
                attr.has_quote |= q;
                attr.has_words |= w;
            }
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
}

/// After a tail cue's clause and its comma: does the content go on ("A, he said, B")?
fn continues(ua: &Items<'_, '_>, j: usize, frames: &[Frame], me: usize) -> bool {
    if ua.is_quote(j) {
        return true;
    }
    // Another cue's clause starts here.
    if frames.iter().skip(me + 1).any(|f| f.cs <= j + 1 && f.cue.0 >= j) {
        return false;
    }
    let f = ua.f(j);
    if !f.is_word() {
        return false;
    }
    if f.has(class::SUBORD | class::PREP | class::WH | class::REL) || ua.word(j).ends_with("ing") || f.has(class::CONJ) {
        return false;
    }
    // A clause starts: a subject pronoun, a determiner, a name, "there".
    f.has(class::PRON_M | class::PRON_F | class::PRON_N | class::PRON_P | class::PRON_1 | class::PRON_2 | class::DET | class::POSS | class::THERE)
        || f.is_cap()
}

fn cue_span(ua: &Items<'_, '_>, fr: &Frame) -> Option<Span> {
    let a = ua.tok(fr.cue.0)?;
    let e = ua.tok(fr.cue.1 - 1)?;
    Some(Span {
        start: ua.ctx.span(a).start,
        end: ua.ctx.span(e).end,
    })
}

/// The byte span of items `a..e` trimmed of punctuation at both ends, whether it holds a
/// quotation, and whether it holds words outside quotations.
fn piece_span(ua: &Items<'_, '_>, mut a: usize, mut e: usize) -> Option<(Span, bool, bool)> {
    let trim = |k: usize| !ua.is_quote(k) && ua.f(k).shape & (shape::PUNCT | shape::SYMBOL) != 0;
    while a < e && (trim(a) || ua.has(a, class::CONJ) && a + 1 < e && false) {
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
    ctx.span(s.end - 1).end
}

/// The subject of the unit's main clause: its first noun phrase after a leading adverbial
/// ("In Geneva, Hun Sen ...", "However, the group ...").
fn unit_subject(ua: &Items<'_, '_>) -> Option<Np> {
    let mut k = 0;
    let n = ua.len();
    while k < n && (ua.has(k, class::CONJ | class::CLAUSE_ADV) || ua.f(k).shape & shape::PUNCT != 0) {
        k += 1;
    }
    if ua.has(k, class::PREP | class::SUBORD | class::ADV | class::TIME) || ua.f(k).has(class::CLAUSE_ADV) {
        while k < n && !ua.is_p(k, b',') {
            k += 1;
        }
        k += 1;
    }
    let np = ua.np_after(k)?;
    Some(np)
}
