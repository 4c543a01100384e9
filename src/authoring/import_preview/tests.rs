//! The preview of the vendor fixtures of `tests/fixtures/import/`: the lines of what maps, worded
//! from each fixture's expected scenario (`*.scenario.json`), and what does not map, which is
//! exactly the warnings the command line prints for the file (`*.warnings.txt`); and the choice
//! between a scenario, a policy and a refusal.

use super::*;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/import/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn policy(path: &str) -> Preview {
    let name = path.rsplit('/').next().unwrap();
    match open_file(name, Ok(fixture(path))) {
        Ok(Opened::Policy(p)) => p,
        other => panic!("{path}: not previewed as a policy: {other:?}"),
    }
}

#[test]
fn what_maps_is_the_scenario_in_short_lines() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "pagerduty/loops.json",
            "“loops.json”: a PagerDuty escalation policy",
            &[
                "1 priority: high",
                "1 category: incidents",
                "Level 1, “Rule 1: Payments primary”: 1 staff",
                "Level 2, “Rule 2: Payments secondary”: 1 staff",
                "Level 3, “Rule 3: Engineering manager”: 1 staff",
                "Wait timer at “Rule 1: Payments primary”: 30m, then escalate to the next level of its category's path",
                "Wait timer at “Rule 2: Payments secondary”: 30m, then escalate to the next level of its category's path",
                "Wait timer at “Rule 3: Engineering manager”: 30m, then send it back to “Rule 1: Payments primary” to go through the escalation again, at most 2 times",
            ],
        ),
        (
            "pagerduty/unexpressed.json",
            "“unexpressed.json”: a PagerDuty escalation policy",
            &[
                "1 priority: high",
                "1 category: Storefront",
                "Level 1, “Rule 1: Ana, Ben”: 2 staff",
                "Level 2, “Rule 2: Platform leads”: 1 staff by shift (1 shift)",
                "Wait timer at “Rule 1: Ana, Ben”: 10m, then escalate to the next level of its category's path",
                "Wait timer at “Rule 2: Platform leads”: 20m, then send it back to “Rule 1: Ana, Ben” to go through the escalation again, at most 1 time",
                "Open longer than 4h in Storefront, then close it as resolved",
            ],
        ),
        (
            "pagerduty/schedules.json",
            "“schedules.json”: a PagerDuty escalation policy",
            &[
                "1 priority: high",
                "1 category: incidents",
                // Mondays 22:00 to Tuesdays 10:00 and weekend mornings: one person each time.
                "Level 1, “Rule 1: Night rota”: 1 staff by shift (3 shifts)",
                // The duty manager all week, and the rota's person beside them at those times.
                "Level 2, “Rule 2: Duty manager, Night rota”: 1 to 2 staff by shift (8 shifts)",
                "Wait timer at “Rule 1: Night rota”: 20m, then escalate to the next level of its category's path",
            ],
        ),
        (
            "opsgenie/repeat.json",
            "“repeat.json”: an Opsgenie escalation",
            &[
                "5 priorities: P1, P2, P3, P4, P5",
                "1 category: alerts",
                "Level 1, “after 0m: db_primary (schedule)”: 1 staff",
                "Level 2, “after 5m: db_secondary (schedule), dba.lead@example.com (user)”: 2 staff",
                "Level 3, “after 1h: cto@example.com (user)”: 1 staff",
                "Wait timer at “after 0m: db_primary (schedule)”: 5m, then escalate to the next level of its category's path",
                // The next rule's delay less this one's: 1h - 5m.
                "Wait timer at “after 5m: db_secondary (schedule), dba.lead@example.com (user)”: 55m, then escalate to the next level of its category's path",
                "Wait timer at “after 1h: cto@example.com (user)”: 10m, then send it back to “after 0m: db_primary (schedule)” to go through the escalation again, at most 3 times",
            ],
        ),
        (
            "opsgenie/unexpressed.json",
            "“unexpressed.json”: an Opsgenie escalation",
            &[
                "5 priorities: P1, P2, P3, P4, P5",
                "1 category: alerts",
                "Level 1, “after 2m: payments_schedule (schedule)”: 1 staff",
                "Level 2, “after 30m: payments_team (team)”: 1 staff",
                // if-not-closed: a time-at-level timer.
                "Time-at-level timer at “after 2m: payments_schedule (schedule)”: 28m, then escalate to the next level of its category's path",
                "Wait timer at “after 30m: payments_team (team)”: 2m, then send it back to “after 2m: payments_schedule (schedule)” to go through the escalation again, at most 2 times",
            ],
        ),
        (
            "zendesk/simple.json",
            "“simple.json”: Zendesk SLA policies",
            &[
                "4 priorities: urgent, high, normal, low",
                "1 category: tickets",
                "Level 1, “Agents”: 2 staff",
                "SLA “Standard”, urgent: first response 30m, resolution 4h",
                "SLA “Standard”, high: first response 1h, resolution 8h",
                "SLA “Standard”, normal: first response 4h",
                "SLA “Standard”, low: first response 8h",
            ],
        ),
        (
            "zendesk/business_hours.json",
            "“business_hours.json”: Zendesk SLA policies",
            &[
                "4 priorities: urgent, high, normal, low",
                "1 category: tickets",
                "Attribute type: incident, other",
                "Level 1, “Agents”: 2 staff",
                "Calendar “Support hours” (UTC+00:00): mon, tue, wed, thu, fri 09:00–17:00; 4 holidays",
                "SLA “Incidents” (type is incident; on “Support hours”), urgent: first response 1h, resolution 8h",
                "SLA “Incidents” (type is incident; on “Support hours”), high: first response 2h, resolution 16h",
                "SLA “Everything else” (on “Support hours”), normal: first response 8h",
                "SLA “Everything else” (on “Support hours”), low: first response 16h",
            ],
        ),
        (
            "zendesk/unexpressed.json",
            "“unexpressed.json”: Zendesk SLA policies",
            &[
                "4 priorities: urgent, high, normal, low",
                "1 category: tickets",
                "Attribute organization_id: 8812, other",
                "Level 1, “Agents”: 2 staff",
                "SLA “Enterprise” (organization_id is 8812), urgent: first response 15m, next reply 1h, periodic update 2h, requester wait 10h, agent work 8h",
                "SLA “Enterprise” (organization_id is 8812), high: first response 1h, pausable update 4h",
                "SLA “no policy applies”: no targets",
            ],
        ),
    ];
    for (path, read, maps) in cases {
        let p = policy(path);
        assert_eq!(p.read, *read, "{path}");
        assert_eq!(p.maps, *maps, "{path}");
        // The scenario used is the one the command line writes for the file.
        let expected: Value = serde_json::from_str(&fixture(&path.replace(".json", ".scenario.json"))).unwrap();
        assert_eq!(p.doc, expected, "{path}");
    }
}

