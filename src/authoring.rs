//! What the app's editors need that does not need a browser: the app's state and its reducer,
//! the undo history of the scenario document and the words that name each change, JSON pointers,
//! the matrix's wait timers, what opening a file or link says (and the preview of a vendor's
//! policy before it replaces the scenario), the options of an embed address,
//! the levels a calibration maps a history's groups to, as the user writes them; the reply, update
//! and status SLA targets in words; completion in
//! the rule editor and what a rule or a name there means.
//! Compiled natively too, so that it is tested with the engine's tests rather than only in a
//! browser.

pub mod change;
pub mod checked;
pub mod embed;
pub mod history;
pub mod import_preview;
pub mod levels;
pub mod live_matrix;
pub mod more_targets;
pub mod opening;
pub mod pointer;
pub mod rule_complete;
pub mod rule_explain;
pub mod rule_names;
pub mod state;
pub mod waits;
