//! Queueing theory beside the simulation: offered load per level from the traffic equations,
//! Erlang C for M/M/c levels and Cobham's formula for non-preemptive priority classes.
//!
//! These figures are exact only for stationary Poisson arrivals, exponential service with one
//! mean per level, constant staff and no timers moving issues between queues; `LevelAnalysis`
//! says which of those assumptions a level breaks. The formulas are in `formulas`, the traffic
//! equations in `traffic`; here, each level's analysis and the overload warnings.

use serde::{Deserialize, Serialize};

use super::model::{Action, Condition, Model, Staffing};
use super::problem::Problem;
use super::report::{Estimate, Kpis, LevelKpis};
use super::time::{HOUR, MINUTE};
use traffic::class_rates;

mod formulas;
mod traffic;

pub use formulas::{erlang_b, erlang_c, mmc_wait, priority_waits};
pub use traffic::{expected_arrivals, expected_visits, priority_probabilities};

/// The analytic view of one level.
///
/// Beside a run, the offered load comes from the arrivals the run saw reach the level (its
/// queue joins, less the visits that left the queue unserved), so timers and triggers that move
/// work are counted; the traffic equations of the outcome probabilities alone give
/// `theory_arrivals_per_hour`. The Erlang C figures are given only where they apply; otherwise
/// `not_applicable` says why, in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelAnalysis {
    pub level: String,
    /// Services offered per hour: the run's queue joins less the visits that left the queue
    /// unserved, or the traffic equations' visits before a run.
    pub arrivals_per_hour: f64,
    /// Per priority, from the traffic equations (scaled to the run's total beside a run).
    pub arrivals_per_hour_by_priority: Vec<f64>,
    /// Visits per hour from the outcome probabilities alone (no timer or trigger moves).
    pub theory_arrivals_per_hour: f64,
    /// Arrivals per hour that timers and triggers brought here in the run.
    pub moved_in_per_hour: f64,
    /// Queue visits per hour that ended without a service in the run (a timer or trigger moved
    /// the waiting issue on).
    pub left_unserved_per_hour: f64,
    /// Mean work per service (handoff included), minutes.
    pub mean_service_min: f64,
    /// Offered load in erlangs (busy staff needed on average).
    pub offered_load: f64,
    pub mean_staff: f64,
    /// offered_load / mean_staff.
    pub rho: f64,
    /// The same from the outcome probabilities alone.
    pub theory_rho: f64,
    /// Work asked of the level per staff member: every arrival's mean work (also of those that
    /// timers or triggers later move on unserved) over the mean staff.
    pub demand_rho: f64,
    /// Asked for more work than its staff can do (`demand_rho` >= 1): either its queue grows
    /// without bound (`unbounded`) or its timers pass the excess on unserved.
    pub overloaded: bool,
    /// Overloaded with no timer passing the excess on: its queue grows without bound.
    pub unbounded: bool,
    /// Erlang C figures, where the level is close enough to M/M/c for them to hold.
    pub erlang_c: Option<ErlangC>,
    /// True when every M/M/c assumption holds, so the simulated waits must match.
    pub exact: bool,
    /// Why no Erlang C figure is given, in words (empty when it is given).
    pub not_applicable: Vec<String>,
    /// Approximations behind a figure that is given, in words.
    pub caveats: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErlangC {
    pub p_wait: f64,
    pub mean_wait_min: f64,
    /// Cobham's non-preemptive priority waits, per priority, minutes.
    pub priority_wait_min: Vec<f64>,
}

/// What a run saw at each level, rates per hour within [warm-up, horizon] (means over the
/// replications), for [`analyse_with_run`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Observed {
    /// Queue joins (every issue; a service started at once counts as a join).
    pub joins_per_hour: Vec<f64>,
    /// Queue visits that ended without a service.
    pub left_unserved_per_hour: Vec<f64>,
    /// Moves in from another level by wait timers, age and SLA triggers.
    pub moved_in_per_hour: Vec<f64>,
}

