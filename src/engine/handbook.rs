//! The escalation protocol as a handbook page, for wikis, intranets and print: per category and
//! priority who handles an issue first, when and to whom it escalates, who is notified, the SLA
//! targets in the scenario's words and, from a run, the timelines that can be promised.
//!
//! `handbook(model, report, meta)` words it all as plain sentences (`Handbook`), by fixed rules
//! from the checked model and the report, so the same inputs always read the same; `markdown.rs`
//! and `html.rs` write it out. Figures come only from the report, at the grain the report has
//! them (per priority, and per category): the page says so rather than splitting them further.
//! The run's date is the caller's: the engine has no clock.

mod guard;
mod html;
mod markdown;
mod timelines;

use timelines::{promise, timelines};

use super::calendar::Calendar;
use super::document::{MoreTarget, Role};
use super::model::{Action, Condition, Model, Staffing, Trigger, TriggerId};
use super::report::Report;
use super::report::numbers::{minutes, percent};

/// What the page says about its making that the model and report do not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    /// The day of the run, as the caller writes it (`2026-12-06`).
    pub date: String,
}

/// The handbook page: a title and its sections, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub struct Handbook {
    pub title: String,
    pub sections: Vec<Section>,
}

/// A section of the page: a heading (level 2, or 3 under the one before) and its blocks.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub depth: u8,
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// A paragraph or a bulleted list; every text is plain (the writers escape it).
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Text(String),
    List(Vec<String>),
}

impl Handbook {
    /// The page as Markdown (CommonMark), for wikis and intranets.
    pub fn markdown(&self) -> String {
        markdown::write(self)
    }

    /// The page as one standalone, printable HTML file: its style inside, no script, nothing
    /// fetched.
    pub fn html(&self) -> String {
        html::write(self)
    }
}

fn quoted(name: &str) -> String {
    format!("“{name}”")
}

/// The protocol of `model` and, with a report of its run, the timelines to promise.
pub fn handbook(model: &Model, report: Option<&Report>, meta: &Meta) -> Handbook {
    let mut sections = vec![basis(model, report, meta), levels(model), sla(model)];
    if let Some(r) = report {
        sections.push(timelines(model, r));
    }
    for c in 0..model.categories.len() {
        sections.push(category(model, c));
        for p in priorities_of(model, c) {
            sections.push(protocol(model, report, c, p));
        }
    }
    Handbook { title: format!("Escalation protocol: {}", model.name), sections }
}

/// What the page rests on: the scenario, and the run's date, seed, replications and horizon.
fn basis(model: &Model, report: Option<&Report>, meta: &Meta) -> Section {
    let mut blocks = Vec::new();
    match report {
        Some(r) => {
            let seeds = if r.replications > 1 {
                format!("seed {} (replication k uses seed {} + k − 1), {} replications", r.seed, r.seed, r.replications)
            } else {
                format!("seed {}, 1 replication", r.seed)
            };
            blocks.push(Block::List(vec![
                format!("Scenario: {}", quoted(&r.scenario)),
                format!("Run on: {}", meta.date),
                format!("Run: {seeds}"),
                format!(
                    "Horizon: {} of simulated time, the first {} of it a warm-up whose issues are not counted",
                    minutes(r.horizon_hours * 60.0),
                    minutes(r.warmup_hours * 60.0)
                ),
                format!("End: {}", r.end_note.trim_end_matches('.')),
            ]));
            blocks.push(Block::Text(
                "Times to resolve and to first respond are counted on the clock, from an issue's arrival; SLA targets count on their own calendars. Each figure is the mean over the replications."
                    .into(),
            ));
        }
        None => blocks.push(Block::Text(format!(
            "Scenario {}, written on {}. No run: the protocol only, without timelines to promise.",
            quoted(&model.name),
            meta.date
        ))),
    }
    Section { depth: 2, heading: "What this page rests on".into(), blocks }
}

fn role(r: Role) -> &'static str {
    match r {
        Role::Frontline => "frontline",
        Role::TeamLead => "team lead",
        Role::Manager => "manager",
        Role::Specialist => "specialist",
        Role::Executive => "executive",
    }
}

