//! From tags to mentions: title stripping, gazetteer and acronym mentions, document-level
//! label consistency, propagation of names to their other mentions, and canonical names.
//!
//! Mentions are compared by the hashes of their tokens, never by building strings: names
//! become strings only once, in the output.

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::iter::Peekable;

use presslens_core::{Entity, EntityLabel, Span};

use crate::features::DocTokens;
use crate::lexicon::{Cat, IdMap, Lexicon, Match, WordFilter, mix, same_words};
use crate::model::{LABELS, tag_info};
use crate::tokenize::Kind;

/// The canonical name of a mention's entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Name {
    /// A gazetteer entry's canonical name.
    Entry(u32),
    /// The text of a token range (the fullest mention of the entity).
    Tokens(u32, u32),
}

impl Name {
    /// A distinct hash of the name (for maps keyed by names).
    fn key(self) -> u64 {
        // `mix` is a bijection: distinct names, distinct keys.
        mix(match self {
            Name::Entry(e) => (1 << 63) | u64::from(e),
            Name::Tokens(a, b) => (u64::from(a & 0x7fff_ffff) << 32) | u64::from(b),
        })
    }
}

/// A mention as token range while the document is resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Mention {
    /// First token.
    pub a: usize,
    /// One past the last token.
    pub b: usize,
    pub label: EntityLabel,
    /// Canonical name, once known.
    pub name: Option<Name>,
    /// Set by a user gazetteer: never relabelled.
    pub fixed: bool,
}

impl Mention {
    /// The order of mentions, by first token and then by end: (a, b) as one number, which
    /// compares in a few instructions where a pair takes branches.
    #[inline]
    fn order(&self) -> u128 {
        (self.a as u128) << 64 | self.b as u128
    }

    fn new(a: usize, b: usize, label: EntityLabel) -> Mention {
        Mention {
            a,
            b,
            label,
            name: None,
            fixed: false,
        }
    }
}

/// Mentions from a paragraph's tags.
pub(crate) fn spans_from_tags(tags: &[u8], offset: usize, out: &mut Vec<Mention>) {
    let mut cur: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match tag_info(t as usize) {
            Some((l, false)) if cur.is_some_and(|(_, cl)| cl == l) => {}
            info => {
                if let Some((s, l)) = cur.take() {
                    out.push(Mention::new(offset + s, offset + i, LABELS[l]));
                }
                if let Some((l, _)) = info {
                    cur = Some((i, l));
                }
            }
        }
    }
    if let Some((s, l)) = cur {
        out.push(Mention::new(offset + s, offset + tags.len(), LABELS[l]));
    }
}

fn is_name_label(l: EntityLabel) -> bool {
    !matches!(l, EntityLabel::Date | EntityLabel::Time)
}

/// The index of a label in [`LABELS`] (its declaration order, see the test
/// `labels_in_declaration_order`), without a search.
fn label_index(l: EntityLabel) -> usize {
    l as usize
}

/// May a name's text have spaces other than single ASCII ones: a control or non-ASCII
/// byte, or two spaces in a row? (A name's text is made of single spaces when not.)
fn odd_spaces(t: &[u8]) -> bool {
    t.iter()
        .enumerate()
        .any(|(k, &b)| (b <= b' ' && (b != b' ' || t.get(k + 1) == Some(&b' '))) || b >= 0x80)
}

/// The key of no tokens (see [`Ctx::key`]).
const KEY_SEED: u64 = 0x51_7cc1_b727_220a;

/// The key of a token range extended by a word of hash `x`.
#[inline]
fn key_step(h: u64, x: u64) -> u64 {
    mix(h.rotate_left(5) ^ x)
}

/// Everything the resolution steps need to see.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub d: &'a DocTokens,
    pub lex: &'a Lexicon,
}

impl Ctx<'_> {
    fn tok(&self, i: usize) -> &str {
        self.d.toks[i].text(self.text)
    }

    /// The bytes of token `i`, without the checks of a string slice (the tokens were cut
    /// from the text as strings: on character boundaries).
    #[inline]
    fn bytes(&self, i: usize) -> &[u8] {
        let t = &self.d.toks[i];
        self.text
            .as_bytes()
            .get(t.start as usize..t.end as usize)
            .unwrap_or(&[])
    }

    /// Is token `i` the word "the" (or "The")?
    #[inline]
    fn is_the(&self, i: usize) -> bool {
        // The bytes, without the checks of a string slice (a slice equal to an ASCII
        // word is on character boundaries anyway).
        let t = &self.d.toks[i];
        let w = self.text.as_bytes().get(t.start as usize..t.end as usize);
        matches!(w, Some(b"the" | b"The"))
    }

    /// Does a gazetteer phrase of class `c` start at token `i`?
    #[inline]
    fn starts(&self, i: usize, c: Cat) -> bool {
        self.d.toks[i].gaz_b & c.bit() != 0
    }

    /// The mention's tokens without a leading "the".
    #[inline]
    fn core(&self, m: &Mention) -> (usize, usize) {
        let skip = m.a + 1 < m.b && self.is_the(m.a);
        (m.a + usize::from(skip), m.b)
    }

    /// A hash of the exact tokens `a..b`.
    fn key(&self, a: usize, b: usize) -> u64 {
        self.d.exact[a..b]
            .iter()
            .fold(KEY_SEED, |h, &x| key_step(h, x))
    }

    /// The text of a name, with runs of whitespace made single spaces.
    pub(crate) fn name_string(&self, n: Name) -> String {
        match n {
            Name::Entry(e) => self
                .lex
                .entries
                .get(e as usize)
                .map(|e| e.canonical.clone())
                .unwrap_or_default(),
            Name::Tokens(a, b) => {
                let (a, b) = (a as usize, b as usize);
                let s = self.d.toks[a].start as usize;
                let e = self.d.toks[b - 1].end as usize;
                let t = self.text.get(s..e).unwrap_or("");
                // Spaces other than single ASCII ones are rare: look for them fast.
                if odd_spaces(t.as_bytes())
                    && (t.contains(|c: char| c.is_whitespace() && c != ' ') || t.contains("  "))
                {
                    t.split_whitespace().collect::<Vec<_>>().join(" ")
                } else {
                    t.to_string()
                }
            }
        }
    }

    /// The paragraph of token `i` (the number of paragraphs past the last token).
    fn para_of(&self, i: usize) -> usize {
        self.d
            .para_of
            .get(i)
            .map_or(self.d.paras.len(), |&p| p as usize)
    }

    fn para_end(&self, i: usize) -> usize {
        self.d.paras.get(self.para_of(i)).map_or(0, |p| p.1)
    }

    /// Is token `i` a capitalised word?
    fn capword(&self, i: usize) -> bool {
        let t = &self.d.toks[i];
        t.kind == Kind::Word && t.cap
    }
}

/// [`DocTokens::name_match`] for tokens asked in increasing order, as the mentions come: a
/// walk along the names, where a binary search per mention cost more than the rest of the
/// passes that ask. A token before the last one asked is searched for.
struct NameWalk<'a, I: Iterator<Item = (usize, Match)>> {
    d: &'a DocTokens,
    names: Peekable<I>,
    last: usize,
}

fn name_walk(d: &DocTokens) -> NameWalk<'_, impl Iterator<Item = (usize, Match)> + '_> {
    NameWalk {
        d,
        names: d.names().peekable(),
        last: 0,
    }
}

impl<I: Iterator<Item = (usize, Match)>> NameWalk<'_, I> {
    /// The longest name starting at token `i`, as [`DocTokens::name_match`].
    fn at(&mut self, i: usize) -> Option<Match> {
        if i < self.last {
            return self.d.name_match(i);
        }
        self.last = i;
        while self.names.next_if(|&(p, _)| p < i).is_some() {}
        self.names.peek().filter(|&&(p, _)| p == i).map(|&(_, m)| m)
    }
}

