//! Runs replications and combines them into a `Report`: KPI summaries with confidence intervals,
//! mean flows, time series and heatmap, trigger counts, and the ranked bottleneck analysis.

use super::analytic;
use super::calendar::Span;
use super::document::{EndRule, MoreTarget};
use super::model::Model;
use super::precision::{Look, Sequential};
use super::problem::Problem;
use super::report::{
    Bottleneck, Flow, Heatmap, LevelSeries, Report, ScriptMark, SlaTargets, TimeSeries, TriggerCount, summarize,
};
use super::simulation::{Reason, Replication, Simulation};
use super::time::{MINUTE, minutes};

/// What to do next, answered by a progress callback between slices of events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Continue,
    Cancel,
}

/// Progress of a run: replications done and the current one's completion fraction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    pub replication: u32,
    pub replications: u32,
    pub fraction: f64,
}

impl Progress {
    /// Overall completion in [0, 1].
    pub fn overall(&self) -> f64 {
        (f64::from(self.replication) + self.fraction) / f64::from(self.replications.max(1))
    }
}

/// Events handled between two progress callbacks.
const SLICE: u64 = 200_000;

/// Runs every replication of the model (seeds `seed`, `seed + 1`, ...) and builds the report; in
/// precision mode (`run.precision`), replications until the headline figures are precise, the
/// progress counting towards the maximum. Returns `None` if the progress callback cancelled the run.
pub fn run_with_progress(
    model: &Model,
    warnings: &[Problem],
    on_progress: impl FnMut(Progress) -> Control,
) -> Option<Report> {
    let Some(targets) = model.run.precision else {
        return Some(combine(model, warnings, replications(model, on_progress)?));
    };
    let mut sequential = Sequential::new(targets);
    let mut outcome = None;
    let reps =
        replications_until(model, targets.max_replications, on_progress, |rep| match sequential.look(&rep.kpis) {
            Look::Continue(_) => false,
            Look::Stop(o) => {
                outcome = Some(o);
                true
            }
        })?;
    let mut report = combine(model, warnings, reps);
    report.precision = outcome;
    Some(report)
}

/// Runs every replication of the model (seeds `seed`, `seed + 1`, ...), reporting progress
/// between slices of events and after each replication. `None` if the callback cancelled.
pub fn replications(model: &Model, on_progress: impl FnMut(Progress) -> Control) -> Option<Vec<Replication>> {
    replications_until(model, model.run.replications, on_progress, |_| false)
}

/// Runs replications from the model's seed on, at most `most`, until `enough` says so after one.
fn replications_until(
    model: &Model,
    most: u32,
    mut on_progress: impl FnMut(Progress) -> Control,
    mut enough: impl FnMut(&Replication) -> bool,
) -> Option<Vec<Replication>> {
    let mut results = Vec::with_capacity(most as usize);
    for r in 0..most {
        let seed = model.run.seed.wrapping_add(u64::from(r));
        let mut sim = Simulation::new(model, seed);
        while !sim.step(SLICE) {
            let p = Progress { replication: r, replications: most, fraction: sim.progress() };
            if on_progress(p) == Control::Cancel {
                return None;
            }
        }
        let rep = sim.finish();
        // Looked at even when it is the last, so that `enough` sees every replication.
        let last = enough(&rep) || r + 1 == most;
        results.push(rep);
        if on_progress(Progress { replication: r + 1, replications: most, fraction: 0.0 }) == Control::Cancel && !last {
            return None;
        }
        if last {
            break;
        }
    }
    Some(results)
}

/// Runs every replication to the end.
pub fn run(model: &Model, warnings: &[Problem]) -> Report {
    run_with_progress(model, warnings, |_| Control::Continue).expect("a run that is never cancelled completes")
}

