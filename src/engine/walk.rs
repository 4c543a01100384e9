//! One issue walked through a scenario on its own: the scenario's levels, paths, SLA policies,
//! calendars, triggers and rules, with no other traffic, so that its journey shows exactly which
//! rule acted when, and why. Service times and outcomes can be fixed per level, or drawn with a
//! seed; what is not fixed is drawn as in a full run.
//!
//! Only what the walked issue can meet is checked: its category, the levels of its path, the
//! priorities it may take, the SLA policies and triggers that can apply to it, the rules. The rest
//! of the scenario is set aside for the walk (other categories get no arrivals and borrow the
//! walked one's path when theirs is broken, levels off the path keep only their staff), so that a
//! problem elsewhere, or a level fixed not to resolve, does not stop it. An issue that no service
//! resolves goes round where the scenario sends it; the walk shows one round and says so.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::document::{DistributionDoc, Document, EndRule, ScheduledDoc};
use super::problem::Problem;
use super::report::{Journey, Step};
use super::simulation::Simulation;
use super::time::{DAY, format_duration, parse_duration};

/// The issue to walk through.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WalkThrough {
    /// When it arrives, from the start of the run (`"2d 9h"`).
    pub at: String,
    pub category: String,
    pub priority: String,
    /// Attribute values; attributes not given are drawn from their mix.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// The tags it carries; `None` draws them.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// Per level name: a fixed service time and whether that service resolves the issue.
    #[serde(default)]
    pub levels: BTreeMap<String, LevelChoice>,
    /// Seed for everything not fixed.
    #[serde(default)]
    pub seed: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LevelChoice {
    /// A duration such as `"20m"`; `None` draws it from the level's distribution.
    #[serde(default)]
    pub service: Option<String>,
    /// `None` draws it with the level's resolve probability.
    #[serde(default)]
    pub resolves: Option<bool>,
}

/// The event of the last step of a walk whose issue goes round unresolved for ever.
pub const GOES_ROUND: &str = "goes_round";
/// Events handled in a walk (a replication of one issue) before it is stopped: a loop of
/// services of no time would otherwise never end.
const MAX_EVENTS: u64 = 200_000;
/// Simulated time a walk may take after the issue arrives.
const MAX_SPAN: u64 = 366 * DAY;

/// The issue's journey, or what stops it, in words ("Agent: the service time "abc" is not a
/// duration").
pub fn walk(doc: &Document, w: &WalkThrough) -> Result<Journey, Vec<String>> {
    let at = parse_duration(&w.at)
        .map_err(|e| vec![format!("Arrives after: \"{}\" is not a time from the start ({e})", w.at)])?;
    let mut problems = Vec::new();
    let k = doc.categories.iter().position(|c| c.name == w.category);
    if k.is_none() {
        problems.push(format!("Category: the scenario has no category \"{}\"", w.category));
    }
    if !doc.priorities.iter().any(|p| p.name == w.priority) {
        problems.push(format!("Priority: the scenario has no priority \"{}\"", w.priority));
    }
    for level in &doc.levels {
        let Some(service) = w.levels.get(&level.name).and_then(|c| c.service.as_ref()) else { continue };
        if let Err(e) = parse_duration(service) {
            problems.push(format!("{}: the service time \"{service}\" is not a duration ({e})", level.name));
        }
    }
    let Some(k) = k.filter(|_| problems.is_empty()) else { return Err(problems) };
    let mut d = walk_document(doc, w, k, at);
    // Each pass sets aside what the previous one found broken outside the walk's reach.
    loop {
        let checked = super::validate::validate_allowing_endless(&d);
        if let Some(model) = checked.model {
            return run(&model, doc, w, k, at);
        }
        let errors: Vec<Problem> = checked.problems.into_iter().filter(Problem::is_error).collect();
        if !set_aside(&mut d, &errors, k, &w.priority) {
            return Err(errors.iter().map(|p| in_words(&d, p)).collect());
        }
    }
}

