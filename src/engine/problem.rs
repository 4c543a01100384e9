//! Problems found in a scenario: where (a JSON path, and a line and column for syntax errors),
//! how bad (error or warning) and what, in a plain sentence.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The scenario cannot run.
    Error,
    /// The scenario runs, but the result is probably not what was meant (e.g. an overloaded level).
    Warning,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub severity: Severity,
    /// JSON path of the value concerned, e.g. `levels[2].staff`; empty for the whole document.
    pub path: String,
    /// 1-based line and column in the file, known for syntax errors only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { severity: Severity::Error, path: path.into(), line: None, column: None, message: message.into() }
    }

    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { severity: Severity::Warning, path: path.into(), line: None, column: None, message: message.into() }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}")?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, " at line {line}, column {column}")?;
        }
        if !self.path.is_empty() {
            write!(f, " in {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// "did you mean ...?" for a misspelt name, or an empty string when nothing is close.
pub fn suggestion<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let best = known
        .into_iter()
        .map(|k| (strsim::normalized_damerau_levenshtein(&name.to_lowercase(), &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, k)) => format!("; did you mean \"{k}\"?"),
        None => String::new(),
    }
}

/// The name nearest to a misspelt word, if near enough to be a slip: a few letters off (at most a
/// third of the name, at least one), never the same word in another case.
pub fn nearest_slip<'a>(got: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let got = got.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::levenshtein(&got, &k.to_lowercase()), k))
        .filter(|&(d, k)| d > 0 && d <= (k.len() / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// The list of known names, for messages: `"L1", "L2", "L3"`.
pub fn known_list<'a>(known: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<String> = known.into_iter().map(|k| format!("\"{k}\"")).collect();
    if names.is_empty() { "none are defined".to_string() } else { format!("known: {}", names.join(", ")) }
}
