//! Removing a level, category or priority the scenario refers to: every reference is found and
//! named in words, and removing the item with its references leaves a scenario without errors.

use super::support::{errors, preset};
use escalation_lab::engine::references::{Kind, find, remove};
use serde_json::{Value, json};

fn places(doc: &Value, kind: Kind, index: usize) -> Vec<String> {
    find(doc, kind, index).into_iter().map(|r| r.place).collect()
}

#[test]
fn a_priority_is_referenced_by_mixes_targets_timers_and_rules() {
    let b1 = preset("b1");
    assert_eq!(
        places(&b1, Kind::Priority, 1),
        [
            "workload: the priority mix",
            "SLA policy \u{201c}B1 targets\u{201d}: the targets for P2",
            "trigger \u{201c}queue wait timer\u{201d}: the time for P2",
        ]
    );
    let without = remove(&b1, Kind::Priority, 1);
    assert_eq!(errors(&without), Vec::<String>::new());
    let names: Vec<&str> =
        without["priorities"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["P1", "P3", "P4"]);
    // The mix keeps its proportions and sums to 1 again.
    let mix = without["workload"]["priority_mix"].as_object().unwrap();
    let sum: f64 = mix.values().map(|v| v.as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-9 && !mix.contains_key("P2"), "{mix:?}");
    assert!(
        (mix["P1"].as_f64().unwrap() / mix["P3"].as_f64().unwrap()
            - b1["workload"]["priority_mix"]["P1"].as_f64().unwrap()
                / b1["workload"]["priority_mix"]["P3"].as_f64().unwrap())
        .abs()
            < 1e-12
    );
    // Removing only the priority, as before, leaves the dangling references as errors.
    let mut bare = b1.clone();
    bare["priorities"].as_array_mut().unwrap().remove(1);
    assert!(!errors(&bare).is_empty());
}

#[test]
fn a_rule_that_names_the_priority_goes_with_it_and_the_other_rules_stay() {
    let mut doc = preset("b1-rules");
    let text = doc["rules"].as_str().unwrap().to_string();
    doc["rules"] = Value::String(format!(
        "{text}\nrule \"P2 at risk\"\n  when priority is \"P2\" and age > 3h\n  then notify \"L4\"\n\nrule \"old issues\"\n  when age > 1d\n  then notify \"L4\"\n"
    ));
    let found = places(&doc, Kind::Priority, 1);
    assert!(found.contains(&"rule \u{201c}queue wait timer\u{201d}".to_string()), "{found:?}");
    assert!(found.contains(&"rule \u{201c}P2 at risk\u{201d}".to_string()), "{found:?}");
    let without = remove(&doc, Kind::Priority, 1);
    assert_eq!(errors(&without), Vec::<String>::new(), "{}", without["rules"]);
    let rules = without["rules"].as_str().unwrap();
    assert!(!rules.contains("P2") && rules.contains("rule \"old issues\""), "{rules}");
    assert!(rules.contains("# Unanswered issues"), "comments stay: {rules}");
}

#[test]
fn a_level_leaves_the_paths_and_the_triggers_that_act_on_it() {
    let mut doc = preset("b1");
    doc["triggers"].as_array_mut().unwrap().push(serde_json::json!({
        "name": "tell L4", "when": {"open_longer_than": {"after": "4h"}}, "then": {"notify": "L4"}
    }));
    assert_eq!(
        places(&doc, Kind::Level, 3),
        [
            "category \u{201c}general\u{201d}: its path",
            "trigger \u{201c}tell L4\u{201d} (it acts on \u{201c}L4\u{201d})"
        ]
    );
    let without = remove(&doc, Kind::Level, 3);
    assert_eq!(errors(&without), Vec::<String>::new());
    assert_eq!(without["categories"][0]["path"], serde_json::json!(["L1", "L2", "L3"]));
    assert_eq!(without["triggers"].as_array().unwrap().len(), 1);
}

