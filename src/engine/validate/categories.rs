//! Categories and their escalation paths: shares, paths (a level at most once), entry levels,
//! priority mixes, reopen probabilities, and which triggers start at arrival for each priority
//! (with their targets checked to be on the path).

use super::checker::Checker;
use super::sections::{Names, cumulative};
use super::triggers::Scoped;
use crate::engine::document::Document;
use crate::engine::model::{Action, Category, Condition, Trigger};

pub(super) fn categories(
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
                        c.error(&ep, format!("the entry level \"{lvl}\" is not on the path of \"{}\"", k.name));
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
                let named = match t.action {
                    Action::EscalateTo(target) => Some((target, "escalate_to")),
                    Action::LoopBack { to, .. } => Some((to, "loop_back.to")),
                    _ => None,
                };
                if let Some((target, field)) = named
                    && !levels.contains(&target)
                {
                    c.error(
                        format!("triggers[{ti}].then.{field}"),
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
            path: levels.into(),
            entry: entry.into(),
            priority_cumulative: cumulative(&mix).into(),
            priority_mix: mix.into(),
            reopen_probability: reopen.clamp(0.0, 1.0),
            arrival_timers: arrival_timers.into(),
            on_arrival: on_arrival.into(),
        });
    }
    if !doc.categories.is_empty() && (share_sum - 1.0).abs() > 1e-6 {
        c.error("categories", format!("the category shares sum to {}, not 1", (share_sum * 1e6).round() / 1e6));
        ok = false;
    }
    ok.then_some(out)
}
