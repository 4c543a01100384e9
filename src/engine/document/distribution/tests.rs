//! The hand reader against serde's own derive for the same enum (the reader it replaces): the
//! same value for every object the derive accepts, and the same message for every one it refuses;
//! only where the message points may differ (the derive points at the closing brace).

use serde::Deserialize;

use crate::engine::document::DistributionDoc;

/// The enum as serde's derive reads it.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
enum Derived {
    Exponential { mean: String },
    Lognormal { mean: String, cv: f64 },
    Gamma { mean: String, shape: f64 },
    Triangular { min: String, mode: String, max: String },
    Uniform { min: String, max: String },
    Deterministic { value: String },
}

impl From<Derived> for DistributionDoc {
    fn from(d: Derived) -> Self {
        match d {
            Derived::Exponential { mean } => DistributionDoc::Exponential { mean },
            Derived::Lognormal { mean, cv } => DistributionDoc::Lognormal { mean, cv },
            Derived::Gamma { mean, shape } => DistributionDoc::Gamma { mean, shape },
            Derived::Triangular { min, mode, max } => DistributionDoc::Triangular { min, mode, max },
            Derived::Uniform { min, max } => DistributionDoc::Uniform { min, max },
            Derived::Deterministic { value } => DistributionDoc::Deterministic { value },
        }
    }
}

/// serde_json's message without its " at line L column C", the derive's name for what it
/// expected in this reader's words.
fn message(e: &serde_json::Error) -> String {
    let text = e.to_string().replace("internally tagged enum Derived", "an object with a \"dist\" field");
    text.split(" at line ").next().unwrap_or_default().to_string()
}

#[test]
fn reads_as_the_derive_does() {
    let cases = [
        // Each distribution, fields in any order.
        r#"{"dist": "exponential", "mean": "4m"}"#,
        r#"{"mean": "4m", "dist": "exponential"}"#,
        r#"{"dist": "lognormal", "mean": "10m", "cv": 0.5}"#,
        r#"{"cv": 1, "dist": "lognormal", "mean": "1h"}"#,
        r#"{"dist": "gamma", "mean": "1h", "shape": 2}"#,
        r#"{"dist": "triangular", "min": "1m", "mode": "2m", "max": "5m"}"#,
        r#"{"dist": "uniform", "min": "1m", "max": "5m"}"#,
        r#"{"dist": "deterministic", "value": "1d"}"#,
        // Missing: the tag, or a field of the distribution.
        r#"{"mean": "4m"}"#,
        "{}",
        r#"{"dist": "exponential"}"#,
        r#"{"dist": "lognormal", "mean": "10m"}"#,
        r#"{"dist": "gamma", "shape": 2}"#,
        r#"{"dist": "triangular", "min": "1m", "max": "5m"}"#,
        r#"{"dist": "uniform", "max": "5m"}"#,
        r#"{"dist": "deterministic"}"#,
        // A field of another distribution, or of none, before or after the tag.
        r#"{"dist": "exponential", "mean": "4m", "cv": 0.5}"#,
        r#"{"cv": 0.5, "dist": "exponential", "mean": "4m"}"#,
        r#"{"dist": "uniform", "min": "1m", "mode": "2m", "max": "5m"}"#,
        r#"{"dist": "exponential", "mean": "4m", "colour": "red"}"#,
        r#"{"colour": "red", "dist": "deterministic", "value": "1d"}"#,
        r#"{"dist": "exponential", "colour": "red"}"#,
        // An unknown distribution.
        r#"{"dist": "expo", "mean": "4m"}"#,
        r#"{"dist": "Exponential", "mean": "4m"}"#,
        // A field twice.
        r#"{"dist": "exponential", "mean": "4m", "mean": "5m"}"#,
        r#"{"dist": "lognormal", "mean": "4m", "cv": 1, "cv": 2}"#,
        // Not an object.
        r#""4m""#,
        "null",
    ];
    for case in cases {
        let ours = serde_json::from_str::<DistributionDoc>(case);
        let theirs = serde_json::from_str::<Derived>(case).map(DistributionDoc::from);
        match (ours, theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{case}"),
            (Err(a), Err(b)) => assert_eq!(message(&a), message(&b), "{case}"),
            (a, b) => panic!("{case}: read as {a:?}, the derive as {b:?}"),
        }
    }
}

#[test]
fn a_wrong_value_is_reported_where_it_stands() {
    // The derive buffers the object and reports at its closing brace (column 44); this reader at
    // the value itself.
    let text = r#"{"dist": "lognormal", "mean": 5, "cv": 0.5}"#;
    let e = serde_json::from_str::<DistributionDoc>(text).unwrap_err();
    assert_eq!(message(&e), "invalid type: integer `5`, expected a string");
    assert_eq!((e.line(), e.column()), (1, 31));
    let e = serde_json::from_str::<DistributionDoc>(r#"{"dist": "gamma", "mean": "1h", "shape": "two"}"#).unwrap_err();
    assert_eq!(message(&e), "invalid type: string \"two\", expected f64");
    // The derive also reads a list whose first item is the tag, which the format never had.
    let e = serde_json::from_str::<DistributionDoc>(r#"["exponential", "4m"]"#).unwrap_err();
    assert_eq!(message(&e), "invalid type: sequence, expected an object with a \"dist\" field");
}

#[test]
fn writes_what_it_reads() {
    for text in [
        r#"{"dist":"exponential","mean":"4m"}"#,
        r#"{"dist":"lognormal","mean":"10m","cv":0.5}"#,
        r#"{"dist":"gamma","mean":"1h","shape":2.0}"#,
        r#"{"dist":"triangular","min":"1m","mode":"2m","max":"5m"}"#,
        r#"{"dist":"uniform","min":"1m","max":"5m"}"#,
        r#"{"dist":"deterministic","value":"1d"}"#,
    ] {
        let read: DistributionDoc = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&read).unwrap(), text);
    }
}
