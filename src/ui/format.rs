//! Numbers as people read them: durations in the largest sensible unit, percentages, and
//! estimates with their 95% confidence half-width. The functions live in the engine
//! (`engine::report::numbers`), where the command line prints through them too and native tests
//! check them.

pub use crate::engine::report::numbers::{count, estimate, minutes, percent, trim};
