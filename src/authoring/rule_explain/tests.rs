//! Rules explained against the B1 scenario (levels L1-L4, priorities P1-P4, one category).

use serde_json::json;

use super::*;
use crate::engine::rules::parse_all;

fn b1() -> Value {
    serde_json::from_str(include_str!("../../../static/scenarios/b1.json")).unwrap()
}

/// The explanation of the rule holding the first place `word` is written in `text`.
fn explained(text: &str, word: &str) -> Explained {
    let doc = b1();
    let names = RuleNames::of(&doc);
    let (file, _) = parse_all(text);
    explain(text, &file, &names, text.find(word).unwrap()).unwrap()
}

#[test]
fn a_rule_is_told_by_the_triggers_it_compiles_to() {
    let cases: &[(&str, &[&str])] = &[
        (
            "rule \"tell\" when priority is \"P1\" and waiting > 10m then notify \"L4\"",
            &["When it has waited in a level's queue over 10m: notify “L4” (issues of priority “P1”)."],
        ),
        (
            "rule \"w\" when level is \"L1\" and (priority is \"P1\" and waiting > 5m or priority is \"P2\" and waiting > 20m) then escalate",
            &[
                "When it has waited in a level's queue over 5m for P1, 20m for P2: escalate to the next level of its category's path (issues of at level “L1”).",
            ],
        ),
        (
            "rule \"old\" when age > 1d and priority in [\"P3\", \"P4\"] then escalate to \"L3\"; raise priority",
            &[
                "When it has been open over 1d: move it to “L3” (issues of priorities “P3”, “P4”).",
                "When it has been open over 1d: raise its priority one step (issues of priorities “P3”, “P4”).",
            ],
        ),
        (
            "rule \"sla\" when sla.resolution.elapsed >= 80% and escalations > 1 then notify \"L2\" costing 10m",
            &[
                "When 80% of its resolution target has elapsed: notify “L2”, costing 10m of its staff's time (every issue, if also escalations > 1).",
            ],
        ),
        (
            "rule \"in\" when arrives and priority at least \"P2\" then route to \"L3\"",
            &["When it arrives: move it to “L3” (issues of priorities “P1”, “P2”)."],
        ),
        (
            "rule \"any\" when priority is \"P4\" then set priority \"P3\"",
            &[
                "When it arrives, and each time it moves to another level: set its priority to “P3” (issues of priority “P4”).",
            ],
        ),
        (
            "rule \"end\" when service ends unresolved and level is \"L2\" then close as resolved",
            &["When a service ends without resolving it: close it as resolved (issues of at level “L2”)."],
        ),
        (
            "rule \"bad\" when waiting > 5m then escalate to \"L9\"",
            &["It does not compile yet: unknown level \"L9\" (did you mean \"L1\"?)."],
        ),
    ];
    for (text, want) in cases {
        let e = explained(text, "when");
        assert_eq!(e.lines, *want, "{text}");
        assert!(e.shadows.is_empty());
        assert_eq!(&text[e.span.0..e.span.0 + 4], "rule");
    }
}

#[test]
fn the_place_finds_its_rule_and_nothing_outside_the_rules() {
    let text = "# a comment\nrule \"a\" when waiting > 5m then escalate\n\nrule \"b\" when age > 1h then escalate\n";
    let doc = b1();
    let names = RuleNames::of(&doc);
    let (file, _) = parse_all(text);
    assert_eq!(explain(text, &file, &names, 2), None);
    assert_eq!(explain(text, &file, &names, text.find("\"a\"").unwrap()).unwrap().name, "a");
    // Up to the end of its last action, caret right after it included.
    let end = text.find("escalate\n").unwrap() + "escalate".len();
    assert_eq!(explain(text, &file, &names, end).unwrap().name, "a");
    assert_eq!(explain(text, &file, &names, end + 1), None);
    assert_eq!(explain(text, &file, &names, text.len() - 3).unwrap().name, "b");
}

#[test]
fn a_first_match_rule_names_the_earlier_rules_that_take_its_issues() {
    let text = "ruleset \"waits\" first match\n\
        rule \"all P1\" when priority is \"P1\" and waiting > 10m then notify \"L4\"\n\
        rule \"P1 at L1\" when priority is \"P1\" and level is \"L1\" and waiting > 10m then escalate\n\
        rule \"P1 and P2\" when priority in [\"P1\", \"P2\"] and waiting > 10m then escalate\n\
        rule \"other moment\" when priority is \"P1\" and age > 1h then escalate\n";
    let hidden = explained(text, "rule \"P1 at L1\"");
    assert_eq!(hidden.shadows.len(), 1);
    assert!(
        hidden.shadows[0].contains("“all P1”") && hidden.shadows[0].contains("covers all of it"),
        "{:?}",
        hidden.shadows
    );
    assert!(hidden.lines.is_empty());
    let part = explained(text, "rule \"P1 and P2\"");
    // Each earlier rule that takes some of its issues is named, in order.
    assert_eq!(part.shadows.len(), 2, "{:?}", part.shadows);
    assert!(part.shadows[0].contains("“all P1”") && part.shadows[0].contains("covers part of it"));
    assert!(part.shadows[1].contains("“P1 at L1”") && part.shadows[1].contains("covers part of it"));
    assert_eq!(
        part.lines,
        [
            "When it has waited in a level's queue over 10m: escalate to the next level of its category's path (issues of priority “P2”)."
        ]
    );
    assert!(explained(text, "rule \"other").shadows.is_empty(), "another moment is not shadowed");
    // In an all-match set every rule acts.
    let all = text.replace("first match", "all match");
    assert!(explained(&all, "rule \"P1 at L1\"").shadows.is_empty());
}

#[test]
fn a_name_is_told_by_what_it_names() {
    let mut doc = b1();
    doc["calendars"] = json!([{"name": "office", "utc_offset": "+01:00", "hours": [{"days": ["weekdays"], "from": "09:00", "to": "17:00"}], "holidays": ["2026-12-25"]}]);
    doc["workload"]["tags"] = json!({"vip": 0.05});
    let names = RuleNames::of(&doc);
    let of = |kind, name: &str| explain_name(&doc, kind, name, &names);
    assert_eq!(of(NameKind::Level, "L2"), ["Level “L2”: team lead.", "Staff: 9.", "On the path of “general”."]);
    assert_eq!(
        of(NameKind::Priority, "P1"),
        ["Priority “P1” (Critical).", "SLA “B1 targets”: first response 15m, resolution 1h, on “24x7” hours."]
    );
    assert_eq!(of(NameKind::Category, "general"), ["Category “general”: its path is “L1” → “L2” → “L3” → “L4”."]);
    assert_eq!(
        of(NameKind::Calendar, "office"),
        ["Calendar “office”: open weekdays 09:00–17:00.", "UTC offset +01:00.", "1 holidays."]
    );
    assert_eq!(of(NameKind::Tag, "vip"), ["Tag “vip”: drawn with chance 0.05 for each issue."]);
    assert_eq!(of(NameKind::Level, "L9"), ["No level is named “L9”."]);
}
