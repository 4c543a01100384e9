//! A scenario proposed from a service desk's history, every figure with its estimate and the
//! assumptions said in words; and the scenario checked against the history it came from.
//!
//! `propose(tickets, options)` fits the workload (arrival rate over the log's span, an
//! hour-of-week profile, the priority mix, category shares), maps groups to levels in the order
//! tickets flow through them, fits each level's service time (`fit::fit_service`), its resolve
//! probability, where unresolved tickets go, the reopen probability, and proposes staff from the
//! offered load. Pure and deterministic, like the rest of the engine. See `docs/history.md`.
//!
//! - `workload.rs` — the clock, the hour-of-week profile, the priority mix, shares;
//! - `levels.rs` — groups to levels: merges, the cap, the order, a ticket's stays;
//! - `paths.rs` — where tickets go: moves, categories' paths and entries, reopens;
//! - `triage.rs` — impact and urgency shares and the impact × urgency table of priorities;
//! - `check.rs` — the scenario simulated over the history's span, against the history.

mod check;
mod levels;
mod paths;
mod triage;
mod workload;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use check::{FitCheck, Row, Verdict, check_fit, check_fit_merged};
pub use levels::OTHER;

use super::document::{
    ClockDoc, DistributionDoc, Document, FORMAT_VERSION, GoalsDoc, LevelDoc, PriorityDoc, Role, RunDoc, WorkloadDoc,
};
use super::fit::{self, Interval, ServiceFit, Unit};
use super::history::{Outcome, Ticket};
use crate::engine::order;

/// How to propose a scenario. The default maps each group to a level, at most 8 of them, in the
/// order tickets flow, staffed for 80% utilization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Level name -> the groups merged into it.
    pub merge: BTreeMap<String, Vec<String>>,
    /// The levels' order, frontline first; levels it leaves out follow by flow.
    pub order: Option<Vec<String>>,
    /// Most levels; the groups with fewer visits are merged into `other`.
    pub max_levels: usize,
    /// The utilization staff is proposed for.
    pub target_utilization: f64,
    /// Replications of the scenario and of its fit check.
    pub replications: u32,
}

impl Default for Options {
    fn default() -> Options {
        Options { merge: BTreeMap::new(), order: None, max_levels: 8, target_utilization: 0.8, replications: 10 }
    }
}

/// A figure of the proposal and its estimate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// What it is ("arrivals per hour", "L1 resolve probability").
    pub name: String,
    pub estimate: Interval,
    /// Its unit ("per hour", "minutes", "share").
    pub unit: String,
}

/// A level's service time as fitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelFit {
    pub level: String,
    /// `None` when the sample could not be fitted (then the reason is in the assumptions).
    pub fit: Option<ServiceFit>,
    /// The sample measured work (`started → left`), not time held (`entered → left`).
    pub work: bool,
}

/// A proposed scenario, its figures and the assumptions behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub document: Document,
    pub figures: Vec<Figure>,
    pub services: Vec<LevelFit>,
    /// In words, in the order they were made.
    pub assumptions: Vec<String>,
}

/// Why no scenario could be proposed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CalibrateError {
    /// The history has no ticket.
    NoTickets,
    /// No ticket was ever with a group.
    NoGroups,
}

impl fmt::Display for CalibrateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalibrateError::NoTickets => write!(f, "the history has no ticket to calibrate from"),
            CalibrateError::NoGroups => {
                write!(f, "no ticket in the history was ever with a group: there are no levels to calibrate")
            }
        }
    }
}

pub(super) const HOUR_MS: f64 = 3_600_000.0;
pub(super) const MINUTE_MS: f64 = 60_000.0;

