//! Problems found in a scenario: where (a JSON path, and a line and column for syntax errors),
//! how bad (error or warning) and what, in a plain sentence.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::words;

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

/// "; did you mean ...?" for a misspelt name (the [`near_match`]), or an empty string when
/// nothing is near.
pub fn suggestion<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    match near_match(name, known) {
        Some(k) => format!("; did you mean \"{k}\"?"),
        None => String::new(),
    }
}

/// The known name nearest to `got`, if near enough to be a slip: the one rule behind every "did
/// you mean" of the engine (names, keywords, fields, variants).
///
/// Names are compared without regard to case, by Damerau-Levenshtein distance (a letter added,
/// dropped or changed, or two neighbouring letters swapped, each counting one). A name is near
/// when at most a third of its letters are off, at least one: `"Agnet"` is near `"Agent"` and
/// `"L5"` near `"L1"`, but a short word is never near a longer one it merely shares a letter
/// with (`"x"` is not near `"or"`). The nearest wins, the first known among equally near ones; a
/// name that differs only in case is the nearest of all, and an exact match is returned as it is
/// (callers ask once their own lookup has failed).
pub fn near_match<'a>(got: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let got = words::lowered(got);
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(&got, &words::lowered(k)), k))
        .filter(|&(d, k)| d <= (k.chars().count() / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// The list of known names, for messages: `"L1", "L2", "L3"`.
pub fn known_list<'a>(known: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<String> = known.into_iter().map(|k| format!("\"{k}\"")).collect();
    if names.is_empty() { "none are defined".to_string() } else { format!("known: {}", names.join(", ")) }
}
