//! The rule language's meaning: rules compile to the triggers the matrix uses, so a policy written
//! as a matrix and the same policy written as rules give the identical report for the same seed;
//! names are checked with the nearest existing name as a hint; what the simulation cannot model
//! yet is reported at its line and column, never dropped.

use super::support::{preset, report as run};
use escalation_lab::engine::{self, Report, rules};
use serde_json::{Value, json};

fn short(mut doc: Value) -> Value {
    doc["run"]["horizon"] = "400h".into();
    doc["run"]["replications"] = 2.into();
    doc
}

fn problems(doc: &Value) -> Vec<String> {
    engine::load(&doc.to_string())
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| format!("{}:{}:{}: {}", p.path, p.line.unwrap_or(0), p.column.unwrap_or(0), p.message))
        .collect()
}

/// B1's matrix timer, written by hand as a rule.
const B1_RULES: &str = r#"
# Unanswered issues move up a level: sooner the more urgent they are.
rule "queue wait timer"
  when level in ["L1", "L2", "L3"]
   and (priority is "P1" and waiting > 10m
     or priority is "P2" and waiting > 30m
     or priority is "P3" and waiting > 2h
     or priority is "P4" and waiting > 8h)
  then escalate
"#;

#[test]
fn b1_as_a_matrix_and_as_rules_gives_the_identical_report() {
    let matrix = short(preset("b1"));
    let mut ruled = matrix.clone();
    ruled.as_object_mut().unwrap().remove("triggers");
    ruled["rules"] = B1_RULES.into();
    let (a, b) = (run(&matrix), run(&ruled));
    assert!(a.triggers[0].fired > 0.0, "the timer fires: {:?}", a.triggers);
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
}

#[test]
fn business_time_on_a_calendar_that_never_closes_is_clock_time() {
    // Wait and time-at-level timers in business hours of a calendar open around the clock give
    // the same report as the same timers in clock time, through the calendar's arithmetic.
    let timers = |unit: &str| {
        format!(
            r#"rule "queue wait timer"
  when level in ["L1", "L2", "L3"]
   and (priority in ["P1", "P2"] and waiting > 0.25{unit} or priority is "P3" and waiting > 0.5{unit}
     or priority is "P4" and waiting > 1{unit})
  then escalate
rule "long at L2"
  when level is "L2" and time at level > 3{unit}
  then notify "L4"
"#
        )
    };
    let mut clock = short(preset("b1"));
    clock.as_object_mut().unwrap().remove("triggers");
    clock["calendars"] = json!([{"name": "always open", "hours": [{"days": ["all"], "from": "00:00", "to": "24:00"}]}]);
    let mut business = clock.clone();
    clock["rules"] = timers("h").into();
    business["rules"] = timers("bh").into();
    let (a, b) = (run(&clock), run(&business));
    assert!(a.triggers.iter().all(|t| t.fired > 0.0), "every timer fires: {:?}", a.triggers);
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
}

#[test]
fn a_business_time_trigger_reads_as_the_rule_it_came_from() {
    let text = r#"rule "two office hours waiting"
  when level is "L1" and priority in ["P3", "P4"] and waiting > 2bh on "office"
  then escalate
"#;
    let mut doc = preset("b1");
    doc["calendars"] = json!([{"name": "office", "hours": [{"days": ["weekdays"], "from": "09:00", "to": "17:00"}]}]);
    doc["rules"] = text.into();
    assert_eq!(problems(&doc), Vec::<String>::new());
    let doc: engine::Document = serde_json::from_value(doc).unwrap();
    let calendars = vec!["office".to_string()];
    let (levels, categories, priorities): (Vec<String>, Vec<String>, Vec<String>) = (
        doc.levels.iter().map(|l| l.name.clone()).collect(),
        doc.categories.iter().map(|c| c.name.clone()).collect(),
        doc.priorities.iter().map(|p| p.name.clone()).collect(),
    );
    let vocabulary = rules::lower::Vocabulary {
        levels: &levels,
        categories: &categories,
        priorities: &priorities,
        calendars: &calendars,
        attributes: &[],
        tags: &[],
    };
    let file = rules::parse(text).unwrap();
    let triggers = rules::lower::lower(text, &file, &vocabulary).unwrap().triggers;
    assert_eq!(triggers[0].calendar.as_deref(), Some("office"));
    let printed = rules::as_rules::rules_of(&triggers, &priorities).to_string();
    assert_eq!(
        printed,
        text.replace(
            "and priority in [\"P3\", \"P4\"] and waiting > 2bh on \"office\"",
            "and (priority in [\"P3\", \"P4\"] and waiting > 2bh on \"office\")"
        )
    );
}

