//! The word lists the quote stage consults, read from the crate's data files (and the
//! user's additions), compiled into one hash table keyed by the lower-cased word.

use presslens_core::knowledge::{NameGender, first_names};

use presslens_core::StageError;

const CUE_VERBS: &str = include_str!("../data/cue_verbs.txt");
const NOMINAL_CUES: &str = include_str!("../data/nominal_cues.txt");
const WORDS: &str = include_str!("../data/words.txt");
const TITLES: &str = include_str!("../data/titles.txt");
const ORG_WORDS: &str = include_str!("../data/org_words.txt");

/// Word classes, as bits of [`WordInfo::flags`].
pub(crate) mod class {
    pub(crate) const DET: u64 = 1 << 0;
    pub(crate) const POSS: u64 = 1 << 1;
    pub(crate) const PRON_M: u64 = 1 << 2;
    pub(crate) const PRON_F: u64 = 1 << 3;
    /// "her": possessive or object, female.
    pub(crate) const PRON_FO: u64 = 1 << 4;
    pub(crate) const PRON_N: u64 = 1 << 5;
    pub(crate) const PRON_P: u64 = 1 << 6;
    pub(crate) const PRON_1: u64 = 1 << 7;
    pub(crate) const PRON_2: u64 = 1 << 8;
    pub(crate) const PRON_OTHER: u64 = 1 << 9;
    pub(crate) const PREP: u64 = 1 << 10;
    pub(crate) const CONJ: u64 = 1 << 11;
    pub(crate) const SUBORD: u64 = 1 << 12;
    pub(crate) const WH: u64 = 1 << 13;
    pub(crate) const REL: u64 = 1 << 14;
    pub(crate) const AUX: u64 = 1 << 15;
    pub(crate) const NEG: u64 = 1 << 16;
    pub(crate) const ADV: u64 = 1 << 17;
    pub(crate) const TIME: u64 = 1 << 18;
    pub(crate) const MONTH: u64 = 1 << 19;
    pub(crate) const DAY: u64 = 1 << 20;
    pub(crate) const THAT: u64 = 1 << 21;
    pub(crate) const ACCORDING: u64 = 1 << 22;
    pub(crate) const THERE: u64 = 1 << 23;
    pub(crate) const AUDIENCE: u64 = 1 << 24;
    pub(crate) const CLAUSE_ADV: u64 = 1 << 25;
    /// A word that may begin or continue a title before a name.
    pub(crate) const TITLE: u64 = 1 << 26;
    /// A noun describing a person by role ("senator", "spokesman").
    pub(crate) const ROLE: u64 = 1 << 27;
    pub(crate) const ORG: u64 = 1 << 28;
    pub(crate) const FEMALE: u64 = 1 << 29;
    pub(crate) const MALE: u64 = 1 << 30;
    /// A noun that reports speech before "that" ("claim").
    pub(crate) const NOMINAL_CUE: u64 = 1 << 31;
    /// A given name (its gender is in FEMALE / MALE).
    pub(crate) const FIRST_NAME: u64 = 1 << 32;
    /// A noun whose ending looks like another word class ("family", "ally": not -ly
    /// adverbs).
    pub(crate) const NOUN: u64 = 1 << 33;
    /// An irregular past tense ("came", "took"): a verb that no "-ed" ending shows.
    pub(crate) const PAST: u64 = 1 << 34;
    /// An irregular past participle ("seen", "written", "held"): a passive that no "-ed"
    /// ending shows.
    pub(crate) const PARTICIPLE: u64 = 1 << 35;
    /// An article, demonstrative or possessive that a noun follows ("the claims", "his
    /// report"); narrower than [`DET`] | [`POSS`] ("some", "many" can stand alone).
    pub(crate) const ARTICLE: u64 = 1 << 36;
    /// A form of "be".
    pub(crate) const BE: u64 = 1 << 37;
    /// An object pronoun ("him", "her", "them", "us", "me").
    pub(crate) const PRON_OBJ: u64 = 1 << 38;
    /// A reflexive pronoun ("himself", "yourselves").
    pub(crate) const REFLEXIVE: u64 = 1 << 39;
    /// A quantifier heading a partitive phrase ("one of", "several of").
    pub(crate) const PARTITIVE: u64 = 1 << 40;
    /// A quantifier after which a noun phrase runs on through a preposition.
    pub(crate) const QUANT_NP: u64 = 1 << 41;
    /// A particle inside a name in a speaker's phrase ("van", "bin", "of").
    pub(crate) const PARTICLE: u64 = 1 << 42;
    /// A particle inside a name the stage collects itself.
    pub(crate) const NAME_PARTICLE: u64 = 1 << 43;
    /// A word after which "'s" is a clitic "is"/"has" ("he", "that", "where").
    pub(crate) const CLITIC_HOST: u64 = 1 << 44;
    /// A preposition that carries a noun phrase on before a determiner.
    pub(crate) const NP_PREP: u64 = 1 << 45;
    /// A preposition that carries a noun phrase on before a bare noun.
    pub(crate) const NP_PREP_BARE: u64 = 1 << 46;
    /// A verb or adjective whose subject a cue after "to" takes ("declined to say").
    pub(crate) const GOVERNS_TO: u64 = 1 << 47;
    /// A noun with a plural verb and no plural ending ("people", "police").
    pub(crate) const COLLECTIVE: u64 = 1 << 48;
    /// A word that makes a number approximate ("about", "nearly").
    pub(crate) const APPROX: u64 = 1 << 49;
    /// A subordinator before a participle of the main clause's subject ("before adding").
    pub(crate) const GER_SUB: u64 = 1 << 50;
    /// A word opening a contrasting clause ("though", "but").
    pub(crate) const CONTRAST: u64 = 1 << 51;
    /// A subordinator opening an adjunct of time ("since", "when").
    pub(crate) const TIME_SUB: u64 = 1 << 52;
    /// A subordinator after which reported speech goes on ("until", "because").
    pub(crate) const CLAUSE_LINK: u64 = 1 << 53;
    /// A preposition that seldom opens a fronted adverbial ("about", "up").
    pub(crate) const WEAK_PREP: u64 = 1 << 54;
    /// An adjective that takes a gerund ("worth").
    pub(crate) const GERUND_ADJ: u64 = 1 << 55;

