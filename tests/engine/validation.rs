//! Validation: one case per class of problem, each asserting the JSON path and the message a user
//! sees; and every problem of a document reported at once.

use serde_json::{Value, json};

use super::support::{base, problems, set};

/// Applies `edit` to the base scenario and returns its problems.
fn after(edit: impl FnOnce(&mut Value)) -> Vec<(String, String)> {
    let mut doc = base();
    edit(&mut doc);
    problems(&doc)
}

fn expect(found: Vec<(String, String)>, path: &str, message: &str) {
    assert!(found.iter().any(|(p, m)| p == path && m == message), "expected ({path}, {message}) among {found:#?}");
}

#[test]
fn base_scenario_is_valid() {
    assert_eq!(problems(&base()), vec![]);
}

#[test]
fn a_duplicate_name_names_the_first_holder_in_words() {
    let found = after(|d| {
        let mut second = d["levels"][0].clone();
        second["staff"] = json!(1);
        d["levels"].as_array_mut().unwrap().push(second);
    });
    expect(found, "levels[1].name", "the level name \"Agent\" is already used by the 1st level");
}

#[test]
fn unknown_level_name_suggests_the_closest() {
    let found = after(|d| set(d, "/categories/0/path", json!(["Agnet"])));
    expect(found, "categories[0].path[0]", "unknown level \"Agnet\"; did you mean \"Agent\"?");
    let found = after(|d| set(d, "/categories/0/path", json!(["Zebra"])));
    expect(found, "categories[0].path[0]", "unknown level \"Zebra\" (known: \"Agent\")");
}

#[test]
fn unknown_category_in_a_burst() {
    let found = after(|d| {
        set(
            d,
            "/workload/bursts",
            json!([{"start": "1h", "duration": "1h", "arrivals_per_hour": 5, "category": "complaints"}]),
        );
    });
    expect(found, "workload.bursts[0].category", "unknown category \"complaints\"; did you mean \"complaint\"?");
}

#[test]
fn a_path_that_returns_to_a_level_loops() {
    let found = after(|d| {
        let mut lead = d["levels"][0].clone();
        lead["name"] = "Lead".into();
        d["levels"].as_array_mut().unwrap().push(lead);
        set(d, "/categories/0/path", json!(["Agent", "Lead", "Agent"]));
    });
    expect(
        found,
        "categories[0].path[2]",
        "\"Agent\" is already on this path at position 1; a path that returns to a level could loop forever",
    );
}

#[test]
fn a_level_that_never_resolves_and_has_nowhere_to_go_loops() {
    let found = after(|d| set(d, "/levels/0/resolve_probability", json!(0.0)));
    expect(
        found,
        "levels[0].resolve_probability",
        "issues of category \"complaint\" with priority P1 would never be resolved: the resolve probability is 0 along Agent -> Agent and nothing leads out, so they loop forever",
    );
}

#[test]
fn probabilities_outside_zero_one() {
    let found = after(|d| set(d, "/levels/0/resolve_probability", json!(1.2)));
    expect(found, "levels[0].resolve_probability", "1.2 is not a probability; it must be between 0 and 1");
}

#[test]
fn mixes_that_do_not_sum_to_one() {
    let found = after(|d| set(d, "/workload/priority_mix/P4", json!(0.5)));
    expect(found, "workload.priority_mix", "the priority mix sums to 1.1, not 1");
    let found = after(|d| set(d, "/categories/0/share", json!(0.9)));
    expect(found, "categories", "the category shares sum to 0.9, not 1");
}

#[test]
fn zero_and_malformed_durations() {
    let found = after(|d| set(d, "/levels/0/service", json!({"dist": "exponential", "mean": "0m"})));
    expect(found, "levels[0].service.mean", "the duration \"0m\" must be longer than zero");
    let found = after(|d| set(d, "/levels/0/service", json!({"dist": "exponential", "mean": "-4m"})));
    expect(found, "levels[0].service.mean", "\"-4m\" is negative; a duration is 0 or more");
    let found = after(|d| set(d, "/levels/0/service", json!({"dist": "exponential", "mean": "0.0001s"})));
    expect(
        found,
        "levels[0].service.mean",
        "the duration \"0.0001s\" is shorter than a millisecond, the clock's smallest step",
    );
    let found = after(|d| set(d, "/run/horizon", json!("100")));
    expect(found, "run.horizon", "the number 100 has no unit; add one of ms, s, m, h, d, w (e.g. \"100m\")");
}

#[test]
fn a_reachable_level_without_staff() {
    let found = after(|d| set(d, "/levels/0/staff", json!(0)));
    expect(
        found,
        "levels[0].staff",
        "level \"Agent\" has no staff at any time, but issues of category \"complaint\" can reach it and would wait forever",
    );
}