/// Buffers the passes reuse from one document to the next, a thread's own. Each pass
/// took a few allocations a document and regrew its vectors and maps, which cost more
/// than the work of the smaller passes; a pass now runs in [`with_buffers`] and clears
/// the buffers it uses.
#[derive(Default)]
struct Buffers {
    /// The bits of a [`Cover`].
    cover: Vec<u64>,
    /// Mentions a pass adds.
    add: Vec<Mention>,
    /// Token ranges, one per mention.
    ranges: Vec<(usize, usize)>,
    /// Indices (of mentions or groups), one per mention.
    index: Vec<u32>,
    /// Names, one per mention.
    names: Vec<Option<Name>>,
    /// Sets of hashes of token ranges.
    set: IdMap<()>,
    set2: IdMap<()>,
    /// Labels by hashes of token ranges.
    labels: IdMap<EntityLabel>,
    labels2: IdMap<EntityLabel>,
    /// Indices (of groups) by hashes.
    groups: IdMap<u32>,
    /// Names by hashes of token ranges.
    first: IdMap<Name>,
    /// Votes by group.
    votes: Vec<Votes>,
    /// Lists linked by word: their first and last entry, in [`Buffers::links`] or
    /// [`Buffers::places`].
    lists: IdMap<(u32, u32)>,
    /// Entries of lists: a mention and the next entry.
    links: Vec<(usize, u32)>,
    /// Entries of lists: a form, an offset in it and the next entry.
    places: Vec<(u32, u32, u32)>,
    /// Token ranges with a label.
    forms: Vec<(usize, usize, EntityLabel)>,
    /// Evidence by group.
    evidence: Vec<Evidence>,
}

/// Buffers are not kept after a document of more mentions than this (or a coverage of
/// more words).
const MAX_KEPT: usize = 1 << 16;

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::new(Buffers::default());
}

/// Runs a pass for a document of `mentions` mentions with the thread's buffers (fresh ones
/// if they are in use or gone).
fn with_buffers<R>(mentions: usize, mut pass: impl FnMut(&mut Buffers) -> R) -> R {
    let kept = BUFFERS.try_with(|cell| {
        let mut bufs = cell.try_borrow_mut().ok()?;
        let out = pass(&mut bufs);
        // A huge document grew them: give their memory back.
        if mentions > MAX_KEPT || bufs.cover.capacity() > MAX_KEPT {
            *bufs = Buffers::default();
        }
        Some(out)
    });
    match kept {
        Ok(Some(out)) => out,
        _ => pass(&mut Buffers::default()),
    }
}

/// The tokens covered by some mentions, a bit each: built and asked a word at a time,
/// where a flag per token cost a zeroed allocation of the document's size and a fill call
/// per mention.
struct Cover<'a> {
    bits: &'a [u64],
    n: usize,
}