    /// Any personal pronoun that can be a subject or speaker.
    pub(crate) const PRONOUN: u64 =
        PRON_M | PRON_F | PRON_FO | PRON_N | PRON_P | PRON_1 | PRON_2 | PRON_OTHER;
    /// Words that never belong inside a noun phrase.
    pub(crate) const FUNCTION: u64 = PREP | CONJ | SUBORD | WH | AUX | NEG | THAT;
    /// Classes that only name the words one rule asks about. They say nothing about
    /// whether a word is otherwise known to the lexicon: a capitalised word known only
    /// through them may still be a name ("Van", "Here").
    pub(crate) const NARROW: u64 = PARTITIVE
        | QUANT_NP
        | PARTICLE
        | NAME_PARTICLE
        | CLITIC_HOST
        | NP_PREP
        | NP_PREP_BARE
        | GOVERNS_TO
        | COLLECTIVE
        | APPROX
        | GER_SUB
        | CONTRAST
        | TIME_SUB
        | CLAUSE_LINK
        | WEAK_PREP
        | GERUND_ADJ;
}

/// What the lexicon knows about a verb form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// say, tell
    Base,
    /// says, tells
    Third,
    /// said, told (past and past participle)
    Past,
    /// saying, telling
    Gerund,
}

/// The class of a cue: which kinds of attribution it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueClass {
    Speech,
    Belief,
    Evidence,
}

impl CueClass {
    /// The class a cue verb line or the `cue_classes` parameter names.
    pub(crate) fn parse(s: &str) -> Option<CueClass> {
        match s {
            "speech" => Some(CueClass::Speech),
            "belief" => Some(CueClass::Belief),
            "evidence" => Some(CueClass::Evidence),
            _ => None,
        }
    }

    pub(crate) fn bit(self) -> u8 {
        match self {
            CueClass::Speech => 1,
            CueClass::Belief => 2,
            CueClass::Evidence => 4,
        }
    }
}

/// The prepositions a cue verb may take its content after (`+on` in the cue verb list).
pub(crate) const CUE_PREPS: [&str; 10] = [
    "on", "to", "for", "of", "at", "with", "in", "about", "against", "over",
];

/// The bit of a preposition in [`Cue::preps`], or 0.
pub(crate) fn prep_bit(word: &str) -> u16 {
    CUE_PREPS
        .iter()
        .position(|p| p.eq_ignore_ascii_case(word))
        .map_or(0, |i| 1 << i)
}

