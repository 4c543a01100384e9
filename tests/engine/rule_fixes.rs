//! Quick fixes of rule errors: each kind of fix mends its error and makes no other, and across
//! the recovery corpus every error that carries a fix is gone once the fix is applied.

use super::rules_recovery::CORPUS;
use escalation_lab::engine::rules::lower::{Vocabulary, lower};
use escalation_lab::engine::rules::{self, Edit, Fix, RuleError};

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_string()).collect()
}

/// Every problem of a rule text: its syntax errors, or the name checks of the rules that parsed.
fn check(text: &str) -> Vec<RuleError> {
    let (file, mut errors) = rules::parse_all(text);
    let levels = strings(&["L1", "team_lead", "Executive"]);
    let categories = strings(&["Billing", "legal \"hold\""]);
    let priorities = strings(&["P1", "P2"]);
    let calendars = strings(&["office"]);
    let attributes = strings(&["tier", "risk level"]);
    let tags = strings(&["vip"]);
    let vocabulary = Vocabulary {
        levels: &levels,
        categories: &categories,
        priorities: &priorities,
        calendars: &calendars,
        attributes: &attributes,
        tags: &tags,
    };
    if let Err(more) = lower(text, &file, &vocabulary) {
        errors.extend(more);
    }
    errors
}