#[test]
fn every_presets_triggers_shown_as_rules_give_the_identical_report() {
    for name in ["billing-dispute", "retail-complaints", "it-outage", "project-shortage", "hr-harassment", "b1-stress"]
    {
        let matrix = short(preset(name));
        let doc: engine::Document = serde_json::from_value(matrix.clone()).unwrap();
        let priorities: Vec<String> = doc.priorities.iter().map(|p| p.name.clone()).collect();
        // The triggers act before the scenario's own rules: as rules, they come first.
        let text =
            rules::as_rules::rules_of(&doc.triggers, &priorities).to_string() + doc.rules.as_deref().unwrap_or("");
        let mut ruled = matrix.clone();
        ruled.as_object_mut().unwrap().remove("triggers");
        ruled["rules"] = text.clone().into();
        let (a, b) = (run(&matrix), run(&ruled));
        assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap(), "{name}:\n{text}");
    }
}

#[test]
fn the_matrix_reads_as_rules() {
    let doc: engine::Document = serde_json::from_value(preset("billing-dispute")).unwrap();
    let priorities: Vec<String> = doc.priorities.iter().map(|p| p.name.clone()).collect();
    let text = rules::as_rules::rules_of(&doc.triggers, &priorities).to_string();
    assert_eq!(
        text,
        r#"rule "dispute waiting for an agent"
  when category in ["billing_dispute", "payment_arrangement"] and level is "agent" and (priority is "P1" and waiting > 5m or priority is "P2" and waiting > 20m or priority is "P3" and waiting > 1h)
  then escalate

rule "dispute waiting for a team lead"
  when category in ["billing_dispute", "payment_arrangement"] and level is "team_lead" and (priority is "P1" and waiting > 15m or priority is "P2" and waiting > 2h)
  then escalate

rule "resolution at risk"
  when sla.resolution.elapsed >= 80%
  then notify "team_lead"
"#
    );
}

#[test]
fn rules_act_after_the_triggers_and_count_under_their_own_names() {
    let mut doc = short(preset("b1"));
    doc["rules"] = r#"
rule "P1 at risk" when priority at least "P1" and sla.resolution.elapsed >= 50% then notify "L4"
rule "old issues go to L4" when not level is "L4" and age > 20m then escalate to "L4"
"#
    .into();
    let r = run(&doc);
    let names: Vec<&str> = r.triggers.iter().map(|t| t.trigger.as_str()).collect();
    assert_eq!(names, ["queue wait timer", "P1 at risk", "old issues go to L4"]);
    assert!(r.triggers.iter().all(|t| t.fired > 0.0), "{:#?}", r.triggers);
}

#[test]
fn unknown_names_are_reported_at_their_place_with_the_nearest_name() {
    let mut doc = preset("b1");
    doc["rules"] = "rule \"a\"\n  when level is \"l2\" and waiting > 1h\n  then escalate to \"L5\"".into();
    assert_eq!(
        problems(&doc),
        [
            "rules:2:17: unknown level \"l2\" (did you mean \"L2\"?)",
            "rules:3:20: unknown level \"L5\" (did you mean \"L1\"?)",
        ]
    );
    doc["rules"] = "rule \"a\" when categroy is \"x\" and age > 1h then escalate".into();
    assert_eq!(problems(&doc), ["rules:1:15: unknown attribute \"categroy\" (did you mean \"category\"?)"]);
}

#[test]
fn syntax_errors_are_reported_with_line_and_column() {
    let mut doc = preset("b1");
    doc["rules"] = "rule \"a\"\n  when waiting > 30 then escalate".into();
    assert_eq!(problems(&doc), ["rules:2:18: expected a duration such as 30m, 4h, 2d or 8bh, found \"30\""]);
}

