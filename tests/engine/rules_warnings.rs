//! Warnings on rules that compile but cannot do what they say: a condition (or a part of one) no
//! issue meets, a level no issue of the rule's categories is ever at, a time that fires only
//! after every SLA target has passed, a rule of a first-match set that earlier rules leave
//! nothing. Each case gives the rules, and every warning expected: where (line:column, and the
//! text the warned span starts with) and a piece of the message. No warning may come from the
//! presets' rules or from ordinary rules, and warnings never change a run.

use escalation_lab::engine::rules::lower::{Vocabulary, lower};
use escalation_lab::engine::rules::{self, RuleError};
use escalation_lab::engine::{self, Severity};
use serde_json::{Value, json};

use crate::support::{base, preset, run, set};

/// Three levels; "billing" never goes past the supervisor, "legal" reaches the lawyers, and
/// "refund" issues enter at the supervisor. A business calendar, an attribute and a tag.
fn scenario() -> Value {
    let mut doc = base();
    let level = |name: &str| json!({"name": name, "role": "frontline", "staff": 2, "service": {"dist": "exponential", "mean": "4m"}, "resolve_probability": 0.5});
    set(&mut doc, "/levels", json!([level("Agent"), level("Supervisor"), level("Legal")]));
    set(
        &mut doc,
        "/categories",
        json!([
            {"name": "billing", "share": 0.5, "path": ["Agent", "Supervisor"]},
            {"name": "legal", "share": 0.3, "path": ["Agent", "Supervisor", "Legal"]},
            {"name": "refund", "share": 0.2, "path": ["Agent", "Supervisor"],
             "entry": {"P1": "Supervisor", "P2": "Supervisor", "P3": "Supervisor", "P4": "Supervisor"}}
        ]),
    );
    set(
        &mut doc,
        "/calendars",
        json!([{"name": "office", "hours": [{"days": ["weekdays"], "from": "09:00", "to": "17:00"}]}]),
    );
    set(&mut doc, "/attributes", json!([{"name": "tier", "values": {"gold": 0.2, "basic": 0.8}}]));
    set(&mut doc, "/workload/tags", json!({"lawsuit": 0.01}));
    doc
}

/// The warnings validation gives a rule text in the scenario: "line:column" and the message.
fn warnings_of(doc: &Value) -> Vec<(String, String)> {
    let checked = engine::load(&doc.to_string());
    let errors: Vec<String> = checked.errors().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    checked
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning && p.path == "rules")
        .map(|p| (format!("{}:{}", p.line.unwrap_or(0), p.column.unwrap_or(0)), p.message.clone()))
        .collect()
}

fn warnings(rules: &str) -> Vec<(String, String)> {
    let mut doc = scenario();
    set(&mut doc, "/rules", json!(rules));
    warnings_of(&doc)
}

/// The warnings of `lower` itself, with their spans, against the scenario's names.
fn lowered(text: &str) -> Vec<RuleError> {
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<String>>();
    let (levels, categories) = (strings(&["Agent", "Supervisor", "Legal"]), strings(&["billing", "legal", "refund"]));
    let (priorities, calendars) = (strings(&["P1", "P2", "P3", "P4"]), strings(&["office"]));
    let (attributes, tags) = (strings(&["tier"]), strings(&["lawsuit"]));
    let names = Vocabulary {
        levels: &levels,
        categories: &categories,
        priorities: &priorities,
        calendars: &calendars,
        attributes: &attributes,
        tags: &tags,
    };
    let file = rules::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    lower(text, &file, &names).unwrap_or_else(|e| panic!("{text}: {e:?}")).warnings
}

/// A rule text and every warning it must get: "line:column", the text the warned span starts
/// with (for the warnings `lower` gives itself; empty for those only the whole scenario can
/// tell), and a piece of the message.
struct Case {
    rules: &'static str,
    warned: &'static [(&'static str, &'static str, &'static str)],
}

