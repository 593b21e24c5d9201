//! Canonical speaker names: proper names chained within the document ("Vega" after
//! "Maria Vega"), pronouns resolved to the most recent compatible person or
//! organisation using gender evidence, and descriptions ("the premier", "the Oregon
//! senator") resolved to the entity introduced with that role. With an `entities` layer,
//! its mentions and canonical names are used instead of the stage's own name finding.

use presslens_core::{Entities, EntityLabel, ParagraphKind, Span};

use crate::doc::{Ctx, shape};
use crate::lexicon::{FxMap, Gender, class};
use crate::np::NpKind;

/// Where an entity's canonical name comes from: the tokens of its longest mention, or the
/// `entities` layer. The text is made only when a speaker needs it.
#[derive(Debug, Clone)]
enum Name {
    Tokens(u32, u32),
    Owned(String),
}

/// An entity of the document: a chain of name mentions.
#[derive(Debug, Clone)]
struct Entity {
    name: Name,
    /// Hashes of the lower-cased words of the longest name.
    words: Vec<u64>,
    gender: Gender,
    person: bool,
    /// Evidence that it is a person: a title, a given name, a role, a pronoun that
    /// referred to it, or having spoken. A bare name ("Cambodia") has none.
    strong: bool,
    org: bool,
    /// Which pronouns of a group can refer to it: [`class::PRON_N`] ("it": a company, a
    /// country) and [`class::PRON_P`] ("they": a company, "Democrats"). A demonym used as
    /// an adjective ("the Canadian workforce") is neither; "they" rarely means a
    /// country.
    group_pron: u64,
    /// Hashes of the role nouns it was introduced with ("premier", "senator").
    roles: Vec<u64>,
}

/// A mention of a named entity.
#[derive(Debug, Clone, Copy)]
struct Mention {
    tok_first: u32,
    tok_end: u32,
    entity: usize,
}

/// The document's named entities and the state of resolution.
#[derive(Debug)]
pub(crate) struct Resolver {
    entities: Vec<Entity>,
    /// Mentions in text order.
    mentions: Vec<Mention>,
    /// Speakers resolved so far: (token position, entity).
    speakers: Vec<(u32, usize)>,
    /// Entities by the words of their names, for chaining mentions without comparing each
    /// with every earlier one.
    by_word: FxMap<u64, u32>,
    /// Position of each entity's latest mention so far.
    last_seen: Vec<u32>,
}

impl Resolver {
    /// Find the names of the document (from the `entities` layer when given).
    pub(crate) fn new(ctx: &Ctx<'_>, layer: Option<&Entities>) -> Resolver {
        let mut r = Resolver {
            entities: Vec::new(),
            mentions: Vec::new(),
            speakers: Vec::new(),
            by_word: FxMap::default(),
            last_seen: Vec::new(),
        };
        match layer {
            Some(ents) => r.load_layer(ctx, ents),
            None => r.find_names(ctx),
        }
        r.gather_evidence(ctx);
        r
    }

    fn load_layer(&mut self, ctx: &Ctx<'_>, ents: &Entities) {
        // Entities by canonical name: mentions of one entity share it.
        let mut by_name: FxMap<&str, usize> = FxMap::default();
        for e in &ents.mentions {
            if e.name.trim().is_empty() {
                continue;
            }
            let (person, org) = match e.label {
                EntityLabel::Person => (true, false),
                EntityLabel::Org | EntityLabel::Norp | EntityLabel::Gpe => (false, true),
                _ => continue,
            };
            let group_pron = match e.label {
                EntityLabel::Org => class::PRON_N | class::PRON_P,
                EntityLabel::Gpe => class::PRON_N,
                // "Democrats", "Palestinians": a plural group; "Canadian" is an adjective.
                EntityLabel::Norp if span_is_plural(ctx, e.span) => class::PRON_P,
                _ => 0,
            };
            let tf = ctx.layer.first_token_from(e.span.start) as u32;
            let te = ctx.layer.first_token_from(e.span.end) as u32;
            if te <= tf {
                continue;
            }
            let idx = match by_name.get(e.name.as_str()) {
                Some(&i) => i,
                None => {
                    self.entities.push(Entity {
                        name: Name::Owned(e.name.clone()),
                        words: e.name.split_whitespace().map(word_hash).collect(),
                        gender: Gender::Unknown,
                        person,
                        org,
                        group_pron,
                        strong: person,
                        roles: Vec::new(),
                    });
                    self.last_seen.push(0);
                    by_name.insert(&e.name, self.entities.len() - 1);
                    self.entities.len() - 1
                }
            };
            self.mentions.push(Mention {
                tok_first: tf,
                tok_end: te,
                entity: idx,
            });
        }
    }