#[test]
fn a_negated_moment_or_an_unknown_name_is_an_error_at_its_place() {
    let cases = [
        ("rule \"a\" when not arrives then notify \"L4\"", "rules:1:19: a moment cannot be negated (name the moment"),
        (
            "rule \"a\" when tags contain \"x\" and age > 1h then escalate",
            "rules:1:28: unknown tag \"x\" (the scenario has no tag)",
        ),
        (
            "rule \"a\" when category is \"general\" then route to \"L4\"; notify \"L5\"",
            "rules:1:64: unknown level \"L5\" (did you mean \"L1\"?)",
        ),
    ];
    for (text, want) in cases {
        let mut doc = preset("b1");
        doc["rules"] = text.into();
        let found = problems(&doc);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert!(found[0].starts_with(want), "{text}: {found:?}");
    }
}

#[test]
fn a_rule_needs_one_moment() {
    let mut doc = preset("b1");
    doc["rules"] = "rule \"a\" when priority is \"P1\" then escalate".into();
    assert_eq!(
        problems(&doc),
        [
            "rules:1:15: this condition names no moment at which to check it (add one of: waiting > 30m, age > 24h, sla.resolution.elapsed >= 80%, service ends unresolved; or route to a level on arrival)"
        ]
    );
    doc["rules"] = "rule \"a\" when age > 1h and\n waiting > 5m then escalate".into();
    assert_eq!(
        problems(&doc),
        [
            "rules:2:2: a rule can be checked at one moment only (this one already has a time condition on line 1; split it into two rules)"
        ]
    );
}

#[test]
fn a_rule_whose_target_is_off_the_path_is_reported_at_the_rule() {
    let mut doc = preset("billing-dispute");
    doc["rules"] = json!(
        "\n\nrule \"to the team lead\" when category is \"general_enquiry\" and age > 1h then escalate to \"finance_manager\""
    );
    let found = problems(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("rules:3:6: rule \"to the team lead\": \"finance_manager\" is not on the path"),
        "{found:?}"
    );
}

fn lowered(text: &str) -> Vec<serde_json::Value> {
    let doc: engine::Document = serde_json::from_value(preset("b1")).unwrap();
    let names = |v: Vec<String>| v;
    let (levels, categories, priorities) = (
        names(doc.levels.iter().map(|l| l.name.clone()).collect()),
        names(doc.categories.iter().map(|c| c.name.clone()).collect()),
        names(doc.priorities.iter().map(|p| p.name.clone()).collect()),
    );
    let vocabulary = rules::lower::Vocabulary {
        levels: &levels,
        categories: &categories,
        priorities: &priorities,
        calendars: &[],
        attributes: &[],
        tags: &[],
    };
    let file = rules::parse(text).unwrap();
    let out = rules::lower::lower(text, &file, &vocabulary).unwrap();
    out.triggers.iter().map(|t| serde_json::to_value(t).unwrap()).collect()
}

#[test]
fn first_match_leaves_a_later_rule_only_what_earlier_rules_do_not_cover_at_the_same_moment() {
    let rules = r#"
rule "P1 waits: tell L4" when priority is "P1" and waiting > 10m then notify "L4"
rule "anyone waits: escalate" when waiting > 10m then escalate
rule "anyone waits longer" when waiting > 20m then escalate
"#;
    // All match: every rule acts where it holds.
    let all = lowered(rules);
    assert_eq!(all[1]["when"], json!({"queue_wait_over": {"P1": "10m", "P2": "10m", "P3": "10m", "P4": "10m"}}));
    // First match: at the 10-minute mark P1 issues are taken by the first rule; 20 minutes is
    // another moment, so the third rule keeps every priority.
    let first = lowered(&format!("ruleset \"waits\" first match\n{rules}"));
    assert_eq!(first.len(), 3);
    assert_eq!(first[1]["when"], json!({"queue_wait_over": {"P2": "10m", "P3": "10m", "P4": "10m"}}));
    assert_eq!(first[2]["when"], json!({"queue_wait_over": {"P1": "20m", "P2": "20m", "P3": "20m", "P4": "20m"}}));
}