/// A verb form that may cue a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cue {
    pub(crate) class: CueClass,
    pub(crate) form: Form,
    /// Takes the addressee before the content ("told reporters that").
    pub(crate) obj: bool,
    /// Introduces content only with "that", a colon or a quotation.
    pub(crate) that_only: bool,
    /// Reports only after its content ("..., he continued").
    pub(crate) tail: bool,
    /// Its base and -s forms are also common nouns ("a report", "his claims").
    pub(crate) noun: bool,
    /// The content follows "of" after the addressee ("accused Y of ...").
    pub(crate) of: bool,
    /// Prepositions after which its content follows ("commented on ...", "pointed to
    /// ..."), as bits of [`CUE_PREPS`].
    pub(crate) preps: u16,
    /// Reports only through one of its prepositions ("called for ...", not "called him a
    /// liar").
    pub(crate) prep_only: bool,
    /// "About" and "against" after it do not introduce its content (`noabout`).
    pub(crate) no_about: bool,
    /// A gerund right after it is not what it reports (`nogerund`).
    pub(crate) no_gerund: bool,
    /// Its participle after a preposition reports what follows, whatever it is
    /// (`byclause`: "by saying ...").
    pub(crate) by_clause: bool,
    /// Its participle reports plain content, not only a clause with its own subject
    /// (`clause`: "..., adding the plan would pass").
    pub(crate) clause: bool,
    /// Index of the lemma in [`Lexicon::lemmas`].
    pub(crate) lemma_id: u16,
}

/// Everything the lexicon knows about one lower-cased word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordInfo {
    pub(crate) flags: u64,
    /// Index + 1 into [`Lexicon::cues`], or 0.
    pub(crate) cue: u16,
}

pub(crate) use presslens_core::hash::FxMap;

/// The longest word the lexicon holds, in bytes; longer words are never looked up.
pub(crate) const MAX_KEY: usize = 24;

/// Lower-case `word` into `buf` for lookup, reading the typographic apostrophe as `'`.
/// Returns `None` for words too long to be in the lexicon.
#[cfg(test)]
pub(crate) fn key<'b>(word: &str, buf: &'b mut [u8; MAX_KEY]) -> Option<&'b [u8]> {
    key_bytes(word.as_bytes(), buf)
}

/// [`key`] on the bytes of a word.
#[inline]
pub(crate) fn key_bytes<'b>(b: &[u8], buf: &'b mut [u8; MAX_KEY]) -> Option<&'b [u8]> {
    if b.len() <= MAX_KEY && b.is_ascii() {
        for (d, c) in buf.iter_mut().zip(b) {
            *d = c.to_ascii_lowercase();
        }
        return Some(&buf[..b.len()]);
    }
    if b.len() > MAX_KEY + 2 {
        return None;
    }
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let out = if c == 0xE2 && b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x99) {
            i += 3;
            b'\''
        } else {
            i += 1;
            c.to_ascii_lowercase()
        };
        if n == MAX_KEY {
            return None;
        }
        buf[n] = out;
        n += 1;
    }
    Some(&buf[..n])
}

/// Lines of a data file without comments and blank lines.
fn entries(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

/// A multi-word title ("prime minister", "secretary of state") with the role nouns that
/// refer back to its holder and the gender it implies.
#[derive(Debug, Clone)]
pub(crate) struct Title {
    pub(crate) words: Vec<String>,
    pub(crate) roles: Vec<String>,
    pub(crate) gender: Gender,
}

/// Grammatical gender evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub(crate) enum Gender {
    #[default]
    Unknown,
    Male,
    Female,
}

/// The compiled lexicon.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    words: FxMap<Box<[u8]>, WordInfo>,
    pub(crate) cues: Vec<Cue>,
    /// Titles, longest first.
    pub(crate) titles: Vec<Title>,
    /// Lemmas of the cues, by `lemma_id`.
    pub(crate) lemmas: Vec<String>,
    /// For the last word of each title ([`word_hash`]): the gender it implies and the
    /// hashes of the role nouns that refer back to its holder.
    pub(crate) title_roles: FxMap<u64, (Gender, Vec<u64>)>,
    /// `words` compiled for lookup.
    table: WordTable,
}

/// An open-addressing table of the lexicon's words packed into integers: the lookup made
/// at every word token compares integers instead of hashing and comparing strings. The
/// probe array holds only a tag and an index (8 bytes a slot), so that it stays in cache;
/// the entries are read only when a tag matches.
#[derive(Debug, Clone, Default)]
struct WordTable {
    /// (tag, index + 1 into `entries`); index 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
    entries: Vec<Entry>,
    shift: u32,
}

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    key: [u64; 3],
    len: u8,
    info: WordInfo,
}