#[test]
fn what_does_not_map_is_every_warning_the_command_line_prints() {
    let all = [
        "pagerduty/loops",
        "pagerduty/schedules",
        "pagerduty/simple",
        "pagerduty/unexpressed",
        "opsgenie/repeat",
        "opsgenie/simple",
        "opsgenie/unexpressed",
        "zendesk/business_hours",
        "zendesk/simple",
        "zendesk/unexpressed",
    ];
    for path in all {
        let p = policy(&format!("{path}.json"));
        let shown: Vec<String> = p.unmapped.iter().map(ToString::to_string).collect();
        let printed: Vec<String> = fixture(&format!("{path}.warnings.txt")).lines().map(String::from).collect();
        assert_eq!(shown, printed, "{path}");
    }
    assert_eq!(policy("pagerduty/unexpressed.json").unmapped.len(), 10);
    assert_eq!(
        policy("pagerduty/schedules.json").unmapped,
        [Warning {
            path: "escalation_policy.escalation_rules[0]".into(),
            message: "when nobody is on call for this rule, an incident waits out its delay here before it escalates"
                .into(),
        }]
    );
}

#[test]
fn the_undo_bar_names_the_vendor_and_the_file() {
    let p = policy("zendesk/simple.json");
    assert_eq!(p.name, "Zendesk SLA policies");
    assert_eq!(p.by, "Zendesk SLA policies in the file “simple.json”");
    let r = super::super::state::Replaced {
        doc: std::rc::Rc::new(serde_json::json!({ "name": "Desk" })),
        preset: None,
        by: policy("pagerduty/loops.json").by,
    };
    assert_eq!(
        super::super::opening::replaced_message(&r),
        "A PagerDuty escalation policy in the file “loops.json” replaced your scenario “Desk”."
    );
}

#[test]
fn a_scenario_opens_as_before_and_anything_else_is_refused_saying_where() {
    let b1 = include_str!("../../../static/scenarios/b1.json");
    assert!(
        matches!(open_file("b1.json", Ok(b1.into())), Ok(Opened::Scenario(doc)) if doc["name"] == "B1 — four-level escalation chain")
    );
    let refused = |name: &str, text: &str| match open_file(name, Ok(text.into())) {
        Err(n) => {
            assert_eq!(n.kind, NoticeKind::Error);
            assert_eq!(n.title, format!("Could not import {name}; the current scenario is unchanged"));
            n.lines
        }
        Ok(o) => panic!("{name} opened: {o:?}"),
    };
    assert_eq!(
        refused("broken.json", "{\"escalation_policy\": {\n  \"name\": }"),
        ["line 2, column 11: not valid JSON (expected value)"]
    );
    assert_eq!(
        refused("package.json", r#"{"name": "left-pad", "dependencies": {}}"#),
        [
            "As a scenario: it has no \"version\", so it is not a scenario file; this build reads version 1",
            "As a vendor's policy: (the file): not a policy this importer knows: expected a PagerDuty escalation policy (\"escalation_policy\"), an Opsgenie escalation (\"rules\" with \"condition\" and \"delay\") or Zendesk SLA policies (\"sla_policies\")",
        ]
    );
    assert_eq!(
        refused(
            "payments.json",
            r#"{"escalation_policy": {"name": "P", "escalation_rules": [{"targets": []}], "num_loops": 0}}"#
        ),
        [
            "Read as a PagerDuty escalation policy: escalation_policy.escalation_rules[0].escalation_delay_in_minutes: \"escalation_delay_in_minutes\" is missing"
        ]
    );
    assert_eq!(
        open_file("gone.json", Err("NotFoundError".into())).unwrap_err().lines,
        ["the file could not be read: NotFoundError"]
    );
}
