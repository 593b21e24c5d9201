//! From tags to mentions: title stripping, gazetteer and acronym mentions, document-level
//! label consistency, propagation of names to their other mentions, and canonical names.

use std::collections::{HashMap, HashSet};

use presslens_core::EntityLabel;

use crate::features::DocTokens;
use crate::lexicon::{Cat, Lexicon};
use crate::model::{LABELS, tag_info};
use crate::tokenize::Kind;

/// A mention as token range while the document is resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    /// First token.
    pub a: usize,
    /// One past the last token.
    pub b: usize,
    pub label: EntityLabel,
    /// Canonical name, once known.
    pub name: Option<String>,
    /// Set by a user gazetteer: never relabelled.
    pub fixed: bool,
}

/// Mentions from a paragraph's tags.
pub(crate) fn spans_from_tags(tags: &[u8], offset: usize, out: &mut Vec<Mention>) {
    let mut cur: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match tag_info(t as usize) {
            Some((l, false)) if cur.is_some_and(|(_, cl)| cl == l) => {}
            info => {
                if let Some((s, l)) = cur.take() {
                    out.push(Mention {
                        a: offset + s,
                        b: offset + i,
                        label: LABELS[l],
                        name: None,
                        fixed: false,
                    });
                }
                if let Some((l, _)) = info {
                    cur = Some((i, l));
                }
            }
        }
    }
    if let Some((s, l)) = cur {
        out.push(Mention {
            a: offset + s,
            b: offset + tags.len(),
            label: LABELS[l],
            name: None,
            fixed: false,
        });
    }
}