fn levels(model: &Model) -> Section {
    let items = model
        .levels
        .iter()
        .map(|l| {
            let staff = match &l.staffing {
                Staffing::Constant(n) => format!("{n} staff"),
                Staffing::Shifts(s) => format!(
                    "shifts of up to {} staff, {} on duty on average over the week",
                    s.max_staff(),
                    super::report::numbers::trim(s.mean_staff(), 1)
                ),
            };
            format!("{} ({}): {staff}", quoted(&l.name), role(l.role))
        })
        .collect();
    Section { depth: 2, heading: "Levels".into(), blocks: vec![Block::List(items)] }
}

/// The SLA policies in the order they are matched: the first whose conditions an issue meets at
/// arrival is its policy.
fn sla(model: &Model) -> Section {
    if model.sla.is_empty() {
        let blocks = vec![Block::Text("The scenario sets no SLA targets.".into())];
        return Section { depth: 2, heading: "SLA targets".into(), blocks };
    }
    let mut blocks = vec![Block::Text(
        "Policies in the order they are matched: an issue takes the first whose conditions it meets when it arrives."
            .into(),
    )];
    let mut items = Vec::new();
    for (k, policy) in model.sla.iter().enumerate() {
        let mut lines = Vec::new();
        for p in 0..model.priorities.len() {
            if let Some(t) = targets(model, k, p) {
                lines.push(format!("{}: {t}", model.priorities[p].name));
            }
        }
        let body = if lines.is_empty() { "no targets".to_string() } else { lines.join("; ") };
        items.push(format!("{} ({}): {body}", quoted(&policy.name), applies_to(model, k)));
    }
    blocks.push(Block::List(items));
    Section { depth: 2, heading: "SLA targets".into(), blocks }
}

/// Which issues a policy is for, in words.
fn applies_to(model: &Model, k: usize) -> String {
    let policy = &model.sla[k];
    let mut parts = Vec::new();
    match &policy.categories {
        Some(marked) => {
            let names: Vec<String> =
                model.categories.iter().zip(marked).filter(|(_, m)| **m).map(|(c, _)| quoted(&c.name)).collect();
            parts.push(format!("categories {}", names.join(", ")));
        }
        None => parts.push("every category".into()),
    }
    for &(a, v) in &policy.attributes {
        let attribute = &model.attributes[a];
        parts.push(format!("{} is {}", attribute.name, quoted(&attribute.values[v])));
    }
    parts.join(", ")
}

