//! What every imported scenario needs and no vendor's policy says: the staff's work time, the
//! arrivals, the run. One place for these assumptions, so that the description of every
//! imported scenario states them the same way (`docs/import.md`, Assumptions).

use std::collections::BTreeMap;

use crate::engine::document::{
    ActionDoc, CalendarDoc, CategoryDoc, ConditionDoc, DistributionDoc, Document, EndRule, FORMAT_VERSION, GoalsDoc,
    LevelDoc, PriorityDoc, Role, RunDoc, SlaPolicyDoc, TriggerDoc, WorkloadDoc,
};
use crate::engine::order;
use crate::engine::time::format_duration;

/// Mean work time of one service at an imported level.
pub const SERVICE_MEAN: &str = "30m";
/// Arrivals per hour of an imported scenario.
pub const ARRIVALS_PER_HOUR: f64 = 1.0;
/// How long an imported scenario runs.
pub const HORIZON: &str = "1w";

/// The sentence every imported scenario's description ends with (written out, not formatted:
/// a test checks that it says the constants above).
pub const ASSUMPTIONS: &str = "Assumed, as the vendor's policy does not say: 1 arrival per hour, staff who resolve \
     what they take up in 30m on average (exponential), and a run of 1w.";

/// `base` (or `fallback` when it is empty) as a name not in `used`, with ` (2)`, ` (3)`... when
/// it is, and now used: the vendor's names need not be unique, the scenario's must.
pub fn unique(used: &mut Vec<String>, base: &str, fallback: &str) -> String {
    let base = if base.trim().is_empty() { fallback } else { base };
    let mut name = base.to_string();
    let mut n = 1;
    while used.contains(&name) {
        n += 1;
        name = format!("{base} ({n})");
    }
    used.push(name.clone());
    name
}

/// An imported level: `staff` people who resolve what they take up.
pub fn level(name: String, index: usize, staff: u32) -> LevelDoc {
    LevelDoc {
        name,
        role: match index {
            0 => Role::Frontline,
            1 => Role::TeamLead,
            _ => Role::Specialist,
        },
        staff: Some(staff.max(1)),
        shifts: Vec::new(),
        service: DistributionDoc::Exponential { mean: SERVICE_MEAN.to_string() },
        resolve_probability: 1.0,
        handoff: None,
        overrides: Vec::new(),
    }
}

pub fn priority(name: &str) -> PriorityDoc {
    PriorityDoc { name: name.to_string(), label: String::new(), goals: GoalsDoc::default() }
}

/// Categories with equal shares (the vendor's file says nothing of how many issues each gets),
/// each with its path.
pub fn categories(named: Vec<(String, Vec<String>)>) -> Vec<CategoryDoc> {
    let n = named.len().max(1) as f64;
    named
        .into_iter()
        .map(|(name, path)| CategoryDoc {
            name,
            share: 1.0 / n,
            path,
            entry: BTreeMap::new(),
            priority_mix: None,
            reopen_probability: None,
        })
        .collect()
}

/// A timer trigger on one level: after `minutes` of waiting (or at the level), `then`.
pub fn timer(
    name: String,
    level: &str,
    priorities: &[String],
    minutes: u64,
    acked: bool,
    then: ActionDoc,
) -> TriggerDoc {
    let times: BTreeMap<String, String> =
        order::map_of(priorities.iter().map(|p| (p.clone(), format_duration(minutes * 60_000))));
    TriggerDoc {
        name,
        when: if acked { ConditionDoc::QueueWaitOver(times) } else { ConditionDoc::TimeAtLevelOver(times) },
        then,
        categories: None,
        priorities: None,
        levels: Some(vec![level.to_string()]),
        only_if: None,
        cost: None,
        calendar: None,
    }
}

/// The parts a vendor's policy gives.
pub struct Parts {
    pub name: String,
    pub description: String,
    pub priorities: Vec<String>,
    pub calendars: Vec<CalendarDoc>,
    pub levels: Vec<LevelDoc>,
    pub categories: Vec<CategoryDoc>,
    pub sla: Vec<SlaPolicyDoc>,
    pub triggers: Vec<TriggerDoc>,
}

/// A whole scenario from the parts, with the assumed workload (priorities in equal shares)
/// and run.
pub fn document(parts: Parts) -> Document {
    let share = 1.0 / parts.priorities.len().max(1) as f64;
    let description = if parts.description.is_empty() {
        ASSUMPTIONS.to_string()
    } else {
        format!("{} {ASSUMPTIONS}", parts.description)
    };
    Document {
        version: FORMAT_VERSION,
        name: parts.name,
        description,
        clock: None,
        priorities: parts.priorities.iter().map(|p| priority(p)).collect(),
        attributes: Vec::new(),
        triage: None,
        calendars: parts.calendars,
        levels: parts.levels,
        categories: parts.categories,
        workload: WorkloadDoc {
            arrivals_per_hour: ARRIVALS_PER_HOUR,
            priority_mix: Some(order::map_of(parts.priorities.iter().map(|p| (p.clone(), share)))),
            hour_of_week: None,
            hour_of_day: None,
            day_of_week: None,
            bursts: Vec::new(),
            scheduled: Vec::new(),
            tags: BTreeMap::new(),
        },
        sla: parts.sla,
        triggers: parts.triggers,
        rules: None,
        reopen: None,
        script: Vec::new(),
        drill: None,
        run: RunDoc {
            horizon: HORIZON.to_string(),
            warmup: None,
            replications: 1,
            seed: 1,
            end: EndRule::Drain,
            max_issues: None,
            bucket: None,
            journeys: None,
            precision: None,
        },
        history: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_assumptions_say_the_constants() {
        let said = format!(
            "Assumed, as the vendor's policy does not say: {ARRIVALS_PER_HOUR} arrival per hour, staff who resolve \
             what they take up in {SERVICE_MEAN} on average (exponential), and a run of {HORIZON}."
        );
        assert_eq!(ASSUMPTIONS, said);
    }
}