fn is_name_label(l: EntityLabel) -> bool {
    !matches!(l, EntityLabel::Date | EntityLabel::Time)
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

    /// The mention's text without a leading "the" and trailing possessive.
    pub(crate) fn surface(&self, m: &Mention) -> String {
        let s = self.d.toks[m.a].start as usize;
        let e = self.d.toks[m.b - 1].end as usize;
        let t = self.text.get(s..e).unwrap_or("");
        let t = t
            .strip_prefix("the ")
            .or_else(|| t.strip_prefix("The "))
            .unwrap_or(t);
        t.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn para_of(&self, i: usize) -> usize {
        self.d.paras.partition_point(|&(_, e)| e <= i)
    }

    fn para_end(&self, i: usize) -> usize {
        self.d.paras.get(self.para_of(i)).map_or(0, |p| p.1)
    }

    /// Is token `i` a word that may be part of a name (capitalised, or a number)?
    fn capword(&self, i: usize) -> bool {
        let t = &self.d.toks[i];
        t.kind == Kind::Word && t.cap
    }
}

/// Remove titles from the start of PERSON mentions and punctuation or possessives from
/// the ends of every mention.
pub(crate) fn trim(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    for m in ms.iter_mut() {
        loop {
            if m.a >= m.b {
                break;
            }
            let t = &cx.d.toks[m.a];
            if matches!(t.kind, Kind::Punct | Kind::Quote) {
                m.a += 1;
                continue;
            }
            if m.label == EntityLabel::Person && m.b - m.a > 1 {
                // The longest title phrase at the start.
                let mut cut = 0;
                let mut found = Vec::new();
                cx.lex.matches_at(&cx.d.exact, &cx.d.lower, m.a, &mut found);
                for f in &found {
                    if cx.lex.entries[f.entry as usize].cat == Cat::Title
                        && (f.len as usize) < m.b - m.a
                    {
                        cut = cut.max(f.len as usize);
                    }
                }
                if cut > 0 {
                    m.a += cut;
                    continue;
                }
            }
            break;
        }
        while m.b > m.a {
            let t = &cx.d.toks[m.b - 1];
            let s = t.text(cx.text);
            if matches!(t.kind, Kind::Punct | Kind::Quote)
                || (is_name_label(m.label) && matches!(s, "'s" | "’s" | "'S" | "’S"))
            {
                m.b -= 1;
            } else {
                break;
            }
        }
    }
    ms.retain(|m| m.a < m.b);
}

fn covered(ms: &[Mention], a: usize, b: usize) -> bool {
    ms.iter().any(|m| m.a < b && a < m.b)
}

fn sort(ms: &mut [Mention]) {
    ms.sort_by_key(|m| (m.a, m.b));
}

/// Names from the gazetteers where the tagger found nothing.
pub(crate) fn add_gazetteer(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    let mut add = Vec::new();
    let mut i = 0;
    while i < cx.d.toks.len() {
        if let Some(m) = cx.d.name_match[i] {
            let b = i + m.len as usize;
            let e = &cx.lex.entries[m.entry as usize];
            if let Some(label) = e.label
                && !covered(ms, i, b)
                && b <= cx.para_end(i)
            {
                // A name followed by more capitalised words is part of a longer name the
                // tagger chose not to report ("Texas" in "Texas Instruments").
                let longer = b < cx.para_end(i) && cx.capword(b) && e.cat != Cat::User;
                let before = i > 0 && cx.capword(i - 1) && !cx.d.toks[i - 1].sent_start;
                if !longer && !(before && e.cat != Cat::Norp) {
                    add.push(Mention {
                        a: i,
                        b,
                        label,
                        name: Some(e.canonical.clone()),
                        fixed: e.cat == Cat::User,
                    });
                }
                i = b;
                continue;
            }
        }
        i += 1;
    }
    ms.extend(add);
    sort(ms);
}

/// User gazetteer entries win over the tagger wherever they match.
pub(crate) fn apply_user(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    let mut users = Vec::new();
    for i in 0..cx.d.toks.len() {
        if let Some(m) = cx.d.name_match[i] {
            let e = &cx.lex.entries[m.entry as usize];
            if e.cat == Cat::User {
                users.push(Mention {
                    a: i,
                    b: i + m.len as usize,
                    label: e.label.unwrap_or(EntityLabel::Org),
                    name: Some(e.canonical.clone()),
                    fixed: true,
                });
            }
        }
    }
    if users.is_empty() {
        return;
    }
    ms.retain(|m| !covered(&users, m.a, m.b));
    ms.extend(users);
    sort(ms);
}

/// "Cambodia National Rescue Party (CNRP)": the bracketed acronym is a mention of the same
/// entity (later uses of it are found by [`propagate`]). Returns the acronyms introduced.
pub(crate) fn acronyms(cx: &Ctx<'_>, ms: &mut Vec<Mention>) -> HashSet<String> {
    let mut set = HashSet::new();
    let mut add = Vec::new();
    for m in ms.iter() {
        let i = m.b;
        if !is_name_label(m.label) || i + 2 >= cx.d.toks.len() {
            continue;
        }
        if cx.tok(i) != "(" || cx.tok(i + 2) != ")" {
            continue;
        }
        let acr = cx.tok(i + 1);
        let letters: String = acr.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() < 2 || !letters.chars().all(char::is_uppercase) || letters.len() > 10 {
            continue;
        }
        // The acronym's first letter should start one of the name's words.
        let first = letters.chars().next().unwrap_or(' ');
        if !(m.a..m.b).any(|j| cx.tok(j).starts_with(first)) {
            continue;
        }
        set.insert(acr.to_string());
        if !covered(ms, i + 1, i + 2) {
            add.push(Mention {
                a: i + 1,
                b: i + 2,
                label: m.label,
                name: None,
                fixed: false,
            });
        }
    }
    ms.extend(add);
    sort(ms);
    set
}

/// Document-level consistency: a string typed more often one way keeps that type.
pub(crate) fn vote_labels(cx: &Ctx<'_>, ms: &mut [Mention]) {
    let mut votes: HashMap<String, [u32; 13]> = HashMap::new();
    for m in ms.iter() {
        if is_name_label(m.label) {
            let li = LABELS.iter().position(|&l| l == m.label).unwrap_or(0);
            votes.entry(cx.surface(m)).or_insert([0; 13])[li] += 1 + 2 * u32::from(m.fixed);
        }
    }
    for m in ms.iter_mut() {
        if m.fixed || !is_name_label(m.label) {
            continue;
        }
        if let Some(v) = votes.get(&cx.surface(m)) {
            let li = LABELS.iter().position(|&l| l == m.label).unwrap_or(0);
            let (best, &n) = v
                .iter()
                .enumerate()
                .max_by_key(|&(i, n)| (n, i == li))
                .unwrap_or((li, &0));
            if n > v[li] && is_name_label(LABELS[best]) {
                m.label = LABELS[best];
            }
        }
    }
}

/// Other mentions of names found once: uncovered repeats of a name's exact tokens, and a
/// person's surname (or, for names written family name first, the family name) alone.
pub(crate) fn propagate(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    // Token-hash sequences of known names, with their label.
    let mut known: HashMap<Vec<u64>, EntityLabel> = HashMap::new();
    let mut parts: HashMap<u64, EntityLabel> = HashMap::new();
    for m in ms.iter() {
        if !is_name_label(m.label) {
            continue;
        }
        let toks = &cx.d.toks[m.a..m.b];
        if !toks.iter().any(|t| t.cap) || m.b - m.a > 8 {
            continue;
        }
        known.entry(cx.d.exact[m.a..m.b].to_vec()).or_insert(m.label);
        if m.label == EntityLabel::Person && m.b - m.a >= 2 {
            let last = m.b - 1;
            if cx.capword(last) && cx.tok(last).chars().count() > 1 {
                parts.entry(cx.d.exact[last]).or_insert(EntityLabel::Person);
            }
        }
    }
    if known.is_empty() {
        return;
    }
    let mut add = Vec::new();
    let n = cx.d.toks.len();
    let mut i = 0;
    while i < n {
        if !cx.capword(i) || covered(ms, i, i + 1) {
            i += 1;
            continue;
        }
        // Longest known name starting here.
        let pe = cx.para_end(i);
        let mut best: Option<(usize, EntityLabel)> = None;
        for len in (1..=8.min(pe - i)).rev() {
            if let Some(&l) = known.get(&cx.d.exact[i..i + len]) {
                if !covered(ms, i, i + len) {
                    best = Some((len, l));
                }
                break;
            }
        }
        if best.is_none()
            && let Some(&l) = parts.get(&cx.d.exact[i])
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
                add.push(Mention {
                    a: i,
                    b,
                    label,
                    name: None,
                    fixed: false,
                });
                i = b;
                continue;
            }
        }
        i += 1;
    }
    ms.extend(add);
    sort(ms);
}

