//! What a trainer playback in a gloo engine worker (`ui/worker/playback.rs`) is asked ([`Play`])
//! and answers ([`Played`]).

use serde::{Deserialize, Serialize};

use crate::engine::Problem;
use crate::engine::playback::{Change, View};

/// What a trainer playback is asked to do. (Tuple variants, not named fields: these cross often,
/// and short messages decode quickly.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Play {
    /// Validate the scenario (its text) and play it back from its own seed, from its start (a
    /// playback already going ends).
    Start(String),
    /// Move on by this many minutes of simulated time.
    Advance(f64),
    /// Make a change at the moment reached.
    Change(Change),
    /// Go on from the moment reached under this edited scenario's policy (its text): its
    /// timers, rules and staff (`engine::playback::policy`).
    Policy(String),
    /// Save the moment reached as a checkpoint.
    Save,
    /// Return to the checkpoint of this index.
    Restore(usize),
    /// As `Start`, with the scenario's drill: the playback stops at each question's moment.
    Drill(String),
    /// Answer the question asked now with the option of this index.
    Answer(usize),
    /// End the playback; not answered.
    Stop,
}

/// A trainer playback's answer to a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Played {
    /// The playback now stands here.
    State(Box<View>),
    /// The playback could not start: the scenario has errors. As JSON text: a problem leaves out
    /// the line and column it lacks.
    Invalid(#[serde(with = "crate::engine::json_text")] Vec<Problem>),
    /// There is no such playback: it ended, or another has started since.
    Gone,
}
