//! General knowledge that more than one stage needs, kept once here because stage crates
//! do not depend on each other.

/// A given name's usual gender, as weak evidence for "he" and "she".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameGender {
    /// Usually a man's name.
    Male,
    /// Usually a woman's name.
    Female,
    /// Either.
    Either,
}

/// The data file: `Name g` lines, g = m, f or u; `#` starts a comment.
const FIRST_NAMES: &str = include_str!("../data/first_names.txt");

/// Common given names worldwide (capitalised as written) with their usual gender: evidence
/// that a capitalised word opens a person's name, and of that person's gender.
pub fn first_names() -> impl Iterator<Item = (&'static str, NameGender)> {
    FIRST_NAMES.lines().filter_map(|line| {
        let line = line.split('#').next().unwrap_or("");
        let mut parts = line.split_whitespace();
        let name = parts.next()?;
        let gender = match parts.next().and_then(|g| g.bytes().next()) {
            Some(b'm') => NameGender::Male,
            Some(b'f') => NameGender::Female,
            _ => NameGender::Either,
        };
        Some((name, gender))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_their_gender() {
        let names: Vec<_> = first_names().collect();
        assert!(names.len() > 1000);
        assert!(names.contains(&("Aaron", NameGender::Male)));
        assert!(
            names
                .iter()
                .all(|(n, _)| !n.is_empty() && !n.starts_with('#'))
        );
    }
}