const CASES: &[Case] = &[
    // A condition that contradicts itself.
    Case {
        rules: "rule \"a\" when priority is \"P1\" and priority is \"P2\" and waiting > 1h then escalate",
        warned: &[(
            "1:15",
            "priority is \"P1\" and priority is \"P2\" and waiting > 1h",
            "the rule \"a\" never acts: priority is \"P1\" and priority is \"P2\" cannot both hold (an issue has one priority at a time",
        )],
    },
    Case {
        rules: "rule \"a\"\n  when waiting > 2h and waiting < 1h\n  then escalate",
        warned: &[(
            "2:8",
            "waiting > 2h and waiting < 1h",
            "never acts: waiting > 2h and waiting < 1h cannot both hold (the rule is checked at the moment waiting > 2h starts to hold",
        )],
    },
    Case {
        rules: "rule \"a\" when tier is \"gold\" and not tier is \"gold\" and waiting > 1h then escalate",
        warned: &[("1:15", "tier is \"gold\"", "tier is \"gold\" and not tier is \"gold\" cannot both hold")],
    },
    Case {
        rules: "rule \"a\" when tier is \"gold\" and tier is \"basic\" and age > 1h then escalate",
        warned: &[("1:15", "tier is \"gold\"", "tier is \"gold\" and tier is \"basic\" cannot both hold")],
    },
    Case {
        rules: "rule \"a\" when category is \"billing\" and not category is \"billing\" and waiting > 1h then escalate",
        warned: &[(
            "1:15",
            "category is \"billing\"",
            "category is \"billing\" and not category is \"billing\" cannot both hold",
        )],
    },
    Case {
        rules: "rule \"a\" when not level in [\"Agent\", \"Supervisor\", \"Legal\"] and waiting > 1h then escalate",
        warned: &[("1:15", "not level in", "never holds (it leaves out every level)")],
    },
    Case {
        rules: "rule \"a\" when escalations >= 2 and escalations < 1 and age > 1h then notify \"Legal\"",
        warned: &[("1:15", "escalations >= 2", "escalations >= 2 and escalations < 1 cannot both hold")],
    },
    Case {
        rules: "rule \"a\" when reopens < 0 and age > 1h then notify \"Legal\"",
        warned: &[("1:15", "reopens < 0", "reopens < 0 never holds (a count is never below 0)")],
    },
    Case {
        rules: "rule \"a\" when sla.resolution.elapsed >= 80% and sla.resolution.elapsed < 50% then notify \"Legal\"",
        warned: &[("1:15", "sla.resolution.elapsed >= 80%", "cannot both hold")],
    },
    Case {
        rules: "rule \"a\" when age > 1h and time at level < 1h and not time at level <= 2h then notify \"Legal\"",
        warned: &[("1:15", "age > 1h", "time at level < 1h and not time at level <= 2h cannot both hold")],
    },
    Case {
        rules: "rule \"a\" when tags contain \"lawsuit\" and not tags contain \"lawsuit\" and waiting > 1h then escalate",
        warned: &[("1:15", "tags contain", "cannot both hold")],
    },
    // Only one part of an `or` is impossible: that part is warned, the rule still acts.
    Case {
        rules: "rule \"a\"\n  when (priority is \"P1\" and priority is \"P2\" or priority is \"P3\")\n   and waiting > 1h\n  then escalate",
        warned: &[(
            "2:9",
            "priority is \"P1\" and priority is \"P2\"",
            "this part of the condition never holds: priority is \"P1\" and priority is \"P2\" cannot both hold",
        )],
    },
    Case {
        rules: "rule \"a\" when waiting > 1h and (tier is \"gold\" or not waiting < 2h) then escalate",
        warned: &[(
            "1:51",
            "not waiting < 2h",
            "this part of the condition never holds: waiting > 1h and not waiting < 2h",
        )],
    },
    // A level no issue of the rule's categories is ever at.
    Case {
        rules: "rule \"a\" when category is \"billing\" and level is \"Legal\" and waiting > 1h then escalate",
        warned: &[(
            "1:41",
            "",
            "rule \"a\": no issue of category \"billing\" is ever at level \"Legal\", so this never holds (issues of \"billing\" are only ever at \"Agent\" and \"Supervisor\"",
        )],
    },
    Case {
        rules: "rule \"a\"\n  when category in [\"refund\", \"billing\"] and level is \"Legal\" and waiting > 1h\n  then escalate",
        warned: &[("2:46", "", "no issue of category \"billing\" or \"refund\" is ever at level \"Legal\"")],
    },
    // Refund issues enter at the supervisor, and nothing sends them back.
    Case {
        rules: "rule \"a\" when category is \"refund\" and level is \"Agent\" and waiting > 1h then escalate",
        warned: &[("1:40", "", "(issues of \"refund\" are only ever at \"Supervisor\"")],
    },
    // A timer longer than every SLA target it serves.
    Case {
        rules: "rule \"a\" when priority is \"P1\" and waiting > 10h then escalate",
        warned: &[(
            "1:36",
            "",
            "rule \"a\": waiting > 10h fires only after every SLA target of \"P1\" (1h resolution) has passed",
        )],
    },
    Case {
        rules: "rule \"a\" when age > 4d then notify \"Legal\"",
        warned: &[(
            "1:15",
            "",
            "age > 4d fires only after every SLA target of \"P1\" (1h resolution), \"P2\" (4h resolution), \"P3\" (1d resolution) and \"P4\" (3d resolution) has passed",
        )],
    },
    // Business hours are never fewer than the clock hours they take: 2bh is past a 1h target.
    Case {
        rules: "rule \"a\" when priority in [\"P1\", \"P2\"] and time at level > 5bh then escalate",
        warned: &[("1:44", "", "\"P1\" (1h resolution) and \"P2\" (4h resolution)")],
    },
    // A rule of a first-match set that earlier rules leave nothing.
    Case {
        rules: "ruleset \"waits\" first match\nrule \"a\" when waiting > 1h then escalate\nrule \"b\" when priority is \"P1\" and waiting > 1h then notify \"Legal\"",
        warned: &[(
            "3:6",
            "\"b\"",
            "the rule \"b\" never acts: the earlier rule \"a\" (line 2) of this first-match set acts first on every issue it applies to, at the same moment (move it above that rule",
        )],
    },
    Case {
        rules: "ruleset \"waits\" first match\nrule \"a\" when priority in [\"P1\", \"P2\"] and waiting > 1h then escalate\nrule \"b\" when priority in [\"P3\", \"P4\"] and waiting > 1h then escalate\nrule \"c\" when waiting > 1h then notify \"Legal\"",
        warned: &[(
            "4:6",
            "\"c\"",
            "the earlier rules \"a\" (line 2) and \"b\" (line 3) of this first-match set act first",
        )],
    },
    // A rule written twice in a first-match set: warned once, as shadowed by the first.
    Case {
        rules: "ruleset \"waits\" first match\nrule \"a\" when waiting > 1h and tier is \"gold\" then escalate\nrule \"b\" when waiting > 1h and tier is \"gold\" then escalate",
        warned: &[(
            "3:6",
            "\"b\"",
            "the rule \"b\" never acts: it repeats the rule \"a\" (line 2), which comes first in this first-match set (remove one)",
        )],
    },
    // ... and in an all-match set, as a repeat.
    Case {
        rules: "rule \"a\" when waiting > 1h then escalate\nrule \"b\" when waiting > 1h then escalate",
        warned: &[("2:6", "\"b\"", "the rule \"b\" repeats the rule \"a\": same condition, same actions")],
    },
    // A contradiction in a first-match set: one warning, not also a shadowed rule.
    Case {
        rules: "ruleset \"waits\" first match\nrule \"a\" when waiting > 1h then escalate\nrule \"b\" when priority is \"P1\" and priority is \"P2\" and waiting > 1h then escalate",
        warned: &[(
            "3:15",
            "priority is \"P1\"",
            "the rule \"b\" never acts: priority is \"P1\" and priority is \"P2\" cannot both hold",
        )],
    },
    // Ordinary rules: nothing to say.
    Case { rules: "rule \"a\" when priority is \"P1\" and waiting > 30m then escalate", warned: &[] },
    Case { rules: "rule \"a\" when level is \"Legal\" and waiting > 1h then notify \"Supervisor\"", warned: &[] },
    Case {
        rules: "rule \"a\" when category is \"legal\" and level is \"Legal\" and waiting > 1h then escalate",
        warned: &[],
    },
    // Refund issues sent back to the agent can be there.
    Case {
        rules: "rule \"back\" when category is \"refund\" and service ends unresolved then escalate to \"Agent\"\nrule \"a\" when category is \"refund\" and level is \"Agent\" and waiting > 1h then escalate",
        warned: &[],
    },
    // Not every target has passed: P4's resolution target is 3d.
    Case { rules: "rule \"a\" when waiting > 2d then escalate", warned: &[] },
    Case { rules: "rule \"a\" when priority is \"P4\" and waiting > 10h then escalate", warned: &[] },
    // Paused SLA clocks may leave the targets ahead.
    Case {
        rules: "rule \"hold\" when tags contain \"lawsuit\" and arrives then set priority \"P1\"\nrule \"pause\" when tier is \"gold\" and waiting > 5m then pause sla\nrule \"a\" when priority is \"P1\" and waiting > 10h then escalate",
        warned: &[],
    },
    // Different moments, and an earlier rule that acts only on part of the issues.
    Case {
        rules: "ruleset \"waits\" first match\nrule \"a\" when waiting > 1h then escalate\nrule \"b\" when waiting > 2h then escalate",
        warned: &[],
    },
    Case {
        rules: "ruleset \"waits\" first match\nrule \"a\" when priority is \"P1\" and waiting > 1h then escalate\nrule \"b\" when waiting > 1h then escalate",
        warned: &[],
    },
    Case {
        rules: "ruleset \"waits\" first match\nrule \"a\" when waiting > 1h and tier is \"gold\" then escalate\nrule \"b\" when waiting > 1h then escalate",
        warned: &[],
    },
    Case {
        rules: "rule \"a\" when waiting > 1h and waiting <= 1h then escalate\nrule \"b\" when waiting > 1h and not waiting > 3h then escalate",
        warned: &[],
    },
    Case {
        rules: "rule \"a\" when (priority is \"P1\" or tier is \"gold\") and not priority is \"P2\" and age > 30m then notify \"Legal\"",
        warned: &[],
    },
];