    /// Runs of capitalised words outside quotations, titles left out, chained by shared
    /// words.
    fn find_names(&mut self, ctx: &Ctx<'_>) {
        let layer = ctx.layer;
        let mut words: Vec<u64> = Vec::new();
        for (pi, p) in layer.paragraphs.iter().enumerate() {
            // Headlines capitalise every word, and boilerplate is not the story.
            if p.kind == ParagraphKind::Headline || p.kind.is_boilerplate() {
                continue;
            }
            for sent in layer.paragraph_sentences(pi) {
                self.sentence_names(ctx, sent.first_token, sent.end_token, &mut words);
            }
        }
    }

    /// The names of one sentence: a name never runs over a sentence's end.
    fn sentence_names(&mut self, ctx: &Ctx<'_>, first: u32, end: u32, words: &mut Vec<u64>) {
        let mut t = first;
        while t < end {
            let f = ctx.f[t as usize];
            if f.shape & shape::CAP == 0 || !ctx.is_name_word(t, NOT_IN_NAMES) {
                t += 1;
                continue;
            }
            let mut e = t + 1;
            while e < end
                && (ctx.is_name_word(e, NOT_IN_NAMES)
                    || (ctx.has_lower(e, class::NAME_PARTICLE)
                        && e + 1 < end
                        && ctx.is_name_word(e + 1, NOT_IN_NAMES)))
            {
                e += 1;
            }
            // Titles at the start.
            let s = ctx.skip_titles(t as usize, e as usize, |i| Some(i as u32)) as u32;
            let sentence_initial =
                t == first || (t > 0 && ctx.f[t as usize - 1].shape & shape::QUOTE != 0);
            let single = e - s == 1;
            // A run of more than eight capitalised words is a title or shouting, not a
            // name.
            if e - s > 8 {
                t = e;
                continue;
            }
            // A lone capitalised word opening a sentence is usually not a name ("Critics
            // say"), unless it is unknown to the lexicon, not a plural, and a verb follows
            // ("Smith repeated", "Vega said").
            let likely_name = single
                && f.flags & !class::NARROW == 0
                && !ctx.word(s).ends_with('s')
                && ctx.f.get(e as usize).is_some_and(|n| {
                    n.is_word() && !n.is_cap() && !n.has(class::DET | class::PREP)
                });
            let lone_opener =
                single && sentence_initial && !f.has(class::FIRST_NAME) && !likely_name;
            let initial = single && f.shape & shape::ALLCAPS != 0 && ctx.word(s).len() <= 1;
            let keep =
                s < e && !lone_opener && !initial && ctx.qid[t as usize] == crate::marks::NONE;
            if keep {
                words.clear();
                words.extend((s..e).map(|i| word_hash(ctx.word(i))));
                self.add_mention(ctx, s, e, words);
            }
            t = e;
        }
    }

