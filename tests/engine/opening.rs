//! Opening a file or link: a scenario that reads opens whatever its validation says (a work in
//! progress with errors is worth keeping), and only text that cannot be read as a scenario is
//! refused, saying why.

use escalation_lab::engine::opening::{self, MAX_TEXT, Unreadable};
use escalation_lab::engine::{self, share};
use serde_json::json;

fn b1() -> serde_json::Value {
    serde_json::from_str(include_str!("../../static/scenarios/b1.json")).unwrap()
}

#[test]
fn a_scenario_with_errors_opens_with_its_errors_listed() {
    let mut doc = b1();
    doc["levels"][0]["resolve_probability"] = json!(-1);
    doc["levels"][1]["resolve_probability"] = json!(3);
    let text = serde_json::to_string_pretty(&doc).unwrap();
    assert_eq!(opening::open(&text), Ok(doc.clone()), "an exported work in progress opens as it was");
    let errors: Vec<String> = engine::load(&text).errors().map(|p| p.path.clone()).collect();
    assert_eq!(errors, ["levels[0].resolve_probability", "levels[1].resolve_probability"]);
    // The same through a link: what a link made of it carries opens too.
    let fragment = share::encode(&doc.to_string());
    assert_eq!(opening::open(&share::decode(&fragment).unwrap()), Ok(doc));
    // Staff of -1 is not even a count: a shape error, listed with its place in the text.
    let mut doc = b1();
    doc["levels"][0]["staff"] = json!(-1);
    let text = serde_json::to_string_pretty(&doc).unwrap();
    assert_eq!(opening::open(&text), Ok(doc));
    let errors: Vec<String> = engine::load(&text).errors().map(|p| format!("{}: {}", p.path, p.message)).collect();
    assert_eq!(errors, ["levels[0].staff: must be a whole number of staff, 0 or more, not -1"]);
}

#[test]
fn a_document_of_the_wrong_shape_opens_for_the_editor_to_show() {
    // An unknown field and a word where a number goes: the editor lists them at their places.
    let mut doc = b1();
    doc["levels"][0]["staff"] = json!("ten");
    doc["colour"] = json!("blue");
    let text = doc.to_string();
    assert_eq!(opening::open(&text), Ok(doc));
    let errors: Vec<String> = engine::load(&text).errors().map(|p| p.path.clone()).collect();
    assert_eq!(errors, ["levels[0].staff"], "serde stops at the first shape error");
    assert_eq!(opening::open(r#"{"version": 1}"#), Ok(json!({"version": 1})), "an empty scenario opens too");
}

#[test]
fn only_what_cannot_be_read_is_refused_saying_why() {
    let err = |t: &str| opening::open(t).unwrap_err();
    assert_eq!(err(" \n"), Unreadable::Empty);
    assert_eq!(err(" \n").to_string(), "it is empty");
    let e = err("{\"version\": 1,\n  \"name\": }");
    assert!(matches!(e, Unreadable::NotJson { line: 2, .. }), "{e:?}");
    assert!(e.to_string().starts_with("line 2, column 11: not valid JSON (expected value"), "{e}");
    assert_eq!(
        err("[]").to_string(),
        "the document is a list, not a scenario: a scenario is an object, { \"version\": 1, \"levels\": … }"
    );
    assert_eq!(err("\"hi\""), Unreadable::NotObject("a string"));
    assert_eq!(err(r#"{"name": "x"}"#), Unreadable::NoVersion);
    assert_eq!(
        err(r#"{"version": 2, "levels": []}"#).to_string(),
        "it is format version 2, written by a newer Escalation Lab; this build reads version 1"
    );
    assert_eq!(
        err(r#"{"version": "1"}"#).to_string(),
        "format version \"1\" is not supported; this build reads version 1"
    );
    let huge = format!("{{\"version\": 1, \"description\": \"{}\"}}", "x".repeat(MAX_TEXT));
    assert_eq!(err(&huge), Unreadable::TooLarge(huge.len()));
    // A byte-order mark is not part of the JSON.
    assert_eq!(opening::open("\u{feff}{\"version\": 1}"), Ok(json!({"version": 1})));
}
