//! Importing vendors' policies (`docs/import.md`): each fixture of `tests/fixtures/import/`,
//! written from the vendor's public API documentation, against its expected scenario and
//! warnings; the scenario validates cleanly; files that cannot be imported are refused with
//! where and what; and PagerDuty's loops, imported and run, as PagerDuty documents them.

use escalation_lab::engine::import::{self, Vendor};
use escalation_lab::engine::{self};
use proptest::prelude::prop;
use serde_json::{Value, json};

use super::support::{report, set};

fn fixture(vendor: Vendor, file: &str) -> String {
    let path = format!("{}/tests/fixtures/import/{}/{file}", env!("CARGO_MANIFEST_DIR"), vendor.key());
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("no fixture {path}: {e}"))
}

/// Every fixture: the vendor's file, with its expected scenario (`NAME.scenario.json`) and
/// warnings (`NAME.warnings.txt`, one a line).
const FIXTURES: &[(Vendor, &str)] = &[
    (Vendor::PagerDuty, "simple"),
    (Vendor::PagerDuty, "loops"),
    (Vendor::PagerDuty, "unexpressed"),
    (Vendor::PagerDuty, "schedules"),
    (Vendor::Opsgenie, "simple"),
    (Vendor::Opsgenie, "repeat"),
    (Vendor::Opsgenie, "unexpressed"),
    (Vendor::Zendesk, "simple"),
    (Vendor::Zendesk, "business_hours"),
    (Vendor::Zendesk, "unexpressed"),
];

/// What validation rightly warns of in an imported scenario: the night rota, on call 20 hours a
/// week, cannot take the assumed hourly arrivals alone.
const VALIDATION_WARNINGS: &[(&str, &str)] = &[(
    "schedules",
    "level \"Rule 1: Night rota\" is overloaded: it is offered 0.50 staff-hours of work per hour but has 0.12 staff on average",
)];

#[test]
fn each_fixture_gives_its_scenario_and_warnings() {
    for &(vendor, name) in FIXTURES {
        let text = fixture(vendor, &format!("{name}.json"));
        let found = import::import(&text, None).unwrap_or_else(|e| panic!("{}/{name}: {e}", vendor.key()));
        assert_eq!(found.vendor, vendor, "{name}: the vendor is recognised");
        let asked = import::import(&text, Some(vendor)).expect("the same file with --from");
        assert_eq!(asked.scenario_json(), found.scenario_json());
        let scenario: Value = serde_json::from_str(&found.scenario_json()).expect("the scenario is JSON");
        let expected: Value = serde_json::from_str(&fixture(vendor, &format!("{name}.scenario.json"))).unwrap();
        assert_eq!(scenario, expected, "{}/{name}: scenario", vendor.key());
        let warnings: Vec<String> = found.warnings.iter().map(ToString::to_string).collect();
        let expected: Vec<String> =
            fixture(vendor, &format!("{name}.warnings.txt")).lines().map(str::to_string).collect();
        assert_eq!(warnings, expected, "{}/{name}: warnings", vendor.key());
        // The engine's own loading finds no error, and warns only of what it should.
        let checked = engine::load(&found.scenario_json());
        let problems: Vec<String> = checked.problems.iter().map(ToString::to_string).collect();
        assert!(checked.model.is_some() && checked.errors().next().is_none(), "{}/{name}: {problems:#?}", vendor.key());
        let expected: Vec<&str> = VALIDATION_WARNINGS.iter().filter(|(n, _)| *n == name).map(|(_, w)| *w).collect();
        assert_eq!(problems.len(), expected.len(), "{}/{name}: {problems:#?}", vendor.key());
        for (p, w) in problems.iter().zip(expected) {
            assert!(p.contains(w), "{}/{name}: {p}", vendor.key());
        }
    }
}

