//! The rule formatter: hand-written texts with comments in every place they can stand and the
//! exact text each formats to; a text with errors refused with them; and properties: any layout
//! of any rules, with comments anywhere, formats to a text that formats to itself, keeps every
//! comment in order and compiles to the same triggers; no text makes the formatter panic.

use escalation_lab::engine::rules::lower::{Vocabulary, lower};
use escalation_lab::engine::rules::syntax::{Action, Expr, Name, RuleFile, Test, TokenKind, tokens};
use escalation_lab::engine::rules::{self, format};
use proptest::prelude::*;

use super::rules_syntax::file;
use super::support::{cli, preset, text};

/// Texts with comments and what they format to.
const CASES: &[(&str, &str)] = &[
    // Every place at once: the file's own comment, a set's header, a rule's name, its condition
    // spread over lines with a comment on each, its actions, after the last rule, at the end.
    (
        "# Escalation rules for the desk.\n# Kept by the service owner.\n\nruleset \"waiting\" first match # the first rule that holds acts\n# P1 first\nrule \"p1\" # urgent\n  # the moment\n  when priority is \"P1\" # only P1\n    and waiting > 10m # ten minutes\n  then notify \"Manager\" # tell them\nrule \"rest\" when waiting > 30m then escalate\n# trailing notes\n\n# last words",
        "# Escalation rules for the desk.\n# Kept by the service owner.\n\nruleset \"waiting\" first match # the first rule that holds acts\n# P1 first\nrule \"p1\" # urgent\n  # the moment\n  # only P1\n  when priority is \"P1\" and waiting > 10m # ten minutes\n  then notify \"Manager\" # tell them\n\nrule \"rest\"\n  when waiting > 30m\n  then escalate\n# trailing notes\n\n# last words\n",
    ),
    // A comment between sets keeps one blank line on each side, however many there were.
    (
        "rule \"a\" when arrives then escalate\n\n\n# ---- second set ----\n\n\nruleset \"b\" all match\nrule \"c\" when waiting > 1h then escalate\n",
        "rule \"a\"\n  when arrives\n  then escalate\n\n# ---- second set ----\n\nruleset \"b\" all match\nrule \"c\"\n  when waiting > 1h\n  then escalate\n",
    ),
    // A comment just before a rule gets the blank line between rules above it.
    (
        "rule \"a\" when arrives then escalate\n# about b\nrule \"b\" when waiting > 1h then escalate",
        "rule \"a\"\n  when arrives\n  then escalate\n\n# about b\nrule \"b\"\n  when waiting > 1h\n  then escalate\n",
    ),
    // A comment on its own line inside a condition goes above the condition's line.
    (
        "rule \"x\"\n  when waiting > 1h\n    # or very old\n    or age > 1d\n  then escalate\n",
        "rule \"x\"\n  # or very old\n  when waiting > 1h or age > 1d\n  then escalate\n",
    ),
    // Comments after words that begin a line stay with that line.
    (
        "rule # after the keyword\n  \"x\" when # after when\n  arrives then # after then\n  escalate",
        "rule \"x\" # after the keyword\n  when arrives # after when\n  then escalate # after then\n",
    ),
    // Between actions.
    (
        "rule \"x\"\n  when arrives\n  then notify \"M\"; # first\n       escalate # second\n",
        "rule \"x\"\n  when arrives\n  # first\n  then notify \"M\"; escalate # second\n",
    ),
    // In a header spread over lines.
    (
        "ruleset\n# the set\n\"s\" first # how\nmatch\nrule \"x\" when arrives then escalate",
        "# the set\nruleset \"s\" first match # how\nrule \"x\"\n  when arrives\n  then escalate\n",
    ),
    // A `#` inside a name is not a comment; spaces after a comment go.
    (
        "rule \"a # b\" when arrives then route to \"L1\" # real   \t",
        "rule \"a # b\"\n  when arrives\n  then route to \"L1\" # real\n",
    ),
    // Windows line ends, and a lone carriage return.
    (
        "# one\r\nrule \"x\" when arrives # two\r\n then escalate\r\n\r\n# three\rrule \"y\" when arrives then escalate",
        "# one\nrule \"x\"\n  when arrives # two\n  then escalate\n\n# three\nrule \"y\"\n  when arrives\n  then escalate\n",
    ),
    // Comments and nothing else.
    ("\n\n# only a note\n\n\n# another\n\n", "# only a note\n\n# another\n"),
    ("#", "#\n"),
    ("", ""),
    ("  \n\t\n", ""),
];

