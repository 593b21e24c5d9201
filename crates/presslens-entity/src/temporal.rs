//! Normalised values of DATE and TIME mentions, where the text fixes one.

/// The month number of a month name or abbreviation.
fn month(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    // No month name is longer than "september", nor an abbreviation than four letters:
    // longer words are lower-cased in no string of their own.
    let mut buf = [0u8; 9];
    let b = buf.get_mut(..w.len())?;
    b.copy_from_slice(w.as_bytes());
    b.make_ascii_lowercase();
    let w = std::str::from_utf8(b).ok()?;
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(i) = NAMES.iter().position(|n| *n == w) {
        return Some(i as u32 + 1);
    }
    if w.len() >= 3 && w != "mar" && w != "may" {
        if w == "sept" {
            return Some(9);
        }
        return NAMES
            .iter()
            .position(|n| n.starts_with(w) && w.len() <= 4)
            .map(|i| i as u32 + 1);
    }
    None
}

/// A number word at the start of `w` ("28", "28th", "1st").
fn leading_number(w: &str) -> Option<(u32, usize)> {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let rest = &w[digits..];
    // (Compared without case, where a lower-cased copy cost an allocation per word.)
    if !rest.is_empty()
        && !["st", "nd", "rd", "th", "s"]
            .iter()
            .any(|x| rest.eq_ignore_ascii_case(x))
    {
        return None;
    }
    w[..digits].parse().ok().map(|n| (n, digits))
}

/// ISO 8601 value of a DATE mention: "2019-06-28", "2019-06" or "2019" (None when the
/// text does not fix a calendar date, as in "Friday" or "last week").
pub(crate) fn date_value(text: &str) -> Option<String> {
    // Without a digit there is no year, and no value ("Friday", "last week": most).
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut year = None;
    let mut mon = None;
    let mut day = None;
    let mut decade = false;
    for raw in text.split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '-') {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        if let Some(m) = month(w) {
            mon = Some(m);
            continue;
        }
        if let Some((n, digits)) = leading_number(w) {
            if digits == 4 && (1000..=2100).contains(&n) {
                decade = w.ends_with('s');
                year = Some(n);
            } else if digits <= 2 && (1..=31).contains(&n) && !w.ends_with('s') {
                day = Some(n);
            }
        }
    }
    let year = year?;
    if decade {
        return None;
    }
    match (mon, day) {
        (Some(m), Some(d)) => Some(format!("{year:04}-{m:02}-{d:02}")),
        (Some(m), None) => Some(format!("{year:04}-{m:02}")),
        _ => Some(format!("{year:04}")),
    }
}

/// Does `text` contain `pat` (lower-case ASCII), ignoring ASCII case?
fn contains_ci(text: &str, pat: &str) -> bool {
    text.as_bytes()
        .windows(pat.len())
        .any(|w| w.eq_ignore_ascii_case(pat.as_bytes()))
}

/// hh:mm of a TIME mention ("10:30 a.m.", "3 p.m.", "noon"), when it says.
pub(crate) fn time_value(text: &str) -> Option<String> {
    // The words are found without case, and the digits read from the text itself: a
    // lower-cased copy has the same bytes where they are.
    if contains_ci(text, "noon") {
        return Some("12:00".into());
    }
    if contains_ci(text, "midnight") {
        return Some("00:00".into());
    }
    let pm = contains_ci(text, "p.m") || contains_ci(text, "pm");
    let am = contains_ci(text, "a.m") || contains_ci(text, "am");
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let hd = rest.bytes().take_while(u8::is_ascii_digit).count();
    let mut h: u32 = rest[..hd].parse().ok()?;
    let mut m = 0;
    if let Some(r) = rest[hd..].strip_prefix(':') {
        let md = r.bytes().take_while(u8::is_ascii_digit).count();
        if md != 2 {
            return None;
        }
        m = r[..md].parse().ok()?;
    } else if !(am || pm) {
        return None;
    }
    if h > 24 || m > 59 {
        return None;
    }
    if pm && h < 12 {
        h += 12;
    }
    if am && h == 12 {
        h = 0;
    }
    Some(format!("{h:02}:{m:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            date_value("Friday, June 28, 2019").as_deref(),
            Some("2019-06-28")
        );
        assert_eq!(date_value("28 June 2019").as_deref(), Some("2019-06-28"));
        assert_eq!(date_value("Sept. 11, 2001").as_deref(), Some("2001-09-11"));
        assert_eq!(date_value("December 2014").as_deref(), Some("2014-12"));
        assert_eq!(date_value("since 1979").as_deref(), Some("1979"));
        assert_eq!(date_value("2017").as_deref(), Some("2017"));
        assert_eq!(date_value("late June"), None);
        assert_eq!(date_value("Friday"), None);
        assert_eq!(date_value("the 1990s"), None);
        assert_eq!(date_value("May 18, 2015").as_deref(), Some("2015-05-18"));
        assert_eq!(
            date_value("SEPTEMBER 9, 2001").as_deref(),
            Some("2001-09-09")
        );
        assert_eq!(date_value("Feb. 3 2020").as_deref(), Some("2020-02-03"));
        assert_eq!(date_value("Septembers 2020").as_deref(), Some("2020"));
        assert_eq!(date_value("Jänner 2020").as_deref(), Some("2020"));
        assert_eq!(month("Dec."), Some(12));
        assert_eq!(month("septembre"), None);
        assert_eq!(month("Decembers"), None);
    }

    #[test]
    fn times() {
        assert_eq!(time_value("10:30 a.m.").as_deref(), Some("10:30"));
        assert_eq!(time_value("3 p.m.").as_deref(), Some("15:00"));
        assert_eq!(time_value("noon").as_deref(), Some("12:00"));
        assert_eq!(time_value("12 a.m.").as_deref(), Some("00:00"));
        assert_eq!(time_value("Thursday night"), None);
        assert_eq!(time_value("99:99"), None);
    }
}
