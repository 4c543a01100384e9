//! Checks over where issues can go: levels that are reachable but unstaffed, and outcome rules
//! that would send an issue round levels that can never resolve it (a loop without end).

use super::checker::Checker;
use crate::engine::document::Document;
use crate::engine::model::{Action, Condition, Model};

pub fn check(doc: &Document, model: &Model, c: &mut Checker) {
    let nl = model.levels.len();
    // Every category that can reach each level, in the categories' order, so that a message about
    // the level names all of them rather than whichever was looked at first.
    let mut reachable_by: Vec<Vec<usize>> = vec![Vec::new(); nl];
    for (k, cat) in model.categories.iter().enumerate() {
        let n = cat.path.len();
        for p in 0..model.priorities.len() {
            if !priority_possible(model, k, p) {
                continue;
            }
            let mut seen = vec![false; n];
            let mut stack = vec![cat.entry[p]];
            while let Some(i) = stack.pop() {
                if std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                let level = cat.path[i];
                if reachable_by[level].last() != Some(&k) {
                    reachable_by[level].push(k);
                }
                let cell = model.cell(level, k, p);
                let step = |a: Action| match a {
                    Action::EscalateNext => Some((i + 1).min(n - 1)),
                    Action::EscalateTo(l) | Action::LoopBack { to: l, .. } => cat.position(l),
                    Action::Notify(_)
                    | Action::Close
                    | Action::SetPriority(_)
                    | Action::RaisePriority
                    | Action::PauseSla
                    | Action::ResumeSla
                    | Action::HoldSla => None,
                };
                if cell.resolve_probability < 1.0 {
                    // A `notify` outcome records its event and then moves the issue as by default.
                    let outcome = cell.on_not_resolved.action.after_service();
                    if outcome != Action::Close {
                        stack.extend(step(outcome).or(Some(i)));
                    }
                }
                for &(_, t) in cell.wait_timers.iter().chain(&cell.level_timers) {
                    stack.extend(step(model.triggers[t].action));
                }
                for &t in &cat.arrival_timers[p] {
                    if model.triggers[t].applies_at(level) {
                        stack.extend(step(model.triggers[t].action));
                    }
                }
            }
            if !c.endless_allowed {
                check_endless(doc, model, k, p, &seen, c);
            }
        }
    }
    for (l, level) in model.levels.iter().enumerate() {
        if !reachable_by[l].is_empty() && level.staffing.max_staff() == 0 {
            let names: Vec<&str> = reachable_by[l].iter().map(|&k| model.categories[k].name.as_str()).collect();
            c.error(
                format!("levels[{l}].staff"),
                format!(
                    "level \"{}\" has no staff at any time, but issues of {} can reach it and would wait forever",
                    level.name,
                    categories_named(&names)
                ),
            );
        }
    }
    // Triggers whose condition can never hold are worth a word.
    for (i, t) in model.triggers.iter().enumerate() {
        if let Condition::SlaElapsed { target, .. } = t.condition
            && model.sla.iter().all(|s| (0..model.priorities.len()).all(|p| s.target(target, p).is_none()))
        {
            c.warning(format!("triggers[{i}].when"), "no SLA policy sets this target, so the trigger never fires");
        }
    }
}

/// `category "a"`, or `2 categories: "a" and "b"`, `3 categories: "a", "b" and "c"`.
fn categories_named(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match quoted.as_slice() {
        [one] => format!("category {one}"),
        [init @ .., last] => format!("{} categories: {} and {last}", quoted.len(), init.join(", ")),
        [] => "no category".to_string(),
    }
}

/// Whether issues of this category can have this priority (mix, triage or a burst).
fn priority_possible(model: &Model, k: usize, p: usize) -> bool {
    let cat = &model.categories[k];
    let from_mix = if cat.priority_mix.is_empty() {
        crate::engine::analytic::priority_probabilities(model, &cat.priority_mix)[p] > 0.0
    } else {
        cat.priority_mix[p] > 0.0
    };
    from_mix
        || model.workload.bursts.iter().any(|b| b.category == k && b.priority_mix.as_ref().is_some_and(|m| m[p] > 0.0))
}

/// From every reachable position where nothing resolves, follow the not-resolved moves: coming
/// back to a position already on that walk means an issue could circle for ever.
fn check_endless(doc: &Document, model: &Model, k: usize, p: usize, reachable: &[bool], c: &mut Checker) {
    let cat = &model.categories[k];
    let n = cat.path.len();
    for start in (0..n).filter(|&i| reachable[i]) {
        let mut walk = vec![start];
        let mut i = start;
        loop {
            let cell = model.cell(cat.path[i], k, p);
            if cell.resolve_probability > 0.0 {
                break;
            }
            // A `notify` outcome records its event and then moves the issue as by default.
            let next = match cell.on_not_resolved.action.after_service() {
                Action::EscalateTo(l) => cat.position(l).unwrap_or(i),
                // A close is a way out, as a resolution is.
                Action::Close => break,
                _ => (i + 1).min(n - 1),
            };
            if walk.contains(&next) {
                let names: Vec<&str> =
                    walk.iter().chain([&next]).map(|&j| model.levels[cat.path[j]].name.as_str()).collect();
                let last = cat.path[walk[walk.len() - 1]];
                c.error(
                    format!("levels[{last}].resolve_probability"),
                    format!(
                        "issues of category \"{}\" with priority {} would never be resolved: the resolve probability is 0 along {} and nothing leads out, so they loop forever",
                        doc.categories[k].name,
                        model.priorities[p].name,
                        names.join(" -> ")
                    ),
                );
                return;
            }
            walk.push(next);
            i = next;
        }
    }
}
