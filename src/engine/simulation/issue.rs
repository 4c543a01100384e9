//! Issues in the system, kept in a pool of reusable slots so memory stays bounded by the number
//! of issues open at once, not by the number simulated.

use crate::engine::model::{Action, MAX_ATTRIBUTES};

/// Marks "no value" in the small integer fields below.
pub const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// In the queue of its level since `join_time`.
    Waiting,
    InService,
    /// Resolved, awaiting the follow-up that reopens it.
    FollowUp,
}

/// Why an issue moved from one level to another (or entered one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// Entered at the start of its path.
    Entry,
    /// Entered past the start of its path (skip-level entry).
    SkipLevel,
    /// A service did not resolve it.
    Outcome,
    /// It waited in a queue past a wait timer.
    WaitTimer,
    /// It stayed open past an age trigger.
    AgeTrigger,
    /// An SLA-fraction trigger moved it.
    SlaTrigger,
    /// It reopened after a resolution.
    Reopen,
}

impl Reason {
    pub const ALL: [Reason; 7] = [
        Reason::Entry,
        Reason::SkipLevel,
        Reason::Outcome,
        Reason::WaitTimer,
        Reason::AgeTrigger,
        Reason::SlaTrigger,
        Reason::Reopen,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Reason::Entry => "entry",
            Reason::SkipLevel => "skip_level",
            Reason::Outcome => "outcome",
            Reason::WaitTimer => "wait_timer",
            Reason::AgeTrigger => "age_trigger",
            Reason::SlaTrigger => "sla_trigger",
            Reason::Reopen => "reopen",
        }
    }
}

/// A move decided while the issue was in service, applied if the service does not resolve it.
#[derive(Clone, Copy, Debug)]
pub struct PendingMove {
    pub action: Action,
    pub reason: Reason,
    pub trigger: u32,
}

#[derive(Clone, Debug)]
pub struct Issue {
    /// Arrival index within the replication; tells a slot's successive occupants apart.
    pub uid: u32,
    pub arrival: u64,
    /// First service start; `u64::MAX` until then.
    pub first_start: u64,
    /// Time the SLA clocks had been paused by the first service start: the first response
    /// leaves out these pauses, not the ones after it.
    pub first_paused_ms: u64,
    pub category: u16,
    /// The current priority (rules may change it).
    pub priority: u16,
    /// The priority the issue arrived with: the report's per-priority groups count it there.
    pub arrival_priority: u16,
    /// Index into the category's path.
    pub position: u16,
    pub level: u16,
    pub state: State,
    /// Counts queue visits; a wait timer is valid only for the visit it was set in.
    pub visit: u32,
    /// Counts stays at a level (a requeue at the same level is the same stay); a time-at-level
    /// timer is valid only for the stay it was set in.
    pub stint: u32,
    /// When the current stay at the level began.
    pub stint_start: u64,
    pub join_time: u64,
    pub pending: Option<PendingMove>,
    /// The next service adds the level's handoff time.
    pub escalated_in: bool,
    /// Arrived inside the measurement window [warm-up, horizon).
    pub counted: bool,
    /// Index of the SLA policy, or `NONE`.
    pub sla: u32,
    pub attributes: [u8; MAX_ATTRIBUTES],
    /// Tags carried, bit `i` for the workload's tag `i`.
    pub tags: u32,
    /// Impact and urgency indices from triage, or `u8::MAX`.
    pub impact: u8,
    pub urgency: u8,
    /// Index of this issue's journey in the journey log, or `NONE`.
    pub journey: u32,
    pub escalations: u16,
    pub reopens: u16,
    /// Times a `loop_back` has sent it back through the escalation.
    pub loops: u16,
    /// Keys this issue's work sub-streams (service times, outcomes), drawn from the arrival stream.
    pub seed: u64,
    /// Services started so far.
    pub services: u16,
    /// When the SLA clocks were paused; `u64::MAX` while they run.
    pub sla_paused_since: u64,
    /// Time (on the SLA policy's calendar) the clocks spent paused before `sla_paused_since`.
    pub sla_paused_ms: u64,
    /// On hold, and the clocks of the reply, update and status targets: only for an issue whose
    /// SLA policy has such a target (boxed, so that other issues stay small).
    pub clocks: Option<Box<Clocks>>,
}

