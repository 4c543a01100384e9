//! What a rule means, in words, for the rule editor's explanations: the triggers it compiles to
//! (each moment, the issues it applies to, its action), which earlier rules of a first-match set
//! take part or all of it, and what a name in the text names in the scenario.

use serde_json::Value;

use super::rule_complete::NameKind;
use super::rule_names::RuleNames;
use crate::engine::document::{ActionDoc, ConditionDoc, SlaTarget, TriggerDoc};
use crate::engine::rules::lower::lower;
use crate::engine::rules::syntax::{HitPolicy, Rule, RuleFile, RuleSet};

/// A rule explained.
#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    pub name: String,
    /// Byte offsets of the rule, from its `rule` to the end of its last action.
    pub span: (usize, usize),
    /// Each trigger the rule compiles to, in words; or why it does not compile.
    pub lines: Vec<String>,
    /// Earlier rules of its first-match set that act first on some or all of its issues.
    pub shadows: Vec<String>,
}

/// The rule of `file` (parsed from `text`) that byte offset `at` falls in, explained against the
/// scenario's names.
pub fn explain(text: &str, file: &RuleFile, names: &RuleNames, at: usize) -> Option<Explained> {
    let (set, index, span) = file.sets.iter().enumerate().find_map(|(s, set)| {
        set.rules.iter().enumerate().find_map(|(i, rule)| {
            let span = extent(text, rule);
            (span.0 <= at && at <= span.1).then_some((s, i, span))
        })
    })?;
    let set = &file.sets[set];
    let rule = &set.rules[index];
    let vocabulary = names.vocabulary();
    let compiled = |hit: HitPolicy, rules: &[Rule]| -> Result<Vec<TriggerDoc>, String> {
        let one = RuleFile { sets: vec![RuleSet { name: None, hit, rules: rules.to_vec() }] };
        match lower(text, &one, &vocabulary) {
            Ok(lowered) => Ok(lowered
                .triggers
                .into_iter()
                .zip(lowered.origins)
                .filter(|(_, origin)| origin.start == rule.name.span.start)
                .map(|(t, _)| t)
                .collect()),
            Err(errors) => {
                Err(errors.first().map(crate::engine::rules::RuleError::to_string_without_place).unwrap_or_default())
            }
        }
    };
    let alone = match compiled(HitPolicy::All, std::slice::from_ref(rule)) {
        Ok(triggers) => triggers,
        Err(e) => {
            let lines = vec![format!("It does not compile yet: {e}.")];
            return Some(Explained { name: rule.name.value.clone(), span, lines, shadows: Vec::new() });
        }
    };
    let mut shadows = Vec::new();
    let mut acting = alone.clone();
    if set.hit == HitPolicy::First {
        acting = compiled(HitPolicy::First, &set.rules[..=index]).unwrap_or(acting);
        for earlier in &set.rules[..index] {
            let Ok(left) = compiled(HitPolicy::First, &[earlier.clone(), rule.clone()]) else { continue };
            if left.is_empty() {
                shadows.push(format!(
                    "The earlier rule “{}” of this first-match set covers all of it at the same moment: it never acts.",
                    earlier.name.value
                ));
            } else if !same(&left, &alone) {
                shadows.push(format!(
                    "The earlier rule “{}” of this first-match set covers part of it at the same moment: it acts only where that rule does not.",
                    earlier.name.value
                ));
            }
        }
    }
    let lines = acting.iter().map(|t| describe(t, names)).collect();
    Some(Explained { name: rule.name.value.clone(), span, lines, shadows })
}

/// A rule's extent: from its `rule` keyword to the end of its last action.
fn extent(text: &str, rule: &Rule) -> (usize, usize) {
    let start = text.get(..rule.name.span.start).and_then(|t| t.rfind("rule")).unwrap_or(rule.name.span.start);
    let end = rule.then.last().map_or(rule.when.span.end, |a| a.span.end);
    // An action's span may take in the spaces after it.
    (start, text.get(..end).map_or(end, |t| t.trim_end().len()))
}

/// Whether two trigger lists do the same (their names aside: a rule split in more parts
/// numbers them).
fn same(a: &[TriggerDoc], b: &[TriggerDoc]) -> bool {
    let unnamed = |t: &TriggerDoc| TriggerDoc { name: String::new(), ..t.clone() };
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| unnamed(x) == unnamed(y))
}

