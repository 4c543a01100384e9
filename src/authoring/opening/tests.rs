//! Opening files and links: what is refused and how it is said, the notice of a scenario that
//! opens with errors (at most 8 lines), and the sentence of the *Undo* bar.

use std::rc::Rc;

use serde_json::json;

use super::*;
use crate::authoring::checked::Checked;

fn b1() -> Value {
    serde_json::from_str(include_str!("../../../static/scenarios/b1.json")).unwrap()
}

/// B1 with `n` errors: triggers at levels it does not have.
fn with_errors(n: usize) -> Value {
    let mut doc = b1();
    let triggers = doc["triggers"].as_array_mut().unwrap();
    for i in 1..=n {
        triggers.push(json!({
            "name": format!("t{i}"), "when": { "queue_wait_over": { "P1": "10m" } }, "then": "escalate_next",
            "levels": [format!("Nowhere {i}")]
        }));
    }
    assert_eq!(Checked::of(&doc).errors().count(), n, "{:?}", Checked::of(&doc).problems);
    doc
}

#[test]
fn what_cannot_be_read_is_refused_saying_why() {
    let too_large = "x".repeat(engine::opening::MAX_TEXT + 1);
    let cases: [(&str, Result<String, String>, &str); 9] = [
        ("x.json", Err("NotReadableError".into()), "the file could not be read: NotReadableError"),
        ("empty.json", Ok("  \n".into()), "it is empty"),
        ("big.json", Ok(too_large), "it is 8388609 bytes, too large to be a scenario (at most 8 MB)"),
        ("x.json", Ok("{\"version\": 1,\n  \"name\": }".into()), "line 2, column 11: not valid JSON (expected value)"),
        (
            "list.json",
            Ok("[]".into()),
            "the document is a list, not a scenario: a scenario is an object, { \"version\": 1, \"levels\": … }",
        ),
        (
            "notes.json",
            Ok("{\"title\": \"notes\"}".into()),
            "it has no \"version\", so it is not a scenario file; this build reads version 1",
        ),
        (
            "new.json",
            Ok("{\"version\": 2}".into()),
            "it is format version 2, written by a newer Escalation Lab; this build reads version 1",
        ),
        (
            "odd.json",
            Ok("{\"version\": \"one\"}".into()),
            "format version \"one\" is not supported; this build reads version 1",
        ),
        (
            "Odd Name.JSON",
            Ok("{\"version\": 0}".into()),
            "format version 0 is not supported; this build reads version 1",
        ),
    ];
    for (name, text, line) in cases {
        let notice = import(name, text).expect_err(name);
        assert_eq!(notice.kind, NoticeKind::Error);
        assert_eq!(notice.title, format!("Could not import {name}; the current scenario is unchanged"));
        assert_eq!(notice.lines, [line], "{name}");
    }
}

#[test]
fn a_scenario_opens_whatever_its_errors_and_past_a_byte_order_mark() {
    let text = include_str!("../../../static/scenarios/b1.json");
    assert_eq!(import("b1.json", Ok(text.into())), Ok(b1()));
    assert_eq!(import("bom.json", Ok(format!("\u{feff}{text}"))), Ok(b1()), "a byte-order mark is read past");
    let broken = with_errors(3);
    assert_eq!(import("b.json", Ok(broken.to_string())), Ok(broken), "a work in progress opens");
}

#[test]
fn a_scenario_opened_with_errors_says_what_they_are_in_at_most_eight_lines() {
    let mut staff = b1();
    staff["levels"][0]["staff"] = json!(-3);
    let mut rule = b1();
    rule["rules"] = json!("rule \"up\"\n  when waiting > 10m\n  then escalate to \"NOWHERE\"\n");
    // (what opened it, the scenario, the notice's title, its lines: the first ones and how many)
    let cases: [(String, Value, &str, &[&str], usize); 7] = [
        (
            imported_by("b.json"),
            staff,
            "The file “b.json” opened with 1 error: fix it to run the scenario",
            &["levels › “L1” › staff: must be a whole number of staff, 0 or more, not -3"],
            1,
        ),
        (
            imported_by("Exported.JSON"),
            with_errors(1),
            "The file “Exported.JSON” opened with 1 error: fix it to run the scenario",
            &["triggers › “t1” › levels › #1: unknown level \"Nowhere 1\" (known: \"L1\", \"L2\", \"L3\", \"L4\")"],
            1,
        ),
        (
            "the shared link".into(),
            with_errors(8),
            "The shared link opened with 8 errors: fix them to run the scenario",
            &["triggers › “t1” › levels › #1: unknown level \"Nowhere 1\" (known: \"L1\", \"L2\", \"L3\", \"L4\")"],
            8,
        ),
        (
            "the shared link".into(),
            with_errors(9),
            "The shared link opened with 9 errors: fix them to run the scenario",
            &["triggers › “t1” › levels › #1: unknown level \"Nowhere 1\" (known: \"L1\", \"L2\", \"L3\", \"L4\")"],
            8,
        ),
        (
            imported_by("b.json"),
            with_errors(10),
            "The file “b.json” opened with 10 errors: fix them to run the scenario",
            &["triggers › “t1” › levels › #1: unknown level \"Nowhere 1\" (known: \"L1\", \"L2\", \"L3\", \"L4\")"],
            8,
        ),
        (
            imported_by("r.json"),
            rule,
            "The file “r.json” opened with 1 error: fix it to run the scenario",
            &["rules, line 3, column 20: unknown level \"NOWHERE\" (level names: L1, L2, L3, L4)"],
            1,
        ),
        (
            imported_by("élan.json"),
            json!({"version": 1}),
            "The file “élan.json” opened with 1 error: fix it to run the scenario",
            // An error of the whole document is told without a place.
            &["the required field \"priorities\" is missing"],
            1,
        ),
    ];
    for (by, doc, title, first, count) in cases {
        let notice = opened_notice(&by, &doc).expect(title);
        assert_eq!(notice.kind, NoticeKind::Warning);
        assert_eq!(notice.title, title);
        assert_eq!(&notice.lines[..first.len()], first, "{title}");
        assert_eq!(notice.lines.len(), count, "{title}: {:?}", notice.lines);
        let errors = Checked::of(&doc).errors().count();
        if errors > 8 {
            assert_eq!(notice.lines[7], format!("and {} more, all listed under Problems", errors - 7));
        }
    }
    assert_eq!(opened_notice("the shared link", &b1()), None, "nothing to say of a scenario without errors");
}

#[test]
fn the_undo_bar_names_what_replaced_the_scenario() {
    let cases = [
        (
            imported_by("exported.json"),
            json!({"name": "Desk"}),
            "The file “exported.json” replaced your scenario “Desk”.",
        ),
        ("the preset “B1”".to_string(), json!({}), "The preset “B1” replaced your scenario “untitled”."),
        ("the shared link".to_string(), json!({"name": "a/b"}), "The shared link replaced your scenario “a/b”."),
    ];
    for (by, doc, sentence) in cases {
        assert_eq!(replaced_message(&Replaced { doc: Rc::new(doc), preset: None, by }), sentence);
    }
}