    fn add_mention(&mut self, ctx: &Ctx<'_>, s: u32, e: u32, words: &[u64]) {
        let (Some(&first), Some(&last)) = (words.first(), words.last()) else {
            return;
        };
        let org = (s..e).any(|i| ctx.f[i as usize].has(class::ORG));
        // The most recent entity sharing this name: "Vega" → "Maria Vega"; a longer
        // name extends a shorter one seen before ("Hale" then "Tom Hale").
        let mut best: Option<usize> = None;
        for key in [first, last] {
            if let Some(&c) = self.by_word.get(&key) {
                let c = c as usize;
                let ent = &self.entities[c];
                let fits = is_run(words, &ent.words)
                    || (is_run(&ent.words, words) && ent.words.last() == Some(&last));
                if fits && best.is_none_or(|b| self.last_seen[c] > self.last_seen[b]) {
                    best = Some(c);
                }
            }
        }
        let idx = match best {
            Some(i) => {
                if words.len() > self.entities[i].words.len() {
                    self.entities[i].words.clear();
                    self.entities[i].words.extend_from_slice(words);
                    self.entities[i].name = Name::Tokens(s, e);
                    self.index(i);
                }
                i
            }
            None => {
                self.entities.push(Entity {
                    name: Name::Tokens(s, e),
                    words: words.to_vec(),
                    gender: Gender::Unknown,
                    person: !org,
                    org,
                    group_pron: if org {
                        class::PRON_N | class::PRON_P
                    } else {
                        0
                    },
                    strong: false,
                    roles: Vec::new(),
                });
                self.last_seen.push(0);
                let i = self.entities.len() - 1;
                self.index(i);
                i
            }
        };
        self.last_seen[idx] = s;
        // The latest entity for each of its words.
        for &w in words {
            self.by_word.insert(w, idx as u32);
        }
        self.mentions.push(Mention {
            tok_first: s,
            tok_end: e,
            entity: idx,
        });
    }

    /// Index entity `i` under each word of its name.
    fn index(&mut self, i: usize) {
        for k in 0..self.entities[i].words.len() {
            let w = self.entities[i].words[k];
            self.by_word.insert(w, i as u32);
        }
    }

    /// Titles, given names and roles before or after each mention: gender and role
    /// evidence ("Mr. Ban", "spokeswoman Jane Doe", "Hun Sen, the prime minister").
    fn gather_evidence(&mut self, ctx: &Ctx<'_>) {
        for m in &self.mentions {
            let ent = &mut self.entities[m.entity];
            // Given name.
            let first = ctx.f[m.tok_first as usize];
            if first.has(class::FIRST_NAME) && m.tok_end - m.tok_first >= 2 {
                set_gender(ent, first.flags);
                ent.strong = !ent.org;
            }
            // Words before: titles and role nouns ("Prime Minister", "pollster").
            let mut k = m.tok_first;
            let mut steps = 0;
            while k > 0 && steps < 4 {
                k -= 1;
                steps += 1;
                let f = ctx.f[k as usize];
                if !f.is_word()
                    || f.has(class::FUNCTION | class::DET | class::PRONOUN) && !f.has(class::TITLE)
                {
                    break;
                }
                if f.has(class::TITLE | class::ROLE) {
                    ent.person = ent.person || !ent.org;
                    ent.strong = !ent.org;
                    set_gender(ent, f.flags);
                    let w = word_hash(ctx.word(k));
                    if let Some((g, roles)) = ctx.lex.title_roles.get(&w) {
                        if *g != Gender::Unknown {
                            ent.gender = *g;
                        }
                        for &r in roles {
                            push_role(ent, r);
                        }
                    }
                    if f.has(class::ROLE) {
                        push_role(ent, w);
                    }
                }
            }
            // An apposition after: "Am Sam Ath, a monitoring supervisor for ...".
            let mut k = m.tok_end;
            if ctx.word(k.min(ctx.layer.tokens.len() as u32 - 1)) == "," {
                k += 1;
                let mut steps = 0;
                while (k as usize) < ctx.layer.tokens.len() && steps < 8 {
                    let f = ctx.f[k as usize];
                    if !f.is_word() && f.shape & shape::NUM == 0 {
                        break;
                    }
                    if f.has(class::ROLE | class::TITLE) && !f.is_cap() || f.has(class::ROLE) {
                        ent.person = ent.person || !ent.org;
                        ent.strong = !ent.org;
                        // A role noun's gender is among its flags ("spokeswoman").
                        set_gender(ent, f.flags);
                        push_role(ent, word_hash(ctx.word(k)));
                    }
                    if f.has(class::PREP) {
                        break;
                    }
                    k += 1;
                    steps += 1;
                }
            }
        }
    }

