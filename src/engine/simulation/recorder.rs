//! The event log's hooks: where an issue's event happens, one call records it (see
//! `engine::event_log`) if a log was asked for, and does nothing else otherwise, so a run without
//! a log does the same work as before, bit for bit.

use super::Simulation;
use super::issue::{NONE, Reason};
use crate::engine::event_log::{Activity, Cause, Event};

impl Simulation<'_> {
    /// From now on, records every event of every issue (call it before the first step for the
    /// whole history). The events wait in the simulation until [`Simulation::take_events`].
    pub fn record_events(&mut self) {
        self.log.get_or_insert_with(Vec::new);
    }

    /// The events recorded since the last call, in the order they happened (none if no log was
    /// asked for). Taking them between slices of events keeps memory to a slice's worth.
    pub fn take_events(&mut self) -> Vec<Event> {
        self.log.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Records an event of the issue in `slot`, as the issue stands now.
    #[inline(always)]
    pub(super) fn record(&mut self, slot: u32, activity: Activity, cause: Cause) {
        if self.log.is_some() {
            self.record_now(slot, activity, cause);
        }
    }

    /// The log is on: out of line, so that the check above is all an unlogged run pays.
    fn record_now(&mut self, slot: u32, activity: Activity, cause: Cause) {
        if let Some(log) = &mut self.log {
            let issue = &self.pool[slot];
            log.push(Event {
                time: self.now,
                issue: issue.uid,
                activity,
                level: issue.level,
                priority: issue.priority,
                category: issue.category,
                cause,
            });
        }
    }

    /// Records an arrival: with the priority drawn, then the arrival rule's priority if one gave
    /// it another; the cause of where it entered is the rule that routed it, or a skipped start of
    /// its path.
    pub(super) fn record_arrival(
        &mut self,
        slot: u32,
        drawn_priority: usize,
        routed_by: Option<usize>,
        reprioritised_by: Option<usize>,
        skipped: bool,
    ) {
        let Some(log) = &mut self.log else { return };
        let issue = &self.pool[slot];
        let cause = match routed_by {
            Some(t) => Cause::Trigger(t as u32),
            None if skipped => Cause::Skip,
            None => Cause::None,
        };
        let arrive = Event {
            time: self.now,
            issue: issue.uid,
            activity: Activity::Arrive,
            level: issue.level,
            priority: drawn_priority as u16,
            category: issue.category,
            cause,
        };
        log.push(arrive);
        if let Some(t) = reprioritised_by
            && drawn_priority != issue.priority as usize
        {
            log.push(Event {
                activity: Activity::Priority,
                priority: issue.priority,
                cause: Cause::Trigger(t as u32),
                ..arrive
            });
        }
    }

    /// Records a move for `reason` by `trigger` (or `NONE`), the issue now at its new level.
    pub(super) fn record_move(&mut self, slot: u32, reason: Reason, trigger: u32) {
        if self.log.is_some() {
            let cause = self.move_cause(reason, trigger);
            self.record(slot, Activity::Move, cause);
        }
    }

    /// The cause of a move for `reason` by `trigger` (or `NONE`): the trigger, when it is what
    /// moves the issue; after a service, an in-place action (a notification) lets the matrix move
    /// it as by default.
    fn move_cause(&self, reason: Reason, trigger: u32) -> Cause {
        match self.model.triggers.get(trigger as usize) {
            Some(t) if trigger != NONE && !t.action.in_place() => Cause::Trigger(trigger),
            _ if reason == Reason::Outcome => Cause::NotResolved,
            Some(_) => Cause::Trigger(trigger),
            None => Cause::None,
        }
    }
}
