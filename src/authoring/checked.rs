//! The edited scenario as the engine sees it: its problems, whether it can run and how large a
//! run is, re-checked on every change of the document.

use serde_json::Value;

use crate::engine::{self, Problem, Severity};

/// The scenario checked by the engine.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    pub problems: Vec<Problem>,
    /// The scenario can run (no errors).
    pub runnable: bool,
    /// Expected issues in one replication, for deciding whether live mode re-runs it.
    pub expected_issues: f64,
}

impl Checked {
    pub fn of(doc: &Value) -> Checked {
        let text = serde_json::to_string(doc).expect("a JSON value serializes");
        let mut v = engine::load(&text);
        // A place in this one-line text means nothing to the user, who never sees it: the path
        // says where. Rule problems keep theirs, which are in the rule text.
        for p in v.problems.iter_mut().filter(|p| !p.path.is_empty() && p.path != "rules") {
            (p.line, p.column) = (None, None);
        }
        let expected_issues = v
            .model
            .as_ref()
            .map_or(0.0, |m| engine::analytic::expected_arrivals(m, m.run.horizon) * f64::from(m.run.replications));
        Checked { runnable: v.model.is_some(), problems: v.problems, expected_issues }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.severity == Severity::Error)
    }

    /// Problems whose path is `path` exactly.
    pub fn at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Problem> {
        self.problems.iter().filter(move |p| p.path == path)
    }

    /// Problems at `path` or inside it.
    pub fn within<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Problem> {
        self.problems.iter().filter(move |p| {
            p.path == path
                || (p.path.starts_with(path) && matches!(p.path.as_bytes().get(path.len()), Some(b'.' | b'[')))
        })
    }
}

/// The edited scenario read as the engine's document, if it reads. Through its text, like every
/// other read of a scenario, so that the download carries one reader of the format, not two.
pub fn document_of(doc: &Value) -> Option<engine::Document> {
    let text = serde_json::to_string(doc).expect("a JSON value serializes");
    serde_json::from_str(&text).ok()
}
