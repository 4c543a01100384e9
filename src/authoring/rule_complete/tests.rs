//! Completion checked against a table: a text with its caret written `|`, and the labels offered
//! there (the first few, in order).

use serde_json::json;

use super::*;

fn names() -> RuleNames {
    RuleNames::of(&json!({
        "levels": [{"name": "Agent"}, {"name": "Team lead"}, {"name": "Tier \"2\""}, {"name": "Manager"}],
        "categories": [{"name": "billing"}, {"name": "outage"}],
        "priorities": [{"name": "P1"}, {"name": "P2"}, {"name": "P3"}],
        "calendars": [{"name": "UK office"}],
        "attributes": [{"name": "tier", "values": {"gold": 1, "basic": 1}}, {"name": "customer type", "values": {"vip": 1}}],
        "workload": {"tags": {"lawsuit": 0.1}}
    }))
}

/// The completion at the `|` of `marked`.
fn at(marked: &str) -> (String, Completion) {
    let caret = marked.find('|').expect("a caret");
    let text = marked.replacen('|', "", 1);
    let c = complete(&text, caret, &names());
    (text, c)
}

fn labels(marked: &str) -> Vec<String> {
    at(marked).1.items.into_iter().map(|i| i.label).collect()
}

#[test]
fn each_place_offers_what_the_grammar_takes_there() {
    let rule = "rule \"r\"\n  when ";
    let cases: &[(&str, &[&str])] = &[
        ("|", &["rule", "ruleset", "rule … when … then …", "ruleset … first match"]),
        ("ru|", &["rule", "ruleset", "rule … when … then …", "ruleset … first match"]),
        ("rule \"x\" |", &["when"]),
        ("rule \"x\" w|", &["when"]),
        ("ruleset \"s\" |", &["first", "all"]),
        ("ruleset \"s\" first |", &["match"]),
        ("rule \"x\" when |", &["not", "arrives", "resolved", "service ends unresolved", "category"]),
        ("rule \"x\" when wa|", &["waiting"]),
        // Prefix first, then the labels that hold it elsewhere.
        (
            "rule \"x\" when re|",
            &["resolved", "reopens", "service ends unresolved", "sla.resolution.elapsed", "sla.response.elapsed"],
        ),
        ("rule \"x\" when ti|", &["time at level", "tier"]),
        ("rule \"x\" when priority |", &["is", "in", "at least"]),
        ("rule \"x\" when priority is |", &["P1", "P2", "P3"]),
        ("rule \"x\" when priority at least |", &["P1", "P2", "P3"]),
        ("rule \"x\" when category in [\"billing\", |", &["billing", "outage"]),
        ("rule \"x\" when level is t|", &["Team lead", "Tier \"2\""]),
        ("rule \"x\" when level is \"ea|", &["Team lead"]),
        ("rule \"x\" when tier is |", &["gold", "basic"]),
        ("rule \"x\" when attribute |", &["tier", "customer type"]),
        ("rule \"x\" when attribute \"customer type\" |", &["is", "in"]),
        ("rule \"x\" when attribute \"customer type\" is |", &["vip"]),
        ("rule \"x\" when tags contain |", &["lawsuit"]),
        ("rule \"x\" when in |", &["business hours"]),
        ("rule \"x\" when in business hours |", &["UK office", "and", "or", "then"]),
        ("rule \"x\" when age > 8bh on |", &["UK office"]),
        ("rule \"x\" when waiting |", &[">", ">=", "<", "<="]),
        ("rule \"x\" when time at level |", &[">", ">=", "<", "<="]),
        ("rule \"x\" when sla.resolution.|", &["elapsed"]),
        ("rule \"x\" when waiting > 30|", &["m", "h", "d", "w", "s", "ms", "bh"]),
        ("rule \"x\" when waiting >= 1h3|", &["m", "h", "d", "w", "s", "ms", "bh"]),
        ("rule \"x\" when age > 2b|", &["bh"]),
        ("rule \"x\" when escalations > 2|", &[]),
        ("rule \"x\" when waiting > 30m |", &["and", "or", "then", "on"]),
        ("rule \"x\" when priority is \"P1\" |", &["and", "or", "then"]),
        ("rule \"x\" when priority is \"P1\" th|", &["then"]),
        ("rule \"x\" when (resolved) |", &["and", "or", "then"]),
        ("rule \"x\" when arrives then |", &["escalate", "escalate to", "route to", "notify", "set priority"]),
        ("rule \"x\" when arrives then esc|", &["escalate", "escalate to"]),
        ("rule \"x\" when arrives then escalate to |", &["Agent", "Team lead", "Tier \"2\"", "Manager"]),
        ("rule \"x\" when arrives then escalate to Te|", &["Team lead"]),
        ("rule \"x\" when arrives then notify \"Team lead\" |", &["costing", ";", "rule", "ruleset"]),
        ("rule \"x\" when arrives then set priority |", &["P1", "P2", "P3"]),
        ("rule \"x\" when arrives then pause |", &["sla"]),
        ("rule \"x\" when arrives then close |", &["as"]),
        ("rule \"x\" when arrives then notify \"Agent\"; |", &["escalate", "escalate to"]),
        ("rule \"x\" when arrives then notify \"Agent\" costing 10|", &["m", "h"]),
    ];
    for (marked, want) in cases {
        let got = labels(marked);
        let got: Vec<&str> = got.iter().map(String::as_str).take(want.len().max(1)).collect();
        let want: Vec<&str> = want.to_vec();
        if want.is_empty() {
            assert!(got.is_empty(), "{marked:?}: {got:?}");
        } else {
            assert_eq!(got, want, "{marked:?}");
        }
    }
    // Inside a rule's condition after a line break, the same.
    assert_eq!(labels(&format!("{rule}level |")), ["is", "in"]);
    // A name, a rule name or a count in progress: nothing to offer.
    assert!(labels("rule \"x|").is_empty());
    assert!(labels("ruleset |").is_empty());
}

