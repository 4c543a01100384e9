//! The KPI JSON of the B1 benchmark scenario (`escalation-lab run --format b1`): the shape the
//! peer simulators (SimPy, Ciw) print, so their compare script can put all three side by side.

use serde_json::{Map, Value, json};

use crate::engine::model::{Condition, Model};
use crate::engine::report::{Estimate, Kpis, Report};

const PRIORITY_KEYS: [&str; 7] =
    ["counted", "ttr_mean", "ttr_p50", "ttr_p90", "ttr_p99", "resolution_sla_breach", "first_response_sla_breach"];
const LEVEL_KEYS: [&str; 4] = ["utilization", "mean_queue_wait", "timer_escalations_out", "outcome_escalations_out"];

/// The flat B1 KPIs of one replication, in B1.md's key order.
pub fn flat(k: &Kpis<Option<f64>>) -> Vec<(String, f64)> {
    let mut out = vec![("counted_issues".to_string(), k.counted_issues)];
    let nan = |v: Option<f64>| v.unwrap_or(f64::NAN);
    for p in &k.priorities {
        let values =
            [p.counted, p.ttr.mean, p.ttr.p50, p.ttr.p90, p.ttr.p99, p.resolution_breach, p.first_response_breach];
        out.extend(PRIORITY_KEYS.iter().zip(values).map(|(key, v)| (format!("{}.{key}", p.name), v)));
    }
    for l in &k.levels {
        let values = [l.utilization, l.queue_wait.mean, l.escalations_out.wait_timer, l.escalations_out.outcome];
        out.extend(LEVEL_KEYS.iter().zip(values).map(|(key, v)| (format!("{}.{key}", l.name), v)));
    }
    out.push(("events.model_events".to_string(), k.events.model_events));
    out.push(("events.library_events".to_string(), k.events.processed_events));
    out.into_iter().map(|(name, v)| (name, nan(v))).collect()
}

fn number(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

fn estimate(e: Estimate) -> Value {
    json!({"mean": e.mean.map_or(Value::Null, number), "ci95": e.ci95.map_or(Value::Null, number)})
}

/// The whole B1 document; `wall` and `per_rep_wall` are seconds measured by the caller.
pub fn render(model: &Model, report: &Report, wall: f64, per_rep_wall: &[f64]) -> String {
    let flats: Vec<Vec<(String, f64)>> = report.per_replication.iter().map(flat).collect();
    let mut kpi = Map::new();
    let (mut priority, mut level, mut events) = (Map::new(), Map::new(), Map::new());
    for (i, (name, _)) in flats[0].iter().enumerate() {
        let e = estimate(Estimate::of(flats.iter().map(|f| f[i].1)));
        match name.split_once('.') {
            None => {
                kpi.insert(name.clone(), e);
            }
            Some(("events", key)) => {
                events.insert(key.to_string(), e);
            }
            Some((head, key)) if report.priorities.iter().any(|p| p == head) => {
                let entry = priority.entry(head.to_string()).or_insert_with(|| Value::Object(Map::new()));
                entry.as_object_mut().map(|m| m.insert(key.to_string(), e));
            }
            Some((head, key)) => {
                let entry = level.entry(head.to_string()).or_insert_with(|| Value::Object(Map::new()));
                entry.as_object_mut().map(|m| m.insert(key.to_string(), e));
            }
        }
    }
    kpi.insert("priority".into(), Value::Object(priority));
    kpi.insert("level".into(), Value::Object(level));
    kpi.insert("events".into(), Value::Object(events));
    let issues: Vec<f64> = report.per_replication.iter().filter_map(|k| k.events.arrivals).collect();
    let total: f64 = issues.iter().sum();
    let busy: f64 = per_rep_wall.iter().sum();
    let per_replication: Vec<Value> =
        flats.iter().map(|f| Value::Object(f.iter().map(|(k, v)| (k.clone(), number(*v))).collect())).collect();
    let scenario = model.name.split(" — ").next().unwrap_or(&model.name).to_string();
    let timers = model.triggers.iter().any(|t| matches!(t.condition, Condition::QueueWaitOver(_)));
    let doc = json!({
        "peer": "escalation-lab",
        "peer_version": env!("CARGO_PKG_VERSION"),
        "scenario": scenario,
        "timers": timers,
        "horizon_hours": report.horizon_hours,
        "warmup_hours": report.warmup_hours,
        "replications": report.replications,
        "seeds": (0..report.replications).map(|k| report.seed + u64::from(k)).collect::<Vec<_>>(),
        "wall_seconds": {"total": wall, "per_replication": per_rep_wall, "simulation_only_per_replication": per_rep_wall},
        "issues_simulated": {"total": total, "per_replication": issues},
        "issues_per_wall_second": total / wall.max(1e-9),
        "issues_per_sim_second": total / busy.max(1e-9),
        "library_events_definition": "events taken off escalation-lab's event list: arrivals, service ends, shift changes and timers, including timers made stale by a service start",
        "kpi": kpi,
        "per_replication": per_replication,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
