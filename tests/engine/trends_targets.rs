//! SLA attainment of a history from a scenario's targets (`trends::of_against`): a hand-computed
//! case across a weekend and business hours, against the run that wrote an event log, and the
//! `history --scenario` command.

use escalation_lab::engine::history::{self, ReadOptions, Ticket};
use escalation_lab::engine::trends::{self, Options, Sla};
use serde_json::{Value, json};

use super::support::{base, cli, document, logged_csv, preset, set, text};

/// Milliseconds since the epoch of an RFC 3339 time.
fn at(time: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(time).expect("a time").timestamp_millis()
}

fn ticket(id: &str, priority: Option<&str>, opened: &str, resolved: Option<&str>) -> Ticket {
    let mut t: Ticket = serde_json::from_value(json!({
        "id": id, "opened": at(opened), "resolved": null, "closed": null, "priority": priority,
        "impact": null, "urgency": null, "category": null, "reopens": 0, "made_sla": null, "visits": []
    }))
    .unwrap();
    t.resolved = resolved.map(at);
    t
}

/// The base scenario with office hours, Monday to Friday 09:00-17:00 UTC, for its SLA clocks, the
/// clock starting on Monday 5 January 2026, and a triage table giving P1 for high × high.
fn office() -> Value {
    let mut doc = base();
    set(&mut doc, "/clock", json!({"start": "2026-01-05T00:00:00+00:00"}));
    set(
        &mut doc,
        "/calendars",
        json!([{"name": "office", "hours": [{"days": ["weekdays"], "from": "09:00", "to": "17:00"}]}]),
    );
    set(&mut doc, "/sla/0/calendar", json!("office"));
    set(
        &mut doc,
        "/triage",
        json!({"impact": {"high": 0.5, "low": 0.5}, "urgency": {"high": 0.5, "low": 0.5},
               "matrix": {"high": {"high": "P1", "low": "P2"}, "low": {"high": "P2", "low": "P3"}}}),
    );
    doc["workload"].as_object_mut().unwrap().remove("priority_mix");
    doc
}

#[test]
fn a_hand_computed_history_across_a_weekend() {
    // P2's resolution target is 4 business hours; P1's 1. Friday 9 January 2026 to Monday 12.
    let mut tickets = vec![
        // 15:00-17:00 Friday and 09:00-10:00 Monday: 3 business hours of 67 on the clock: met.
        ticket("a", Some("P2"), "2026-01-09T15:00:00Z", Some("2026-01-12T10:00:00Z")),
        // 1 hour on Friday, 3.5 on Monday: 4.5 business hours, breached. Its priority is written
        // in another case: it matches P2 without regard to case and counts under "p2".
        ticket("b", Some("p2"), "2026-01-09T16:00:00Z", Some("2026-01-12T12:30:00Z")),
        // Opened on Saturday, still open at the log's end (Monday 12:30, ticket b's resolution):
        // 3.5 business hours used, within the target: not counted.
        ticket("c", Some("P2"), "2026-01-10T10:00:00Z", None),
        // Opened Friday 09:00, still open: 8 + 3.5 business hours at the log's end, breached.
        ticket("d", Some("P2"), "2026-01-09T09:00:00Z", None),
        // Before the scenario's clock starts: Friday 2 January 16:30 to Monday 5 09:30, one
        // business hour: met.
        ticket("e", Some("P2"), "2026-01-02T16:30:00Z", Some("2026-01-05T09:30:00Z")),
        // No priority of the scenario.
        ticket("f", Some("Urgent"), "2026-01-09T10:00:00Z", Some("2026-01-09T11:00:00Z")),
        // No priority, impact and urgency high: P1 by the triage. 09:00-10:30 Monday is 1.5
        // business hours (08:00-09:00 is closed): breached.
        ticket("g", None, "2026-01-12T08:00:00Z", Some("2026-01-12T10:30:00Z")),
    ];
    tickets[6].impact = Some("high".to_string());
    tickets[6].urgency = Some("High".to_string());
    let t = trends::of_against(&tickets, &Options::default(), &document(&office()));
    assert_eq!(
        t.sla,
        Sla::Targets {
            matched: vec!["P1".to_string(), "P2".to_string(), "p2".to_string()],
            unmatched: vec!["Urgent".to_string()]
        }
    );
    assert_eq!(t.priorities, ["P1", "P2", "Urgent", "p2"]);
    assert_eq!(t.attainment, [Some(0.0), Some(2.0 / 3.0), None, Some(0.0)]);
    assert!(
        t.findings.iter().any(|f| f.starts_with("SLA attainment from the scenario's targets")
            && f.contains("for P1, P2, p2; Urgent is not a priority of the scenario")),
        "{:#?}",
        t.findings
    );
    assert!(
        t.findings.iter().any(|f| f == "SLA attainment over the whole log: P1 0%, P2 67%, p2 0%."),
        "{:#?}",
        t.findings
    );

    // The same on the clock (24x7): a is 67 hours, breached; e is 65, breached.
    let mut clock = office();
    set(&mut clock, "/sla/0/calendar", json!("24x7"));
    let t = trends::of_against(&tickets, &Options::default(), &document(&clock));
    assert_eq!(t.attainment[1], Some(0.0));
}