#[test]
fn names_go_in_quoted_and_escaped_in_place_of_the_word() {
    let (text, c) = at("rule \"x\" when waiting > 5m then escalate to Ti|");
    assert_eq!(c.items[0].label, "Tier \"2\"");
    let (out, caret) = apply(&text, &c, &c.items[0]);
    assert_eq!(out, "rule \"x\" when waiting > 5m then escalate to \"Tier \\\"2\\\"\"");
    assert_eq!(caret, (out.len(), out.len()));
    // A name begun with its quote is replaced whole, its closing quote too.
    let (text, c) = at("rule \"x\" when level is \"Te|\" and waiting > 5m then escalate");
    let (out, caret) = apply(&text, &c, &c.items[0]);
    assert_eq!(out, "rule \"x\" when level is \"Team lead\" and waiting > 5m then escalate");
    assert_eq!(&out[..caret.0], "rule \"x\" when level is \"Team lead\"");
    // A keyword brings its space, unless one follows.
    let (text, c) = at("rule \"x\" when wai|");
    assert_eq!(apply(&text, &c, &c.items[0]).0, "rule \"x\" when waiting ");
    let (text, c) = at("rule \"x\" when wai| > 5m");
    assert_eq!(apply(&text, &c, &c.items[0]).0, "rule \"x\" when waiting > 5m");
    // A unit goes after the digits.
    let (text, c) = at("rule \"x\" when waiting > 30| then escalate");
    let h = c.items.iter().find(|i| i.label == "h").unwrap();
    assert_eq!(apply(&text, &c, h).0, "rule \"x\" when waiting > 30h then escalate");
}

#[test]
fn a_snippet_is_a_whole_rule_with_its_name_selected() {
    let (text, c) = at("|");
    let snippet = &c.items[2];
    assert_eq!(snippet.detail, "snippet");
    let (out, (a, b)) = apply(&text, &c, snippet);
    assert_eq!(&out[a..b], "new rule");
    assert!(crate::engine::rules::parse(&out).is_ok(), "{out}");
    // After a rule on the same line, a new one starts two lines down.
    let (text, c) = at("rule \"x\" when arrives then escalate |");
    let snippet = c.items.iter().find(|i| i.detail == "snippet").unwrap();
    let (out, (a, b)) = apply(&text, &c, snippet);
    assert!(out.starts_with("rule \"x\" when arrives then escalate \n\nrule \"new rule\""), "{out}");
    assert_eq!(&out[a..b], "new rule");
}

#[test]
fn the_kind_of_a_name_is_read_from_its_place() {
    let n = names();
    let text = "rule \"x\" when level is \"Agent\" and tier is \"gold\" and age > 8bh on \"UK office\" then set priority \"P1\"";
    let kind = |word: &str| name_at(text, text.find(word).unwrap() + 1, &n).map(|(k, v, _)| (k, v));
    assert_eq!(kind("\"Agent"), Some((NameKind::Level, "Agent".into())));
    assert_eq!(kind("\"gold"), Some((NameKind::Value(0), "gold".into())));
    assert_eq!(kind("tier"), Some((NameKind::Attribute, "tier".into())));
    assert_eq!(kind("\"UK"), Some((NameKind::Calendar, "UK office".into())));
    assert_eq!(kind("\"P1"), Some((NameKind::Priority, "P1".into())));
    assert_eq!(kind("\"x"), None, "a rule's own name names nothing");
    assert_eq!(kind("when"), None);
}

#[test]
fn any_text_and_any_caret_get_an_answer() {
    let text = "rule \"é\\\" when ( [ , >= 3bh \"x\n# c\nthen ; notify";
    for caret in 0..=text.len() + 2 {
        let c = complete(text, caret, &names());
        assert!(c.span.0 <= c.span.1 && c.span.1 <= text.len());
        for item in &c.items {
            let (out, (a, b)) = apply(text, &c, item);
            assert!(out.is_char_boundary(a) && out.is_char_boundary(b) && a <= b);
        }
        let _ = name_at(text, caret, &names());
    }
}

/// A word typed out in full is not completed again: Enter after it is a new line.
#[test]
fn a_word_typed_out_is_left_as_it_is() {
    let (text, c) = at("rule \"a\" when arrives|");
    let arrives = c.items.iter().find(|i| i.label == "arrives").expect("offered");
    assert!(typed_out(&text, &c, arrives));
    let (text, c) = at("rule \"a\" when arr|");
    assert!(!typed_out(&text, &c, &c.items[0]), "a part of the word is completed");
    let (text, c) = at("rule \"a\" when arrives then route to |");
    assert!(c.items.iter().all(|i| !typed_out(&text, &c, i)), "nothing typed yet");
}