impl<'a> Cover<'a> {
    /// The tokens of `ms` (those below `n`), in `bits` (a reused buffer).
    fn new(bits: &'a mut Vec<u64>, n: usize, ms: &[Mention]) -> Cover<'a> {
        bits.clear();
        bits.resize(n.div_ceil(64), 0);
        for m in ms {
            let (mut i, b) = (m.a, m.b.min(n));
            // Nearly all mentions lie in one word of the bits.
            if i < b && i / 64 == (b - 1) / 64 {
                bits[i / 64] |= mask(i % 64, (b - 1) % 64 + 1);
                continue;
            }
            while i < b {
                let (w, lo) = (i / 64, i % 64);
                bits[w] |= mask(lo, (b - w * 64).min(64));
                i = (w + 1) * 64;
            }
        }
        Cover { bits, n }
    }

    /// Is token `i` covered?
    #[inline]
    fn get(&self, i: usize) -> bool {
        self.bits[i / 64] >> (i % 64) & 1 != 0
    }

    /// Is any of the tokens `a..b` covered?
    fn any(&self, a: usize, b: usize) -> bool {
        let b = b.min(self.n);
        let mut i = a;
        while i < b {
            let (w, lo) = (i / 64, i % 64);
            if self.bits[w] & mask(lo, (b - w * 64).min(64)) != 0 {
                return true;
            }
            i = (w + 1) * 64;
        }
        false
    }
}

/// The bits `lo..hi` of a word (`lo < hi <= 64`).
#[inline]
fn mask(lo: usize, hi: usize) -> u64 {
    let upto = if hi >= 64 { !0 } else { (1u64 << hi) - 1 };
    upto & !((1u64 << lo) - 1)
}

/// The order of mentions: by first token, then by end.
fn sort(ms: &mut [Mention]) {
    // Most calls find them in order already: the check is cheaper than the sort's setup.
    if !ms.is_sorted_by_key(Mention::order) {
        ms.sort_by_key(Mention::order);
    }
}

/// `ms.extend(add)` then [`sort`] (a stable sort: equal mentions of `ms` stay first).
fn extend_sorted(ms: &mut Vec<Mention>, add: &[Mention]) {
    ms.extend_from_slice(add);
    sort(ms);
}

/// Remove titles from the start of PERSON mentions and punctuation or possessives from
/// the ends of every mention.
pub(crate) fn trim(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    let mut found = Vec::new();
    for m in ms.iter_mut() {
        while m.a < m.b {
            let t = &cx.d.toks[m.a];
            if matches!(t.kind, Kind::Punct | Kind::Quote) {
                m.a += 1;
                continue;
            }
            if m.label == EntityLabel::Person && m.b - m.a > 1 {
                // The longest title phrase at the start.
                found.clear();
                cx.lex.matches_at(&cx.d.exact, &cx.d.lower, m.a, &mut found);
                let cut = found
                    .iter()
                    .filter(|f| {
                        cx.lex.entries[f.entry as usize].cat == Cat::Title
                            && (f.len as usize) < m.b - m.a
                    })
                    .map(|f| f.len as usize)
                    .max()
                    .unwrap_or(0);
                if cut > 0 {
                    m.a += cut;
                    continue;
                }
            }
            break;
        }
        // A name starts and ends with a capitalised word or a number ("the rights group
        // Licadho" -> "Licadho", "the CNRP party" -> "CNRP"); "the" may open it.
        // (A capitalised word has an upper-case letter: its text need not be read.)
        let lower_word = |j: usize| {
            let t = &cx.d.toks[j];
            t.kind == Kind::Word && !t.cap && !t.text(cx.text).chars().any(char::is_uppercase)
        };
        if is_name_label(m.label) {
            while m.b - m.a > 1 && lower_word(m.a) && cx.bytes(m.a) != b"the" {
                m.a += 1;
            }
        }
        while m.b > m.a {
            let t = &cx.d.toks[m.b - 1];
            if matches!(t.kind, Kind::Punct | Kind::Quote)
                || (is_name_label(m.label)
                    && (POSSESSIVES.contains(&cx.bytes(m.b - 1))
                        || (m.b - m.a > 1 && lower_word(m.b - 1))))
            {
                m.b -= 1;
            } else {
                break;
            }
        }
    }
    ms.retain(|m| m.a < m.b);
}

/// Possessive endings, as bytes.
const POSSESSIVES: [&[u8]; 4] = [
    "'s".as_bytes(),
    "’s".as_bytes(),
    "'S".as_bytes(),
    "’S".as_bytes(),
];

/// Names from the gazetteers where the tagger found nothing.
pub(crate) fn add_gazetteer(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    let n = cx.d.toks.len();
    with_buffers(ms.len(), |bufs| {
        let cov = Cover::new(&mut bufs.cover, n, ms);
        let add = &mut bufs.add;
        add.clear();
        // The next token a name may start at.
        let mut next = 0;
        for (i, m) in cx.d.names() {
            if i < next {
                continue;
            }
            let b = i + m.len as usize;
            let e = &cx.lex.entries[m.entry as usize];
            let pe = cx.para_end(i);
            if let Some(label) = e.label
                && !cov.any(i, b)
                && b <= pe
            {
                // A name next to more capitalised words is part of a longer name the tagger
                // chose not to report ("Texas" in "Texas Instruments").
                let longer = b < pe && cx.capword(b) && e.cat != Cat::User;
                let before = i > 0 && cx.capword(i - 1) && !cx.d.toks[i - 1].sent_start;
                if !(longer || (before && e.cat != Cat::Norp)) {
                    add.push(Mention {
                        a: i,
                        b,
                        label,
                        name: Some(Name::Entry(m.entry)),
                        fixed: e.cat == Cat::User,
                    });
                }
                next = b;
            }
        }
        extend_sorted(ms, add);
    });
}

/// User gazetteer entries win over the tagger wherever they match.
pub(crate) fn apply_user(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    if !cx.lex.has_user {
        return;
    }
    let mut users = Vec::new();
    for (i, m) in cx.d.names() {
        let e = &cx.lex.entries[m.entry as usize];
        if e.cat == Cat::User {
            users.push(Mention {
                a: i,
                b: i + m.len as usize,
                label: e.label.unwrap_or(EntityLabel::Org),
                name: Some(Name::Entry(m.entry)),
                fixed: true,
            });
        }
    }
    if users.is_empty() {
        return;
    }
    let mut bits = Vec::new();
    let cov = Cover::new(&mut bits, cx.d.toks.len(), &users);
    ms.retain(|m| !cov.any(m.a, m.b));
    extend_sorted(ms, &users);
}

/// "Cambodia National Rescue Party (CNRP)": the bracketed acronym is a mention of the same
/// entity (later uses of it are found by [`propagate`]). Returns the acronyms' token
/// hashes with the token range of their long form.
pub(crate) fn acronyms(cx: &Ctx<'_>, ms: &mut Vec<Mention>) -> IdMap<(u32, u32)> {
    let mut map = IdMap::default();
    let mut add = Vec::new();
    let n = cx.d.toks.len();
    for m in ms.iter() {
        let i = m.b;
        if !is_name_label(m.label) || i + 2 >= n {
            continue;
        }
        if cx.bytes(i) != b"(" || cx.bytes(i + 2) != b")" {
            continue;
        }
        let acr = cx.tok(i + 1);
        let letters = acr.chars().filter(|c| c.is_alphabetic()).count();
        if !(2..=10).contains(&letters)
            || !acr
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        {
            continue;
        }
        // The acronym's first letter should start one of the name's words.
        let first = acr.chars().next().unwrap_or(' ');
        if !(m.a..m.b).any(|j| cx.tok(j).starts_with(first)) {
            continue;
        }
        let (a, b) = cx.core(m);
        map.insert(cx.d.exact[i + 1], (a as u32, b as u32));
        // (Acronyms are few: a scan of the mentions for each costs less than a coverage.)
        if !ms.iter().any(|o| o.a <= i + 1 && i + 1 < o.b) {
            add.push(Mention::new(i + 1, i + 2, m.label));
        }
    }
    extend_sorted(ms, &add);
    map
}

/// Document-level consistency: a string typed more often one way keeps that type.
pub(crate) fn vote_labels(cx: &Ctx<'_>, ms: &mut [Mention]) {
    // The name mentions grouped by their text (the key of their tokens), in a map, where
    // sorting the keys cost more than the rest of the pass; a text found once keeps its
    // label anyway (its own label has the most votes).
    with_buffers(ms.len(), |bufs| {
        let Buffers {
            groups,
            index,
            votes,
            ..
        } = bufs;
        groups.clear();
        index.clear();
        votes.clear();
        for m in ms.iter() {
            if !is_name_label(m.label) {
                index.push(u32::MAX);
                continue;
            }
            let (a, b) = cx.core(m);
            let g = *groups.entry(cx.key(a, b)).or_insert_with(|| {
                votes.push(Votes::default());
                (votes.len() - 1) as u32
            });
            let v = &mut votes[g as usize];
            let (l, n) = (label_index(m.label), 1 + 2 * u32::from(m.fixed));
            // (Votes so far for other labels make them mixed.)
            v.mixed |= v.total != v.votes[l];
            v.votes[l] += n;
            v.total += n;
            index.push(g);
        }
        // Only texts typed more than one way can change a label (a label that has all the
        // votes has the most): most documents have none.
        let mut mixed = false;
        for v in votes.iter_mut().filter(|v| v.mixed) {
            v.winner = most_votes(&v.votes);
            mixed = true;
        }
        if !mixed {
            return;
        }
        for (m, &g) in ms.iter_mut().zip(index.iter()) {
            let Some(v) = votes.get(g as usize).filter(|v| v.mixed) else {
                continue;
            };
            let (best, most) = v.winner;
            if !m.fixed && v.votes[label_index(m.label)] < most && is_name_label(LABELS[best]) {
                m.label = LABELS[best];
            }
        }
    });
}

/// The votes for the labels of a text (see [`vote_labels`]).
#[derive(Default)]
struct Votes {
    /// Votes by label index.
    votes: [u32; 13],
    /// All the votes.
    total: u32,
    /// Votes went to more than one label.
    mixed: bool,
    /// The winner, by [`most_votes`] (for mixed votes).
    winner: (usize, u32),
}

/// The most votes, and the last label that has them: a mention with fewer votes for its
/// own label takes that one (a mention whose label has the most keeps it, even when
/// another label has as many). Once a group, where a search per mention cost more.
fn most_votes(v: &[u32; 13]) -> (usize, u32) {
    let (mut best, mut most) = (0, 0);
    for (i, &n) in v.iter().enumerate() {
        if n >= most {
            (best, most) = (i, n);
        }
    }
    (best, most)
}

/// Other mentions of names found once: uncovered repeats of a name's exact tokens, and a
/// person's surname alone after the full name.
pub(crate) fn propagate(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    const MAX: usize = 8;
    // The names to look for, and the last words of persons' names.
    let known_name = |m: &Mention| {
        is_name_label(m.label) && m.b - m.a <= MAX && cx.d.toks[m.a..m.b].iter().any(|t| t.cap)
    };
    let part = |m: &Mention| {
        let last = m.b - 1;
        (m.label == EntityLabel::Person && m.b - m.a >= 2)
            && cx.capword(last)
            && cx.tok(last).chars().nth(1).is_some()
    };
    // The first words of the known names and parts: most capitalised words start none,
    // and a bit test is cheaper than computing keys.
    let mut firsts = WordFilter::<64>::default();
    let mut any = false;
    for m in ms.iter().filter(|m| known_name(m)) {
        any = true;
        firsts.insert(cx.d.exact[m.a]);
        if part(m) {
            firsts.insert(cx.d.exact[m.b - 1]);
        }
    }
    if !any {
        return;
    }
    with_buffers(ms.len(), |bufs| {
        let Buffers {
            cover,
            add,
            index: starts,
            labels: known,
            labels2: parts,
            ..
        } = bufs;
        let n = cx.d.toks.len();
        let cov = Cover::new(cover, n, ms);
        // The tokens where a name may start: capitalised words (all of them in runs) outside
        // mentions that start a known name. Few documents have one: the others need no map
        // of the names.
        starts.clear();
        for &(rs, re) in &cx.d.runs {
            for i in rs as usize..=re as usize {
                if firsts.contains(cx.d.exact[i]) && !cov.get(i) && cx.capword(i) {
                    starts.push(i as u32);
                }
            }
        }
        if starts.is_empty() {
            return;
        }
        // The names and parts by the keys of their tokens: only those whose first word (the
        // first of the keys looked up) is one of these tokens'.
        let mut start_words = WordFilter::<64>::default();
        for &i in starts.iter() {
            start_words.insert(cx.d.exact[i as usize]);
        }
        known.clear();
        parts.clear();
        for m in ms.iter().filter(|m| m.a < m.b) {
            let first = start_words.contains(cx.d.exact[m.a]);
            let last = start_words.contains(cx.d.exact[m.b - 1]);
            if !(first || last) || !known_name(m) {
                continue;
            }
            if first {
                known.entry(cx.key(m.a, m.b)).or_insert(m.label);
            }
            if last && part(m) {
                let last = m.b - 1;
                parts
                    .entry(cx.key(last, last + 1))
                    .or_insert(EntityLabel::Person);
            }
        }
        add.clear();
        // The next token a name may start at.
        let mut next = 0;
        for i in starts.iter().map(|&i| i as usize) {
            if i < next {
                continue;
            }
            // Longest known name starting here: the keys of the token ranges from `i`, each
            // the previous one extended by a word (see [`Ctx::key`]).
            let pe = cx.para_end(i);
            let longest = MAX.min(pe - i);
            let mut keys = [0u64; MAX];
            let mut h = KEY_SEED;
            for (k, &x) in keys.iter_mut().zip(&cx.d.exact[i..i + longest]) {
                h = key_step(h, x);
                *k = h;
            }
            let mut best: Option<(usize, EntityLabel)> = None;
            for len in (1..=longest).rev() {
                if let Some(&l) = known.get(&keys[len - 1]) {
                    if !cov.any(i, i + len) {
                        best = Some((len, l));
                    }
                    break;
                }
            }
            if best.is_none()
                && let Some(&l) = parts.get(&keys[0])
            {
                best = Some((1, l));
            }
            if let Some((len, label)) = best {
                let b = i + len;
                // Not when more capitalised words follow or precede: part of another name.
                let longer = b < pe && cx.capword(b);
                let before = i > 0
                    && cx.para_of(i - 1) == cx.para_of(i)
                    && cx.capword(i - 1)
                    && !cx.d.toks[i - 1].sent_start;
                if !longer && !before {
                    add.push(Mention::new(i, b, label));
                    next = b;
                }
            }
        }
        extend_sorted(ms, add);
    });
}

/// Canonical names: the fullest form in the document of each entity.
pub(crate) fn canonical(cx: &Ctx<'_>, ms: &mut [Mention], acronyms: &IdMap<(u32, u32)>) {
    // Gazetteer canonical names for exact alias matches.
    let mut names_at = name_walk(cx.d);
    for m in ms.iter_mut() {
        if m.name.is_some() || !is_name_label(m.label) {
            continue;
        }
        let (a, b) = cx.core(m);
        if let Some(g) = names_at.at(a)
            && a + g.len as usize == b
        {
            let e = &cx.lex.entries[g.entry as usize];
            let compatible = match e.label {
                Some(l) => {
                    l == m.label
                        || (matches!(l, EntityLabel::Gpe | EntityLabel::Loc)
                            && matches!(
                                m.label,
                                EntityLabel::Gpe | EntityLabel::Loc | EntityLabel::Org
                            ))
                }
                None => false,
            };
            if compatible && e.cat != Cat::Norp {
                m.name = Some(Name::Entry(g.entry));
            }
        }
    }
    with_buffers(ms.len(), |bufs| {
        let Buffers {
            ranges: cores,
            lists,
            links,
            names,
            first,
            ..
        } = bufs;
        cores.clear();
        cores.extend(ms.iter().map(|m| cx.core(m)));
        let cores = &*cores;
        let words = |k: usize| &cx.d.exact[cores[k].0..cores[k].1];
        // (The number of words without slicing them.)
        let len = |k: usize| cores[k].1 - cores[k].0;
        let n = ms.len();
        // Mentions of two words or more, by the hash of each of their words, so that a short
        // name is compared only with the longer names that share its first word (and with at
        // most `MAX_CANDIDATES` of them: a document is not a phone book).
        // A list of mentions for each word, in order, each mention once (linked entries
        // under a map: sorting (word, mention) pairs cost more than the search itself).
        const MAX_CANDIDATES: usize = 64;
        const END: u32 = u32::MAX;
        lists.clear();
        links.clear();
        for (j, m) in ms.iter().enumerate() {
            let w = words(j);
            if w.len() < 2 || !is_name_label(m.label) || cx.d.title_case[cx.para_of(m.a)] {
                continue;
            }
            for &h in w {
                let new = links.len() as u32;
                match lists.entry(h) {
                    Entry::Vacant(e) => {
                        e.insert((new, new));
                    }
                    Entry::Occupied(mut e) => {
                        let (_, last) = e.get_mut();
                        // A word twice in a name: the mention is listed once.
                        if links[*last as usize].0 == j {
                            continue;
                        }
                        links[*last as usize].1 = new;
                        *last = new;
                    }
                }
                links.push((j, END));
            }
        }
        let (lists, links) = (&*lists, &*links);
        let candidates = |h: u64| {
            let mut at = lists.get(&h).map_or(END, |&(first, _)| first);
            std::iter::from_fn(move || {
                let &(j, next) = links.get(at as usize)?;
                at = next;
                Some(j)
            })
            .take(MAX_CANDIDATES)
        };
        names.clear();
        names.resize(n, None);
        for k in 0..n {
            let m = &ms[k];
            if !is_name_label(m.label) {
                continue;
            }
            // An acronym introduced in brackets takes the long form's name.
            if !acronyms.is_empty()
                && words(k).len() == 1
                && let Some(&(a, b)) = acronyms.get(&words(k)[0])
            {
                let long = cores
                    .iter()
                    .position(|c| c.0 == a as usize && c.1 == b as usize)
                    .and_then(|j| ms[j].name);
                names[k] = Some(long.unwrap_or(Name::Tokens(a, b)));
                continue;
            }
            if m.name.is_some() {
                continue;
            }
            // Shorter names take the longest name of the same label that contains them as a
            // run of words (the nearest one before, when several do).
            let w = words(k);
            let Some(&w0) = w.first() else {
                continue;
            };
            let mut best: Option<usize> = None;
            for j in candidates(w0) {
                if j == k || ms[j].label != m.label || len(j) <= w.len() {
                    continue;
                }
                if !words(j)
                    .windows(w.len())
                    .any(|win| win[0] == w0 && same_words(win, w))
                {
                    continue;
                }
                let dist = |x: usize| {
                    if ms[x].a <= m.a {
                        m.a - ms[x].a
                    } else {
                        usize::MAX / 2 + ms[x].a
                    }
                };
                let better = match best {
                    None => true,
                    Some(b) => {
                        let (lj, lb) = (len(j), len(b));
                        lj > lb || (lj == lb && dist(j) < dist(b))
                    }
                };
                if better {
                    best = Some(j);
                }
            }
            if let Some(j) = best {
                names[k] = Some(
                    ms[j]
                        .name
                        .unwrap_or(Name::Tokens(cores[j].0 as u32, cores[j].1 as u32)),
                );
            }
        }
        // Equal token ranges name one entity: the first of them stands for all.
        first.clear();
        for (k, m) in ms.iter_mut().enumerate() {
            if let Some(nm) = names[k] {
                m.name = Some(nm);
            } else if m.name.is_none() {
                m.name = Some(Name::Tokens(cores[k].0 as u32, cores[k].1 as u32));
            }
            if let Some(Name::Tokens(a, b)) = m.name {
                let key = cx.key(a as usize, b as usize) ^ label_index(m.label) as u64;
                m.name = Some(*first.entry(key).or_insert(Name::Tokens(a, b)));
            }
        }
    });
}

/// A mention whose whole text is a gazetteer name takes the gazetteer's type where the
/// tagger's guess is the fallback for unknown capitalised words (PERSON), and a
/// nationality word alone is a NORP.
pub(crate) fn gazetteer_types(cx: &Ctx<'_>, ms: &mut [Mention]) {
    let mut names_at = name_walk(cx.d);
    for m in ms.iter_mut() {
        if m.fixed || !is_name_label(m.label) {
            continue;
        }
        let (a, b) = cx.core(m);
        let Some(g) = names_at.at(a) else {
            continue;
        };
        if a + g.len as usize != b {
            continue;
        }
        let e = &cx.lex.entries[g.entry as usize];
        let Some(label) = e.label else {
            continue;
        };
        if e.cat == Cat::Norp {
            if matches!(
                m.label,
                EntityLabel::Person | EntityLabel::Gpe | EntityLabel::Org
            ) {
                m.label = EntityLabel::Norp;
            }
        } else if m.label == EntityLabel::Person {
            m.label = label;
        }
    }
}

/// GUM's (and OntoNotes') convention: a country standing for a team (in a sports report)
/// or for its government (the subject of "said", "fired", "warned", ...) is an ORG.
pub(crate) fn metonymy(cx: &Ctx<'_>, ms: &mut [Mention]) {
    let sport = &cx.d.sport;
    let sports_doc =
        sport.kinds.len() >= crate::features::SportWords::KINDS && sport.hits * 60 >= sport.words;
    let mut names_at = name_walk(cx.d);
    for m in ms.iter_mut() {
        if m.fixed || !matches!(m.label, EntityLabel::Gpe | EntityLabel::Norp) {
            continue;
        }
        let Some(g) = names_at.at(m.a) else {
            continue;
        };
        if m.a + g.len as usize != m.b {
            continue;
        }
        let cat = cx.lex.entries[g.entry as usize].cat;
        let country = cat == Cat::Country;
        // A plural people noun ("the Brazilians") in a match report is the team.
        let people = cat == Cat::Norp && cx.tok(m.b - 1).ends_with('s');
        if !(country || people) {
            continue;
        }
        // Where a place is meant: "in Belgium", "at the border of Panama".
        let prev = if m.a > 0 { cx.tok(m.a - 1) } else { "" };
        let place = matches!(
            prev,
            "in" | "In"
                | "at"
                | "from"
                | "to"
                | "into"
                | "across"
                | "near"
                | "of"
                | "visit"
                | "visited"
        );
        if place {
            continue;
        }
        if sports_doc {
            m.label = EntityLabel::Org;
            continue;
        }
        if country && m.b < cx.d.toks.len() {
            let mut j = m.b;
            if j + 1 < cx.d.toks.len()
                && matches!(
                    cx.tok(j),
                    "has" | "had" | "have" | "will" | "would" | "also" | "then"
                )
            {
                j += 1;
            }
            if cx.lex.gov_verbs.contains_key(&cx.d.lower[j]) {
                m.label = EntityLabel::Org;
            }
        }
    }
}

/// Is there a person's title just before token `a` ("President", "Mr.", "Gen.")?
fn title_before(cx: &Ctx<'_>, a: usize, found: &mut Vec<crate::lexicon::Match>) -> bool {
    let (ps, _) = cx.d.paras.get(cx.para_of(a)).copied().unwrap_or((0, 0));
    for len in 1..=3usize {
        if a < ps + len {
            break;
        }
        found.clear();
        cx.lex.matches_at(&cx.d.exact, &cx.d.lower, a - len, found);
        if found
            .iter()
            .any(|f| f.len as usize == len && cx.lex.entries[f.entry as usize].cat == Cat::Title)
        {
            return true;
        }
    }
    false
}

/// PERSON is the tagger's guess for any unknown capitalised word. An entity tagged PERSON
/// with no sign of being a person anywhere in the document (no given name, no title) but
/// with a sign of being a thing ("the Met Office", a word ending in "-ology") is re-typed: an
/// ORG, or nothing for a plural ("the Polaroids").
pub(crate) fn check_persons(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    const NONE: u32 = u32::MAX;
    with_buffers(ms.len(), |bufs| {
        let Buffers {
            groups,
            index,
            evidence,
            ..
        } = bufs;
        // The evidence of each name (by [`Name::key`]), and each mention's name (its index in
        // `evidence`), where a second look-up per mention cost as much as the first.
        groups.clear();
        index.clear();
        evidence.clear();
        let mut found = Vec::new();
        for m in ms.iter() {
            let name = m
                .name
                .filter(|_| m.label == EntityLabel::Person && !m.fixed);
            let Some(name) = name else {
                index.push(NONE);
                continue;
            };
            let gi = *groups.entry(name.key()).or_insert_with(|| {
                evidence.push(Evidence {
                    person: false,
                    thing: false,
                    plural: true,
                });
                (evidence.len() - 1) as u32
            });
            index.push(gi);
            let g = &mut evidence[gi as usize];
            let first_name = cx.starts(m.a, Cat::FirstName);
            let multi = m.b - m.a >= 2;
            // (The title lookups only when the name has no such evidence yet; nor the signs
            // of a thing.)
            if !g.person && ((first_name && multi) || title_before(cx, m.a, &mut found)) {
                g.person = true;
            }
            // "the rights group Licadho": a lower-case organisation noun before the name.
            let org_noun =
                |a: usize| a > 0 && !cx.d.toks[a - 1].cap && cx.starts(a - 1, Cat::OrgWord);
            if !g.thing
                && ((m.a > 0 && cx.is_the(m.a - 1))
                    || org_noun(m.a)
                    || (!multi && thing_suffix(cx.bytes(m.a))))
            {
                g.thing = true;
            }
            if g.plural && (multi || cx.bytes(m.b - 1).last() != Some(&b's')) {
                g.plural = false;
            }
        }
        // The names that are things: most documents have none, and few mentions go.
        let thing = |gi: u32| {
            evidence
                .get(gi as usize)
                .filter(|ev| !ev.person && ev.thing)
        };
        if !evidence.iter().any(|ev| !ev.person && ev.thing) {
            return;
        }
        // Things are organisations; plural things ("the Polaroids") go.
        let mut k = 0;
        ms.retain_mut(|m| {
            k += 1;
            match thing(index[k - 1]) {
                Some(ev) if ev.plural => false,
                Some(_) => {
                    m.label = EntityLabel::Org;
                    true
                }
                None => true,
            }
        });
    });
}

/// What the mentions of an alleged person's name say of it (see [`check_persons`]).
#[derive(Clone, Copy)]
struct Evidence {
    person: bool,
    thing: bool,
    plural: bool,
}

/// Does a word end like the name of a thing ("Criminology", "Mormonism")?
fn thing_suffix(w: &[u8]) -> bool {
    // The last letters of the endings first: most words end otherwise.
    let Some(&last) = w.last() else {
        return false;
    };
    matches!(last.to_ascii_lowercase(), b'y' | b'm' | b's' | b'n' | b't')
        && ["ology", "ism", "ity", "ics", "tion", "ment"]
            .iter()
            .any(|s| {
                w.len() >= s.len() && w[w.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes())
            })
}

/// "Friday, June 28, 2019" is one date: adjacent DATE mentions joined by a comma become
/// one when together they name a calendar day (a weekday, a month with its day, a year).
///
/// A day written before its month ("3 March 2020", "21st June") belongs to the date the
/// month starts, wherever the tagger began it.
pub(crate) fn merge_dates(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    let mut k = 0;
    while k < ms.len() {
        let a = ms[k].a;
        let day = ms[k].label == EntityLabel::Date
            && !ms[k].fixed
            && a > 0
            && cx.starts(a, Cat::Month)
            && cx.d.toks[a - 1].kind == Kind::Number
            && cx.para_of(a - 1) == cx.para_of(a)
            && is_day_number(cx.tok(a - 1));
        // The day may be free, or a DATE of its own that the tagger cut off.
        let before = k.checked_sub(1).map(|j| &ms[j]);
        if day && before.is_none_or(|p| p.b < a) {
            ms[k].a = a - 1;
        } else if day
            && let Some(p) = before
            && p.label == EntityLabel::Date
            && !p.fixed
            && (p.a, p.b) == (a - 1, a)
        {
            ms[k].a = a - 1;
            ms.remove(k - 1);
            continue;
        }
        k += 1;
    }
    let mut k = 0;
    while k + 1 < ms.len() {
        let (x, y) = (&ms[k], &ms[k + 1]);
        let joined = x.label == EntityLabel::Date
            && y.label == EntityLabel::Date
            && y.a == x.b + 1
            && cx.tok(x.b) == ","
            && cx.para_of(x.a) == cx.para_of(y.a);
        // The right side must continue a calendar date: a month, or a year after a day.
        let continues = joined && {
            let first = y.a;
            let month = cx.starts(first, Cat::Month);
            let year = cx.d.toks[first].kind == Kind::Number
                && cx.tok(first).len() == 4
                && cx.d.toks[x.b - 1].kind == Kind::Number;
            month || year
        };
        if continues {
            ms[k].b = ms[k + 1].b;
            ms.remove(k + 1);
        } else {
            k += 1;
        }
    }
}

/// A day of a month as written before the month's name: "3", "03", "21st".
fn is_day_number(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let (num, suffix) = s.split_at(digits);
    (1..=2).contains(&digits)
        && num.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
        && matches!(suffix, "" | "st" | "nd" | "rd" | "th")
}

/// "Aceh, Indonesia", "Indiana, United States": a province or state followed by a comma
/// and its country is one place (GUM's convention; a city and its state or country,
/// "Tucson, Arizona", stay two, as in OntoNotes). Lists of places ("Texas, Mexico and
/// Canada") stay apart: a pair with more places listed around it is a list.
pub(crate) fn place_with_country(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    let is_place = |m: &Mention| matches!(m.label, EntityLabel::Gpe | EntityLabel::Loc);
    let mut k = 0;
    while k + 1 < ms.len() {
        let (x, y) = (&ms[k], &ms[k + 1]);
        let pair = is_place(x)
            && y.label == EntityLabel::Gpe
            && !x.fixed
            && !y.fixed
            && y.a == x.b + 1
            && cx.tok(x.b) == ","
            && cx.para_of(x.a) == cx.para_of(y.a);
        let locates = pair && {
            let country = cx.starts(y.a, Cat::Country);
            let x_country = cx.starts(x.a, Cat::Country);
            let x_region = cx.starts(x.a, Cat::Region);
            country && x_region && !x_country
        };
        // A list: another state or country just before ("Spokane, Washington, United
        // States" is a city, then one place), or any place just after.
        let listed = locates && {
            let before = k > 0
                && x.a >= 2
                && ms[k - 1].b + 1 == x.a
                && is_place(&ms[k - 1])
                && (cx.starts(ms[k - 1].a, Cat::Region) || cx.starts(ms[k - 1].a, Cat::Country))
                && matches!(cx.tok(x.a - 1), "," | "and" | "or");
            let after = ms.get(k + 2).is_some_and(|z| {
                is_place(z) && z.a == y.b + 1 && matches!(cx.tok(y.b), "," | "and" | "or" | "&")
            });
            before || after
        };
        if locates && !listed {
            let b = ms[k + 1].b;
            let m = &mut ms[k];
            m.b = b;
            m.label = EntityLabel::Gpe;
            m.name = Some(Name::Tokens(m.a as u32, b as u32));
            ms.remove(k + 1);
        }
        k += 1;
    }
}

/// Relative dates are whole phrases, as in OntoNotes: "last year", "late June", "the past
/// decade", "two weeks ago", "a few years earlier". The tagger often finds only the unit
/// ("year"), or the unit and "ago" apart; this widens DATE mentions over the modifiers,
/// counts and closing words around them, within the paragraph and without taking tokens
/// of other mentions, and drops DATE mentions that are only such a word.
pub(crate) fn date_phrases(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    use crate::lexicon::{DATE_COUNT, DATE_MOD, DATE_POST, DATE_UNIT};
    let role = |i: usize| -> u8 {
        let t = &cx.d.toks[i];
        if t.kind == Kind::Number {
            // A count of units ("10 years ago"), never a year of its own ("2019").
            let s = cx.tok(i);
            return if s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()) {
                DATE_COUNT
            } else {
                0
            };
        }
        if t.kind != Kind::Word {
            return 0;
        }
        cx.lex.date_words.get(&cx.d.lower[i]).copied().unwrap_or(0)
    };
    if !ms.is_sorted_by_key(|m| m.a) {
        sort(ms);
    }
    // "weeks ago" that the tagger left out becomes a date to widen. ("ago" is a temporal
    // keyword: its gazetteer bit picks the few candidates without a lookup per token;
    // "earlier" and "later" only widen dates the tagger found.)
    let covered = |ms: &[Mention], i: usize| {
        let p = ms.partition_point(|m| m.a <= i);
        ms[..p].iter().rev().take(4).any(|m| m.b > i)
    };
    for &i in &cx.d.time_words {
        let i = i as usize;
        if i > 0
            && role(i) == DATE_POST
            && role(i - 1) == DATE_UNIT
            && !covered(ms, i)
            && !covered(ms, i - 1)
            && cx.para_of(i - 1) == cx.para_of(i)
        {
            let at = ms.partition_point(|m| m.a < i - 1);
            ms.insert(at, Mention::new(i - 1, i + 1, EntityLabel::Date));
        }
    }
    for k in 0..ms.len() {
        if ms[k].label != EntityLabel::Date || ms[k].fixed {
            continue;
        }
        let (a, b) = (ms[k].a, ms[k].b);
        let para_start = cx.d.paras.get(cx.para_of(a)).map_or(a, |p| p.0);
        let floor = para_start.max(if k > 0 { ms[k - 1].b } else { 0 });
        let mut na = a;
        // "ago" tagged alone: its unit comes first.
        if role(a) == DATE_POST && a > floor && role(a - 1) == DATE_UNIT {
            na = a - 1;
        }
        let unit_first = role(na) == DATE_UNIT;
        let has_post = role(b - 1) == DATE_POST
            || (role(b - 1) == DATE_UNIT && b < cx.para_end(a) && role(b) == DATE_POST);
        // "two weeks", "a few years", "10 days": counts only before a unit. "a"/"an" count
        // only in "a year ago" and "a few days": "$500 a month" and "twice a year" are
        // rates.
        if unit_first {
            while na > floor && role(na - 1) == DATE_COUNT {
                let article = matches!(cx.d.toks[na - 1].kind, Kind::Word)
                    && matches!(cx.tok(na - 1), "a" | "an" | "A" | "An");
                if article && !(has_post || role(na) == DATE_COUNT) {
                    break;
                }
                na -= 1;
                if article {
                    break;
                }
            }
        }
        // "last", "late", "the past": before anything dated, after the count if any.
        while na > floor && role(na - 1) == DATE_MOD {
            na -= 1;
        }
        if role(na) == DATE_MOD && na > floor && cx.is_the(na - 1) {
            na -= 1;
        }
        // "ago", "earlier" after a counted unit: "two weeks ago".
        let mut nb = b;
        if nb < cx.para_end(a) && role(nb - 1) == DATE_UNIT && role(nb) == DATE_POST {
            nb += 1;
        }
        ms[k].a = na;
        ms[k].b = nb;
    }
    // Mentions now inside a widened date ("ago" tagged on its own) go; so do dates that are
    // only a modifier or a closing word. (Widening keeps the order by start: a date never
    // grows over the mention before it.)
    let mut keep_until = 0;
    ms.retain(|m| {
        if m.b <= keep_until && m.label == EntityLabel::Date {
            return false;
        }
        keep_until = keep_until.max(m.b);
        !(m.label == EntityLabel::Date
            && m.b == m.a + 1
            && matches!(role(m.a), DATE_MOD | DATE_POST | DATE_COUNT))
    });
}

