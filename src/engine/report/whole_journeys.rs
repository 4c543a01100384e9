//! A serde `with` module for journeys crossing from a browser worker (`Replication::journeys`):
//! every field written, in order, none left out. A journey's JSON leaves out what it lacks
//! (`skip_serializing_if`), which the workers' byte format, read in order without field names,
//! could not read back; nor can journeys cross as JSON text, whose reader may miss a time's last
//! bit, and replications must cross bit for bit.

use serde::{Deserialize, Deserializer, Serializer};

use super::{Journey, Step};

/// A step's fields, in their order in [`Step`].
type StepFields = (f64, Option<String>, String, String, Option<String>, Option<f64>, Option<f64>);
/// A journey's fields, in their order in [`Journey`].
type JourneyFields = (u32, String, String, Vec<(String, String)>, f64, Option<f64>, bool, Vec<String>, Vec<StepFields>);

pub fn serialize<S: Serializer>(journeys: &[Journey], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(journeys.iter().map(|j| {
        // Taken apart whole, so that a field added to either type is a compile error here.
        let Journey {
            issue,
            category,
            priority,
            attributes,
            arrival_min,
            resolved_min,
            resolution_breached,
            also_breached,
            steps,
        } = j;
        let steps: Vec<_> = steps
            .iter()
            .map(|s| {
                let Step { t_min, level, event, detail, trigger, sla_response_used, sla_resolution_used } = s;
                (t_min, level, event, detail, trigger, sla_response_used, sla_resolution_used)
            })
            .collect();
        (issue, category, priority, attributes, arrival_min, resolved_min, resolution_breached, also_breached, steps)
    }))
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Journey>, D::Error> {
    let journeys = Vec::<JourneyFields>::deserialize(deserializer)?;
    Ok(journeys
        .into_iter()
        .map(
            |(
                issue,
                category,
                priority,
                attributes,
                arrival_min,
                resolved_min,
                resolution_breached,
                also_breached,
                steps,
            )| Journey {
                issue,
                category,
                priority,
                attributes,
                arrival_min,
                resolved_min,
                resolution_breached,
                also_breached,
                steps: steps
                    .into_iter()
                    .map(|(t_min, level, event, detail, trigger, sla_response_used, sla_resolution_used)| Step {
                        t_min,
                        level,
                        event,
                        detail,
                        trigger,
                        sla_response_used,
                        sla_resolution_used,
                    })
                    .collect(),
            },
        )
        .collect())
}
