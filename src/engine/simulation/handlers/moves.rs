//! Moves between levels: where an action takes an issue on its path, the move itself (an
//! escalation, or back to the same queue for rework), and the rules checked on a level change.

use super::super::Simulation;
use super::super::issue::{NONE, PendingMove, Reason};
use crate::engine::model::{Action, Condition};

impl Simulation<'_> {
    /// Where an action would take the issue, as a path position; `None` if it does not move it.
    pub(super) fn target_position(&self, slot: u32, action: Action, reason: Reason) -> Option<usize> {
        let issue = &self.pool[slot];
        let cat = &self.model.categories[issue.category as usize];
        let pos = issue.position as usize;
        match action {
            Action::EscalateNext => (pos + 1 < cat.path.len()).then_some(pos + 1),
            // An explicit not-resolved rule may send an issue anywhere on its path; a timer only
            // ever moves it up, never back.
            Action::EscalateTo(l) => cat.position(l).filter(|&t| t > pos || (reason == Reason::Outcome && t != pos)),
            // A loop goes back (or anywhere else on the path) while it has passes left.
            Action::LoopBack { to, times } => {
                cat.position(to).filter(|&t| t != pos && issue.loops < times && reason != Reason::Outcome)
            }
            Action::Close => None,
            a => {
                debug_assert!(a.in_place());
                None
            }
        }
    }

    /// Counts a pass back through the escalation when the move is a loop.
    pub(super) fn count_loop(&mut self, slot: u32, action: Action) {
        if let Action::LoopBack { .. } = action {
            let issue = &mut self.pool[slot];
            issue.loops = issue.loops.saturating_add(1);
        }
    }

    /// Applies a pending move if it moves the issue; returns whether it did.
    pub(super) fn try_move(&mut self, slot: u32, mv: PendingMove) -> bool {
        match self.target_position(slot, mv.action, mv.reason) {
            Some(target) => {
                self.count_loop(slot, mv.action);
                self.move_to(slot, target, mv.reason, mv.trigger);
                true
            }
            None => false,
        }
    }

    /// Moves the issue to a path position (possibly its own, for rework) and joins that queue.
    pub(super) fn move_to(&mut self, slot: u32, target: usize, reason: Reason, trigger: u32) {
        let model = self.model;
        let issue = &mut self.pool[slot];
        let cat = &model.categories[issue.category as usize];
        let from = issue.level as usize;
        let to = cat.path[target];
        let moved = target != issue.position as usize;
        issue.position = target as u16;
        issue.level = to as u16;
        issue.escalated_in = moved;
        if moved {
            issue.escalations = issue.escalations.saturating_add(1);
        }
        if issue.counted {
            self.stats.flow(from, to, reason);
        }
        if from != to && matches!(reason, Reason::WaitTimer | Reason::AgeTrigger | Reason::SlaTrigger) {
            self.stats.moved_in(to, self.now);
        }
        if from != to {
            self.levels[from].moved_out += 1;
        }
        self.record_move(slot, reason, trigger);
        self.trace(
            slot,
            if moved { "escalated" } else { "requeued" },
            (trigger != NONE).then_some(trigger as usize),
            |m, _| {
                if moved {
                    format!(
                        "from {} to {} ({})",
                        m.levels[from].name,
                        m.levels[to].name,
                        reason.name().replace('_', " ")
                    )
                } else {
                    format!("back to the queue of {} for more work", m.levels[to].name)
                }
            },
        );
        if moved {
            if self.pool[slot].first_start != u64::MAX {
                self.reply_owed(slot);
            }
            self.start_stint(slot);
            if !self.routing
                && let Some((position, t)) = self.on_level_change(slot)
            {
                self.routing = true;
                self.move_to(slot, position, reason, t as u32);
                self.routing = false;
                return;
            }
        }
        self.join(slot);
    }

    /// The rules checked when an issue moves to another level (rules that name no moment):
    /// actions in place act; the first route that holds is returned, to be taken at once.
    pub(super) fn on_level_change(&mut self, slot: u32) -> Option<(usize, usize)> {
        let model = self.model;
        let issue = &self.pool[slot];
        let cat = &model.categories[issue.category as usize];
        let (level, position, counted) = (issue.level as usize, issue.position as usize, issue.counted);
        let mut route = None;
        for &t in &cat.on_arrival[issue.priority as usize] {
            let tr = &model.triggers[t];
            if tr.condition != (Condition::OnArrival { level_changes: true })
                || !tr.applies_at(level)
                || !self.guard_holds(slot, t)
            {
                continue;
            }
            match tr.action {
                Action::EscalateTo(target) => {
                    if route.is_none()
                        && let Some(p) = cat.position(target).filter(|&p| p != position)
                    {
                        route = Some((p, t));
                        if counted {
                            self.stats.tallies.trigger_fires[t] += 1;
                        }
                    }
                }
                a if a.in_place() => {
                    if counted {
                        self.stats.tallies.trigger_fires[t] += 1;
                    }
                    self.act_in_place(slot, a, t as u32);
                }
                _ => {}
            }
        }
        route
    }
}
