//! What each event does, one family a file: `arrival` (new issues: what arrives, where it
//! enters, what is recorded; and reopened ones), `service` (queues, service starts and ends with
//! their resolve-or-escalate outcome), `moves` (between levels), `actions` (notifications,
//! priority changes and closing by a rule), `staff` (shift changes and notification work),
//! `timers` (timers and triggers) and `sla` (SLA clocks). Here: the dispatch, an issue's close,
//! and its journey trace.

use super::Simulation;
use super::event_queue::EventKind;
use super::issue::{Issue, NONE};
use crate::engine::document::MoreTarget;
use crate::engine::event_log::{Activity, Cause};
use crate::engine::model::Model;
use crate::engine::report::Step;
use crate::engine::time::{SimTime, minutes};

mod actions;
mod arrival;
mod clocks;
mod moves;
mod service;
mod sla;
mod staff;
mod timers;

impl Simulation<'_> {
    pub(super) fn handle(&mut self, kind: EventKind) {
        match kind {
            EventKind::Arrival { stream } => self.on_arrival(stream as usize),
            EventKind::ServiceEnd { slot } => self.on_service_end(slot),
            EventKind::WaitTimer { slot, visit, lane } => {
                self.on_wait_timer(slot, visit, self.lanes.trigger[lane as usize] as usize);
            }
            EventKind::IssueTimer { slot, uid, trigger } => self.on_issue_timer(slot, uid, trigger as usize),
            EventKind::LevelTimer { slot, stint, trigger } => self.on_level_timer(slot, stint, trigger as usize),
            EventKind::Reopen { slot, uid } => self.on_reopen(slot, uid),
            EventKind::ShiftChange { level } => self.on_shift_change(level as usize),
            EventKind::TaskEnd { level } => self.on_task_end(level as usize),
            EventKind::Script { step, ends } => self.on_script(step as usize, ends),
        }
    }

    /// The issue is resolved for good: record it and free its slot.
    fn finalize(&mut self, slot: u32) {
        self.record(slot, Activity::Close, Cause::None);
        self.close(slot, Some(self.now));
    }

    /// The run ended with the issue still open (hard stop).
    pub(super) fn censor(&mut self, slot: u32) {
        self.trace(slot, "censored", None, |_, _| "still open when the run stopped".to_string());
        self.close(slot, None);
    }

    fn close(&mut self, slot: u32, resolved_at: Option<u64>) {
        let issue = &self.pool[slot];
        // A drill traces issues of the warm-up too: their journeys end here, uncounted.
        if issue.counted || issue.journey != NONE {
            let sla = self.sla_outcome(issue, resolved_at);
            if issue.counted {
                let how = self.model.clock.hour_of_week(SimTime(issue.arrival));
                self.stats.finished(issue, resolved_at, sla, self.pool.waits(slot), how);
            }
            if issue.journey != NONE {
                let also = MoreTarget::ALL
                    .into_iter()
                    .filter(|&w| sla.more[w as usize] == Some(true))
                    .map(|w| w.key().to_string())
                    .collect();
                self.journeys.finish(issue.journey, resolved_at.map(minutes), sla.resolution == Some(true), also);
            }
        }
        self.pool.remove(slot);
    }

    /// Adds a step to the issue's journey, if it is traced; `detail` is built only then.
    fn trace(&mut self, slot: u32, event: &str, trigger: Option<usize>, detail: impl FnOnce(&Model, &Issue) -> String) {
        let issue = &self.pool[slot];
        if issue.journey == NONE {
            return;
        }
        let model = self.model;
        // Where the issue's SLA clocks stand: elapsed business time over each target.
        let [response, resolution] = self.sla_shares(issue);
        let step = Step {
            t_min: minutes(self.now),
            level: Some(model.levels[issue.level as usize].name.clone()),
            event: event.to_string(),
            detail: detail(model, issue),
            trigger: trigger.map(|t| model.triggers[t].name.clone()),
            sla_response_used: response,
            sla_resolution_used: resolution,
        };
        self.journeys.step(issue.journey, step);
    }
}
