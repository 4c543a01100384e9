//! SLA clocks: where an issue's targets stand, their pauses, and the outcome at its close.

use super::super::Simulation;
use super::super::collector::SlaOutcome;
use super::super::event_queue::EventKind;
use super::super::issue::{Issue, NONE};
use super::clocks::paused_by;
use crate::engine::calendar::Span;
use crate::engine::model::Condition;
use crate::engine::time::{SimTime, describe_minutes, minutes};

impl Simulation<'_> {
    /// The SLA outcome of an issue resolved at `resolved_at`, or still open at `self.now`.
    pub(super) fn sla_outcome(&self, issue: &Issue, resolved_at: Option<u64>) -> SlaOutcome {
        let model = self.model;
        let Some(policy) = model.sla.get(issue.sla as usize) else {
            return SlaOutcome::default();
        };
        let cal = &model.calendars[policy.calendar].calendar;
        let p = issue.priority as usize;
        let from = SimTime(issue.arrival);
        // Known: breached, or met by an event that happened. Unknown: still open and within target.
        // One reading of the clocks, at the event or now: small enough for the compiler to inline
        // at each of its two uses on every close.
        let judge = |target: Option<u64>, done: Option<u64>| -> Option<bool> {
            let over = sla_used(issue, cal, done.unwrap_or(self.now)) > target?;
            if done.is_some() { Some(over) } else { over.then_some(true) }
        };
        let resolution_ms = policy.resolution[p].map(|span| cal.span_ms(from, span));
        let resolution = judge(resolution_ms, resolved_at);
        let response_ms = policy.first_response[p].map(|span| cal.span_ms(from, span));
        // A first response that happened leaves out only the pauses before it.
        let first_response = match issue.first_start {
            u64::MAX => judge(response_ms, None),
            at => {
                response_ms.map(|target| cal.elapsed(from, SimTime(at)).saturating_sub(issue.first_paused_ms) > target)
            }
        };
        SlaOutcome {
            resolution,
            first_response,
            more: self.more_outcome(issue, resolved_at),
            breach_time: match (resolution, resolution_ms) {
                (Some(true), Some(target)) => Some(cal.add(from, target.saturating_add(issue.sla_paused_ms)).0),
                _ => None,
            },
        }
    }

    pub(super) fn pause_sla(&mut self, slot: u32, trigger: u32) {
        self.end_hold(slot, trigger);
        let issue = &mut self.pool[slot];
        if issue.sla_paused_since != u64::MAX || self.model.sla.get(issue.sla as usize).is_none() {
            return;
        }
        issue.sla_paused_since = self.now;
        let by = (trigger != NONE).then_some(trigger as usize);
        self.trace(slot, "sla_paused", by, |_, _| "SLA clocks paused".to_string());
    }

    /// Restarts the SLA clocks: the paused time is added to every target, and the SLA timers
    /// are set again for their later times (the old ones are stale).
    pub(super) fn resume_sla(&mut self, slot: u32, trigger: u32) {
        self.end_hold(slot, trigger);
        let model = self.model;
        let now = self.now;
        let issue = &mut self.pool[slot];
        let Some(policy) = model.sla.get(issue.sla as usize) else { return };
        if issue.sla_paused_since == u64::MAX {
            return;
        }
        let cal = &model.calendars[policy.calendar].calendar;
        let paused = cal.elapsed(SimTime(issue.sla_paused_since), SimTime(now));
        issue.sla_paused_ms = issue.sla_paused_ms.saturating_add(paused);
        issue.sla_paused_since = u64::MAX;
        let (k, p, uid) = (issue.category as usize, issue.priority as usize, issue.uid);
        let by = (trigger != NONE).then_some(trigger as usize);
        self.trace(slot, "sla_resumed", by, |_, _| {
            format!("SLA clocks resumed after {}", describe_minutes(minutes(paused)))
        });
        if paused == 0 {
            return;
        }
        for &t in &model.categories[k].arrival_timers[p] {
            if !matches!(model.triggers[t].condition, Condition::SlaElapsed { .. }) {
                continue;
            }
            if let Some(at) = self.issue_timer_time(slot, t)
                && at > now
            {
                self.events.push(at, EventKind::IssueTimer { slot, uid, trigger: t as u32 });
            }
        }
    }

    /// Where an issue's SLA clocks stand now: elapsed business time over each target (response,
    /// resolution); the response's only until the first service starts.
    pub(in crate::engine::simulation) fn sla_shares(&self, issue: &Issue) -> [Option<f64>; 2] {
        let Some(policy) = self.model.sla.get(issue.sla as usize) else { return [None, None] };
        let cal = &self.model.calendars[policy.calendar].calendar;
        let used = sla_used(issue, cal, self.now) as f64;
        let p = issue.priority as usize;
        let from = SimTime(issue.arrival);
        let share = |target: Option<Span>| {
            target.map(|span| cal.span_ms(from, span)).filter(|&t| t > 0).map(|t| used / t as f64)
        };
        let responding = issue.first_start == u64::MAX || issue.first_start == self.now;
        [if responding { share(policy.first_response[p]) } else { None }, share(policy.resolution[p])]
    }
}
/// Time used of an issue's SLA targets at `at`, on the policy's calendar, without pauses.
#[inline(always)]
fn sla_used(issue: &Issue, cal: &crate::engine::calendar::Calendar, at: u64) -> u64 {
    cal.elapsed(SimTime(issue.arrival), SimTime(at)).saturating_sub(paused_by(issue, cal, at))
}