#[test]
fn each_warning_is_at_its_place_with_its_reason() {
    for case in CASES {
        let got = warnings(case.rules);
        let wanted: Vec<&(&str, &str, &str)> = case.warned.iter().collect();
        assert_eq!(got.len(), wanted.len(), "{}\n{got:#?}", case.rules);
        for ((at, _, fragment), (place, message)) in wanted.iter().zip(&got) {
            assert_eq!(at, place, "{}\n{message}", case.rules);
            assert!(message.contains(fragment), "{}\nwanted: {fragment}\ngot: {message}", case.rules);
        }
        // The warnings `lower` gives, with their spans.
        let spans: Vec<&str> = lowered(case.rules).iter().map(|e| &case.rules[e.span.0..e.span.1]).collect();
        let mut expected = wanted.iter().map(|w| w.1).filter(|s| !s.is_empty());
        for span in &spans {
            let start = expected.next().unwrap_or_else(|| panic!("{}: unexpected span {span}", case.rules));
            assert!(span.starts_with(start), "{}: span {span:?}, wanted one starting {start:?}", case.rules);
        }
        assert_eq!(expected.next(), None, "{}: {spans:?}", case.rules);
    }
}

/// Every shipped scenario's rules, and its triggers written as rules, draw no warning.
#[test]
fn the_presets_rules_draw_no_warning() {
    let dir = format!("{}/static/scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut keys: Vec<String> = std::fs::read_dir(&dir)
        .expect("the scenarios folder")
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".json").map(String::from))
        .collect();
    keys.sort();
    assert!(keys.len() >= 8, "{keys:?}");
    let mut with_rules = 0;
    for key in &keys {
        let doc = preset(key);
        with_rules += usize::from(doc.get("rules").is_some());
        assert_eq!(warnings_of(&doc), Vec::<(String, String)>::new(), "{key}");
        // The triggers moved into the rules, as the Rules tab's button does.
        let Some(triggers) = doc.get("triggers").cloned() else { continue };
        let triggers: Vec<escalation_lab::engine::document::TriggerDoc> =
            serde_json::from_value(triggers).expect("the preset's triggers");
        let priorities: Vec<String> = doc["priorities"]
            .as_array()
            .expect("priorities")
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        let moved = rules::as_rules::rules_of(&triggers, &priorities).to_string();
        let mut doc = doc.clone();
        doc.as_object_mut().expect("an object").remove("triggers");
        let joined = match doc.get("rules").and_then(Value::as_str) {
            Some(r) => format!("{moved}\n{r}"),
            None => moved,
        };
        set(&mut doc, "/rules", json!(joined));
        assert_eq!(warnings_of(&doc), Vec::<(String, String)>::new(), "{key}, triggers as rules:\n{joined}");
    }
    assert!(with_rules >= 2, "presets with rules: {with_rules}");
}