#[test]
fn a_level_without_staff_names_every_category_that_reaches_it() {
    let found = after(|d| {
        set(d, "/levels/0/staff", json!(0));
        set(
            d,
            "/categories",
            json!([
                {"name": "complaint", "share": 0.5, "path": ["Agent"]},
                {"name": "refund", "share": 0.25, "path": ["Agent"]},
                {"name": "query", "share": 0.25, "path": ["Agent"]}
            ]),
        );
    });
    expect(
        found,
        "levels[0].staff",
        "level \"Agent\" has no staff at any time, but issues of 3 categories: \"complaint\", \"refund\" and \"query\" can reach it and would wait forever",
    );
}

#[test]
fn a_run_larger_than_the_issue_limit() {
    let found = after(|d| {
        set(d, "/run/horizon", json!("1000w"));
        set(d, "/run/max_issues", json!(1_000_000));
    });
    expect(
        found,
        "run.horizon",
        "this run would simulate about 1680000 issues (1680000 per replication x 1), more than the limit of 1000000 (run.max_issues); shorten the horizon, lower the rates or raise the limit",
    );
}

#[test]
fn overload_is_a_warning_naming_the_level() {
    let mut doc = base();
    set(&mut doc, "/workload/arrivals_per_hour", json!(45));
    let checked = escalation_lab::engine::load(&doc.to_string());
    assert!(checked.model.is_some(), "an overloaded scenario still runs");
    let w = checked.problems.iter().find(|p| p.path == "levels[0].staff").expect("a warning");
    assert_eq!(w.severity, escalation_lab::engine::Severity::Warning);
    assert_eq!(
        w.message,
        "level \"Agent\" is overloaded: it is offered 3.00 staff-hours of work per hour but has 2.00 staff on average (utilization 150%), so its queue grows without bound"
    );
}

#[test]
fn unknown_fields_name_their_path() {
    let found = after(|d| set(d, "/levels/0/colour", json!("blue")));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "levels[0].colour");
    assert!(found[0].1.starts_with("unknown field \"colour\"; the fields here are name, role,"), "{}", found[0].1);
}

#[test]
fn malformed_json_gives_line_and_column() {
    let checked = escalation_lab::engine::load("{\n  \"version\": 1,\n  \"name\": \"x\",,\n}");
    let p = &checked.problems[0];
    assert_eq!((p.line, p.column), (Some(3), Some(15)));
    assert_eq!(
        p.to_string(),
        "error at line 3, column 15: JSON syntax: a field name in double quotes was expected here (an extra comma?)"
    );
}

#[test]
fn unsupported_version() {
    let found = after(|d| set(d, "/version", json!(2)));
    expect(found, "version", "format version 2 is not supported; this build reads version 1");
}

#[test]
fn escalation_target_must_be_on_the_path() {
    let found = after(|d| {
        let mut exec = d["levels"][0].clone();
        exec["name"] = "Executive".into();
        d["levels"].as_array_mut().unwrap().push(exec);
        set(
            d,
            "/triggers",
            json!([{"name": "old", "when": {"open_longer_than": {"after": "1d"}}, "then": {"escalate_to": "Executive"}}]),
        );
    });
    expect(
        found,
        "triggers[0].then.escalate_to",
        "\"Executive\" is not on the path of category \"complaint\", which this trigger applies to; add it to the path or limit the trigger's categories",
    );
}

#[test]
fn sla_policies_must_cover_every_issue() {
    let found = after(|d| {
        set(d, "/attributes", json!([{"name": "tier", "values": {"gold": 0.1, "standard": 0.9}}]));
        set(d, "/sla/0/attributes", json!({"tier": "gold"}));
    });
    expect(
        found,
        "sla",
        "some issues of category \"complaint\" match no SLA policy; add a last policy without attribute conditions that covers it",
    );
}

#[test]
fn shifts_and_calendars_check_their_times() {
    let found = after(|d| {
        set(d, "/levels/0/shifts", json!([{"days": ["weekdays"], "from": "09:00", "to": "17:00", "staff": 2}]));
    });
    expect(found, "levels[0].shifts", "give either a constant \"staff\" or \"shifts\", not both");
    let found = after(|d| {
        set(
            d,
            "/calendars",
            json!([{"name": "office", "hours": [{"days": ["funday"], "from": "25:00", "to": "17:00"}]}]),
        );
    });
    assert!(found.iter().any(|(p, m)| p == "calendars[0].hours[0].days" && m.contains("funday")), "{found:#?}");
    // A wrong time is reported at its own field, where the editor marks it.
    let found = after(|d| {
        set(d, "/levels/0/staff", Value::Null);
        set(d, "/levels/0/shifts", json!([{"days": ["weekdays"], "from": "09:00", "to": "9pm", "staff": 2}]));
    });
    assert!(found.iter().any(|(p, m)| p == "levels[0].shifts[0].to" && m.contains("\"9pm\"")), "{found:#?}");
}

