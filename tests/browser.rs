//! Browser tests: run in headless Chromium by wasm-bindgen-test-runner
//! (`cargo test --target wasm32-unknown-unknown --test browser`, from scripts/test.sh). They check
//! what only a browser can: that the engine gives the native report bit for bit in wasm32, and the
//! app's pieces that touch browser APIs (storage, the worker's message codec).
#![cfg(target_arch = "wasm32")]

use escalation_lab::ui::{storage, worker};
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