#[test]
fn a_first_match_rule_covered_by_earlier_ones_is_flagged() {
    let mut doc = preset("b1");
    doc["rules"] = "ruleset \"s\" first match\nrule \"a\" when age > 1h then escalate\nrule \"b\" when level is \"L1\" and age > 1h then notify \"L4\"".into();
    let checked = engine::load(&doc.to_string());
    assert!(checked.model.is_some());
    let w: Vec<String> = checked
        .problems
        .iter()
        .filter(|p| p.path == "rules")
        .map(|p| format!("{}:{}: {}", p.line.unwrap(), p.column.unwrap(), p.message))
        .collect();
    assert_eq!(
        w,
        [
            "3:6: the rule \"b\" never acts: the earlier rule \"a\" (line 2) of this first-match set acts first on every issue it applies to, at the same moment (move it above that rule if it should act first, narrow that rule's condition, or remove it)"
        ]
    );
}

#[test]
fn a_rule_written_twice_in_an_all_match_set_is_flagged_at_the_second() {
    let warnings = |rules: &str| -> Vec<String> {
        let mut doc = preset("b1");
        doc["rules"] = rules.into();
        let checked = engine::load(&doc.to_string());
        assert!(checked.model.is_some(), "{:?}", checked.problems);
        checked
            .problems
            .iter()
            .filter(|p| p.path == "rules")
            .map(|p| format!("{}:{}: {}", p.line.unwrap(), p.column.unwrap(), p.message))
            .collect()
    };
    // Written again under another name, spaced and ordered differently: the same rule.
    assert_eq!(
        warnings(
            "rule \"a\" when age > 1h and level is \"L1\" then notify \"L4\"; escalate\nrule \"b\" when age > 1h and level is \"L1\"  then notify \"L4\";  escalate"
        ),
        [
            "2:6: the rule \"b\" repeats the rule \"a\": same condition, same actions (every rule of this set acts, so both act on the same issues at the same moment; remove one)"
        ]
    );
    // Another action, or another condition: two rules.
    assert_eq!(
        warnings("rule \"a\" when age > 1h then escalate\nrule \"b\" when age > 1h then notify \"L4\""),
        Vec::<String>::new()
    );
    assert_eq!(
        warnings("rule \"a\" when age > 1h then escalate\nrule \"b\" when age > 2h then escalate"),
        Vec::<String>::new()
    );
}

fn fired(doc: &Value) -> Vec<(String, f64)> {
    run(doc).triggers.iter().map(|t| (t.trigger.clone(), t.fired)).collect()
}

/// Notifications change nothing else, so rules that split one notification by a condition and
/// its negation fire, between them, exactly as often as the unsplit one, for the same seed.
#[test]
fn conditions_checked_at_the_moment_split_the_firings_exactly() {
    let mut doc = short(preset("billing-dispute"));
    doc["rules"] = r#"
rule "all" when sla.resolution.elapsed >= 50% then notify "finance_manager"
rule "business" when account is "business" and sla.resolution.elapsed >= 50% then notify "finance_manager"
rule "not business" when not account is "business" and sla.resolution.elapsed >= 50% then notify "finance_manager"
rule "escalated" when escalations >= 1 and age > 30m then notify "finance_manager"
rule "not escalated" when escalations < 1 and age > 30m then notify "finance_manager"
rule "any" when age > 30m then notify "finance_manager"
rule "young" when age < 1h and service ends unresolved then escalate
"#
    .into();
    let f = fired(&doc);
    let get = |n: &str| f.iter().find(|(k, _)| k == n).map(|(_, v)| *v).unwrap();
    assert!(get("business") > 0.0 && get("not business") > get("business"), "{f:?}");
    assert_eq!(get("business") + get("not business"), get("all"));
    assert!(get("escalated") > 0.0 && get("not escalated") > 0.0, "{f:?}");
    assert_eq!(get("escalated") + get("not escalated"), get("any"));
    assert!(get("young") > 0.0, "{f:?}");
}