#[test]
fn a_category_takes_its_overrides_bursts_and_trigger_scopes_with_it() {
    let doc = preset("it-outage");
    assert_eq!(
        places(&doc, Kind::Category, 0),
        [
            "level \u{201c}service_desk\u{201d}: an override for \u{201c}access_and_accounts\u{201d}",
            "level \u{201c}it_engineers\u{201d}: an override for \u{201c}access_and_accounts\u{201d}",
        ]
    );
    assert_eq!(
        places(&doc, Kind::Category, 4),
        [
            "level \u{201c}service_desk\u{201d}: an override for \u{201c}outage_report\u{201d}",
            "burst \u{201c}core switch failure\u{201d}",
            "trigger \u{201c}open 48 h: senior technician\u{201d}: its categories",
        ]
    );
    let without = remove(&doc, Kind::Category, 4);
    assert_eq!(errors(&without), Vec::<String>::new());
    assert!(without["workload"].get("bursts").is_none());
    // A name two items share is not offered: its references are the other's too.
    let mut twice = doc.clone();
    twice["categories"][1]["name"] = "access_and_accounts".into();
    assert!(find(&twice, Kind::Category, 0).is_empty());
}

#[test]
fn a_triage_cell_naming_the_priority_takes_the_next_one() {
    let doc = preset("it-outage");
    let found = places(&doc, Kind::Priority, 0);
    assert!(found.contains(&"triage: impact department, urgency high (becomes P2)".to_string()), "{found:?}");
    let without = remove(&doc, Kind::Priority, 0);
    assert_eq!(errors(&without), Vec::<String>::new());
    assert_eq!(without["triage"]["matrix"]["organisation"]["high"], "P2");
}

#[test]
fn a_triage_drawn_as_pairs_keeps_its_pairs_when_a_priority_goes() {
    // The pairs name impacts and urgencies, not priorities: only the matrix changes.
    let mut doc = preset("it-outage");
    let triage = doc["triage"].as_object_mut().unwrap();
    triage.remove("impact");
    triage.remove("urgency");
    let pairs = serde_json::json!({"organisation": {"high": 0.03}, "department": {"high": 0.07, "medium": 0.1},
        "single_user": {"medium": 0.35, "low": 0.45}});
    triage.insert("pairs".to_string(), pairs.clone());
    assert_eq!(errors(&doc), Vec::<String>::new());
    let found = places(&doc, Kind::Priority, 0);
    assert!(found.contains(&"triage: impact department, urgency high (becomes P2)".to_string()), "{found:?}");
    let without = remove(&doc, Kind::Priority, 0);
    assert_eq!(errors(&without), Vec::<String>::new());
    assert_eq!(without["triage"]["matrix"]["organisation"]["high"], "P2");
    assert_eq!(without["triage"]["pairs"], pairs);
}

#[test]
fn a_level_category_or_priority_takes_the_script_events_naming_it_with_it() {
    let mut doc = preset("billing-dispute");
    doc["script"] = json!([
        { "at": "2h", "close": { "level": "agent", "for": "1h" } },
        { "at": "Tue 10:30", "issue": { "category": "billing_dispute", "priority": "P2" } },
        { "at": "Thu 12:00", "staff": { "level": "agent", "change": -1, "for": "4h" } }
    ]);
    let agent = places(&doc, Kind::Level, 0);
    assert!(agent.contains(&"the script's event at 2h".to_string()), "{agent:?}");
    assert!(agent.contains(&"the script's event at Thu 12:00".to_string()), "{agent:?}");
    assert!(!agent.iter().any(|p| p.contains("Tue 10:30")), "{agent:?}");
    // Removing the priority takes the issue away and leaves the closure and staff change.
    let without = remove(&doc, Kind::Priority, 1);
    assert_eq!(errors(&without), Vec::<String>::new());
    assert_eq!(without["script"].as_array().map(Vec::len), Some(2));
    assert_eq!(without["script"][1]["at"], "Thu 12:00");
    // Removing the category as well empties the script, which then goes.
    let mut issue_only = doc.clone();
    issue_only["script"] = json!([doc["script"][1].clone()]);
    let without = remove(&issue_only, Kind::Category, 0);
    assert!(without.get("script").is_none());
    // (The other categories' shares are left for the user to settle.)
    assert!(!errors(&without).iter().any(|e| e.contains("script")), "{:?}", errors(&without));
}