/// A capitalised name is typed by its head word where the tagger did not know it: "the
/// Affordable Care Act" is a LAW, "the Iraq War" an EVENT, "Heathrow Airport" a FAC.
/// Runs with such a head that no mention covers become mentions; a law or event name
/// replaces the shorter mentions inside it ("Paris" in "Paris Agreement"); and a name the
/// tagger typed as a person or place takes its head's type.
pub(crate) fn head_rules(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    let head_label = |j: usize| -> Option<(EntityLabel, bool)> {
        let g = cx.d.toks[j].gaz();
        if g & Cat::LawWord.bit() != 0 {
            Some((EntityLabel::Law, true))
        } else if g & Cat::EventWord.bit() != 0 {
            Some((EntityLabel::Event, true))
        } else if g & Cat::FacWord.bit() != 0 {
            Some((EntityLabel::Fac, false))
        } else if g & Cat::OrgWord.bit() != 0 {
            Some((EntityLabel::Org, false))
        } else {
            None
        }
    };
    // Relabel multi-word mentions typed PERSON or GPE whose last word is a head word.
    for m in ms.iter_mut() {
        if m.fixed
            || m.b - m.a < 2
            || !matches!(
                m.label,
                EntityLabel::Person | EntityLabel::Gpe | EntityLabel::Loc
            )
        {
            continue;
        }
        if let Some((l, _)) = head_label(m.b - 1) {
            m.label = l;
        }
    }
    let mut add = Vec::new();
    // The mentions replaced (sized at the first: most documents have none).
    let mut remove: Vec<bool> = Vec::new();
    for &(rs, re) in &cx.d.runs {
        let (rs, re) = (rs as usize, re as usize);
        // (The head word first: few runs end with one.)
        let Some((label, strong)) = head_label(re) else {
            continue;
        };
        // The head itself must be capitalised ("Care Act", not "care act").
        if !cx.d.toks[re].cap {
            continue;
        }
        // In a headline in title case every word is capitalised: no runs there.
        if cx.d.title_case[cx.para_of(rs)] {
            continue;
        }
        let mut a = rs;
        if cx.is_the(a) {
            a += 1;
        }
        if re < a + 1 {
            continue;
        }
        // The mentions inside the run, in one pass without collecting them.
        let inside = |m: &Mention| m.a <= re && rs <= m.b.saturating_sub(1);
        let (mut none, mut contained, mut covers_all) = (true, true, false);
        for m in ms.iter().filter(|m| inside(m)) {
            none = false;
            contained &= m.a >= a && m.b <= re + 1 && !m.fixed;
            covers_all |= m.a <= a && m.b > re;
        }
        if covers_all {
            continue;
        }
        if none || (strong && contained) {
            remove.resize(ms.len(), false);
            for (k, m) in ms.iter().enumerate() {
                if inside(m) {
                    remove[k] = true;
                }
            }
            add.push(Mention::new(a, re + 1, label));
        }
    }
    if add.is_empty() {
        return;
    }
    let mut k = 0;
    ms.retain(|_| {
        k += 1;
        !remove[k - 1]
    });
    extend_sorted(ms, &add);
}

