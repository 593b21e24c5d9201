//! Noun phrases around a cue: the speaker before or after the verb, the addressee, the
//! subject of a clause. Shallow: no parser, but the closed word classes of the lexicon and
//! capitalisation delimit news subjects well ("Sen. Maria Vega (D-Ore.)", "a spokesman
//! for the ministry", "the video’s narrator", "Nearly six of 10 residents").

use crate::doc::{Ctx, Feat, shape};
use crate::lexicon::class;
use crate::marks::QSpan;

/// An item of a unit: a token outside quotations, or a whole quoted stretch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum It {
    /// A token, by index.
    T(u32),
    /// A quoted stretch, by index into [`Ctx::spans`].
    Q(u32),
}

/// What a noun phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NpKind {
    /// A personal pronoun; its lexicon flags tell which.
    Pronoun(u64),
    /// Headed by a proper name.
    Name,
    /// A common noun phrase ("a source", "the premier").
    Common,
}

/// A noun phrase: the mention a cue attaches to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Np {
    /// Items `first..end` of the unit.
    pub(crate) first: usize,
    pub(crate) end: usize,
    /// Token range of the mention.
    pub(crate) tok_first: u32,
    pub(crate) tok_end: u32,
    /// Token range of the proper name inside it, titles left out ("Maria Vega").
    pub(crate) name: Option<(u32, u32)>,
    pub(crate) kind: NpKind,
}

/// The items of a unit with the document, and the questions the analysis asks of them.
#[derive(Debug)]
pub(crate) struct Items<'c, 'a> {
    pub(crate) ctx: &'c Ctx<'a>,
    pub(crate) it: Vec<It>,
}

const QUOTE_FEAT: Feat = Feat {
    flags: 0,
    cue: 0,
    shape: shape::QUOTE,
    p: 0,
};