#[test]
fn a_probability_above_one_is_told_once() {
    let found =
        after(|d| set(d, "/reopen", json!({"probability": 2, "after": {"dist": "deterministic", "value": "1d"}})));
    let at: Vec<_> = found.iter().filter(|(p, _)| p == "reopen.probability").collect();
    assert_eq!(at.len(), 1, "{found:#?}");
    assert_eq!(at[0].1, "2 is not a probability; it must be between 0 and 1");
    let found =
        after(|d| set(d, "/reopen", json!({"probability": 1, "after": {"dist": "deterministic", "value": "1d"}})));
    expect(found, "reopen.probability", "with a reopen probability of 1 every issue reopens forever; use less than 1");
}

#[test]
fn every_problem_is_reported_at_once() {
    let found = after(|d| {
        set(d, "/levels/0/resolve_probability", json!(7));
        set(d, "/workload/priority_mix/P4", json!(0.1));
        set(d, "/run/horizon", json!("soon"));
        set(d, "/categories/0/path", json!(["Agnet"]));
    });
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    for p in ["levels[0].resolve_probability", "workload.priority_mix", "run.horizon", "categories[0].path[0]"] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
}

#[test]
fn a_reopen_probability_without_a_reopen_section() {
    let found = after(|d| set(d, "/categories/0/reopen_probability", json!(0.1)));
    expect(
        found,
        "categories[0].reopen_probability",
        "a reopen probability needs a top-level `reopen` section (the follow-up delay); add one or remove this",
    );
}

#[test]
fn an_empty_trigger_scope_is_a_warning() {
    let doc = {
        let mut d = base();
        set(
            &mut d,
            "/triggers",
            json!([{"name": "late", "when": {"queue_wait_over": {"P1": "10m"}}, "then": "escalate_next", "priorities": []}]),
        );
        d
    };
    let checked = escalation_lab::engine::load(&doc.to_string());
    assert!(checked.model.is_some(), "an empty scope is not an error: {:#?}", checked.problems);
    expect(
        problems(&doc),
        "triggers[0].priorities",
        "an empty priority list matches nothing, so this trigger never fires; omit the field to match every priority",
    );
}

#[test]
fn triage_beside_a_workload_priority_mix_is_a_warning() {
    let found = after(|d| {
        set(
            d,
            "/triage",
            json!({"impact": {"high": 1.0}, "urgency": {"high": 1.0}, "matrix": {"high": {"high": "P1"}}}),
        );
    });
    expect(
        found,
        "triage",
        "workload.priority_mix is given, so triage is never used: every category takes that mix unless it has its own",
    );
}

#[test]
fn triage_pairs_are_checked_like_other_mixes() {
    let matrix = json!({"high": {"high": "P1", "low": "P2"}, "low": {"high": "P3", "low": "P4"}});
    let with = |triage: Value| {
        after(|d| {
            d["workload"].as_object_mut().unwrap().remove("priority_mix");
            set(d, "/triage", triage);
        })
    };
    let pairs = |p: Value| with(json!({"pairs": p, "matrix": matrix}));
    // A good joint mix: no problem at all, and the separate mixes are not needed.
    assert_eq!(pairs(json!({"high": {"high": 0.3, "low": 0.1}, "low": {"low": 0.6}})), vec![]);
    let cases = [
        (
            pairs(json!({"high": {"high": 0.3, "low": 0.1}, "low": {"low": 0.5}})),
            "triage.pairs",
            "the impact and urgency pair mix sums to 0.9, not 1",
        ),
        (
            pairs(json!({"high": {"high": 1.2}, "low": {"low": -0.2}})),
            "triage.pairs.high.high",
            "1.2 is not a probability; it must be between 0 and 1",
        ),
        (pairs(json!({"hihg": {"high": 1.0}})), "triage.pairs.hihg", "unknown impact \"hihg\"; did you mean \"high\"?"),
        (
            pairs(json!({"high": {"soon": 1.0}})),
            "triage.pairs.high.soon",
            "unknown urgency \"soon\" (known: \"high\", \"low\")",
        ),
        (
            with(json!({"impact": {"high": 1.0}, "pairs": {"high": {"high": 1.0}}, "matrix": matrix})),
            "triage.impact",
            "triage.pairs draws impact and urgency together, so there is no separate impact mix: leave triage.impact out",
        ),
        (
            with(json!({"impact": {"high": 1.0}, "matrix": matrix})),
            "triage",
            "triage needs an urgency mix (triage.urgency), or pairs giving impact and urgency together (triage.pairs)",
        ),
        // Every pair, drawn or not, needs its priority in the matrix.
        (
            with(json!({"pairs": {"high": {"high": 1.0}}, "matrix": {"high": {"high": "P1"}, "low": {"low": "P4"}}})),
            "triage.matrix.high",
            "no priority for impact \"high\" with urgency \"low\"",
        ),
        (
            with(json!({"pairs": {"high": {"high": 1.0}}, "matrix": {}})),
            "triage.matrix",
            "the matrix is empty: it needs a row per impact, with a priority per urgency",
        ),
    ];
    for (found, path, message) in cases {
        expect(found, path, message);
    }
}