impl Observed {
    /// From a run's KPI summary.
    pub fn of(summary: &Kpis<Estimate>) -> Observed {
        let per_level = |get: fn(&LevelKpis<Estimate>) -> &Estimate| {
            summary.levels.iter().map(|l| get(l).mean.unwrap_or(0.0)).collect()
        };
        Observed {
            joins_per_hour: per_level(|l| &l.joins_per_hour),
            left_unserved_per_hour: per_level(|l| &l.left_unserved_per_hour),
            moved_in_per_hour: per_level(|l| &l.moved_in_per_hour),
        }
    }
}

/// Share of a level's arrivals that timers and triggers may move (in, or out unserved) before
/// the Erlang C figures stop describing it.
pub const MOVED_SHARE_LIMIT: f64 = 0.01;

/// Offered load, Erlang C and Cobham per level, from the traffic equations alone (before a run).
pub fn analyse(model: &Model) -> Vec<LevelAnalysis> {
    analyse_levels(model, None)
}

/// Offered load, Erlang C and Cobham per level beside a run: the load from the arrivals the run
/// saw at each level, the Erlang C figures only where they apply.
pub fn analyse_with_run(model: &Model, observed: &Observed) -> Vec<LevelAnalysis> {
    analyse_levels(model, Some(observed))
}

