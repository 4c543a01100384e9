//! Validation of what connects the sections: categories and their paths, the workload, SLA
//! policies, triggers and the reopen loop; then the flat per-(level, category, priority) tables.

use super::checker::Checker;
use super::sections::{Base, Names, cumulative};
use crate::engine::distribution::Distribution;
use crate::engine::document::{ActionDoc, ConditionDoc, Document, TriggerDoc};
use crate::engine::model::{
    Action, Burst, Category, Cell, Compare, Condition, Guard, MAX_TAGS, Outcome, ScheduledIssue, SlaPolicy, Trigger,
    Workload,
};
use crate::engine::problem::Problem;
use crate::engine::rules::lower::{Vocabulary, lower};
use crate::engine::rules::parse::{line_column, parse_condition};
use crate::engine::rules::syntax::{Counter, Expr, Name, Span, Spanned, Test};
use crate::engine::time::HOUR;

pub struct Flow {
    pub categories: Vec<Category>,
    pub workload: Workload,
    pub sla: Vec<SlaPolicy>,
    pub triggers: Vec<Trigger>,
    pub reopen_after: Option<Distribution>,
    pub cells: Vec<Cell>,
}

/// Largest arrival rate that makes sense (a million issues an hour).
const MAX_RATE_PER_HOUR: f64 = 1e6;

pub fn build(doc: &Document, base: &Option<super::sections::Base>, c: &mut Checker) -> Option<Flow> {
    let names = Names::of(doc);
    let global_mix = match &doc.workload.priority_mix {
        Some(m) => match c.mix("workload.priority_mix", m, &names.priorities, "priority") {
            Some(v) => Some(v),
            None => {
                // Keep checking the other sections; the mix error is already recorded.
                checks_without_mix(doc, &names, c);
                return None;
            }
        },
        None => None,
    };
    if doc.workload.priority_mix.is_some() && doc.triage.is_some() {
        c.warning(
            "triage",
            "workload.priority_mix is given, so triage is never used: every category takes that mix unless it has its own",
        );
    }
    let triggers = triggers(doc, &names, c);
    if let Some(base) = base {
        super::sla::age_triggers(doc, &base.calendars, c);
    }
    let categories = categories(doc, &names, global_mix.as_deref(), triggers.as_deref(), c);
    let workload = workload(doc, &names, c);
    let sla = super::sla::policies(doc, &names, base.as_ref().map(|b| &b.calendars[..]), c);
    let reopen_after = match &doc.reopen {
        Some(r) => {
            if c.probability("reopen.probability", r.probability).is_some_and(|p| p >= 1.0) {
                c.error(
                    "reopen.probability",
                    "with a reopen probability of 1 every issue reopens forever; use less than 1",
                );
            }
            c.distribution("reopen.after", &r.after).map(Some)
        }
        None => Some(None),
    };
    let (triggers, categories, workload, sla, reopen_after) = (triggers?, categories?, workload?, sla?, reopen_after?);
    let base = base.as_ref()?;
    let cells = cells(base, &categories, &triggers, doc);
    let triggers = triggers.into_iter().map(|(t, _)| t).collect();
    Some(Flow { categories, workload, sla, triggers, reopen_after, cells })
}

/// The checks `build` still makes when the global priority mix is broken.
fn checks_without_mix(doc: &Document, names: &Names, c: &mut Checker) {
    let triggers = triggers(doc, names, c);
    categories(
        doc,
        names,
        Some(&vec![1.0 / names.priorities.len().max(1) as f64; names.priorities.len()]),
        triggers.as_deref(),
        c,
    );
    workload(doc, names, c);
    super::sla::policies(doc, names, None, c);
}

pub(super) fn names_in(
    c: &mut Checker,
    path: &str,
    list: &Option<Vec<String>>,
    known: &[String],
    what: &str,
) -> Option<Option<Vec<bool>>> {
    let Some(list) = list else { return Some(None) };
    if list.is_empty() {
        c.warning(path, format!("an empty {what} list matches nothing, so this trigger never fires; omit the field to match every {what}"));
    }
    let mut mask = vec![false; known.len()];
    let mut ok = true;
    for (i, n) in list.iter().enumerate() {
        match c.lookup(&format!("{path}[{i}]"), n, known, what) {
            Some(k) => mask[k] = true,
            None => ok = false,
        }
    }
    ok.then_some(Some(mask))
}