#[test]
fn an_override_for_every_category_and_priority_applies() {
    let mut doc = base();
    set(&mut doc, "/levels/0/overrides", json!([{"resolve_probability": 0.5}]));
    let model = super::support::model(&doc);
    for p in 0..4 {
        assert_eq!(model.cell(0, 0, p).resolve_probability, 0.5);
    }
}

#[test]
fn a_value_of_the_wrong_type_names_its_path() {
    let found = after(|d| set(d, "/levels/0/staff", json!("many")));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "levels[0].staff");
    assert_eq!(found[0].1, "must be a whole number of staff, not the text \"many\"");
    let found = after(|d| set(d, "/sla/0/targets/P2/resolution", json!(5)));
    assert_eq!(found[0].0, "sla[0].targets.P2.resolution", "{found:?}");
}

#[test]
fn a_fraction_of_staff_is_refused_as_not_whole() {
    // As written in a file, and as an editor that keeps what was typed stores it: both say the
    // number, not "the text".
    let text = base().to_string().replace("\"staff\":2", "\"staff\":2.5");
    assert!(text.contains("\"staff\":2.5"), "{text}");
    let checked = escalation_lab::engine::load(&text);
    let found: Vec<(String, String)> = checked.problems.into_iter().map(|p| (p.path, p.message)).collect();
    assert_eq!(found, [("levels[0].staff".to_string(), "must be a whole number of staff, not 2.5".to_string())]);
    let found = after(|d| set(d, "/levels/0/staff", json!("2.5")));
    assert_eq!(found, [("levels[0].staff".to_string(), "must be a whole number of staff, not 2.5".to_string())]);
    let found = after(|d| set(d, "/levels/0/staff", json!(-3)));
    assert_eq!(found[0].1, "must be a whole number of staff, 0 or more, not -3");
    let found = after(|d| set(d, "/levels/0/staff", json!("3")));
    assert_eq!(found[0].1, "must be a whole number of staff, written without quotes, not the text \"3\"");
    let found = after(|d| set(d, "/run/replications", json!(1.5)));
    assert_eq!(found[0].1, "must be a whole number of replications, not 1.5");
}

#[test]
fn shape_error_paths_survive_multibyte_text() {
    let mut doc = base();
    set(&mut doc, "/name", json!("Billing — disputes — “quoted”"));
    set(&mut doc, "/levels/0/staff", json!(-3));
    let found = problems(&doc);
    assert_eq!(found[0].0, "levels[0].staff", "{found:?}");
}

#[test]
fn a_wrong_horizon_is_one_error_not_also_its_warm_up_share() {
    let found = after(|d| {
        set(d, "/run/horizon", json!("-5h"));
        set(d, "/run/warmup", json!("10%"));
    });
    expect(found.clone(), "run.horizon", "\"-5h\" is negative; a duration is 0 or more");
    assert!(found.iter().all(|(p, _)| p != "run.warmup"), "{found:#?}");
}

#[test]
fn the_history_read_settings_are_kept_as_written_and_checked() {
    let settings = json!({ "mapping": { "ticket_id": "Ref", "opened": "Logged", "group": "Team", "resolved_states": ["Done"] },
                           "day_first": true, "utc_offset_minutes": 60 });
    assert_eq!(after(|d| set(d, "/history", settings.clone())), vec![]);
    // Read and written back, it is the same object (fields left unset stay unset).
    let mut doc = base();
    set(&mut doc, "/history", settings.clone());
    let read = escalation_lab::engine::parse(&doc.to_string()).expect("valid");
    let written = serde_json::to_value(&read).expect("serializes");
    assert_eq!(written["history"], settings);
    expect(
        after(|d| set(d, "/history", json!({ "utc_offset_minutes": 1500 }))),
        "history.utc_offset_minutes",
        "1500 minutes is not a time zone: use an offset within ±1080 minutes (±18 h)",
    );
    let found = after(|d| set(d, "/history", json!({ "mapping": { "ticket": "Ref" } })));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "history.mapping.ticket");
}
