//! Helpers shared by the test modules: scenarios written as JSON values, validated and run.

use escalation_lab::engine::event_log::{Event, Format, Labels, to_text};
use escalation_lab::engine::report::{Estimate, Report, t975};
use escalation_lab::engine::simulation::{Replication, Simulation};
use escalation_lab::engine::{self, Document, Model};
use serde_json::{Value, json};

/// A small valid scenario: one frontline level, one category, four priorities, 24x7 SLAs.
pub fn base() -> Value {
    json!({
        "version": 1,
        "name": "test",
        "priorities": [{"name": "P1"}, {"name": "P2"}, {"name": "P3"}, {"name": "P4"}],
        "levels": [
            {"name": "Agent", "role": "frontline", "staff": 2, "service": {"dist": "exponential", "mean": "4m"}, "resolve_probability": 1.0}
        ],
        "categories": [{"name": "complaint", "share": 1.0, "path": ["Agent"]}],
        "workload": {"arrivals_per_hour": 10, "priority_mix": {"P1": 0.1, "P2": 0.2, "P3": 0.3, "P4": 0.4}},
        "sla": [{"name": "standard", "targets": {
            "P1": {"first_response": "15m", "resolution": "1h"},
            "P2": {"first_response": "1h", "resolution": "4h"},
            "P3": {"first_response": "4h", "resolution": "1d"},
            "P4": {"first_response": "8h", "resolution": "3d"}}}],
        "run": {"horizon": "100h", "replications": 1, "seed": 1}
    })
}

/// Validates a scenario and panics with every problem if it is not valid.
pub fn model(doc: &Value) -> Model {
    let checked = engine::load(&doc.to_string());
    let errors: Vec<String> = checked.errors().map(ToString::to_string).collect();
    checked.model.unwrap_or_else(|| panic!("scenario should be valid: {errors:#?}"))
}

pub fn run(doc: &Value) -> Report {
    engine::run(&model(doc), &[])
}

/// Runs a scenario with its warnings in the report, as the app and the command line do.
pub fn report(doc: &Value) -> Report {
    let checked = engine::load(&doc.to_string());
    let errors: Vec<String> = checked.errors().map(ToString::to_string).collect();
    let model = checked.model.unwrap_or_else(|| panic!("scenario should be valid: {errors:#?}"));
    engine::run(&model, &checked.problems)
}

/// A scenario file of `static/scenarios/` as written.
pub fn preset_text(key: &str) -> String {
    std::fs::read_to_string(format!("{}/static/scenarios/{key}.json", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("no preset {key}: {e}"))
}

/// A scenario file of `static/scenarios/` as a JSON value.
pub fn preset(key: &str) -> Value {
    serde_json::from_str(&preset_text(key)).unwrap_or_else(|e| panic!("preset {key} is not JSON: {e}"))
}

/// The errors of a scenario, as "path: message".
pub fn errors(doc: &Value) -> Vec<String> {
    engine::load(&doc.to_string()).errors().map(|p| format!("{}: {}", p.path, p.message)).collect()
}

/// The problems of an invalid scenario, as (path, message).
pub fn problems(doc: &Value) -> Vec<(String, String)> {
    engine::load(&doc.to_string()).problems.into_iter().map(|p| (p.path, p.message)).collect()
}

/// Sets the value at a JSON pointer such as `/levels/0/staff`, creating the last key if needed.
pub fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer with a key");
    let target = doc.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent} in the scenario"));
    match target {
        Value::Object(map) => {
            map.insert(key.to_string(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().expect("an array index")] = value,
        _ => panic!("{parent} is neither an object nor an array"),
    }
}

/// Half-width of a two-sided 99% confidence interval from a 95% one (Student t, same df).
pub fn widen_to_99(e: Estimate, reps: usize) -> f64 {
    let t99 = [
        63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169, 3.106, 3.055, 3.012, 2.977, 2.947,
        2.921, 2.898, 2.878, 2.861,
    ];
    let df = reps - 1;
    e.ci95.expect("a confidence interval needs two replications") / t975(df) * t99[df - 1]
}

/// Asserts `theory` lies within the 99% confidence interval of a simulated estimate.
pub fn assert_within_ci(what: &str, e: Estimate, reps: usize, theory: f64) {
    let mean = e.mean.expect("a simulated value");
    let half = widen_to_99(e, reps);
    assert!(
        (mean - theory).abs() <= half,
        "{what}: simulated {mean:.5} ± {half:.5} (99% CI, {reps} replications), theory {theory:.5}"
    );
}

/// Runs the `escalation-lab` command from the crate's folder (so that `static/...` paths work).
pub fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_escalation-lab"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the command runs")
}

/// A command's output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Levels in a path and issues of the given priorities arriving at the given offsets.
pub fn scheduled(levels: Vec<Value>, arrivals: &[(&str, &str)], triggers: Value) -> Value {
    let mut doc = base();
    let names: Vec<Value> = levels.iter().map(|l| l["name"].clone()).collect();
    set(&mut doc, "/levels", Value::Array(levels));
    set(&mut doc, "/categories/0/path", Value::Array(names));
    set(&mut doc, "/workload/arrivals_per_hour", json!(0));
    let issues: Vec<Value> =
        arrivals.iter().map(|(at, p)| json!({"at": at, "category": "complaint", "priority": p})).collect();
    set(&mut doc, "/workload/scheduled", Value::Array(issues));
    set(&mut doc, "/triggers", triggers);
    doc
}

/// A level of `staff` with a fixed service time and resolve probability.
pub fn level(name: &str, staff: u32, service: &str, resolve: f64) -> Value {
    json!({"name": name, "staff": staff, "service": {"dist": "deterministic", "value": service}, "resolve_probability": resolve})
}

/// A scenario as its document (the event log names things through it).
pub fn document(doc: &Value) -> Document {
    engine::parse(&doc.to_string()).expect("a scenario document")
}

/// Replication 1 of a model with the events it recorded.
pub fn logged(model: &Model) -> (Vec<Event>, Replication) {
    let mut sim = Simulation::new(model, model.run.seed);
    sim.record_events();
    let mut events = Vec::new();
    // In slices, as the command line runs it: taking the events between slices loses none.
    while !sim.step(1_000) {
        events.extend(sim.take_events());
    }
    events.extend(sim.take_events());
    (events, sim.finish())
}

/// Replication 1 of a scenario, and its event log as the app writes it (CSV).
pub fn logged_csv(doc: &Value) -> (Model, Replication, String) {
    let m = model(doc);
    let (events, replication) = logged(&m);
    let text = to_text(Format::Csv, Labels::new(&m, &document(doc)), &events);
    (m, replication, text)
}