#[test]
fn a_file_that_cannot_be_imported_says_where_and_what() {
    let pd = fixture(Vendor::PagerDuty, "loops.json");
    let no_delay = pd.replacen("\"escalation_delay_in_minutes\": 30,", "", 1);
    let bad_target = pd.replacen("\"type\": \"schedule_reference\"", "\"type\": 7", 1);
    let og = fixture(Vendor::Opsgenie, "simple.json");
    let bad_condition = og.replacen("if-not-acked", "if-not-seen", 1);
    let bad_unit = og.replacen("\"timeUnit\": \"minutes\"", "\"timeUnit\": \"weeks\"", 1);
    let zd = fixture(Vendor::Zendesk, "simple.json");
    let bad_priority = zd.replacen("\"priority\": \"urgent\"", "\"priority\": \"P1\"", 1);
    let bad_metric = zd.replacen("\"metric\": \"first_reply_time\"", "\"metric\": \"first_reply\"", 1);
    let mut never_open: Value = serde_json::from_str(&fixture(Vendor::Zendesk, "business_hours.json")).unwrap();
    never_open["schedule"]["intervals"] = json!([]);
    let never_open = never_open.to_string();
    let cases: Vec<(&str, Option<Vendor>, &str)> = vec![
        ("{\"escalation_policy\": {", None, "line 1, column 23: not JSON: EOF while parsing an object"),
        ("[1, 2]", None, "(the file): expected an object, found a list"),
        (
            "{\"incidents\": []}",
            None,
            "(the file): not a policy this importer knows: expected a PagerDuty escalation policy (\"escalation_policy\"), an Opsgenie escalation (\"rules\" with \"condition\" and \"delay\") or Zendesk SLA policies (\"sla_policies\")",
        ),
        (
            &zd,
            Some(Vendor::PagerDuty),
            "(the file): this is not a PagerDuty escalation policy: it looks like Zendesk SLA policies",
        ),
        (
            &pd,
            Some(Vendor::Opsgenie),
            "(the file): this is not an Opsgenie escalation: it looks like a PagerDuty escalation policy",
        ),
        (
            &no_delay,
            None,
            "escalation_policy.escalation_rules[0].escalation_delay_in_minutes: \"escalation_delay_in_minutes\" is missing",
        ),
        (&bad_target, None, "escalation_policy.escalation_rules[0].targets[0].type: expected text, found a number"),
        (
            &bad_condition,
            None,
            "data.rules[0].condition: \"if-not-seen\" is not a condition; Opsgenie's are if-not-acked and if-not-closed",
        ),
        (
            &bad_unit,
            None,
            "data.rules[0].delay.timeUnit: \"weeks\" is not a time unit; Opsgenie's are minutes, hours and days",
        ),
        (
            &bad_priority,
            None,
            "sla_policies[0].policy_metrics[0].priority: \"P1\" is not a Zendesk priority; they are urgent, high, normal and low",
        ),
        (&bad_metric, None, "sla_policies[0].policy_metrics[0].metric: \"first_reply\" is not a Zendesk SLA metric"),
        (
            "{\"sla_policies\": [{\"title\": \"x\", \"policy_metrics\": [{\"priority\": \"low\", \"metric\": \"first_reply_time\", \"target\": 60}]}]}",
            None,
            "sla_policies[0].policy_metrics[0].business_hours: \"business_hours\" is missing",
        ),
        (
            &never_open,
            None,
            "schedule.intervals: the schedule has no intervals: it is never open, so its business-hours targets would never run out",
        ),
    ];
    for (text, from, expected) in cases {
        let refused = import::import(text, from).expect_err(expected);
        assert_eq!(refused.to_string(), expected);
    }
}

/// A level nobody is on duty at during the first days of the run (only Sunday 23:00-24:00).
fn nobody_on_duty(level: &mut Value) {
    let map = level.as_object_mut().expect("a level");
    map.remove("staff");
    map.insert("shifts".into(), json!([{"days": ["sun"], "from": "23:00", "to": "24:00", "staff": 1}]));
}

#[test]
fn a_pagerduty_policy_with_two_loops_runs_three_times_through_then_stays_at_the_last_rule() {
    // PagerDuty: an incident not acknowledged within a rule's escalation delay goes to the next
    // rule; after the last rule's delay it goes back to the first, num_loops times, and then
    // stays with the last rule. Three rules of 30 minutes and num_loops 2, an incident at 0 and
    // nobody on duty to acknowledge it: rule 2 at 30, rule 3 at 60, rule 1 at 90 (loop 1),
    // rule 2 at 120, rule 3 at 150, rule 1 at 180 (loop 2), rule 2 at 210, rule 3 at 240, where
    // it stays: three passes through the policy.
    let imported = import::import(&fixture(Vendor::PagerDuty, "loops.json"), None).expect("imported");
    let mut doc: Value = serde_json::from_str(&imported.scenario_json()).unwrap();
    for l in doc["levels"].as_array_mut().unwrap() {
        nobody_on_duty(l);
    }
    set(&mut doc, "/workload/arrivals_per_hour", json!(0));
    set(&mut doc, "/workload/scheduled", json!([{"at": "0m", "category": "incidents", "priority": "high"}]));
    set(&mut doc, "/run/horizon", json!("8h"));
    set(&mut doc, "/run/end", json!("hard_stop"));
    let r = report(&doc);
    let steps = &r.journeys[0].steps;
    let moves: Vec<(f64, &str)> = steps
        .iter()
        .filter(|s| s.event == "escalated")
        .map(|s| (s.t_min, s.level.as_deref().unwrap_or_default()))
        .collect();
    let (one, two, three) = ("Rule 1: Payments primary", "Rule 2: Payments secondary", "Rule 3: Engineering manager");
    assert_eq!(
        moves,
        vec![
            (30.0, two),
            (60.0, three),
            (90.0, one),
            (120.0, two),
            (150.0, three),
            (180.0, one),
            (210.0, two),
            (240.0, three)
        ]
    );
    let arrivals_at_first = 1 + moves.iter().filter(|(_, l)| *l == one).count();
    assert_eq!(arrivals_at_first, 3, "three passes through the policy");
    let last = steps.last().unwrap();
    assert_eq!((last.event.as_str(), last.t_min, last.level.as_deref()), ("censored", 480.0, Some(three)));
}

