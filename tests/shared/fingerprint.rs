//! The determinism fingerprint shared by the native and the browser tests: the FNV-1a hash of a
//! report's JSON, for a fixed scenario and seed. Both must find the value in
//! `tests/fixtures/fingerprint.txt`, so a report that differs between native code and wasm32 by
//! a single bit fails one of them.

use escalation_lab::engine::{self, Report};

/// B1 for 300 hours, two replications from seed 11.
pub fn report() -> Report {
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../../static/scenarios/b1.json")).expect("b1.json is JSON");
    doc["run"]["horizon"] = "300h".into();
    doc["run"]["replications"] = 2.into();
    doc["run"]["seed"] = 11.into();
    let checked = engine::load(&doc.to_string());
    let model = checked.model.expect("the scenario is valid");
    engine::run(&model, &checked.problems)
}

/// FNV-1a, 64 bits, of the report's JSON text, as 16 hex digits.
pub fn fingerprint(report: &Report) -> String {
    let text = serde_json::to_string(report).expect("a report serializes");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The recorded fingerprint.
pub const EXPECTED: &str = include_str!("../fixtures/fingerprint.txt");
