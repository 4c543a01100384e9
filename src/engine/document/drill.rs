//! A drill's settings as written: which issues of the run the learner is asked about, and what
//! is asked. Kept in the scenario, so that the share link of a scenario with a drill is the
//! exercise a trainer sends to a class.

use serde::{Deserialize, Serialize};

/// Which issues a drill asks about, and what.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillDoc {
    /// Issues chosen by their number in the run (the numbers the journeys show, from 0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<u32>,
    /// More issues drawn from the run with the scenario's seed, each with a question to ask.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub sample: u32,
    /// What is asked: `next` (where the issue goes), `rule` (which rule or timer moves it),
    /// `breach` (whether it breaches its resolution target), `notify` (who is notified); every
    /// kind when left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ask: Vec<String>,
}

#[allow(clippy::trivially_copy_pass_by_ref, reason = "serde's `skip_serializing_if` passes a reference")]
fn is_zero(n: &u32) -> bool {
    *n == 0
}