/// A compiled trigger in words: its moment, its action, the issues it applies to and what else
/// must hold.
pub fn describe(t: &TriggerDoc, names: &RuleNames) -> String {
    let mut priorities = t.priorities.clone();
    let moment = match &t.when {
        ConditionDoc::QueueWaitOver(map) | ConditionDoc::TimeAtLevelOver(map) => {
            let what = if matches!(t.when, ConditionDoc::QueueWaitOver(_)) {
                "has waited in a level's queue"
            } else {
                "has been at a level (queue and service)"
            };
            let mut limits: Vec<&String> = map.values().collect();
            limits.dedup();
            let on = t.calendar.as_ref().map(|c| format!(" of “{c}” hours")).unwrap_or_default();
            match limits.as_slice() {
                [one] => {
                    if map.len() < names.priorities.len() {
                        priorities = Some(map.keys().cloned().collect());
                    }
                    format!("When it {what} over {one}{on}")
                }
                _ => {
                    let each: Vec<String> = map.iter().map(|(p, d)| format!("{d} for {p}")).collect();
                    format!("When it {what} over {}{on}", each.join(", "))
                }
            }
        }
        ConditionDoc::OpenLongerThan { after, calendar } => {
            let on = calendar.as_ref().map(|c| format!(" of “{c}” hours")).unwrap_or_default();
            format!("When it has been open over {after}{on}")
        }
        ConditionDoc::SlaElapsed { target, fraction } => {
            let target = match target {
                SlaTarget::FirstResponse => "first-response",
                SlaTarget::Resolution => "resolution",
            };
            format!(
                "When {}% of its {target} target has elapsed",
                crate::engine::report::numbers::trim(fraction * 100.0, 1)
            )
        }
        ConditionDoc::NotResolved {} => "When a service ends without resolving it".to_string(),
        ConditionDoc::OnArrival { and_level_changes: false } => "When it arrives".to_string(),
        ConditionDoc::OnArrival { and_level_changes: true } => {
            "When it arrives, and each time it moves to another level".to_string()
        }
    };
    let action = action_words(&t.then, t.cost.as_deref());
    let list = |one: &str, many: &str, items: &Option<Vec<String>>| {
        items.as_ref().map(|v| {
            let quoted: Vec<String> = v.iter().map(|n| format!("“{n}”")).collect();
            format!("{} {}", if v.len() == 1 { one } else { many }, quoted.join(", "))
        })
    };
    let scope: Vec<String> = [
        list("category", "categories", &t.categories),
        list("priority", "priorities", &priorities),
        list("at level", "at levels", &t.levels),
    ]
    .into_iter()
    .flatten()
    .collect();
    let scope = if scope.is_empty() { "every issue".to_string() } else { format!("issues of {}", scope.join(", ")) };
    let guard = t.only_if.as_ref().map(|g| format!(", if also {g}")).unwrap_or_default();
    format!("{moment}: {action} ({scope}{guard}).")
}

/// What a trigger's action does, in words (`cost`: a notification's cost to the notified level).
pub fn action_words(then: &ActionDoc, cost: Option<&str>) -> String {
    match then {
        ActionDoc::EscalateNext => "escalate to the next level of its category's path".to_string(),
        ActionDoc::EscalateTo(l) => format!("move it to “{l}”"),
        ActionDoc::Notify(l) => match cost {
            Some(c) => format!("notify “{l}”, costing {c} of its staff's time"),
            None => format!("notify “{l}”"),
        },
        ActionDoc::Close => "close it as resolved".to_string(),
        ActionDoc::SetPriority(p) => format!("set its priority to “{p}”"),
        ActionDoc::RaisePriority => "raise its priority one step".to_string(),
        ActionDoc::PauseSla => "pause its SLA clocks".to_string(),
        ActionDoc::ResumeSla => "resume its SLA clocks".to_string(),
        ActionDoc::HoldSla => "put it on hold (its agent-work clock stops)".to_string(),
        ActionDoc::LoopBack { to, times } => {
            let s = if *times == 1 { "" } else { "s" };
            format!("send it back to “{to}” to go through the escalation again, at most {times} time{s}")
        }
    }
}