/// The scenario as the walk runs it: the one issue, its choices applied, and nothing that the
/// issue cannot meet left to fail.
fn walk_document(doc: &Document, w: &WalkThrough, k: usize, at: u64) -> Document {
    let mut d = doc.clone();
    let category = &doc.categories[k];
    d.workload.arrivals_per_hour = 0.0;
    d.workload.bursts.clear();
    // The script's issues and surges bring other issues; its staff changes and closures stay.
    d.script.retain(|e| e.staff.is_some() || e.close.is_some());
    d.workload.hour_of_week = None;
    d.workload.hour_of_day = None;
    d.workload.day_of_week = None;
    // The issue's priority is given; every category takes it, so mixes elsewhere do not matter.
    d.workload.priority_mix = Some(BTreeMap::from([(w.priority.clone(), 1.0)]));
    d.workload.scheduled = vec![ScheduledDoc {
        at: format_duration(at),
        category: w.category.clone(),
        priority: w.priority.clone(),
        attributes: w.attributes.clone(),
        tags: w.tags.clone(),
    }];
    for (j, c) in d.categories.iter_mut().enumerate() {
        c.share = if j == k { 1.0 } else { 0.0 };
        c.priority_mix = None;
    }
    let applies = |list: &Option<Vec<String>>| list.as_ref().is_none_or(|l| l.contains(&category.name));
    d.sla.retain(|s| applies(&s.categories));
    d.triggers.retain(|t| applies(&t.categories));
    for level in &mut d.levels {
        if !category.path.contains(&level.name) {
            // Never serves the issue (every move stays on its path); its staff may still be
            // notified at a cost.
            level.service = DistributionDoc::Deterministic { value: "1m".into() };
            level.resolve_probability = 1.0;
            level.handoff = None;
            level.overrides.clear();
            continue;
        }
        level.overrides.retain(|o| o.category.as_ref().is_none_or(|c| *c == category.name));
        let choice = w.levels.get(&level.name).cloned().unwrap_or_default();
        if let Some(service) = choice.service {
            level.service = DistributionDoc::Deterministic { value: service };
            level.overrides.iter_mut().for_each(|o| o.service = None);
        }
        if let Some(resolves) = choice.resolves {
            level.resolve_probability = if resolves { 1.0 } else { 0.0 };
            level.overrides.iter_mut().for_each(|o| o.resolve_probability = None);
        }
        // An override the choices emptied has nothing left to say.
        level.overrides.retain(|o| o.service.is_some() || o.resolve_probability.is_some() || o.handoff.is_some());
    }
    d.run.replications = 1;
    d.run.seed = w.seed;
    d.run.warmup = None;
    d.run.end = EndRule::Drain;
    d.run.journeys = Some(1);
    d.run.max_issues = None;
    d.run.bucket = None;
    d.run.horizon = format_duration(at + 60_000);
    d
}

/// The index in a path such as `categories[3].path[0]` after `section[`.
fn index_in(path: &str, section: &str) -> Option<usize> {
    path.strip_prefix(section)?.strip_prefix('[')?.split(']').next()?.parse().ok()
}

/// Sets aside the parts of the walk's scenario whose errors cannot concern the walked issue;
/// returns false when there is none (the errors that remain are the walk's).
fn set_aside(d: &mut Document, errors: &[Problem], k: usize, priority: &str) -> bool {
    let path = d.categories[k].path.clone();
    let mut changed = false;
    for p in errors {
        if let Some(j) = index_in(&p.path, "categories").filter(|&j| j != k && j < d.categories.len()) {
            // Another category: no issue of it arrives; only rules and scopes name it.
            let c = &mut d.categories[j];
            if c.path != path || !c.entry.is_empty() || c.reopen_probability.is_some() {
                c.path.clone_from(&path);
                c.entry.clear();
                c.reopen_probability = None;
                changed = true;
            }
        } else if let Some(l) = index_in(&p.path, "levels").filter(|&l| l < d.levels.len())
            && !path.contains(&d.levels[l].name)
        {
            let level = &mut d.levels[l];
            if level.staff != Some(1) || !level.shifts.is_empty() {
                level.staff = Some(1);
                level.shifts.clear();
                changed = true;
            }
        } else if p.path.starts_with("triage") && d.triage.is_some() {
            // The walked issue's priority is given.
            d.triage = None;
            d.workload.priority_mix = Some(BTreeMap::from([(priority.to_string(), 1.0)]));
            changed = true;
        }
    }
    changed
}