impl<'c, 'a> Items<'c, 'a> {
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.it.len()
    }

    #[inline]
    pub(crate) fn f(&self, k: usize) -> Feat {
        match self.it.get(k) {
            Some(It::T(t)) => self.ctx.f[*t as usize],
            Some(It::Q(_)) => QUOTE_FEAT,
            None => Feat::default(),
        }
    }

    #[inline]
    pub(crate) fn tok(&self, k: usize) -> Option<u32> {
        match self.it.get(k) {
            Some(It::T(t)) => Some(*t),
            _ => None,
        }
    }

    #[inline]
    pub(crate) fn is_quote(&self, k: usize) -> bool {
        matches!(self.it.get(k), Some(It::Q(_)))
    }

    /// The quoted stretch at item `k`, if it is one.
    #[inline]
    pub(crate) fn qspan(&self, k: usize) -> Option<QSpan> {
        match self.it.get(k) {
            Some(It::Q(q)) => Some(self.ctx.spans[*q as usize]),
            _ => None,
        }
    }

    /// The punctuation code (see [`Feat::p`]) of the last token inside the quotation at
    /// item `k`; 0 when that is no punctuation, or `k` no quotation with content.
    pub(crate) fn quote_last_p(&self, k: usize) -> u8 {
        self.qspan(k)
            .filter(|s| s.end > s.first)
            .map_or(0, |s| self.ctx.f[s.end as usize - 1].p)
    }

    /// How many words and numbers the quotation at item `k` holds (0 for no quotation).
    pub(crate) fn quote_words(&self, k: usize) -> usize {
        self.qspan(k).map_or(0, |s| {
            (s.first..s.end)
                .filter(|&t| self.ctx.f[t as usize].shape & (shape::WORD | shape::NUM) != 0)
                .count()
        })
    }

    /// Is item `k` the punctuation `c` (`-` for any dash)?
    #[inline]
    pub(crate) fn is_p(&self, k: usize, c: u8) -> bool {
        self.f(k).p == c && self.f(k).shape & shape::PUNCT != 0
    }

    #[inline]
    pub(crate) fn has(&self, k: usize, flags: u64) -> bool {
        self.f(k).has(flags)
    }

    /// [`Ctx::has_lower`] for item `k`.
    #[inline]
    pub(crate) fn has_lower(&self, k: usize, flags: u64) -> bool {
        self.tok(k).is_some_and(|t| self.ctx.has_lower(t, flags))
    }

    #[inline]
    pub(crate) fn word(&self, k: usize) -> &'a str {
        match self.tok(k) {
            Some(t) => self.ctx.word(t),
            None => "",
        }
    }

    /// The word at item `k` lower-cased (ASCII) into `buf`; empty for a word longer than
    /// the buffer or for an item that is not a word.
    #[inline]
    pub(crate) fn lower<'b>(&self, k: usize, buf: &'b mut [u8; 32]) -> &'b str {
        let w = self.word(k).as_bytes();
        if w.len() > buf.len() {
            return "";
        }
        for (d, c) in buf.iter_mut().zip(w) {
            *d = c.to_ascii_lowercase();
        }
        std::str::from_utf8(&buf[..w.len()]).unwrap_or("")
    }

    /// Is item `k` the word `w` (ASCII, case-insensitive)?
    #[inline]
    pub(crate) fn is_w(&self, k: usize, w: &str) -> bool {
        self.word(k).eq_ignore_ascii_case(w)
    }

    /// A word or number (not punctuation, not a quotation).
    #[inline]
    pub(crate) fn is_wordlike(&self, k: usize) -> bool {
        self.f(k).shape & (shape::WORD | shape::NUM) != 0
    }

    /// A cue verb form at `k`.
    #[inline]
    pub(crate) fn is_cue_word(&self, k: usize) -> bool {
        self.f(k).cue != 0
    }

    /// A past participle: "-ed" ("prompted") or an irregular one ("seen", "held").
    pub(crate) fn is_participle(&self, k: usize) -> bool {
        let w = self.word(k);
        (w.ends_with("ed") && w.len() > 4) || self.has(k, class::PARTICIPLE)
    }

    /// A lower-case "-ing" form of six letters or more that is no function word and no
    /// pronoun ("taking", not "during" or "something"): a gerund or a participle.
    pub(crate) fn is_gerund(&self, k: usize) -> bool {
        let w = self.word(k);
        w.len() > 5
            && w.ends_with("ing")
            && !self.f(k).is_cap()
            && !self.has(k, class::FUNCTION | class::PRON_OTHER)
    }

    /// The possessive clitic "'s" / "’s" or a bare apostrophe after a plural.
    pub(crate) fn is_possessive(&self, k: usize) -> bool {
        let w = self.word(k);
        if !matches!(w, "'s" | "’s" | "'S" | "’S" | "'" | "’") {
            return false;
        }
        // "He’s claiming", "it's", "that's": after a pronoun, "is" or "has".
        !(k > 0 && w.len() > 1 && self.has(k - 1, class::CLITIC_HOST))
    }

    /// A word that can be part of a name: capitalised, or a name particle between
    /// capitalised words ("de", "van", "bin", "of" in "Port of Tacoma").
    fn is_name_word(&self, k: usize) -> bool {
        // Capitalised function words ("The", "But", "He") are not names.
        self.f(k).is_name_word(self.f(k + 1), 0)
    }

    fn is_particle(&self, k: usize) -> bool {
        self.has_lower(k, class::PARTICLE)
    }

    /// A lower-case plural noun ("insiders", "officials"), by its ending.
    pub(crate) fn plural_noun(&self, k: usize) -> bool {
        let f = self.f(k);
        let w = self.word(k);
        f.is_word()
            && !f.is_cap()
            && f.cue == 0
            && !f.has(class::FUNCTION | class::PRONOUN | class::ADV)
            && w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
    }

    /// The noun phrase that ends at item `b` (the word before a verb), scanning back.
    pub(crate) fn np_before(&self, b: usize) -> Option<Np> {
        let f = self.f(b);
        if self.is_quote(b) {
            return None;
        }
        let mut end = b + 1;
        let mut k = b;
        if f.is_word() && f.has(class::PRONOUN) && !f.has(class::PRON_FO | class::POSS)
            || self.is_w(b, "her")
        {
            // An object pronoun ends a phrase like "aides close to him"; "her" is an object
            // or possessive, never a subject.
            if self.has(b, class::PRON_OBJ) {
                if b >= 2
                    && self.has(b - 1, class::PREP)
                    && self.f(b - 2).is_word()
                    && !self.has(b - 2, class::FUNCTION)
                {
                    k = b - 2;
                } else {
                    return None;
                }
            } else {
                return Some(self.np(b, b + 1, NpKind::Pronoun(f.flags)));
            }
        }
        // A parenthesis after a name: "Vega (D-Ore.)", "Hale (R-Tenn.)".
        if self.is_p(k, b')') {
            let mut j = k;
            let mut steps = 0;
            while j > 0 && !self.is_p(j, b'(') && steps < 8 {
                j -= 1;
                steps += 1;
            }
            if !self.is_p(j, b'(') || j == 0 {
                return None;
            }
            end = j;
            k = j - 1;
        }
        let last = self.f(k);
        if !(last.is_word() || last.shape & shape::NUM != 0) || last.has(class::FUNCTION) {
            return None;
        }
        if last.has(class::PRONOUN) && !last.is_cap() {
            return None;
        }
        // "has prompted", "were told": a participle after an auxiliary is a verb, no noun.
        if !last.is_cap() && k > 0 && self.has(k - 1, class::AUX) && self.is_participle(k) {
            return None;
        }
        let mut first = k;
        let mut caps_seen = last.is_cap();
        let mut lower = 0;
        let mut steps = 0;
        while first > 0 && steps < 12 {
            steps += 1;
            let j = first - 1;
            let fj = self.f(j);
            if self.is_quote(j) || fj.shape & shape::PUNCT != 0 {
                // "U.S.-based", initials: punctuation ends the phrase except inside a name
                // (a hyphen between capitalised words has no spaces and is one token).
                break;
            }
            if self.is_possessive(j) {
                // "the video’s narrator", "the mayor’s spokeswoman".
                first = j;
                continue;
            }
            if fj.shape & shape::NUM != 0 {
                first = j;
                continue;
            }
            if !fj.is_word() {
                break;
            }
            if fj.has(class::DET | class::POSS) && !fj.has(class::PRONOUN)
                || self.is_w(j, "her")
                || self.is_w(j, "his")
            {
                first = j;
                // "Mr. Hale of the Rotary Club", "a spokesman for the ministry": the
                // phrase goes on before a preposition after a name or a role.
                if j >= 2
                    && self.has_lower(j - 1, class::NP_PREP)
                    && (self.f(j - 2).is_cap()
                        || self.has(j - 2, class::ROLE)
                        || self.plural_noun(j - 2))
                    && !self.has(j - 2, class::FUNCTION)
                {
                    first = j - 2;
                    caps_seen |= self.f(j - 2).is_cap();
                    continue;
                }
                break;
            }
            if fj.has(class::PREP) {
                // "a spokesman for the ministry", "Port of Tacoma", "six of 10 residents":
                // inside a phrase after a role noun, a name or a number.
                let allowed = self.has_lower(j, class::NP_PREP_BARE)
                    && j > 0
                    && (self.has(j - 1, class::ROLE | class::QUANT_NP | class::AUDIENCE)
                        || self.f(j - 1).is_cap()
                        || self.f(j - 1).shape & shape::NUM != 0
                        || self.plural_noun(j - 1));
                if allowed {
                    first = j;
                    continue;
                }
                break;
            }
            // "one of Mr. Ortiz's aides", "many of the residents".
            if self.is_w(first, "of") && self.has(j, class::PARTITIVE) {
                first = j;
                break;
            }
            // "Mr. Hale and Mr. Ortiz": two names.
            if self.is_w(j, "and")
                && caps_seen
                && j > 0
                && self.f(j - 1).is_cap()
                && self.f(first).is_cap()
            {
                first = j;
                continue;
            }
            if fj.has(class::FUNCTION | class::PRONOUN | class::ADV | class::CLAUSE_ADV)
                && !fj.has(class::TITLE)
            {
                break;
            }
            // A cue word ends the phrase ("Ortiz said"), unless it owns what follows: "the
            // report's authors".
            if fj.cue != 0 && !fj.is_cap() && !self.is_possessive(j + 1) {
                break;
            }
            if fj.is_cap() {
                caps_seen = true;
                first = j;
                continue;
            }
            if self.is_particle(j) && caps_seen {
                first = j;
                continue;
            }
            // A lower-case word: a modifier or a noun ("veteran Republican pollster").
            lower += 1;
            if lower > 4 {
                break;
            }
            // Past forms end a verb phrase rather than belong to a noun phrase ("thanked
            // Governor Hale").
            let w = self.word(j);
            // (After a determiner it is an adjective: "a signed letter".)
            if w.ends_with("ed") && w.len() > 4 && !(j > 0 && self.has(j - 1, class::DET)) {
                break;
            }
            first = j;
        }
        // A lone lower-case word that is not a noun we know ("also", "then") is no subject.
        let kind = if self.f(k).is_cap() && self.is_name_word(k) {
            NpKind::Name
        } else if self.f(k).shape & shape::NUM != 0 || self.f(k).is_word() {
            NpKind::Common
        } else {
            return None;
        };
        let mut np = self.np(first, end, kind);
        if kind == NpKind::Name {
            np.name = self.name_in(first, k + 1);
            if np.name.is_none() {
                np.kind = NpKind::Common;
            }
        }
        Some(np)
    }

    /// The noun phrase starting at item `a` (a subject after an inverted verb: "said
    /// Moreno", "said the Rev. Alan Brooks, of ..."), if one starts there.
    pub(crate) fn np_after(&self, a: usize) -> Option<Np> {
        if a >= self.len() || self.is_quote(a) {
            return None;
        }
        let f = self.f(a);
        if !f.is_word() && f.shape & shape::NUM == 0 {
            return None;
        }
        let det_like = f.has(class::PRON_OTHER)
            && self.f(a + 1).is_word()
            && !self.f(a + 1).has(class::FUNCTION);
        if f.has(class::PRONOUN) && !f.has(class::POSS) && !det_like {
            if f.has(class::PRON_OBJ) {
                return None;
            }
            return Some(self.np(a, a + 1, NpKind::Pronoun(f.flags)));
        }
        let mut k = a;
        if f.has(class::DET | class::POSS) || det_like {
            k += 1;
        }
        let mut last_cap: Option<usize> = None;
        let mut lower = 0;
        while k < self.len() && k - a < 10 {
            let fk = self.f(k);
            if self.is_quote(k) || fk.shape & shape::PUNCT != 0 {
                break;
            }
            if self.is_possessive(k) {
                // "Maria Vega’s right-hand man": the possessor is a determiner.
                k += 1;
                last_cap = None;
                continue;
            }
            if fk.shape & shape::NUM != 0 {
                k += 1;
                continue;
            }
            if !fk.is_word() {
                break;
            }
            if fk.is_cap() && (self.is_name_word(k) || fk.has(class::TITLE)) {
                last_cap = Some(k);
                k += 1;
                continue;
            }
            if self.is_particle(k) && last_cap.is_some() && self.f(k + 1).is_cap() {
                k += 1;
                continue;
            }
            if let Some(lc) = last_cap {
                // A proper name ends at its last capitalised word, unless a determiner made
                // it a modifier: "one Senate source", "a White House official".
                let modifier = (f.has(class::DET) || det_like)
                    && lc + 1 == k
                    && !fk.has(class::FUNCTION | class::PRONOUN | class::ADV | class::TIME)
                    && fk.cue == 0
                    && !self.word(k).ends_with("ing");
                // "GOP strategist Dale Harmon", "Democratic pollster Rita Okafor": a
                // name-like modifier, a role noun, then the name.
                let role_before_name =
                    lc + 1 == k && fk.has(class::ROLE) && fk.cue == 0 && self.is_name_word(k + 1);
                if !(modifier || role_before_name) {
                    break;
                }
                last_cap = None;
                lower += 1;
                k += 1;
                continue;
            }
            if fk.has(class::FUNCTION | class::PRONOUN | class::ADV | class::TIME | class::DET)
                || fk.cue != 0
                || (self.word(k).ends_with("ed") && self.word(k).len() > 4)
            {
                break;
            }
            lower += 1;
            if lower > 3 {
                break;
            }
            k += 1;
        }
        if k == a || (k == a + 1 && f.has(class::DET | class::POSS)) {
            return None;
        }
        let kind = if last_cap == Some(k - 1) {
            NpKind::Name
        } else {
            NpKind::Common
        };
        let mut np = self.np(a, k, kind);
        if kind == NpKind::Name {
            np.name = self.name_in(a, k);
            if np.name.is_none() {
                np.kind = NpKind::Common;
            }
        }
        Some(np)
    }

    pub(crate) fn np(&self, first: usize, end: usize, kind: NpKind) -> Np {
        let tf = self.tok(first).unwrap_or(0);
        let te = self.tok(end.saturating_sub(1)).map_or(tf + 1, |t| t + 1);
        Np {
            first,
            end,
            tok_first: tf,
            tok_end: te,
            name: None,
            kind,
        }
    }

    /// The proper name inside items `a..e`: the last run of capitalised words, with titles
    /// at its start left out ("Prime Minister Hun Sen" → "Hun Sen").
    pub(crate) fn name_in(&self, a: usize, e: usize) -> Option<(u32, u32)> {
        let mut end = e;
        while end > a && !self.is_name_word(end - 1) {
            end -= 1;
        }
        if end == a {
            return None;
        }
        let mut start = end - 1;
        while start > a
            && (self.is_name_word(start - 1)
                || (self.is_particle(start - 1) && start >= a + 2 && self.is_name_word(start - 2)))
        {
            start -= 1;
        }
        let start = self.ctx.skip_titles(start, end, |k| self.tok(k));
        // Organisation-like modifiers stay ("House Majority Leader Dale Harmon" has
        // been stripped of its title words only when the lexicon knows them).
        let (tf, te) = (self.tok(start)?, self.tok(end - 1)? + 1);
        Some((tf, te))
    }
}

#[cfg(test)]
mod tests {
    use presslens_core::StageEnv;

    use crate::testkit::layer_of;
    use crate::{QuoteExtractor, QuoteParams};

    /// `content <- speaker mention` for every quote of `text`, default parameters.
    fn quotes(text: &str) -> Vec<String> {
        let ex =
            QuoteExtractor::new(&QuoteParams::default(), &StageEnv::default()).expect("defaults");
        ex.extract(text, &layer_of(text), None)
            .quotes
            .iter()
            .map(|q| {
                let who = q.speaker.as_ref().map_or("-", |s| s.mention.slice(text));
                format!("{} <- {}", q.span.slice(text), who)
            })
            .collect()
    }

    #[test]
    fn an_inverted_subject_may_be_a_modifier_a_role_and_a_name() {
        assert_eq!(
            quotes("The firm lobbied on tariffs, said GOP strategist Dale Harmon."),
            ["The firm lobbied on tariffs <- GOP strategist Dale Harmon"]
        );
        assert_eq!(
            quotes(
                "The firm lobbied on tariffs, said Democratic pollster Rita Okafor, a former adviser."
            ),
            ["The firm lobbied on tariffs <- Democratic pollster Rita Okafor"]
        );
    }
}