#[test]
fn without_a_usable_scenario_attainment_is_not_known_and_says_why() {
    let tickets = vec![ticket("a", Some("P2"), "2026-01-09T15:00:00Z", Some("2026-01-12T10:00:00Z"))];
    let reason = |doc: &Value| match trends::of_against(&tickets, &Options::default(), &document(doc)).sla {
        Sla::NotKnown { reason } => reason,
        other => panic!("{other:?}"),
    };
    let mut broken = office();
    set(&mut broken, "/sla/0/calendar", json!("nowhere"));
    let why = reason(&broken);
    assert!(
        why.starts_with("the scenario does not validate (") && why.contains("unknown calendar \"nowhere\""),
        "{why}"
    );
    let mut other = office();
    set(&mut other, "/priorities", json!([{"name": "Sev1"}, {"name": "Sev2"}]));
    set(&mut other, "/workload/priority_mix", json!({"Sev1": 0.5, "Sev2": 0.5}));
    set(&mut other, "/sla/0/targets", json!({"Sev1": {"resolution": "1h"}}));
    other.as_object_mut().unwrap().remove("triage");
    assert_eq!(reason(&other), "no priority of the history (P2) is one of the scenario's (Sev1, Sev2)");
    let mut none = office();
    set(&mut none, "/sla", json!([]));
    assert_eq!(reason(&none), "the scenario has no resolution target");

    // Where the export says whether each ticket met its SLA, that is what counts.
    let mut flagged = tickets.clone();
    flagged[0].made_sla = Some(false);
    let t = trends::of_against(&flagged, &Options::default(), &document(&office()));
    assert_eq!(t, trends::of(&flagged, Options::default()));
    assert_eq!(t.sla, Sla::Export);
}

/// IT outage over one week from the start, no warm-up, one replication: support hours 07:00-19:00
/// on weekdays at UTC+1, resolution targets from 4 to 48 business hours, reopens.
fn outage() -> Value {
    let mut doc = preset("it-outage");
    doc["run"].as_object_mut().unwrap().remove("warmup");
    set(&mut doc, "/run/horizon", json!("1w"));
    set(&mut doc, "/run/replications", json!(1));
    doc
}

#[test]
fn the_attainment_of_a_run_is_read_back_from_its_event_log() {
    // The run's own attainment per priority is 1 − its resolution breach share: of its counted
    // issues (all of them, with no warm-up), those whose time from arrival to their final
    // resolution on the policy's calendar exceeded the target. The event log gives each issue's
    // arrival and last resolution to the millisecond at the clock start plus simulated time, and
    // its priority as it arrived (the run groups by that too, and this scenario changes none), so
    // the history judged against the same scenario must give the same shares: they are compared
    // to 1e-12, the rounding of two ways of dividing the same counts.
    let doc = outage();
    let (_, replication, csv) = logged_csv(&doc);
    let scenario = document(&doc);
    let tickets = history::read(csv.as_bytes(), &ReadOptions::default()).expect("the log reads back").tickets;
    let t = trends::of_against(&tickets, &Options::default(), &scenario);
    let Sla::Targets { matched, unmatched } = &t.sla else { panic!("{:?}", t.sla) };
    assert!(unmatched.is_empty(), "{unmatched:?}");
    let mut compared = 0;
    for g in &replication.kpis.priorities {
        let Some(breach) = g.resolution_breach else { continue };
        let i = t.priorities.iter().position(|p| *p == g.name).unwrap_or_else(|| panic!("no {}", g.name));
        assert!(matched.contains(&g.name));
        let got = t.attainment[i].expect("an attainment");
        assert!((got - (1.0 - breach)).abs() < 1e-12, "{}: {got} from the log, {} from the run", g.name, 1.0 - breach);
        compared += 1;
    }
    assert_eq!(compared, 4, "every priority has issues");
    // Not trivially all met or all breached.
    assert!(t.attainment.iter().flatten().any(|a| *a > 0.0 && *a < 1.0), "{:?}", t.attainment);
    assert_eq!(t.tickets, replication.kpis.counted_issues.unwrap() as u64);
}

#[test]
fn the_history_command_takes_a_scenario() {
    let doc = outage();
    let (_, _, csv) = logged_csv(&doc);
    let scenario = document(&doc);
    let dir = std::env::temp_dir().join(format!("escalation-lab-targets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("log.csv");
    std::fs::write(&log, &csv).unwrap();
    let file = dir.join("outage.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = cli(&["history", log.to_str().unwrap(), "--scenario", file.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let tickets = history::read(csv.as_bytes(), &ReadOptions::default()).unwrap().tickets;
    let t = trends::of_against(&tickets, &Options::default(), &scenario);
    assert_eq!(text(&out.stdout).trim_end(), serde_json::to_string_pretty(&t).unwrap());
    let out = cli(&["history", log.to_str().unwrap(), "--scenario", file.to_str().unwrap()]);
    assert!(text(&out.stdout).contains("SLA attainment from the scenario's targets"), "{}", text(&out.stdout));
    let out = cli(&["history", log.to_str().unwrap(), "--scenario", "no/such.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read \"no/such.json\""), "{}", text(&out.stderr));
    std::fs::remove_dir_all(&dir).ok();
}
