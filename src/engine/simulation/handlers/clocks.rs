//! The clocks of the SLA targets besides first response and resolution (`MoreTarget`), and an
//! issue on hold. All count on the policy's calendar:
//! - next reply: owed each time the issue is handed to another level or reopens (the oldest
//!   unanswered moment counts), given at its next service start; paused time left out;
//! - periodic and pausable update: each interval between agent updates (a service start or
//!   end) from the first response to the resolution; the pausable one leaves paused time out;
//! - requester wait: arrival to the close, less paused time and follow-ups (resolved, waiting
//!   for a reopen); agent work: the same, less time on hold.
//!
//! A recurring target is met when every interval is within it, and applies only to issues that
//! had one; a status target is judged once, at the close. An issue still open is breached only
//! once a running clock has passed its target.

use super::super::Simulation;
use super::super::issue::{Clocks, Issue, NONE};
use crate::engine::calendar::{Calendar, Span};
use crate::engine::document::MoreTarget;
use crate::engine::time::{SimTime, describe_minutes, minutes};

/// The bit saying an interval of a recurring target was judged; the bit above says one breached.
fn judged_bit(which: MoreTarget) -> u8 {
    match which {
        MoreTarget::NextReply => 1,
        MoreTarget::PeriodicUpdate => 1 << 2,
        MoreTarget::PausableUpdate => 1 << 4,
        MoreTarget::RequesterWait | MoreTarget::AgentWork => 0,
    }
}

/// Time the SLA clocks have been paused by `at`.
#[inline(always)]
pub(super) fn paused_by(issue: &Issue, cal: &Calendar, at: u64) -> u64 {
    total(cal, issue.sla_paused_ms, issue.sla_paused_since, at)
}

/// Time of a clock that ran since `since` (`u64::MAX`: not running; and earlier for `before`),
/// by `at` (nothing when `at` comes first: a calendar counts no time backwards).
#[inline(always)]
fn total(cal: &Calendar, before: u64, since: u64, at: u64) -> u64 {
    let running = if since == u64::MAX { 0 } else { cal.elapsed(SimTime(since), SimTime(at)) };
    before.saturating_add(running)
}

/// Records one interval of a recurring target: `used` of it since `from`.
fn judge(c: &mut Clocks, which: MoreTarget, target: Option<Span>, cal: &Calendar, from: u64, used: u64) {
    let Some(span) = target else { return };
    let bit = judged_bit(which);
    c.judged |= bit;
    if used > cal.span_ms(SimTime(from), span) {
        c.judged |= bit << 1;
    }
}

impl<'m> Simulation<'m> {
    /// The calendar and the issue's targets of its policy, when the policy has a reply, update
    /// or status target.
    fn more_targets(&self, issue: &Issue) -> Option<(&'m Calendar, [Option<Span>; 5])> {
        let model: &'m crate::engine::model::Model = self.model;
        let policy = model.sla.get(issue.sla as usize).filter(|p| p.has_more)?;
        Some((&model.calendars[policy.calendar].calendar, policy.more[issue.priority as usize]))
    }

    /// The issue is handed to another level or reopens: a next reply is owed, unless one
    /// already is (the oldest unanswered moment counts).
    #[inline]
    pub(super) fn reply_owed(&mut self, slot: u32) {
        if self.pool[slot].clocks.as_ref().is_some_and(|c| c.reply_since == u64::MAX) {
            self.start_reply(slot);
        }
    }

    /// [`Simulation::reply_owed`] for an issue that keeps the clocks and owes no reply yet.
    fn start_reply(&mut self, slot: u32) {
        let now = self.now;
        let issue = &self.pool[slot];
        let Some((cal, _)) = self.more_targets(issue) else { return };
        let paused = paused_by(issue, cal, now);
        let Some(c) = self.pool[slot].clocks.as_deref_mut() else { return };
        c.reply_since = now;
        c.reply_paused = paused;
    }

    /// An agent updates the issue: a service starts (`starts`, which gives an owed reply) or
    /// ends. The interval since the last update is judged; `last`: the update resolves the
    /// issue, and the update clocks stop (a follow-up starts when `follow_up`).
    ///
    /// Every service start and end comes here, and most issues keep no such clocks: that check
    /// is made in the caller, the rest out of line.
    #[inline(always)]
    pub(super) fn agent_update(&mut self, slot: u32, starts: bool, last: bool, follow_up: bool) {
        if self.pool[slot].clocks.is_some() {
            self.judge_update(slot, starts, last, follow_up);
        }
    }

    /// [`Simulation::agent_update`] for an issue that keeps the clocks.
    fn judge_update(&mut self, slot: u32, starts: bool, last: bool, follow_up: bool) {
        let now = self.now;
        let issue = &self.pool[slot];
        let Some((cal, targets)) = self.more_targets(issue) else { return };
        let paused = paused_by(issue, cal, now);
        let Some(c) = self.pool[slot].clocks.as_deref_mut() else { return };
        if starts && c.reply_since != u64::MAX {
            let from = c.reply_since;
            let used = cal.elapsed(SimTime(from), SimTime(now)).saturating_sub(paused.saturating_sub(c.reply_paused));
            judge(c, MoreTarget::NextReply, targets[MoreTarget::NextReply as usize], cal, from, used);
            c.reply_since = u64::MAX;
        }
        if c.update_at != u64::MAX {
            let from = c.update_at;
            let gap = cal.elapsed(SimTime(from), SimTime(now));
            judge(c, MoreTarget::PeriodicUpdate, targets[MoreTarget::PeriodicUpdate as usize], cal, from, gap);
            let used = gap.saturating_sub(paused.saturating_sub(c.update_paused));
            judge(c, MoreTarget::PausableUpdate, targets[MoreTarget::PausableUpdate as usize], cal, from, used);
        }
        (c.update_at, c.update_paused) = if last { (u64::MAX, 0) } else { (now, paused) };
        if follow_up {
            c.follow_up_since = now;
        }
    }

