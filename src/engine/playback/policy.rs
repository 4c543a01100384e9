//! What a trainer may change in the middle of a playback, and that change in words for the log.
//!
//! The policy: the triggers (timers and what they do), the rules, and each level's staff (a
//! number or shifts). Everything else (the levels themselves, categories, priorities, the
//! workload, SLA policies, calendars, the script, the run) shapes issues already under way or
//! the run's own length, so changing it means playing the edited scenario from its start. The
//! scenario's name and description change nothing.

use serde_json::Value;

/// The parts of a level a policy change may touch.
const LEVEL_STAFF: [&str; 2] = ["staff", "shifts"];
/// The top-level sections a policy change may touch (and those that change nothing).
const POLICY: [&str; 4] = ["triggers", "rules", "name", "description"];

/// Whether `edited` differs from `played` only in its policy, and if so what changed, in words
/// (empty when nothing did). Otherwise the first place it differs elsewhere (`levels[1].service`;
/// [`elsewhere`] puts it in a sentence).
pub fn policy_change(played: &Value, edited: &Value) -> Result<Vec<String>, String> {
    if let Some(at) = difference(&without_policy(played), &without_policy(edited), String::new()) {
        return Err(if at.is_empty() { "the scenario".to_string() } else { at });
    }
    let mut changes = trigger_changes(played.get("triggers"), edited.get("triggers"));
    if played.get("rules") != edited.get("rules") {
        changes.push("rules edited".to_string());
    }
    fn levels(v: &Value) -> &[Value] {
        v.get("levels").and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }
    for (before, after) in levels(played).iter().zip(levels(edited)) {
        let name = after.get("name").and_then(Value::as_str).unwrap_or("a level");
        match (before.get("staff"), after.get("staff")) {
            (Some(a), Some(b)) if a != b && before.get("shifts") == after.get("shifts") => {
                changes.push(format!("{name}: staff {a} → {b}"));
            }
            _ if LEVEL_STAFF.iter().any(|k| before.get(k) != after.get(k)) => {
                changes.push(format!("{name}: staffing changed"));
            }
            _ => {}
        }
    }
    Ok(changes)
}

/// Why a change that reaches `place` cannot be applied in the middle of a playback.
pub fn elsewhere(place: &str) -> String {
    format!(
        "{place} changed too: only timers, rules and staff can change in the middle of a playback; restart it to play the edited scenario"
    )
}

/// The scenario without what a policy change may touch.
fn without_policy(scenario: &Value) -> Value {
    let mut rest = scenario.clone();
    if let Some(map) = rest.as_object_mut() {
        for key in POLICY {
            map.remove(key);
        }
        if let Some(levels) = map.get_mut("levels").and_then(Value::as_array_mut) {
            for level in levels.iter_mut().filter_map(Value::as_object_mut) {
                for key in LEVEL_STAFF {
                    level.remove(key);
                }
            }
        }
    }
    rest
}

/// Where `a` and `b` first differ, as a path (`levels[1].service`), or `None` when they are equal.
fn difference(a: &Value, b: &Value, at: String) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys = x.keys().chain(y.keys().filter(|k| !x.contains_key(*k)));
            keys.map(|k| {
                let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => difference(p, q, path),
                    _ => Some(path),
                }
            })
            .find_map(|d| d)
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (p, q))| difference(p, q, format!("{at}[{i}]")))
        }
        // 1 and 1.0 are the same number (a JSON editor may write either).
        (Value::Number(x), Value::Number(y)) => (x.as_f64() != y.as_f64()).then_some(at),
        _ => (a != b).then_some(at),
    }
}

/// The triggers added, removed or changed, by name (a trigger without a name by its place).
fn trigger_changes(before: Option<&Value>, after: Option<&Value>) -> Vec<String> {
    let named = |v: Option<&Value>| -> Vec<(String, Value)> {
        let list = v.and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        list.iter()
            .enumerate()
            .map(|(i, t)| {
                let name =
                    t.get("name").and_then(Value::as_str).map_or_else(|| format!("trigger {}", i + 1), str::to_string);
                (name, t.clone())
            })
            .collect()
    };
    let (before, after) = (named(before), named(after));
    let find = |list: &[(String, Value)], name: &str| list.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone());
    let mut changes = Vec::new();
    for (name, t) in &after {
        match find(&before, name) {
            None => changes.push(format!("trigger \u{201c}{name}\u{201d} added")),
            Some(old) if &old != t => changes.push(format!("trigger \u{201c}{name}\u{201d} changed")),
            Some(_) => {}
        }
    }
    for (name, _) in &before {
        if find(&after, name).is_none() {
            changes.push(format!("trigger \u{201c}{name}\u{201d} removed"));
        }
    }
    changes
}
