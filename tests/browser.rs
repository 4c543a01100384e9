//! Browser tests: run in headless Chromium by wasm-bindgen-test-runner
//! (`cargo test --target wasm32-unknown-unknown --test browser`, from scripts/test.sh). They check
//! what only a browser can: that the engine gives the native report bit for bit in wasm32, and the
//! app's pieces that touch browser APIs (storage, the worker's message codec, imports).
#![cfg(target_arch = "wasm32")]

use escalation_lab::ui::{app, storage, store, worker};
use serde_json::json;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "shared/fingerprint.rs"]
mod fingerprint;

#[wasm_bindgen_test]
fn the_report_is_the_native_one_bit_for_bit() {
    let found = fingerprint::fingerprint(&fingerprint::report());
    assert_eq!(found, fingerprint::EXPECTED.trim());
}

#[wasm_bindgen_test]
fn the_worker_codec_round_trips_a_report() {
    use gloo::worker::Codec;
    let report = fingerprint::report();
    let message = worker::Response::Done { id: 7, report: Box::new(report.clone()), elapsed_ms: 1.5 };
    let js = worker::JsCodec::encode(&message);
    match worker::JsCodec::decode::<worker::Response>(js) {
        worker::Response::Done { id, report: back, elapsed_ms } => {
            assert_eq!((id, elapsed_ms), (7, 1.5));
            assert_eq!(fingerprint::fingerprint(&back), fingerprint::fingerprint(&report));
        }
        other => panic!("decoded {other:?}"),
    }
}

#[wasm_bindgen_test]
fn autosave_round_trips_through_local_storage() {
    let doc = json!({"version": 1, "name": "saved"});
    storage::save(&doc, Some("b1"), None).expect("local storage works in the test browser");
    let saved = storage::load().expect("readable").expect("present");
    assert_eq!(saved.doc, doc);
    assert_eq!(saved.preset.as_deref(), Some("b1"));
    assert_eq!(saved.baseline, None);
    let a = json!({"version": 1, "name": "policy A"});
    storage::save(&doc, Some("b1"), Some(&a)).unwrap();
    assert_eq!(storage::load().unwrap().unwrap().baseline, Some(a));
    // A save from before baselines were kept still reads.
    let old = r#"{"doc": {"version": 1, "name": "saved"}, "preset": null}"#;
    web_sys::window().unwrap().local_storage().unwrap().unwrap().set_item(storage::KEY, old).unwrap();
    assert_eq!(storage::load().unwrap().unwrap().baseline, None);
    web_sys::window().unwrap().local_storage().unwrap().unwrap().set_item(storage::KEY, "{not json").unwrap();
    let err = storage::load().expect_err("damaged storage is reported");
    assert!(err.contains("could not be read"), "{err}");
}

#[wasm_bindgen_test]
fn an_imported_file_keeps_the_case_of_its_name_in_the_undo_bar() {
    let replaced = store::Replaced {
        doc: std::rc::Rc::new(json!({"name": "Desk"})),
        preset: None,
        by: app::imported_by("exported.json"),
    };
    assert_eq!(app::replaced_message(&replaced), "The file “exported.json” replaced your scenario “Desk”.");
}

#[wasm_bindgen_test]
fn a_broken_import_is_refused_with_where_and_what_and_one_with_errors_opens() {
    let notice = app::import("x.json", Ok("{\"version\": 1,\n  \"name\": }".into())).expect_err("refused");
    assert!(notice.title.contains("x.json") && notice.title.contains("unchanged"), "{}", notice.title);
    assert!(notice.lines[0].starts_with("line 2, column"), "{:?}", notice.lines);
    assert_eq!(notice.lines[0].matches("line").count(), 1, "the place once: {:?}", notice.lines);
    let notice = app::import("empty.json", Ok("  \n".into())).expect_err("refused");
    assert_eq!(notice.lines, vec!["it is empty".to_string()]);
    let notice = app::import("list.json", Ok("[]".into())).expect_err("refused");
    assert!(notice.lines[0].contains("the document is a list, not a scenario"), "{:?}", notice.lines);

    let mut doc: serde_json::Value = serde_json::from_str(include_str!("../static/scenarios/b1.json")).unwrap();
    doc["levels"][0]["staff"] = json!(-3);
    // A work in progress with errors opens, and says what its errors are.
    let opened = app::import("b.json", Ok(doc.to_string())).expect("opens");
    assert_eq!(opened, doc);
    let notice = app::opened_notice(&app::imported_by("b.json"), &opened).expect("its errors are told");
    assert_eq!(notice.title, "The file “b.json” opened with 1 error: fix it to run the scenario");
    assert_eq!(
        notice.lines,
        ["levels \u{203a} “L1” \u{203a} staff: must be a whole number of staff, 0 or more, not -3"]
    );

    let ok = app::import("b1.json", Ok(include_str!("../static/scenarios/b1.json").into()));
    assert!(ok.is_ok());
    let bom = app::import("bom.json", Ok(format!("\u{feff}{}", include_str!("../static/scenarios/b1.json"))));
    assert!(bom.is_ok(), "a byte-order mark is read past");
}