/// Small words allowed in a title written in title case.
const TITLE_SMALL: &[&str] = &[
    "a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "at", "by", "or", "from",
];

/// Quotation marks that may open a title.
const OPENING_QUOTES: [&[u8]; 3] = ["\"".as_bytes(), "“".as_bytes(), "‘".as_bytes()];

/// A short title-case phrase in quotation marks is the title of a work ("War and Peace"):
/// a WORK_OF_ART, replacing the names the tagger found inside it.
pub(crate) fn quoted_titles(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    let mut add = Vec::new();
    // The next token a title may open at.
    let mut next = 0;
    for i in cx.d.quotes.iter().map(|&i| i as usize) {
        if i < next || !OPENING_QUOTES.contains(&cx.bytes(i)) {
            continue;
        }
        let pe = cx.para_end(i);
        let open = i;
        let mut j = i + 1;
        while j < pe && j - open <= 9 && cx.d.toks[j].kind != Kind::Quote {
            j += 1;
        }
        if j >= pe || cx.d.toks[j].kind != Kind::Quote || j - open < 3 || j - open > 9 {
            next = j.max(i + 1);
            continue;
        }
        let (a, b) = (open + 1, j);
        let title_case = (a..b).all(|k| {
            let t = &cx.d.toks[k];
            match t.kind {
                Kind::Word => t.cap || TITLE_SMALL.contains(&cx.tok(k)),
                Kind::Number => true,
                Kind::Punct => matches!(cx.tok(k), ":" | "," | "-" | "'s" | "’s"),
                Kind::Quote => false,
            }
        }) && cx.d.toks[a].cap
            && cx.d.toks[b - 1].kind != Kind::Punct;
        // Not a headline in title case, where every quotation looks like a title.
        if title_case && !cx.d.title_case[cx.para_of(a)] {
            add.push(Mention::new(a, b, EntityLabel::WorkOfArt));
        }
        next = j + 1;
    }
    if add.is_empty() {
        return;
    }
    let mut bits = Vec::new();
    let cov = Cover::new(&mut bits, cx.d.toks.len(), &add);
    ms.retain(|m| m.fixed || !cov.any(m.a, m.b));
    extend_sorted(ms, &add);
}