fn analyse_levels(model: &Model, observed: Option<&Observed>) -> Vec<LevelAnalysis> {
    let np = model.priorities.len();
    let rates = class_rates(model);
    let nl = model.levels.len();
    let mut lambda = vec![vec![0.0; np]; nl];
    let mut work = vec![0.0; nl];
    for (k, cat) in model.categories.iter().enumerate() {
        for p in 0..np {
            if rates[k][p] == 0.0 {
                continue;
            }
            let (visits, esc_in) = expected_visits(model, k, p);
            for (i, &l) in cat.path.iter().enumerate() {
                let cell = model.cell(l, k, p);
                lambda[l][p] += rates[k][p] * visits[i];
                let handoff = cell.handoff.as_ref().map_or(0.0, super::distribution::Distribution::mean);
                work[l] += rates[k][p] * (visits[i] * cell.service.mean() + esc_in[i] * handoff);
            }
        }
    }
    let w = &model.workload;
    let stationary =
        w.hour_of_week.iter().all(|&m| m == w.hour_of_week[0]) && w.bursts.is_empty() && w.scheduled.is_empty();
    let per_hour = HOUR as f64;
    (0..nl)
        .map(|l| {
            let level = &model.levels[l];
            let theory: f64 = lambda[l].iter().sum();
            // Mean work per service: the traffic equations' mix, or the plain mean of the cells
            // of the classes whose path holds the level when they send nothing here.
            let mean_work = if theory > 0.0 { work[l] / theory } else { plain_mean_work(model, l) };
            let mean_staff = level.staffing.mean_staff();
            let ratio = |offered: f64| {
                if mean_staff > 0.0 {
                    offered / mean_staff
                } else if offered > 0.0 {
                    f64::INFINITY
                } else {
                    0.0
                }
            };
            let theory_rho = ratio(work[l]);
            let (arrivals, moved_in, left) = match observed {
                Some(o) => (
                    (o.joins_per_hour[l] - o.left_unserved_per_hour[l]).max(0.0) / per_hour,
                    o.moved_in_per_hour[l] / per_hour,
                    o.left_unserved_per_hour[l] / per_hour,
                ),
                None => (theory, 0.0, 0.0),
            };
            let offered = arrivals * mean_work;
            let rho = ratio(offered);
            // The traffic equations' mix over priorities, scaled to the run's total (1 before a run).
            let scale = if theory > 0.0 { arrivals / theory } else { 0.0 };

            let mut not_applicable = Vec::new();
            let mut caveats = Vec::new();
            let means = distinct_service_means(model, l);
            let joins = observed.map_or(0.0, |o| o.joins_per_hour[l]) / per_hour;
            // A level whose timers pass waiting issues on works at capacity at most: its queue
            // stays bounded, and the timers' reason below says what happens instead.
            let drained_by_timers = joins > 0.0 && left / joins > MOVED_SHARE_LIMIT;
            let demand_rho = if observed.is_some() { ratio(joins * mean_work) } else { theory_rho };
            let unbounded = rho >= 1.0 && offered > 0.0 && !drained_by_timers;
            let overloaded = unbounded || (demand_rho >= 1.0 && offered > 0.0);
            if unbounded {
                not_applicable.push(format!(
                    "it is overloaded: it is offered {:.2} staff-hours of work per hour with {} staff on average, so its queue grows without bound",
                    offered,
                    trim(mean_staff)
                ));
            }
            let moved = moved_in + left;
            if joins > 0.0 && moved / joins > MOVED_SHARE_LIMIT {
                not_applicable.push(moved_words(theory, joins, moved_in, left));
            } else if moved > 0.0 {
                caveats.push(format!("timers and triggers moved {} of its arrivals, which Erlang C leaves out", share_words(moved / joins)));
            } else if observed.is_none() && moves_out_of_queue(model, l) {
                caveats.push("timers may move waiting issues out of this queue".to_string());
            }
            if !matches!(level.staffing, Staffing::Constant(_)) {
                not_applicable.push("staff follow shifts, so the number of servers changes over the week".to_string());
            }
            if !stationary {
                not_applicable.push(
                    "arrivals vary over time (an hour-of-week profile, bursts or scheduled issues), so they are not one steady Poisson stream"
                        .to_string(),
                );
            }
            if means.0 {
                not_applicable.push("service times are not all exponential".to_string());
            }
            if means.1 {
                not_applicable.push("service means differ by category or priority".to_string());
            }
            if means.2 {
                not_applicable.push("handoff time adds to some services".to_string());
            }
            if model.reopen_after.is_some()
                || model.categories.iter().any(|k| k.path.first() != Some(&l) && k.path.contains(&l))
            {
                caveats.push("arrivals include escalations and reopens, which are not exactly Poisson".to_string());
            }
            if offered == 0.0 {
                not_applicable.push("no work reaches it".to_string());
            }
            let erlang = match level.staffing {
                Staffing::Constant(c) if not_applicable.is_empty() && c > 0 && theory_rho < 1.0 => {
                    // The theory's rates where the run agrees with them (its moves are negligible):
                    // they are exact, the run's are estimates.
                    let total = theory;
                    let mu = 1.0 / mean_work;
                    Some(ErlangC {
                        p_wait: erlang_c(c, work[l]),
                        mean_wait_min: mmc_wait(total, mu, c) / MINUTE as f64,
                        priority_wait_min: priority_waits(&lambda[l], mu, c)
                            .into_iter()
                            .map(|w| w / MINUTE as f64)
                            .collect(),
                    })
                }
                _ => None,
            };
            LevelAnalysis {
                level: level.name.clone(),
                arrivals_per_hour: arrivals * per_hour,
                arrivals_per_hour_by_priority: lambda[l].iter().map(|x| x * per_hour * scale).collect(),
                theory_arrivals_per_hour: theory * per_hour,
                moved_in_per_hour: moved_in * per_hour,
                left_unserved_per_hour: left * per_hour,
                mean_service_min: mean_work / MINUTE as f64,
                offered_load: offered,
                mean_staff,
                rho,
                theory_rho,
                demand_rho,
                overloaded,
                unbounded,
                exact: erlang.is_some() && caveats.is_empty(),
                erlang_c: erlang,
                not_applicable,
                caveats,
            }
        })
        .collect()
}