/// A hash of a word lower-cased, without a final period ("Jr." and "Jr" agree), for
/// comparing names cheaply.
pub(crate) fn word_hash(w: &str) -> u64 {
    let b = w.trim_end_matches('.').as_bytes();
    let mut h = b.len() as u64;
    for chunk in b.chunks(8) {
        let mut x = [0u8; 8];
        x[..chunk.len()].copy_from_slice(chunk);
        let v = u64::from_le_bytes(x);
        let v = if chunk.is_ascii() {
            ascii_lower(v)
        } else {
            u64::from_le_bytes(x.map(|c| c.to_ascii_lowercase()))
        };
        h = (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h ^ (h >> 29)
}

/// Eight ASCII bytes lower-cased at once: each byte in `A..=Z` gets its 0x20 bit.
#[inline]
fn ascii_lower(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit of each byte set where the byte is above '@', and where it is above 'Z'
    // (bytes are ASCII, so adding stays within each byte).
    let above_at = x + ONES * (0x80 - b'A' as u64);
    let above_z = x + ONES * (0x80 - b'Z' as u64 - 1);
    let upper = above_at & !above_z & HIGH;
    x | (upper >> 2)
}

/// A key of at most [`MAX_KEY`] bytes packed into three integers.
#[inline]
fn pack(key: &[u8]) -> [u64; 3] {
    let mut buf = [0u8; MAX_KEY];
    let n = key.len().min(MAX_KEY);
    buf[..n].copy_from_slice(&key[..n]);
    let word = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&buf[i..i + 8]);
        u64::from_le_bytes(w)
    };
    [word(0), word(8), word(16)]
}

#[inline]
fn slot_hash(k: &[u64; 3], len: usize) -> u64 {
    let h = (k[0] ^ k[1].rotate_left(21) ^ k[2].rotate_left(42) ^ len as u64)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 31)
}

impl WordTable {
    fn build(words: &FxMap<Box<[u8]>, WordInfo>) -> WordTable {
        let mut size = 64usize;
        while size < words.len() * 2 {
            size *= 2;
        }
        let shift = 64 - size.trailing_zeros();
        let mut slots = vec![(0u32, 0u32); size];
        let mut entries = Vec::with_capacity(words.len());
        for (k, &info) in words {
            if k.is_empty() || k.len() > MAX_KEY {
                continue;
            }
            let key = pack(k);
            let h = slot_hash(&key, k.len());
            let mut i = (h >> shift) as usize;
            while slots[i].1 != 0 {
                i = (i + 1) & (size - 1);
            }
            entries.push(Entry {
                key,
                len: k.len() as u8,
                info,
            });
            slots[i] = (h as u32, entries.len() as u32);
        }
        WordTable {
            slots,
            entries,
            shift,
        }
    }

    #[inline]
    fn get(&self, key: &[u8]) -> WordInfo {
        if key.is_empty() || key.len() > MAX_KEY || self.slots.is_empty() {
            return WordInfo::default();
        }
        self.get_packed(&pack(key), key.len())
    }

    #[inline]
    fn get_packed(&self, k: &[u64; 3], len: usize) -> WordInfo {
        if self.slots.is_empty() {
            return WordInfo::default();
        }
        let h = slot_hash(k, len);
        let tag = h as u32;
        let mask = self.slots.len() - 1;
        let mut i = (h >> self.shift) as usize;
        loop {
            let (t, e) = self.slots[i];
            if e == 0 {
                return WordInfo::default();
            }
            if t == tag {
                let entry = &self.entries[e as usize - 1];
                if entry.len as usize == len && entry.key == *k {
                    return entry.info;
                }
            }
            i = (i + 1) & mask;
        }
    }
}

/// Where a data line came from, for error messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    pub(crate) name: &'a str,
}