/// Canonical names: the fullest form in the document of each entity.
pub(crate) fn canonical(cx: &Ctx<'_>, ms: &mut [Mention], acronyms: &HashSet<String>) {
    let surfaces: Vec<String> = ms.iter().map(|m| cx.surface(m)).collect();
    let words: Vec<Vec<&str>> = surfaces.iter().map(|s| s.split(' ').collect()).collect();
    // Gazetteer canonical names for exact alias matches.
    for (k, m) in ms.iter_mut().enumerate() {
        if m.name.is_some() || !is_name_label(m.label) {
            continue;
        }
        let mut a = m.a;
        if matches!(cx.tok(a), "the" | "The") && a + 1 < m.b {
            a += 1;
        }
        if let Some(g) = cx.d.name_match[a]
            && a + g.len as usize == m.b
        {
            let e = &cx.lex.entries[g.entry as usize];
            let compatible = match e.label {
                Some(l) => {
                    l == m.label
                        || (matches!(l, EntityLabel::Gpe | EntityLabel::Loc)
                            && matches!(m.label, EntityLabel::Gpe | EntityLabel::Loc | EntityLabel::Org))
                }
                None => false,
            };
            if compatible && e.cat != Cat::Norp {
                m.name = Some(e.canonical.clone());
            }
        }
        let _ = k;
    }
    // Acronyms introduced in brackets take the long form's name.
    let long_forms: HashMap<&str, String> = ms
        .iter()
        .enumerate()
        .filter_map(|(k, m)| {
            let b = m.b;
            (b + 2 < cx.d.toks.len() && cx.tok(b) == "(" && cx.tok(b + 2) == ")")
                .then(|| (cx.tok(b + 1), m.name.clone().unwrap_or_else(|| surfaces[k].clone())))
        })
        .filter(|(acr, _)| acronyms.contains(*acr))
        .collect();
    // Shorter names take the longest name of the same label that contains them as a run
    // of words (the nearest one before, when several do).
    let n = ms.len();
    let mut names: Vec<Option<String>> = vec![None; n];
    for k in 0..n {
        let m = &ms[k];
        if !is_name_label(m.label) {
            continue;
        }
        if let Some(long) = long_forms.get(surfaces[k].as_str()) {
            names[k] = Some(long.clone());
            continue;
        }
        if m.name.is_some() {
            continue;
        }
        let w = &words[k];
        let mut best: Option<usize> = None;
        for j in 0..n {
            if j == k || ms[j].label != m.label || words[j].len() <= w.len() {
                continue;
            }
            let contains = words[j].windows(w.len()).any(|win| win == w.as_slice());
            if !contains {
                continue;
            }
            let better = match best {
                None => true,
                Some(b) => {
                    let (lj, lb) = (words[j].len(), words[b].len());
                    lj > lb
                        || (lj == lb && {
                            // Prefer the nearest earlier mention.
                            let dj = if ms[j].a <= m.a { m.a - ms[j].a } else { usize::MAX / 2 + ms[j].a };
                            let db = if ms[b].a <= m.a { m.a - ms[b].a } else { usize::MAX / 2 + ms[b].a };
                            dj < db
                        })
                }
            };
            if better {
                best = Some(j);
            }
        }
        if let Some(j) = best {
            names[k] = Some(ms[j].name.clone().unwrap_or_else(|| surfaces[j].clone()));
        }
    }
    for (k, m) in ms.iter_mut().enumerate() {
        if let Some(nm) = names[k].take() {
            m.name = Some(nm);
        } else if m.name.is_none() {
            m.name = Some(surfaces[k].clone());
        }
    }
}

