//! A/B comparison of two policies with common random numbers.
//!
//! Replication `r` of both policies runs from the same seed. Arrivals, and every issue's own
//! attributes, come from the arrival stream, and each issue's service times and outcomes from
//! sub-streams keyed by the issue and the level (see `simulation`), so the two policies see the
//! same issues, and an issue that is served at the same level under both gets the same work. The
//! difference of each KPI is then taken replication by replication (paired), and its mean comes
//! with a 95% Student-t interval: the pairing removes most of the replication-to-replication
//! noise that the two policies share, so a real difference shows with fewer replications.

mod settings;

use serde::{Deserialize, Serialize};

use super::goals::Judgement;
use super::model::Model;
use super::report::{Estimate, GroupKpis, Kpis, LevelKpis};
use super::runner::{Control, Progress};
use super::simulation::Simulation;

pub use settings::{MAX_LINES, SettingsDiff, settings_diff};

/// Events handled between two progress callbacks.
const SLICE: u64 = 200_000;

/// Each KPI of policy A and policy B side by side, with their paired difference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub replications: u32,
    /// Replication `r` of both policies ran from seed `seed + r`.
    pub seed: u64,
    pub rows: Vec<KpiDifference>,
    /// What could not be paired (a priority or level only one policy has).
    pub unpaired: Vec<String>,
    /// Each policy against its own goals, and its overloaded levels.
    #[serde(default)]
    pub goals_a: Judgement,
    #[serde(default)]
    pub goals_b: Judgement,
}

impl Comparison {
    /// Both policies against their goals in one sentence: which meets them, and what the other
    /// misses.
    pub fn goals_sentence(&self) -> String {
        let (a, b) = (&self.goals_a, &self.goals_b);
        match (a.met(), b.met()) {
            (true, true) => "Against the goals: A and B both meet every goal.".to_string(),
            (true, false) => format!("Against the goals: B is worse: {} A meets every goal.", b.sentence()),
            (false, true) => format!(
                "Against the goals: B is better: it meets every goal, where A does not: {}",
                super::words::uncapitalised(&a.sentence())
            ),
            (false, false) => {
                format!("Against the goals: neither meets every goal. A: {} B: {}", a.sentence(), b.sentence())
            }
        }
    }
}

/// One KPI of both policies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiDifference {
    /// What is measured, e.g. "resolution breaches".
    pub kpi: String,
    /// Whose: a priority, a level, or "all issues".
    pub of: String,
    /// "%", "min" or "" (a count).
    pub unit: String,
    /// Whether less is better (breaches, waits); `None` when neither is (utilization, counts).
    pub lower_is_better: Option<bool>,
    pub a: Estimate,
    pub b: Estimate,
    /// B − A, paired by replication.
    pub difference: Estimate,
}

/// How B compares with A on one KPI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The 95% interval of the difference excludes zero, in B's favour.
    Better,
    /// ... against B.
    Worse,
    /// ... and the KPI is neither better nor worse when higher (utilization, counts).
    Different,
    /// The interval contains zero.
    NoDifference,
    /// A difference with no interval around it (one replication): chance cannot be ruled out.
    CannotTell,
}

impl KpiDifference {
    /// The 95% interval of the difference excludes zero.
    pub fn significant(&self) -> bool {
        match (self.difference.mean, self.difference.ci95) {
            (Some(m), Some(h)) => m.abs() > h,
            _ => false,
        }
    }

    pub fn verdict(&self) -> Verdict {
        if let (Some(m), None) = (self.difference.mean, self.difference.ci95)
            && m != 0.0
        {
            return Verdict::CannotTell;
        }
        if !self.significant() {
            return Verdict::NoDifference;
        }
        let lower = self.difference.mean.is_some_and(|m| m < 0.0);
        match self.lower_is_better {
            Some(want_lower) if want_lower == lower => Verdict::Better,
            Some(_) => Verdict::Worse,
            None => Verdict::Different,
        }
    }
}

/// Runs `replications` paired replications of both models (seeds `seed`, `seed + 1`, ...).
/// Returns `None` if the progress callback cancelled.
pub fn compare_with_progress(
    a: &Model,
    b: &Model,
    replications: u32,
    seed: u64,
    mut on_progress: impl FnMut(Progress) -> Control,
) -> Option<Comparison> {
    let runs = replications.max(1) * 2;
    let mut kpis: [Vec<Kpis<Option<f64>>>; 2] = [Vec::new(), Vec::new()];
    for r in 0..replications.max(1) {
        for (side, model) in [a, b].into_iter().enumerate() {
            let done = r * 2 + side as u32;
            let mut sim = Simulation::new(model, seed.wrapping_add(u64::from(r)));
            while !sim.step(SLICE) {
                let p = Progress { replication: done, replications: runs, fraction: sim.progress() };
                if on_progress(p) == Control::Cancel {
                    return None;
                }
            }
            kpis[side].push(sim.finish().kpis);
            let p = Progress { replication: done + 1, replications: runs, fraction: 0.0 };
            if done + 1 < runs && on_progress(p) == Control::Cancel {
                return None;
            }
        }
    }
    let [ka, kb] = kpis;
    let mut c = from_replications(&ka, &kb, replications.max(1), seed);
    c.judge(a, b, &ka, &kb);
    Some(c)
}

/// Runs the comparison to the end.
pub fn compare(a: &Model, b: &Model, replications: u32, seed: u64) -> Comparison {
    compare_with_progress(a, b, replications, seed, |_| Control::Continue).expect("never cancelled")
}

type Get = dyn Fn(&Kpis<Option<f64>>) -> Option<f64>;

/// A KPI: its label, unit, direction, scale, and where to read it in a replication's KPIs.
struct Metric {
    kpi: &'static str,
    of: String,
    unit: &'static str,
    lower_is_better: Option<bool>,
    get: Box<Get>,
}

