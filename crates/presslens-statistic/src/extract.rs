//! The grammar: from numbers to statistics.
//!
//! Each number the reader finds ([`crate::number`]) is read with what stands around it:
//! a sign, a currency before it, a qualifier ("about", "more than"), a change verb
//! ("rose"), a unit, currency or percent after it, the thing counted ("15,000 workers"),
//! a rate ("a share"). Then neighbouring quantities are combined: ranges ("between 10
//! and 20", "3-8W"), changes with their earlier value ("26 from 30", "from $80 to $52").
//! Numbers that are not statistics are refused on the way: dates and clock times,
//! identifiers and names ("G20", "Boeing 737", "Section 12"), addresses, phone numbers.

use presslens_core::{Direction, StatKind};

use crate::ctx::{Ctx, PercentUnit};
use crate::lexicon::{Dir, NumClass, QualKind, class};
use crate::number::{Num, Read};
use crate::token::TokKind;

/// A statistic found in the tokens, before conversion to byte spans.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub(crate) t0: usize,
    pub(crate) t1: usize,
    pub(crate) kind: StatKind,
    pub(crate) value: f64,
    pub(crate) upper: Option<f64>,
    pub(crate) unit: Option<String>,
    pub(crate) previous: Option<f64>,
    pub(crate) direction: Option<Direction>,
    pub(crate) approx: bool,
    pub(crate) subject: Option<(usize, usize)>,
}

/// What a number measures, before changes and ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    Count,
    Percent,
    Money,
    Measure,
    Ordinal,
    Year,
    Rank,
}

/// A unit as the denominator of a rate: "USD/year", not "USD/years".
fn per_unit(unit: &str) -> String {
    match unit {
        "years" | "months" | "weeks" | "days" | "decades" => unit.trim_end_matches('s').to_string(),
        "centuries" => "century".to_string(),
        other => other.to_string(),
    }
}

/// The first token an item may extend back to: not into its own subject.
fn items_floor(subject: &Option<(usize, usize)>, t0: usize) -> usize {
    match subject {
        Some((_, e)) if *e <= t0 => *e,
        _ => 0,
    }
}

/// A change cue found around a number.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cue {
    dir: Dir,
    /// The cue word.
    tok: usize,
    /// The number is the new level ("rose to 5%"), not the amount ("rose 5%").
    level: bool,
}

/// One number with what qualifies it.
#[derive(Debug, Clone)]
struct Q {
    num: Num,
    t0: usize,
    t1: usize,
    value: f64,
    base: Base,
    unit: Option<String>,
    /// The unit is a counted noun ("workers").
    noun: bool,
    /// A unit, currency or percent sign was written (not a counted noun).
    measured: bool,
    qual: Option<QualKind>,
    cue: Option<Cue>,
    /// Start of the left context (qualifier, currency, sign), for cues and ranges.
    lead: usize,
    /// An explicit "+" or "-" sign.
    plus: bool,
    minus: bool,
}

fn dir(d: Dir) -> Direction {
    match d {
        Dir::Up => Direction::Up,
        Dir::Down => Direction::Down,
    }
}

/// Adverbs that may stand between a change verb and its amount: "rose sharply by 5%".
const BRIDGE: &[&str] = &[
    "by",
    "about",
    "nearly",
    "almost",
    "roughly",
    "some",
    "around",
    "approximately",
    "sharply",
    "slightly",
    "marginally",
    "modestly",
    "steeply",
    "just",
    "only",
    "further",
    "another",
    "additional",
    "extra",
    "strongly",
    "solidly",
    "significantly",
    "substantially",
    "dramatically",
    "massively",
    "barely",
    "fractionally",
    "considerably",
];

