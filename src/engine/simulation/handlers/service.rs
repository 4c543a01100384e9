//! Queues and service: an issue joins its level's queue (or starts at once), staff take the best
//! waiting issue, and a service ends resolved (with a possible reopen later) or not, when the
//! cell's not-resolved outcome decides where it goes.

use super::super::Simulation;
use super::super::event_queue::EventKind;
use super::super::issue::{NONE, PendingMove, Reason, State};
use crate::engine::event_log::{Activity, Cause};
use crate::engine::model::{Action, Outcome};
use crate::engine::time::{describe_minutes, minutes};

impl Simulation<'_> {
    /// The issue joins the queue of its current level, or starts service at once if staff is idle.
    pub(super) fn join(&mut self, slot: u32) {
        let model = self.model;
        let now = self.now;
        let issue = &mut self.pool[slot];
        issue.state = State::Waiting;
        issue.join_time = now;
        let (l, visit, p, k) = (issue.level as usize, issue.visit, issue.priority as usize, issue.category as usize);
        self.record(slot, Activity::Queue, Cause::None);
        self.stats.joined(l, now);
        let ls = &self.levels[l];
        if ls.busy < ls.staff && ls.waiting == 0 {
            self.start_service(slot);
            return;
        }
        let ls = &mut self.levels[l];
        ls.queues[p].push_back((slot, visit));
        ls.waiting += 1;
        let (w, b, s) = (ls.waiting, ls.busy, ls.staff);
        self.stats.level_state(l, now, w, b, s);
        let cell = model.cell_index(l, k, p);
        let first = self.lanes.first[cell];
        for (lane, &(after, trigger)) in (first..).zip(&model.cells[cell].wait_timers) {
            let at = model.timer_at(trigger, now, after);
            self.events.push_timer(at, slot, visit, lane);
        }
        self.trace(slot, "queued", None, |_, _| String::new());
    }

    /// Takes a waiting issue out of its queue (the entry goes stale), recording its wait.
    pub(super) fn leave_queue(&mut self, slot: u32) {
        let now = self.now;
        let issue = &mut self.pool[slot];
        let l = issue.level as usize;
        let wait = now - issue.join_time;
        issue.visit = issue.visit.wrapping_add(1);
        let ls = &mut self.levels[l];
        ls.waiting -= 1;
        let (w, b, s) = (ls.waiting, ls.busy, ls.staff);
        self.stats.level_state(l, now, w, b, s);
        self.stats.left_queue(l, now);
        self.pool.add_wait(slot, l, wait);
        self.stats.waited(l, &self.pool[slot], wait);
    }

    /// Starts service for the best waiting issues while staff is idle.
    pub(super) fn dispatch(&mut self, l: usize) {
        while self.levels[l].busy < self.levels[l].staff && !self.levels[l].tasks.is_empty() {
            let ms = self.levels[l].tasks.pop_front().expect("not empty");
            self.start_task(l, ms);
        }
        while self.levels[l].busy < self.levels[l].staff && self.levels[l].waiting > 0 {
            let Some(slot) = self.pop_best(l) else { break };
            self.levels[l].waiting -= 1;
            self.start_service(slot);
        }
    }

    /// The waiting issue with the best priority, first joined among equals; skips stale entries.
    pub(super) fn pop_best(&mut self, l: usize) -> Option<u32> {
        let pool = &self.pool;
        for (p, queue) in self.levels[l].queues.iter_mut().enumerate() {
            while let Some((slot, visit)) = queue.pop_front() {
                let issue = &pool[slot];
                if issue.visit == visit && issue.state == State::Waiting && issue.priority as usize == p {
                    return Some(slot);
                }
            }
        }
        None
    }

    pub(super) fn start_service(&mut self, slot: u32) {
        let model = self.model;
        let now = self.now;
        let issue = &mut self.pool[slot];
        let l = issue.level as usize;
        let wait = now - issue.join_time;
        issue.state = State::InService;
        issue.visit = issue.visit.wrapping_add(1);
        let first = issue.first_start == u64::MAX;
        if first {
            issue.first_start = now;
            if let Some(policy) = model.sla.get(issue.sla as usize) {
                issue.first_paused_ms =
                    super::clocks::paused_by(issue, &model.calendars[policy.calendar].calendar, now);
            }
        }
        let cell = model.cell(l, issue.category as usize, issue.priority as usize);
        let handoff = std::mem::take(&mut issue.escalated_in);
        self.pool.add_wait(slot, l, wait);
        self.stats.waited(l, &self.pool[slot], wait);
        let issue = &mut self.pool[slot];
        self.work.reseed(work_key(issue.seed, Draw::Service, l, issue.services));
        issue.services = issue.services.wrapping_add(1);
        let mut work = cell.service.sample(&mut self.work);
        if handoff && let Some(h) = &cell.handoff {
            work = work.saturating_add(h.sample(&mut self.work));
        }
        let ls = &mut self.levels[l];
        ls.busy += 1;
        let (w, b, s) = (ls.waiting, ls.busy, ls.staff);
        self.stats.level_state(l, now, w, b, s);
        self.events.push(now.saturating_add(work), EventKind::ServiceEnd { slot });
        self.record(slot, Activity::Start, Cause::None);
        self.agent_update(slot, true, false, false);
        self.trace(slot, "service_started", None, |_, _| {
            let waited = if wait == 0 {
                "without waiting".to_string()
            } else {
                format!("after waiting {}", describe_minutes(minutes(wait)))
            };
            format!("{waited}{}", if first { " (first response)" } else { "" })
        });
    }

    pub(super) fn on_service_end(&mut self, slot: u32) {
        let model = self.model;
        let now = self.now;
        let issue = &self.pool[slot];
        let (l, k, p, counted) =
            (issue.level as usize, issue.category as usize, issue.priority as usize, issue.counted);
        let ls = &mut self.levels[l];
        ls.busy -= 1;
        let (w, b, s) = (ls.waiting, ls.busy, ls.staff);
        self.stats.level_state(l, now, w, b, s);
        let cell = model.cell(l, k, p);
        let issue = &self.pool[slot];
        self.work.reseed(work_key(issue.seed, Draw::Outcome, l, issue.services.wrapping_sub(1)));
        let resolved = self.work.bernoulli(cell.resolve_probability);
        self.stats.service_ended(l, now, resolved, counted);
        if resolved {
            self.record(slot, Activity::Resolve, Cause::None);
            self.levels[l].resolved += 1;
            self.pool[slot].pending = None;
            if counted {
                self.stats.flow(l, model.levels.len(), Reason::Outcome);
            }
            let reopen = model.categories[k].reopen_probability;
            match &model.reopen_after {
                Some(after) if reopen > 0.0 && self.work.bernoulli(reopen) => {
                    let delay = after.sample(&mut self.work);
                    self.agent_update(slot, false, true, true);
                    let issue = &mut self.pool[slot];
                    issue.state = State::FollowUp;
                    let uid = issue.uid;
                    self.events.push(now.saturating_add(delay), EventKind::Reopen { slot, uid });
                    self.trace(slot, "follow_up", None, |_, _| {
                        format!("resolved; it will reopen after {}", describe_minutes(minutes(delay)))
                    });
                }
                _ => {
                    self.agent_update(slot, false, true, false);
                    self.trace(slot, "resolved", None, |_, _| String::new());
                    self.finalize(slot);
                }
            }
        } else {
            self.agent_update(slot, false, false, false);
            self.trace(slot, "service_ended", None, |_, _| "not resolved".to_string());
            let pending = self.pool[slot].pending.take();
            if let Some(PendingMove { action: Action::Close, trigger, .. }) = pending {
                self.close_now(slot, trigger);
                self.dispatch(l);
                return;
            }
            let moved = pending.is_some_and(|mv| self.try_move(slot, mv));
            if !moved {
                let outcome = cell.guarded_not_resolved.iter().find(|&&t| self.guard_holds(slot, t)).map_or(
                    cell.on_not_resolved,
                    |&t| Outcome { action: self.model.triggers[t].action, trigger: Some(t) },
                );
                let trigger = outcome.trigger.map_or(NONE, |t| t as u32);
                if counted && let Some(t) = outcome.trigger {
                    self.stats.tallies.trigger_fires[t] += 1;
                }
                if let Action::Notify(_)
                | Action::SetPriority(_)
                | Action::RaisePriority
                | Action::PauseSla
                | Action::ResumeSla
                | Action::HoldSla = outcome.action
                {
                    self.act_in_place(slot, outcome.action, trigger);
                }
                if outcome.action == Action::Close {
                    self.close_now(slot, trigger);
                    self.dispatch(l);
                    return;
                }
                let action = outcome.action.after_service();
                // An outcome always leads somewhere: the target, or the same level again (rework).
                let target =
                    self.target_position(slot, action, Reason::Outcome).unwrap_or(self.pool[slot].position as usize);
                self.move_to(slot, target, Reason::Outcome, trigger);
            }
        }
        self.dispatch(l);
    }
}

/// What a work sub-stream draws.
#[derive(Clone, Copy)]
enum Draw {
    /// The service time (and handoff) of a service.
    Service = 1,
    /// Whether the service resolves the issue, whether it reopens, and after how long.
    Outcome = 2,
}

/// The key of an issue's sub-stream for its `n`-th service (counted from 0), at level `level`.
fn work_key(seed: u64, draw: Draw, level: usize, n: u16) -> u64 {
    seed ^ ((draw as u64) << 56 | (level as u64 & 0xff_ffff) << 24 | u64::from(n))
}
