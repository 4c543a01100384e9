//! Renaming a level, category or priority takes its references along, through any sequence of
//! renames: a rename to a name that is taken leaves them where they are (never merged with the
//! other item's), and the next rename moves exactly them.

use super::support::{errors, preset};
use escalation_lab::engine::rename::{NameKind, Renames, places};
use serde_json::{Value, json};

fn keys(map: &Value) -> Vec<&str> {
    map.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn a_priority_renamed_to_a_taken_name_and_then_to_a_free_one_takes_its_references_along() {
    let b1 = preset("b1");
    let mut renames = Renames::default();
    let taken = renames.rename(&b1, NameKind::Priority, "/priorities/0", "P2");
    // The references stay P1's (a mix cannot hold P2 twice); the duplicate name is the error.
    assert_eq!(keys(&taken["workload"]["priority_mix"]), ["P1", "P2", "P3", "P4"]);
    assert!(errors(&taken).iter().any(|e| e.contains("P2")), "{:?}", errors(&taken));
    assert!(!renames.is_empty());

    let sev1 = renames.rename(&taken, NameKind::Priority, "/priorities/0", "Sev1");
    assert_eq!(errors(&sev1), Vec::<String>::new());
    assert!(renames.is_empty());
    // The mix, the SLA targets and the trigger's times name Sev1 where they named P1, and the
    // real P2's entries are untouched.
    let mix = &sev1["workload"]["priority_mix"];
    assert_eq!(keys(mix), ["Sev1", "P2", "P3", "P4"]);
    assert_eq!((mix["Sev1"].clone(), mix["P2"].clone()), (json!(0.05), json!(0.15)));
    let targets = &sev1["sla"][0]["targets"];
    assert_eq!(keys(targets), ["Sev1", "P2", "P3", "P4"]);
    assert_eq!(targets["Sev1"], b1["sla"][0]["targets"]["P1"]);
    assert_eq!(targets["P2"], b1["sla"][0]["targets"]["P2"]);
    let waits = &sev1["triggers"][0]["when"]["queue_wait_over"];
    assert_eq!((waits["Sev1"].as_str(), waits["P2"].as_str()), (Some("10m"), Some("30m")));
    assert_eq!(sev1["categories"][0]["entry"], json!({ "Sev1": "L2" }));
    // Everything else is as it was.
    assert_eq!(Renames::default().rename(&sev1, NameKind::Priority, "/priorities/0", "P1"), b1);
}

#[test]
fn a_level_renamed_to_a_taken_name_and_then_to_a_free_one_fixes_every_path() {
    let doc = preset("billing-dispute");
    let mut renames = Renames::default();
    let taken = renames.rename(&doc, NameKind::Level, "/levels/1", "agent");
    let tier2 = renames.rename(&taken, NameKind::Level, "/levels/1", "Tier 2");
    assert_eq!(errors(&tier2), Vec::<String>::new());
    for (k, cat) in doc["categories"].as_array().unwrap().iter().enumerate() {
        let expected: Vec<String> = cat["path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| if l == "team_lead" { "Tier 2".to_string() } else { l.as_str().unwrap().to_string() })
            .collect();
        assert_eq!(tier2["categories"][k]["path"], json!(expected), "category {k}");
    }
    assert_eq!(tier2["categories"][0]["entry"], json!({ "P1": "Tier 2" }));
    // The real agent keeps its trigger scope; the team lead's scope and notification follow it.
    assert_eq!(tier2["triggers"][0]["levels"], json!(["agent"]));
    assert_eq!(tier2["triggers"][1]["levels"], json!(["Tier 2"]));
    assert_eq!(tier2["triggers"][2]["then"], json!({ "notify": "Tier 2" }));
}

#[test]
fn the_item_that_kept_the_shared_name_can_be_renamed_too() {
    let b1 = preset("b1");
    let mut renames = Renames::default();
    let taken = renames.rename(&b1, NameKind::Priority, "/priorities/0", "P2");
    // Now two priorities are called P2; the second one's references are the ones naming P2.
    let p3 = renames.rename(&taken, NameKind::Priority, "/priorities/1", "Urgent");
    assert_eq!(keys(&p3["workload"]["priority_mix"]), ["P1", "Urgent", "P3", "P4"]);
    let done = renames.rename(&p3, NameKind::Priority, "/priorities/0", "Critical");
    assert_eq!(keys(&done["workload"]["priority_mix"]), ["Critical", "Urgent", "P3", "P4"]);
    assert_eq!(keys(&done["sla"][0]["targets"]), ["Critical", "Urgent", "P3", "P4"]);
    assert_eq!(errors(&done), Vec::<String>::new());
}

#[test]
fn through_several_taken_names_and_an_empty_one() {
    let b1 = preset("b1");
    let mut renames = Renames::default();
    let mut doc = b1.clone();
    for name in ["P2", "P3", "", "P4", "Sev1"] {
        doc = renames.rename(&doc, NameKind::Priority, "/priorities/0", name);
    }
    assert_eq!(errors(&doc), Vec::<String>::new());
    assert_eq!(keys(&doc["workload"]["priority_mix"]), ["Sev1", "P2", "P3", "P4"]);
}

#[test]
fn a_shared_name_with_nothing_remembered_moves_nothing() {
    // Two levels loaded with one name: whose the references are cannot be known.
    let mut doc = preset("billing-dispute");
    doc["levels"][1]["name"] = json!("agent");
    let before = places(&doc, NameKind::Level, "agent");
    let renamed = Renames::default().rename(&doc, NameKind::Level, "/levels/1", "Tier 2");
    assert_eq!(places(&renamed, NameKind::Level, "agent"), before);
    assert_eq!(renamed["levels"][1]["name"], "Tier 2");
}

#[test]
fn what_another_edit_changed_is_not_used() {
    let b1 = preset("b1");
    let mut renames = Renames::default();
    let mut taken = renames.rename(&b1, NameKind::Priority, "/priorities/0", "P2");
    // The two P2s are swapped: the remembered item is found where it went.
    taken["priorities"].as_array_mut().unwrap().swap(0, 1);
    let moved = renames.rename(&taken, NameKind::Priority, "/priorities/1", "Sev1");
    assert_eq!(keys(&moved["workload"]["priority_mix"]), ["Sev1", "P2", "P3", "P4"]);

    // An item made identical to another cannot be told apart: nothing moves.
    let mut renames = Renames::default();
    let mut taken = renames.rename(&b1, NameKind::Priority, "/priorities/0", "P2");
    taken["priorities"][0] = taken["priorities"][1].clone();
    let moved = renames.rename(&taken, NameKind::Priority, "/priorities/0", "Sev1");
    assert_eq!(keys(&moved["workload"]["priority_mix"]), ["P1", "P2", "P3", "P4"]);
}

#[test]
fn a_priority_set_by_a_trigger_or_timed_at_a_level_follows_it_and_a_level_of_the_same_name_does_not() {
    let mut doc = preset("b1");
    doc["levels"][0]["name"] = json!("P1");
    doc["categories"][0]["path"][0] = json!("P1");
    doc["triggers"] = json!([
        { "name": "raise", "when": { "time_at_level_over": { "P1": "1h" } }, "then": { "set_priority": "P1" } },
        { "name": "back", "when": { "not_resolved": {} }, "then": { "escalate_to": "P1" } }
    ]);
    let renamed = Renames::default().rename(&doc, NameKind::Priority, "/priorities/0", "Sev1");
    assert_eq!(
        renamed["triggers"][0],
        json!({ "name": "raise", "when": { "time_at_level_over": { "Sev1": "1h" } }, "then": { "set_priority": "Sev1" } })
    );
    assert_eq!(renamed["triggers"][1]["then"], json!({ "escalate_to": "P1" }));
    assert_eq!(renamed["categories"][0]["path"][0], "P1");
}

#[test]
fn a_priority_renamed_in_a_triage_drawn_as_pairs_leaves_the_pairs_alone() {
    let mut doc = preset("it-outage");
    let triage = doc["triage"].as_object_mut().unwrap();
    triage.remove("impact");
    triage.remove("urgency");
    let pairs = json!({"organisation": {"high": 0.03}, "department": {"high": 0.07, "medium": 0.1},
        "single_user": {"medium": 0.35, "low": 0.45}});
    triage.insert("pairs".to_string(), pairs.clone());
    let renamed = Renames::default().rename(&doc, NameKind::Priority, "/priorities/0", "Sev1");
    assert_eq!(errors(&renamed), Vec::<String>::new());
    assert_eq!(renamed["triage"]["matrix"]["department"]["high"], "Sev1");
    assert_eq!(renamed["triage"]["pairs"], pairs);
}

#[test]
fn the_scripts_levels_category_and_priority_follow_a_rename() {
    let mut doc = preset("billing-dispute");
    doc["script"] = json!([
        { "at": "2h", "close": { "level": "agent", "for": "1h" } },
        { "at": "Tue 10:30", "issue": { "category": "billing_dispute", "priority": "P1" } },
        { "at": "Thu 12:00", "staff": { "level": "team_lead", "change": -1, "for": "4h" } }
    ]);
    let mut renames = Renames::default();
    let doc = renames.rename(&doc, NameKind::Level, "/levels/0", "Agents");
    let doc = renames.rename(&doc, NameKind::Level, "/levels/1", "Leads");
    let doc = renames.rename(&doc, NameKind::Category, "/categories/0", "Billing");
    let doc = renames.rename(&doc, NameKind::Priority, "/priorities/0", "Sev1");
    assert_eq!(
        doc["script"],
        json!([
            { "at": "2h", "close": { "level": "Agents", "for": "1h" } },
            { "at": "Tue 10:30", "issue": { "category": "Billing", "priority": "Sev1" } },
            { "at": "Thu 12:00", "staff": { "level": "Leads", "change": -1, "for": "4h" } }
        ])
    );
    assert_eq!(errors(&doc), Vec::<String>::new());
}

#[test]
fn a_script_issues_attribute_and_its_value_follow_a_rename() {
    let mut doc = preset("billing-dispute");
    doc["script"] = json!([
        { "at": "1h", "issue": { "category": "billing_dispute", "priority": "P1", "attributes": { "account": "business" } } }
    ]);
    let mut doc = Renames::default().rename(&doc, NameKind::Attribute, "/attributes/0", "segment");
    assert_eq!(doc["script"][0]["issue"]["attributes"], json!({ "segment": "business" }));
    escalation_lab::engine::rename::attribute_value_refs(&mut doc, "segment", "business", "corporate");
    assert_eq!(doc["script"][0]["issue"]["attributes"], json!({ "segment": "corporate" }));
}