    /// The canonical name for a speaker phrase, recording it as the latest speaker.
    pub(crate) fn resolve(
        &mut self,
        ctx: &Ctx<'_>,
        mention: (u32, u32),
        name: Option<(u32, u32)>,
        kind: NpKind,
    ) -> String {
        let found = match kind {
            NpKind::Name => {
                let (a, b) = name.unwrap_or(mention);
                self.entity_at(a, b).or_else(|| {
                    // A name we did not list (inside a quotation, at a sentence start):
                    // chain it now.
                    let words: Vec<u64> = (a..b).map(|i| word_hash(ctx.word(i))).collect();
                    self.mentions
                        .iter()
                        .rev()
                        .find(|m| is_run(&words, &self.entities[m.entity].words))
                        .map(|m| m.entity)
                })
            }
            NpKind::Pronoun(flags) => self.pronoun(mention.0, flags),
            NpKind::Common => self.description(ctx, mention),
        };
        match found {
            Some(e) => {
                self.speakers.push((mention.0, e));
                if !self.entities[e].org {
                    self.entities[e].strong = true;
                }
                match &self.entities[e].name {
                    Name::Tokens(a, b) => span_text(ctx, *a, *b),
                    Name::Owned(n) => n.clone(),
                }
            }
            None => match (kind, name) {
                (NpKind::Name, Some((a, b))) => span_text(ctx, a, b),
                _ => span_text(ctx, mention.0, mention.1),
            },
        }
    }

    /// The entity a name phrase refers to. A phrase can hold several names ("Treasury
    /// Secretary Alan Pierce", "Ohio Teamsters President Rita Okafor-Hale"):
    /// the person is the speaker, and without one the last name, the phrase's head.
    fn entity_at(&self, a: u32, b: u32) -> Option<usize> {
        let i = self.mentions.partition_point(|m| m.tok_end <= a);
        let inside = || {
            self.mentions[i..]
                .iter()
                .take_while(|m| m.tok_first < b)
                .filter(|m| a < m.tok_end)
        };
        inside()
            .find(|m| self.entities[m.entity].person && !self.entities[m.entity].org)
            .or_else(|| inside().last())
            .map(|m| m.entity)
    }