/// A trigger with its document scope resolved (categories and priorities are applied when the
/// tables are built; levels stay on the trigger because age and SLA triggers check them when they fire).
struct Scoped {
    categories: Option<Vec<bool>>,
    priorities: Option<Vec<bool>>,
}

fn triggers(doc: &Document, names: &Names, c: &mut Checker) -> Option<Vec<(Trigger, Scoped)>> {
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
        let compiled = crate::engine::rules::parse(text).map_err(|e| vec![e]).and_then(|file| {
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
            lower(text, &file, &vocabulary)
        });
        match compiled {
            Ok(lowered) => {
                for w in &lowered.warnings {
                    let mut p = rule_problem(w.line, w.column, w.to_string_without_place());
                    p.severity = crate::engine::problem::Severity::Warning;
                    c.problems.push(p);
                }
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

/// A trigger's `only_if` condition as a guard checked when its moment comes.
fn guard_of(path: &str, text: &str, doc: &Document, names: &Names, c: &mut Checker) -> Option<Guard> {
    let expr = match parse_condition(text) {
        Ok(e) => e,
        Err(e) => {
            c.error(path, format!("{}:{}: {}", e.line, e.column, e.to_string_without_place()));
            return None;
        }
    };
    let mut problems = Vec::new();
    let guard = guard_expr(&expr.value, doc, names, &mut problems);
    for (span, message) in problems {
        let (line, column) = line_column(text, span.start);
        c.error(path, format!("{line}:{column}: {message}"));
    }
    guard
}

fn guard_expr(e: &Expr, doc: &Document, names: &Names, problems: &mut Vec<(Span, String)>) -> Option<Guard> {
    let all = |parts: &[Spanned<Expr>], problems: &mut Vec<(Span, String)>| {
        parts
            .iter()
            .map(|p| guard_expr(&p.value, doc, names, problems))
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Option<Vec<_>>>()
    };
    let mask = |list: &[Name], known: &[String], what: &str, problems: &mut Vec<(Span, String)>| {
        let mut m = vec![false; known.len()];
        let mut ok = true;
        for n in list {
            match known.iter().position(|k| *k == n.value) {
                Some(i) => m[i] = true,
                None => {
                    problems.push((n.span, format!("unknown {what} \"{}\"", n.value)));
                    ok = false;
                }
            }
        }
        ok.then_some(m)
    };
    let compare = |c: &Compare| *c;
    Some(match e {
        Expr::And(parts) => Guard::All(all(parts, problems)?),
        Expr::Or(parts) => Guard::Any(all(parts, problems)?),
        Expr::Not(inner) => Guard::Not(Box::new(guard_expr(&inner.value, doc, names, problems)?)),
        Expr::Test(t) => match t {
            Test::Category(list) => Guard::Category(mask(list, &names.categories, "category", problems)?),
            Test::Priority(list) => Guard::Priority(mask(list, &names.priorities, "priority", problems)?),
            Test::PriorityAtLeast(p) => {
                let at = names.priorities.iter().position(|n| *n == p.value);
                let Some(at) = at else {
                    problems.push((p.span, format!("unknown priority \"{}\"", p.value)));
                    return None;
                };
                Guard::Priority((0..names.priorities.len()).map(|i| i <= at).collect())
            }
            Test::Level(list) => Guard::Level(mask(list, &names.levels, "level", problems)?),
            Test::Attribute { name, values } => {
                let triage = doc.triage.as_ref();
                match (name.value.as_str(), triage) {
                    ("impact", Some(t)) if !names.attributes.contains(&name.value) => {
                        let known: Vec<String> = t.impact.keys().cloned().collect();
                        Guard::Impact(mask(values, &known, "impact", problems)?)
                    }
                    ("urgency", Some(t)) if !names.attributes.contains(&name.value) => {
                        let known: Vec<String> = t.urgency.keys().cloned().collect();
                        Guard::Urgency(mask(values, &known, "urgency", problems)?)
                    }
                    _ => {
                        let Some(index) = doc.attributes.iter().position(|a| a.name == name.value) else {
                            problems.push((name.span, format!("unknown attribute \"{}\"", name.value)));
                            return None;
                        };
                        let known: Vec<String> = doc.attributes[index].values.keys().cloned().collect();
                        let what = format!("value of \"{}\"", name.value);
                        Guard::Attribute { index, values: mask(values, &known, &what, problems)? }
                    }
                }
            }
            Test::Count { counter: Counter::Escalations, compare: c, value } => {
                Guard::Escalations(compare(c), value.value)
            }
            Test::Count { counter: Counter::Reopens, compare: c, value } => Guard::Reopens(compare(c), value.value),
            Test::Time { measure, compare: c, limit, calendar } => {
                let calendar = match (calendar, limit.value.business) {
                    (None, false) => 0,
                    (Some(n), true) => match names.calendars.iter().position(|k| *k == n.value) {
                        Some(i) => i,
                        None => {
                            problems.push((n.span, format!("unknown calendar \"{}\"", n.value)));
                            return None;
                        }
                    },
                    // The scenario's only business calendar.
                    (None, true) if names.calendars.len() == 2 => 1,
                    (None, true) => {
                        problems.push((limit.span, "say whose business hours these are (on \"calendar\")".into()));
                        return None;
                    }
                    (Some(n), false) => {
                        problems.push((n.span, "a calendar only counts business time (write bh)".into()));
                        return None;
                    }
                };
                Guard::Time { measure: *measure, compare: compare(c), ms: limit.value.ms, calendar }
            }
            Test::SlaElapsed { target, compare: c, percent } => {
                Guard::SlaShare { target: *target, compare: compare(c), share: percent.value / 100.0 }
            }
            Test::Tag(t) => match doc.workload.tags.keys().position(|k| *k == t.value) {
                Some(i) => Guard::Tag(i),
                None => {
                    problems.push((t.span, format!("unknown tag \"{}\"", t.value)));
                    return None;
                }
            },
            Test::InBusinessHours(calendar) => {
                let index = match calendar {
                    Some(n) => names.calendars.iter().position(|k| *k == n.value),
                    // The scenario's only business calendar.
                    None if names.calendars.len() == 2 => Some(1),
                    None => None,
                };
                let Some(index) = index else {
                    let span = calendar.as_ref().map_or(Span::default(), |n| n.span);
                    problems.push((span, "say which calendar's business hours (in business hours \"name\")".into()));
                    return None;
                };
                Guard::InBusinessHours(index)
            }
            // Rules act on open issues only.
            Test::Resolved => Guard::Any(Vec::new()),
            other => {
                problems.push((Span::default(), format!("\"{other}\" cannot be checked here")));
                return None;
            }
        },
    })
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
            if !(fraction.is_finite() && *fraction > 0.0 && *fraction <= 10.0) {
                c.error(
                    format!("{path}.when.sla_elapsed.fraction"),
                    format!(
                        "{fraction} is not a usable fraction of the SLA target; use a number above 0 such as 0.8 (80%)"
                    ),
                );
                None
            } else {
                Some(Condition::SlaElapsed { target: *target, fraction: *fraction })
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
        ActionDoc::ResumeSla => Some(Action::ResumeSla),
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

fn categories(
    doc: &Document,
    names: &Names,
    global_mix: Option<&[f64]>,
    triggers: Option<&[(Trigger, Scoped)]>,
    c: &mut Checker,
) -> Option<Vec<Category>> {
    if doc.categories.is_empty() {
        c.error("categories", "there must be at least one category");
    }
    c.unique_names("categories", doc.categories.iter().map(|k| k.name.as_str()), "category");
    let default_reopen = doc.reopen.as_ref().map_or(0.0, |r| r.probability);
    let mut out = Vec::new();
    let mut ok = true;
    let mut share_sum = 0.0;
    for (i, k) in doc.categories.iter().enumerate() {
        let path = format!("categories[{i}]");
        let share = c.probability(&format!("{path}.share"), k.share);
        share_sum += k.share;
        if k.path.is_empty() {
            c.error(format!("{path}.path"), "an escalation path needs at least one level");
        }
        let mut levels = Vec::new();
        for (j, n) in k.path.iter().enumerate() {
            if let Some(l) = c.lookup(&format!("{path}.path[{j}]"), n, &names.levels, "level") {
                if let Some(first) = levels.iter().position(|&x| x == l) {
                    c.error(
                        format!("{path}.path[{j}]"),
                        format!("\"{n}\" is already on this path at position {}; a path that returns to a level could loop forever", first + 1),
                    );
                }
                levels.push(l);
            }
        }
        let path_ok = levels.len() == k.path.len() && !levels.is_empty();
        let mut entry = vec![0; names.priorities.len()];
        for (p, lvl) in &k.entry {
            let ep = format!("{path}.entry.{p}");
            let pi = c.lookup(&ep, p, &names.priorities, "priority");
            let li = c.lookup(&ep, lvl, &names.levels, "level");
            if let (Some(pi), Some(li)) = (pi, li) {
                match levels.iter().position(|&x| x == li) {
                    Some(pos) => entry[pi] = pos,
                    None if path_ok => {
                        c.error(&ep, format!("the entry level \"{lvl}\" is not on the path of \"{}\"", k.name))
                    }
                    None => {}
                }
            }
        }
        let mix = match &k.priority_mix {
            Some(m) => c.mix(&format!("{path}.priority_mix"), m, &names.priorities, "priority"),
            None => match (global_mix, &doc.triage) {
                (Some(g), _) => Some(g.to_vec()),
                (None, Some(_)) => Some(Vec::new()),
                (None, None) => {
                    c.error(
                        format!("{path}.priority_mix"),
                        "no priority mix applies to this category: give workload.priority_mix, triage, or a priority_mix here",
                    );
                    None
                }
            },
        };
        let reopen = k.reopen_probability.unwrap_or(default_reopen);
        if let Some(r) = k.reopen_probability {
            let valid = c.probability(&format!("{path}.reopen_probability"), r);
            if doc.reopen.is_none() && r > 0.0 {
                c.error(
                    format!("{path}.reopen_probability"),
                    "a reopen probability needs a top-level `reopen` section (the follow-up delay); add one or remove this",
                );
            }
            if valid.is_some_and(|r| r >= 1.0) {
                c.error(
                    format!("{path}.reopen_probability"),
                    "with a reopen probability of 1 every issue reopens forever; use less than 1",
                );
            }
        }
        let (Some(share), Some(mix), true) = (share, mix, path_ok) else {
            ok = false;
            continue;
        };
        // Age and SLA-fraction triggers start at arrival; check their targets are on this path.
        let mut arrival_timers = vec![Vec::new(); names.priorities.len()];
        let mut on_arrival = vec![Vec::new(); names.priorities.len()];
        if let Some(triggers) = triggers {
            for (ti, (t, scope)) in triggers.iter().enumerate() {
                if scope.categories.as_ref().is_some_and(|m| !m[i]) {
                    continue;
                }
                if let Action::EscalateTo(target) = t.action
                    && !levels.contains(&target)
                {
                    c.error(
                        format!("triggers[{ti}].then.escalate_to"),
                        format!(
                            "\"{}\" is not on the path of category \"{}\", which this trigger applies to; add it to the path or limit the trigger's categories",
                            names.levels[target], k.name
                        ),
                    );
                    ok = false;
                }
                if matches!(t.condition, Condition::OnArrival { .. }) {
                    for (p, list) in on_arrival.iter_mut().enumerate() {
                        if scope.priorities.as_ref().is_none_or(|m| m[p]) {
                            list.push(ti);
                        }
                    }
                }
                if matches!(t.condition, Condition::OpenLongerThan { .. } | Condition::SlaElapsed { .. }) {
                    for (p, timers) in arrival_timers.iter_mut().enumerate() {
                        if scope.priorities.as_ref().is_none_or(|m| m[p]) {
                            timers.push(ti);
                        }
                    }
                }
            }
        }
        out.push(Category {
            name: k.name.clone(),
            share,
            path: levels,
            entry,
            priority_cumulative: cumulative(&mix),
            priority_mix: mix,
            reopen_probability: reopen.clamp(0.0, 1.0),
            arrival_timers,
            on_arrival,
        });
    }
    if !doc.categories.is_empty() && (share_sum - 1.0).abs() > 1e-6 {
        c.error("categories", format!("the category shares sum to {}, not 1", (share_sum * 1e6).round() / 1e6));
        ok = false;
    }
    ok.then_some(out)
}

fn workload(doc: &Document, names: &Names, c: &mut Checker) -> Option<Workload> {
    let w = &doc.workload;
    let mut ok = true;
    if !(w.arrivals_per_hour.is_finite() && w.arrivals_per_hour >= 0.0 && w.arrivals_per_hour <= MAX_RATE_PER_HOUR) {
        c.error(
            "workload.arrivals_per_hour",
            format!("{} arrivals per hour: use a number between 0 and {MAX_RATE_PER_HOUR}", w.arrivals_per_hour),
        );
        ok = false;
    }
    let mut profile = [1.0; 168];
    let multipliers = |path: &str, values: &[f64], len: usize, c: &mut Checker| -> bool {
        if values.len() != len {
            c.error(path, format!("needs exactly {len} multipliers, not {}", values.len()));
            return false;
        }
        if let Some(i) = values.iter().position(|v| !(v.is_finite() && *v >= 0.0 && *v <= 1000.0)) {
            c.error(
                format!("{path}[{i}]"),
                format!("{} is not a rate multiplier; use a number between 0 and 1000", values[i]),
            );
            return false;
        }
        true
    };
    match (&w.hour_of_week, &w.hour_of_day, &w.day_of_week) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            c.error("workload.hour_of_week", "give either hour_of_week or hour_of_day/day_of_week, not both");
            ok = false;
        }
        (Some(h), None, None) => {
            if multipliers("workload.hour_of_week", h, 168, c) {
                profile.copy_from_slice(h);
            } else {
                ok = false;
            }
        }
        (None, hod, dow) => {
            let hod_ok = hod.as_ref().is_none_or(|h| multipliers("workload.hour_of_day", h, 24, c));
            let dow_ok = dow.as_ref().is_none_or(|d| multipliers("workload.day_of_week", d, 7, c));
            if hod_ok && dow_ok {
                for (i, m) in profile.iter_mut().enumerate() {
                    *m = hod.as_ref().map_or(1.0, |h| h[i % 24]) * dow.as_ref().map_or(1.0, |d| d[i / 24]);
                }
            } else {
                ok = false;
            }
        }
    }
    let shares: Vec<f64> = doc.categories.iter().map(|k| k.share.clamp(0.0, 1.0)).collect();
    let mut bursts = Vec::new();
    for (i, b) in w.bursts.iter().enumerate() {
        let path = format!("workload.bursts[{i}]");
        let start = c.duration(&format!("{path}.start"), &b.start);
        let duration = c.positive_duration(&format!("{path}.duration"), &b.duration);
        let rate =
            if b.arrivals_per_hour.is_finite() && b.arrivals_per_hour > 0.0 && b.arrivals_per_hour <= MAX_RATE_PER_HOUR
            {
                Some(b.arrivals_per_hour)
            } else {
                c.error(
                    format!("{path}.arrivals_per_hour"),
                    format!(
                        "{} arrivals per hour: use a number above 0 and at most {MAX_RATE_PER_HOUR}",
                        b.arrivals_per_hour
                    ),
                );
                None
            };
        let category = c.lookup(&format!("{path}.category"), &b.category, &names.categories, "category");
        let mix = match &b.priority_mix {
            Some(m) => c.mix(&format!("{path}.priority_mix"), m, &names.priorities, "priority").map(Some),
            None => Some(None),
        };
        match (start, duration, rate, category, mix) {
            (Some(s), Some(d), Some(r), Some(k), Some(mix)) => bursts.push(Burst {
                name: if b.name.is_empty() { format!("burst {}", i + 1) } else { b.name.clone() },
                start: s,
                end: s.saturating_add(d),
                rate_per_ms: r / HOUR as f64,
                category: k,
                priority_cumulative: mix.as_deref().map(cumulative),
                priority_mix: mix,
            }),
            _ => ok = false,
        }
    }
    let mut scheduled = Vec::new();
    for (i, s) in w.scheduled.iter().enumerate() {
        let path = format!("workload.scheduled[{i}]");
        let at = c.duration(&format!("{path}.at"), &s.at);
        let category = c.lookup(&format!("{path}.category"), &s.category, &names.categories, "category");
        let priority = c.lookup(&format!("{path}.priority"), &s.priority, &names.priorities, "priority");
        let mut attributes = vec![None; doc.attributes.len()];
        for (a, v) in &s.attributes {
            let ap = format!("{path}.attributes.{a}");
            if let Some(ai) = c.lookup(&ap, a, &names.attributes, "attribute") {
                let values: Vec<String> = doc.attributes[ai].values.keys().cloned().collect();
                match c.lookup(&ap, v, &values, &format!("value of \"{a}\"")) {
                    Some(vi) => attributes[ai] = Some(vi),
                    None => ok = false,
                }
            } else {
                ok = false;
            }
        }
        let tags = s.tags.as_ref().map(|list| {
            let mut bits = 0u32;
            for (j, t) in list.iter().enumerate() {
                match w.tags.keys().position(|k| k == t) {
                    Some(b) => bits |= 1 << b,
                    None => {
                        let known: Vec<String> = w.tags.keys().cloned().collect();
                        c.lookup(&format!("{path}.tags[{j}]"), t, &known, "tag");
                        ok = false;
                    }
                }
            }
            bits
        });
        match (at, category, priority) {
            (Some(at), Some(category), Some(priority)) => {
                scheduled.push(ScheduledIssue { at, category, priority, attributes, tags })
            }
            _ => ok = false,
        }
    }
    // Stable: issues at the same time arrive in the order they are listed.
    crate::engine::order::sort_by_key(&mut scheduled, |s| s.at);
    if w.tags.len() > MAX_TAGS {
        c.error("workload.tags", format!("{} tags: use at most {MAX_TAGS}", w.tags.len()));
        ok = false;
    }
    for (t, &p) in &w.tags {
        if t.trim().is_empty() {
            c.error("workload.tags", "a tag needs a name");
            ok = false;
        }
        ok &= c.probability(&format!("workload.tags.{t}"), p).is_some();
    }
    ok.then(|| Workload {
        rate_per_ms: w.arrivals_per_hour / HOUR as f64,
        hour_of_week: profile,
        category_cumulative: cumulative(&shares),
        bursts,
        scheduled,
        tags: w.tags.iter().map(|(t, &p)| (t.clone(), p)).collect(),
    })
}

/// Spreads level parameters and triggers over every (level, category, priority).
fn cells(base: &Base, categories: &[Category], triggers: &[(Trigger, Scoped)], doc: &Document) -> Vec<Cell> {
    let np = doc.priorities.len();
    let mut cells = Vec::with_capacity(base.levels.len() * categories.len() * np);
    for (l, params) in base.level_params.iter().enumerate() {
        for k in 0..categories.len() {
            for p in 0..np {
                let mut service = params.service.clone();
                let mut resolve = params.resolve_probability;
                let mut handoff = params.handoff.clone();
                // Least specific first, so that the most specific override is applied last and wins;
                // among equally specific ones, the first listed wins.
                for specificity in 0..=3 {
                    for o in params.overrides.iter().rev() {
                        let s = u8::from(o.priority.is_some()) + 2 * u8::from(o.category.is_some());
                        let matches = o.category.is_none_or(|x| x == k) && o.priority.is_none_or(|x| x == p);
                        if s == specificity && matches {
                            if let Some(d) = &o.service {
                                service = d.clone();
                            }
                            if let Some(r) = o.resolve_probability {
                                resolve = r;
                            }
                            if let Some(h) = &o.handoff {
                                handoff = Some(h.clone());
                            }
                        }
                    }
                }
                let in_scope = |t: &Trigger, s: &Scoped| {
                    t.applies_at(l)
                        && s.categories.as_ref().is_none_or(|m| m[k])
                        && s.priorities.as_ref().is_none_or(|m| m[p])
                };
                // The first unguarded not-resolved trigger in scope decides, unless a guarded one
                // before it holds when the service ends.
                let on_not_resolved = triggers
                    .iter()
                    .enumerate()
                    .find(|(_, (t, s))| t.condition == Condition::NotResolved && t.guard.is_none() && in_scope(t, s))
                    .map_or(Outcome { action: Action::EscalateNext, trigger: None }, |(i, (t, _))| Outcome {
                        action: t.action,
                        trigger: Some(i),
                    });
                let guarded_not_resolved = triggers
                    .iter()
                    .enumerate()
                    .take(on_not_resolved.trigger.unwrap_or(triggers.len()))
                    .filter(|(_, (t, s))| t.condition == Condition::NotResolved && t.guard.is_some() && in_scope(t, s))
                    .map(|(i, _)| i)
                    .collect();
                // The per-priority timers in scope, of the kind `per_priority` picks out.
                let timers = |per_priority: fn(&Condition) -> Option<&Vec<Option<u64>>>| -> Vec<(u64, usize)> {
                    triggers
                        .iter()
                        .enumerate()
                        .filter(|(_, (t, s))| in_scope(t, s))
                        .filter_map(|(i, (t, _))| per_priority(&t.condition).and_then(|per| per[p]).map(|ms| (ms, i)))
                        .collect()
                };
                let wait_timers = timers(|c| match c {
                    Condition::QueueWaitOver(per) => Some(per),
                    _ => None,
                });
                let level_timers = timers(|c| match c {
                    Condition::TimeAtLevelOver(per) => Some(per),
                    _ => None,
                });
                cells.push(Cell {
                    service,
                    resolve_probability: resolve,
                    handoff,
                    on_not_resolved,
                    guarded_not_resolved,
                    wait_timers,
                    level_timers,
                });
            }
        }
    }
    cells
}