/// Combines finished replications into the report.
pub fn combine(model: &Model, warnings: &[Problem], reps: Vec<Replication>) -> Report {
    let n = reps.len().max(1) as f64;
    // The replications combined: the scenario's count, or as many as precision mode took.
    let count = u32::try_from(reps.len()).unwrap_or(u32::MAX);
    let nl = model.levels.len();
    let np = model.priorities.len();
    let run = &model.run;
    let buckets = run.horizon.div_ceil(run.bucket) as usize;
    let mean_of = |get: &dyn Fn(&Replication) -> &Vec<f64>, len: usize| -> Vec<f64> {
        (0..len).map(|i| reps.iter().map(|r| get(r)[i]).sum::<f64>() / n).collect()
    };
    let per_replication: Vec<_> = reps.iter().map(|r| r.kpis.clone()).collect();
    let summary = summarize(&per_replication);

    let mut flows = Vec::new();
    let nr = Reason::ALL.len();
    let endpoint_from = |i: usize| match i {
        i if i < nl => model.levels[i].name.clone(),
        i if i == nl => "arrival".to_string(),
        _ => "follow-up".to_string(),
    };
    for from in 0..nl + 2 {
        for to in 0..=nl {
            for (ri, reason) in Reason::ALL.iter().enumerate() {
                let idx = (from * (nl + 1) + to) * nr + ri;
                let total: u64 = reps.iter().map(|r| r.tallies.flows[idx]).sum();
                if total > 0 {
                    flows.push(Flow {
                        from: endpoint_from(from),
                        to: if to < nl { model.levels[to].name.clone() } else { "resolved".to_string() },
                        reason: reason.name().to_string(),
                        count: total as f64 / n,
                    });
                }
            }
        }
    }

    // Time series: integrals per bucket become time averages; counts become means per replication.
    let width = |b: usize| ((b as u64 + 1) * run.bucket).min(run.horizon) - b as u64 * run.bucket;
    let average = |series: Vec<f64>| -> Vec<f64> {
        series.iter().enumerate().map(|(i, v)| v / width(i % buckets) as f64).collect()
    };
    let queue = average(mean_of(&|r| &r.tallies.series_queue, nl * buckets));
    let busy = average(mean_of(&|r| &r.tallies.series_busy, nl * buckets));
    let staff = average(mean_of(&|r| &r.tallies.series_staff, nl * buckets));
    let breaches = mean_of(&|r| &r.tallies.series_breaches, np * buckets);
    let time_series = TimeSeries {
        bucket_minutes: run.bucket as f64 / MINUTE as f64,
        bucket_start_hours: (0..buckets).map(|b| (b as u64 * run.bucket) as f64 / 3_600_000.0).collect(),
        levels: (0..nl)
            .map(|l| LevelSeries {
                name: model.levels[l].name.clone(),
                queue: queue[l * buckets..(l + 1) * buckets].to_vec(),
                busy: busy[l * buckets..(l + 1) * buckets].to_vec(),
                staff: staff[l * buckets..(l + 1) * buckets].to_vec(),
            })
            .collect(),
        breaches: (0..np).map(|p| breaches[p * buckets..(p + 1) * buckets].to_vec()).collect(),
        arrivals: mean_of(&|r| &r.tallies.series_arrivals, buckets),
    };
    let heat_a = mean_of(&|r| &r.tallies.heat_arrivals, np * 168);
    let heat_b = mean_of(&|r| &r.tallies.heat_breaches, np * 168);
    let heatmap = Heatmap {
        arrivals: (0..np).map(|p| heat_a[p * 168..(p + 1) * 168].to_vec()).collect(),
        breaches: (0..np).map(|p| heat_b[p * 168..(p + 1) * 168].to_vec()).collect(),
    };
    let triggers = model
        .triggers
        .iter()
        .enumerate()
        .map(|(t, trig)| TriggerCount {
            trigger: trig.name.clone(),
            fired: reps.iter().map(|r| r.tallies.trigger_fires[t] as f64).sum::<f64>() / n,
        })
        .collect();
    let (bottlenecks, bottleneck_summary) = bottlenecks(model, &reps, &summary);
    let analytic = analytic::analyse_with_run(model, &analytic::Observed::of(&summary));
    let end_note = match run.end {
        EndRule::Drain => format!(
            "Arrivals stop at the horizon ({:.0} h); each replication then ran until every issue was resolved (the last ended at {:.1} h).",
            run.horizon as f64 / 3_600_000.0,
            reps.iter().map(|r| r.end).max().unwrap_or(0) as f64 / 3_600_000.0
        ),
        EndRule::HardStop => format!(
            "The run stopped hard at the horizon ({:.0} h); {:.0} counted issues per replication were still open and are censored (left out of resolution times).",
            run.horizon as f64 / 3_600_000.0,
            per_replication.iter().filter_map(|k| k.censored).sum::<f64>() / n
        ),
    };
    let journeys = reps.into_iter().next().map(|r| r.journeys).unwrap_or_default();
    Report {
        scenario: model.name.clone(),
        seed: run.seed,
        replications: count,
        horizon_hours: run.horizon as f64 / 3_600_000.0,
        warmup_hours: run.warmup as f64 / 3_600_000.0,
        end: run.end,
        end_note,
        priorities: model.priorities.iter().map(|p| p.name.clone()).collect(),
        categories: model.categories.iter().map(|k| k.name.clone()).collect(),
        levels: model.levels.iter().map(|l| l.name.clone()).collect(),
        summary,
        per_replication,
        flows,
        time_series,
        heatmap,
        bottlenecks,
        bottleneck_summary,
        triggers,
        journeys,
        script: model
            .script
            .marks
            .iter()
            .map(|(t, what)| ScriptMark { at_hours: super::time::SimTime(*t).as_hours(), what: what.clone() })
            .collect(),
        analytic,
        sla_targets: model
            .sla
            .iter()
            .map(|s| {
                let named = &model.calendars[s.calendar];
                let cal = &named.calendar;
                let to_min = |v: &[Option<Span>]| {
                    v.iter()
                        .map(|t| {
                            t.map(|span| match span {
                                Span::Open(ms) => ms as f64 / 60_000.0,
                                Span::WorkingDays(n) => f64::from(n) * cal.mean_working_day() as f64 / 60_000.0,
                            })
                        })
                        .collect()
                };
                let to_text =
                    |v: &[Option<Span>]| v.iter().map(|t| t.map(|span| cal.describe_span(span, &named.name))).collect();
                SlaTargets {
                    policy: s.name.clone(),
                    calendar: named.name.clone(),
                    business_hours: s.calendar != 0,
                    first_response_min: to_min(&s.first_response),
                    resolution_min: to_min(&s.resolution),
                    first_response_text: to_text(&s.first_response),
                    resolution_text: to_text(&s.resolution),
                    more_text: s
                        .more
                        .iter()
                        .map(|targets| {
                            let mut texts = Vec::new();
                            for w in MoreTarget::ALL {
                                if let Some(span) = targets[w as usize] {
                                    texts.push((w.key().to_string(), cal.describe_span(span, &named.name)));
                                }
                            }
                            texts
                        })
                        .collect(),
                }
            })
            .collect(),
        goals: super::goals::PriorityGoals::of(model),
        warnings: warnings.to_vec(),
        precision: None,
    }
}