    /// "he", "she", "they", "it": the most recent compatible entity, looking first at the
    /// speakers and names of the preceding text.
    fn pronoun(&mut self, pos: u32, flags: u64) -> Option<usize> {
        let want = if flags & class::PRON_M != 0 {
            Want::Person(Gender::Male)
        } else if flags & (class::PRON_F | class::PRON_FO) != 0 {
            Want::Person(Gender::Female)
        } else if flags & (class::PRON_N | class::PRON_P) != 0 {
            Want::Group(flags & (class::PRON_N | class::PRON_P))
        } else {
            return None;
        };
        // Candidates: names and speakers before the pronoun, most recent first, within
        // reach.
        let i = self.mentions.partition_point(|m| m.tok_first < pos);
        let lo = i.saturating_sub(12);
        let mut cands: Vec<(u32, usize)> = self.mentions[lo..i]
            .iter()
            .map(|m| (m.tok_first, m.entity))
            .collect();
        let j = self.speakers.partition_point(|s| s.0 < pos);
        cands.extend(self.speakers[j.saturating_sub(4)..j].iter().copied());
        cands.sort_by_key(|c| std::cmp::Reverse(c.0));
        let pick = match want {
            Want::Group(p) => cands
                .iter()
                .find(|c| self.entities[c.1].org && self.entities[c.1].group_pron & p != 0)
                .map(|c| c.1),
            Want::Person(g) => {
                let opposite = match g {
                    Gender::Male => Gender::Female,
                    Gender::Female => Gender::Male,
                    Gender::Unknown => Gender::Unknown,
                };
                let ok = |e: &Entity, strong: bool| {
                    !e.org && e.person && (!strong || e.strong) && e.gender != opposite
                };
                // The latest speaker when near and compatible (news keeps its speaker:
                // "X said ... “...,” he said"), then the most recent person not known to be
                // of the other gender, then any such name.

                let last_speaker = self.speakers[..j]
                    .last()
                    .filter(|s| pos.saturating_sub(s.0) < 150 && ok(&self.entities[s.1], true))
                    .map(|s| s.1);
                last_speaker
                    .or_else(|| {
                        cands
                            .iter()
                            .find(|c| ok(&self.entities[c.1], true))
                            .map(|c| c.1)
                    })
                    .map(|e| (0, e))
                    .as_ref()
                    .or_else(|| cands.iter().find(|c| ok(&self.entities[c.1], false)))
                    .map(|c| c.1)
            }
        };
        let e = pick?;
        if let Want::Person(g) = want {
            let ent = &mut self.entities[e];
            if ent.gender == Gender::Unknown {
                ent.gender = g;
            }
            ent.strong = true;
        }
        Some(e)
    }

    /// "the premier", "the Oregon senator", "the congressman": the latest entity
    /// introduced with that role.
    fn description(&self, ctx: &Ctx<'_>, mention: (u32, u32)) -> Option<usize> {
        let (a, b) = mention;
        if !ctx.word(a).eq_ignore_ascii_case("the") || b <= a + 1 {
            return None;
        }
        if !ctx.f[b as usize - 1].has(class::ROLE) {
            return None;
        }
        let head = word_hash(ctx.word(b - 1));
        let i = self.mentions.partition_point(|m| m.tok_first < a);
        self.mentions[..i]
            .iter()
            .rev()
            .find(|m| self.entities[m.entity].roles.contains(&head))
            .map(|m| m.entity)
    }
}

#[derive(Debug, Clone, Copy)]
enum Want {
    Person(Gender),
    /// A company, country or group, for the pronoun flags given.
    Group(u64),
}

fn set_gender(ent: &mut Entity, flags: u64) {
    if flags & class::FEMALE != 0 && flags & class::MALE == 0 {
        ent.gender = Gender::Female;
    } else if flags & class::MALE != 0 && flags & class::FEMALE == 0 {
        ent.gender = Gender::Male;
    }
}

fn push_role(ent: &mut Entity, r: u64) {
    if !ent.roles.contains(&r) {
        ent.roles.push(r);
    }
}

/// The names the stage collects itself leave out capitalised months and adverbs as
/// well ("May", "Later"), unless a name word follows a month.
const NOT_IN_NAMES: u64 = class::MONTH | class::ADV;

pub(crate) use crate::lexicon::word_hash;

/// Is `needle` a run of consecutive words of `hay`?
fn is_run(needle: &[u64], hay: &[u64]) -> bool {
    if needle.is_empty() || needle.len() > hay.len() {
        return false;
    }
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Does the text of `span` end in a plural "s" ("Democrats", "Israelis")?
fn span_is_plural(ctx: &Ctx<'_>, span: Span) -> bool {
    let t = span.slice(ctx.text);
    t.len() > 3 && t.ends_with('s') && !t.ends_with("ss")
}

fn span_text(ctx: &Ctx<'_>, a: u32, b: u32) -> String {
    if b <= a {
        return String::new();
    }
    ctx.tok_span(a, b).slice(ctx.text).to_string()
}
