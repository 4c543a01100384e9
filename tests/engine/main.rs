//! Behaviour of the engine and the command-line runner, checked against known truth: queueing
//! formulas, hand-computed cases, the peer simulators' results and exact validation messages.
//! One module per behaviour.

mod calendar_sla;
mod calibrate;
mod cli;
mod compare;
mod cross_check;
mod csv;
mod determinism;
mod event_log;
mod figures;
mod fit;
mod goals;
mod handbook;
mod history;
mod import;
mod littles_law;
mod loops;
mod mechanics;
mod near_match;
mod opening;
mod peers;
mod playback;
mod precision;
mod presets;
mod purity;
mod queueing;
mod references;
mod rename;
mod review;
mod rule_fixes;
mod rules_format;
mod rules_recovery;
mod rules_semantics;
mod rules_syntax;
mod rules_warnings;
mod script;
mod share;
mod sla_clocks;
mod support;
mod sweep;
mod trends;
mod trends_targets;
mod validation;
mod walk;
mod working_days;
