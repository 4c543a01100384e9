//! One issue walked through a scenario on its own: the scenario's levels, paths, SLA policies,
//! calendars, triggers and rules, with no other traffic, so that its journey shows exactly which
//! rule acted when, and why. Service times and outcomes can be fixed per level, or drawn with a
//! seed; what is not fixed is drawn as in a full run.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::document::{DistributionDoc, Document, EndRule, ScheduledDoc};
use super::problem::Problem;
use super::report::Journey;
use super::time::{format_duration, parse_duration};

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

/// The journey, or the problems that stop it (in the scenario, or in the issue: a
/// category or priority that does not exist is reported at `workload.scheduled[0]`).
pub fn walk(doc: &Document, w: &WalkThrough) -> Result<Journey, Vec<Problem>> {
    let at = parse_duration(&w.at)
        .map_err(|e| vec![Problem::error("walk.at", format!("\"{}\" is not a time from the start: {e}", w.at))])?;
    let mut d = doc.clone();
    d.workload.arrivals_per_hour = 0.0;
    d.workload.bursts.clear();
    d.workload.scheduled = vec![ScheduledDoc {
        at: format_duration(at),
        category: w.category.clone(),
        priority: w.priority.clone(),
        attributes: w.attributes.clone(),
        tags: w.tags.clone(),
    }];
    for level in &mut d.levels {
        let Some(choice) = w.levels.get(&level.name) else { continue };
        if let Some(service) = &choice.service {
            level.service = DistributionDoc::Deterministic { value: service.clone() };
            level.overrides.iter_mut().for_each(|o| o.service = None);
        }
        if let Some(resolves) = choice.resolves {
            level.resolve_probability = if resolves { 1.0 } else { 0.0 };
            level.overrides.iter_mut().for_each(|o| o.resolve_probability = None);
        }
    }
    d.run.replications = 1;
    d.run.seed = w.seed;
    d.run.warmup = None;
    d.run.end = EndRule::Drain;
    d.run.journeys = Some(1);
    d.run.horizon = format_duration(at + 60_000);
    let checked = super::validate(&d);
    let Some(model) = checked.model else {
        return Err(checked.problems.into_iter().filter(Problem::is_error).collect());
    };
    let report = super::run(&model, &[]);
    report.journeys.into_iter().next().ok_or_else(|| vec![Problem::error("walk", "the issue did not arrive")])
}
