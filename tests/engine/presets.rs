//! The scenarios shipped in `static/scenarios/`: every one loads without errors and runs, and the
//! five domain presets stay interesting under their own run settings — some resolution-SLA
//! breaches, a busy bottleneck level, and escalations for more than one reason.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use escalation_lab::engine::{self, report::Report};

/// The domain presets offered in the app, besides the benchmark scenarios.
const DOMAIN_PRESETS: [&str; 5] =
    ["retail-complaints.json", "billing-dispute.json", "it-outage.json", "project-shortage.json", "hr-harassment.json"];

/// Flow reasons that move an issue from one level to another (not arrivals, skips or reopens).
const ESCALATION_REASONS: [&str; 4] = ["outcome", "wait_timer", "age_trigger", "sla_trigger"];

fn scenario_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios")
}

fn scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenario_dir())
        .expect("static/scenarios exists")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name().expect("a file name").to_string_lossy().into_owned()
}

/// Loads a scenario file, asserts it has no errors, and runs it with its own run settings.
fn load_and_run(path: &Path) -> (Report, usize) {
    let name = file_name(path);
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let checked = engine::load(&text);
    let errors: Vec<String> = checked.errors().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{name} has errors: {errors:#?}");
    let warnings = checked.problems.len();
    let model = checked.model.unwrap_or_else(|| panic!("{name}: no model although there is no error"));
    (engine::run(&model, &checked.problems), warnings)
}

#[test]
fn every_shipped_scenario_loads_and_runs() {
    let files = scenario_files();
    assert!(!files.is_empty(), "no scenarios in {}", scenario_dir().display());
    for path in files {
        let name = file_name(&path);
        let (report, _) = load_and_run(&path);
        assert!(!report.scenario.trim().is_empty(), "{name}: the scenario has no name");
        let counted = report.summary.counted_issues.mean.unwrap_or(0.0);
        assert!(counted > 0.0, "{name}: no issue was counted");
    }
}

#[test]
fn the_domain_presets_are_shipped() {
    let names: Vec<String> = scenario_files().iter().map(|p| file_name(p)).collect();
    for preset in DOMAIN_PRESETS {
        assert!(names.iter().any(|n| n == preset), "{preset} is missing from static/scenarios");
    }
}

#[test]
fn domain_presets_are_interesting() {
    for preset in DOMAIN_PRESETS {
        let path = scenario_dir().join(preset);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{preset}: {e}"));
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{preset}: {e}"));
        let description = doc["description"].as_str().unwrap_or("");
        assert!(!description.trim().is_empty(), "{preset}: no description");

        let (report, warnings) = load_and_run(&path);
        assert!(!report.scenario.trim().is_empty(), "{preset}: the scenario has no name");
        assert_eq!(warnings, 0, "{preset}: validation warnings {:#?}", report.warnings);

        // Some resolution-SLA breaches for at least one priority.
        let breaches: Vec<(String, f64)> = report
            .summary
            .priorities
            .iter()
            .map(|p| (p.name.clone(), p.resolution_breach.mean.unwrap_or(0.0)))
            .collect();
        assert!(breaches.iter().any(|(_, b)| *b > 0.0), "{preset}: no resolution breach at all: {breaches:?}");

        // A bottleneck that is actually busy.
        let top = report.bottlenecks.first().unwrap_or_else(|| panic!("{preset}: no bottleneck"));
        let utilization = top.utilization.unwrap_or(0.0);
        assert!(
            utilization > 0.6,
            "{preset}: the top bottleneck {} is only {:.0}% busy ({})",
            top.level,
            utilization * 100.0,
            report.bottleneck_summary
        );

        // Issues move between levels for at least two different reasons.
        let reasons: BTreeSet<&str> = report
            .flows
            .iter()
            .filter(|f| f.count > 0.0 && f.from != f.to)
            .filter(|f| report.levels.contains(&f.from) && report.levels.contains(&f.to))
            .map(|f| f.reason.as_str())
            .filter(|r| ESCALATION_REASONS.contains(r))
            .collect();
        assert!(reasons.len() >= 2, "{preset}: escalations for one reason only: {reasons:?}");
    }
}