/// Where an issue's hold and the clocks of the SLA targets besides first response and
/// resolution stand (`MoreTarget`: next reply, periodic and pausable update, requester wait,
/// agent work). Times are on the SLA policy's calendar; `u64::MAX` marks a clock not running.
/// Only kept when the issue's policy has such a target (hold excepted).
#[derive(Clone, Copy, Debug)]
pub struct Clocks {
    /// When the issue went on hold (waiting on a third party).
    pub held_since: u64,
    /// Time on hold before `held_since`.
    pub held_ms: u64,
    /// When its follow-up began (resolved, a reopen to come).
    pub follow_up_since: u64,
    /// Time in follow-ups before `follow_up_since`.
    pub follow_up_ms: u64,
    /// Since when a next reply is owed (handed to another level, or reopened), and the time
    /// the SLA clocks had been paused by then.
    pub reply_since: u64,
    pub reply_paused: u64,
    /// The last agent update (a service start or end), and the paused time by then.
    pub update_at: u64,
    pub update_paused: u64,
    /// Per recurring target (next reply, periodic update, pausable update: bits 0-1, 2-3,
    /// 4-5), whether an interval was judged and whether one breached.
    pub judged: u8,
}

impl Default for Clocks {
    fn default() -> Clocks {
        Clocks {
            held_since: u64::MAX,
            held_ms: 0,
            follow_up_since: u64::MAX,
            follow_up_ms: 0,
            reply_since: u64::MAX,
            reply_paused: 0,
            update_at: u64::MAX,
            update_paused: 0,
            judged: 0,
        }
    }
}

/// Slots with a free list; per-slot wait totals per level live in one flat array beside them.
pub struct Pool {
    pub issues: Vec<Issue>,
    free: Vec<u32>,
    /// `waits[slot * levels + level]`: ms this issue has waited at each level (for bottlenecks).
    pub waits: Vec<u64>,
    levels: usize,
    pub live: usize,
}

impl Pool {
    pub fn new(levels: usize) -> Pool {
        Pool { issues: Vec::new(), free: Vec::new(), waits: Vec::new(), levels, live: 0 }
    }

    /// Stores an issue and returns its slot. The visit counter carries over from the slot's last
    /// occupant so that stale wait timers can never match the new one.
    pub fn insert(&mut self, mut issue: Issue) -> u32 {
        self.live += 1;
        if let Some(slot) = self.free.pop() {
            let last = &mut self[slot];
            issue.visit = last.visit.wrapping_add(1);
            issue.stint = last.stint.wrapping_add(1);
            *last = issue;
            let i = slot as usize;
            self.waits[i * self.levels..(i + 1) * self.levels].fill(0);
            slot
        } else {
            self.issues.push(issue);
            self.waits.resize(self.waits.len() + self.levels, 0);
            (self.issues.len() - 1) as u32
        }
    }

    pub fn remove(&mut self, slot: u32) {
        self.live -= 1;
        // Bump the visit so no stale entry in a queue can match this slot's next occupant.
        let issue = &mut self[slot];
        issue.visit = issue.visit.wrapping_add(1);
        issue.uid = NONE;
        self.free.push(slot);
    }

    pub fn waits(&self, slot: u32) -> &[u64] {
        let i = slot as usize;
        &self.waits[i * self.levels..(i + 1) * self.levels]
    }

    #[inline(always)]
    pub fn add_wait(&mut self, slot: u32, level: usize, ms: u64) {
        self.waits.as_mut_slice()[slot as usize * self.levels + level] += ms;
    }
}

/// The issue in a slot. Every event handler reads its issue this way: indexing the slice itself
/// (not `Vec`'s `Index`, a call in the size-tuned browser build) keeps the engine's hottest
/// lookup inline there too.
impl std::ops::Index<u32> for Pool {
    type Output = Issue;

    #[inline(always)]
    fn index(&self, slot: u32) -> &Issue {
        &self.issues.as_slice()[slot as usize]
    }
}

impl std::ops::IndexMut<u32> for Pool {
    #[inline(always)]
    fn index_mut(&mut self, slot: u32) -> &mut Issue {
        &mut self.issues.as_mut_slice()[slot as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::Reason;

    /// `Collector::flow` takes a reason's place in `Reason::ALL` to be its number.
    #[test]
    fn reasons_are_numbered_in_the_order_of_all() {
        for (i, r) in Reason::ALL.into_iter().enumerate() {
            assert_eq!(r as usize, i, "{r:?}");
        }
    }
}