fn group<'k>(groups: &'k [GroupKpis<Option<f64>>], name: &str) -> Option<&'k GroupKpis<Option<f64>>> {
    groups.iter().find(|g| g.name == name)
}

fn level<'k>(levels: &'k [LevelKpis<Option<f64>>], name: &str) -> Option<&'k LevelKpis<Option<f64>>> {
    levels.iter().find(|l| l.name == name)
}

/// The KPIs both sides have, in the report's order: all issues, each priority, each level.
fn metrics(a: &Kpis<Option<f64>>, b: &Kpis<Option<f64>>, unpaired: &mut Vec<String>) -> Vec<Metric> {
    let mut out = vec![
        Metric {
            kpi: "issues resolved",
            of: "all issues".into(),
            unit: "",
            lower_is_better: None,
            get: Box::new(|k| k.resolved),
        },
        Metric {
            kpi: "issues counted",
            of: "all issues".into(),
            unit: "",
            lower_is_better: None,
            get: Box::new(|k| k.counted_issues),
        },
    ];
    fn percent(v: Option<f64>) -> Option<f64> {
        v.map(|x| x * 100.0)
    }
    for p in &a.priorities {
        let name = p.name.clone();
        if group(&b.priorities, &name).is_none() {
            unpaired.push(format!("priority {name} (only in A)"));
            continue;
        }
        let by = |name: &str, f: fn(&GroupKpis<Option<f64>>) -> Option<f64>| -> Box<Get> {
            let name = name.to_string();
            Box::new(move |k| group(&k.priorities, &name).and_then(f))
        };
        out.extend([
            Metric {
                kpi: "resolution breaches",
                of: name.clone(),
                unit: "%",
                lower_is_better: Some(true),
                get: by(&name, |g| percent(g.resolution_breach)),
            },
            Metric {
                kpi: "first-response breaches",
                of: name.clone(),
                unit: "%",
                lower_is_better: Some(true),
                get: by(&name, |g| percent(g.first_response_breach)),
            },
            Metric {
                kpi: "mean time to resolution",
                of: name.clone(),
                unit: "min",
                lower_is_better: Some(true),
                get: by(&name, |g| g.ttr.mean),
            },
            Metric {
                kpi: "90th percentile time to resolution",
                of: name.clone(),
                unit: "min",
                lower_is_better: Some(true),
                get: by(&name, |g| g.ttr.p90),
            },
            Metric {
                kpi: "mean time to first response",
                of: name.clone(),
                unit: "min",
                lower_is_better: Some(true),
                get: by(&name, |g| g.first_response.mean),
            },
        ]);
    }
    for p in &b.priorities {
        if group(&a.priorities, &p.name).is_none() {
            unpaired.push(format!("priority {} (only in B)", p.name));
        }
    }
    for l in &a.levels {
        let name = l.name.clone();
        if level(&b.levels, &name).is_none() {
            unpaired.push(format!("level {name} (only in A)"));
            continue;
        }
        let by = |name: &str, f: fn(&LevelKpis<Option<f64>>) -> Option<f64>| -> Box<Get> {
            let name = name.to_string();
            Box::new(move |k| level(&k.levels, &name).and_then(f))
        };
        out.extend([
            Metric {
                kpi: "utilization",
                of: name.clone(),
                unit: "%",
                lower_is_better: None,
                get: by(&name, |l| percent(l.utilization)),
            },
            Metric {
                kpi: "mean queue wait",
                of: name.clone(),
                unit: "min",
                lower_is_better: Some(true),
                get: by(&name, |l| l.queue_wait.mean),
            },
            Metric {
                kpi: "mean queue length",
                of: name.clone(),
                unit: "",
                lower_is_better: Some(true),
                get: by(&name, |l| l.mean_queue_length),
            },
        ]);
    }
    for l in &b.levels {
        if level(&a.levels, &l.name).is_none() {
            unpaired.push(format!("level {} (only in B)", l.name));
        }
    }
    out
}

/// Pairs the replications' KPIs side by side: replication `r` of A with replication `r` of B.
pub fn from_replications(a: &[Kpis<Option<f64>>], b: &[Kpis<Option<f64>>], replications: u32, seed: u64) -> Comparison {
    let mut unpaired = Vec::new();
    let rows = match (a.first(), b.first()) {
        (Some(fa), Some(fb)) => metrics(fa, fb, &mut unpaired)
            .into_iter()
            .map(|m| {
                let va: Vec<Option<f64>> = a.iter().map(|k| (m.get)(k)).collect();
                let vb: Vec<Option<f64>> = b.iter().map(|k| (m.get)(k)).collect();
                let diffs = va.iter().zip(&vb).filter_map(|(x, y)| Some(y.as_ref()? - x.as_ref()?));
                KpiDifference {
                    kpi: m.kpi.to_string(),
                    of: m.of,
                    unit: m.unit.to_string(),
                    lower_is_better: m.lower_is_better,
                    a: Estimate::of(va.iter().map(|v| v.unwrap_or(f64::NAN))),
                    b: Estimate::of(vb.iter().map(|v| v.unwrap_or(f64::NAN))),
                    difference: Estimate::of(diffs),
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    Comparison { replications, seed, rows, unpaired, goals_a: Judgement::default(), goals_b: Judgement::default() }
}

impl Comparison {
    /// Judges both policies' replications against their own goals.
    pub fn judge(&mut self, a: &Model, b: &Model, ka: &[Kpis<Option<f64>>], kb: &[Kpis<Option<f64>>]) {
        self.goals_a = Judgement::of_run(a, ka);
        self.goals_b = Judgement::of_run(b, kb);
    }
}