/// The rules of the recovery corpus that parse draw no warning, against names that include
/// theirs (and one more, so that no test of theirs names every one).
#[test]
fn the_corpus_rules_without_errors_draw_no_warning() {
    use escalation_lab::engine::rules::syntax::{Expr, Test};
    fn collect(e: &Expr, n: &mut [Vec<String>; 6]) {
        let mut add = |i: usize, v: &str| {
            if !n[i].iter().any(|x| x == v) {
                n[i].push(v.to_string());
            }
        };
        match e {
            Expr::Or(parts) | Expr::And(parts) => parts.iter().for_each(|p| collect(&p.value, n)),
            Expr::Not(inner) => collect(&inner.value, n),
            Expr::Test(t) => match t {
                Test::Category(list) => list.iter().for_each(|x| add(1, &x.value)),
                Test::Priority(list) => list.iter().for_each(|x| add(2, &x.value)),
                Test::PriorityAtLeast(x) => add(2, &x.value),
                Test::Level(list) => list.iter().for_each(|x| add(0, &x.value)),
                Test::Attribute { name, .. } => add(4, &name.value),
                Test::Tag(x) => add(5, &x.value),
                Test::InBusinessHours(Some(x)) | Test::Time { calendar: Some(x), .. } => add(3, &x.value),
                _ => {}
            },
        }
    }
    let mut checked = 0;
    for case in crate::rules_recovery::CORPUS.iter().filter(|c| !c.clean.is_empty()) {
        let (file, _) = rules::parse_all(case.text);
        let text = file.to_string();
        let mut n: [Vec<String>; 6] = Default::default();
        for rule in file.sets.iter().flat_map(|s| &s.rules) {
            collect(&rule.when.value, &mut n);
            for a in &rule.then {
                use escalation_lab::engine::rules::syntax::Action;
                match &a.value {
                    Action::RouteTo(l) | Action::EscalateTo(l) | Action::Notify { role: l, .. } => {
                        n[0].push(l.value.clone());
                    }
                    Action::SetPriority(p) => n[2].push(p.value.clone()),
                    _ => {}
                }
            }
        }
        for (i, list) in n.iter_mut().enumerate() {
            list.push(format!("other {i}"));
        }
        let names = Vocabulary {
            levels: &n[0],
            categories: &n[1],
            priorities: &n[2],
            calendars: &n[3][..n[3].len() - 1],
            attributes: &n[4],
            tags: &n[5],
        };
        let file = rules::parse(&text).expect("printed rules parse");
        if let Ok(lowered) = lower(&text, &file, &names) {
            checked += 1;
            assert!(lowered.warnings.is_empty(), "{text}\n{:?}", lowered.warnings);
        }
    }
    assert!(checked >= 3, "{checked} texts checked");
}