#[test]
fn a_trigger_only_if_in_json_equals_the_rule() {
    let mut matrix = short(preset("billing-dispute"));
    matrix["triggers"].as_array_mut().unwrap().push(json!({
        "name": "business at risk",
        "when": { "sla_elapsed": { "target": "resolution", "fraction": 0.25 } },
        "then": { "escalate_to": "finance_manager" },
        "categories": ["billing_dispute"],
        "only_if": "account is \"business\" and escalations < 2"
    }));
    let mut ruled = short(preset("billing-dispute"));
    ruled["rules"] = r#"rule "business at risk"
  when category is "billing_dispute" and account is "business" and escalations < 2
   and sla.resolution.elapsed >= 25%
  then escalate to "finance_manager""#
        .into();
    let (a, b) = (run(&matrix), run(&ruled));
    assert!(a.triggers.last().unwrap().fired > 0.0);
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    // And the trigger reads back as that rule.
    let doc: engine::Document = serde_json::from_value(matrix).unwrap();
    let priorities: Vec<String> = doc.priorities.iter().map(|p| p.name.clone()).collect();
    let text = rules::as_rules::rules_of(&doc.triggers[3..], &priorities).to_string();
    assert!(text.contains("when category is \"billing_dispute\" and sla.resolution.elapsed >= 25% and account is \"business\" and escalations < 2"), "{text}");
}

#[test]
fn a_broken_only_if_is_reported_at_its_place() {
    let mut doc = preset("billing-dispute");
    doc["triggers"][0]["only_if"] = "account is \"gold\"".into();
    assert_eq!(problems(&doc), ["triggers[0].only_if:0:0: 1:12: unknown value of \"account\" \"gold\""]);
    doc["triggers"][0]["only_if"] = "account = 1".into();
    assert_eq!(
        problems(&doc),
        [
            "triggers[0].only_if:0:0: 1:9: expected \"in\" or \"is\", found \"=\" (compare with is for names, or >, >=, <, <= for times and counts)"
        ]
    );
}

#[test]
fn first_match_with_a_condition_leaves_the_rest_to_later_rules() {
    let mut doc = short(preset("billing-dispute"));
    doc["rules"] = r#"
rule "all" when sla.resolution.elapsed >= 50% then notify "finance_manager"
rule "not business" when not account is "business" and sla.resolution.elapsed >= 50% then notify "finance_manager"
ruleset "at risk" first match
rule "business first" when account is "business" and sla.resolution.elapsed >= 50% then notify "team_lead"
rule "everyone else" when sla.resolution.elapsed >= 50% then notify "team_lead"
"#
    .into();
    let f = fired(&doc);
    let get = |n: &str| f.iter().find(|(k, _)| k == n).map(|(_, v)| *v).unwrap();
    assert!(get("business first") > 0.0, "{f:?}");
    assert_eq!(get("everyone else"), get("not business"), "{f:?}");
    assert_eq!(get("business first") + get("everyone else"), get("all"));
}

/// A rule with no time in its condition is checked when the issue arrives, where it can route it.
#[test]
fn routing_on_arrival_is_the_matrix_entry_written_as_a_rule() {
    let mut matrix = short(preset("b1"));
    matrix["categories"][0]["entry"]["P4"] = "L3".into();
    let mut ruled = short(preset("b1"));
    ruled["rules"] = r#"rule "P4 straight to L3" when arrives and priority is "P4" then route to "L3""#.into();
    let (a, b) = (run(&matrix), run(&ruled));
    assert_eq!(serde_json::to_value(&a.summary).unwrap(), serde_json::to_value(&b.summary).unwrap());
    assert_eq!(serde_json::to_value(&a.flows).unwrap(), serde_json::to_value(&b.flows).unwrap());
    let routed = b.triggers.iter().find(|t| t.trigger == "P4 straight to L3").unwrap().fired;
    let p4 = b.summary.priorities[3].counted.mean.unwrap();
    assert!(routed >= p4 && routed < p4 * 1.05, "every counted P4 issue is routed once: {routed} vs {p4}");
}