/// A mention whose whole text is a gazetteer name takes the gazetteer's type where the
/// tagger's guess is the fallback for unknown capitalised words (PERSON), and a
/// nationality word alone is a NORP.
pub(crate) fn gazetteer_types(cx: &Ctx<'_>, ms: &mut [Mention]) {
    for m in ms.iter_mut() {
        if m.fixed || !is_name_label(m.label) {
            continue;
        }
        let mut a = m.a;
        if matches!(cx.tok(a), "the" | "The") && a + 1 < m.b {
            a += 1;
        }
        let Some(g) = cx.d.name_match[a] else {
            continue;
        };
        if a + g.len as usize != m.b {
            continue;
        }
        let e = &cx.lex.entries[g.entry as usize];
        let Some(label) = e.label else {
            continue;
        };
        if e.cat == Cat::Norp {
            if matches!(m.label, EntityLabel::Person | EntityLabel::Gpe | EntityLabel::Org) {
                m.label = EntityLabel::Norp;
            }
        } else if m.label == EntityLabel::Person {
            m.label = label;
        }
    }
}

/// Words of match reports: a document with many of them is about sport.
const SPORT_WORDS: &[&str] = &[
    "match", "goal", "goals", "scored", "scoring", "penalty", "striker", "midfielder",
    "goalkeeper", "defender", "referee", "tournament", "championship", "league", "cup",
    "kick", "minute", "half-time", "halftime", "equaliser", "equalizer", "innings", "wicket",
    "touchdown", "quarterback", "coach", "squad", "semi-final", "semifinal", "final",
    "qualifier", "fixture", "stadium", "points", "draw", "defeated", "beat", "win", "won",
];

/// Verbs of which a country is the subject when it stands for its government.
const GOVERNMENT_VERBS: &[&str] = &[
    "said", "says", "stated", "announced", "warned", "threatened", "accused", "fired",
    "launched", "demanded", "denied", "condemned", "vowed", "urged", "evacuated",
    "responded", "retaliated", "declared", "insisted", "rejected", "confirmed", "claimed",
    "told", "deployed", "sanctioned", "expelled", "recalled", "protested", "refused",
    "agreed", "signed", "ratified", "invaded", "attacked", "bombed", "struck", "shelled",
    "vetoed", "pledged", "promised", "offered", "proposed", "negotiated",
];