/// Boundary repair with the document's own names: a mention that is part of a longer
/// name of the same type found elsewhere in the document, and stands in the text where
/// that longer name would fit, becomes that name ("Hun" before "Sen" where "Hun Sen" is a
/// PERSON). A person's name also takes a short capitalised word before it at a sentence
/// start ("Am Sam Ath said"), where family names written first are easily read as
/// ordinary words, unless that word is a usual sentence starter.
pub(crate) fn repair_boundaries(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    // Names in a headline in title case are unreliable ("Hun Sen Claims Human Rights"):
    // they are cut to the longest name of the body that starts them, and never serve as
    // the longer form of another mention.
    let in_title = |a: usize| cx.d.title_case[cx.para_of(a)];
    with_buffers(ms.len(), |bufs| {
        let Buffers {
            set: body,
            set2: seen,
            lists,
            places,
            forms,
            ..
        } = bufs;
        body.clear();
        // (Most documents have no name in such a headline, and need no set of the body's.)
        let title_names = cx.d.title_case.iter().any(|&t| t)
            && ms
                .iter()
                .any(|m| !m.fixed && is_name_label(m.label) && in_title(m.a));
        let mut cut = false;
        if title_names {
            for m in ms
                .iter()
                .filter(|m| is_name_label(m.label) && !in_title(m.a))
            {
                body.insert(cx.key(m.a, m.b), ());
            }
            for m in ms.iter_mut() {
                if m.fixed
                    || !is_name_label(m.label)
                    || !in_title(m.a)
                    || body.contains_key(&cx.key(m.a, m.b))
                {
                    continue;
                }
                if let Some(b) = (m.a + 1..m.b)
                    .rev()
                    .find(|&b| body.contains_key(&cx.key(m.a, b)))
                {
                    m.b = b;
                    cut = true;
                }
            }
        }
        forms.clear();
        seen.clear();
        for m in ms.iter() {
            if !is_name_label(m.label) || m.b - m.a < 2 || forms.len() >= 64 || in_title(m.a) {
                continue;
            }
            if seen.insert(cx.key(m.a, m.b), ()).is_none() {
                forms.push((m.a, m.b, m.label));
            }
        }
        // The places of each word in the forms (form and offset, in the order of the search
        // below), linked under a map by word: a mention is compared only with the places of
        // its first word.
        const END: u32 = u32::MAX;
        lists.clear();
        places.clear();
        for (j, &(fa, fb, _)) in forms.iter().enumerate() {
            for (off, &h) in cx.d.exact[fa..fb].iter().enumerate() {
                let new = places.len() as u32;
                match lists.entry(h) {
                    Entry::Vacant(e) => {
                        e.insert((new, new));
                    }
                    Entry::Occupied(mut e) => {
                        let (_, last) = e.get_mut();
                        places[*last as usize].2 = new;
                        *last = new;
                    }
                }
                places.push((j as u32, off as u32, END));
            }
        }
        let n = cx.d.toks.len();
        let mut changed = cut;
        for k in 0..ms.len() {
            let m = ms[k];
            if m.fixed || !is_name_label(m.label) {
                continue;
            }
            let w = &cx.d.exact[m.a..m.b];
            let Some(&w0) = w.first() else {
                continue;
            };
            let (ps, pe) = cx.d.paras.get(cx.para_of(m.a)).copied().unwrap_or((0, n));
            let mut best: Option<(usize, usize)> = None;
            let mut at = lists.get(&w0).map_or(END, |&(first, _)| first);
            while let Some(&(j, off, next)) = places.get(at as usize) {
                at = next;
                let (fa, fb, fl) = forms[j as usize];
                let (len, off) = (fb - fa, off as usize);
                if fl != m.label || len <= w.len() || off > len - w.len() {
                    continue;
                }
                let f = &cx.d.exact[fa..fb];
                if !same_words(&f[off..off + w.len()], w) || m.a < ps + off {
                    continue;
                }
                let (a, b) = (m.a - off, m.a - off + len);
                if b <= pe
                    && same_words(&cx.d.exact[a..b], f)
                    && best.is_none_or(|(x, y)| y - x < len)
                {
                    best = Some((a, b));
                }
            }
            if let Some((a, b)) = best {
                ms[k].a = a;
                ms[k].b = b;
                changed = true;
                continue;
            }
            if m.label == EntityLabel::Person && m.b - m.a >= 2 && m.a > ps {
                let j = m.a - 1;
                let t = &cx.d.toks[j];
                if t.kind == Kind::Word
                    && t.cap
                    && t.sent_start
                    && cx.tok(j).chars().count() <= 3
                    && !cx.lex.stop_words.contains_key(&cx.d.lower[j])
                    && cx.d.toks[j].gaz_b
                        & (Cat::Title.bit() | Cat::Country.bit() | Cat::City.bit())
                        == 0
                    && !ms.iter().any(|o| o.a <= j && j < o.b)
                {
                    ms[k].a = j;
                    changed = true;
                }
            }
        }
        if changed {
            sort(ms);
            // Drop mentions now inside another one (the longer of two overlapping ones stays),
            // in place: `kept` mentions are kept, the last of them at `kept - 1`.
            let mut kept = 0;
            for r in 0..ms.len() {
                let m = ms[r];
                if kept > 0 && m.a < ms[kept - 1].b {
                    let last = &mut ms[kept - 1];
                    if m.b - m.a > last.b - last.a {
                        *last = m;
                    }
                    continue;
                }
                ms[kept] = m;
                kept += 1;
            }
            ms.truncate(kept);
        }
    });
}

