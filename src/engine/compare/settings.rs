//! What differs between the settings of two scenarios, in words, for the top of a comparison:
//! `levels › “Team lead” › staff: 2 → 3`, `workload › arrivals per hour: 30 → 40`,
//! `levels › “Specialist”: added`.
//!
//! The two documents are compared as JSON, structurally. Places are written as the app writes the
//! place of a problem: fields by name (underscores as spaces), list items by their `name` where
//! every item of both lists has a distinct one (so that inserting a level does not read as every
//! later level changed), by position (`#2`) otherwise. When both documents read as scenarios they
//! are compared in their canonical form, so that a field left at its default and the same field
//! written out are not a difference.

use serde_json::{Map, Value};

use crate::engine::document::{self, Document};
use crate::engine::report::numbers;

/// At most this many differences are listed; the rest are counted ("and 4 more").
pub const MAX_LINES: usize = 20;

/// Lists of numbers or names longer than this are summarised ("3 of 168 values differ").
const LONG_LIST: usize = 12;

/// Text longer than this (a description, rule text) is only said to have changed.
const LONG_TEXT: usize = 40;

/// The differences between two scenarios' settings, each in words, in the documents' order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsDiff {
    pub changes: Vec<String>,
}

impl SettingsDiff {
    /// The lines to show: the first `MAX_LINES` differences and "and N more", or
    /// "no difference in settings".
    pub fn lines(&self) -> Vec<String> {
        if self.changes.is_empty() {
            return vec!["no difference in settings".to_string()];
        }
        let mut out: Vec<String> = self.changes.iter().take(MAX_LINES).cloned().collect();
        if self.changes.len() > MAX_LINES {
            out.push(format!("and {} more", self.changes.len() - MAX_LINES));
        }
        out
    }
}

/// What B changes from A. The run's seed and replications are left out: a comparison runs B with
/// A's, so they are never a difference between the two runs.
pub fn settings_diff(a: &Value, b: &Value) -> SettingsDiff {
    let (a, b) = (canonical(a), canonical(b));
    let mut changes = Vec::new();
    walk(&mut Vec::new(), Some(&a), Some(&b), &mut changes);
    SettingsDiff { changes }
}

/// The document as the scenario type writes it, if it reads as one; as given otherwise.
fn canonical(v: &Value) -> Value {
    document::from_value::<Document>(v).map_or_else(|_| v.clone(), |d| document::to_value(&d))
}

