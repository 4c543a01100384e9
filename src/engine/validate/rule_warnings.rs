//! Rule warnings that need the whole scenario, at the rule's line and column: a level no issue of
//! the rule's categories is ever at, and a time so long that every SLA target of the rule's
//! priorities has passed before it fires.
//!
//! Both are approximations that err on the side of silence. A category's issues are taken to
//! reach every level of its path from the first one any of them can be at (its entry levels,
//! the start of the path for a priority without one, and every level a trigger or rule of the
//! scenario that applies to the category moves issues to), whatever the priorities, attributes
//! and moments involved. A time is surely past a target only when it counts the same time or
//! more: clock time against a target on the 24x7 calendar, business time on a calendar against
//! a target on that calendar or on the 24x7 one; working-day targets, policies chosen by
//! attributes that may leave an issue without a target, and scenarios that pause the SLA clocks
//! are left alone.

use super::checker::Checker;
use super::sections::Names;
use crate::engine::document::{ActionDoc, Document, TriggerDoc};
use crate::engine::problem::Problem;
use crate::engine::rules::lower::{Lowered, Scope, Timer};
use crate::engine::rules::parse::line_column;
use crate::engine::rules::syntax::one_line;
use crate::engine::time::{format_duration, parse_duration, parse_working_days};

pub(super) fn check(text: &str, doc: &Document, names: &Names, lowered: &Lowered, c: &mut Checker) {
    let triggers: Vec<&TriggerDoc> = doc.triggers.iter().chain(&lowered.triggers).collect();
    let reach = reachable(doc, names, &triggers);
    let pauses = triggers.iter().any(|t| t.then == ActionDoc::PauseSla);
    let mut warned: Vec<(usize, String)> = Vec::new();
    for rule in &lowered.scopes {
        for scope in &rule.alternatives {
            let found = off_path(&reach, names, scope)
                .or_else(|| if pauses { None } else { after_targets(text, doc, names, scope) });
            if let Some((at, message)) = found
                && !warned.iter().any(|(a, m)| *a == at && *m == message)
            {
                let (line, column) = line_column(text, at);
                let mut p = Problem::warning("rules", format!("rule \"{}\": {message}", rule.rule));
                (p.line, p.column) = (Some(line), Some(column));
                c.problems.push(p);
                warned.push((at, message));
            }
        }
    }
}

/// Per category (in the names' order), the levels its issues can be at; `None` when its path
/// does not read (its errors are reported elsewhere).
fn reachable(doc: &Document, names: &Names, triggers: &[&TriggerDoc]) -> Vec<Option<Vec<bool>>> {
    doc.categories
        .iter()
        .map(|k| {
            let path: Vec<usize> =
                k.path.iter().map(|n| names.levels.iter().position(|l| l == n)).collect::<Option<_>>()?;
            let at = |n: &String| path.iter().position(|&l| names.levels[l] == *n);
            let mut starts: Vec<usize> = k.entry.values().filter_map(at).collect();
            if names.priorities.iter().any(|p| !k.entry.contains_key(p)) {
                starts.push(0);
            }
            for t in triggers {
                if let ActionDoc::EscalateTo(l) = &t.then
                    && t.categories.as_ref().is_none_or(|cs| cs.contains(&k.name))
                {
                    starts.extend(at(l));
                }
            }
            let first = starts.into_iter().min().unwrap_or(0);
            let mut levels = vec![false; names.levels.len()];
            for &l in &path[first.min(path.len())..] {
                levels[l] = true;
            }
            Some(levels)
        })
        .collect()
}

/// The quoted names marked in `mask` (all when `None`).
fn marked<'a>(mask: Option<&Vec<bool>>, names: &'a [String]) -> Vec<&'a String> {
    names.iter().enumerate().filter(|&(i, _)| mask.is_none_or(|m| m[i])).map(|(_, n)| n).collect()
}