impl Lexicon {
    /// The built-in lists, with the cue lists replaced or extended as the parameters say.
    pub(crate) fn new(
        cue_verbs: Option<&str>,
        extra_cue_verbs: &[String],
        nominal: Option<&str>,
        extra_nominal: &[String],
    ) -> Result<Lexicon, StageError> {
        let mut lex = Lexicon::default();
        lex.load_words();
        lex.load_titles();
        lex.load_first_names();
        for w in entries(ORG_WORDS).flat_map(str::split_whitespace) {
            lex.add_flags(w, class::ORG);
        }
        let builtin = Origin {
            name: "the built-in cue verbs",
        };
        match cue_verbs {
            Some(text) => lex.load_cue_verbs(
                text,
                Origin {
                    name: "cue_verbs_file",
                },
            )?,
            None => lex.load_cue_verbs(CUE_VERBS, builtin)?,
        }
        for (i, line) in extra_cue_verbs.iter().enumerate() {
            let name = format!("cue_verbs[{i}]");
            lex.load_cue_verbs(line, Origin { name: &name })?;
        }
        let nominal_text = nominal.unwrap_or(NOMINAL_CUES);
        for w in entries(nominal_text).chain(extra_nominal.iter().map(|s| s.trim())) {
            if w.is_empty() {
                continue;
            }
            let w = w.to_lowercase();
            lex.add_flags(&w, class::NOMINAL_CUE);
            lex.add_flags(&plural(&w), class::NOMINAL_CUE);
        }
        lex.table = WordTable::build(&lex.words);
        for t in &lex.titles {
            let Some(last) = t.words.last() else { continue };
            let entry = lex
                .title_roles
                .entry(word_hash(last))
                .or_insert((Gender::Unknown, Vec::new()));
            if t.gender != Gender::Unknown {
                entry.0 = t.gender;
            }
            for r in &t.roles {
                let h = word_hash(r);
                if !entry.1.contains(&h) {
                    entry.1.push(h);
                }
            }
        }
        Ok(lex)
    }

    fn add_flags(&mut self, word: &str, flags: u64) {
        let k: Box<[u8]> = word.to_lowercase().replace('’', "'").into_bytes().into();
        self.words.entry(k).or_default().flags |= flags;
    }

    fn load_words(&mut self) {
        for line in entries(WORDS) {
            let mut parts = line.split_whitespace();
            let Some(name) = parts.next() else { continue };
            let flag = match name {
                "det" => class::DET,
                "poss" => class::POSS,
                "pron_m" => class::PRON_M,
                "pron_f" => class::PRON_F,
                "pron_fo" => class::PRON_FO,
                "pron_n" => class::PRON_N,
                "pron_p" => class::PRON_P,
                "pron_1" => class::PRON_1,
                "pron_2" => class::PRON_2,
                "pron_other" => class::PRON_OTHER,
                "prep" => class::PREP,
                "conj" => class::CONJ,
                "subord" => class::SUBORD,
                "wh" => class::WH,
                "rel" => class::REL,
                "aux" => class::AUX,
                "neg" => class::NEG,
                "adv" => class::ADV,
                "time" => class::TIME,
                "month" => class::MONTH,
                "day" => class::DAY,
                "that" => class::THAT,
                "according" => class::ACCORDING,
                "there" => class::THERE,
                "audience" => class::AUDIENCE,
                "clause_adv" => class::CLAUSE_ADV,
                "noun" => class::NOUN,
                "past" => class::PAST,
                "participle" => class::PARTICIPLE,
                "article" => class::ARTICLE,
                "be" => class::BE,
                "pron_obj" => class::PRON_OBJ,
                "reflexive" => class::REFLEXIVE,
                "partitive" => class::PARTITIVE,
                "quant_np" => class::QUANT_NP,
                "particle" => class::PARTICLE,
                "name_particle" => class::NAME_PARTICLE,
                "clitic_host" => class::CLITIC_HOST,
                "np_prep" => class::NP_PREP,
                "np_prep_bare" => class::NP_PREP_BARE,
                "governs_to" => class::GOVERNS_TO,
                "collective" => class::COLLECTIVE,
                "approx" => class::APPROX,
                "ger_sub" => class::GER_SUB,
                "contrast" => class::CONTRAST,
                "time_sub" => class::TIME_SUB,
                "clause_link" => class::CLAUSE_LINK,
                "weak_prep" => class::WEAK_PREP,
                "gerund_adj" => class::GERUND_ADJ,
                _ => continue,
            };
            for w in parts {
                self.add_flags(w, flag);
            }
        }
    }