/// For the editor: each rule of a first-match set with the earlier rules that act first on all
/// or part of it, and their lines.
#[test]
fn shadowing_names_the_earlier_rules_in_full_or_in_part() {
    let text = "ruleset \"waits\" first match\nrule \"p1\" when priority is \"P1\" and waiting > 1h then escalate\nrule \"all\" when waiting > 1h then notify \"L1\"\nrule \"p2\" when priority is \"P2\" and waiting > 1h then escalate\nrule \"later\" when waiting > 2h then escalate";
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<String>>();
    let (levels, categories, priorities) = (strings(&["L1"]), strings(&["c"]), strings(&["P1", "P2"]));
    let names = Vocabulary {
        levels: &levels,
        categories: &categories,
        priorities: &priorities,
        calendars: &[],
        attributes: &[],
        tags: &[],
    };
    let file = rules::parse(text).expect("parses");
    let lowered = lower(text, &file, &names).expect("lowers");
    let got: Vec<String> = lowered
        .shadowing
        .iter()
        .map(|s| {
            let by: Vec<String> = s.by.iter().map(|b| format!("{} (line {})", b.rule, b.line)).collect();
            format!("{} by {}{}", s.rule, by.join(", "), if s.full { ", in full" } else { "" })
        })
        .collect();
    assert_eq!(got, ["all by p1 (line 2)", "p2 by all (line 3), in full"]);
    assert_eq!(lowered.warnings.len(), 1, "{:?}", lowered.warnings);
    assert!(lowered.warnings[0].message.contains("the earlier rule \"all\" (line 3)"), "{:?}", lowered.warnings);
}

/// A rule warned as never acting changes nothing in a run: the report is the one without it.
#[test]
fn warnings_do_not_change_a_run() {
    let mut with = scenario();
    let kept = "ruleset \"waits\" first match\nrule \"a\" when waiting > 30m then escalate\n";
    set(
        &mut with,
        "/rules",
        json!(format!("{kept}rule \"b\" when priority is \"P1\" and waiting > 30m then notify \"Legal\"\n")),
    );
    set(&mut with, "/run/horizon", json!("20h"));
    assert_eq!(warnings_of(&with).len(), 1);
    let mut without = with.clone();
    set(&mut without, "/rules", json!(kept));
    assert_eq!(run(&with), run(&without));
}
