//! Diagnostics for configs: where (file:line:column), what was expected, what to do.

use std::fmt::{self, Write as _};
use std::ops::Range;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The config cannot be used.
    Error,
    /// The config works but probably not as meant.
    Warning,
}

/// One finding about a config, located in its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// The byte range of the source it is about, if any.
    pub span: Option<Range<usize>>,
    /// A short note under the underlined source ("expected one of ...").
    pub label: Option<String>,
    /// Suggestions: "did you mean `quote`?", "add a stage of type `text` before it".
    pub help: Vec<String>,
}

impl Diagnostic {
    /// An error about `span`.
    pub fn error(message: impl Into<String>, span: Option<Range<usize>>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
            label: None,
            help: Vec::new(),
        }
    }

    /// A warning about `span`.
    pub fn warning(message: impl Into<String>, span: Option<Range<usize>>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, span)
        }
    }

    /// Add the note shown under the source.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Add a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help.push(help.into());
        self
    }

    /// Add "did you mean `x`?" when one of `candidates` is close to `got`.
    pub fn with_suggestion<'a>(
        self,
        got: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Diagnostic {
        match did_you_mean(got, candidates) {
            Some(s) => self.with_help(format!("did you mean `{s}`?")),
            None => self,
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Line and column (both from 1, the column in characters) of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A list of diagnostics for one config file, rendered like a compiler's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The file's name as the user gave it (or `<embedded default>`).
    pub file: String,
    /// The file's text, for locating spans.
    pub source: String,
    /// The findings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// True when nothing prevents the config from being used.
    pub fn is_ok(&self) -> bool {
        self.errors() == 0
    }

    /// The diagnostics as text, each with its location, the source line and a caret under
    /// the offending part.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            self.render_one(&mut out, d);
            out.push('\n');
        }
        out
    }

    fn render_one(&self, out: &mut String, d: &Diagnostic) {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{level}: {}", d.message);
        let Some(span) = d.span.clone() else {
            let _ = writeln!(out, "  --> {}", self.file);
            for h in &d.help {
                let _ = writeln!(out, "  = help: {h}");
            }
            if let Some(label) = &d.label {
                let _ = writeln!(out, "  = note: {label}");
            }
            return;
        };
        let (line, col) = line_col(&self.source, span.start);
        let _ = writeln!(out, "  --> {}:{line}:{col}", self.file);
        let line_text = self.source.lines().nth(line - 1).unwrap_or("");
        let width = line.to_string().len();
        let pad = " ".repeat(width);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line} | {line_text}");
        // Underline the span's part on this line (at least one caret).
        let line_chars = line_text.chars().count();
        let span_text = self.source.get(span.clone()).unwrap_or("");
        let first_line_len = span_text.split('\n').next().unwrap_or("").chars().count();
        let carets = first_line_len.clamp(1, (line_chars + 1).saturating_sub(col - 1).max(1));
        let _ = write!(out, "{pad} | {}{}", " ".repeat(col - 1), "^".repeat(carets));
        match &d.label {
            Some(label) => {
                let _ = writeln!(out, " {label}");
            }
            None => out.push('\n'),
        }
        for h in &d.help {
            let _ = writeln!(out, "{pad} = help: {h}");
        }
    }

    /// One line summing the report up.
    pub fn summary(&self) -> String {
        let (e, w) = (self.errors(), self.warnings());
        let plural = |n: usize, s: &str| format!("{n} {s}{}", if n == 1 { "" } else { "s" });
        if e > 0 {
            format!(
                "{}: invalid config: {}, {}",
                self.file,
                plural(e, "error"),
                plural(w, "warning")
            )
        } else if w > 0 {
            format!("{}: valid, with {}", self.file, plural(w, "warning"))
        } else {
            format!("{}: valid", self.file)
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())?;
        f.write_str(&self.summary())
    }
}

/// The candidate closest to `got` in edit distance, if close enough to be a likely typo.
pub fn did_you_mean<'a>(
    got: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let got_l = got.to_lowercase();
    let len = got.chars().count();
    candidates
        .into_iter()
        .map(|c| (levenshtein(&got_l, &c.to_lowercase()), c))
        // At most one edit in two characters, and at most three: a typo, not a guess.
        .filter(|&(d, c)| d <= 3 && d * 2 <= len.max(c.chars().count()))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Edit distance between two strings, in characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("quotes", ["text", "quote", "entity"]),
            Some("quote")
        );
        assert_eq!(
            did_you_mean("pipline", ["version", "pipeline", "stage"]),
            Some("pipeline")
        );
        assert_eq!(did_you_mean("zzz", ["text", "quote"]), None);
        assert_eq!(did_you_mean("x", ["y"]), None);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }

    #[test]
    fn positions() {
        let src = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        // After "bé = " (é is two bytes): column 6.
        assert_eq!(line_col(src, 12), (2, 6));
        assert_eq!(line_col(src, 999), (3, 1));
    }

    #[test]
    fn renders_with_caret() {
        let report = Report {
            file: "p.toml".into(),
            source: "[stage.q]\ntype = \"quotes\"\n".into(),
            diagnostics: vec![
                Diagnostic::error("unknown stage type `quotes`", Some(17..25))
                    .with_label("expected one of: quote, text")
                    .with_suggestion("quotes", ["quote", "text"]),
            ],
        };
        assert_eq!(
            report.to_string(),
            "error: unknown stage type `quotes`\n  --> p.toml:2:8\n  |\n2 | type = \"quotes\"\n  |        ^^^^^^^^ expected one of: quote, text\n  = help: did you mean `quote`?\n\np.toml: invalid config: 1 error, 0 warnings"
        );
    }
}