/// A problem in words: where, by the names the user gave, then what.
fn in_words(d: &Document, p: &Problem) -> String {
    let (head, tail) = match p.path.find(']') {
        Some(i) => (&p.path[..=i], p.path[i + 1..].trim_start_matches('.')),
        None => (p.path.as_str(), ""),
    };
    let named = |kind: &str, name: Option<&String>| match name {
        Some(n) if !n.is_empty() => format!("{kind} \u{201c}{n}\u{201d}"),
        _ => kind.to_string(),
    };
    let at = |section: &str| index_in(head, section);
    let place = if let Some(i) = at("levels") {
        named("Level", d.levels.get(i).map(|l| &l.name))
    } else if let Some(i) = at("categories") {
        named("Category", d.categories.get(i).map(|c| &c.name))
    } else if let Some(i) = at("priorities") {
        named("Priority", d.priorities.get(i).map(|x| &x.name))
    } else if let Some(i) = at("sla") {
        named("SLA policy", d.sla.get(i).map(|s| &s.name))
    } else if let Some(i) = at("triggers") {
        named("Trigger", d.triggers.get(i).map(|t| &t.name))
    } else if let Some(i) = at("calendars") {
        named("Calendar", d.calendars.get(i).map(|c| &c.name))
    } else if let Some(i) = at("attributes") {
        named("Attribute", d.attributes.get(i).map(|a| &a.name))
    } else if head == "rules" {
        match p.line {
            Some(line) => format!("Rules, line {line}"),
            None => "Rules".to_string(),
        }
    } else {
        super::words::capitalised(&head.replace(['_', '.'], " "))
    };
    let tail = tail.replace('_', " ").replace('.', " › ");
    if tail.is_empty() { format!("{place}: {}", p.message) } else { format!("{place} ({tail}): {}", p.message) }
}

/// Runs the walk's one replication, stopping a loop that no service ends.
fn run(model: &super::Model, doc: &Document, w: &WalkThrough, k: usize, at: u64) -> Result<Journey, Vec<String>> {
    let mut sim = Simulation::new(model, model.run.seed);
    let mut events = 0;
    while !sim.step(1_000) {
        events += 1_000;
        if events >= MAX_EVENTS || sim.now() > at.saturating_add(MAX_SPAN) {
            break;
        }
    }
    let mut journey =
        sim.finish().journeys.into_iter().next().ok_or_else(|| vec!["the issue did not arrive".into()])?;
    if journey.resolved_min.is_none() {
        cut_round(&mut journey, model, doc, k, &w.priority);
    }
    Ok(journey)
}

/// The moves of an issue that goes round: services that end unresolved and the moves they make.
fn in_round(s: &Step) -> bool {
    matches!(s.event.as_str(), "queued" | "service_started" | "service_ended" | "requeued" | "escalated" | "censored")
}

/// An issue still open whose journey ends going round levels that cannot resolve it (fixed so,
/// or with a resolve probability of 0): keeps one round and says what happens there.
fn cut_round(j: &mut Journey, model: &super::Model, doc: &Document, k: usize, priority: &str) {
    let p = model.priorities.iter().position(|x| x.name == priority).unwrap_or(0);
    let never = |level: &Option<String>| {
        level
            .as_ref()
            .and_then(|l| model.levels.iter().position(|x| x.name == *l))
            .is_some_and(|l| model.cell(l, k, p).resolve_probability <= 0.0)
    };
    let ok = |s: &Step| in_round(s) && (s.event == "censored" || never(&s.level));
    let start = j.steps.iter().rposition(|s| !ok(s)).map_or(0, |i| i + 1);
    let Some(last_end) = j.steps.iter().rposition(|s| s.event == "service_ended").filter(|&i| i >= start) else {
        return;
    };
    let level = j.steps[last_end].level.clone();
    let Some(first) = (start..=last_end).find(|&i| j.steps[i].event == "service_ended" && j.steps[i].level == level)
    else {
        return;
    };
    // The move that brings it back where the round started.
    let Some(back) = (first + 1..j.steps.len())
        .find(|&i| matches!(j.steps[i].event.as_str(), "requeued" | "escalated") && j.steps[i].level == level)
    else {
        return;
    };
    let mut levels: Vec<String> = Vec::new();
    for s in &j.steps[first..=back] {
        if let Some(l) = s.level.as_ref().filter(|_| s.event == "service_ended")
            && !levels.contains(l)
        {
            levels.push(l.clone());
        }
    }
    j.steps.truncate(back + 1);
    let last = j.steps[back].clone();
    let path = &doc.categories[k].path;
    let detail = match levels.as_slice() {
        [one] => format!(
            "no service here resolves it: at {one}{}, a service that ends unresolved sends it back to the same queue for more work, so it would stay there for ever unless a rule or timer closes or moves it; the walk stops after one round",
            if path.last() == Some(one) { ", the last level of its path" } else { "" }
        ),
        many => format!(
            "no service on the way resolves it: it goes round {} and back for ever unless a rule or timer closes or moves it; the walk stops after one round",
            many.join(" → ")
        ),
    };
    j.steps.push(Step {
        t_min: last.t_min,
        level: last.level.clone(),
        event: GOES_ROUND.into(),
        detail,
        trigger: None,
        sla_response_used: last.sla_response_used,
        sla_resolution_used: last.sla_resolution_used,
    });
}