#[test]
fn comments_stay_where_they_were_written() {
    for (text, formatted) in CASES {
        let out = format(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        assert_eq!(out, *formatted, "for {text:?}");
        assert_eq!(format(&out).as_deref(), Ok(*formatted), "formatting {formatted:?} again");
        assert_eq!(comments(&out), comments(text), "every comment kept, in order, for {text:?}");
        assert_eq!(rules::parse(&out), rules::parse(text), "the same rules for {text:?}");
    }
}

#[test]
fn without_comments_the_printer_s_text_is_the_formatted_text() {
    let text = "ruleset \"vip\" first match rule \"gold\" when tier in [\"gold\", \"platinum\",] and (waiting > 30m) then set priority \"P1\" rule \"slow\" when time at level > 8bh on \"UK\" then notify \"Manager\" costing 15m; pause sla";
    let printed = rules::parse(text).unwrap().to_string();
    assert_eq!(format(text).unwrap(), printed);
}

#[test]
fn a_text_with_errors_is_refused_with_every_error() {
    for text in [
        "rule \"x\" whem arrives then escalate # c",
        "# a note\nrule \"x\" when arrives then escalate\nrule \"y\" when waiting > 24 then escalate\nrule z",
        "rule \"unclosed when arrives then escalate",
    ] {
        let errors = format(text).expect_err(text);
        assert!(!errors.is_empty());
        assert_eq!(errors, rules::parse_all(text).1, "for {text:?}");
    }
    assert_eq!(format("rule \"y\" when waiting > 24 then escalate\nrule z").unwrap_err().len(), 2);
}

/// The shipped scenarios with rules: the validated model's triggers are those of the original.
#[test]
fn formatting_a_scenario_s_rules_keeps_its_triggers() {
    for key in ["b1-rules", "hr-harassment"] {
        let doc = preset(key);
        let text = doc["rules"].as_str().expect("a rules text");
        let formatted = format(text).unwrap_or_else(|e| panic!("{key}: {e:?}"));
        assert_eq!(comments(&formatted), comments(text), "{key}");
        assert_eq!(format(&formatted).as_ref(), Ok(&formatted), "{key}");
        let mut after = doc.clone();
        after["rules"] = formatted.into();
        let (a, b) = (engine_triggers(&doc), engine_triggers(&after));
        assert!(a.contains("Trigger"), "{key} has rule triggers: {a}");
        assert_eq!(a, b, "{key}");
    }
}

fn engine_triggers(doc: &serde_json::Value) -> String {
    let checked = escalation_lab::engine::load(&doc.to_string());
    let model = checked.model.expect("a valid scenario");
    format!("{:?}", model.triggers)
}

/// The comments of a text, without the spaces after them.
fn comments(text: &str) -> Vec<&str> {
    tokens(text)
        .into_iter()
        .filter(|(_, kind)| *kind == TokenKind::Comment)
        .map(|(s, _)| text[s.start..s.end].trim_end())
        .collect()
}

/// What the rules compile to, with every name they use declared (of every kind), so that most
/// rules compile; the errors' and warnings' messages without their places, which move.
fn compiled(text: &str, file: &RuleFile) -> String {
    let mut names = Vec::new();
    for rule in file.sets.iter().flat_map(|s| &s.rules) {
        expr_names(&rule.when.value, &mut names);
        for action in &rule.then {
            match &action.value {
                Action::RouteTo(n) | Action::EscalateTo(n) | Action::SetPriority(n) => names.push(n.value.clone()),
                Action::Notify { role, .. } => names.push(role.value.clone()),
                _ => {}
            }
        }
    }
    let v = Vocabulary {
        levels: &names,
        categories: &names,
        priorities: &names,
        calendars: &names,
        attributes: &names,
        tags: &names,
    };
    match lower(text, file, &v) {
        Ok(l) => {
            format!("{:?} {:?}", l.triggers, l.warnings.iter().map(|w| without_lines(&w.message)).collect::<Vec<_>>())
        }
        Err(e) => format!("{:?}", e.iter().map(|e| without_lines(&e.message)).collect::<Vec<_>>()),
    }
}

/// A message without the line numbers it names ("the earlier rule "a" (line 3)"): laying the
/// text out anew moves rules to other lines, and says nothing else different.
fn without_lines(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find(" (line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " (line ".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && after[digits..].starts_with(')') {
            rest = &after[digits + 1..];
        } else {
            out.push_str(" (line ");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn expr_names(e: &Expr, out: &mut Vec<String>) {
    let mut add = |n: &[Name]| out.extend(n.iter().map(|n| n.value.clone()));
    match e {
        Expr::Or(parts) | Expr::And(parts) => parts.iter().for_each(|p| expr_names(&p.value, out)),
        Expr::Not(inner) => expr_names(&inner.value, out),
        Expr::Test(t) => match t {
            Test::Category(v) | Test::Priority(v) | Test::Level(v) => add(v),
            Test::PriorityAtLeast(n) | Test::Tag(n) | Test::InBusinessHours(Some(n)) => add(std::slice::from_ref(n)),
            Test::Attribute { name, values } => {
                add(std::slice::from_ref(name));
                add(values);
            }
            Test::Time { calendar: Some(c), .. } => add(std::slice::from_ref(c)),
            _ => {}
        },
    }
}

/// What may stand for a space between two words of the canonical text.
const SPACES: &[&str] =
    &[" ", " ", "\n", "\n    ", "   ", " # a note\n", "\n# on its own\n", "\n\n", "\t# x # y\r\n  "];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn formatting_is_stable_and_keeps_comments_and_triggers(
        f in file(),
        layout in prop::collection::vec(0..SPACES.len(), 1..400),
        head in prop::option::of("#[ -~]{0,12}"),
        tail in prop::option::of("#[ -~]{0,12}"),
    ) {
        // The canonical text laid out anew: each space between words replaced, comments added.
        let canonical = f.to_string();
        let mut text = head.map(|h| format!("{h}\n")).unwrap_or_default();
        let mut n = 0;
        for (span, kind) in tokens(&canonical) {
            if kind == TokenKind::Space {
                text.push_str(SPACES[layout[n % layout.len()]]);
                n += 1;
            } else {
                text.push_str(&canonical[span.start..span.end]);
            }
        }
        if let Some(t) = tail {
            text.push_str(&t);
        }
        let formatted = format(&text).map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;
        prop_assert_eq!(format(&formatted), Ok(formatted.clone()), "{}", text);
        prop_assert_eq!(comments(&formatted), comments(&text), "{}", text);
        let (a, b) = (rules::parse(&text).unwrap(), rules::parse(&formatted).unwrap());
        prop_assert_eq!(&a, &f);
        prop_assert_eq!(&b, &f);
        prop_assert_eq!(compiled(&text, &a), compiled(&formatted, &b), "{}", text);
        // Without comments, the formatted text is the printer's.
        if comments(&text).is_empty() {
            prop_assert_eq!(formatted, canonical);
        }
    }

    #[test]
    fn no_text_makes_the_formatter_panic(text in "\\PC{0,200}") {
        if let Ok(out) = format(&text) {
            prop_assert_eq!(format(&out), Ok(out.clone()), "{}", text);
        }
    }

    #[test]
    fn no_text_of_rule_words_and_comments_makes_the_formatter_panic(
        words in prop::collection::vec(
            prop_oneof![
                Just("rule"), Just("ruleset"), Just("when"), Just("then"), Just("\"a\""), Just("#"), Just("# c"),
                Just("\n"), Just("\r"), Just(" "), Just("arrives"), Just("escalate"), Just(";"), Just("first"),
                Just("match"), Just("and"), Just("("), Just(")"), Just("waiting > 1h"),
            ],
            0..40,
        )
    ) {
        let text: String = words.concat();
        if let Ok(out) = format(&text) {
            prop_assert_eq!(format(&out), Ok(out.clone()), "{}", text);
            prop_assert_eq!(comments(&out), comments(&text), "{}", text);
        }
    }
}

fn temp_file(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("escalation-lab-rules-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.to_string_lossy().into_owned()
}

const MESSY: &str = "# why\nrule \"a\" when waiting > 60m # an hour\n then escalate";
const TIDY: &str = "# why\nrule \"a\"\n  when waiting > 1h # an hour\n  then escalate\n";

#[test]
fn the_command_prints_checks_and_writes_a_rule_text() {
    let f = temp_file("messy.rules", MESSY);
    let out = cli(&["rules", "fmt", &f]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), TIDY);
    let out = cli(&["rules", "fmt", &f, "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains(&format!("{f}: not formatted")), "{}", text(&out.stdout));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), MESSY, "--check changes nothing");
    let out = cli(&["rules", "fmt", "--write", &f]);
    assert_eq!((out.status.code(), text(&out.stdout)), (Some(0), String::new()));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), TIDY);
    let out = cli(&["rules", "fmt", &f, "--check"]);
    assert_eq!((out.status.code(), text(&out.stdout)), (Some(0), String::new()));
}

#[test]
fn the_command_changes_only_a_scenario_s_rules_string() {
    let original = super::support::preset_text("b1-rules");
    let doc: serde_json::Value = serde_json::from_str(&original).unwrap();
    let old_literal = serde_json::to_string(&doc["rules"]).unwrap();
    assert!(original.contains(&old_literal), "the preset writes its rules as serde_json does");
    let messy = original.replace(&old_literal, &serde_json::to_string(MESSY).unwrap());
    let f = temp_file("scenario.json", &messy);
    let out = cli(&["rules", "fmt", &f, "--check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let out = cli(&["rules", "fmt", &f]);
    let expected = original.replace(&old_literal, &serde_json::to_string(TIDY).unwrap());
    assert_eq!(text(&out.stdout), expected, "printed: the scenario with its rules formatted");
    let out = cli(&["rules", "fmt", &f, "--write"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), expected, "every other byte as it was");
    assert_eq!(cli(&["rules", "fmt", &f, "--check"]).status.code(), Some(0));
    // The shipped scenario's own rules: formatted, the rest of the file unchanged.
    let f = temp_file("b1-rules.json", &original);
    assert_eq!(cli(&["rules", "fmt", &f, "--write"]).status.code(), Some(0));
    let written = std::fs::read_to_string(&f).unwrap();
    let rules = doc["rules"].as_str().unwrap();
    let formatted = format(rules).unwrap();
    assert_eq!(written, original.replace(&old_literal, &serde_json::to_string(&formatted).unwrap()));
    // Without rules, nothing to do.
    let f = temp_file("none.json", "{\"version\": 1}\n");
    let out = cli(&["rules", "fmt", &f, "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn the_command_lists_errors_at_the_file_s_line_and_column() {
    let f = temp_file("broken.rules", "# ok\nrule \"x\" whem arrives then escalate\n");
    let out = cli(&["rules", "fmt", &f, "--write"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), format!("{f}:2:10: expected \"when\", found \"whem\" (did you mean \"when\"?)\n"));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "# ok\nrule \"x\" whem arrives then escalate\n");
    // In a scenario, the place is in the JSON file: the rules string starts at line 3, column
    // 12, and `whem` is written 12 characters into it.
    let json = "{\n  \"version\": 1,\n  \"rules\": \"rule \\\"x\\\" whem arrives then escalate\\nrule y\"\n}\n";
    let f = temp_file("broken.json", json);
    let out = cli(&["rules", "fmt", &f]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.starts_with(&format!("{f}:3:24: expected \"when\", found \"whem\"")), "{err}");
    assert!(err.contains(&format!("{f}:3:57: expected a name in double quotes")), "{err}");
    assert_eq!(text(&out.stdout), "");
    let f = temp_file("bad.json", "{\"rules\": \"x\",}");
    let out = cli(&["rules", "fmt", &f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with(&format!("{f}:1:15: ")), "{}", text(&out.stderr));
    for (args, expected) in [
        (&["rules"][..], "rules needs what to do and a FILE"),
        (&["rules", "lint", "x"], "unknown rules command \"lint\""),
        (&["rules", "fmt"], "rules fmt needs a FILE"),
        (&["rules", "fmt", &f, "--check", "--write"], "--write and --check do not go together"),
        (&["rules", "fmt", "no/such.rules"], "cannot read \"no/such.rules\""),
    ] {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.starts_with("escalation-lab: ") && err.contains(expected), "{args:?}: {err}");
    }
}