/// GUM's (and OntoNotes') convention: a country standing for a team (in a sports report)
/// or for its government (the subject of "said", "fired", "warned", ...) is an ORG.
pub(crate) fn metonymy(cx: &Ctx<'_>, ms: &mut [Mention]) {
    let sport: Vec<u64> = SPORT_WORDS.iter().map(|w| crate::lexicon::hash_lower(w)).collect();
    let gov: Vec<u64> = GOVERNMENT_VERBS
        .iter()
        .map(|w| crate::lexicon::hash_lower(w))
        .collect();
    let mut hits = 0usize;
    let mut kinds = HashSet::new();
    for (i, t) in cx.d.toks.iter().enumerate() {
        if t.kind == Kind::Word && !t.cap && sport.contains(&cx.d.lower[i]) {
            hits += 1;
            kinds.insert(cx.d.lower[i]);
        }
    }
    let words = cx.d.toks.iter().filter(|t| t.kind == Kind::Word).count();
    let sports_doc = kinds.len() >= 6 && hits * 60 >= words;
    for m in ms.iter_mut() {
        if m.fixed || !matches!(m.label, EntityLabel::Gpe | EntityLabel::Norp) {
            continue;
        }
        let Some(g) = cx.d.name_match[m.a] else {
            continue;
        };
        if m.a + g.len as usize != m.b {
            continue;
        }
        let cat = cx.lex.entries[g.entry as usize].cat;
        let country = cat == Cat::Country;
        // A plural people noun ("the Belgians") in a match report is the team.
        let people = cat == Cat::Norp && cx.tok(m.b - 1).ends_with('s');
        if !(country || people) {
            continue;
        }
        // Where a place is meant: "in Belgium", "at the border of Panama".
        let prev = if m.a > 0 { cx.tok(m.a - 1) } else { "" };
        let place = matches!(
            prev,
            "in" | "In" | "at" | "from" | "to" | "into" | "across" | "near" | "of" | "visit" | "visited"
        );
        if sports_doc && !place && (country || people) {
            m.label = EntityLabel::Org;
            continue;
        }
        if country && m.b < cx.d.toks.len() {
            let mut j = m.b;
            if matches!(cx.tok(j), "has" | "had" | "have" | "will" | "would" | "also" | "then") && j + 1 < cx.d.toks.len() {
                j += 1;
            }
            if gov.contains(&cx.d.lower[j]) && !place {
                m.label = EntityLabel::Org;
            }
        }
    }
}

/// Is there a person's title just before token `a` ("President", "Mr.", "Gen.")?
fn title_before(cx: &Ctx<'_>, a: usize) -> bool {
    let (ps, _) = cx.d.paras.get(cx.para_of(a)).copied().unwrap_or((0, 0));
    let mut found = Vec::new();
    for len in 1..=3usize {
        if a < ps + len {
            break;
        }
        found.clear();
        cx.lex.matches_at(&cx.d.exact, &cx.d.lower, a - len, &mut found);
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
/// with no sign of being a person anywhere in the document (no given name, no title, never
/// more than one word) but with a sign of being a thing ("the Sea Org", a word ending in
/// "-ology") is re-typed: an ORG, or nothing for a plural ("the Polaroids").
pub(crate) fn check_persons(cx: &Ctx<'_>, ms: &mut Vec<Mention>) {
    let mut groups: HashMap<String, (bool, bool, bool)> = HashMap::new();
    for m in ms.iter() {
        if m.label != EntityLabel::Person || m.fixed {
            continue;
        }
        let name = m.name.clone().unwrap_or_default();
        let g = groups.entry(name).or_insert((false, false, true));
        let first_name = cx.d.gaz_b[m.a] & Cat::FirstName.bit() != 0;
        let multi = m.b - m.a >= 2;
        if (first_name && multi) || title_before(cx, m.a) {
            g.0 = true;
        }
        let prev = if m.a > 0 { cx.tok(m.a - 1) } else { "" };
        let w = cx.tok(m.a).to_ascii_lowercase();
        if matches!(prev, "the" | "The")
            || (!multi && ["ology", "ism", "ity", "ics", "tion", "ment"].iter().any(|s| w.ends_with(s)))
        {
            g.1 = true;
        }
        if multi || !cx.tok(m.b - 1).ends_with('s') {
            g.2 = false;
        }
    }
    let mut drop = HashSet::new();
    for (k, m) in ms.iter_mut().enumerate() {
        if m.label != EntityLabel::Person || m.fixed {
            continue;
        }
        let Some(&(person, thing, plural)) = m.name.as_ref().and_then(|n| groups.get(n)) else {
            continue;
        };
        if !person && thing {
            if plural {
                drop.insert(k);
            } else {
                m.label = EntityLabel::Org;
            }
        }
    }
    if !drop.is_empty() {
        let mut k = 0;
        ms.retain(|_| {
            k += 1;
            !drop.contains(&(k - 1))
        });
    }
}
