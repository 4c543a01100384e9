//! Timers and triggers: when an issue's wait, stay, age or SLA share reaches a trigger's
//! threshold, whether its guard holds then, and what it does.

use super::super::Simulation;
use super::super::event_queue::EventKind;
use super::super::issue::{PendingMove, Reason, State};
use crate::engine::document::SlaTarget;
use crate::engine::model::{Action, Condition, GuardView};
use crate::engine::time::SimTime;

impl Simulation<'_> {
    /// When an age or SLA-fraction timer of this issue fires, if ever.
    pub(in crate::engine::simulation) fn issue_timer_time(&self, slot: u32, trigger: usize) -> Option<u64> {
        self.issue_timer_time_for(slot, trigger, self.pool[slot].priority as usize)
    }

    /// When an age or SLA-fraction timer fires for the issue at priority `p`.
    pub(super) fn issue_timer_time_for(&self, slot: u32, trigger: usize, p: usize) -> Option<u64> {
        let model = self.model;
        let issue = &self.pool[slot];
        let from = SimTime(issue.arrival);
        let at = match model.triggers[trigger].condition {
            Condition::OpenLongerThan { after, calendar } => model.calendars[calendar].calendar.add(from, after),
            Condition::SlaElapsed { target, fraction } => {
                let policy = model.sla.get(issue.sla as usize)?;
                let cal = &model.calendars[policy.calendar].calendar;
                let ms = cal.span_ms(from, policy.target(target, p)?);
                let due = ((ms as f64 * fraction).round() as u64).saturating_add(issue.sla_paused_ms);
                cal.add(from, due)
            }
            _ => return None,
        };
        (at.0 != u64::MAX).then_some(at.0)
    }

    /// Whether trigger `t`'s `only_if` holds for the issue in `slot` now.
    pub(super) fn guard_holds(&self, slot: u32, t: usize) -> bool {
        let Some(guard) = &self.model.triggers[t].guard else { return true };
        let issue = &self.pool[slot];
        let now = self.now;
        let view = GuardView {
            category: issue.category as usize,
            priority: issue.priority as usize,
            level: issue.level as usize,
            attributes: &issue.attributes,
            tags: issue.tags,
            impact: issue.impact,
            urgency: issue.urgency,
            escalations: u32::from(issue.escalations),
            reopens: u32::from(issue.reopens),
            now: SimTime(now),
            arrival: SimTime(issue.arrival),
            waiting_since: (issue.state == State::Waiting).then_some(SimTime(issue.join_time)),
            at_level_since: SimTime(issue.stint_start),
            // Worked out only for a guard that reads them.
            sla_used: if guard.reads_sla() { self.sla_shares(issue) } else { [None; 2] },
        };
        guard.holds(&view, self.model)
    }

    pub(super) fn on_wait_timer(&mut self, slot: u32, visit: u32, trigger: usize) {
        let issue = &self.pool[slot];
        if issue.visit != visit || issue.state != State::Waiting || !self.guard_holds(slot, trigger) {
            return;
        }
        let action = self.model.triggers[trigger].action;
        // A fire counts only when it does something: a notification or a move.
        let counted = issue.counted;
        if let Action::Notify(_)
        | Action::SetPriority(_)
        | Action::RaisePriority
        | Action::PauseSla
        | Action::ResumeSla
        | Action::HoldSla = action
        {
            if counted {
                self.stats.tallies.trigger_fires[trigger] += 1;
            }
            self.act_in_place(slot, action, trigger as u32);
            return;
        }
        if action == Action::Close {
            if counted {
                self.stats.tallies.trigger_fires[trigger] += 1;
            }
            self.leave_queue(slot);
            self.close_now(slot, trigger as u32);
            return;
        }
        if let Some(target) = self.target_position(slot, action, Reason::WaitTimer) {
            if counted {
                self.stats.tallies.trigger_fires[trigger] += 1;
            }
            self.leave_queue(slot);
            self.stats.timer_escalations += 1;
            self.count_loop(slot, action);
            self.move_to(slot, target, Reason::WaitTimer, trigger as u32);
        }
    }

    pub(super) fn on_issue_timer(&mut self, slot: u32, uid: u32, trigger: usize) {
        let model = self.model;
        let issue = &self.pool[slot];
        if issue.uid != uid || issue.state == State::FollowUp {
            return;
        }
        let t = &model.triggers[trigger];
        if !t.applies_at(issue.level as usize) || !self.guard_holds(slot, trigger) {
            return;
        }
        // After a priority change, a timer set for the old priority's targets is stale.
        let p = issue.priority as usize;
        if !model.categories[issue.category as usize].arrival_timers[p].contains(&trigger) {
            return;
        }
        if self.issue_timer_time(slot, trigger) != Some(self.now) && !self.take_late(slot, uid, trigger) {
            return;
        }
        let issue = &self.pool[slot];
        let reason = match t.condition {
            Condition::SlaElapsed { target, .. } => {
                // A paused clock does not run down; resuming sets the timer again.
                if (target == SlaTarget::FirstResponse && issue.first_start != u64::MAX)
                    || issue.sla_paused_since != u64::MAX
                {
                    return;
                }
                if issue.counted {
                    let np = model.priorities.len();
                    self.stats.groups[issue.arrival_priority as usize].at_risk += 1;
                    self.stats.groups[np + issue.category as usize].at_risk += 1;
                }
                self.trace(slot, "at_risk", Some(trigger), |_, _| "SLA target nearing".to_string());
                Reason::SlaTrigger
            }
            _ => Reason::AgeTrigger,
        };
        self.act_on_timer(slot, trigger, reason);
    }

    /// Whether this timer was set by a change of policy at a moment past its due time (see
    /// `simulation::policy`); it is taken, so that it acts once.
    fn take_late(&mut self, slot: u32, uid: u32, trigger: usize) -> bool {
        let Some(i) = self.late.iter().position(|&l| l == (slot, uid, trigger as u32)) else { return false };
        self.late.swap_remove(i);
        true
    }

    /// What a timer's trigger does when it fires for the issue in `slot`.
    pub(super) fn act_on_timer(&mut self, slot: u32, trigger: usize, reason: Reason) {
        let t = &self.model.triggers[trigger];
        // A fire counts only when it does something: a notification or a (pending) move.
        if t.action.in_place() {
            if self.pool[slot].counted {
                self.stats.tallies.trigger_fires[trigger] += 1;
            }
            self.act_in_place(slot, t.action, trigger as u32);
            return;
        }
        // Where the issue goes: a level on its path, or out (closed); `None` if nowhere.
        let close = t.action == Action::Close;
        let target = if close { Some(None) } else { self.target_position(slot, t.action, reason).map(Some) };
        let Some(target) = target else { return };
        let issue = &self.pool[slot];
        if issue.counted {
            self.stats.tallies.trigger_fires[trigger] += 1;
        }
        match issue.state {
            State::Waiting => {
                self.leave_queue(slot);
                match target {
                    Some(position) => {
                        self.count_loop(slot, t.action);
                        self.move_to(slot, position, reason, trigger as u32);
                    }
                    None => self.close_now(slot, trigger as u32),
                }
            }
            State::InService => {
                // Service is never interrupted: the move waits for the service to end unresolved.
                self.pool[slot].pending = Some(PendingMove { action: t.action, reason, trigger: trigger as u32 });
                self.trace(slot, if close { "close_pending" } else { "escalation_pending" }, Some(trigger), |m, i| {
                    if close {
                        "will be closed when the current service ends".to_string()
                    } else {
                        format!(
                            "will leave {} when the current service ends, unless it resolves the issue",
                            m.levels[i.level as usize].name
                        )
                    }
                });
            }
            State::FollowUp => {}
        }
    }

    pub(super) fn on_level_timer(&mut self, slot: u32, stint: u32, trigger: usize) {
        let issue = &self.pool[slot];
        if issue.stint != stint || issue.state == State::FollowUp {
            return;
        }
        if !self.model.triggers[trigger].applies_at(issue.level as usize) || !self.guard_holds(slot, trigger) {
            return;
        }
        self.act_on_timer(slot, trigger, Reason::WaitTimer);
    }

    /// The issue starts a stay at its current level: time-at-level timers start. Small enough to
    /// inline: every arrival and move starts a stay, and most cells have no such timer.
    #[inline(always)]
    pub(super) fn start_stint(&mut self, slot: u32) {
        let model = self.model;
        let issue = &mut self.pool[slot];
        issue.stint = issue.stint.wrapping_add(1);
        issue.stint_start = self.now;
        if !model.cell(issue.level as usize, issue.category as usize, issue.priority as usize).level_timers.is_empty() {
            self.set_level_timers(slot);
        }
    }

    /// Sets the time-at-level timers of the issue's stay that starts now.
    #[inline(never)]
    fn set_level_timers(&mut self, slot: u32) {
        let model = self.model;
        let now = self.now;
        let issue = &self.pool[slot];
        let (l, k, p, stint) = (issue.level as usize, issue.category as usize, issue.priority as usize, issue.stint);
        for &(after, trigger) in &model.cell(l, k, p).level_timers {
            let at = model.timer_at(trigger, now, after);
            self.events.push(at, EventKind::LevelTimer { slot, stint, trigger: trigger as u32 });
        }
    }
}