#[test]
fn every_kind_of_fix_mends_its_error_and_makes_no_other() {
    let cases = [
        // Names, as the scenario declares them, quoted and escaped.
        ("rule \"a\" when arrives then route to \"team_laed\"", "Use \"team_lead\"", "route to \"team_lead\""),
        ("rule \"a\" when category is \"biling\" and age > 1h then escalate", "Use \"Billing\"", "is \"Billing\""),
        (
            "rule \"a\" when category is \"legal \\\"hodl\\\"\" and age > 1h then escalate",
            "Use \"legal \\\"hold\\\"\"",
            "is \"legal \\\"hold\\\"\" and",
        ),
        ("rule \"a\" when priority is \"P3\" and age > 1h then escalate", "Use \"P1\"", "is \"P1\""),
        ("rule \"a\" when age > 1bh on \"ofice\" then escalate", "Use \"office\"", "on \"office\""),
        ("rule \"a\" when tags contain \"vpi\" and age > 1h then escalate", "Use \"vip\"", "contain \"vip\""),
        ("rule \"a\" when teir is \"gold\" and age > 1h then escalate", "Use \"tier\"", "when tier is"),
        (
            "rule \"a\" when risk_levl is \"high\" and age > 1h then escalate",
            "Use \"risk level\"",
            "when attribute \"risk level\" is",
        ),
        (
            "rule \"a\" when attribute \"risk levl\" is \"high\" and age > 1h then escalate",
            "Use \"risk level\"",
            "attribute \"risk level\" is",
        ),
        // Keywords, and the names of SLA targets.
        ("rule \"a\" whem age > 1h then escalate", "Use \"when\"", "\"a\" when age"),
        ("rule \"a\" when waitng > 5m then escalate", "Use \"waiting\"", "when waiting >"),
        ("rule \"a\" when sla.resolutoin.elapsed >= 80% then escalate", "Use \"resolution\"", "sla.resolution.elapsed"),
        ("rule \"a\" when age > 1h then escalte", "Use \"escalate\"", "then escalate"),
        // A keyword left out.
        ("rule \"a\" when age > 1h escalate", "Add \"then\"", "age > 1h then escalate"),
        ("rule \"a\"\n  when age > 1h\n  escalate", "Add \"then\"", "1h\n  then escalate"),
        ("rule \"a\" age > 1h then escalate", "Add \"when\"", "\"a\" when age"),
        ("rule \"a\" when age > 1h then route \"L1\"", "Add \"to\"", "route to \"L1\""),
        // Quotes, brackets and parentheses left open.
        ("rule \"a\" when age > 1h then escalate to \"L1", "Add the closing quote", "to \"L1\""),
        (
            "rule \"a\" when age > 1h and category is \"Billing then escalate",
            "Add the closing quote",
            "\"Billing\" then",
        ),
        (
            "rule \"a when age > 1h and category is \"Billing\" then escalate",
            "Add the closing quote",
            "rule \"a\" when age",
        ),
        ("rule \"a\" when (age > 1h or waiting > 5m then escalate", "Close with \")\"", "5m) then"),
        ("rule \"a\" when ((age > 1h or waiting > 5m then escalate", "Close with \"))\"", "5m)) then"),
        ("rule \"a\" when level in [\"L1\" and age > 1h then escalate", "Close the list with \"]\"", "[\"L1\"] and"),
        (
            "rule \"a\" when level in [\"L1\" \"team_lead\"] and age > 1h then escalate",
            "Add \",\"",
            "[\"L1\", \"team_lead\"]",
        ),
        ("rule \"a\" when age > 1h then notify \"L1\" escalate", "Add \";\"", "\"L1\"; escalate"),
        // Names written without double quotes.
        ("rule \"a\" when age > 1h then route to Executive", "Use \"Executive\"", "to \"Executive\""),
        ("rule \"a\" when level is 'L1' and age > 1h then escalate", "Use \"L1\"", "is \"L1\" and"),
        // Units.
        ("rule \"a\" when waiting > 10 then escalate", "add the unit: 10m", "> 10m then"),
        ("rule \"a\" when age > 24 then escalate", "add the unit: 24h (read as hours; 24m for minutes)", "> 24h then"),
        ("rule \"a\" when waiting > 30 mins then escalate", "Write it 30m", "> 30m then"),
        ("rule \"a\" when age > 2days then escalate", "Write it 2d", "> 2d then"),
        ("rule \"a\" when age > 1h then notify \"L1\" costing 10", "add the unit: 10m", "costing 10m"),
        ("rule \"a\" when sla.response.elapsed >= 80 then escalate", "add the unit: 80%", ">= 80% then"),
        // Comparisons.
        ("rule \"a\" when priority = \"P1\" and age > 1h then escalate", "Use \"is\"", "priority is \"P1\""),
        ("rule \"a\" when age => 1h then escalate", "Use \">=\"", "age >= 1h"),
    ];
    let mut failures = Vec::new();
    for (text, label, mended) in cases {
        let errors = check(text);
        let [error] = errors.as_slice() else {
            failures.push(format!("{text}: {errors:#?}"));
            continue;
        };
        let Some(fix) = &error.fix else {
            failures.push(format!("{text}: no fix for {error}"));
            continue;
        };
        let Some((fixed, caret)) = fix.apply(text) else {
            failures.push(format!("{text}: the fix does not apply"));
            continue;
        };
        let last = fix.edits.iter().map(|e| e.span.0).max().unwrap_or(0);
        let after = check(&fixed);
        if fix.label != label || !fixed.contains(mended) || !after.is_empty() || caret < last || caret > fixed.len() {
            failures.push(format!("{text}: {:?} made {fixed:?} (caret {caret}), then {after:?}", fix.label));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_fix_applies_its_edits_from_the_end_and_refuses_overlapping_ones() {
    let fix = Fix {
        label: "two".into(),
        edits: vec![Edit { span: (6, 9), insert: "when".into() }, Edit { span: (0, 0), insert: "# ".into() }],
    };
    assert_eq!(fix.apply("rule  whe x"), Some(("# rule  when x".to_string(), 12)));
    let overlapping = Fix {
        label: "x".into(),
        edits: vec![Edit { span: (0, 4), insert: String::new() }, Edit { span: (2, 5), insert: String::new() }],
    };
    assert_eq!(overlapping.apply("rule \"a\""), None);
    assert_eq!(Fix::one("x", (3, 99), "").apply("abc"), None);
    assert_eq!(Fix::one("x", (1, 2), "").apply("é"), None);
}

#[test]
fn where_the_mending_is_not_plain_no_fix_is_offered() {
    for text in [
        // Zero minutes is an error of its own; so would a closing ")" before a missing "then" be.
        "rule \"a\" when age > 0 then escalate",
        "rule \"a\" when (age > 1h escalate",
        // Too far from any name: no guess.
        "rule \"a\" when arrives then route to \"Nowhere\"",
    ] {
        let errors = check(text);
        assert!(!errors.is_empty() && errors.iter().all(|e| e.fix.is_none()), "{text}: {errors:#?}");
    }
}

#[test]
fn across_the_recovery_corpus_each_fix_removes_its_error_and_adds_none() {
    let (mut errors_seen, mut fixed) = (0, 0);
    let mut failures = Vec::new();
    for case in CORPUS {
        let (_, errors) = rules::parse_all(case.text);
        errors_seen += errors.len();
        for (i, e) in errors.iter().enumerate() {
            let Some(fix) = &e.fix else { continue };
            fixed += 1;
            let Some((text, _)) = fix.apply(case.text) else {
                failures.push(format!("{:?}: {e}: the fix does not apply", case.text));
                continue;
            };
            // The messages after, each one of the messages before other than the fixed one.
            let mut before: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
            before.remove(i);
            let (_, after) = rules::parse_all(&text);
            for a in &after {
                match before.iter().position(|b| *b == a.message) {
                    Some(k) => {
                        before.remove(k);
                    }
                    None => failures.push(format!("{:?}: {e}: fixed as {text:?}, then {a}", case.text)),
                }
            }
        }
    }
    eprintln!("rule recovery corpus: {fixed} of {errors_seen} errors carry a quick fix");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(fixed * 10 >= errors_seen * 6, "only {fixed} of {errors_seen} errors carry a fix");
}