#[test]
fn the_headline_example_routes_by_attribute_and_category() {
    let mut doc = short(preset("billing-dispute"));
    doc["rules"] = r#"
rule "business disputes go to the team lead"
  when arrives and category is "billing_dispute" and account is "business"
  then route to "team_lead"
"#
    .into();
    let r = run(&doc);
    assert!(r.triggers.last().unwrap().fired > 0.0);
    // The matrix printed back: the rule as it compiled.
    let d: engine::Document = serde_json::from_value(doc.clone()).unwrap();
    let lowered = {
        let names = |v: &[String]| v.to_vec();
        let (levels, categories, priorities) = (
            names(&d.levels.iter().map(|l| l.name.clone()).collect::<Vec<_>>()),
            names(&d.categories.iter().map(|c| c.name.clone()).collect::<Vec<_>>()),
            names(&d.priorities.iter().map(|p| p.name.clone()).collect::<Vec<_>>()),
        );
        let attributes = vec!["account".to_string()];
        let text = d.rules.clone().unwrap();
        let file = rules::parse(&text).unwrap();
        let v = rules::lower::Vocabulary {
            levels: &levels,
            categories: &categories,
            priorities: &priorities,
            calendars: &[],
            attributes: &attributes,
            tags: &[],
        };
        rules::lower::lower(&text, &file, &v).unwrap().triggers
    };
    assert_eq!(
        serde_json::to_value(&lowered[0]).unwrap(),
        json!({
            "name": "business disputes go to the team lead",
            "when": { "on_arrival": {} },
            "then": { "escalate_to": "team_lead" },
            "categories": ["billing_dispute"],
            "only_if": "account is \"business\""
        })
    );
    let priorities: Vec<String> = d.priorities.iter().map(|p| p.name.clone()).collect();
    assert_eq!(
        rules::as_rules::rules_of(&lowered, &priorities).to_string(),
        "rule \"business disputes go to the team lead\"\n  when category is \"billing_dispute\" and arrives and account is \"business\"\n  then route to \"team_lead\"\n"
    );
}

#[test]
fn closing_waiting_issues_keeps_every_issue_accounted_for() {
    let mut doc = short(preset("b1-stress"));
    doc["rules"] = r#"rule "drop stale P4" when priority is "P4" and waiting > 30m then close as resolved"#.into();
    let r = run(&doc);
    let fired = r.triggers.iter().find(|t| t.trigger == "drop stale P4").unwrap().fired;
    assert!(fired > 0.0, "{:?}", r.triggers);
    let (counted, resolved) = (r.summary.counted_issues.mean.unwrap(), r.summary.resolved.mean.unwrap());
    assert_eq!(counted, resolved, "a drained run resolves (or closes) every counted issue");
    // Closed P4 issues never wait longer than the limit at the level that closes them.
    let plain = run(&short(preset("b1-stress")));
    let p4 = |r: &Report| r.summary.priorities[3].ttr.p99.mean.unwrap();
    assert!(p4(&r) < p4(&plain), "closing stale P4 issues shortens their tail: {} vs {}", p4(&r), p4(&plain));
}

#[test]
fn a_priority_set_on_arrival_counts_the_issue_under_its_new_priority() {
    let plain = run(&short(preset("b1")));
    let mut doc = short(preset("b1"));
    doc["rules"] = r#"rule "no P4 here" when priority is "P4" then set priority "P3""#.into();
    let r = run(&doc);
    let counted = |r: &Report, p: usize| r.summary.priorities[p].counted.mean.unwrap_or(0.0);
    assert_eq!(counted(&r, 3), 0.0);
    // Later draws differ once the runs part, so the counts agree only within noise.
    let (merged, before) = (counted(&r, 2), counted(&plain, 2) + counted(&plain, 3));
    assert!((merged / before - 1.0).abs() < 0.02, "{merged} vs {before}");
}

#[test]
fn raising_the_priority_of_long_waiting_issues_shortens_their_wait() {
    let base = short(preset("b1-stress"));
    let mut doc = base.clone();
    doc["rules"] = r#"rule "P4 waited 5 minutes" when priority is "P4" and waiting > 5m then raise priority"#.into();
    let (plain, r) = (run(&base), run(&doc));
    let fired = r.triggers.iter().find(|t| t.trigger == "P4 waited 5 minutes").unwrap().fired;
    assert!(fired > 0.0);
    let p99 = |r: &Report| r.summary.priorities[3].ttr.p99.mean.unwrap();
    assert!(p99(&r) < p99(&plain), "{} vs {}", p99(&r), p99(&plain));
    // Every counted issue is still resolved once, in the group it arrived in.
    for p in 0..4 {
        assert_eq!(r.summary.priorities[p].counted.mean, r.summary.priorities[p].resolved.mean, "P{}", p + 1);
    }
}

