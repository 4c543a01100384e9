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
        // As many replications as a run may take: precision mode's maximum when it asks for one,
        // so that a run that could go on to it is not judged small enough to re-run live.
        let expected_issues = v.model.as_ref().map_or(0.0, |m| {
            let replications = m.run.precision.as_ref().map_or(m.run.replications, |p| p.max_replications);
            engine::analytic::expected_arrivals(m, m.run.horizon) * f64::from(replications)
        });
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn b1() -> Value {
        serde_json::from_str(include_str!("../../static/scenarios/b1.json")).unwrap()
    }

    #[test]
    fn checked_problems_are_found_at_their_field() {
        let mut doc = b1();
        doc["levels"][1]["staff"] = json!("many");
        let checked = Checked::of(&doc);
        assert!(!checked.runnable);
        let at: Vec<_> = checked.at("levels[1].staff").collect();
        assert_eq!(at.len(), 1, "{:?}", checked.problems);
        assert_eq!(at[0].severity, Severity::Error);
        // Within an item: its own fields, not those of an item whose index starts the same.
        assert_eq!(checked.within("levels[1]").count(), 1);
        assert_eq!(checked.within("levels").count(), 1);
        assert_eq!(checked.within("level").count(), 0);
        assert_eq!(checked.within("levels[10]").count(), 0);
        assert_eq!(checked.errors().count(), 1);
    }

    /// A line and column count in the one-line text the engine was given, which the user never
    /// sees: they are dropped, except in the rules, whose text the user wrote.
    #[test]
    fn only_rule_problems_keep_their_line_and_column() {
        let mut doc = b1();
        doc["rules"] = json!("rule \"up\"\n  when waiting > 10m\n  then escalate to \"NOWHERE\"\n");
        let checked = Checked::of(&doc);
        let rule = checked.at("rules").next().unwrap_or_else(|| panic!("{:?}", checked.problems));
        // Line 3, at the name of the level: `  then escalate to "NOWHERE"`.
        assert_eq!((rule.line, rule.column), (Some(3), Some(20)), "{rule:?}");
        // A shape error is placed by the parser in the one-line text: only its path is kept.
        let mut doc = b1();
        doc["levels"][1]["staff"] = json!("many");
        let staff = Checked::of(&doc).at("levels[1].staff").next().cloned().unwrap();
        assert_eq!((staff.line, staff.column), (None, None));
        assert_eq!(engine::load(&doc.to_string()).problems[0].line, Some(1), "the engine placed it");
    }

    #[test]
    fn a_runnable_scenario_says_how_many_issues_a_run_makes() {
        let checked = Checked::of(&b1());
        assert!(checked.runnable, "{:?}", checked.problems);
        assert!(checked.expected_issues > 0.0);
        assert_eq!(Checked::of(&json!({"version": 1})).expected_issues, 0.0);
        // Until precise: up to the maximum number of replications (B1 has 5).
        let mut precise = b1();
        precise["run"]["precision"] = json!({"max_replications": 50});
        let up_to = Checked::of(&precise).expected_issues;
        assert!((up_to / checked.expected_issues - 10.0).abs() < 1e-9, "{up_to} vs {}", checked.expected_issues);
        assert!(document_of(&b1()).is_some());
        assert_eq!(document_of(&json!({"version": 1, "levels": 3})), None);
    }
}