fn place(path: &[String]) -> String {
    path.join(" \u{203a} ")
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Left out of the comparison: B runs with A's seed and replications.
fn ignored(path: &[String], key: &str) -> bool {
    path.len() == 1 && path[0] == "run" && (key == "seed" || key == "replications")
}

fn walk(path: &mut Vec<String>, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<String>) {
    match (a, b) {
        (Some(a), Some(b)) if same(a, b) => {}
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for key in merged_keys(x, y) {
                if ignored(path, key) {
                    continue;
                }
                path.push(key.replace('_', " "));
                walk(path, x.get(key), y.get(key), out);
                path.pop();
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => list(path, x, y, out),
        // A list of named items that one side leaves out (an empty list is not written): each
        // item was added or removed.
        (None, Some(Value::Array(y))) if names(y).is_some() => list(path, &[], y, out),
        (Some(Value::Array(x)), None) if names(x).is_some() => list(path, x, &[], out),
        (Some(a), Some(b)) if long_text(a) || long_text(b) => out.push(format!("{}: changed", place(path))),
        (Some(a), Some(b)) => out.push(format!("{}: {} \u{2192} {}", place(path), shown(a), shown(b))),
        (None, Some(b)) if is_scalar(b) && !long_text(b) => {
            out.push(format!("{}: not set \u{2192} {}", place(path), shown(b)));
        }
        (Some(a), None) if is_scalar(a) && !long_text(a) => {
            out.push(format!("{}: {} \u{2192} not set", place(path), shown(a)));
        }
        (None, Some(_)) => out.push(format!("{}: added", place(path))),
        (Some(_), None) => out.push(format!("{}: removed", place(path))),
        (None, None) => {}
    }
}

/// The keys of both objects, each once, in the order they are written: B's new keys go after the
/// key that comes before them in B, so that a field B adds is listed where the file has it.
fn merged_keys<'v>(x: &'v Map<String, Value>, y: &'v Map<String, Value>) -> Vec<&'v String> {
    let mut keys: Vec<&String> = x.keys().collect();
    let mut at = 0;
    for key in y.keys() {
        match keys.iter().position(|k| *k == key) {
            Some(i) => at = i + 1,
            None => {
                keys.insert(at, key);
                at += 1;
            }
        }
    }
    keys
}

fn list(path: &mut Vec<String>, x: &[Value], y: &[Value], out: &mut Vec<String>) {
    if let (Some(nx), Some(ny)) = (names(x), names(y)) {
        for (item, name) in x.iter().zip(&nx) {
            path.push(format!("\u{201c}{name}\u{201d}"));
            let other = ny.iter().position(|n| n == name).map(|i| &y[i]);
            walk(path, Some(item), other, out);
            path.pop();
        }
        for (item, name) in y.iter().zip(&ny) {
            if !nx.contains(name) {
                path.push(format!("\u{201c}{name}\u{201d}"));
                walk(path, None, Some(item), out);
                path.pop();
            }
        }
        // Order can matter (priorities are listed most urgent first, SLA policies match top-down).
        let kept_a: Vec<&String> = nx.iter().filter(|n| ny.contains(n)).collect();
        let kept_b: Vec<&String> = ny.iter().filter(|n| nx.contains(n)).collect();
        if kept_a != kept_b {
            let quoted =
                |v: &[&String]| v.iter().map(|n| format!("\u{201c}{n}\u{201d}")).collect::<Vec<_>>().join(", ");
            out.push(format!("{}: order {} \u{2192} {}", place(path), quoted(&kept_a), quoted(&kept_b)));
        }
        return;
    }
    if x.iter().chain(y).all(is_scalar) {
        if x.len().max(y.len()) <= LONG_LIST {
            let joined = |v: &[Value]| {
                if v.is_empty() { "none".to_string() } else { v.iter().map(shown).collect::<Vec<_>>().join(", ") }
            };
            out.push(format!("{}: {} \u{2192} {}", place(path), joined(x), joined(y)));
        } else if x.len() == y.len() {
            let differ = x.iter().zip(y).filter(|(a, b)| !same(a, b)).count();
            out.push(format!("{}: {differ} of {} values differ", place(path), x.len()));
        } else {
            out.push(format!("{}: {} values \u{2192} {} values", place(path), x.len(), y.len()));
        }
        return;
    }
    for i in 0..x.len().max(y.len()) {
        path.push(format!("#{}", i + 1));
        walk(path, x.get(i), y.get(i), out);
        path.pop();
    }
}

/// The items' names, if every item has a distinct, non-empty one (an empty list has no names).
fn names(items: &[Value]) -> Option<Vec<String>> {
    let names: Vec<String> = items
        .iter()
        .map(|v| v.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()).map(str::to_string))
        .collect::<Option<_>>()?;
    let distinct = names.iter().enumerate().all(|(i, n)| !names[..i].contains(n));
    distinct.then_some(names)
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// A description or rule text: too long to show both versions on one line.
fn long_text(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.chars().count() > LONG_TEXT || s.contains('\n'))
}

/// A value as a person would write it in the editor.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) if s.is_empty() => "empty".to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |f| numbers::trim(f, 6)),
        Value::Bool(b) => b.to_string(),
        Value::Null => "none".to_string(),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn scenario() -> Value {
        json!({
            "version": 1,
            "name": "desk",
            "priorities": [{"name": "P1"}, {"name": "P2"}],
            "levels": [
                {"name": "Agent", "staff": 4, "service": {"dist": "exponential", "mean": "4m"}, "resolve_probability": 0.7},
                {"name": "Team lead", "role": "team_lead", "staff": 2, "service": {"dist": "exponential", "mean": "10m"}, "resolve_probability": 1.0}
            ],
            "categories": [{"name": "complaint", "share": 1.0, "path": ["Agent", "Team lead"]}],
            "workload": {"arrivals_per_hour": 30, "priority_mix": {"P1": 0.2, "P2": 0.8}},
            "sla": [{"name": "standard", "targets": {"P1": {"resolution": "1h"}, "P2": {"resolution": "4h"}}}],
            "triggers": [{"name": "wait at Agent", "when": {"queue_wait_over": {"P1": "30m"}}, "then": "escalate_next", "levels": ["Agent"]}],
            "run": {"horizon": "1w", "replications": 5, "seed": 1}
        })
    }

    fn diff(edit: impl FnOnce(&mut Value)) -> Vec<String> {
        let a = scenario();
        let mut b = a.clone();
        edit(&mut b);
        settings_diff(&a, &b).lines()
    }

    #[test]
    fn identical_scenarios_have_no_difference() {
        assert_eq!(diff(|_| {}), ["no difference in settings"]);
        // A default written out, a number written as 30.0, and the seed (B runs with A's) are none.
        assert_eq!(
            diff(|b| {
                b["levels"][0]["role"] = json!("frontline");
                b["workload"]["arrivals_per_hour"] = json!(30.0);
                b["run"]["seed"] = json!(7);
            }),
            ["no difference in settings"]
        );
    }

    #[test]
    fn one_changed_staff_is_one_line_naming_the_level() {
        assert_eq!(diff(|b| b["levels"][1]["staff"] = json!(3)), ["levels › “Team lead” › staff: 2 → 3"]);
    }

    #[test]
    fn changes_are_named_not_numbered() {
        let lines = diff(|b| {
            b["sla"][0]["targets"]["P2"]["resolution"] = json!("6h");
            b["workload"]["arrivals_per_hour"] = json!(40);
            b["description"] = json!("Two levels, and a wait timer that moves urgent issues on.");
            b["triggers"][0]["when"]["queue_wait_over"]["P1"] = json!("15m");
        });
        assert_eq!(
            lines,
            [
                "description: added",
                "workload › arrivals per hour: 30 → 40",
                "sla › “standard” › targets › P2 › resolution: 4h → 6h",
                "triggers › “wait at Agent” › when › queue wait over › P1: 30m → 15m",
            ]
        );
    }

    #[test]
    fn items_added_removed_and_reordered_are_said_so() {
        let lines = diff(|b| {
            let mut specialist = b["levels"][1].clone();
            specialist["name"] = json!("Specialist");
            b["levels"].as_array_mut().unwrap().push(specialist);
            b["levels"][0]["handoff"] = json!({"dist": "deterministic", "value": "2m"});
            b["priorities"] = json!([{"name": "P2"}, {"name": "P1"}, {"name": "P3"}]);
            b["triggers"] = json!([]);
        });
        assert_eq!(
            lines,
            [
                "priorities › “P3”: added",
                "priorities: order “P1”, “P2” → “P2”, “P1”",
                "levels › “Agent” › handoff: added",
                "levels › “Specialist”: added",
                "triggers › “wait at Agent”: removed",
            ]
        );
    }

    #[test]
    fn long_lists_are_summarised_and_many_changes_counted() {
        let lines = diff(|b| {
            let mut profile = vec![json!(1.0); 168];
            profile[3] = json!(2.0);
            b["workload"]["hour_of_week"] = json!(profile);
        });
        assert_eq!(lines, ["workload › hour of week: added"]);
        let a = json!({"hour_of_week": vec![1.0; 168], "xs": (0..30).collect::<Vec<_>>()});
        let mut b = a.clone();
        b["hour_of_week"][0] = json!(0.5);
        b["hour_of_week"][5] = json!(0.5);
        b["xs"] = json!((0..30).map(|i| json!({"v": i + 1})).collect::<Vec<_>>());
        let lines = settings_diff(&a, &b).lines();
        assert_eq!(lines[0], "hour of week: 2 of 168 values differ");
        assert_eq!(lines[1], "xs › #1: 0 → an object");
        assert_eq!(lines.len(), MAX_LINES + 1);
        assert_eq!(lines[MAX_LINES], "and 11 more");
    }
}
