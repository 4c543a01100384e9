//! The messages between the page's pool of engine workers (`ui/pool.rs`) and a member
//! (`ui/worker/member.rs`): a unit of a batch to run or to stop, and the member's progress and
//! replications.

use serde::{Deserialize, Serialize};

use crate::engine::batch::Unit;
use crate::engine::simulation::Replication;

/// A message from the page to a member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToMember {
    /// Run this unit of job `id`, instead of whatever the member was running.
    Unit { id: u32, unit: Unit },
    /// Stop the unit of job `id` if one is running.
    Cancel { id: u32 },
}

/// A message from a member to the page.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub enum FromMember {
    /// The member has started and takes units.
    Ready,
    /// The unit is this far through its replication, in [0, 1].
    Progress { id: u32, round: u32, index: u32, fraction: f64 },
    /// The unit's replication finished.
    Replicated { id: u32, round: u32, index: u32, replication: Box<Replication> },
    /// The unit could not run, and why.
    Refused { id: u32, round: u32, message: String },
}