/// Proposes a scenario from a history (see the module's documentation).
pub fn propose(tickets: &[Ticket], options: &Options) -> Result<Proposal, CalibrateError> {
    if tickets.is_empty() {
        return Err(CalibrateError::NoTickets);
    }
    if tickets.iter().all(|t| t.visits.is_empty()) {
        return Err(CalibrateError::NoGroups);
    }
    let mut p = Builder { figures: Vec::new(), assumptions: Vec::new() };
    let first = tickets.iter().map(|t| t.opened).min().unwrap_or(0);
    let last = tickets.iter().map(|t| t.opened).max().unwrap_or(0);
    let span_hours = ((last - first) as f64 / HOUR_MS).max(1.0);
    let n = tickets.len() as u64;

    // Workload.
    let rate = fit::rate(n, span_hours).expect("a positive span");
    p.figure("arrivals per hour", rate, "per hour");
    p.say(format!(
        "Arrivals: {n} tickets opened over {} hours, from the first ticket's opening to the last's; arrivals are taken as Poisson at that rate.",
        round(span_hours, 1)
    ));
    let hour_of_week = workload::profile(tickets, first, last, &mut p);
    let (priorities, priority_mix) = workload::priority_mix(tickets, &mut p);
    let triage = triage::triage(tickets, &mut p);

    // Levels.
    let levels = levels::map(tickets, options);
    p.assumptions.extend(levels.notes.iter().cloned());
    let stays: Vec<Vec<levels::Stay>> = tickets.iter().map(|t| levels::stays(t, &levels)).collect();
    let work = tickets.iter().flat_map(|t| &t.visits).any(|v| v.started.is_some());
    if work {
        p.say("Service times are from work started to the stay's end (started → left), as the log gives when work started.".to_string());
    } else {
        p.say("The log does not say when work started: service times are the time a group held the ticket (entered → left), which includes its waiting, so they overstate the work and the simulated queues come on top.".to_string());
    }
    let mut level_docs = Vec::new();
    let mut services = Vec::new();
    for (i, name) in levels.order.iter().enumerate() {
        let served: Vec<&levels::Stay> = stays
            .iter()
            .flatten()
            .filter(|s| s.level == i && s.left.is_some() && (!work || s.started.is_some()))
            .collect();
        let sample: Vec<f64> = served
            .iter()
            .map(|s| {
                (s.left.unwrap_or(0) - if work { s.started.unwrap_or(s.entered) } else { s.entered }) as f64 / MINUTE_MS
            })
            .collect();
        let resolved = served.iter().filter(|s| s.outcome == Outcome::Resolved).count() as u64;
        let resolve = fit::proportion(resolved, served.len() as u64);
        let mean = fit::mean(&sample);
        let (service, fitted) = service(name, &sample, &mut p);
        if let Some(m) = mean {
            p.figure(&format!("{name} service time, mean"), m, "minutes");
        }
        let resolve_probability = match resolve {
            Some(r) => {
                p.figure(&format!("{name} resolve probability"), r, "share");
                round(r.estimate, 4)
            }
            None => {
                p.say(format!("{name}: no finished service to measure; its resolve probability is set to 1."));
                1.0
            }
        };
        let handled_hours = mean.map_or(0.0, |m| m.estimate / 60.0);
        let offered = served.len() as f64 / span_hours * handled_hours;
        let proposed = (offered / options.target_utilization).ceil().max(1.0);
        // Bounded: a desk of more than a million people is not a desk.
        let proposed = proposed.min(1e6) as u32;
        let (busiest, queued) = if work { in_service(&served) } else { (0, false) };
        let staff = if queued { busiest } else { proposed.max(busiest) };
        if queued {
            p.say(format!(
                "{name} staff {staff}: the most tickets ever in service there at once, while others waited for a start (a queue forms only when everyone is busy); the offered load alone, {} people at a target utilization of {}, would give {proposed}.",
                round(offered, 2),
                options.target_utilization,
            ));
        } else {
            p.say(format!(
                "{name} staff {staff}: the log cannot tell how many people worked; {} services per hour × {} minutes each is an offered load of {} people, over a target utilization of {}, rounded up{}.",
                round(served.len() as f64 / span_hours, 2),
                round(handled_hours * 60.0, 1),
                round(offered, 2),
                options.target_utilization,
                if work { ", and at least the most tickets seen in service at once" } else { " (time held includes waiting, so this overstates the staff)" }
            ));
        }
        let role = if i == 0 { Role::Frontline } else { Role::Specialist };
        level_docs.push(LevelDoc {
            name: name.clone(),
            role,
            staff: Some(staff),
            shifts: Vec::new(),
            service,
            resolve_probability,
            handoff: None,
            overrides: Vec::new(),
        });
        services.push(LevelFit { level: name.clone(), fit: fitted, work });
    }
    paths::flows(&stays, &levels.order, &mut p);
    let categories = paths::categories(tickets, &stays, &levels.order, &priorities, &mut p);
    let reopen = paths::reopen(tickets, &stays, &mut p);
    if tickets.iter().any(|t| t.made_sla.is_some()) {
        p.say("The export says whether each ticket met its SLA but not the targets: the scenario has no SLA targets (add them to simulate attainment).".to_string());
    } else {
        p.say("The export gives no SLA: the scenario has no SLA targets.".to_string());
    }
    let horizon_hours = span_hours.ceil();
    p.say(format!(
        "Run: {horizon_hours} hours (the history's span), no warm-up (the simulation starts empty, as the history is counted from its first ticket), arrivals stop at the horizon and the desk drains, {} replications.",
        options.replications
    ));
    let document = Document {
        version: FORMAT_VERSION,
        name: "Calibrated from a ticket history".to_string(),
        description: format!(
            "Proposed from {n} tickets over {} hours; see the fit report for each figure and assumption.",
            round(span_hours, 1)
        ),
        clock: Some(ClockDoc { start: workload::clock_start(first) }),
        priorities: priorities
            .iter()
            .map(|name| PriorityDoc { name: name.clone(), label: String::new(), goals: GoalsDoc::default() })
            .collect(),
        attributes: Vec::new(),
        triage: triage.clone(),
        calendars: Vec::new(),
        levels: level_docs,
        categories,
        workload: WorkloadDoc {
            arrivals_per_hour: round(rate.estimate, 4),
            // With a triage table the priorities come from it: a mix beside it would never be used.
            priority_mix: if triage.is_some() { None } else { Some(priority_mix) },
            hour_of_week,
            hour_of_day: None,
            day_of_week: None,
            bursts: Vec::new(),
            scheduled: Vec::new(),
            tags: BTreeMap::new(),
        },
        sla: Vec::new(),
        triggers: Vec::new(),
        rules: None,
        reopen,
        script: Vec::new(),
        drill: None,
        run: RunDoc {
            horizon: format!("{horizon_hours}h"),
            warmup: None,
            replications: options.replications.max(1),
            seed: 1,
            end: super::document::EndRule::Drain,
            max_issues: None,
            bucket: None,
            journeys: None,
            precision: None,
        },
        history: None,
    };
    Ok(Proposal { document, figures: p.figures, services, assumptions: p.assumptions })
}

