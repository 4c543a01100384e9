//! Actions that leave an issue where it is, and closing by a rule: notifications, priority
//! changes, SLA pauses (in `sla`), and a rule that closes the issue as resolved.

use super::super::Simulation;
use super::super::event_queue::EventKind;
use super::super::issue::{NONE, Reason, State};
use crate::engine::event_log::{Activity, Cause};
use crate::engine::model::Action;
use crate::engine::time::{describe_minutes, minutes};

impl Simulation<'_> {
    /// An action that leaves the issue where it is: a notification or a priority change.
    pub(super) fn act_in_place(&mut self, slot: u32, action: Action, trigger: u32) {
        let np = self.model.priorities.len();
        let p = self.pool[slot].priority as usize;
        match action {
            Action::Notify(_) => self.notify(slot, action, trigger),
            Action::SetPriority(to) => self.change_priority(slot, to, trigger),
            // Priorities are listed most urgent first.
            Action::RaisePriority => self.change_priority(slot, p.saturating_sub(1).min(np - 1), trigger),
            Action::PauseSla => self.pause_sla(slot, trigger),
            Action::ResumeSla => self.resume_sla(slot, trigger),
            Action::HoldSla => self.hold_sla(slot, trigger),
            _ => {}
        }
    }

    pub(super) fn notify(&mut self, slot: u32, action: Action, trigger: u32) {
        let Action::Notify(l) = action else { return };
        let cost = (trigger != NONE).then(|| self.model.triggers[trigger as usize].cost).flatten();
        self.trace(slot, "notified", (trigger != NONE).then_some(trigger as usize), |m, _| match cost {
            Some(ms) => format!("{} notified; it spends {} on it", m.levels[l].name, describe_minutes(minutes(ms))),
            None => format!("{} notified", m.levels[l].name),
        });
        if let Some(ms) = cost {
            let ls = &self.levels[l];
            if ls.busy < ls.staff {
                self.start_task(l, ms);
            } else {
                self.levels[l].tasks.push_back(ms);
            }
        }
    }

    /// Gives the issue another priority. A waiting issue keeps its place in time (its wait so
    /// far counts) but is filed under the new priority, with the new priority's wait timers; its
    /// age and SLA timers follow the new priority's targets. Report groups stay by the priority
    /// the issue arrived with; SLA attainment is judged on the targets of its priority at the end.
    pub(super) fn change_priority(&mut self, slot: u32, to: usize, trigger: u32) {
        let model = self.model;
        let now = self.now;
        let issue = &mut self.pool[slot];
        let from = issue.priority as usize;
        if from == to {
            return;
        }
        issue.priority = to as u16;
        let by = (trigger != NONE).then_some(trigger as usize);
        self.record(slot, Activity::Priority, by.map_or(Cause::None, |t| Cause::Trigger(t as u32)));
        self.trace(slot, "priority_changed", by, |m, _| {
            format!("priority {} → {}", m.priorities[from].name, m.priorities[to].name)
        });
        let issue = &mut self.pool[slot];
        let (l, k, uid) = (issue.level as usize, issue.category as usize, issue.uid);
        if issue.state == State::Waiting {
            issue.visit = issue.visit.wrapping_add(1);
            let (visit, joined) = (issue.visit, issue.join_time);
            self.levels[l].queues[to].push_back((slot, visit));
            let cell = model.cell_index(l, k, to);
            let first = self.lanes.first[cell];
            for (lane, &(after, t)) in (first..).zip(&model.cells[cell].wait_timers) {
                let at = model.timer_at(t, joined, after).max(now);
                self.events.push_timer(at, slot, visit, lane);
            }
        }
        // Time-at-level timers follow the new priority too, counted from the start of the stay.
        if issue.state != State::FollowUp {
            issue.stint = issue.stint.wrapping_add(1);
            let (stint, since) = (issue.stint, issue.stint_start);
            for &(after, t) in &model.cell(l, k, to).level_timers {
                let at = model.timer_at(t, since, after).max(now);
                self.events.push(at, EventKind::LevelTimer { slot, stint, trigger: t as u32 });
            }
        }
        let cat = &model.categories[k];
        for &t in &cat.arrival_timers[to] {
            let new_at = self.issue_timer_time_for(slot, t, to);
            let old_at =
                if cat.arrival_timers[from].contains(&t) { self.issue_timer_time_for(slot, t, from) } else { None };
            if let Some(at) = new_at
                && at > now
                && new_at != old_at
            {
                self.events.push(at, EventKind::IssueTimer { slot, uid, trigger: t as u32 });
            }
        }
    }

    /// A rule closes the issue as resolved, for good: it leaves its level as a resolution does.
    pub(super) fn close_now(&mut self, slot: u32, trigger: u32) {
        let issue = &self.pool[slot];
        if issue.counted {
            self.stats.flow(issue.level as usize, self.model.levels.len(), Reason::Outcome);
        }
        let by = (trigger != NONE).then_some(trigger as usize);
        self.record(slot, Activity::Resolve, by.map_or(Cause::None, |t| Cause::Trigger(t as u32)));
        self.trace(slot, "closed", by, |_, _| "closed as resolved by a rule".to_string());
        self.finalize(slot);
    }
}
