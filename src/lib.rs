//! Escalation Lab: author an escalation matrix, run streams of synthetic issues through it, and
//! see where bottlenecks and SLA breaches happen.
//!
//! `engine` is the pure simulation core; the command-line runner (`src/main.rs`) and the browser
//! app are thin layers over it; `authoring` holds what the app's editors need that needs no
//! browser (the state and its reducer, the undo history, the matrix's wait timers); `wire` holds
//! the messages between the app and its engine workers, and the bytes they cross as.

pub mod authoring;
pub mod b1;
pub mod engine;
pub mod figures;
#[cfg(target_arch = "wasm32")]
pub mod ui;
pub mod wire;