/// Why timers and triggers keep Erlang C from describing a level, with the figures.
fn moved_words(theory: f64, joins: f64, moved_in: f64, left: f64) -> String {
    let h = HOUR as f64;
    let mut parts = Vec::new();
    if moved_in > 0.0 {
        parts.push(format!("{} came by timers or triggers", rate(moved_in * h)));
    }
    if left > 0.0 {
        parts.push(format!("{} left its queue unserved", rate(left * h)));
    }
    let mut text =
        format!("timers and triggers move work: of its {} arrivals per hour, {}", rate(joins * h), parts.join(" and "));
    if (joins - theory).abs() > 0.02 * theory.max(joins) {
        text.push_str(&format!(
            " (the outcome probabilities alone send {} per hour); the load is taken from the run's flows, but Erlang C does not model these moves",
            rate(theory * h)
        ));
    } else {
        text.push_str("; Erlang C does not model these moves");
    }
    text
}

fn rate(per_hour: f64) -> String {
    if per_hour >= 10.0 { format!("{per_hour:.0}") } else { format!("{per_hour:.2}") }
}

fn share_words(share: f64) -> String {
    if share < 0.001 { "under 0.1%".to_string() } else { format!("{:.1}%", share * 100.0) }
}

fn trim(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 { format!("{x:.0}") } else { format!("{x:.2}") }
}

/// Mean work per service at a level over the classes whose path holds it, equally weighted.
fn plain_mean_work(model: &Model, level: usize) -> f64 {
    let mut sum = 0.0;
    let mut count = 0.0;
    for (k, cat) in model.categories.iter().enumerate() {
        if !cat.path.contains(&level) {
            continue;
        }
        for p in 0..model.priorities.len() {
            let cell = model.cell(level, k, p);
            sum += cell.service.mean() + cell.handoff.as_ref().map_or(0.0, super::distribution::Distribution::mean);
            count += 1.0;
        }
    }
    if count > 0.0 { sum / count } else { 0.0 }
}

/// (some service is not exponential, service means differ, some handoff) at a level.
fn distinct_service_means(model: &Model, level: usize) -> (bool, bool, bool) {
    let nk = model.categories.len();
    let np = model.priorities.len();
    let first = model.cell(level, 0, 0).service.mean();
    let mut out = (false, false, false);
    for k in 0..nk {
        if !model.categories[k].path.contains(&level) {
            continue;
        }
        for p in 0..np {
            let cell = model.cell(level, k, p);
            out.0 |= !cell.service.is_exponential();
            out.1 |= cell.service.mean() != first;
            out.2 |= cell.handoff.is_some();
        }
    }
    out
}

fn moves_out_of_queue(model: &Model, level: usize) -> bool {
    model.triggers.iter().any(|t| {
        t.applies_at(level)
            && matches!(
                t.action,
                Action::EscalateNext | Action::EscalateTo(_) | Action::LoopBack { .. } | Action::Close
            )
            && matches!(
                t.condition,
                Condition::QueueWaitOver(_)
                    | Condition::TimeAtLevelOver(_)
                    | Condition::OpenLongerThan { .. }
                    | Condition::SlaElapsed { .. }
            )
    })
}

/// Warnings for levels whose offered load reaches their capacity (rho >= 1).
pub fn overload_warnings(model: &Model) -> Vec<Problem> {
    analyse(model)
        .into_iter()
        .enumerate()
        .filter(|(_, a)| a.rho >= 1.0 && a.offered_load > 0.0)
        .map(|(l, a)| {
            let what = if moves_out_of_queue(model, l) {
                "so its staff work at capacity and only its timers keep its queue from growing without bound, by moving waiting issues on"
            } else {
                "so its queue grows without bound"
            };
            Problem::warning(
                format!("levels[{l}].staff"),
                format!(
                    "level \"{}\" is overloaded: it is offered {:.2} staff-hours of work per hour but has {:.2} staff on average (utilization {:.0}%), {what}",
                    a.level,
                    a.offered_load,
                    a.mean_staff,
                    a.rho * 100.0
                ),
            )
        })
        .collect()
}
