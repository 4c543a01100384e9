//! Browser tests: run in headless Chromium by wasm-bindgen-test-runner
//! (`cargo test --target wasm32-unknown-unknown --test browser`, from scripts/test.sh). They check
//! what only a browser can: that the engine gives the native report bit for bit in wasm32, and the
//! app's pieces that touch browser APIs (storage, the workers' message codecs).
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
fn a_replication_crosses_from_a_pool_worker_bit_for_bit_whatever_its_seed() {
    use escalation_lab::engine::{self, simulation::Simulation};
    use escalation_lab::wire::FromMember;
    use worker::codec;
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../static/scenarios/b1.json")).expect("b1.json is JSON");
    doc["run"]["horizon"] = "100h".into();
    let model = engine::load(&doc.to_string()).model.expect("the scenario is valid");
    // Seeds above 2^53, which a JavaScript number would round, cross whole.
    for seed in [11, (1 << 53) + 1, u64::MAX - 6] {
        let replication = Simulation::run(&model, seed);
        let message = FromMember::Replicated { id: 3, round: 1, index: 2, replication: Box::new(replication) };
        let mut posted = None;
        codec::post(&message, |js, transfer| {
            posted = Some((js.clone(), transfer.clone()));
            Ok(())
        })
        .expect("a pool message encodes");
        let (js, transfer) = posted.expect("the message is posted");
        assert_eq!(js_sys::Array::from(&transfer).length(), 1, "its bytes' buffer is handed over");
        let back: FromMember = codec::from_js(js).expect("a pool message decodes");
        assert_eq!(back, message, "seed {seed}");
    }
}

#[wasm_bindgen_test]
fn a_playback_view_crosses_from_the_trainer_worker() {
    use escalation_lab::engine::{self, playback::Playback};
    use gloo::worker::Codec;
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../static/scenarios/billing-dispute.json")).expect("preset is JSON");
    let model = engine::load(&doc.to_string()).model.expect("the scenario is valid");
    let mut playback = Playback::new(std::slice::from_ref(&model), model.run.seed);
    playback.advance(600.0);
    let view = playback.view();
    let js = worker::codec::Bytes::encode(worker::Answer::Playback(4, worker::Played::State(Box::new(view.clone()))));
    match worker::codec::Bytes::decode::<worker::Answer>(js) {
        worker::Answer::Playback(4, worker::Played::State(back)) => assert_eq!(*back, view),
        _ => panic!("decoded another message"),
    }
}

#[wasm_bindgen_test]
fn a_history_reads_file_crosses_as_itself_beside_the_bytes() {
    use escalation_lab::engine::history::ReadOptions;
    use gloo::worker::Codec;
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&"number,opened_at\nINC1,2026-01-05 09:00:00\n".into());
    let blob: wasm_bindgen::JsValue = web_sys::Blob::new_with_str_sequence(&parts).expect("a blob").into();
    let request = worker::Request::History {
        id: 9,
        file: blob.clone(),
        options: Box::new(ReadOptions { day_first: Some(true), ..ReadOptions::default() }),
        scenario: "{}".into(),
    };
    let js = worker::codec::Bytes::encode(request.clone());
    let items = js_sys::Array::from(&js);
    assert_eq!(items.length(), 2, "the bytes, then the file");
    assert!(items.get(1).is_instance_of::<web_sys::Blob>());
    assert_eq!(worker::codec::Bytes::decode::<worker::Request>(js), request);
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
