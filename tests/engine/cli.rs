//! The `escalation-lab` command: exit codes, messages for bad files and flags (never a panic),
//! and its three output formats.

use std::process::Command;

use super::support::{cli, text};

fn temp_file(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("escalation-lab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn validate_accepts_the_shipped_scenarios() {
    for f in ["static/scenarios/b1.json", "static/scenarios/b1-mmc.json", "static/scenarios/b1-stress.json"] {
        let out = cli(&["validate", f]);
        assert!(out.status.success(), "{f}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("valid"));
    }
}

#[test]
fn validate_lists_every_error_and_exits_1() {
    let f = temp_file(
        "bad.json",
        &include_str!("../../static/scenarios/b1.json")
            .replace("\"mean\": \"4m\"", "\"mean\": \"soon\"")
            .replace("0.65", "1.65"),
    );
    let out = cli(&["validate", &f]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("levels[0].service.mean: \"soon\""), "{err}");
    assert!(err.contains("levels[0].resolve_probability: 1.65 is not a probability"), "{err}");
    assert!(err.contains("2 error(s)"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn unreadable_files_and_bad_flags_get_one_clear_line() {
    let cases: [(&[&str], &str); 6] = [
        (&["validate", "no/such/file.json"], "cannot read \"no/such/file.json\""),
        (&["run", "static/scenarios/b1.json", "--reps", "many"], "--reps needs a number, not \"many\""),
        (&["run", "static/scenarios/b1.json", "--format", "xml"], "unknown --format \"xml\""),
        (&["run", "static/scenarios/b1.json", "--hours", "-5"], "--hours needs a positive number of hours"),
        (&["fly"], "unknown command \"fly\""),
        (&["run"], "run needs a scenario FILE"),
    ];
    for (args, expected) in cases {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.starts_with("escalation-lab: ") && err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
    }
}

#[test]
fn malformed_json_is_an_error_with_its_position() {
    let f = temp_file("broken.json", "{\"version\": 1, \"name\": ");
    let out = cli(&["run", &f]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("error at line 1, column 23"), "{}", text(&out.stderr));
}

#[test]
fn json_report_is_a_pure_function_of_its_inputs() {
    let args =
        ["run", "static/scenarios/b1-stress.json", "--hours", "50", "--reps", "3", "--seed", "4", "--format", "json"];
    let a = cli(&args);
    let b = cli(&[&args[..], &["--jobs", "1"]].concat());
    assert!(a.status.success(), "{}", text(&a.stderr));
    assert_eq!(a.stdout, b.stdout, "the thread count changed the report");
    let report: escalation_lab::engine::Report = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!((report.seed, report.replications, report.horizon_hours), (4, 3, 50.0));
    // Timing goes to stderr only.
    assert!(text(&a.stderr).contains("issues/s"));
}

#[test]
fn b1_format_has_the_peer_shape() {
    let out = cli(&["run", "static/scenarios/b1.json", "--hours", "100", "--reps", "2", "--format", "b1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["scenario"], "B1");
    assert_eq!(doc["timers"], true);
    assert_eq!(doc["seeds"], serde_json::json!([1, 2]));
    assert!(doc["kpi"]["counted_issues"]["mean"].is_number());
    assert!(doc["kpi"]["priority"]["P4"]["ttr_p99"]["mean"].is_number());
    assert!(doc["kpi"]["level"]["L3"]["timer_escalations_out"]["ci95"].is_number());
    assert!(doc["kpi"]["events"]["model_events"]["mean"].is_number());
    assert_eq!(doc["per_replication"].as_array().unwrap().len(), 2);
    assert!(doc["issues_per_wall_second"].as_f64().unwrap() > 0.0);
}

#[test]
fn table_format_names_the_bottleneck() {
    let out = cli(&["run", "static/scenarios/b1.json", "--hours", "200", "--reps", "2"]);
    assert!(out.status.success());
    let t = text(&out.stdout);
    assert!(t.contains("utilization %") && t.contains("is the bottleneck"), "{t}");
}

#[test]
fn table_format_words_each_sla_target_with_its_calendar() {
    let out = cli(&["run", "static/scenarios/project-shortage.json", "--hours", "200", "--reps", "1"]);
    assert!(out.status.success());
    let t = text(&out.stdout);
    // P2 resolves within 56 business hours on an 8-hour calendar.
    let p2 = t.lines().find(|l| l.contains(" P2 ") && l.contains("56 business hours")).unwrap_or_else(|| panic!("{t}"));
    assert!(p2.ends_with("56 business hours = 7 working days on business_days"), "{p2}");
}

#[test]
fn compare_prints_each_kpi_of_both_policies_with_its_difference() {
    let better = temp_file(
        "b1-more-l1.json",
        &include_str!("../../static/scenarios/b1-stress.json").replacen("\"staff\": 8", "\"staff\": 10", 1),
    );
    let out = cli(&["compare", "static/scenarios/b1-stress.json", &better, "--reps", "4", "--hours", "100"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.contains("4 paired replication(s) from seed 1 (common random numbers)"), "{table}");
    // What B changes is said above the figures, once, in names; the run settings B takes from A
    // are not a change.
    assert!(table.contains("What B changes from A:\n  levels › “L1” › staff: 8 → 10\n\n"), "{table}");
    let l1_wait = table.lines().find(|l| l.starts_with("mean queue wait (min)") && l.contains(" L1 ")).unwrap();
    assert!(l1_wait.ends_with("B better"), "{l1_wait}");
    let out = cli(&[
        "compare",
        "static/scenarios/b1.json",
        "static/scenarios/b1.json",
        "--reps",
        "2",
        "--hours",
        "50",
        "--format",
        "json",
    ]);
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(c["rows"].as_array().unwrap().iter().all(|r| r["difference"]["mean"].as_f64().is_none_or(|m| m == 0.0)));
}

#[test]
fn compare_of_a_scenario_with_itself_says_no_setting_differs() {
    let out = cli(&["compare", "static/scenarios/b1.json", "static/scenarios/b1.json", "--reps", "2", "--hours", "20"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.contains("What B changes from A:\n  no difference in settings\n"), "{table}");
    assert!(!table.contains("-0"), "a difference that rounds to zero has no sign: {table}");
}

#[test]
fn compare_needs_two_valid_files() {
    let out = cli(&["compare", "static/scenarios/b1.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("compare needs two scenario files, A and B"));
    let bad = temp_file("bad-b.json", "{ \"version\": 1 ");
    let out = cli(&["compare", "static/scenarios/b1.json", &bad]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("bad-b.json"), "{}", text(&out.stderr));
}

#[test]
fn link_prints_a_share_link_that_decodes_to_the_scenario() {
    let out = cli(&["link", "static/scenarios/b1.json", "--base", "https://example.org/lab/"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let link = text(&out.stdout).trim().to_string();
    let fragment = link.strip_prefix("https://example.org/lab/#").expect("the base, then the fragment");
    let json = escalation_lab::engine::share::decode(fragment).unwrap();
    let want: serde_json::Value = serde_json::from_str(include_str!("../../static/scenarios/b1.json")).unwrap();
    assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap(), want);
    let bad = temp_file("bad-link.json", "{ \"version\": 1 }");
    assert_eq!(cli(&["link", &bad]).status.code(), Some(1));
}

#[test]
fn sweep_and_staff_print_their_tables_and_refuse_bad_parameters() {
    let out = cli(&["sweep", "static/scenarios/b1-stress.json", "staff:L1", "--", "-1..1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("staff added at L1 — 5 replication(s) per value from seed 1"), "{t}");
    assert_eq!(
        t.lines().filter(|l| l.starts_with("-1 ") || l.starts_with("0 ") || l.starts_with("1 ")).count(),
        3,
        "{t}"
    );
    let out = cli(&["sweep", "static/scenarios/b1.json", "staf:L1", "0..2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("use staff:LEVEL, rate or timer:TRIGGER:PRIORITY"));
    let out = cli(&["sweep", "static/scenarios/b1.json", "rate", "5..1"]);
    assert!(text(&out.stderr).contains("is not a list of values"), "{}", text(&out.stderr));
    let out = cli(&["staff", "static/scenarios/b1-stress.json", "P1", "90%", "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found["met"], true);
    let checks = found["judgement"]["checks"].as_array().unwrap();
    assert!(checks.iter().all(|c| c["attainment"]["mean"].as_f64().is_none_or(|m| m >= c["goal"].as_f64().unwrap())));
    let p1 = checks.iter().find(|c| c["priority"] == "P1" && c["measure"] == "resolution").unwrap();
    assert_eq!(p1["goal"], 0.9);
    // Without a goal given, the scenario's goals; --write saves the scenario with the staff found.
    let saved = std::env::temp_dir().join(format!("escalation-lab-staffed-{}.json", std::process::id()));
    let out = cli(&["staff", "static/scenarios/b1-stress.json", "--write", saved.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Every goal met"), "{}", text(&out.stdout));
    let out = cli(&["run", saved.to_str().unwrap()]);
    assert!(text(&out.stdout).contains("Goals: Every goal met"), "{}", text(&out.stdout));
    let _ = std::fs::remove_file(&saved);
    let out = cli(&["staff", "static/scenarios/b1.json", "P9", "0.9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("there is no priority \"P9\""), "{}", text(&out.stderr));
}

/// A reader that has gone (`| head -1`) ends the program quietly with success; a full disk is an
/// error that says so. Neither panics.
#[test]
fn output_to_a_closed_pipe_or_a_full_disk_is_not_a_panic() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_escalation-lab"))
        .args(["run", "static/scenarios/b1.json", "--hours", "20", "--reps", "1", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("panicked"), "{}", text(&out.stderr));
    if std::path::Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_escalation-lab"))
            .args(["validate", "static/scenarios/b1.json"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(full)
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(0));
        assert!(text(&out.stderr).contains("cannot write the output"), "{}", text(&out.stderr));
        assert!(!text(&out.stderr).contains("panicked"), "{}", text(&out.stderr));
    }
}

/// A link the app would refuse is not printed: the reason is, with exit status 1.
#[test]
fn link_refuses_a_scenario_too_large_for_a_link() {
    let mut doc: serde_json::Value = serde_json::from_str(include_str!("../../static/scenarios/b1.json")).unwrap();
    // Text that does not compress: the link outgrows its limit long before 1 MB.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let noise: String = (0..300_000)
        .map(|_| {
            // xorshift64: letters that deflate to ~4.7 bits each.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(b'a' + (state % 26) as u8)
        })
        .collect();
    doc["description"] = serde_json::Value::String(noise);
    let big = temp_file("big-link.json", &doc.to_string());
    let out = cli(&["link", &big]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("links open up to 200000"), "{}", text(&out.stderr));
    doc["description"] = serde_json::Value::String("x".repeat(2_000_000));
    let huge = temp_file("huge-link.json", &doc.to_string());
    let out = cli(&["link", &huge]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("a link carries at most 1048576 (1 MB)"), "{}", text(&out.stderr));
}

/// With one replication there is no interval: a difference is "cannot tell", not "no difference".
#[test]
fn compare_with_one_replication_cannot_tell() {
    let fewer = temp_file(
        "b1-fewer-l1.json",
        &include_str!("../../static/scenarios/b1.json").replacen("\"staff\": 10", "\"staff\": 8", 1),
    );
    let out = cli(&["compare", "static/scenarios/b1.json", &fewer, "--reps", "1", "--hours", "100"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let l1 = table.lines().find(|l| l.starts_with("utilization (%)") && l.contains(" L1 ")).unwrap();
    assert!(l1.ends_with("cannot tell (one replication)"), "{l1}");
}

#[test]
fn help_after_a_command_prints_the_usage_and_a_byte_order_mark_is_read_past() {
    for args in [&["run", "--help"][..], &["staff", "-h"], &["--help"]] {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("escalation-lab staff FILE [PRIORITY SHARE"), "{args:?}");
    }
    let bom = temp_file("bom.json", &format!("\u{feff}{}", include_str!("../../static/scenarios/b1.json")));
    let out = cli(&["validate", &bom]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn compare_of_two_different_scenarios_warns_before_its_table() {
    let out = cli(&["compare", "static/scenarios/b1.json", "static/scenarios/it-outage.json", "--reps", "2"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let warning = table.find("Warning: A and B do not have the same priorities and levels").expect(&table);
    assert!(warning < table.find("KPI").unwrap(), "{table}");
    assert!(table.contains("level service_desk (only in B)"), "{table}");
}

#[test]
fn import_writes_the_scenario_and_lists_what_it_cannot_express() {
    // To standard output, the vendor recognised from the file; the warnings to standard error.
    let out = cli(&["import", "tests/fixtures/import/pagerduty/unexpressed.json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/import/pagerduty/unexpressed.scenario.json")).unwrap();
    let written: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the scenario as JSON");
    assert_eq!(written, expected);
    let err = text(&out.stderr);
    let file = "tests/fixtures/import/pagerduty/unexpressed.json";
    assert!(err.starts_with(&format!("{file}: a PagerDuty escalation policy imported\n")), "{err}");
    for w in include_str!("../fixtures/import/pagerduty/unexpressed.warnings.txt").lines() {
        assert!(err.contains(&format!("{file}: warning: {w}\n")), "{w}: {err}");
    }
    // With --from and --out: the file holds the scenario, and it validates.
    let target = temp_file("imported.json", "");
    let out =
        cli(&["import", "tests/fixtures/import/zendesk/business_hours.json", "--from", "zendesk", "--out", &target]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let out = cli(&["validate", &target]);
    assert!(out.status.success() && text(&out.stdout).contains("valid (0 warning(s))"), "{}", text(&out.stdout));
}

#[test]
fn import_refuses_a_foreign_or_broken_file_and_writes_nothing() {
    let target = temp_file("kept.json", "earlier work");
    let broken = temp_file("broken.json", "{\"escalation_policy\": {\"name\": \"x\"}}");
    let cases: [(&[&str], &str); 4] = [
        (
            &["import", "tests/fixtures/import/zendesk/simple.json", "--from", "pagerduty", "--out", &target],
            "tests/fixtures/import/zendesk/simple.json: (the file): this is not a PagerDuty escalation policy: it looks like Zendesk SLA policies",
        ),
        (&["import", &broken, "--out", &target], "escalation_policy.escalation_rules: \"escalation_rules\" is missing"),
        (&["import", "static/scenarios/b1.json", "--out", &target], "(the file): not a policy this importer knows"),
        (&["import", "x.json", "--from", "jira"], "unknown --from \"jira\"; use pagerduty, opsgenie or zendesk"),
    ];
    for (args, expected) in cases {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.starts_with("escalation-lab: ") && err.contains(expected), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "earlier work");
}