    /// A follow-up ended in a reopen: its time leaves the requester's wait, and a reply is owed.
    pub(super) fn follow_up_ended(&mut self, slot: u32) {
        let now = self.now;
        let issue = &self.pool[slot];
        if issue.clocks.is_none() {
            return;
        }
        let Some((cal, _)) = self.more_targets(issue) else { return };
        let Some(c) = self.pool[slot].clocks.as_deref_mut() else { return };
        c.follow_up_ms = total(cal, c.follow_up_ms, c.follow_up_since, now);
        c.follow_up_since = u64::MAX;
        self.reply_owed(slot);
    }

    /// Outcomes of the targets of [`MoreTarget::ALL`] for an issue resolved at `resolved_at`,
    /// or still open at `self.now`: `Some(breached)` when known, `None` when the target does
    /// not apply or an open issue is still within it.
    pub(super) fn more_outcome(&self, issue: &Issue, resolved_at: Option<u64>) -> [Option<bool>; 5] {
        let Some(c) = issue.clocks.as_deref() else { return [None; 5] };
        let Some((cal, targets)) = self.more_targets(issue) else { return [None; 5] };
        let at = resolved_at.unwrap_or(self.now);
        let paused = paused_by(issue, cal, at);
        let waited = cal.elapsed(SimTime(issue.arrival), SimTime(at)).saturating_sub(paused).saturating_sub(total(
            cal,
            c.follow_up_ms,
            c.follow_up_since,
            at,
        ));
        let held = total(cal, c.held_ms, c.held_since, at);
        // A clock still running: whether it has passed its target by `at`.
        let running = |since: u64, used: u64, span: Span| since != u64::MAX && used > cal.span_ms(SimTime(since), span);
        let mut out = [None; 5];
        for which in MoreTarget::ALL {
            let Some(span) = targets[which as usize] else { continue };
            out[which as usize] = match which {
                MoreTarget::RequesterWait | MoreTarget::AgentWork => {
                    let used = if which == MoreTarget::AgentWork { waited.saturating_sub(held) } else { waited };
                    let over = used > cal.span_ms(SimTime(issue.arrival), span);
                    if resolved_at.is_some() { Some(over) } else { over.then_some(true) }
                }
                _ => {
                    let over = match which {
                        MoreTarget::NextReply => {
                            let since = c.reply_since;
                            let used = total(cal, 0, since, at).saturating_sub(paused.saturating_sub(c.reply_paused));
                            running(since, used, span)
                        }
                        MoreTarget::PeriodicUpdate => running(c.update_at, total(cal, 0, c.update_at, at), span),
                        _ => {
                            let used =
                                total(cal, 0, c.update_at, at).saturating_sub(paused.saturating_sub(c.update_paused));
                            running(c.update_at, used, span)
                        }
                    };
                    let bit = judged_bit(which);
                    if over { Some(true) } else { (c.judged & bit != 0).then_some(c.judged & (bit << 1) != 0) }
                }
            };
        }
        out
    }

    /// Puts the issue on hold (waiting on a third party): the agent-work clock stops, every
    /// other one runs. A pause ends first: an issue is pending or on hold, not both.
    pub(super) fn hold_sla(&mut self, slot: u32, trigger: u32) {
        let issue = &self.pool[slot];
        let held = issue.clocks.as_ref().is_some_and(|c| c.held_since != u64::MAX);
        if held || self.model.sla.get(issue.sla as usize).is_none() {
            return;
        }
        if issue.sla_paused_since != u64::MAX {
            self.resume_sla(slot, trigger);
        }
        // Without agent-work clocks to stop, a hold only ends a pause.
        if let Some(c) = self.pool[slot].clocks.as_deref_mut() {
            c.held_since = self.now;
        }
        let by = (trigger != NONE).then_some(trigger as usize);
        self.trace(slot, "sla_held", by, |_, _| "on hold: the agent-work clock stops".to_string());
    }

    /// Ends a hold, if the issue is on one; `resume sla` and `pause sla` both do.
    pub(super) fn end_hold(&mut self, slot: u32, trigger: u32) {
        let now = self.now;
        let model = self.model;
        let issue = &mut self.pool[slot];
        let (Some(policy), Some(c)) = (model.sla.get(issue.sla as usize), issue.clocks.as_deref_mut()) else {
            return;
        };
        if c.held_since == u64::MAX {
            return;
        }
        let held = model.calendars[policy.calendar].calendar.elapsed(SimTime(c.held_since), SimTime(now));
        c.held_ms = c.held_ms.saturating_add(held);
        c.held_since = u64::MAX;
        let by = (trigger != NONE).then_some(trigger as usize);
        self.trace(slot, "sla_hold_ended", by, |_, _| format!("off hold after {}", describe_minutes(minutes(held))));
    }
}
