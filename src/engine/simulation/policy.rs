//! A change of policy in the middle of a replication, for trainer playback: from the moment of
//! the change the run goes on under another model that differs from the first only in its
//! triggers (the rules lower to triggers) and its levels' staff (`playback::policy` checks that).
//! Everything that happened before stays as it was; what is pending is set again under the new
//! policy:
//!
//! - every timer an open issue has (queue wait, time at level, age, SLA share) is set again from
//!   the same start (when it joined its queue, reached its level, arrived) with the new
//!   policy's thresholds. A timer whose new threshold has already passed acts at the moment of
//!   the change, unless the old policy had the same timer (same trigger name, same moment) that
//!   has already come due: it has acted, or its condition did not hold, and acting again would
//!   notify or move twice;
//! - each level's staff follow the new schedule at once (changes made during the playback and
//!   the script's changes still count), and its next shift change is the new schedule's.

use super::event_queue::{Event, EventKind, EventQueue};
use super::issue::{NONE, State};
use super::{Simulation, TimerLanes};
use crate::engine::model::{Model, Staffing};
use crate::engine::order;
use crate::engine::time::SimTime;

/// Which kind of timer, as [`Simulation::each_timer`] finds them: a queue-wait timer (in its
/// lane), a time-at-level one or an age or SLA-share one.
#[derive(Clone, Copy)]
enum Timer {
    Wait(u32),
    Level,
    Issue,
}

impl<'m> Simulation<'m> {
    /// Goes on under `model` from now. `model` must have the current model's levels, categories,
    /// priorities, SLA, calendars, workload, script and run (only triggers and staff differ).
    pub fn switch_policy(&mut self, model: &'m Model) {
        let (old, now) = (self.model, self.now);
        // Per open issue, the timers that came due before now under the old policy.
        let due: Vec<Vec<(&str, u64)>> = (0..self.pool.issues.len() as u32).map(|s| self.timers(s, now)).collect();
        let restaffed: Vec<bool> =
            old.levels.iter().zip(&model.levels).map(|(a, b)| a.staffing != b.staffing).collect();
        // Timers still to come are set again below; one set again for the same issue, trigger
        // name and moment keeps its place among the events of that moment, so that a policy
        // changed to itself changes nothing. Shift changes of levels whose staffing changed go.
        let (events, next_seq) = std::mem::take(&mut self.events).drain();
        let old_lanes = std::mem::replace(&mut self.lanes, TimerLanes::new(model));
        self.events = EventQueue::resumed(self.lanes.trigger.len(), next_seq);
        let mut pending = Vec::new();
        for event in events {
            match event.kind {
                EventKind::WaitTimer { slot, lane, .. } => {
                    pending.push((
                        slot,
                        old.triggers[old_lanes.trigger[lane as usize] as usize].name.as_str(),
                        Some(event),
                    ));
                }
                EventKind::LevelTimer { slot, trigger, .. } | EventKind::IssueTimer { slot, trigger, .. } => {
                    pending.push((slot, old.triggers[trigger as usize].name.as_str(), Some(event)));
                }
                EventKind::ShiftChange { level } if restaffed[level as usize] => {}
                _ => self.events.put_back(event),
            }
        }
        self.model = model;
        self.late.clear();
        let fires = &mut self.stats.tallies.trigger_fires;
        fires.resize(fires.len().max(model.triggers.len()), 0);
        let mut timers = Vec::new();
        for (slot, due) in due.iter().enumerate() {
            self.rearm(slot as u32, due, &mut pending, &mut timers);
        }
        order::sort_by_key(&mut timers, |e: &Event| e.key());
        for event in timers {
            self.events.put_back(event);
        }
        for (l, level) in model.levels.iter().enumerate().filter(|&(l, _)| restaffed[l]) {
            if let Staffing::Shifts(schedule) = &level.staffing
                && let Some((t, _)) = schedule.next_change(SimTime(now))
            {
                self.events.push(t.0, EventKind::ShiftChange { level: l as u32 });
            }
            self.apply_staff(l);
        }
    }

    /// The trigger name and moment of each timer of the issue in `slot` that is due by `now`
    /// (none for a free slot): those not still pending among the events have come due.
    fn timers(&self, slot: u32, now: u64) -> Vec<(&'m str, u64)> {
        let mut due = Vec::new();
        self.each_timer(slot, |model, _, t, at| {
            if at <= now {
                due.push((model.triggers[t].name.as_str(), at));
            }
        });
        due
    }

    /// Sets the timers of the issue in `slot` again under the current model (see the module),
    /// into `out`: each in the place of the `pending` one of the same issue, trigger name and
    /// moment if there is one (taken, so that no two take the same place).
    fn rearm(
        &mut self,
        slot: u32,
        due: &[(&str, u64)],
        pending: &mut [(u32, &str, Option<Event>)],
        out: &mut Vec<Event>,
    ) {
        let now = self.now;
        let mut timers = Vec::new();
        self.each_timer(slot, |model, kind, t, at| {
            let name = model.triggers[t].name.as_str();
            let same = pending
                .iter_mut()
                .find(|(s, n, e)| *s == slot && *n == name && e.is_some_and(|e| e.time == at))
                .and_then(|p| p.2.take());
            // Due by now and not pending: it has come due already.
            if same.is_some() || !due.contains(&(name, at)) {
                timers.push((kind, t, at.max(now), at < now, same));
            }
        });
        let issue = &self.pool[slot];
        let (visit, stint, uid) = (issue.visit, issue.stint, issue.uid);
        for (kind, t, at, passed, same) in timers {
            let trigger = t as u32;
            let kind = match kind {
                Timer::Wait(lane) => EventKind::WaitTimer { slot, visit, lane },
                Timer::Level => EventKind::LevelTimer { slot, stint, trigger },
                Timer::Issue => {
                    if passed {
                        // Its handler checks that the timer is due now: this one was due before.
                        self.late.push((slot, uid, trigger));
                    }
                    EventKind::IssueTimer { slot, uid, trigger }
                }
            };
            out.push(same.map_or_else(|| self.events.fresh(at, kind), |e| e.again(kind)));
        }
    }

    /// Calls `f` with each timer the issue in `slot` has under the current model, and its moment:
    /// the queue-wait timers of its cell while it waits, the time-at-level ones while it is at
    /// a level, and the age and SLA-share ones until it is closed for good.
    fn each_timer(&self, slot: u32, mut f: impl FnMut(&'m Model, Timer, usize, u64)) {
        let model = self.model;
        let Some(issue) = self.pool.issues.get(slot as usize).filter(|i| i.uid != NONE) else { return };
        let (l, k, p) = (issue.level as usize, issue.category as usize, issue.priority as usize);
        let index = model.cell_index(l, k, p);
        let cell = &model.cells[index];
        if issue.state == State::Waiting {
            for (lane, &(after, t)) in (self.lanes.first[index]..).zip(&cell.wait_timers) {
                f(model, Timer::Wait(lane), t, model.timer_at(t, issue.join_time, after));
            }
        }
        // An issue in its follow-up has left its level; its age and SLA timers hold on, for
        // if it reopens.
        if issue.state != State::FollowUp {
            for &(after, t) in &cell.level_timers {
                f(model, Timer::Level, t, model.timer_at(t, issue.stint_start, after));
            }
        }
        for &t in &model.categories[k].arrival_timers[p] {
            if let Some(at) = self.issue_timer_time(slot, t) {
                f(model, Timer::Issue, t, at);
            }
        }
    }
}