#[test]
fn a_pagerduty_schedule_is_on_call_only_in_its_layers_restrictions() {
    // The night rota is on call Monday 22:00 to Tuesday 10:00 and weekend mornings 08:00-12:00;
    // the duty manager always. An incident on Monday at 23:00 is taken up at once by the rota;
    // one on Monday at 12:00 waits out rule 1's 20 minutes with nobody on call, and the duty
    // manager takes it up at 12:20. Work takes 10 minutes.
    let imported = import::import(&fixture(Vendor::PagerDuty, "schedules.json"), None).expect("imported");
    let mut doc: Value = serde_json::from_str(&imported.scenario_json()).unwrap();
    for l in doc["levels"].as_array_mut().unwrap() {
        l["service"] = json!({"dist": "deterministic", "value": "10m"});
    }
    set(&mut doc, "/workload/arrivals_per_hour", json!(0));
    set(
        &mut doc,
        "/workload/scheduled",
        json!([{"at": "12h", "category": "incidents", "priority": "high"}, {"at": "23h", "category": "incidents", "priority": "high"}]),
    );
    set(&mut doc, "/run/horizon", json!("1d"));
    let r = report(&doc);
    let taken: Vec<(f64, Option<&str>)> = r
        .journeys
        .iter()
        .flat_map(|j| j.steps.iter().filter(|s| s.event == "service_started").map(|s| (s.t_min, s.level.as_deref())))
        .collect();
    assert_eq!(
        taken,
        vec![(12.0 * 60.0 + 20.0, Some("Rule 2: Duty manager, Night rota")), (23.0 * 60.0, Some("Rule 1: Night rota"))]
    );
}

/// A fixture with one value, anywhere in it, replaced.
fn mutated(vendor: Vendor, name: &str, pick: prop::sample::Index, with: Value) -> Value {
    let mut doc: Value = serde_json::from_str(&fixture(vendor, &format!("{name}.json"))).unwrap();
    let mut pointers = Vec::new();
    fn walk(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, format!("{at}/{k}"), out)),
            Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| walk(x, format!("{at}/{i}"), out)),
            _ => {}
        }
        out.push(at);
    }
    walk(&doc, String::new(), &mut pointers);
    let at = pick.get(&pointers).clone();
    if at.is_empty() {
        return with;
    }
    *doc.pointer_mut(&at).expect("a pointer walked") = with;
    doc
}

fn any_value() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (0u64..2000).prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "[a-z_ -]{0,12}".prop_map(Value::from),
        prop::sample::select(vec![
            "Rule 1: Payments primary",
            "incidents",
            "other",
            "",
            "if-not-closed",
            "hours",
            "urgent",
            "weekly_restriction",
            "agent_work_time",
            "schedule_reference",
        ])
        .prop_map(Value::from),
        Just(json!([])),
        Just(json!({})),
        Just(json!([{}])),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 600, ..Default::default() })]

    #[test]
    fn no_changed_value_makes_the_import_panic_or_write_an_invalid_scenario(
        fixture_at in 0..FIXTURES.len(), pick in proptest::prelude::any::<prop::sample::Index>(), with in any_value()
    ) {
        let (vendor, name) = FIXTURES[fixture_at];
        let doc = mutated(vendor, name, pick, with);
        if let Ok(imported) = import::import(&doc.to_string(), None) {
            let checked = engine::load(&imported.scenario_json());
            let errors: Vec<String> = checked.errors().map(ToString::to_string).collect();
            proptest::prop_assert!(errors.is_empty(), "{}/{}: {:#?}\n{}", vendor.key(), name, errors, doc);
        }
    }
}
