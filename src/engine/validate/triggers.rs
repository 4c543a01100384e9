//! Triggers: each trigger of the list checked (its scope, moment, action, guard, cost and
//! calendar), then the rules compiled into more triggers after the list's own, their problems at
//! the rule's line and column.

use super::checker::{Checker, names_in};
use super::guard::guard_of;
use super::sections::Names;
use crate::engine::document::{ActionDoc, ConditionDoc, Document, MAX_LOOPS, TriggerDoc};
use crate::engine::model::{Action, Condition, Trigger};
use crate::engine::order;
use crate::engine::problem::Problem;
use crate::engine::rules::lower::{Vocabulary, lower};
use crate::engine::rules::parse::line_column;

/// A trigger with its document scope resolved (categories and priorities are applied when the
/// tables are built; levels stay on the trigger because age and SLA triggers check them when they fire).
pub(super) struct Scoped {
    pub(super) categories: Option<Vec<bool>>,
    pub(super) priorities: Option<Vec<bool>>,
}

pub(super) fn triggers(doc: &Document, names: &Names, c: &mut Checker) -> Option<Vec<(Trigger, Scoped)>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (i, t) in doc.triggers.iter().enumerate() {
        match trigger(i, t, doc, names, c) {
            Some(x) => out.push(x),
            None => ok = false,
        }
    }
    c.unique_names("triggers", doc.triggers.iter().map(|t| t.name.as_str()), "trigger");
    // The rules compile to more triggers, after the list's own.
    if let Some(text) = &doc.rules {
        // Every syntax error is reported at once; the rules that parsed are still checked (their
        // names), but a scenario with an error in its rules does not run.
        let (file, syntax_errors) = crate::engine::rules::parse_all(text);
        let compiled = {
            let tags: Vec<String> = doc.workload.tags.keys().cloned().collect();
            // Triage's impact and urgency read like attributes.
            let mut attributes = names.attributes.clone();
            if doc.triage.is_some() {
                attributes.extend(["impact", "urgency"].map(String::from));
            }
            let vocabulary = Vocabulary {
                levels: &names.levels,
                categories: &names.categories,
                priorities: &names.priorities,
                calendars: &names.calendars[1..],
                attributes: &attributes,
                tags: &tags,
            };
            match lower(text, &file, &vocabulary) {
                Ok(lowered) if syntax_errors.is_empty() => Ok(lowered),
                Ok(_) => Err(syntax_errors),
                Err(mut errors) => {
                    errors.extend(syntax_errors);
                    order::sort_by_key(&mut errors, |e| e.span.0);
                    Err(errors)
                }
            }
        };
        match compiled {
            Ok(lowered) => {
                for w in &lowered.warnings {
                    let mut p = rule_problem(w.line, w.column, w.to_string_without_place());
                    p.severity = crate::engine::problem::Severity::Warning;
                    c.problems.push(p);
                }
                super::rule_warnings::check(text, doc, names, &lowered, c);
                c.rule_origins = vec![None; doc.triggers.len()];
                for (t, span) in lowered.triggers.iter().zip(&lowered.origins) {
                    let (line, column) = line_column(text, span.start);
                    if doc.triggers.iter().any(|d| d.name == t.name) {
                        c.problems.push(rule_problem(
                            line,
                            column,
                            format!("the rule \"{}\" has the name of a trigger; give it its own name", t.name),
                        ));
                        ok = false;
                    }
                    c.rule_origins.push(Some((line, column, t.name.clone())));
                    match trigger(out.len(), t, doc, names, c) {
                        Some(x) => out.push(x),
                        None => ok = false,
                    }
                }
            }
            Err(errors) => {
                for e in errors {
                    c.problems.push(rule_problem(e.line, e.column, e.to_string_without_place()));
                }
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// A `loop_back`: a level to go back to, a number of passes, and a timer to do it (a loop is
/// a repeat of the timers' escalation, never of a service's outcome or of a moment once met).
fn loop_back(path: &str, t: &TriggerDoc, to: &str, times: u32, names: &Names, c: &mut Checker) -> Option<Action> {
    let level = c.lookup(&format!("{path}.then.loop_back.to"), to, &names.levels, "level");
    let times = match u16::try_from(times) {
        Ok(n) if (1..=MAX_LOOPS).contains(&n) => Some(n),
        _ => {
            c.error(
                format!("{path}.then.loop_back.times"),
                format!("{times} is not a usable number of loops; give 1 to {MAX_LOOPS}"),
            );
            None
        }
    };
    if !matches!(t.when, ConditionDoc::QueueWaitOver(_) | ConditionDoc::TimeAtLevelOver(_)) {
        c.error(
            format!("{path}.then"),
            "a loop back repeats an escalation by timers: use it after a waiting or time-at-level time (queue_wait_over, time_at_level_over)",
        );
        return None;
    }
    Some(Action::LoopBack { to: level?, times: times? })
}

fn rule_problem(line: usize, column: usize, message: String) -> Problem {
    let mut p = Problem::error("rules", message);
    p.line = Some(line);
    p.column = Some(column);
    p
}

fn trigger(i: usize, t: &TriggerDoc, doc: &Document, names: &Names, c: &mut Checker) -> Option<(Trigger, Scoped)> {
    let path = format!("triggers[{i}]");
    let categories = names_in(c, &format!("{path}.categories"), &t.categories, &names.categories, "category");
    let priorities = names_in(c, &format!("{path}.priorities"), &t.priorities, &names.priorities, "priority");
    let levels = names_in(c, &format!("{path}.levels"), &t.levels, &names.levels, "level");
    let condition = match &t.when {
        ConditionDoc::NotResolved {} => Some(Condition::NotResolved),
        ConditionDoc::OnArrival { and_level_changes } => {
            if t.then == ActionDoc::EscalateNext {
                c.error(
                    format!("{path}.then"),
                    "on arrival an issue has no level to escalate from: route it with escalate_to a level",
                );
                None
            } else {
                Some(Condition::OnArrival { level_changes: *and_level_changes })
            }
        }
        ConditionDoc::QueueWaitOver(map) | ConditionDoc::TimeAtLevelOver(map) => {
            let (field, at_level) = match &t.when {
                ConditionDoc::TimeAtLevelOver(_) => ("time_at_level_over", true),
                _ => ("queue_wait_over", false),
            };
            let mut per = vec![None; names.priorities.len()];
            let mut ok = true;
            for (p, d) in map {
                let vp = format!("{path}.when.{field}.{p}");
                match (c.lookup(&vp, p, &names.priorities, "priority"), c.positive_duration(&vp, d)) {
                    (Some(pi), Some(ms)) => per[pi] = Some(ms),
                    _ => ok = false,
                }
            }
            if map.is_empty() {
                c.error(
                    format!("{path}.when.{field}"),
                    "give a waiting time for at least one priority, e.g. {\"P1\": \"10m\"}",
                );
                ok = false;
            }
            ok.then_some(if at_level { Condition::TimeAtLevelOver(per) } else { Condition::QueueWaitOver(per) })
        }
        ConditionDoc::OpenLongerThan { after, calendar } => {
            let after = c.positive_duration(&format!("{path}.when.open_longer_than.after"), after);
            let calendar = match calendar {
                Some(n) => c.lookup(&format!("{path}.when.open_longer_than.calendar"), n, &names.calendars, "calendar"),
                None => Some(0),
            };
            Some(Condition::OpenLongerThan { after: after?, calendar: calendar? })
        }
        ConditionDoc::SlaElapsed { target, fraction } => {
            if fraction.is_finite() && *fraction > 0.0 && *fraction <= 10.0 {
                Some(Condition::SlaElapsed { target: *target, fraction: *fraction })
            } else {
                c.error(
                    format!("{path}.when.sla_elapsed.fraction"),
                    format!(
                        "{fraction} is not a usable fraction of the SLA target; use a number above 0 such as 0.8 (80%)"
                    ),
                );
                None
            }
        }
    };
    let action = match &t.then {
        ActionDoc::EscalateNext => Some(Action::EscalateNext),
        ActionDoc::EscalateTo(n) => {
            c.lookup(&format!("{path}.then.escalate_to"), n, &names.levels, "level").map(Action::EscalateTo)
        }
        ActionDoc::Notify(n) => c.lookup(&format!("{path}.then.notify"), n, &names.levels, "level").map(Action::Notify),
        ActionDoc::Close if matches!(t.when, ConditionDoc::OnArrival { .. }) => {
            c.error(
                format!("{path}.then"),
                "closing an issue as it arrives would leave it unworked; close it at a later moment",
            );
            None
        }
        ActionDoc::Close => Some(Action::Close),
        ActionDoc::SetPriority(p) => {
            c.lookup(&format!("{path}.then.set_priority"), p, &names.priorities, "priority").map(Action::SetPriority)
        }
        ActionDoc::RaisePriority => Some(Action::RaisePriority),
        ActionDoc::PauseSla => Some(Action::PauseSla),
        ActionDoc::HoldSla => Some(Action::HoldSla),
        ActionDoc::ResumeSla => Some(Action::ResumeSla),
        ActionDoc::LoopBack { to, times } => loop_back(&path, t, to, *times, names, c),
    };
    let guard = match &t.only_if {
        Some(text) => guard_of(&format!("{path}.only_if"), text, doc, names, c).map(Some),
        None => Some(None),
    };
    let cost = match (&t.cost, &t.then) {
        (None, _) => Some(None),
        (Some(d), ActionDoc::Notify(_)) => c.positive_duration(&format!("{path}.cost"), d).map(Some),
        (Some(_), _) => {
            c.error(format!("{path}.cost"), "only a notification costs the notified level's time; remove cost");
            None
        }
    };
    let calendar = match (&t.calendar, &t.when) {
        (None, _) => Some(0),
        (Some(n), ConditionDoc::QueueWaitOver(_) | ConditionDoc::TimeAtLevelOver(_)) => {
            c.lookup(&format!("{path}.calendar"), n, &names.calendars, "calendar")
        }
        (Some(_), ConditionDoc::OpenLongerThan { .. }) => {
            c.error(format!("{path}.calendar"), "open_longer_than names its calendar itself; move it there");
            None
        }
        (Some(_), _) => {
            c.error(
                format!("{path}.calendar"),
                "only waiting and time-at-level times are counted on a calendar; remove calendar",
            );
            None
        }
    };
    let trigger = Trigger {
        name: t.name.clone(),
        condition: condition?,
        action: action?,
        levels: levels?,
        guard: guard?,
        cost: cost?,
        calendar: calendar?,
    };
    Some((trigger, Scoped { categories: categories?, priorities: priorities? }))
}