/// A policy's targets for a priority, as the report words them (`first response 1 business
/// hour on office, resolution 8 business hours on office`).
fn targets(model: &Model, k: usize, p: usize) -> Option<String> {
    let policy = &model.sla[k];
    let named = &model.calendars[policy.calendar];
    let mut parts = Vec::new();
    let mut add = |what: &str, span: Option<super::calendar::Span>| {
        if let Some(s) = span {
            parts.push(format!("{what} {}", named.calendar.describe_span(s, &named.name)));
        }
    };
    add("first response", policy.first_response[p]);
    add("resolution", policy.resolution[p]);
    for w in MoreTarget::ALL {
        add(w.words(), policy.more[p][w as usize]);
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The priorities a category's issues arrive with: those of its mix, of its bursts' mixes and of
/// its fixed-time issues, or all under triage or without a mix.
fn priorities_of(model: &Model, c: usize) -> Vec<usize> {
    let mixed = |mix: &[f64], p: usize| mix.get(p).is_some_and(|&s| s > 0.0);
    let arrives = |p: usize| {
        mixed(&model.categories[c].priority_mix, p)
            || model
                .workload
                .bursts
                .iter()
                .any(|b| b.category == c && b.priority_mix.as_deref().is_some_and(|m| mixed(m, p)))
            || model.workload.scheduled.iter().any(|s| s.category == c && s.priority == p)
    };
    let mut found = Vec::new();
    for p in 0..model.priorities.len() {
        if arrives(p) {
            found.push(p);
        }
    }
    if model.triage.is_some() || found.is_empty() { (0..model.priorities.len()).collect() } else { found }
}

/// What a service that ends unresolved leads to: an action in place acts, then the issue moves
/// on as by default.
fn after_service(model: &Model, c: usize, pos: usize, action: Action) -> String {
    let moves = action_words(model, c, pos, action.after_service(), false);
    if action.in_place() { format!("{}, then {moves}", action_words(model, c, pos, action, false)) } else { moves }
}

fn priority_name(model: &Model, p: usize) -> String {
    let pr = &model.priorities[p];
    if pr.label.is_empty() || pr.label == pr.name { pr.name.clone() } else { format!("{} ({})", pr.name, pr.label) }
}

fn category(model: &Model, c: usize) -> Section {
    let cat = &model.categories[c];
    let path: Vec<String> = cat.path.iter().map(|&l| quoted(&model.levels[l].name)).collect();
    let blocks = vec![Block::Text(format!("Escalation path: {}.", path.join(" → ")))];
    Section { depth: 2, heading: format!("Category {}", quoted(&cat.name)), blocks }
}

/// A duration of a timer, with the calendar it counts on.
fn timer_length(model: &Model, t: &Trigger, ms: u64) -> String {
    length_on(model, t.calendar, ms)
}

/// A duration counted on calendar `k` (0: the clock).
fn length_on(model: &Model, k: usize, ms: u64) -> String {
    let length = minutes(ms as f64 / 60_000.0);
    match &model.calendars[k] {
        named if matches!(named.calendar, Calendar::Always) => length,
        named => format!("{length} of {} business hours", quoted(&named.name)),
    }
}

/// What an action does to an issue of category `c` at path position `pos`.
fn action_words(model: &Model, c: usize, pos: usize, action: Action, timer: bool) -> String {
    let path = &model.categories[c].path;
    let level = |l: usize| quoted(&model.levels[l].name);
    match action {
        Action::EscalateNext => match path.get(pos + 1) {
            Some(&next) => format!("escalate to {}", level(next)),
            None if timer => "stay here (the last level of the path)".into(),
            None => "go back into this level's queue for more work (the last level of the path)".into(),
        },
        Action::EscalateTo(l) => format!("move to {}", level(l)),
        Action::Notify(l) => format!("notify {}", level(l)),
        Action::Close => "close as resolved".into(),
        Action::SetPriority(p) => format!("take priority {}", model.priorities[p].name),
        Action::RaisePriority => "raise its priority one step".into(),
        Action::PauseSla => "pause its SLA clocks".into(),
        Action::ResumeSla => "resume its SLA clocks".into(),
        Action::HoldSla => "put it on hold (its agent-work clock stops)".into(),
        Action::LoopBack { to, times } => format!(
            "go back to {} and through the escalation again, at most {times} time{}",
            level(to),
            if times == 1 { "" } else { "s" }
        ),
    }
}

/// The trigger's name, and the condition that must also hold when it has one.
fn by(model: &Model, t: &Trigger) -> String {
    let guard = t.guard.as_ref().map(|g| format!(", only if {}", guard::words(model, g))).unwrap_or_default();
    format!(" ({}{guard})", quoted(&t.name))
}

/// The protocol for issues of category `c` and priority `p`.
fn protocol(model: &Model, report: Option<&Report>, c: usize, p: usize) -> Section {
    let cat = &model.categories[c];
    let entry = cat.entry[p];
    let mut items = Vec::new();
    let first = quoted(&model.levels[cat.path[entry]].name);
    items.push(if entry == 0 {
        format!("First handled by {first}.")
    } else {
        let skipped: Vec<String> = cat.path[..entry].iter().map(|&l| quoted(&model.levels[l].name)).collect();
        format!("First handled by {first}: a skip-level entry, past {}.", skipped.join(", "))
    });
    let mut others: Vec<TriggerId> = Vec::new();
    for &t in &cat.on_arrival[p] {
        let tr = &model.triggers[t];
        let moment = match tr.condition {
            Condition::OnArrival { level_changes: true } => "On arrival and at each change of level",
            _ => "On arrival",
        };
        items.push(format!("{moment}: {}{}.", action_words(model, c, entry, tr.action, true), by(model, tr)));
    }
    for (pos, &l) in cat.path.iter().enumerate().skip(entry) {
        let cell = model.cell(l, c, p);
        let mut moves = Vec::new();
        for &(ms, t) in &cell.wait_timers {
            let tr = &model.triggers[t];
            if tr.action.in_place() {
                others.push(t);
                continue;
            }
            moves.push(format!(
                "after waiting {} in its queue, {}{}",
                timer_length(model, tr, ms),
                action_words(model, c, pos, tr.action, true),
                by(model, tr)
            ));
        }
        for &(ms, t) in &cell.level_timers {
            let tr = &model.triggers[t];
            if tr.action.in_place() {
                others.push(t);
                continue;
            }
            moves.push(format!(
                "after {} at this level (queue and service), {}{}",
                timer_length(model, tr, ms),
                action_words(model, c, pos, tr.action, true),
                by(model, tr)
            ));
        }
        for &t in &cell.guarded_not_resolved {
            let tr = &model.triggers[t];
            moves.push(format!(
                "when a service does not resolve it, {}{}",
                after_service(model, c, pos, tr.action),
                by(model, tr)
            ));
        }
        let outcome = &cell.on_not_resolved;
        let named = outcome.trigger.map(|t| by(model, &model.triggers[t])).unwrap_or_default();
        let otherwise = if cell.guarded_not_resolved.is_empty() { "" } else { "otherwise, " };
        moves.push(format!(
            "{otherwise}when a service does not resolve it, {}{named}",
            after_service(model, c, pos, outcome.action)
        ));
        items.push(format!("At {}: {}.", quoted(&model.levels[l].name), moves.join("; ")));
    }
    others.extend(cat.arrival_timers[p].iter().copied());
    let mut seen = Vec::new();
    for t in others {
        if seen.contains(&t) {
            continue;
        }
        seen.push(t);
        items.push(moment_line(model, c, p, entry, t));
    }
    let mut sla = Vec::new();
    for (k, policy) in model.sla.iter().enumerate() {
        if policy.categories.as_ref().is_some_and(|m| !m[c]) {
            continue;
        }
        let Some(t) = targets(model, k, p) else { continue };
        let attrs: Vec<String> = policy
            .attributes
            .iter()
            .map(|&(a, v)| format!("{} is {}", model.attributes[a].name, quoted(&model.attributes[a].values[v])))
            .collect();
        let when = if attrs.is_empty() { String::new() } else { format!(" (when {})", attrs.join(", ")) };
        sla.push(format!("{}{when}: {t}", quoted(&policy.name)));
    }
    items.push(if sla.is_empty() {
        "SLA targets: none.".to_string()
    } else {
        format!("SLA targets, under the first policy that matches: {}.", sla.join("; "))
    });
    if let Some(r) = report {
        items.push(promise(model, r, c, p));
    }
    let heading = format!("{}, {}", quoted(&cat.name), priority_name(model, p));
    Section { depth: 3, heading, blocks: vec![Block::List(items)] }
}

/// A trigger that acts at a moment of the life (its age, an SLA share, a wait that only
/// notifies), in words.
fn moment_line(model: &Model, c: usize, p: usize, entry: usize, t: TriggerId) -> String {
    let tr = &model.triggers[t];
    let at = match &tr.levels {
        Some(marked) => {
            let names: Vec<String> =
                model.levels.iter().zip(marked).filter(|(_, m)| **m).map(|(l, _)| quoted(&l.name)).collect();
            format!(" at {}", names.join(", "))
        }
        None => String::new(),
    };
    let threshold = |v: &Vec<Option<u64>>| v.get(p).copied().flatten().map(|ms| timer_length(model, tr, ms));
    let moment = match &tr.condition {
        Condition::OpenLongerThan { after, calendar } => {
            format!("When open over {}", length_on(model, *calendar, *after))
        }
        Condition::SlaElapsed { target, fraction } => {
            let which = match target {
                super::document::SlaTarget::FirstResponse => "first-response",
                super::document::SlaTarget::Resolution => "resolution",
            };
            format!("When {} of its {which} target has elapsed", percent(*fraction))
        }
        Condition::QueueWaitOver(v) => {
            format!("After waiting {} in a queue", threshold(v).unwrap_or_else(|| "a while".into()))
        }
        Condition::TimeAtLevelOver(v) => {
            format!("After {} at a level", threshold(v).unwrap_or_else(|| "a while".into()))
        }
        Condition::NotResolved => "When a service does not resolve it".into(),
        Condition::OnArrival { .. } => "On arrival".into(),
    };
    format!("{moment}{at}: {}{}.", action_words(model, c, entry, tr.action, true), by(model, tr))
}
