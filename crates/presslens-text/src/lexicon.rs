//! The word lists the segmenter consults, read from the crate's data files.

use std::collections::{HashMap, HashSet};

/// How an abbreviation that takes a period behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Always before a name: never ends a sentence.
    Title,
    /// An abbreviation only before a number ("No. 1").
    Number,
    /// A month: before a day number it never ends a sentence.
    Month,
    /// May end a sentence.
    General,
}

const ABBREVIATIONS: &str = include_str!("../data/abbreviations.txt");
const STARTERS: &str = include_str!("../data/starters.txt");
const CHROME: &str = include_str!("../data/chrome.txt");
const CREDITS: &str = include_str!("../data/credits.txt");
const REPORTING_VERBS: &str = include_str!("../data/reporting-verbs.txt");

/// Lines of a data file without comments and blank lines.
fn entries(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A short ASCII word lower-cased and packed into an integer, so that the lookups made at
/// every period cost a few comparisons instead of hashing a string.
fn pack(word: &[u8]) -> Option<u64> {
    if word.is_empty() || word.len() > 8 || !word.is_ascii() {
        return None;
    }
    let mut k = 0u64;
    for &c in word {
        k = (k << 8) | u64::from(c.to_ascii_lowercase());
    }
    Some(k)
}

/// The first eight bytes of a word, ASCII lower-cased, as an integer: a cheap filter key
/// (words sharing those bytes collide, which only costs the full check).
fn prefix_key(word: &str) -> u64 {
    word.as_bytes()
        .iter()
        .take(8)
        .fold(0u64, |k, &c| (k << 8) | u64::from(c.to_ascii_lowercase()))
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    /// Packed abbreviations, sorted, for binary search.
    packed: Vec<(u64, AbbrevClass)>,
    /// Abbreviations that do not pack (long or non-ASCII), lower case.
    abbreviations: HashMap<String, AbbrevClass>,
    /// First words of chrome lines, lower case: a paragraph whose first word is not among
    /// them is rejected without further work.
    chrome_first_words: HashSet<u64>,
    starters: HashSet<String>,
    chrome_exact: HashSet<String>,
    chrome_prefix: Vec<String>,
    credits: HashSet<String>,
    reporting_verbs: HashSet<String>,
}

impl Lexicon {
    /// The built-in lists plus the user's additions.
    pub(crate) fn new(
        extra_abbreviations: &[String],
        extra_titles: &[String],
        extra_chrome: &[String],
    ) -> Lexicon {
        let mut lex = Lexicon::default();
        for line in entries(ABBREVIATIONS) {
            let mut parts = line.split_whitespace();
            let (Some(word), Some(class)) = (parts.next(), parts.next()) else {
                continue;
            };
            let class = match class {
                "title" => AbbrevClass::Title,
                "number" => AbbrevClass::Number,
                "month" => AbbrevClass::Month,
                _ => AbbrevClass::General,
            };
            // The first class listed wins ("sec" is a title before a name, and also
            // "Sec. 3"; a title never ends a sentence either way).
            lex.abbreviations.entry(word.to_string()).or_insert(class);
        }
        for word in extra_abbreviations {
            let w = normalise_abbreviation(word);
            if !w.is_empty() {
                lex.abbreviations.insert(w, AbbrevClass::General);
            }
        }
        for word in extra_titles {
            let w = normalise_abbreviation(word);
            if !w.is_empty() {
                lex.abbreviations.insert(w, AbbrevClass::Title);
            }
        }
        let mut packed: HashMap<u64, AbbrevClass> = HashMap::new();
        lex.abbreviations
            .retain(|w, class| match pack(w.as_bytes()) {
                Some(k) => {
                    packed.insert(k, *class);
                    false
                }
                None => true,
            });
        lex.packed = packed.into_iter().collect();
        lex.packed.sort_unstable_by_key(|&(k, _)| k);
        lex.starters = entries(STARTERS).map(str::to_string).collect();
        for line in entries(CHROME).chain(extra_chrome.iter().map(String::as_str)) {
            let line = line.trim().to_lowercase();
            match line.strip_suffix('*') {
                Some(prefix) => lex.chrome_prefix.push(prefix.trim_end().to_string()),
                None => {
                    lex.chrome_exact.insert(normalise_line(&line));
                }
            }
        }
        lex.chrome_first_words = lex
            .chrome_exact
            .iter()
            .chain(&lex.chrome_prefix)
            .filter_map(|l| first_word(l).map(prefix_key))
            .collect();
        lex.credits = entries(CREDITS).map(str::to_lowercase).collect();
        lex.reporting_verbs = entries(REPORTING_VERBS).map(str::to_string).collect();
        lex
    }

    /// The class of `word` (without its period), matched case-insensitively.
    pub(crate) fn abbreviation(&self, word: &str) -> Option<AbbrevClass> {
        if let Some(k) = pack(word.as_bytes()) {
            return self
                .packed
                .binary_search_by_key(&k, |&(p, _)| p)
                .ok()
                .map(|i| self.packed[i].1);
        }
        if self.abbreviations.is_empty() || word.len() > 32 {
            return None;
        }
        self.abbreviations.get(&word.to_lowercase()).copied()
    }

    /// True for a word that typically opens a sentence ("The", "He", "But").
    pub(crate) fn is_starter(&self, word: &str) -> bool {
        self.starters.contains(word)
    }

    /// True when a whole (short) paragraph is site chrome.
    pub(crate) fn is_chrome(&self, paragraph: &str) -> bool {
        let Some(first) = first_word(paragraph) else {
            return false;
        };
        if !self.chrome_first_words.contains(&prefix_key(first)) {
            return false;
        }
        let words = paragraph.split_whitespace().count();
        if words == 0 || words > 15 {
            return false;
        }
        let norm = normalise_line(&paragraph.to_lowercase());
        if self.chrome_exact.contains(&norm) {
            return true;
        }
        self.chrome_prefix.iter().any(|p| {
            norm.strip_prefix(p.as_str()).is_some_and(|rest| {
                // A prefix ending in punctuation ("photo:") is its own boundary.
                p.ends_with(|c: char| !c.is_alphanumeric())
                    || rest.is_empty()
                    || rest.starts_with(|c: char| !c.is_alphanumeric())
            })
        })
    }

    /// True for a verb that attributes a quotation ("said", "asked"), in lower case.
    pub(crate) fn is_reporting_verb(&self, word: &str) -> bool {
        self.reporting_verbs.contains(word)
    }

    /// True when `word` (any case) marks a photo credit.
    pub(crate) fn is_credit_word(&self, word: &str) -> bool {
        self.credits.contains(&word.to_lowercase())
    }
}

/// The first word of a line: up to the first space, or the first punctuation after a
/// word ("share:" gives "share", "©" gives "©").
fn first_word(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let end = line
        .char_indices()
        .find(|&(i, c)| c.is_whitespace() || (i > 0 && !c.is_alphanumeric() && c != '\''))
        .map_or(line.len(), |(i, _)| i);
    (end > 0).then(|| &line[..end])
}

/// An abbreviation as the user may write it ("Gov.", "gov") as a lookup key.
fn normalise_abbreviation(word: &str) -> String {
    word.trim().trim_end_matches('.').to_lowercase()
}

/// A lower-cased line with inner whitespace collapsed and trailing punctuation removed.
fn normalise_line(line: &str) -> String {
    let trimmed = line.trim().trim_end_matches(|c: char| {
        matches!(c, '.' | ':' | '!' | '|' | '»' | '›' | '>') || c.is_whitespace()
    });
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        let lex = Lexicon::new(&[], &[], &[]);
        assert_eq!(lex.abbreviation("Mr"), Some(AbbrevClass::Title));
        assert_eq!(lex.abbreviation("SEPT"), Some(AbbrevClass::Month));
        assert_eq!(lex.abbreviation("No"), Some(AbbrevClass::Number));
        assert_eq!(lex.abbreviation("Inc"), Some(AbbrevClass::General));
        assert_eq!(lex.abbreviation("said"), None);
        assert_eq!(lex.abbreviation("averyveryverylongword"), None);
        assert!(lex.is_starter("The"));
        assert!(!lex.is_starter("Army"));
        assert!(lex.is_credit_word("Reuters"));
    }

    #[test]
    fn chrome_lines() {
        let lex = Lexicon::new(&[], &[], &["Listen to this article".into()]);
        assert!(lex.is_chrome("Accessibility links"));
        assert!(lex.is_chrome("  Breaking News "));
        assert!(lex.is_chrome("Share this:"));
        assert!(lex.is_chrome("Share on Facebook"));
        assert!(lex.is_chrome("ADVERTISEMENT"));
        assert!(lex.is_chrome("© 2019 Voice of America"));
        assert!(lex.is_chrome("Newsletter sign-up"));
        assert!(lex.is_chrome("Read more: Why the vote matters"));
        assert!(lex.is_chrome("Listen to this article"));
        assert!(!lex.is_chrome("Share prices fell 3% on Monday."));
        assert!(!lex.is_chrome("Shares of Apple rose."));
        assert!(!lex.is_chrome("Related parties met in Geneva on Friday to discuss the plan."));
    }

    #[test]
    fn user_additions() {
        let lex = Lexicon::new(&["Approx.".into()], &["Supt".into()], &[]);
        assert_eq!(lex.abbreviation("approx"), Some(AbbrevClass::General));
        assert_eq!(lex.abbreviation("supt"), Some(AbbrevClass::Title));
    }
}