/// Levels ranked by the share of resolution breaches whose longest wait was there.
fn bottlenecks(
    model: &Model,
    reps: &[Replication],
    summary: &super::report::Kpis<super::report::Estimate>,
) -> (Vec<Bottleneck>, String) {
    let n = reps.len().max(1) as f64;
    let np = model.priorities.len();
    let breached: Vec<f64> = (0..np).map(|p| reps.iter().map(|r| r.tallies.breached[p] as f64).sum::<f64>()).collect();
    let total_breached: f64 = breached.iter().sum();
    let mut out: Vec<Bottleneck> = model
        .levels
        .iter()
        .enumerate()
        .map(|(l, level)| {
            let by_p: Vec<f64> =
                (0..np).map(|p| reps.iter().map(|r| r.tallies.longest_wait[l * np + p] as f64).sum::<f64>()).collect();
            let longest: f64 = by_p.iter().sum();
            let ks = &summary.levels[l];
            Bottleneck {
                level: level.name.clone(),
                utilization: ks.utilization.mean,
                mean_wait_min: ks.queue_wait.mean.mean,
                breaches_waited_longest: longest / n,
                share_of_breaches: if total_breached > 0.0 { longest / total_breached } else { 0.0 },
                share_by_priority: (0..np).map(|p| (breached[p] > 0.0).then(|| by_p[p] / breached[p])).collect(),
                wait_of_breached_min: if total_breached > 0.0 {
                    minutes(1) * reps.iter().map(|r| r.tallies.wait_of_breached[l]).sum::<f64>() / total_breached
                } else {
                    0.0
                },
            }
        })
        .collect();
    let util = |b: &Bottleneck| b.utilization.unwrap_or(0.0);
    crate::engine::order::sort_by(&mut out, |a, b| {
        b.share_of_breaches
            .total_cmp(&a.share_of_breaches)
            .then(util(b).total_cmp(&util(a)))
            .then(a.level.cmp(&b.level))
    });
    let text = match out.first() {
        Some(top) if total_breached > 0.0 => {
            // The priority for which this level matters most, for a concrete figure.
            let (p, share) = top
                .share_by_priority
                .iter()
                .enumerate()
                .filter_map(|(p, s)| s.map(|s| (p, s)))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((0, 0.0));
            let mut text = format!(
                "{} is the bottleneck: {:.0}% busy; {:.0}% of all resolution breaches waited there longest ({:.0}% of {} breaches).",
                top.level,
                util(top) * 100.0,
                top.share_of_breaches * 100.0,
                share * 100.0,
                model.priorities[p].name
            );
            // The bottleneck is where breached issues waited longest, not always the busiest
            // level: say so when they differ, or the sentence reads as a contradiction.
            if let Some(busiest) = out.iter().max_by(|a, b| util(a).total_cmp(&util(b)))
                && busiest.level != top.level
                && util(busiest) > util(top) + 0.005
            {
                let there = match busiest.share_of_breaches {
                    0.0 => "no breached issue waited longest there".to_string(),
                    s => format!("only {:.0}% of breached issues waited longest there", s * 100.0),
                };
                text.push_str(&format!(" {} is busier ({:.0}%), but {there}.", busiest.level, util(busiest) * 100.0));
            }
            text
        }
        _ => match out.iter().max_by(|a, b| util(a).total_cmp(&util(b))) {
            Some(b) => format!(
                "No resolution SLA was breached. The busiest level is {} at {:.0}% utilization.",
                b.level,
                util(b) * 100.0
            ),
            None => "No level.".to_string(),
        },
    };
    (out, text)
}