/// Two conventions of place and organisation names:
/// * "Spokane, Washington": a name followed by a comma and a country or first-level region
///   is a city (a GPE), whatever the tagger guessed for an unknown word;
/// * "Bank of England", "University of Texas", "Ministry of Defence": an
///   organisation head word, "of", and a name are one ORG (or FAC) mention.
pub(crate) fn place_and_of_names(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    let n = cx.d.toks.len();
    let region = |j: usize| {
        cx.d.name_match(j).is_some_and(|g| {
            matches!(
                cx.lex.entries[g.entry as usize].cat,
                Cat::Country | Cat::Region
            )
        })
    };
    for m in ms.iter_mut() {
        if m.fixed || m.label != EntityLabel::Person {
            continue;
        }
        if m.b + 1 < n
            && cx.bytes(m.b) == b","
            && region(m.b + 1)
            && cx.para_of(m.b + 1) == cx.para_of(m.a)
        {
            m.label = EntityLabel::Gpe;
        }
    }
    let mut add: Vec<Mention> = Vec::new();
    // The head is a capitalised word: in a run. (Its head-word bits first: few have them.)
    let heads =
        cx.d.run_tokens()
            .filter(|&i| cx.d.toks[i].gaz_b & (Cat::OrgWord.bit() | Cat::FacWord.bit()) != 0);
    for i in heads.take_while(|&i| i + 2 < n) {
        let head = cx.d.toks[i].gaz_b;
        if head & (Cat::OrgWord.bit() | Cat::FacWord.bit()) == 0
            || !cx.capword(i)
            || cx.bytes(i + 1) != b"of"
            || !cx.capword(i + 2)
            || cx.d.title_case[cx.para_of(i)]
        {
            continue;
        }
        // The name after "of": a mention that starts there, or the capitalised words.
        let end = match ms.iter().find(|m| m.a == i + 2) {
            Some(m) => m.b,
            None => {
                let mut e = i + 2;
                while e < n && cx.capword(e) && cx.para_of(e) == cx.para_of(i) {
                    e += 1;
                }
                e
            }
        };
        // The head may be preceded by more of the name ("Roman Catholic Church of ...").
        let start = ms
            .iter()
            .find(|m| m.b == i + 1 && m.a <= i && !m.fixed)
            .map_or(i, |m| m.a);
        if ms.iter().any(|m| m.fixed && m.a < end && start < m.b)
            || ms.iter().any(|m| m.a < start && start < m.b)
        {
            continue;
        }
        let label = if head & Cat::OrgWord.bit() != 0 {
            EntityLabel::Org
        } else {
            EntityLabel::Fac
        };
        add.push(Mention::new(start, end, label));
    }
    if add.is_empty() {
        return;
    }
    let mut bits = Vec::new();
    let cov = Cover::new(&mut bits, n, &add);
    ms.retain(|m| !cov.any(m.a, m.b));
    extend_sorted(ms, &add);
    // Overlapping additions ("Bank of ... of ...") keep the first (in place: `kept`
    // mentions are kept).
    let mut kept = 0;
    for r in 0..ms.len() {
        if kept > 0 && ms[r].a < ms[kept - 1].b {
            continue;
        }
        ms[kept] = ms[r];
        kept += 1;
    }
    ms.truncate(kept);
}

