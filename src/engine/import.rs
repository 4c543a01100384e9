//! Vendor escalation and SLA policies as a scenario (`docs/import.md`): a PagerDuty escalation
//! policy, an Opsgenie escalation or Zendesk SLA policies, read from the JSON of the vendor's
//! REST API, become a scenario document that `engine::load` validates cleanly.
//!
//! Every field the scenario can express is mapped; every one it cannot is a `Warning` at its
//! JSON path, never dropped without a word. What the vendor's file does not say (staff's work
//! time, arrivals) is assumed, and the scenario's description says so. A file that is not JSON,
//! is another vendor's, or lacks a field the mapping needs is refused with where and what.
//! Pure: text in, document and warnings out.

mod json;
mod oncall;
mod opsgenie;
mod pagerduty;
mod scaffold;
mod zendesk;

use std::fmt;

use json::refusal;
use serde_json::Value;

use super::document::{self, Document};

/// The tools whose policies can be imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vendor {
    PagerDuty,
    Opsgenie,
    Zendesk,
}

impl Vendor {
    pub const ALL: [Vendor; 3] = [Vendor::PagerDuty, Vendor::Opsgenie, Vendor::Zendesk];

    /// The name used on the command line (`--from pagerduty`).
    pub fn key(self) -> &'static str {
        match self {
            Vendor::PagerDuty => "pagerduty",
            Vendor::Opsgenie => "opsgenie",
            Vendor::Zendesk => "zendesk",
        }
    }

    pub fn from_key(key: &str) -> Option<Vendor> {
        Vendor::ALL.into_iter().find(|v| v.key() == key)
    }

    /// What its file holds, in words.
    pub fn what(self) -> &'static str {
        match self {
            Vendor::PagerDuty => "a PagerDuty escalation policy",
            Vendor::Opsgenie => "an Opsgenie escalation",
            Vendor::Zendesk => "Zendesk SLA policies",
        }
    }

    /// Whether the file's top level is this vendor's.
    fn recognises(self, top: &Value) -> bool {
        let has = |k: &str| top.get(k).is_some();
        match self {
            Vendor::PagerDuty => has("escalation_policy") || has("escalation_policies"),
            Vendor::Opsgenie => {
                let body = top.get("data").unwrap_or(top);
                let one = match body {
                    Value::Array(items) => items.first().unwrap_or(&Value::Null),
                    other => other,
                };
                one.get("rules").is_some_and(Value::is_array)
            }
            Vendor::Zendesk => has("sla_policies") || has("sla_policy"),
        }
    }
}

/// A field of the vendor's policy that the scenario cannot express, or a choice the mapping
/// made that changes its meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// JSON path in the vendor's file, e.g. `escalation_policy.teams`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a file cannot be imported: where, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// JSON path in the file, `(the file)` for the whole of it, or `line L, column C` for text
    /// that is not JSON.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A vendor's policy as a scenario.
#[derive(Clone, Debug)]
pub struct Imported {
    pub vendor: Vendor,
    pub document: Document,
    pub warnings: Vec<Warning>,
}

impl Imported {
    /// The scenario as the JSON text of a scenario file.
    pub fn scenario_json(&self) -> String {
        document::pretty(&self.document) + "\n"
    }
}

/// Imports a vendor's policy file: `from` the named vendor, or the one recognised from the
/// file's top level.
pub fn import(text: &str, from: Option<Vendor>) -> Result<Imported, Refusal> {
    let top: Value = serde_json::from_str(text).map_err(|e| {
        refusal(format!("line {}, column {}", e.line(), e.column()), format!("not JSON: {}", plain(&e)))
    })?;
    if !top.is_object() {
        return Err(json::expected("(the file)", "an object", &top));
    }
    let recognised = recognise(&top);
    let vendor = match (from, recognised) {
        (Some(asked), Some(found)) if asked != found => {
            return Err(refusal(
                "(the file)".to_string(),
                format!("this is not {}: it looks like {}", asked.what(), found.what()),
            ));
        }
        (Some(asked), _) => asked,
        (None, Some(found)) => found,
        (None, None) => {
            return Err(refusal(
                "(the file)".to_string(),
                "not a policy this importer knows: expected a PagerDuty escalation policy (\"escalation_policy\"), an Opsgenie escalation (\"rules\" with \"condition\" and \"delay\") or Zendesk SLA policies (\"sla_policies\")",
            ));
        }
    };
    let mut warnings = Vec::new();
    // The first refusal of the read, if any, instead of the scenario read after it.
    let first = json::First::default();
    let file = json::Obj::new(&top, "", &first);
    let document = match vendor {
        Vendor::PagerDuty => pagerduty::import(file, &mut warnings),
        Vendor::Opsgenie => opsgenie::import(file, &mut warnings),
        Vendor::Zendesk => zendesk::import(file, &mut warnings),
    };
    match first.into_inner() {
        Some(refusal) => Err(refusal),
        None => Ok(Imported { vendor, document, warnings }),
    }
}

/// The vendor whose policy a file's top level is, if any: how `import` tells the vendor when
/// none is named, and how the app tells a vendor's file from some other JSON file.
pub fn recognise(top: &Value) -> Option<Vendor> {
    Vendor::ALL.into_iter().find(|v| v.recognises(top))
}

/// serde_json's message without its trailing position (the path says it).
fn plain(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