impl Ctx<'_> {
    /// Whether token `i` may start a number.
    fn anchor(&self, i: usize) -> bool {
        let t = self.toks[i];
        match t.kind {
            TokKind::Num => true,
            TokKind::Word => {
                self.numword(i).is_some()
                    || self.times_word(i).is_some()
                    || (t.end - t.start <= 2
                        && (self.is(i, "a") || self.is(i, "an"))
                        && self.numword(i + 1).is_some())
            }
            TokKind::Sym => crate::number::vulgar_fraction(t.ch).is_some(),
        }
    }

    /// "doubled", "halved": the direction and factor of a change by a factor. Such words
    /// are looked up by the tokenizer, like number words.
    fn times_word(&self, i: usize) -> Option<(Dir, f64)> {
        let t = self.toks.get(i)?;
        if t.kind != TokKind::Word || t.info == crate::lexicon::LAZY {
            return None;
        }
        self.lex.info(t.info).cue_times
    }

    /// A change by a factor: "doubled", "more than tripled", "halved".
    fn times_item(&self, i: usize, floor: usize) -> Option<Item> {
        let (d, f) = self.times_word(i)?;
        if self.is(i + 1, "down")
            || self.is(i + 1, "as")
            || self.dash(i + 1) && self.is(i + 2, "down")
        {
            // "doubled down on", "doubled as": idioms.
            return None;
        }
        let mut t0 = i;
        let mut approx = false;
        if i > floor
            && let Some((_, s)) = self.qualifier_ending(i)
            && s >= floor
        {
            t0 = s;
            approx = true;
        }
        Some(Item {
            t0,
            t1: i + 1,
            kind: StatKind::Change,
            value: f,
            upper: None,
            unit: Some("times".into()),
            previous: None,
            direction: Some(dir(d)),
            approx,
            subject: None,
        })
    }

    /// Find every statistic of the tokens.
    pub(crate) fn extract(&self) -> Vec<Item> {
        let mut items: Vec<Item> = Vec::new();
        let mut i = 0;
        let mut floor = 0;
        while i < self.n() {
            if let Some(e) = self.url_end(i) {
                i = e;
                floor = floor.max(e);
                continue;
            }
            if !self.anchor(i) {
                i += 1;
                continue;
            }
            if let Some(item) = self.times_item(i, floor) {
                floor = item.t1;
                i = item.t1;
                items.push(item);
                continue;
            }
            match self.quantity(i, floor) {
                Ok(q) => {
                    let (item, next) = self.combine(q, floor);
                    if let Some(mut item) = item {
                        if item.t0 < floor {
                            item.t0 = floor;
                        }
                        floor = item.t1;
                        items.push(item);
                    }
                    i = next.max(i + 1);
                }
                Err(next) => {
                    let mut next = next.max(i + 1);
                    // The second number of a refused pair goes with it: "Oct. 11-15".
                    while next + 1 < self.n()
                        && self.dash(next)
                        && self.glued(next)
                        && self.glued(next + 1)
                        && self.toks[next + 1].kind == TokKind::Num
                    {
                        next = self.chain_end(next + 1);
                    }
                    i = next;
                    floor = floor.max(i.min(self.n()));
                }
            }
        }
        // "lost 240 points, or 0.8%": the second figure is the same change.
        for k in 1..items.len() {
            let (a, b) = (&items[k - 1], &items[k]);
            let or_between = (self.is(a.t1, "or") && b.t0 == a.t1 + 1)
                || (self.sym(a.t1, ',') && self.is(a.t1 + 1, "or") && b.t0 == a.t1 + 2);
            if or_between
                && a.kind == StatKind::Change
                && matches!(
                    b.kind,
                    StatKind::Percent | StatKind::Money | StatKind::Measure | StatKind::Count
                )
            {
                let d = a.direction;
                items[k].kind = StatKind::Change;
                items[k].direction = d;
            }
        }
        for item in &mut items {
            if item.subject.is_none() {
                item.subject = self.subject(item);
            }
            // "a score of 26 from 30": the measure's name belongs to the expression.
            let t0 = item.t0;
            if t0 >= 3
                && self.is(t0 - 1, "of")
                && self.info(t0 - 2).is(class::MEASURE_NOUN)
                && matches!(self.lower(t0 - 3).as_str(), "a" | "an" | "the")
            {
                let floor = items_floor(&item.subject, t0);
                if t0 - 3 >= floor {
                    item.t0 = t0 - 3;
                }
            }
        }
        items
    }

    /// One past a web address or e-mail address starting at `i`: their digits are not
    /// statistics.
    fn url_end(&self, i: usize) -> Option<usize> {
        let t = self.toks[i];
        if t.kind != TokKind::Word || !self.glued(i + 1) {
            return None;
        }
        let url = (self.is(i, "http") || self.is(i, "https") || self.is(i, "ftp"))
            && self.sym(i + 1, ':')
            || self.is(i, "www") && self.sym(i + 1, '.')
            || self.sym(i + 1, '@') && self.glued(i + 2);
        if !url {
            return None;
        }
        let mut e = i + 1;
        while e < self.n() && self.glued(e) {
            e += 1;
        }
        Some(e)
    }

    /// Whether token `i` starts a sentence (nothing before it in the paragraph, or a
    /// hard stop, an opening quote or a bullet just before).
    fn sentence_start(&self, i: usize) -> bool {
        let mut k = i;
        // Bounded, so that a run of a million quotes costs nothing per number.
        while k > 0 && i - k < 8 {
            let t = self.toks[k - 1];
            if t.kind == TokKind::Sym
                && matches!(
                    t.ch,
                    '"' | '“' | '‘' | '\'' | '(' | '[' | '-' | '—' | '•' | '*' | ':'
                )
            {
                k -= 1;
                continue;
            }
            return self.hard_stop(k - 1) || self.toks[k].nl;
        }
        true
    }

    /// A word that names something: "iPhone", "Section", "FTSE", "Boeing" (capitalised,
    /// not at a sentence start, and not a word of the grammar's own).
    fn name_like(&self, p: usize) -> bool {
        let t = self.toks[p];
        if t.kind != TokKind::Word {
            return false;
        }
        let s = self.s(p);
        let mixed = !t.cap && s.chars().any(char::is_uppercase);
        if !(t.cap || t.upper || mixed) {
            return false;
        }
        let info = self.info(p);
        if info.is(class::FUNCTION | class::MONTH | class::WEEKDAY)
            || info.num.is_some()
            || info.cue_verb.is_some()
            || info.cue_weak.is_some()
            || info.cue_adv.is_some()
        {
            return false;
        }
        if self.currency_pre_ending(p + 1).is_some() || self.qualifier_ending(p + 1).is_some() {
            return false;
        }
        if self.sentence_start(p) && !t.upper && !mixed && s.ends_with("ly") {
            // "Exactly 500": a sentence's first word is capitalised anyway, and an
            // adverb is no name. ("Nearly", "About" are qualifiers, read before.)
            return false;
        }
        true
    }

    /// Read one number with its left and right context. `Err` gives the token to go on
    /// at when what is here is not a statistic.
    fn quantity(&self, i: usize, floor: usize) -> Result<Q, usize> {
        let n = self.n();
        let num = match self.read_at(i) {
            Read::Got(num) => num,
            Read::Skip(e) => return Err(e),
            Read::Nothing => return Err(i + 1),
        };
        let t0 = num.t0;
        let t1 = num.t1;
        let first_word = self.word(t0);

        // Pronoun "one" and idioms.
        if num.words && !num.digits && num.t1 == num.t0 + 1 && !num.article {
            let l = self.lower(t0);
            if let Some(e) = self.word_number_not_statistic(t0, &l) {
                return Err(e);
            }
        }
        // "One.Tel", "Web2.0": a name.
        if self.sym(t1, '.') && self.glued(t1) && self.glued(t1 + 1) && self.word(t1 + 1) {
            return Err(self.chain_end(t1));
        }
        // Word numbers inside hyphenated compounds: "best-of-five", "a three-bed
        // apartment", "one-time". Units are read later ("six-mile", "three-year-old").
        if num.words && !num.digits && !num.ordinal && !num.fraction {
            if self.dash(t0)
                || (t0 > 0
                    && self.dash(t0 - 1)
                    && self.glued(t0)
                    && t0 > 1
                    && self.word(t0 - 2)
                    && self.glued(t0 - 1))
            {
                return Err(t1);
            }
            if self.dash(t1)
                && self.glued(t1)
                && self.glued(t1 + 1)
                && self.word(t1 + 1)
                && self.numword(t1 + 1).is_none()
                && self.unit_at(t1 + 1, true).is_none()
                && self.currency_post_at(t1 + 1, true, false).is_none()
                && self.percent_at(t1 + 1).is_none()
                && !self.is(t1 + 1, "to")
            {
                return Err(t1 + 2);
            }
        }
        // Ordinals in compounds: "first-round", "third-quarter" (but "second-largest" is a
        // claim of rank).
        if num.ordinal
            && self.dash(t1)
            && self.glued(t1)
            && self.glued(t1 + 1)
            && self.word(t1 + 1)
            && !self.lower(t1 + 1).ends_with("est")
        {
            return Err(t1 + 2);
        }
        // Lone fraction words and ordinals that are not numbers here.
        if let Some(w) = self.numword(t0)
            && num.t1 == t0 + 1
            && !num.article
            && matches!(w.class, NumClass::Half | NumClass::Quarter)
            && !self.half_is_number(t0)
        {
            return Err(t1);
        }

        // Dates: "May 4", "4th of May", "17 June", "Feb. 3".
        if self.is_date(&num) {
            return Err(t1);
        }
        // Cricket figures: "took 4/27" is wickets and runs, not four twenty-sevenths.
        if num.fraction
            && num.digits
            && self.sym(t0 + 1, '/')
            && self.in_sentence(t0, class::CRICKET)
        {
            return Err(t1);
        }

        // Clock times: "2 p.m.", "5 am", "0615 GMT", "seven o'clock".
        if t1 < n && self.is_clock(t1) && num.value < 25.0 {
            return Err(self.clock_end(t1));
        }

        // ---- Left context.
        let mut lead = t0;
        let mut plus = false;
        let mut minus = false;
        let mut currency: Option<String> = None;
        let mut scale_from_code = 1.0;
        let sign_at = |k: usize| -> Option<char> {
            if k == 0 || k <= floor {
                return None;
            }
            let st = self.toks[k - 1];
            if st.kind != TokKind::Sym
                || !matches!(st.ch, '-' | '−' | '+' | '–')
                || self.toks[k].gap
            {
                return None;
            }
            if k >= 2 && self.toks[k - 2].kind == TokKind::Num && self.percent_at(t1).is_none() {
                // "70 -200mm": a dash between numbers, not a sign ("CAC 40 -1.1%" has
                // one).
                return None;
            }
            // A sign stands apart from what is before it ("DAX -0.9%", "$-31.4bn").
            let before_ok = k - 1 == 0
                || st.gap
                || (k >= 2
                    && self.toks[k - 2].kind == TokKind::Sym
                    && matches!(
                        self.toks[k - 2].ch,
                        '(' | '$' | '=' | '[' | ':' | '~' | '<' | '>' | '≈' | '£' | '€'
                    ));
            before_ok.then_some(st.ch)
        };
        if !first_word && let Some(c) = sign_at(lead) {
            if c == '+' {
                plus = true
            } else {
                minus = true
            }
            lead -= 1;
        }
        if let Some((cur, s)) = self.currency_pre_ending(lead)
            && s >= floor
        {
            currency = Some(cur.code.clone());
            lead = s;
            if !plus
                && !minus
                && let Some(c) = sign_at(lead)
            {
                if c == '+' {
                    plus = true
                } else {
                    minus = true
                }
                lead -= 1;
            }
        } else if lead > floor && self.word(lead - 1) && !first_word {
            // "MUSD 45", "MAUD 80": a currency code with an M for millions.
            let w = self.s(lead - 1);
            if w.len() == 4 && w.starts_with('M') && self.toks[lead - 1].upper {
                let code = &w[1..];
                if self
                    .lex
                    .currencies
                    .starting(&code.to_ascii_lowercase())
                    .iter()
                    .any(|&pi| {
                        let p = &self.lex.currencies.phrases[pi as usize];
                        p.toks.len() == 1 && p.toks[0] == code
                    })
                {
                    currency = Some(code.to_string());
                    scale_from_code = 1e6;
                    lead -= 1;
                }
            }
        }
        if lead > floor && !minus && !plus {
            let l = self.lower(lead - 1);
            let plus_or_minus = lead >= 3 && self.is(lead - 2, "or") && self.is(lead - 3, "plus");
            if (l == "minus" || l == "negative") && !plus_or_minus {
                minus = true;
                lead -= 1;
            } else if self.dash(lead - 1)
                && lead >= 2
                && self.is(lead - 2, "minus")
                && self.glued(lead)
            {
                minus = true;
                lead -= 2;
            }
        }
        let mut qual = None;
        let the_gap = num.ordinal && lead > floor + 1 && self.is(lead - 1, "the");
        if the_gap
            && let Some((k, s)) = self.qualifier_ending(lead - 1)
            && s >= floor
            && !matches!(k, QualKind::Approx)
        {
            // "higher than the eighth".
            qual = Some(k);
            lead = s;
        } else if lead > floor
            && let Some((k, s)) = self.qualifier_ending(lead)
            && s >= floor
        {
            // "<>45", "=>45": not a bound anyone writes in prose.
            let odd = self.toks[s].kind == TokKind::Sym
                && s > 0
                && self.glued(s)
                && self.toks[s - 1].kind == TokKind::Sym
                && matches!(self.toks[s - 1].ch, '<' | '>' | '=');
            if !odd {
                qual = Some(k);
                lead = s;
            }
        }
        let mut rank = false;
        if self.dash(t1)
            && self.glued(t1)
            && self.glued(t1 + 1)
            && self
                .toks
                .get(t1 + 1)
                .is_some_and(|t| t.kind == TokKind::Num)
            && lead > 0
            && (self.sym(lead - 1, '.') || self.sym(lead - 1, '#'))
        {
            // "No. 15-674", "#3-2": a docket or code number.
            return Err(self.chain_end(t1));
        }
        if lead > floor {
            let p = lead - 1;
            let l = self.lower(p);
            if (l == "no" && (self.sym(p + 1, '.') || self.toks[p].cap))
                || l == "#"
                || (self.sym(p, '#') && self.glued(lead))
            {
                if !num.fraction && num.value >= 1.0 && num.value == num.value.trunc() {
                    rank = true;
                    lead = p;
                }
            } else if self.sym(p, '.')
                && p > floor
                && self.is(p - 1, "no")
                && (self.toks[p - 1].cap || num.digits)
            {
                if num.value >= 1.0 && num.value == num.value.trunc() {
                    rank = true;
                    lead = p - 1;
                }
            } else if matches!(
                l.as_str(),
                "ranked" | "ranks" | "rank" | "ranking" | "placed" | "seeded"
            ) && (num.ordinal || num.words || num.digits)
                && num.value >= 1.0
            {
                rank = true;
            } else if l == "number" && num.value >= 1.0 && num.value < 1000.0 && !num.fraction {
                rank = true;
                lead = p;
            }
        }

        // ---- Right context.
        let mut k = t1;
        let mut value = num.value * scale_from_code;
        let mut scaled = num.scaled;
        let mut base = Base::Count;
        let mut unit: Option<String> = None;
        let mut noun = false;
        let mut measured = false;
        let mut age = false;
        // A compound adjective ("a 2,000-pound bomb") qualifies a noun: no change cue
        // reaches it.
        let mut adjective = false;
        let glued_right = k < n && self.glued(k);

        // A glued "m": millions, or metres ("1.9m tall", "a 25m (82ft)-long whale").
        if let Some(before_m) = num.lone_m
            && currency.is_none()
            && self.metres_after_m(k)
        {
            value = before_m;
            scaled = false;
            base = Base::Measure;
            unit = Some("m".into());
            measured = true;
        }
        if currency.is_some() {
            base = Base::Money;
            measured = true;
            // A currency code repeated after is part of it: "$64 US", "$58 U.S.".
            if let Some((_, len)) = self.currency_post_at(k, self.glued(k), scaled)
                && self.toks[k].kind == TokKind::Word
                && self.toks[k].upper
            {
                k += len;
            } else if self.s(k) == "US" {
                k += 1;
            } else if self.s(k) == "U" && self.sym(k + 1, '.') && self.s(k + 2) == "S" {
                k += if self.sym(k + 3, '.') { 4 } else { 3 };
            }
        } else if base == Base::Count && !num.ordinal {
            // "0.25 of a per cent", "half a percentage point", and for a fraction a unit or
            // a currency too: "half an hour", "a quarter of a mile", "half a dollar".
            let article = |j: usize| self.is(j, "a") || self.is(j, "an");
            let k_pc = if self.is(k, "of") && article(k + 1) {
                k + 2
            } else if article(k) && num.fraction {
                k + 1
            } else {
                k
            };
            let small = num.fraction || num.value < 1.0;
            if k_pc != k
                && (self.percent_at(k_pc).is_some()
                    || small
                        && (self.unit_at(k_pc, false).is_some()
                            || self.currency_post_at(k_pc, false, false).is_some()))
            {
                k = k_pc;
            }
            if let Some((pu, len)) = self.percent_at(k) {
                base = Base::Percent;
                measured = true;
                unit = Some(
                    match pu {
                        PercentUnit::Percent => "%",
                        PercentUnit::Points => "percentage points",
                        PercentUnit::Basis => "basis points",
                    }
                    .into(),
                );
                k += len;
            } else if let Some((code, len)) = self.million_code_at(k) {
                // "45 MUSD", "80 MEUR".
                base = Base::Money;
                measured = true;
                currency = Some(code);
                value *= 1e6;
                k += len;
            } else if let Some((cur, len)) = self.currency_post_at(k, glued_right, scaled) {
                base = Base::Money;
                measured = true;
                currency = Some(cur.code.clone());
                k += len;
                // "40 USD million".
                if let Some(w) = self.numword(k)
                    && w.class == NumClass::Scale
                    && !w.ordinal
                    && !w.plural
                {
                    value *= w.value;
                    k += 1;
                }
                // "4 dollars 20 cents", "eleven dollars and sixty cents", "12
                // dollars 75.": the small unit after the large one.
                if !matches!(cur.code.as_str(), "JPY" | "KRW" | "cents" | "pence" | "sen")
                    && !num.scaled
                {
                    let mut c = k;
                    if self.is(c, "and") {
                        c += 1;
                    }
                    if let Some(cents) = self.read_number(c)
                        && !cents.scaled
                        && !cents.fraction
                        && (1.0..100.0).contains(&cents.value)
                        && cents.value == cents.value.trunc()
                        && cents.t0 == c
                    {
                        let e = cents.t1;
                        if self.is(e, "cents") || self.is(e, "pence") || self.is(e, "cent") {
                            value += cents.value / 100.0;
                            k = e + 1;
                        } else if self
                            .toks
                            .get(e)
                            .is_none_or(|t| t.kind == TokKind::Sym && t.ch != '%')
                            && (cents.words || self.s(c).len() == 2)
                        {
                            value += cents.value / 100.0;
                            k = e;
                        }
                    }
                }
            } else if let Some((u, len)) = self.unit_at(k, glued_right) {
                if self.glued(k + len)
                    && self
                        .toks
                        .get(k + len)
                        .is_some_and(|t| t.kind != TokKind::Sym)
                {
                    // "31842L117", "m317": a code, not a quantity.
                    return Err(self.chain_end(k + len - 1));
                }
                if glued_right
                    && len == 1
                    && matches!(self.s(k), "C" | "F")
                    && !self.temperature_letter_ok(k, lead, floor)
                {
                    // "Boeing 767F", "an 8F report": a name, not degrees.
                    return Err(k + 1);
                }
                base = Base::Measure;
                measured = true;
                unit = Some(u.unit.clone());
                let dim = u.dim.as_str();
                k += len;
                if dim == "time" && num.words && !num.digits && self.dash(t1) {
                    // unreachable: the hyphen form is handled below
                }
                // "6 feet 3 inches", "6 ft 3 in", "5 foot 9".
                let kk = if u.unit == "ft" && self.is(k, "and") {
                    k + 1
                } else {
                    k
                };
                if u.unit == "ft"
                    && let Some(inch) = self.read_number(kk)
                    && inch.value < 12.0
                    && !inch.scaled
                {
                    let e = inch.t1;
                    if self.is(e, "in")
                        || self.is(e, "inches")
                        || self.is(e, "inch")
                        || self.sym(e, '"')
                        || self.sym(e, '″')
                    {
                        value += inch.value / 12.0;
                        k = e + 1;
                    }
                }
                if dim == "time" {
                    // Ages: "7 years old", "4 years of age".
                    if self.is(k, "old") || (self.dash(k) && self.is(k + 1, "old")) {
                        age = true;
                        k += if self.is(k, "old") { 1 } else { 2 };
                    } else if self.is(k, "of") && self.is(k + 1, "age") {
                        age = true;
                        k += 2;
                    } else if self.is(k, "ago") {
                        // "three years ago" is a date.
                        return Err(k + 1);
                    }
                }
            } else if self.dash(t1)
                && self.glued(t1)
                && t1 + 1 < n
                && self.glued(t1 + 1)
                && self.word(t1 + 1)
                && let Some((cur, len)) = self.currency_post_at(t1 + 1, true, scaled)
            {
                // "a 15-cent-a-share payout", "a one-yen bid".
                adjective = true;
                base = Base::Money;
                measured = true;
                currency = Some(cur.code.clone());
                k = t1 + 1 + len;
            } else if self.dash(t1)
                && self.glued(t1)
                && self.glued(t1 + 1)
                && let Some((pu, len)) = self.percent_at(t1 + 1)
            {
                // "the 15-percent hurdle".
                adjective = true;
                base = Base::Percent;
                measured = true;
                unit = Some(
                    match pu {
                        PercentUnit::Percent => "%",
                        PercentUnit::Points => "percentage points",
                        PercentUnit::Basis => "basis points",
                    }
                    .into(),
                );
                k = t1 + 1 + len;
            } else if self.dash(t1) && self.glued(t1) && t1 + 1 < n && self.glued(t1 + 1) {
                // Compound adjectives: "4-inch", "nine-mile", "72-year-old", "6-mpg".
                if let Some((u, len)) = self.unit_at(t1 + 1, true) {
                    if u.dim == "time" && num.words && !num.digits && !self.hyphen_old(t1 + 1 + len)
                    {
                        // "a five-year plan", "a three-month lease": not statistics.
                        return Err(t1 + 1 + len);
                    }
                    base = Base::Measure;
                    measured = true;
                    adjective = true;
                    unit = Some(u.unit.clone());
                    k = t1 + 1 + len;
                    if u.dim == "time" && self.hyphen_old(k) {
                        age = true;
                        k += 2;
                    }
                } else if num.digits
                    && !num.words
                    && num.int_lit
                    && self.word(t1 + 1)
                    && !self.toks[t1 + 1].cap
                    && !self.info(t1 + 1).is(class::FUNCTION)
                    && self.numword(t1 + 1).is_none()
                    && self.s(t1 + 1).len() >= 3
                    && !matches!(
                        self.lower(t1 + 1).as_str(),
                        "something" | "somethings" | "odd" | "plus" | "ish" | "to" | "strong"
                    )
                {
                    // "a 15-member committee", "a 12-page report", "a 10-fold rise".
                    adjective = true;
                    noun = true;
                    let w = self.lower(t1 + 1);
                    unit = Some(if w == "fold" {
                        "times".to_string()
                    } else {
                        w.to_string()
                    });
                    k = t1 + 2;
                }
            } else if let Some((u, len)) = self.bracketed_unit(k) {
                // "35 (kg)", "35 [kg]": a unit in brackets, as in tables.
                base = Base::Measure;
                measured = true;
                unit = Some(u);
                k += len;
            } else if num.digits
                && !num.words
                && (self.is(k, "yo")
                    || (self.is(k, "y") && self.sym(k + 1, '/') && self.is(k + 2, "o")))
            {
                base = Base::Measure;
                measured = true;
                unit = Some("years".into());
                age = true;
                k += if self.is(k, "yo") { 1 } else { 3 };
            }
        }
        let _ = age;

        // Ages in apposition: "David Hicks, 26, was captured".
        if base == Base::Count
            && num.int_lit
            && num.digits
            && (1.0..120.0).contains(&num.value)
            && lead > floor + 1
            && self.sym(lead - 1, ',')
            && self.toks[lead - 2].kind == TokKind::Word
            && self.toks[lead - 2].cap
            && !self
                .info(lead - 2)
                .is(class::MONTH | class::WEEKDAY | class::FUNCTION)
            && self.sym(t1, ',')
        {
            base = Base::Measure;
            measured = true;
            unit = Some("years".into());
        }
        // "a magnitude 7.8 earthquake".
        if base == Base::Count && lead > floor && self.is(lead - 1, "magnitude") {
            base = Base::Measure;
            measured = true;
            unit = Some("magnitude".into());
        }
        // Ages written before the number: "aged 19", "age 91".
        if base == Base::Count
            && lead > floor
            && (self.is(lead - 1, "aged") || self.is(lead - 1, "age"))
        {
            base = Base::Measure;
            measured = true;
            unit = Some("years".into());
        }

        if base == Base::Money
            && let Some(c) = &currency
        {
            unit = Some(c.clone());
        }

        // Rates: "$5 a share", "300,000 barrels a day", "$34.50 per square foot".
        if (measured && base != Base::Percent || noun)
            && let Some((per, e)) = self.rate_at(k)
        {
            unit = Some(format!("{}/{}", unit.as_deref().unwrap_or(""), per));
            k = e;
        }

        // The thing counted: "15,000 workers", "one of the best speakers".
        // A fraction counts nothing by itself: "half people" is no half a person.
        let fraction = num.fraction && num.value < 1.0;
        if !measured
            && !num.ordinal
            && !rank
            && !num.decade
            && !fraction
            && let Some((head, e)) = self.counted_noun(k, &num)
        {
            // A year before a noun phrase is still a year ("2017 NASA engineers"),
            // unless a plain noun follows at once ("2000 people").
            let year_like = num.int_lit
                && num.digits
                && num.int_digits == 4
                && !num.commas
                && (1000.0..=2100.0).contains(&num.value);
            let adjacent = e == k + 1 && !self.toks[k].cap;
            // "the 2016 campaigns", "the 2008 primaries": a year naming its events.
            // Not a round hundred: "the 2000 workers" are people.
            let year_noun = year_like
                && (self.info(e - 1).is(class::YEAR_AFTER)
                    || lead > floor
                        && self.is(lead - 1, "the")
                        && (1950.0..=2035.0).contains(&num.value)
                        && num.value % 100.0 != 0.0);
            if !year_like || adjacent && !year_noun {
                unit = Some(head);
                noun = true;
                k = e;
            }
        }

        // After the unit: "or more", "-plus", "or so".
        let mut post_qual = None;
        if let Some((pk, len)) = self.qualifier_post_at(k)
            && !self.is(k + len, "than")
            && !self.is(k + len, "to")
            && self
                .toks
                .get(k + len)
                .is_none_or(|t| t.kind != TokKind::Num)
        {
            let ok = match self.lower(k).as_str() {
                "+" => self.glued(k),
                "plus" | "odd" => !self.word(k + len) || !self.glued(k) || self.dash(k - 1),
                _ => true,
            };
            if ok {
                post_qual = Some(pk);
                k += len;
            }
        } else if self.dash(k)
            && self.glued(k)
            && let Some((pk, len)) = self.qualifier_post_at(k + 1)
            && self.glued(k + 1)
            && matches!(self.lower(k + 1).as_str(), "plus" | "odd")
        {
            post_qual = Some(pk);
            k += len + 1;
        }
        // A bound after the number ("500 or more") outranks an "about" before it.
        if qual.is_none() || post_qual.is_some() && qual == Some(QualKind::Approx) {
            qual = post_qual;
        }

        // ---- Filters that need both sides.
        let mut bare = !measured && !noun;
        // A bare "8m": millions after a word of money ("worth 50m"), else it may as well
        // be metres ("jumped 8m"), and a wrong value is worse than none. A capital "M"
        // is no metre: "20M", "2.5M" are millions, but not "3M" (a name, as often as not).
        let capital_m =
            self.s(num.t1 - 1) == "M" && num.lone_m.is_some_and(|v| v >= 10.0 || v.fract() != 0.0);
        if bare && num.lone_m.is_some() && currency.is_none() && !capital_m {
            let money = (lead.saturating_sub(5).max(floor)..lead)
                .any(|j| self.word(j) && self.info(j).is(class::MONEY_CUE));
            if !money {
                // Metres where the sentence measures in metric units: "the barge carries
                // 400t and is 85m", "a 3m post set in 20 cm of gravel".
                match num.lone_m {
                    Some(before_m) if self.metric_nearby(t0, t1) => {
                        value = before_m;
                        base = Base::Measure;
                        unit = Some("m".into());
                        measured = true;
                        bare = false;
                    }
                    _ => return Err(k.max(t1)),
                }
            }
        }
        let prev = if lead > floor { Some(lead - 1) } else { None };
        if let Some(p) = prev {
            let pinfo = self.info(p);
            if bare
                && !rank
                && pinfo.is(class::LABEL)
                && self.toks[p].kind == TokKind::Word
                && !num.ordinal
                && !num.fraction
                && num.value == num.value.trunc()
            {
                // "page 5", "Section 12", "version two".
                if !(num.int_lit && num.int_digits == 4 && (1000.0..=2100.0).contains(&num.value)) {
                    return Err(k.max(t1));
                }
            }
            if !measured
                && !rank
                && p + 1 == t0
                && self.name_like(p)
                && num.value == num.value.trunc()
                && !num.fraction
                && !num.commas
                && !(num.int_lit && num.int_digits == 4 && (1900.0..=2100.0).contains(&num.value))
                && currency.is_none()
                && !num.ordinal
            {
                // "Boeing 737", "Galaxy Watch 6", "Nikkei 225", "Channel Four".
                return Err(self.chain_end(t1 - 1).max(t1));
            }
            if num.words
                && !num.digits
                && self.toks[t0].cap
                && !self.sentence_start(t0)
                && p + 1 == t0
                && self.name_like(p)
            {
                return Err(t1);
            }
            if minus && !measured && p + 2 == t0 && self.name_like(p) {
                // "COVID -19 vaccines": a name's number, not a negative count.
                return Err(t1);
            }
        }
        // A capitalised number word inside a name: "the Big Four", "Formula One".
        if num.words
            && !num.digits
            && self.toks[t0].cap
            && !self.toks[t0].upper
            && !self.sentence_start(t0)
            && bare
            && (self
                .toks
                .get(t1)
                .is_some_and(|t| t.cap && t.kind == TokKind::Word)
                || prev.is_some_and(|p| p + 1 == t0 && self.name_like(p)))
        {
            return Err(t1);
        }
        // Addresses: "212 Harcourt Road", "14 W 52nd St".
        if num.digits && num.int_lit && bare && self.street_after(t1) {
            return Err(t1);
        }
        // A model's number before the rest of its name: "15 Pro Max", "500 Abarth".
        // A count says what it counts with a plural, soon after ("15 Republicans", "12
        // Western European countries", "3 Gulf Coast states"); a bare
        // number before a name with no plural in sight is part of the name.
        if num.digits
            && !num.words
            && num.int_lit
            && !num.commas
            && num.value < 1000.0
            && bare
            && !rank
            && qual.is_none()
            && !plus
            && !minus
            && self.model_name_after(t0, t1)
        {
            return Err(t1);
        }
        // List markers: "1)", "2 )".
        if num.digits
            && num.int_lit
            && num.value < 30.0
            && self.sym(t1, ')')
            && !self.open_paren_before(t0)
            && bare
        {
            return Err(t1 + 1);
        }
        // "he is in his 30s", "the '90s" (decades of a century stand for years).
        if num.decade && num.int_digits == 2 {
            let apostrophe = t0 > 0
                && matches!(self.toks[t0 - 1].ch, '\'' | '’' | '‘')
                && self.toks[t0 - 1].kind == TokKind::Sym;
            if !(apostrophe || prev.is_some_and(|p| self.is(p, "the"))) {
                return Err(t1);
            }
        }

        // Markup and code: timestamp="1612345678", id=42 (not "Y=31,250", yen).
        if num.digits
            && currency.is_none()
            && t0 > 0
            && self.glued(t0)
            && (self.sym(t0 - 1, '=')
                || t0 > 1
                    && matches!(self.toks[t0 - 1].ch, '"' | '\'')
                    && self.sym(t0 - 2, '=')
                    && self.glued(t0 - 1))
        {
            return Err(self.chain_end(t1 - 1).max(t1));
        }
        // Emergency numbers: "911 calls", "a 999 operator".
        if num.int_lit
            && matches!(num.value as u32, 911 | 999 | 112)
            && matches!(
                self.lower(t1).as_str(),
                "call"
                    | "calls"
                    | "caller"
                    | "callers"
                    | "dispatcher"
                    | "dispatchers"
                    | "operator"
                    | "operators"
                    | "system"
                    | "center"
                    | "centre"
                    | "emergency"
            )
        {
            return Err(t1 + 1);
        }
        // List markers: "1. What Trump said".
        if num.int_lit
            && num.value < 100.0
            && self.sym(t1, '.')
            && self.glued(t1)
            && self.toks.get(t1 + 1).is_some_and(|t| t.gap && t.cap)
            && self.sentence_start(t0)
        {
            return Err(t1 + 1);
        }
        // Two-digit years after an apostrophe: "in ’16", "the class of ’98".
        let short_year = num.int_lit
            && num.int_digits == 2
            && bare
            && t0 > 0
            && self.glued(t0)
            && matches!(self.toks[t0 - 1].ch, '\'' | '’' | '‘')
            && self.toks[t0 - 1].kind == TokKind::Sym
            && (t0 == 1 || self.toks[t0 - 1].gap);
        // ---- Kind.
        if short_year {
            base = Base::Year;
            value = if num.value <= 30.0 {
                2000.0 + num.value
            } else {
                1900.0 + num.value
            };
        } else if num.ordinal {
            base = if rank { Base::Rank } else { Base::Ordinal };
        } else if rank && bare {
            base = Base::Rank;
        } else if num.decade {
            base = Base::Year;
            value = if num.int_digits == 2 {
                1900.0 + num.value
            } else {
                num.value
            };
        } else if bare && self.is_year(&num, lead, floor, t1) {
            base = Base::Year;
        }
        if minus {
            value = -value;
        }

        // ---- Change cues.
        let mut cue = None;
        if matches!(
            base,
            Base::Count | Base::Percent | Base::Money | Base::Measure
        ) && !adjective
        {
            // A percentage or points change with any change verb ("lost 240 points");
            // other amounts only with a verb that always means change ("rose $5").
            let relative = base == Base::Percent
                || unit
                    .as_deref()
                    .is_some_and(|u| u == "points" || u == "cents" || u == "pence");
            cue = self.cue_before(lead, floor, relative);
            if let Some(c) = &mut cue
                && matches!(
                    self.lower(lead).as_str(),
                    "above" | "below" | "under" | "beyond" | "past"
                )
            {
                // "approval has risen above 50 percent": a level reached, not the amount.
                c.level = true;
            }
            if cue.is_none() {
                // "12.5% higher", "0.45 percent lower".
                if let Some(d) = self.info(k).cue_adv
                    && matches!(self.lower(k).as_str(), "higher" | "lower")
                    && measured
                {
                    cue = Some(Cue {
                        dir: d,
                        tok: k,
                        level: false,
                    });
                    k += 1;
                }
            }
            if cue.is_none() {
                // "a 3 percent drop", "the 9% share price increase".
                cue = self.cue_noun_after(k, lead, floor);
            }
            if cue.is_none()
                && base == Base::Percent
                && (plus || minus)
                && self.sign_means_change(lead, floor)
            {
                cue = Some(Cue {
                    dir: if plus { Dir::Up } else { Dir::Down },
                    tok: lead,
                    level: false,
                });
            }
        }

        Ok(Q {
            num,
            t0: lead,
            t1: k.max(t1),
            value,
            base,
            unit,
            noun,
            measured,
            qual,
            cue,
            lead,
            plus,
            minus,
        })
    }

    /// Whether the capitalised word after a bare number at `[t0, t1)` goes on a name
    /// ("15 Pro Max", "500 Abarth") rather than a count: a word that may be a name
    /// (not all capitals, not ending in -s like "Canadians" or "Democrats"), in running
    /// text (not after another capitalised word: "Meets 3 Rivals"), not the second
    /// number of a ratio ("seven in 10 Labour voter said"), and no plural within a few
    /// words.
    fn model_name_after(&self, t0: usize, t1: usize) -> bool {
        let Some(t) = self.toks.get(t1) else {
            return false;
        };
        if t.kind != TokKind::Word || !t.gap || t.nl || t.upper || !t.cap {
            return false;
        }
        let w = self.s(t1);
        if w.len() < 2 || w.ends_with('s') || !self.name_like(t1) {
            return false;
        }
        if t0 > 0 && self.toks[t0 - 1].kind == TokKind::Word && self.toks[t0 - 1].cap {
            return false;
        }
        if t0 > 1
            && (self.is(t0 - 1, "in") || self.is(t0 - 1, "of"))
            && (self.toks[t0 - 2].kind == TokKind::Num || self.numword(t0 - 2).is_some())
        {
            return false;
        }
        let mut j = t1 + 1;
        // Within the phrase: up to punctuation other than a hyphen.
        while j < self.n()
            && j <= t1 + 8
            && (self.toks[j].kind != TokKind::Sym || self.dash(j) && self.glued(j))
        {
            if self.word(j) && !self.toks[j].cap && self.plural(j) {
                return false;
            }
            j += 1;
        }
        true
    }

    /// Whether another number of the sentence, near `[t0, t1)`, has a metric unit of
    /// length, mass, area or volume ("400t", "20 cm"): then a lone "m" is metres too.
    fn metric_nearby(&self, t0: usize, t1: usize) -> bool {
        let (lo, hi) = self.sentence_window(t0, t1, 16);
        (lo..hi).any(|j| {
            (j < t0 || j >= t1)
                && self.toks[j].kind == TokKind::Num
                && self
                    .unit_at(j + 1, self.glued(j + 1))
                    .is_some_and(|(u, _)| {
                        matches!(u.dim.as_str(), "length" | "mass" | "area" | "volume")
                            && u.unit != "m"
                    })
        })
    }

    /// A currency code with an M for millions after a number: "45 MUSD", "80 MEUR".
    fn million_code_at(&self, k: usize) -> Option<(String, usize)> {
        let t = self.toks.get(k)?;
        let w = self.s(k);
        if t.kind != TokKind::Word || !t.upper || w.len() != 4 || !w.starts_with('M') {
            return None;
        }
        let code = &w[1..];
        let known = self
            .lex
            .currencies
            .starting(&code.to_ascii_lowercase())
            .iter()
            .any(|&pi| {
                let p = &self.lex.currencies.phrases[pi as usize];
                p.toks.len() == 1 && p.toks[0] == code && p.cs
            });
        known.then(|| (code.to_string(), 1))
    }

    /// Whether a "C" or "F" glued to a number at `k` means degrees: not after a name
    /// ("Boeing 767F") and not before a noun ("an 8F report"); "highs of 25C today" is.
    fn temperature_letter_ok(&self, k: usize, lead: usize, floor: usize) -> bool {
        if lead > floor && self.name_like(lead - 1) {
            return false;
        }
        // A word of weather within a few words ("temperatures reach 35C", "30C heat"), or
        // a minus sign ("-5C overnight").
        let lo = lead.saturating_sub(8);
        let hi = (k + 6).min(self.n());
        let minus = k >= 2 && self.glued(k - 1) && matches!(self.toks[k - 2].ch, '-' | '−');
        minus || (lo..hi).any(|j| self.word(j) && self.info(j).is(class::WEATHER))
    }

    /// A unit in matching brackets right after a number: "(kg)", "[km]", "{lb}", "<cm>".
    fn bracketed_unit(&self, k: usize) -> Option<(String, usize)> {
        let open = self.toks.get(k)?;
        let close = match open.ch {
            '(' => ')',
            '[' => ']',
            '{' => '}',
            '<' => '>',
            _ => return None,
        };
        if open.kind != TokKind::Sym {
            return None;
        }
        let (u, len) = self.unit_at(k + 1, true)?;
        if !self.sym(k + 1 + len, close) || !self.glued(k + 1) || !self.glued(k + 1 + len) {
            return None;
        }
        Some((u.unit.clone(), len + 2))
    }

    /// "a five-year-old": a hyphen and "old" at `k`.
    fn hyphen_old(&self, k: usize) -> bool {
        self.dash(k) && self.glued(k) && self.is(k + 1, "old")
    }

    /// Whether a glued "m" after a number means metres: a measuring word follows ("1.9m
    /// tall", "65m long") or a conversion in feet ("25m (82ft)").
    fn metres_after_m(&self, k: usize) -> bool {
        let dims = [
            "final",
            "finals",
            "sprint",
            "race",
            "hurdles",
            "freestyle",
            "butterfly",
            "breaststroke",
            "backstroke",
            "medley",
            "relay",
            "dash",
            "swim",
            "heat",
            "heats",
            "title",
            "champion",
            "event",
            "record",
            "long-jump",
            "tall",
            "long",
            "high",
            "wide",
            "deep",
            "away",
            "thick",
            "in",
            "across",
            "above",
            "below",
            "under",
            "underground",
            "beneath",
            "from",
            "of",
            "by",
            "x",
        ];
        let mut j = k;
        if self.dash(j) && self.glued(j) {
            j += 1;
        }
        if j >= self.n() {
            return false;
        }
        let l = self.lower(j);
        if dims.contains(&l.as_str())
            && !(l == "of" && self.word(j + 1) && self.lower(j + 1).ends_with('s'))
        {
            return !matches!(l.as_str(), "in" | "from" | "of" | "by") || self.metres_context(j);
        }
        if self.sym(j, '(')
            && let Some(inner) = self.read_number(j + 1)
        {
            return self
                .unit_at(inner.t1, self.glued(inner.t1))
                .is_some_and(|(u, _)| u.dim == "length");
        }
        if self.sym(j, '×') || self.is(j, "x") {
            return true;
        }
        false
    }

    fn metres_context(&self, j: usize) -> bool {
        // "65m in length", "a 12m by 8m room": the word after is a length or a number.
        self.is(j + 1, "length")
            || self.is(j + 1, "height")
            || self.is(j + 1, "diameter")
            || self.read_number(j + 1).is_some()
    }

    /// "per X", "a X", "an X", "/X", "-a-X", "each": the quantity is a rate.
    fn rate_at(&self, k: usize) -> Option<(String, usize)> {
        let n = self.n();
        if k >= n {
            return None;
        }
        let (j, article) = if self.is(k, "per") {
            (k + 1, false)
        } else if (self.is(k, "a") || self.is(k, "an")) && !self.toks[k].nl {
            (k + 1, true)
        } else if self.sym(k, '/') {
            (k + 1, false)
        } else if self.dash(k) && self.glued(k) && self.is(k + 1, "a") && self.dash(k + 2) {
            (k + 3, true)
        } else {
            return None;
        };
        if j >= n || self.toks[j].kind != TokKind::Word {
            return None;
        }
        // "£300m a year earlier", "5% a year ago": a time reference, not a rate.
        let time_ref = |e: usize| {
            matches!(
                self.lower(e).as_str(),
                "earlier" | "ago" | "later" | "before" | "after" | "previously" | "prior"
            )
        };
        if time_ref(j + 1) || time_ref(j + 2) && self.is(j, "year") {
            return None;
        }
        if let Some((u, len)) = self.unit_at(j, false)
            && (!article
                || self.info(j).is(class::RATE)
                || matches!(u.dim.as_str(), "time" | "area" | "volume" | "mass"))
        {
            return Some((per_unit(&u.unit), j + len));
        }
        let l = self.lower(j);
        if self.info(j).is(class::RATE) {
            // "per cent" is a percent, handled before.
            if l == "cent" {
                return None;
            }
            let mut e = j + 1;
            let mut name = l.to_string();
            if l == "square" || l == "sq" {
                if let Some((u, len)) = self.unit_at(j, false) {
                    return Some((u.unit.clone(), j + len));
                }
                name = format!("{} {}", l, self.lower(j + 1));
                e += 1;
            }
            return Some((name, e));
        }
        if !article && self.word(j) && !self.info(j).is(class::FUNCTION) && !self.toks[j].cap {
            // "per capita", "per person", "per vehicle".
            return Some((l.to_string(), j + 1));
        }
        None
    }

    /// The counted thing after a number: the first plural noun within three words
    /// ("15,000 workers", "9 first-round picks", "six straight Grand Slams"), or for
    /// "one" the next noun ("one man", "one of the best speakers").
    fn counted_noun(&self, k: usize, num: &Num) -> Option<(String, usize)> {
        let n = self.n();
        let mut j = k;
        if num.value == 1.0 && !num.digits && self.is(j, "of") {
            j += 1;
            if j < n
                && (self.info(j).is(class::FUNCTION)
                    || self.s(j).ends_with("'s")
                    || self.s(j).ends_with("’s"))
            {
                j += 1;
            }
        } else if self.is(j, "of") && num.value >= 1e6 && num.scaled && !num.fraction {
            // "2,300 kinds of goods" keeps "kinds"; "two thirds of voters".
            j += 1;
            if j < n && self.info(j).is(class::FUNCTION) {
                j += 1;
            }
        }
        let mut words = 0;
        while j < n && words < 4 {
            let t = self.toks[j];
            if t.nl && j > k {
                return None;
            }
            if t.kind != TokKind::Word {
                // Hyphenated modifiers: "first-team", "best-selling".
                if self.dash(j)
                    && self.glued(j)
                    && j + 1 < n
                    && self.glued(j + 1)
                    && self.word(j + 1)
                    && words > 0
                {
                    j += 1;
                    continue;
                }
                return None;
            }
            let info = self.info(j);
            if info.is(class::FUNCTION | class::MONTH | class::WEEKDAY | class::CLOCK)
                && !info.is(class::PLURAL)
                || info.is(class::VAGUE)
            {
                // Nor "thousands" ("In 2019 thousands marched").
                return None;
            }
            if info.num.is_some_and(|w| w.ordinal) && self.dash(j + 1) && self.glued(j + 1) {
                // "9 first-round picks".
                words += 1;
                j += 1;
                continue;
            }
            if info.num.is_some() || info.cue_verb.is_some() && !self.plural(j) {
                return None;
            }
            let w = self.s(j);
            if self.plural(j) {
                let mut head = w.to_string();
                if t.cap && !t.upper {
                    head = w.to_string();
                } else if !t.upper {
                    head = w.to_lowercase();
                }
                return Some((head, j + 1));
            }
            if num.value == 1.0
                && !num.digits
                && words == 0
                && !t.cap
                && w.chars().all(char::is_alphabetic)
                && w.len() > 2
            {
                // "one man", "one area": the singular noun right after "one" (not the
                // first part of a compound: "one laid-off engineer").
                let compound = self.dash(j + 1) && self.glued(j + 1);
                if !compound
                    && !w.ends_with("ed")
                    && (!self.word(j + 1)
                        || self.info(j + 1).is(class::FUNCTION)
                        || self
                            .toks
                            .get(j + 1)
                            .is_some_and(|t| t.kind != TokKind::Word))
                {
                    return Some((w.to_lowercase(), j + 1));
                }
            }
            words += 1;
            j += 1;
        }
        None
    }

    /// Whether the word at `j` looks like a plural noun.
    fn plural(&self, j: usize) -> bool {
        let info = self.info(j);
        if info.is(class::PLURAL) {
            return true;
        }
        if info.is(class::NOT_PLURAL | class::FUNCTION) {
            return false;
        }
        let w = self.s(j);
        let l = w.as_bytes();
        if l.len() < 3 || !w.chars().all(|c| c.is_alphabetic() || c == '\'') {
            return false;
        }
        let last = l[l.len() - 1].to_ascii_lowercase();
        let prev = l[l.len() - 2].to_ascii_lowercase();
        last == b's' && !matches!(prev, b's' | b'u' | b'i' | b'\'')
    }

    /// One past a street name after a number ("212 Harcourt Road", "14 W 52nd St").
    fn street_after(&self, k: usize) -> bool {
        let mut j = k;
        let mut seen = 0;
        while j < self.n() && seen < 4 {
            let t = self.toks[j];
            match t.kind {
                TokKind::Word if t.cap || t.upper => {
                    if self.info(j).is(class::STREET)
                        && (seen > 0
                            || self
                                .toks
                                .get(j + 1)
                                .is_some_and(|n| n.cap && n.kind == TokKind::Word))
                    {
                        return true;
                    }
                    seen += 1;
                }
                TokKind::Num if seen > 0 || self.glued(j + 1) => seen += 1,
                TokKind::Word if self.glued(j) => {}
                TokKind::Sym if t.ch == '.' && !t.gap => {}
                _ => return false,
            }
            j += 1;
        }
        false
    }

    fn open_paren_before(&self, t0: usize) -> bool {
        let mut k = t0;
        let mut steps = 0;
        while k > 0 && steps < 6 {
            k -= 1;
            steps += 1;
            if self.sym(k, '(') {
                return true;
            }
            if self.sym(k, ')') || self.hard_stop(k) {
                return false;
            }
        }
        false
    }

    /// A number next to a month name: "May 4", "Sept. 9", "17 June", "4th of May".
    fn is_date(&self, num: &Num) -> bool {
        let day = (num.digits && num.int_lit && !num.commas && (1.0..=31.0).contains(&num.value))
            || (num.ordinal && (1.0..=31.0).contains(&num.value));
        if !day {
            return false;
        }
        let t0 = num.t0;
        let month_at = |k: usize| {
            self.word(k)
                && self.info(k).is(class::MONTH)
                && {
                    let l = self.lower(k);
                    // "may" is a month only when capitalised or next to a number.
                    l != "may" || self.toks[k].cap || num.digits
                }
                && (self.lower(k) != "march" || self.toks[k].cap)
        };
        if t0 > 0 && month_at(t0 - 1) {
            return true;
        }
        if t0 > 1 && self.sym(t0 - 1, '.') && month_at(t0 - 2) {
            return true;
        }
        let e = num.t1;
        if month_at(e) {
            return true;
        }
        if self.is(e, "of") && month_at(e + 1) {
            return true;
        }
        // "the 5th of each month" stays an ordinal; weekdays: "Friday 13".
        if t0 > 0
            && self.word(t0 - 1)
            && self.info(t0 - 1).is(class::WEEKDAY)
            && self.toks[t0 - 1].cap
            && !num.words
        {
            return true;
        }
        false
    }

    /// Whether a bare integer is a year: four digits between 1000 and 2100, with a year
    /// word before or after it, or between 1900 and 2100 with nothing against it.
    fn is_year(&self, num: &Num, lead: usize, floor: usize, t1: usize) -> bool {
        if !(num.int_lit && num.digits && !num.words && num.int_digits == 4 && !num.commas) {
            return false;
        }
        let v = num.value;
        if !(1000.0..=2100.0).contains(&v) {
            return false;
        }
        let before = lead > floor && {
            let p = lead - 1;
            let i = self.info(p);
            (i.is(class::YEAR_BEFORE) || i.is(class::MONTH)) && !self.is(p, "the")
                || (self.sym(p, '-') && p > 0 && self.is(p - 1, "mid"))
                || (self.sym(p, ',') && p > 0 && self.toks[p - 1].kind == TokKind::Num)
                || (self.sym(p, '.') && p > 0 && self.is(p - 1, "d"))
                || (matches!(
                    self.lower(p).as_str(),
                    "and" | "or" | "to" | "through" | "until"
                ) && p > 0
                    && self.toks[p - 1].kind == TokKind::Num
                    && self.s(p - 1).len() == 4
                    && self.s(p - 1).bytes().all(|b| b.is_ascii_digit()))
        };
        let after = t1 < self.n()
            && (self.info(t1).is(class::YEAR_AFTER)
                || (self.sym(t1, '\'') || self.sym(t1, '’')) && self.is(t1 + 1, "s")
                || self.s(t1 - 1).eq_ignore_ascii_case("s"));
        if before || after {
            return true;
        }
        (1900.0..=2100.0).contains(&v)
    }

    /// A change cue before the amount: "rose 5%", "fell by 3", "was up 23 cents", "rose
    /// to 5%" (a level), "up nearly 41%".
    fn cue_before(&self, lead: usize, floor: usize, relative: bool) -> Option<Cue> {
        let mut k = lead;
        let mut level = false;
        let mut skipped = 0;
        while k > floor && skipped < 4 {
            let p = k - 1;
            if self.toks[p].kind != TokKind::Word {
                return None;
            }
            let l = self.lower(p);
            let info = self.info(p);
            let cue_word =
                info.cue_verb.is_some() || info.cue_weak.is_some() || info.cue_adv.is_some();
            if cue_word && p > 0 && self.info(p - 1).is(class::DETERMINER) {
                // "the lower 90 percent", "its increased 20% stake": an adjective.
                return None;
            }
            if let Some(d) = info.cue_verb {
                // "up to" is a qualifier, read before; "down to 5%" is a level.
                return Some(Cue {
                    dir: d,
                    tok: p,
                    level,
                });
            }
            if let Some(d) = info.cue_weak {
                let by = (p + 1..lead).any(|j| self.is(j, "by"));
                return (by || relative).then_some(Cue {
                    dir: d,
                    tok: p,
                    level,
                });
            }
            if let Some(d) = info.cue_adv {
                // "up 5%", "down by 3%"; not "held up as one of the few", and not the
                // particle of a phrasal verb ("pick up 45", "make up half").
                let direct = skipped == 0 || (skipped == 1 && self.is(p + 1, "by"));
                if !self.adverb_cue_ok(p) {
                    return None;
                }
                return (direct || level && skipped == 1).then_some(Cue {
                    dir: d,
                    tok: p,
                    level,
                });
            }
            if l == "to" || l == "at" {
                if level || skipped > 0 {
                    return None;
                }
                level = true;
            } else if self.is(lead - 1, "by")
                && skipped < 4
                && !self.info(p).is(class::MONTH | class::WEEKDAY)
                && self.toks[p].kind == TokKind::Word
                && p > floor
                && (p..lead).all(|j| !self.hard_stop(j) && !self.sym(j, ','))
            {
                // "raised rates by 0.5 points", "cut its outlook by 2%": the object
                // between the verb and "by".
            } else if (l == "a" || l == "an")
                && skipped > 0
                && matches!(
                    self.lower(p + 1).as_str(),
                    "further" | "additional" | "extra"
                )
            {
                // "rose a further 5%".
            } else if !BRIDGE.contains(&l.as_str()) {
                return None;
            }
            skipped += 1;
            k -= 1;
        }
        None
    }

    /// Whether "up"/"down" at `p` stands for a change: after a form of "be", a noun (the
    /// thing that moved: "shares up 5%", "Dow down 2%"), punctuation, or a verb of
    /// market closing ("finished down 2%"); not after another verb ("pick up 45").
    fn adverb_cue_ok(&self, p: usize) -> bool {
        if !matches!(self.lower(p).as_str(), "up" | "down") || p == 0 {
            return true;
        }
        let q = p - 1;
        let t = self.toks[q];
        if t.kind != TokKind::Word {
            return true;
        }
        let l = self.lower(q);
        if matches!(
            l.as_str(),
            "ended"
                | "closed"
                | "finished"
                | "opened"
                | "traded"
                | "trading"
                | "was"
                | "were"
                | "is"
                | "are"
                | "been"
                | "be"
                | "being"
                | "now"
                | "also"
                | "still"
                | "all"
                | "and"
                | "but"
                | "edged"
                | "ticked"
                | "moved"
                | "inched"
                | "points"
                | "percent"
        ) {
            return true;
        }
        t.cap || t.upper || self.plural(q)
    }

    /// A change noun after the amount, with an article before it: "a 3% drop", "an 8
    /// percent increase", "the 9% share price increase".
    fn cue_noun_after(&self, k: usize, lead: usize, floor: usize) -> Option<Cue> {
        if !(lead > floor && matches!(self.lower(lead - 1).as_str(), "a" | "an" | "the")) {
            return None;
        }
        for j in k..k + 3 {
            if j >= self.n() || !self.word(j) {
                return None;
            }
            let info = self.info(j);
            if let Some(d) = info.cue_noun {
                return Some(Cue {
                    dir: d,
                    tok: j,
                    level: false,
                });
            }
            if info.is(class::FUNCTION) || info.num.is_some() {
                return None;
            }
        }
        None
    }

    /// Whether a "+"/"-" before a percentage marks a change: an index or stock name
    /// before it ("DAX -0.9%", "Nasdaq +0.4%"), or an explicit plus.
    fn sign_means_change(&self, lead: usize, floor: usize) -> bool {
        let _ = floor;
        if lead == 0 {
            return false;
        }
        let p = lead - 1;
        self.toks[p].kind == TokKind::Word && (self.toks[p].cap || self.toks[p].upper)
            || self.toks[p].kind == TokKind::Num
    }

    /// Word numbers that are not statistics: "the one", "no one", "one another".
    fn word_number_not_statistic(&self, t0: usize, l: &str) -> Option<usize> {
        let n = self.n();
        if l == "one" {
            if t0 > 0 && self.word(t0 - 1) {
                let p = self.info(t0 - 1);
                let next = self.lower(t0 + 1);
                let noun_next = self.word(t0 + 1)
                    && !self.info(t0 + 1).is(class::FUNCTION)
                    && self.info(t0 + 1).num.is_none()
                    && !self.toks[t0 + 1].cap
                    && !next.ends_with("ed")
                    && !next.ends_with("ing")
                    && !next.ends_with("ly");
                let det = self.lower(t0 - 1);
                // "no one", "each one", "which one" always; "the one", "that one" unless a
                // noun follows ("that one road").
                let always = matches!(
                    det.as_str(),
                    "no" | "each" | "every" | "any" | "which" | "someone"
                );
                if p.is(class::PRONOUN_ONE) && (always || !noun_next) {
                    return Some(t0 + 1);
                }
                // "the third one": a pronoun after an ordinal.
                if self.numword(t0 - 1).is_some_and(|w| w.ordinal) {
                    return Some(t0 + 1);
                }
                // "a new one", "the big one": "one" after an adjective after an article.
                if t0 > 1
                    && !p.is(class::FUNCTION)
                    && matches!(
                        self.lower(t0 - 2).as_str(),
                        "a" | "an" | "the" | "this" | "that"
                    )
                    && p.num.is_none()
                {
                    return Some(t0 + 1);
                }
            }
            if t0 + 1 < n {
                let nl = self.lower(t0 + 1);
                if matches!(
                    nl.as_str(),
                    "another" | "day" | "way" | "thing" | "by" | "after"
                ) {
                    return Some(t0 + 1);
                }
                // "one 90,000 tonne-a-year plant": "one" is an article there.
                if self.toks[t0 + 1].kind == TokKind::Num {
                    return Some(t0 + 1);
                }
            }
        }
        None
    }

    /// Whether a lone "half" or "quarter" at `t0` is a number: "half of", "almost half",
    /// "half the flats" (not "the first half", "this quarter").
    fn half_is_number(&self, t0: usize) -> bool {
        if t0 > 0 && self.word(t0 - 1) {
            let p = self.lower(t0 - 1);
            if self.numword(t0 - 1).is_some_and(|w| w.ordinal)
                || matches!(
                    p.as_str(),
                    "this" | "that" | "the" | "last" | "next" | "each" | "every" | "per" | "a"
                )
            {
                return false;
            }
            if self.qualifier_ending(t0).is_some() {
                return true;
            }
        }
        if self.lower(t0) == "quarter" {
            return false;
        }
        if self.dash(t0 + 1) {
            return false;
        }
        let nl = self.lower(t0 + 1);
        matches!(
            nl.as_str(),
            "of" | "the"
                | "a"
                | "an"
                | "his"
                | "her"
                | "its"
                | "their"
                | "our"
                | "my"
                | "your"
                | "all"
                | "these"
                | "those"
        )
    }

    /// Combine a quantity with the one after it: ranges and changes. Returns the item
    /// and where to go on.
    fn combine(&self, q: Q, floor: usize) -> (Option<Item>, usize) {
        let n = self.n();
        let k = q.t1;
        // "2008-09", "the 2016-17 season".
        if q.base == Base::Year
            && q.num.int_digits == 4
            && self.dash(k)
            && self.glued(k)
            && self.glued(k + 1)
            && self.toks.get(k + 1).is_some_and(|t| t.kind == TokKind::Num)
            && self.s(k + 1).len() == 2
            && self
                .toks
                .get(k + 2)
                .is_none_or(|t| t.gap || t.kind == TokKind::Sym)
        {
            let century = (q.value / 100.0).floor() * 100.0;
            let upper = century + self.s(k + 1).parse::<f64>().unwrap_or(0.0);
            if upper > q.value {
                let mut item = self.item(&q);
                item.upper = Some(upper);
                item.t1 = k + 2;
                return (Some(item), k + 2);
            }
        }
        // A cricket score or bowling figures: "245 for 6" (runs for wickets), "at 2 for
        // 17" and "took 3 for 77" (wickets for runs): one side is ten or less.
        if q.base == Base::Count
            && !q.noun
            && q.qual.is_none()
            && q.num.int_lit_or_word()
            && self.is(k, "for")
            && let Some(w) = self.read_number(k + 1)
            && w.t0 == k + 1
            && w.value.min(q.num.value) <= 10.0
            && w.value == w.value.trunc()
            && !w.fraction
            && (!self.word(w.t1) || self.info(w.t1).is(class::FUNCTION))
            && self.in_sentence(q.t0, class::CRICKET)
        {
            return (None, w.t1);
        }
        // Between X and Y.
        let between = q.lead > floor
            && (self.is(q.lead - 1, "between")
                || q.lead > floor + 1
                    && self.is(q.lead - 1, "the")
                    && self.is(q.lead - 2, "between"));
        let from = q.lead > floor && self.is(q.lead - 1, "from");
        let mut link = self.range_link(k, between, q.qual);
        if link.is_none() && from && self.is(k, "up") && self.is(k + 1, "to") {
            // "from 600 sq ft up to 1,200 sq ft".
            link = Some((k + 1, 1));
        }
        if link.is_none() && from {
            // "from 5% in March to 3% in April", "from $41,200 at 9.30pm to $39,875".
            let t = self.skip_time_phrase(k);
            if t > k && self.is(t, "to") {
                link = Some((t, 1));
            }
        }
        if let Some((lk, link_len)) = link
            && let Some(q2) = self.next_quantity(lk + link_len)
        {
            if let Some(item) = self.range_or_change(&q, &q2, lk, between, from, floor) {
                let next = item.t1;
                return (Some(item), next);
            }
            // Two numbers joined by a bare hyphen that make no range are a score or a
            // code ("3-1", "7-3 lead"): neither is a statistic.
            let dashed = link_len == 1 && self.dash(lk) && self.glued(lk) && self.glued(lk + 1)
                || link_len == 2 && self.is(lk, "to") && self.dash(lk - 1) && self.glued(lk);
            if dashed
                && q.t0 == q.num.t0
                && q.t1 == q.num.t1
                && q2.num.t0 == lk + link_len
                && !q2.measured
                && !q.measured
            {
                return (None, q2.num.t1);
            }
        }
        // "26 from 30", "$4.12 billion from $3.85 billion", "3.2% in October from 3.7%": a
        // change with its earlier value, when a change word stands before.
        let k = self.skip_time_phrase(k);
        if self.is(k, "from")
            && let Some(q2) = self.next_quantity(k + 1)
            && self.compatible(&q, &q2)
            && (q.cue.is_some() || self.cue_in_clause(q.lead, floor).is_some())
        {
            let mut item = self.item(&q);
            let cue = q.cue.or_else(|| self.cue_in_clause(q.lead, floor));
            item.kind = StatKind::Change;
            item.previous = Some(q2.value);
            item.direction = if q.value > q2.value {
                Some(Direction::Up)
            } else if q.value < q2.value {
                Some(Direction::Down)
            } else {
                cue.map(|c| dir(c.dir))
            };
            if item.unit.is_none() {
                item.unit = q2.unit.clone();
            }
            item.t1 = q2.t1;
            return (Some(item), q2.t1);
        }
        // "X, down from Y" / "up from Y": a change from Y.
        let mut c = k;
        if self.sym(c, ',') {
            c += 1;
        }
        let k = q.t1;
        if (self.is(c, "up") || self.is(c, "down"))
            && self.is(c + 1, "from")
            && let Some(q2) = self.next_quantity(c + 2)
            && self.compatible(&q, &q2)
        {
            let mut item = self.item(&q);
            item.kind = StatKind::Change;
            item.previous = Some(q2.value);
            item.direction = Some(if self.is(c, "up") {
                Direction::Up
            } else {
                Direction::Down
            });
            item.t1 = q2.t1;
            return (Some(item), q2.t1);
        }
        // Ratios: "one in five", "two out of three".
        if q.num.value >= 1.0 && q.base == Base::Count && !q.noun && q.num.int_lit_or_word() {
            let (rj, ok) = if self.is(k, "in") {
                (k + 1, true)
            } else if self.is(k, "out") && self.is(k + 1, "of") {
                (k + 2, true)
            } else if self.is(k, "over") && q.num.value == 1.0 {
                (k + 1, true)
            } else {
                (k, false)
            };
            if ok
                && let Some(q2) = self.next_quantity(rj)
                && q2.num.t0 == rj
                && q2.base == Base::Count
                && q2.num.value > q.num.value
                && q2.num.int_lit_or_word()
                && !(q2.num.int_digits == 4
                    && !q2.num.commas
                    && (1900.0..=2100.0).contains(&q2.num.value))
                && (self.is(k, "over") || q2.num.value <= 1e7)
                && (!self.is(k, "over") || !q2.measured && !q2.noun)
            {
                let mut item = self.item(&q);
                item.value = q.value / q2.num.value;
                item.unit = q2.unit.clone();
                item.t1 = q2.num.t1;
                // "3 in 4 or more": a bound on the ratio.
                if let Some((pk, len)) = self.qualifier_post_at(item.t1)
                    && !self
                        .toks
                        .get(item.t1 + len)
                        .is_some_and(|t| t.kind == TokKind::Num)
                {
                    item.t1 += len;
                    item.approx = true;
                    if !q2.noun && matches!(pk, QualKind::Lower | QualKind::Upper) {
                        item.kind = StatKind::Range;
                    }
                }
                let next = item.t1;
                return (Some(item), next);
            }
        }
        let _ = n;
        // "five or six years", "six or seven pounds", "a 9- or 10-inch screen": the first
        // number has the unit and the scale of the second (two figures, each its own claim).
        let mut o = k;
        if self.dash(o) && self.glued(o) {
            o += 1;
        }
        if q.base == Base::Count
            && !q.noun
            && !q.measured
            && self.is(o, "or")
            && let Some(q2) = self.next_quantity(o + 1)
            && (q2.measured || q2.noun)
            && q2.cue.is_none()
            && matches!(
                q2.base,
                Base::Count | Base::Money | Base::Measure | Base::Percent
            )
        {
            let mut item = self.item(&q);
            item.kind = self.item(&q2).kind;
            item.unit = q2.unit.clone();
            // "two or three million people": the scale of the second applies to both.
            let mut lo = q.value;
            let f = self.scale_factor(&q2);
            if !q.num.scaled && q2.num.scaled && f > 1.0 && lo * f <= q2.value {
                lo *= f;
            }
            item.value = lo;
            item.t1 = o.min(q.t1.max(k));
            return (Some(item), q.t1);
        }
        let next = q.t1;
        (Some(self.item(&q)), next)
    }

    /// Past short time phrases after a number: "in October", "on Tuesday", "last
    /// year", "in 2019", "at 5am", "last night", "yesterday".
    fn skip_time_phrase(&self, k: usize) -> usize {
        let time_word = |j: usize| {
            self.word(j)
                && self
                    .info(j)
                    .is(class::MONTH | class::WEEKDAY | class::TIME_NOUN)
                || self.toks.get(j).is_some_and(|t| t.kind == TokKind::Num) && self.s(j).len() == 4
        };
        let mut j = k;
        if self.sym(j, ',') {
            j += 1;
        }
        let mut end = k;
        for _ in 0..3 {
            let l = self.lower(j);
            let e = if matches!(l.as_str(), "in" | "on" | "during" | "last" | "this")
                && time_word(j + 1)
            {
                let mut e = j + 2;
                if self.toks.get(e).is_some_and(|t| t.kind == TokKind::Num) && self.s(e).len() == 4
                {
                    e += 1;
                }
                e
            } else if l == "at"
                && self.toks.get(j + 1).is_some_and(|t| t.kind == TokKind::Num)
                && self.is_clock(j + 2)
            {
                // "at 9.30pm", "at 5 a.m.".
                self.clock_end(j + 2)
            } else if self.word(j) && self.info(j).is(class::TIME_ADVERB) {
                j + 1
            } else {
                break;
            };
            j = e;
            end = e;
        }
        if end > k && self.sym(end, ',') {
            end += 1;
        }
        end
    }

    /// A token that joins a range: "to", "through", "-", "–", "~", "and" (after
    /// "between" or a bound). Returns its position and length.
    fn range_link(
        &self,
        k: usize,
        between: bool,
        qual: Option<QualKind>,
    ) -> Option<(usize, usize)> {
        let t = self.toks.get(k)?;
        match t.kind {
            TokKind::Sym if matches!(t.ch, '-' | '–' | '—' | '~' | '‐' | '−') => {
                // "0-to-62-mph".
                if self.is(k + 1, "to")
                    && self.dash(k + 2)
                    && self.glued(k + 1)
                    && self.glued(k + 2)
                {
                    return Some((k + 1, 2));
                }
                Some((k, 1))
            }
            TokKind::Sym
                if t.ch == ',' && matches!(qual, Some(QualKind::Lower | QualKind::Upper)) =>
            {
                // "at least 200, at most 400".
                let next_bound = self.qualifier_ending_from(k + 1).is_some();
                next_bound.then_some((k, 1))
            }
            TokKind::Word => {
                let l = self.lower(k);
                match l.as_str() {
                    "to" | "through" | "thru" => Some((k, 1)),
                    "and" if between || matches!(qual, Some(QualKind::Lower | QualKind::Upper)) => {
                        Some((k, 1))
                    }
                    "but" if matches!(qual, Some(QualKind::Lower | QualKind::Upper)) => {
                        Some((k, 1))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The quantity whose number starts at or just after `j` (skipping "the", "a").
    fn next_quantity(&self, mut j: usize) -> Option<Q> {
        if self.is(j, "the") {
            j += 1;
        }
        if self.dash(j) && self.glued(j) && self.glued(j + 1) {
            // "a 150,000 to-190,000 year-old tooth".
            j += 1;
        }
        let mut lead = j;
        // Let the quantity read its own left context (currency, qualifier).
        let mut k = j;
        let mut steps = 0;
        while k < self.n() && steps < 8 && !self.anchor(k) {
            if self.hard_stop(k) {
                return None;
            }
            k += 1;
            steps += 1;
        }
        if k >= self.n() {
            return None;
        }
        let q = self.quantity(k, j).ok()?;
        if q.t0 != j {
            lead = q.t0;
        }
        (lead == j).then_some(q)
    }

    /// Whether two quantities measure the same kind of thing (so that they can make a
    /// range or a change).
    fn compatible(&self, a: &Q, b: &Q) -> bool {
        let ranks = |x: Base| matches!(x, Base::Ordinal | Base::Rank);
        let kinds_ok = a.base == b.base
            || ranks(a.base) && ranks(b.base)
            || (a.base == Base::Count && !a.noun && b.measured)
            || (b.base == Base::Count && !b.noun && a.measured);
        if !kinds_ok {
            return false;
        }
        if a.measured && b.measured {
            return a.unit == b.unit || a.base == Base::Money && b.base == Base::Money;
        }
        if a.noun && b.noun {
            return a.unit == b.unit;
        }
        (a.base == Base::Year) == (b.base == Base::Year)
    }

    /// Build a range ("10 to 20", "between $41 and $47", "3-8W") or a change ("from $80
    /// to $52.40" after a change verb) from two quantities.
    fn range_or_change(
        &self,
        a: &Q,
        b: &Q,
        link: usize,
        between: bool,
        from: bool,
        floor: usize,
    ) -> Option<Item> {
        let link_text = self.lower(link);
        let dash = self.dash(link);
        let bound_pair = matches!(a.qual, Some(QualKind::Lower | QualKind::Upper))
            && matches!(b.qual, Some(QualKind::Lower | QualKind::Upper))
            && (link_text == "and" || link_text == "but" || link_text == ",");
        if (link_text == "and" || link_text == "but" || link_text == ",") && !between && !bound_pair
        {
            return None;
        }
        if a.num.ordinal != b.num.ordinal {
            return None;
        }
        if a.cue.is_some_and(|c| !c.level) && !from {
            // "rose 5% to $3.2 billion": the amount, then the new level.
            return None;
        }
        if b.cue.is_some() && !dash {
            return None;
        }
        // Units: "12 to 18 miles per hour" shares the unit of the upper end.
        let mut lo = a.value;
        let hi = b.value;
        let mut unit = a.unit.clone().or_else(|| b.unit.clone());
        let mut base = a.base;
        if !self.compatible(a, b) {
            return None;
        }
        if a.base == Base::Count && !a.noun && b.measured {
            base = b.base;
            unit = b.unit.clone();
        }
        // "six to seven thousand people": the scale of the upper end applies to both.
        if !a.num.scaled && b.num.scaled && !a.measured && a.num.digits == b.num.digits
            || (!a.num.scaled
                && b.num.scaled
                && !a.measured
                && a.num.value < b.num.value
                && a.value < 1000.0
                && b.value >= 1000.0
                && a.num.value < 1000.0
                && self.scale_factor(b) > 1.0
                && a.value * self.scale_factor(b) <= b.value)
        {
            let f = self.scale_factor(b);
            if f > 1.0 && a.value * f <= b.value {
                lo = a.value * f;
            }
        }
        // "13 to 14,000 feet", as people say it: thousands at both ends, when the upper
        // end in thousands is above the lower one and less than twice it.
        let thousands = b.num.value / 1000.0;
        if !a.measured
            && a.num.int_lit
            && !a.num.commas
            && b.num.int_lit
            && b.num.commas
            && thousands == thousands.trunc()
            && a.num.value < thousands
            && thousands < 2.0 * a.num.value
        {
            lo = a.value * 1000.0;
        }
        if dash {
            // "3-8", "2016-17"; not scores ("3-1") or codes ("555-0199").
            let glued = self.glued(link) && self.glued(link + 1);
            if a.num.int_lit
                && b.num.int_lit
                && a.num.int_digits == 4
                && b.num.int_digits == 2
                && a.base == Base::Year
            {
                let century = (a.value / 100.0).floor() * 100.0;
                let upper = century + b.value;
                if upper > a.value {
                    let mut item = self.item(a);
                    item.kind = StatKind::Year;
                    item.upper = Some(upper);
                    item.t1 = b.t1;
                    return Some(item);
                }
                return None;
            }
            if lo >= hi {
                return None;
            }
            if !(glued || self.toks[link].gap && self.toks[link + 1].gap) {
                return None;
            }
            if self.tally(a, b, true) {
                return None;
            }
        } else if (link_text == "to" || link_text == "through" || link_text == "thru")
            && (lo > hi || lo == hi && !from || !from && !between && self.tally(a, b, false))
            && !(from && self.cue_in_clause(a.lead, floor).is_some())
        {
            // "a 4-to-4 tie" is a score; "52 to 48" and "rejected 48 to 52" a vote.
            return None;
        }
        let change = from && self.cue_in_clause(a.lead, floor).is_some();
        let mut item = self.item(a);
        item.t0 = if between || from { a.lead - 1 } else { a.t0 };
        item.t1 = b.t1;
        if a.base == Base::Year && b.base == Base::Year {
            item.kind = StatKind::Year;
            item.upper = Some(hi);
            return Some(item);
        }
        if bound_pair {
            // "more than 15 and less than 25": lower bound first, or the other way.
            let (l, u) = match (a.qual, b.qual) {
                (Some(QualKind::Lower), Some(QualKind::Upper)) => (a.value, b.value),
                (Some(QualKind::Upper), Some(QualKind::Lower)) => (b.value, a.value),
                _ => return None,
            };
            if l > u {
                return None;
            }
            item.kind = StatKind::Range;
            item.value = l;
            item.upper = Some(u);
            item.unit = unit;
            item.approx = false;
            return Some(item);
        }
        if change {
            item.kind = StatKind::Change;
            item.value = hi;
            item.previous = Some(lo);
            item.direction = if hi > lo {
                Some(Direction::Up)
            } else if hi < lo {
                Some(Direction::Down)
            } else {
                None
            };
            item.unit = unit;
            return Some(item);
        }
        let _ = base;
        item.kind = StatKind::Range;
        item.value = lo;
        item.upper = Some(hi);
        item.unit = unit;
        item.approx = a.qual.is_some() || b.qual == Some(QualKind::Approx);
        Some(item)
    }

    fn scale_factor(&self, b: &Q) -> f64 {
        // The factor by which the written digits of `b` were scaled.
        let mut f = 1.0;
        for k in b.num.t0..b.num.t1 {
            if let Some(w) = self.numword(k)
                && matches!(w.class, NumClass::Scale | NumClass::Hundred)
                && !w.ordinal
            {
                f *= w.value;
            } else if self.word(k)
                && k > b.num.t0
                && let Some(m) = self.lex.scale_abbr(self.s(k))
            {
                f *= m;
            }
        }
        f
    }

    /// Words of a game or a vote around a pair of numbers: which kind of tally the pair
    /// may be ("won 3-1", "a 7-3 lead", "voted 48 to 52", "took 4-27").
    fn tally_context(&self, a: usize, b: usize) -> u32 {
        let lo = a.saturating_sub(6);
        let hi = (b + 4).min(self.n());
        (lo..hi).filter(|&k| self.word(k)).fold(0, |acc, k| {
            acc | self.info(k).classes & (class::SCORE | class::VOTE | class::CRICKET)
        })
    }

    /// Whether a word of class `c` stands in the sentence around token `t` (at most 40
    /// tokens either way).
    fn in_sentence(&self, t: usize, c: u32) -> bool {
        let (lo, hi) = self.sentence_window(t, t, 40);
        (lo..hi).any(|k| self.word(k) && self.info(k).is(c))
    }

    /// The tokens around `[t0, t1)` up to the sentence's hard stops, at most `radius`
    /// tokens either way: bounded, so that a text without punctuation costs nothing per
    /// number.
    fn sentence_window(&self, t0: usize, t1: usize, radius: usize) -> (usize, usize) {
        let mut lo = t0;
        while lo > 0 && t0 - lo < radius && !self.hard_stop(lo - 1) {
            lo -= 1;
        }
        let mut hi = t1;
        while hi < self.n() && hi - t1 < radius && !self.hard_stop(hi) {
            hi += 1;
        }
        (lo, hi)
    }

    /// Whether two bare numbers joined by "to" or a dash make a tally, not a range: a
    /// vote ("rejected 48 to 52", "a 210-218 vote"), or with a dash a game's score ("a
    /// 7-3 lead", small numbers) or cricket figures ("4-27": wickets, then runs).
    fn tally(&self, a: &Q, b: &Q, dash: bool) -> bool {
        if a.base != Base::Count || b.base != Base::Count || a.noun || b.noun {
            return false;
        }
        if !(a.num.int_lit_or_word() && b.num.int_lit_or_word()) {
            return false;
        }
        let ctx = self.tally_context(a.t0, b.t1);
        if !dash {
            return ctx & class::VOTE != 0;
        }
        ctx & class::VOTE != 0
            || ctx & (class::SCORE | class::CRICKET) != 0
                && a.num.value < 20.0
                && b.num.value < 20.0
            || ctx & class::CRICKET != 0 && a.num.value <= 10.0
    }

    /// A change verb earlier in the clause before `lead` ("has fallen since March
    /// from $80 to $52.40", "downgraded ... to a score of 26 from 30").
    fn cue_in_clause(&self, lead: usize, floor: usize) -> Option<Cue> {
        let mut k = lead;
        let mut steps = 0;
        while k > floor && steps < 12 {
            let p = k - 1;
            if self.hard_stop(p) || self.sym(p, ',') && steps > 6 {
                return None;
            }
            let info = self.info(p);
            if let Some(d) = info.cue_verb.or(info.cue_weak).or(info.cue_adv) {
                return Some(Cue {
                    dir: d,
                    tok: p,
                    level: false,
                });
            }
            k -= 1;
            steps += 1;
        }
        None
    }

    /// The item of a single quantity.
    fn item(&self, q: &Q) -> Item {
        let kind = match q.base {
            Base::Count => StatKind::Count,
            Base::Percent => StatKind::Percent,
            Base::Money => StatKind::Money,
            Base::Measure => StatKind::Measure,
            Base::Ordinal => StatKind::Ordinal,
            Base::Year => StatKind::Year,
            Base::Rank => StatKind::Rank,
        };
        let mut item = Item {
            t0: q.t0,
            t1: q.t1,
            kind,
            value: q.value,
            upper: None,
            unit: q.unit.clone(),
            previous: None,
            direction: None,
            approx: q.qual.is_some(),
            subject: None,
        };
        if let Some(c) = q.cue
            && !c.level
        {
            item.kind = StatKind::Change;
            item.direction = Some(dir(c.dir));
            if c.tok >= q.t1 {
                item.t1 = c.tok + 1;
            }
        }
        // A bound on a bare number is a range open on one side: "more than 30",
        // "exceeding 250".
        if item.kind == StatKind::Count
            && !q.noun
            && matches!(q.qual, Some(QualKind::Lower | QualKind::Upper))
        {
            item.kind = StatKind::Range;
        }
        let _ = (q.plus, q.minus, q.measured);
        item
    }

    /// The measured thing, where the sentence names it: for a change, the noun phrase
    /// the change verb is about ("factory output rose 0.4%"; "downgraded Cambodia's
    /// human rights ranking to a score of 26 from 30").
    fn subject(&self, item: &Item) -> Option<(usize, usize)> {
        if item.kind != StatKind::Change && item.kind != StatKind::Percent {
            return None;
        }
        // Find the cue verb before the item within the clause.
        let mut k = item.t0;
        let mut steps = 0;
        let mut verb = None;
        while k > 0 && steps < 12 {
            let p = k - 1;
            if self.hard_stop(p) || self.sym(p, ',') {
                break;
            }
            let info = self.info(p);
            if info.cue_verb.is_some()
                || info.cue_weak.is_some()
                || info.cue_adv.is_some() && self.lower(p) != "up" && self.lower(p) != "down"
            {
                verb = Some(p);
                break;
            }
            k -= 1;
            steps += 1;
        }
        let v = verb?;
        // Object between the verb and "to": "downgraded X's ranking to a score of".
        let mut e = v + 1;
        while e < item.t0 && !self.is(e, "to") && !self.is(e, "by") && !self.is(e, "from") {
            e += 1;
        }
        if e > v + 1
            && e < item.t0
            && let Some(np) = self.noun_phrase(v + 1, e)
        {
            return Some(np);
        }
        // Subject before the verb: "factory output rose".
        let mut s = v;
        let mut words = 0;
        while s > 0 && words < 4 {
            let p = s - 1;
            let t = self.toks[p];
            if t.kind != TokKind::Word && !(t.kind == TokKind::Sym && t.ch == '&') {
                break;
            }
            let info = self.info(p);
            if info.is(class::FUNCTION) && !matches!(self.lower(p).as_str(), "'s" | "’s") {
                break;
            }
            if info.cue_verb.is_some() || info.num.is_some() {
                break;
            }
            s -= 1;
            words += 1;
        }
        if s < v && words > 0 {
            return self.noun_phrase(s, v);
        }
        None
    }

    /// Tokens `[a, b)` as a noun phrase without determiners and possessors: "Cambodia’s
    /// human rights ranking" gives "human rights ranking".
    fn noun_phrase(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let mut s = a;
        for k in a..b {
            let w = self.s(k);
            if !self.word(k) && !self.sym(k, '&') {
                return None;
            }
            if self.info(k).is(class::FUNCTION) || w.ends_with("’s") || w.ends_with("'s") {
                s = k + 1;
            }
        }
        (s < b && b - s <= 5).then_some((s, b))
    }
}

impl Num {
    /// A whole number written in digits or words.
    fn int_lit_or_word(&self) -> bool {
        (self.int_lit || self.words && !self.digits) && !self.fraction && !self.ordinal
    }
}

#[cfg(test)]
mod tests {
    use presslens_core::{Direction, StatKind};

    use crate::Extractor;

    /// (text of the span, kind, value) of every statistic of `text`.
    fn stats(text: &str) -> Vec<(String, StatKind, f64)> {
        let x = Extractor::new().unwrap();
        x.extract(text)
            .into_iter()
            .map(|s| (s.span.slice(text).to_string(), s.kind, s.value))
            .collect()
    }

    fn one(text: &str) -> presslens_core::Statistic {
        let x = Extractor::new().unwrap();
        let all = x.extract(text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.into_iter().next().unwrap()
    }

    #[test]
    fn dates_times_and_names_are_not_statistics() {
        for text in [
            "It happened on May 4 and on 17 June.",
            "We met at 10:30 and again at 5pm, then at 2 p.m. and 0615 GMT.",
            "The G20, COVID-19, a Boeing 737 and the iPhone 13.",
            "See Section 12, page 5 and chapter 11.",
            "Call 555-123-4567 today.",
            "The address is 212 Harcourt Road.",
            "They won 3-1 in extra time.",
            "Read https://example.com/2019/10/5 now.",
        ] {
            let found: Vec<_> = stats(text)
                .into_iter()
                .filter(|s| s.1 != StatKind::Year)
                .collect();
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    #[test]
    fn kinds_and_values() {
        assert_eq!(one("It cost $3.5m.").value, 3_500_000.0);
        assert_eq!(one("It cost $3.5m.").kind, StatKind::Money);
        assert_eq!(one("Turnout was 26 per cent.").kind, StatKind::Percent);
        let m = one("The road is 64 miles long.");
        assert_eq!((m.kind, m.unit.as_deref()), (StatKind::Measure, Some("mi")));
        let c = one("Some 15,000 workers struck.");
        assert_eq!(
            (c.kind, c.unit.as_deref(), c.approximate),
            (StatKind::Count, Some("workers"), true)
        );
        assert_eq!(one("The 41st session.").kind, StatKind::Ordinal);
        assert_eq!(one("It began in 1979.").kind, StatKind::Year);
        assert_eq!(one("She ranked third.").kind, StatKind::Rank);
    }

    #[test]
    fn ranges_keep_both_ends() {
        let r = one("Between 12 and 18 people came.");
        assert_eq!(
            (r.kind, r.value, r.upper),
            (StatKind::Range, 12.0, Some(18.0))
        );
        let r = one("It takes six to seven thousand people.");
        assert_eq!((r.value, r.upper), (6000.0, Some(7000.0)));
        // A bound on a bare number is a range open on one side.
        let r = one("The crowd was more than 30.");
        assert_eq!(
            (r.kind, r.value, r.upper, r.approximate),
            (StatKind::Range, 30.0, None, true)
        );
    }

    #[test]
    fn changes_have_direction_and_previous() {
        let c = one("The ranking fell to a score of 26 from 30.");
        assert_eq!(
            (c.kind, c.value, c.previous),
            (StatKind::Change, 26.0, Some(30.0))
        );
        assert_eq!(c.direction, Some(Direction::Down));
        let c = &Extractor::new()
            .unwrap()
            .extract("Revenue rose 5% to $3.2 billion.")[0];
        assert_eq!(
            (c.kind, c.value, c.direction),
            (StatKind::Change, 5.0, Some(Direction::Up))
        );
        // Money raised is no change; rates raised by a margin are.
        assert_eq!(one("They raised $287 million.").kind, StatKind::Money);
        assert_eq!(
            one("The Fed raised rates by 0.25 points.").kind,
            StatKind::Change
        );
    }

    #[test]
    fn ascii_folded_currencies_and_markup() {
        // unidecode renders ¥ as "Y=" and £ as "PS"; "=" before digits is otherwise markup.
        assert_eq!(one("Sony fell to Y=31,250.").unit.as_deref(), Some("JPY"));
        assert_eq!(one("It was worth PS4.1m.").value, 4_100_000.0);
        assert!(stats("<tweet timestamp=\"1612345678\" id=42>").is_empty());
        // A bare "8m" is left out rather than guessed.
        assert!(stats("He jumped 8m to win.").is_empty());
    }

    #[test]
    fn glued_c_and_f_need_weather() {
        assert_eq!(
            one("Britain to bake in 30C heat.").unit.as_deref(),
            Some("°C")
        );
        assert_eq!(one("It was -5C overnight.").value, -5.0);
        assert!(stats("When must the 8F be filed?").is_empty());
        assert!(stats("Boeing 767F freighters").is_empty());
        // Mojibake with a combining mark: the digits belong to the word.
        assert!(stats("funding for any GA\u{303}1\u{2044}4len activities").is_empty());
    }

    #[test]
    fn spaced_decimals_and_fractions_keep_their_value() {
        let c = one("profits grew 4 . 7 % over the year");
        assert_eq!((c.kind, c.value), (StatKind::Change, 4.7));
        let c = one("yields fell as much as 3 / 8 point , or so");
        assert_eq!((c.value, c.unit.as_deref()), (0.375, Some("points")));
        assert_eq!(one("It was 4.321,75 euros.").value, 4321.75);
        assert_eq!(one("A crowd of 25 000 people.").value, 25_000.0);
    }

    #[test]
    fn a_capital_m_is_millions() {
        assert_eq!(one("The app reached 20M.").value, 20_000_000.0);
        assert_eq!(one("It has 2.5M users.").value, 2_500_000.0);
        // "3M" is a company as often as three million, and "8m" may be metres.
        assert!(stats("3M said on Tuesday.").is_empty());
        assert!(stats("He jumped 8m to win.").is_empty());
    }

    #[test]
    fn model_numbers_before_a_name() {
        assert!(stats("Apple showed the iPhone 15 Pro and 15 Pro Max.").is_empty());
        let found = stats("Fiat unveiled its own 500 Abarth on Monday.");
        assert!(found.is_empty(), "{found:?}");
        // A count names what it counts, and a qualifier makes a quantity.
        assert_eq!(
            one("It shipped about 48000 Series 5 trucks.").value,
            48000.0
        );
        assert_eq!(one("Some 15 Democrats abstained.").value, 15.0);
        for (text, value) in [
            ("It killed 865 Palestinians and 234 Israelis.", 234.0),
            ("The report found 37 Fortune 500 firms paid nothing.", 37.0),
            ("The campaign bought ads in 6 Super Tuesday states.", 6.0),
            ("Voters in 12 Western European countries", 12.0),
            ("Senator Stumps Rival With 1 Question He Dreads", 1.0),
        ] {
            let found = stats(text);
            assert!(found.iter().any(|s| s.2 == value), "{text}: {found:?}");
        }
        // The second number of a ratio.
        assert_eq!(
            one("About three in 10 New Hampshire Democratic primary voters agreed.").value,
            0.3
        );
        assert_eq!(one("Seven in 10 Labour said so.").value, 0.7);
        // A single capital letter is a unit or a grade, not a name.
        assert_eq!(one("It was 12 C at noon.").value, 12.0);
    }

    #[test]
    fn sentence_adverbs_are_no_names() {
        assert_eq!(one("Perhaps 500 people came.").value, 500.0);
        assert_eq!(one("Maybe 300 attended.").value, 300.0);
        assert_eq!(one("Including 20 children, the toll rose.").value, 20.0);
    }

    #[test]
    fn round_numbers_before_people_are_counts() {
        let c = one("The 2000 workers went on strike.");
        assert_eq!(
            (c.kind, c.unit.as_deref()),
            (StatKind::Count, Some("workers"))
        );
        assert_eq!(one("The 2016 campaigns were long.").kind, StatKind::Year);
        assert_eq!(one("In 2019 thousands marched.").kind, StatKind::Year);
        assert_eq!(one("There were 3 millions people.").value, 3_000_000.0);
    }

    #[test]
    fn tallies_are_not_ranges() {
        for text in [
            "The measure failed 48 to 52 in the vote.",
            "The court ruled 4-5 in a split ruling.",
            "The Senate voted 52 to 48.",
        ] {
            let found = stats(text);
            assert!(
                found.iter().all(|s| s.1 == StatKind::Count),
                "{text}: {found:?}"
            );
        }
        for text in [
            "Bumrah returned bowling figures of 3-25.",
            "Starc took 5/32 in 10 overs.",
            "India were 245 for 6 at stumps.",
            "Lee took 3 for 77 and McGrath picked up the final wicket.",
        ] {
            let found: Vec<_> = stats(text)
                .into_iter()
                .filter(|s| s.0 != "10 overs")
                .collect();
            assert!(found.is_empty(), "{text}: {found:?}");
        }
        // Ranges stay ranges where nobody votes or plays.
        assert_eq!(one("It takes 48 to 52 days.").kind, StatKind::Range);
        assert_eq!(
            one("We expect 5 to 10 after the final.").kind,
            StatKind::Range
        );
    }

    #[test]
    fn bounds_on_ratios_fractions_and_ranks() {
        let r = one("It happens to 3 in 4 or more");
        assert_eq!(
            (r.kind, r.value, r.approximate),
            (StatKind::Range, 0.75, true)
        );
        let r = one("More than half residents stayed home.");
        assert_eq!((r.kind, r.value), (StatKind::Range, 0.5));
        let r = one("The club is ranked higher than the eighth and lower than the twelfth.");
        assert_eq!(
            (r.kind, r.value, r.upper),
            (StatKind::Range, 8.0, Some(12.0))
        );
        // "about" before a number makes it approximate.
        assert!(one("It is about 40.").approximate);
    }

    #[test]
    fn from_to_across_a_time_phrase() {
        let c = one("Inflation fell from 5% in March to 3% in April.");
        assert_eq!(
            (c.kind, c.value, c.previous, c.direction),
            (StatKind::Change, 3.0, Some(5.0), Some(Direction::Down))
        );
        let c = one("Ether slid from $2,480 at 9.30pm on Sunday to $2,315 by dawn.");
        assert_eq!((c.value, c.previous), (2315.0, Some(2480.0)));
        let found = stats("Fuel economy rose from 24 miles per gallon in 2010 to 31 mpg in 2021.");
        assert_eq!(found[0].1, StatKind::Change, "{found:?}");
        assert_eq!(found[0].2, 31.0);
    }

    #[test]
    fn a_sign_between_two_numbers() {
        // Before a bare number the sign is that number's.
        assert_eq!(
            stats("2 $20 notes")[1],
            ("$20".to_string(), StatKind::Money, 20.0)
        );
    }

    #[test]
    fn a_lone_m_among_metric_measures_is_metres() {
        let found = stats("the barge carries 400t and its deck is 85m");
        assert_eq!(found.len(), 2, "{found:?}");
        // Without a metric neighbour (or a word of money) it is left out.
        assert!(stats("Its deck is 85m.").is_empty());
    }

    #[test]
    fn degrees_then_the_scale() {
        let t = one("The oven reached 220° Celsius.");
        assert_eq!((t.value, t.unit.as_deref()), (220.0, Some("°C")));
    }

    #[test]
    fn two_or_three_million() {
        let found = stats("Four or five million people fled.");
        assert_eq!(found[0].2, 4_000_000.0, "{found:?}");
        assert_eq!(found[1].2, 5_000_000.0, "{found:?}");
    }

    #[test]
    fn fractions_of_a_unit() {
        let m = one("Queues ran for almost half a kilometre.");
        assert_eq!(
            (m.kind, m.value, m.unit.as_deref()),
            (StatKind::Measure, 0.5, Some("km"))
        );
        assert_eq!(
            one("It took more than half an hour.").unit.as_deref(),
            Some("h")
        );
        assert_eq!(one("a quarter of a mile").unit.as_deref(), Some("mi"));
        assert_eq!(
            one("He spoke to a quarter-of-a-million people.").value,
            250_000.0
        );
        assert_eq!(one("The Fed cut rates by a quarter-point.").value, 0.25);
        // An ordinal in a compound is no fraction.
        assert!(stats("Voters drifted toward a third-party candidate.").is_empty());
    }

    #[test]
    fn comparatives_after_a_determiner_are_adjectives() {
        assert_eq!(
            one("the lower 90 percent of earners").kind,
            StatKind::Percent
        );
        assert_eq!(one("Prices were 5% lower.").kind, StatKind::Change);
    }

    #[test]
    fn spoken_thousands() {
        let r = one("at a height of about 13 to 14,000 feet");
        assert_eq!((r.value, r.upper), (13_000.0, Some(14_000.0)));
        // Not when the lower end may be meant as written.
        assert_eq!(one("from 5 to 10,000 people").value, 5.0);
        // A tennis score.
        assert!(stats("Seles slipped to 2-3 in her opening set.").is_empty());
    }

    #[test]
    fn one_as_a_pronoun_is_not_a_count() {
        assert!(stats("The one she picked is fine; no one minds.").is_empty());
        assert_eq!(
            one("She has one of the best records.").unit.as_deref(),
            Some("records")
        );
    }
}