    fn load_titles(&mut self) {
        for line in entries(TITLES) {
            let Some((head, tail)) = line.split_once(':') else {
                continue;
            };
            let mut head = head.split_whitespace();
            let kind = head.next().unwrap_or("");
            let mut gender = Gender::Unknown;
            let mut roles = Vec::new();
            for r in tail.split_whitespace() {
                match r {
                    "(f)" => gender = Gender::Female,
                    "(m)" => gender = Gender::Male,
                    r => roles.push(r.to_string()),
                }
            }
            let gflag = match gender {
                Gender::Female => class::FEMALE,
                Gender::Male => class::MALE,
                Gender::Unknown => 0,
            };
            match kind {
                "title" => {
                    let spellings: Vec<String> = head
                        .collect::<Vec<_>>()
                        .join(" ")
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect();
                    for spelling in spellings {
                        let seq: Vec<String> =
                            spelling.split_whitespace().map(str::to_string).collect();
                        // Only the first word marks a title: "state" in "secretary of state" and
                        // "of" are ordinary words elsewhere.
                        if let Some(w) = seq.first() {
                            self.add_flags(w, class::TITLE);
                        }
                        if seq.len() == 1 {
                            self.add_flags(&seq[0], gflag);
                        }
                        for r in &roles {
                            self.add_flags(r, class::ROLE);
                        }
                        self.titles.push(Title {
                            words: seq,
                            roles: roles.clone(),
                            gender,
                        });
                    }
                }
                "role" => {
                    for w in head {
                        self.add_flags(w, class::ROLE | gflag);
                        self.add_flags(&plural(w), class::ROLE);
                    }
                }
                _ => {}
            }
        }
        self.titles
            .sort_by_key(|t| std::cmp::Reverse(t.words.len()));
    }

    /// Given names and their gender, from the knowledge the stages share.
    fn load_first_names(&mut self) {
        for (name, gender) in first_names() {
            let g = match gender {
                NameGender::Female => class::FEMALE,
                NameGender::Male => class::MALE,
                NameGender::Either => 0,
            };
            self.add_flags(name, class::FIRST_NAME | g);
        }
    }

