//! The pure core of Escalation Lab: scenario model and validation, workload generators,
//! discrete-event simulation, statistics and queueing formulas.
//!
//! Nothing in here touches the outside world: no browser, no clock, no file, no global state.
//! A run is a function of data, `(validated model, seed) -> Report`, and gives the same report bit
//! for bit natively and in wasm32.
//!
//! ```
//! let text = include_str!("../static/scenarios/b1-mmc.json");
//! let checked = escalation_lab::engine::load(text);
//! let model = checked.model.expect("the scenario is valid");
//! let report = escalation_lab::engine::run(&model, &checked.problems);
//! assert_eq!(report.levels, ["L1"]);
//! ```

pub mod analytic;
pub mod batch;
pub mod calendar;
pub mod calibrate;
pub mod compare;
pub mod distribution;
pub mod document;
pub mod drill;
pub mod event_log;
pub mod fit;
pub mod goals;
pub mod handbook;
pub mod histogram;
pub mod history;
pub mod import;
pub mod json_text;
pub mod model;
pub mod number;
pub mod opening;
pub mod order;
pub mod playback;
pub mod precision;
pub mod problem;
pub mod references;
pub mod rename;
pub mod report;
pub mod rng;
pub mod rules;
pub mod runner;
pub mod share;
pub mod simulation;
pub mod sweep;
pub mod time;
pub mod trends;
pub mod validate;
pub mod walk;
pub mod words;

pub use document::Document;
pub use model::Model;
pub use problem::{Problem, Severity};
pub use report::Report;
pub use runner::{Control, Progress, run, run_with_progress};
pub use validate::{Validation, load, parse, validate};