#[test]
fn waits_merge_into_one_timer_only_under_the_same_condition() {
    let merged = lowered(
        r#"rule "w" when priority is "P1" and waiting > 5m or priority is "P2" and waiting > 10m then escalate"#,
    );
    assert_eq!(merged.len(), 1);
    let split = lowered(
        r#"rule "w" when priority is "P1" and escalations < 1 and waiting > 5m or priority is "P2" and waiting > 10m then escalate"#,
    );
    assert_eq!(split.len(), 2, "{split:#?}");
    assert_eq!(split[0]["only_if"], json!("escalations < 1"));
    assert_eq!(split[1].get("only_if"), None);
    let at_level = lowered(r#"rule "t" when priority in ["P1", "P2"] and time at level > 2h then notify "L4""#);
    assert_eq!(at_level[0]["when"], json!({"time_at_level_over": {"P1": "2h", "P2": "2h"}}));
}

/// The headline example: legal risk, by category or by tag, goes straight to the top.
#[test]
fn tags_drawn_with_their_chance_route_issues() {
    let mut doc = short(preset("b1"));
    doc["workload"]["tags"] = json!({ "lawsuit": 0.1 });
    doc["rules"] = r#"
rule "legal risk goes to L4"
  when tags contain "lawsuit"
  then route to "L4"
"#
    .into();
    let r = run(&doc);
    let routed = r.triggers.iter().find(|t| t.trigger == "legal risk goes to L4").unwrap().fired;
    let counted = r.summary.counted_issues.mean.unwrap();
    // About a tenth of the issues carry the tag: within 5 standard errors of a binomial share.
    let share = routed / counted;
    let se = (0.1 * 0.9 / counted).sqrt();
    assert!((share - 0.1).abs() < 5.0 * se, "share {share}");
}

/// A notification that costs time keeps a staff member of the notified level busy that long.
#[test]
fn a_costly_notification_adds_its_work_to_the_notified_level() {
    // One M/M/10 level without timers: every issue is served there whatever the load, so the
    // level's busy staff grow by exactly the notifications' work, in expectation.
    let base = short(preset("b1-mmc"));
    let mut doc = base.clone();
    doc["rules"] = r#"rule "brief L1" when age > 5m then notify "L1" costing 1m"#.into();
    let (plain, r) = (run(&base), run(&doc));
    let fired = r.triggers.iter().find(|t| t.trigger == "brief L1").unwrap().fired;
    assert!(fired > 100.0, "{fired}");
    let busy = |r: &Report| r.summary.levels[0].mean_busy.mean.unwrap();
    // Fires per replication x a minute of work, over the measured window (horizon less warm-up).
    let window_h = r.horizon_hours - r.warmup_hours;
    let expected = fired / 60.0 / window_h;
    let added = busy(&r) - busy(&plain);
    assert!((added / expected - 1.0).abs() < 0.1, "added {added} busy staff, expected {expected}");
}

#[test]
fn a_trigger_calendar_is_checked_at_its_place() {
    let mut doc = preset("b1");
    doc["calendars"] = json!([{"name": "office", "hours": [{"days": ["weekdays"], "from": "09:00", "to": "17:00"}]}]);
    doc["triggers"][0]["calendar"] = "ofice".into();
    assert_eq!(problems(&doc), ["triggers[0].calendar:0:0: unknown calendar \"ofice\"; did you mean \"office\"?"]);
    doc["triggers"][0]["calendar"] = "office".into();
    assert_eq!(problems(&doc), Vec::<String>::new());
    doc["triggers"] = json!([{"name": "late", "when": {"sla_elapsed": {"target": "resolution", "fraction": 0.8}},
        "then": {"notify": "L4"}, "calendar": "office"}]);
    assert_eq!(
        problems(&doc),
        ["triggers[0].calendar:0:0: only waiting and time-at-level times are counted on a calendar; remove calendar"]
    );
}