/// In a headline in title case every word is capitalised, so the tagger sees names
/// everywhere ("... to Topple His Government"). A mention there is kept only when one of
/// its words is confirmed: by a mention in the body of the document, a gazetteer or a
/// given name.
pub(crate) fn title_case_lines(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    if !cx.d.title_case.iter().any(|&t| t) {
        return;
    }
    let in_title = |a: usize| cx.d.title_case[cx.para_of(a)];
    let mut body: IdMap<()> = IdMap::default();
    for m in ms.iter().filter(|m| !in_title(m.a)) {
        for &h in &cx.d.exact[m.a..m.b] {
            body.insert(h, ());
        }
    }
    let names = [
        Cat::Country,
        Cat::Region,
        Cat::City,
        Cat::Place,
        Cat::Org,
        Cat::Media,
        Cat::Norp,
        Cat::Language,
        Cat::FirstName,
        Cat::User,
    ]
    .iter()
    .fold(0u32, |m, c| m | c.bit());
    ms.retain(|m| {
        if m.fixed || !is_name_label(m.label) || !in_title(m.a) {
            return true;
        }
        (m.a..m.b).any(|j| {
            cx.d.toks[j].cap
                && (body.contains_key(&cx.d.exact[j]) || cx.d.toks[j].gaz() & names != 0)
        })
    });
}

/// The entities of the output: mentions with their text offsets, names and values (only
/// those of `labels` when given, and none whose text or name is in `exclude`).
pub(crate) fn entities(
    cx: &Ctx<'_>,
    ms: &mut Vec<Mention>,
    labels: Option<&[EntityLabel]>,
    exclude: &[String],
) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::with_capacity(ms.len());
    // The mentions come in order (sorted by tokens): the order and the duplicates are
    // checked as they come, which is cheaper than a sort's setup, and a duplicate of
    // the last mention costs no name.
    let mut sorted = true;
    for m in ms.drain(..) {
        if let Some(ls) = labels
            && !ls.contains(&m.label)
        {
            continue;
        }
        let span = Span::new(
            cx.d.toks[m.a].start as usize,
            cx.d.toks[m.b - 1].end as usize,
        );
        if let Some(last) = out.last() {
            if last.span == span {
                continue;
            }
            sorted &= (last.span.start, last.span.end) <= (span.start, span.end);
        }
        let surface = span.slice(cx.text);
        // A bare small number is no date without a month or a year beside it.
        if m.label == EntityLabel::Date
            && surface.len() < 4
            && surface.bytes().all(|b| b.is_ascii_digit())
        {
            continue;
        }
        let name = match m.name {
            Some(n) => cx.name_string(n),
            None => surface.to_string(),
        };
        if !exclude.is_empty() {
            let (s, n) = (surface.to_lowercase(), name.to_lowercase());
            if exclude.iter().any(|x| *x == s || *x == n) {
                continue;
            }
        }
        let value = match m.label {
            EntityLabel::Date => crate::temporal::date_value(surface),
            EntityLabel::Time => crate::temporal::time_value(surface),
            _ => None,
        };
        out.push(Entity {
            span,
            label: m.label,
            name,
            value,
        });
    }
    if !sorted {
        out.sort_by_key(|e| (e.span.start, e.span.end));
        out.dedup_by_key(|e| e.span);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test finds the texts a byte at a time would (as first written).
    #[test]
    fn odd_spaces_as_bytewise() {
        let slow = |t: &[u8]| {
            t.iter().enumerate().any(|(k, &b)| {
                (b <= b' ' && (b != b' ' || t.get(k + 1) == Some(&b' '))) || b >= 0x80
            })
        };
        let alphabet = [
            b'a', b'Z', b' ', b'.', b'\t', b'\n', 0x1f, 0x7f, 0x80, 0xc3, b'!', b'~',
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            let t: Vec<u8> = (0..len)
                .map(|k| {
                    let r = (seed >> (k % 50)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 59;
                    // Mostly letters and spaces: double spaces at every offset.
                    alphabet[if r < 20 {
                        (r % 3) as usize
                    } else {
                        (r % 12) as usize
                    }]
                })
                .collect();
            assert_eq!(odd_spaces(&t), slow(&t), "{t:?}");
        }
        for t in [
            &b"Hun Sen"[..],
            b"Hun  Sen",
            b"New York  ",
            b"abcdefg  hij",
            b"abcdefgh ij",
        ] {
            assert_eq!(odd_spaces(t), slow(t), "{t:?}");
        }
    }

    #[test]
    fn labels_in_declaration_order() {
        for (i, &l) in LABELS.iter().enumerate() {
            assert_eq!(label_index(l), i, "{l:?}");
        }
    }

    #[test]
    fn days_before_months() {
        for d in ["1", "03", "21st", "2nd", "23rd", "31", "4th"] {
            assert!(is_day_number(d), "{d}");
        }
        for d in ["0", "32", "100", "2020", "1.5", "3x", "", "th"] {
            assert!(!is_day_number(d), "{d}");
        }
    }

    /// The label a mention of label `li` takes with votes `v` (None: it keeps its own),
    /// as first written: the best (votes, own label) pair, the last of equals.
    fn vote_reference(v: &[u32; 13], li: usize) -> Option<usize> {
        let (best, &n) = v
            .iter()
            .enumerate()
            .max_by_key(|&(i, n)| (n, i == li))
            .unwrap_or((li, &0));
        (n > v[li]).then_some(best)
    }

    #[test]
    fn votes_as_first_written() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..5000 {
            let mut v = [0u32; 13];
            for x in &mut v {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Few distinct counts: many ties.
                *x = (seed % 4) as u32 * u32::from(seed.is_multiple_of(3));
            }
            v[(seed >> 20) as usize % 13] += 1;
            let (best, most) = most_votes(&v);
            for (li, &own) in v.iter().enumerate() {
                let fast = (own < most).then_some(best);
                assert_eq!(fast, vote_reference(&v, li), "{v:?} {li}");
            }
        }
    }
}