fn quoted(names: &[&String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match q.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A level test no issue of the scope's categories can meet: where, and why.
fn off_path(reach: &[Option<Vec<bool>>], names: &Names, scope: &Scope) -> Option<(usize, String)> {
    let levels = scope.levels.as_ref()?;
    let categories = marked(scope.categories.as_ref(), &names.categories);
    let mut seen = Vec::new();
    for k in &categories {
        let i = names.categories.iter().position(|n| n == *k)?;
        // A category whose path does not read could be anywhere.
        let can = reach.get(i)?.as_ref()?;
        if levels.iter().zip(can).any(|(&want, &is)| want && is) {
            return None;
        }
        seen.push(format!(
            "issues of \"{k}\" are only ever at {}",
            quoted(&marked(Some(can), &names.levels)).replace(" or ", " and ")
        ));
    }
    let at = scope.level_tests.first()?.start;
    let whose = if scope.categories.is_none() {
        "any category".to_string()
    } else {
        format!("category {}", quoted(&categories))
    };
    Some((
        at,
        format!(
            "no issue of {whose} is ever at level {}, so this never holds ({}, by the path, the entry levels and the moves of triggers and rules)",
            quoted(&marked(Some(levels), &names.levels)),
            seen.join("; ")
        ),
    ))
}

/// A timer longer than every SLA target of every issue it applies to: where, and which targets.
fn after_targets(text: &str, doc: &Document, names: &Names, scope: &Scope) -> Option<(usize, String)> {
    let timer = scope.timer.as_ref()?;
    let categories = marked(scope.categories.as_ref(), &names.categories);
    let priorities = marked(scope.priorities.as_ref(), &names.priorities);
    // Per priority, the longest target passed, as words.
    let mut longest: Vec<(u64, String)> = vec![(0, String::new()); priorities.len()];
    for k in &categories {
        for (pi, p) in priorities.iter().enumerate() {
            let mut definite = false;
            for policy in doc.sla.iter().filter(|s| s.categories.as_ref().is_none_or(|cs| cs.contains(k))) {
                let targets = policy.targets.get(*p)?;
                let mut any = false;
                for (kind, target) in [("response", &targets.first_response), ("resolution", &targets.resolution)] {
                    let Some(target) = target else { continue };
                    let ms = passed(timer, target, policy.calendar.as_deref(), names)?;
                    any = true;
                    if ms >= longest[pi].0 {
                        let on = match policy.calendar.as_deref() {
                            Some(c) if c != names.calendars[0] => format!(" on \"{c}\""),
                            _ => String::new(),
                        };
                        longest[pi] = (ms, format!("{} {kind}{on}", format_duration(ms)));
                    }
                }
                if !any {
                    return None;
                }
                if policy.attributes.is_empty() {
                    definite = true;
                    break;
                }
            }
            // Some issues may fall under no policy: nothing to be late on.
            if !definite {
                return None;
            }
        }
    }
    let of: Vec<String> = priorities.iter().zip(&longest).map(|(p, (_, t))| format!("\"{p}\" ({t})")).collect();
    let of = match of.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let written = text.get(timer.span.start..timer.span.end).map(one_line).filter(|w| !w.is_empty());
    let written = written.as_deref().unwrap_or("this time");
    Some((
        timer.span.start,
        format!(
            "{written} fires only after every SLA target of {of} has passed, so the issue is already late on them (to act before, use a share of a target such as sla.resolution.elapsed >= 80%, or a shorter time)"
        ),
    ))
}

/// The target (on the policy's calendar) in ms when the timer surely counts past it.
fn passed(timer: &Timer, target: &str, calendar: Option<&str>, names: &Names) -> Option<u64> {
    if parse_working_days(target).is_some() {
        return None;
    }
    let ms = parse_duration(target).ok()?;
    let on_clock = calendar.is_none_or(|c| c == names.calendars[0]);
    // Business time on a calendar is never more than the clock time it takes.
    let comparable = on_clock || timer.calendar.as_deref() == calendar;
    (comparable && timer.ms > ms).then_some(ms)
}