/// Figures and assumptions as they are made.
pub(super) struct Builder {
    figures: Vec<Figure>,
    assumptions: Vec<String>,
}

impl Builder {
    pub(super) fn figure(&mut self, name: &str, estimate: Interval, unit: &str) {
        self.figures.push(Figure { name: name.to_string(), estimate, unit: unit.to_string() });
    }

    pub(super) fn say(&mut self, text: String) {
        self.assumptions.push(text);
    }
}

/// `x` rounded to `decimals` places.
pub(super) fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    libm::round(x * f) / f
}

/// A level's service distribution: the best fit by AIC, or what can be had without one.
fn service(name: &str, sample: &[f64], p: &mut Builder) -> (DistributionDoc, Option<ServiceFit>) {
    match fit::fit_service(sample) {
        Ok(f) => {
            let best = f.best();
            p.say(format!(
                "{name} service: {} fits best by AIC of the three families ({} services{}).",
                best.family().name(),
                f.n,
                if f.small { ", a small sample" } else { "" }
            ));
            (best.parameters.service(Unit::Minutes), Some(f))
        }
        Err(e) => {
            let mean = sample.iter().copied().filter(|x| *x > 0.0).sum::<f64>() / sample.len().max(1) as f64;
            let mean = if mean > 0.0 { mean } else { 30.0 };
            p.say(format!("{name} service: {e}; an exponential of mean {} minutes is used.", round(mean, 2)));
            let doc = fit::Parameters::Exponential { mean }.service(Unit::Minutes);
            (doc, None)
        }
    }
}

/// The most stays in service at once (from work started to the stay's end), and whether any stay
/// waited for its start: then, at some moment, everyone was busy.
fn in_service(served: &[&levels::Stay]) -> (u32, bool) {
    let mut edges: Vec<(i64, i32)> = Vec::new();
    let mut queued = false;
    for s in served {
        if let (Some(start), Some(left)) = (s.started, s.left) {
            edges.push((start, 1));
            edges.push((left, -1));
            queued |= start > s.entered;
        }
    }
    // Ends before starts at the same moment: a person finishing one and taking the next is one.
    order::sort(&mut edges);
    let (mut now, mut most) = (0i64, 0i64);
    for (_, d) in edges {
        now += i64::from(d);
        most = most.max(now);
    }
    (u32::try_from(most).unwrap_or(u32::MAX), queued)
}

/// The levels `propose` maps the groups of `tickets` to with `options`, frontline first, each
/// with the groups in it (sorted by name): what a user reviews before merging or reordering.
pub fn levels_of(tickets: &[Ticket], options: &Options) -> Vec<(String, Vec<String>)> {
    let levels = levels::map(tickets, options);
    levels
        .order
        .iter()
        .map(|level| {
            let groups = levels.of_group.iter().filter(|(_, l)| *l == level).map(|(g, _)| g.clone()).collect();
            (level.clone(), groups)
        })
        .collect()
}