    /// Read cue verb lines: `lemma class [flags] [= past [gerund]]`.
    pub(crate) fn load_cue_verbs(
        &mut self,
        text: &str,
        origin: Origin<'_>,
    ) -> Result<(), StageError> {
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (spec, forms) = match line.split_once('=') {
                Some((a, b)) => (a, Some(b)),
                None => (line, None),
            };
            let mut parts = spec.split_whitespace();
            let lemma = parts.next().unwrap_or("").to_lowercase();
            let class = parts.next().and_then(CueClass::parse).ok_or_else(|| {
                StageError::new(format!(
                    "{}, line {}: `{line}`: expected `lemma class [flags] [= past [gerund]]` with class speech, belief or evidence",
                    origin.name,
                    n + 1
                ))
            })?;
            let mut obj = false;
            let mut that_only = false;
            let mut tail = false;
            let mut noun = false;
            let mut of = false;
            let mut preps = 0u16;
            let mut prep_only = false;
            let mut no_about = false;
            let mut no_gerund = false;
            let mut by_clause = false;
            let mut clause = false;
            for f in parts {
                match f {
                    "obj" => obj = true,
                    "that" => that_only = true,
                    "tail" => tail = true,
                    "noun" => noun = true,
                    "of" => of = true,
                    "prep" => prep_only = true,
                    "noabout" => no_about = true,
                    "nogerund" => no_gerund = true,
                    "byclause" => by_clause = true,
                    "clause" => clause = true,
                    other if other.starts_with('+') && prep_bit(&other[1..]) != 0 => {
                        preps |= prep_bit(&other[1..]);
                    }
                    other => {
                        return Err(StageError::new(format!(
                            "{}, line {}: unknown flag `{other}` in `{line}`; expected obj, that, tail, noun, of, prep, noabout, nogerund, byclause, clause or +PREPOSITION (one of {})",
                            origin.name,
                            n + 1,
                            CUE_PREPS.join(", ")
                        )));
                    }
                }
            }
            let mut explicit = forms.map(|f| f.split_whitespace().map(str::to_lowercase));
            let past = explicit
                .as_mut()
                .and_then(|f| f.next())
                .unwrap_or_else(|| regular_past(&lemma));
            let gerund = explicit
                .as_mut()
                .and_then(|f| f.next())
                .unwrap_or_else(|| regular_gerund(&lemma));
            let lemma_id = match self.lemmas.iter().position(|l| *l == lemma) {
                Some(i) => i as u16,
                None => {
                    self.lemmas.push(lemma.clone());
                    (self.lemmas.len() - 1) as u16
                }
            };
            for (word, form) in [
                (lemma.clone(), Form::Base),
                (third_person(&lemma), Form::Third),
                (past, Form::Past),
                (gerund, Form::Gerund),
            ] {
                let cue = Cue {
                    class,
                    form,
                    obj,
                    that_only,
                    tail,
                    noun,
                    of,
                    preps,
                    prep_only,
                    no_about,
                    no_gerund,
                    by_clause,
                    clause,
                    lemma_id,
                };
                let k: Box<[u8]> = word.into_bytes().into();
                let entry = self.words.entry(k).or_default();
                match entry.cue {
                    // A form shared by two verbs ("read"/"read") keeps the first.
                    0 => {
                        self.cues.push(cue);
                        entry.cue = self.cues.len() as u16;
                    }
                    i => {
                        // A later line for the same verb updates it (user overrides); two
                        // forms of one verb that are spelt alike ("forecast", "read")
                        // keep the base form's reading.
                        let old = &mut self.cues[i as usize - 1];
                        if old.lemma_id == lemma_id && (old.form == form || old.form != Form::Base)
                        {
                            *old = cue;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The lexicon entry of a lower-cased key.
    #[cfg(test)]
    pub(crate) fn get(&self, key: &[u8]) -> WordInfo {
        self.table.get(key)
    }

    /// The lexicon entry of the word at `text[start..end]`: eight bytes are loaded at a
    /// time straight from the text (masked to the word), lower-cased at once, and looked up
    /// packed; no copy, no call.
    #[inline]
    pub(crate) fn get_word_at(&self, text: &[u8], start: usize, end: usize) -> WordInfo {
        let len = end.saturating_sub(start);
        if len == 0 || len > MAX_KEY || end > text.len() {
            return self.get_word(text.get(start..end).unwrap_or(&[]));
        }
        if start + 24 > text.len() {
            return self.get_word(&text[start..end]);
        }
        let load = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&text[start + i..start + i + 8]);
            u64::from_le_bytes(w)
        };
        let mask = |n: usize| {
            if n >= 8 {
                u64::MAX
            } else {
                (1u64 << (n * 8)) - 1
            }
        };
        let k0 = load(0) & mask(len);
        let k1 = if len > 8 { load(8) & mask(len - 8) } else { 0 };
        let k2 = if len > 16 {
            load(16) & mask(len - 16)
        } else {
            0
        };
        if (k0 | k1 | k2) & 0x8080_8080_8080_8080 != 0 {
            // Not ASCII (a curly apostrophe, an accent): the careful path.
            return self.get_word(&text[start..end]);
        }
        self.table
            .get_packed(&[ascii_lower(k0), ascii_lower(k1), ascii_lower(k2)], len)
    }

    /// The lexicon entry of a word as written: ASCII words are packed and lower-cased
    /// eight bytes at a time; others go through [`key_bytes`].
    #[inline]
    pub(crate) fn get_word(&self, word: &[u8]) -> WordInfo {
        if word.is_empty() || word.len() > MAX_KEY + 2 {
            return WordInfo::default();
        }
        if word.len() <= MAX_KEY && word.is_ascii() {
            return self
                .table
                .get_packed(&pack(word).map(ascii_lower), word.len());
        }
        let mut buf = [0u8; MAX_KEY];
        match key_bytes(word, &mut buf) {
            Some(key) => self.table.get(key),
            None => WordInfo::default(),
        }
    }

    /// The cue of an entry.
    #[cfg(test)]
    pub(crate) fn cue(&self, info: WordInfo) -> Option<Cue> {
        (info.cue > 0).then(|| self.cues[info.cue as usize - 1])
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn third_person(lemma: &str) -> String {
    let b = lemma.as_bytes();
    if lemma.ends_with('s')
        || lemma.ends_with('x')
        || lemma.ends_with('z')
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
        || lemma.ends_with('o')
    {
        format!("{lemma}es")
    } else if b.len() >= 2 && b[b.len() - 1] == b'y' && !is_vowel(b[b.len() - 2]) {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}s")
    }
}

fn plural(noun: &str) -> String {
    third_person(noun)
}

fn regular_past(lemma: &str) -> String {
    let b = lemma.as_bytes();
    if lemma.ends_with('e') {
        format!("{lemma}d")
    } else if b.len() >= 2 && b[b.len() - 1] == b'y' && !is_vowel(b[b.len() - 2]) {
        format!("{}ied", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}ed")
    }
}

fn regular_gerund(lemma: &str) -> String {
    if let Some(stem) = lemma.strip_suffix("ie") {
        format!("{stem}ying")
    } else if lemma.ends_with('e') && !lemma.ends_with("ee") && lemma.len() > 2 {
        format!("{}ing", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}ing")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::new(None, &[], None, &[]).unwrap()
    }

    fn info(l: &Lexicon, w: &str) -> WordInfo {
        let mut buf = [0u8; MAX_KEY];
        l.get(key(w, &mut buf).unwrap())
    }

    #[test]
    fn swar_lower_case() {
        let pack8 = |s: &[u8]| {
            let mut w = [0u8; 8];
            w[..s.len()].copy_from_slice(s);
            u64::from_le_bytes(w)
        };
        for s in [&b"Said"[..], b"AZaz@[`{", b"HELLO", b"mr.", b"n'T"] {
            let lower: Vec<u8> = s.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(ascii_lower(pack8(s)), pack8(&lower), "{:?}", s);
        }
        let l = lex();
        assert!(l.get_word(b"SAID").cue != 0);
        assert!(l.get_word("doesn’t".as_bytes()).flags == 0);
        assert!(l.get_word("n’t".as_bytes()).flags & class::NEG != 0);
    }

    #[test]
    fn inflections() {
        assert_eq!(third_person("say"), "says");
        assert_eq!(third_person("deny"), "denies");
        assert_eq!(third_person("stress"), "stresses");
        assert_eq!(regular_past("note"), "noted");
        assert_eq!(regular_past("deny"), "denied");
        assert_eq!(regular_past("add"), "added");
        assert_eq!(regular_gerund("note"), "noting");
        assert_eq!(regular_gerund("add"), "adding");
        assert_eq!(regular_gerund("agree"), "agreeing");
    }

    #[test]
    fn cue_forms_are_found() {
        let l = lex();
        for (w, form) in [
            ("said", Form::Past),
            ("Says", Form::Third),
            ("told", Form::Past),
            ("TELLING", Form::Gerund),
            ("insisted", Form::Past),
            ("denies", Form::Third),
            ("wrote", Form::Past),
        ] {
            let c = l.cue(info(&l, w)).unwrap_or_else(|| panic!("{w}"));
            assert_eq!(c.form, form, "{w}");
        }
        assert!(l.cue(info(&l, "told")).unwrap().obj);
        // Flags hold for every form of the verb.
        let saying = l.cue(info(&l, "saying")).unwrap();
        assert!(saying.no_about && saying.no_gerund && saying.by_clause && saying.clause);
        let warned = l.cue(info(&l, "warned")).unwrap();
        assert!(warned.clause && !warned.by_clause && !warned.no_about);
        assert!(l.cue(info(&l, "table")).is_none());
    }

    #[test]
    fn classes() {
        let l = lex();
        assert!(info(&l, "he").flags & class::PRON_M != 0);
        assert!(info(&l, "The").flags & class::DET != 0);
        assert!(info(&l, "Sen.").flags & class::TITLE != 0);
        assert!(info(&l, "minister").flags & class::TITLE != 0);
        assert!(info(&l, "spokeswoman").flags & class::FEMALE != 0);
        assert!(info(&l, "Mr.").flags & class::MALE != 0);
        assert!(info(&l, "claims").flags & class::NOMINAL_CUE != 0);
        assert!(info(&l, "doesn’t").flags == 0);
        assert!(info(&l, "n’t").flags & class::NEG != 0);
        assert!(info(&l, "Him").flags & class::PRON_OBJ != 0);
        assert!(info(&l, "themselves").flags & class::REFLEXIVE != 0);
        assert!(info(&l, "della").flags & class::PARTICLE != 0);
        assert!(info(&l, "della").flags & class::NAME_PARTICLE == 0);
        assert!(l.titles.iter().any(|t| t.words == ["prime", "minister"]));
        assert!(l.titles.iter().any(|t| t.words == ["sen."]));
    }

    #[test]
    fn subordinator_subsets_are_subordinators() {
        // The clause rules test ger_sub and time_sub alone.
        let l = lex();
        for (w, info) in &l.words {
            if info.flags & (class::GER_SUB | class::TIME_SUB) != 0 {
                assert!(
                    info.flags & class::SUBORD != 0,
                    "{:?}",
                    String::from_utf8_lossy(w)
                );
            }
        }
    }

    #[test]
    fn user_verbs_extend_and_errors_say_where() {
        let l = Lexicon::new(None, &["opine speech".into()], None, &[]).unwrap();
        assert!(l.cue(info(&l, "opined")).is_some());
        let e = Lexicon::new(None, &["opine talk".into()], None, &[]).unwrap_err();
        assert!(e.message().contains("cue_verbs[0]"), "{}", e.message());
        let e = Lexicon::new(Some("say speech\nmurmur speech loud"), &[], None, &[]).unwrap_err();
        assert!(e.message().contains("line 2"), "{}", e.message());
        let l = Lexicon::new(Some("murmur speech"), &[], None, &[]).unwrap();
        assert!(l.cue(info(&l, "said")).is_none());
        assert!(l.cue(info(&l, "murmured")).is_some());
    }
}