/// What a name of the rule text names in the scenario, in a few lines.
pub fn explain_name(doc: &Value, kind: NameKind, name: &str, names: &RuleNames) -> Vec<String> {
    let item = |list: &str| {
        doc.pointer(list)
            .and_then(Value::as_array)
            .and_then(|items| items.iter().find(|i| i.get("name").and_then(Value::as_str) == Some(name)))
    };
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(v @ Value::Number(_)) => v.to_string(),
        _ => "?".to_string(),
    };
    let mut out = Vec::new();
    match kind {
        NameKind::Level => {
            let Some(level) = item("/levels") else { return vec![format!("No level is named “{name}”.")] };
            let role = level.get("role").and_then(Value::as_str).unwrap_or("frontline").replace('_', " ");
            out.push(format!("Level “{name}”: {role}."));
            match level.get("shifts").and_then(Value::as_array).filter(|s| !s.is_empty()) {
                Some(shifts) => {
                    let each: Vec<String> = shifts
                        .iter()
                        .map(|s| {
                            let days = s.get("days").and_then(Value::as_array).map_or(String::new(), |d| {
                                d.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")
                            });
                            format!("{} on {days} {}–{}", text(s.get("staff")), text(s.get("from")), text(s.get("to")))
                        })
                        .collect();
                    out.push(format!("Staff by shift: {}.", each.join("; ")));
                }
                None => out.push(format!("Staff: {}.", text(level.get("staff")))),
            }
            let on: Vec<String> = doc
                .pointer("/categories")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|c| c.get("path").and_then(Value::as_array).is_some_and(|p| p.iter().any(|l| l == name)))
                .map(|c| format!("“{}”", text(c.get("name"))))
                .collect();
            if !on.is_empty() {
                out.push(format!("On the path of {}.", on.join(", ")));
            }
        }
        NameKind::Priority => {
            let Some(priority) = item("/priorities") else {
                return vec![format!("No priority is named “{name}”.")];
            };
            let label = priority.get("label").and_then(Value::as_str).filter(|l| !l.is_empty() && *l != name);
            out.push(match label {
                Some(l) => format!("Priority “{name}” ({l})."),
                None => format!("Priority “{name}”."),
            });
            for policy in doc.pointer("/sla").and_then(Value::as_array).into_iter().flatten() {
                let Some(targets) = policy.pointer(&format!("/targets/{}", super::pointer::key(name))) else {
                    continue;
                };
                let part = |field: &str, words: &str| targets.get(field).map(|v| format!("{words} {}", text(Some(v))));
                let parts: Vec<String> = [part("first_response", "first response"), part("resolution", "resolution")]
                    .into_iter()
                    .flatten()
                    .collect();
                let on = policy.get("calendar").map(|c| format!(", on “{}” hours", text(Some(c)))).unwrap_or_default();
                out.push(format!("SLA “{}”: {}{on}.", text(policy.get("name")), parts.join(", ")));
            }
            if out.len() == 1 {
                out.push("No SLA target.".to_string());
            }
        }
        NameKind::Category => {
            let Some(category) = item("/categories") else {
                return vec![format!("No category is named “{name}”.")];
            };
            let path: Vec<String> = category
                .get("path")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|l| format!("“{}”", text(Some(l))))
                .collect();
            out.push(format!("Category “{name}”: its path is {}.", path.join(" → ")));
        }
        NameKind::Calendar => {
            let Some(calendar) = item("/calendars") else { return vec![format!("No calendar is named “{name}”.")] };
            let hours: Vec<String> = calendar
                .get("hours")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|w| {
                    let days = w
                        .get("days")
                        .and_then(Value::as_array)
                        .map_or(String::new(), |d| d.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "));
                    format!("{days} {}–{}", text(w.get("from")), text(w.get("to")))
                })
                .collect();
            out.push(format!("Calendar “{name}”: open {}.", hours.join("; ")));
            if let Some(offset) = calendar.get("utc_offset").and_then(Value::as_str) {
                out.push(format!("UTC offset {offset}."));
            }
            let holidays = calendar.get("holidays").and_then(Value::as_array).map_or(0, Vec::len);
            if holidays > 0 {
                out.push(format!("{holidays} holidays."));
            }
        }
        NameKind::Tag => {
            let chance = doc.pointer(&format!("/workload/tags/{}", super::pointer::key(name)));
            out.push(format!("Tag “{name}”: drawn with chance {} for each issue.", text(chance)));
        }
        NameKind::Attribute => {
            let values = names.attributes.iter().position(|a| a == name).map(|i| names.values[i].clone());
            out.push(match values {
                Some(v) => format!("Attribute “{name}”: values {}.", v.join(", ")),
                None => format!("No attribute is named “{name}”."),
            });
        }
        NameKind::Value(i) => {
            let attribute = names.attributes.get(i).map_or("?", String::as_str);
            out.push(format!("A value of the attribute “{attribute}”."));
        }
    }
    out
}

#[cfg(test)]
#[path = "rule_explain/tests.rs"]
mod tests;
