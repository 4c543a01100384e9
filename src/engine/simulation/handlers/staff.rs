//! Staff on duty and their time: shift changes and changes made during the run set a level's
//! staff, and the work a costed notification gives a level takes a staff member for its length.

use super::super::Simulation;
use super::super::event_queue::EventKind;
use crate::engine::model::Staffing;
use crate::engine::time::SimTime;

impl Simulation<'_> {
    pub(super) fn on_shift_change(&mut self, l: usize) {
        let now = SimTime(self.now);
        let Staffing::Shifts(schedule) = &self.model.levels[l].staffing else {
            return;
        };
        if let Some((t, _)) = schedule.next_change(now) {
            self.events.push(t.0, EventKind::ShiftChange { level: l as u32 });
        }
        self.apply_staff(l);
    }

    /// Sets level `l`'s staff from its schedule now and any change made during the run, and puts
    /// new staff to work.
    pub(in crate::engine::simulation) fn apply_staff(&mut self, l: usize) {
        let scheduled = match &self.model.levels[l].staffing {
            Staffing::Constant(c) => *c,
            Staffing::Shifts(schedule) => schedule.staff_at(SimTime(self.now)),
        };
        let ls = &mut self.levels[l];
        ls.staff = if ls.closed > 0 {
            0
        } else {
            (i64::from(scheduled) + ls.offset + ls.scripted).clamp(0, i64::from(u32::MAX)) as u32
        };
        let (w, b, s) = (ls.waiting, ls.busy, ls.staff);
        self.stats.level_state(l, self.now, w, b, s);
        self.dispatch(l);
    }

    /// A staff change or closure of the script starts (or `ends`): the level's staff follow.
    pub(super) fn on_script(&mut self, step: usize, ends: bool) {
        let s = self.model.script.steps[step];
        let ls = &mut self.levels[s.level];
        match s.change {
            Some(n) => ls.scripted += if ends { -n } else { n },
            None if ends => ls.closed -= 1,
            None => ls.closed += 1,
        }
        self.apply_staff(s.level);
    }

    /// A staff member at `l` takes up work a notification cost.
    pub(super) fn start_task(&mut self, l: usize, ms: u64) {
        let now = self.now;
        let ls = &mut self.levels[l];
        ls.busy += 1;
        let (w, b, s) = (ls.waiting, ls.busy, ls.staff);
        self.stats.level_state(l, now, w, b, s);
        self.events.push(now.saturating_add(ms), EventKind::TaskEnd { level: l as u32 });
    }

    pub(super) fn on_task_end(&mut self, l: usize) {
        let now = self.now;
        let ls = &mut self.levels[l];
        ls.busy -= 1;
        let (w, b, s) = (ls.waiting, ls.busy, ls.staff);
        self.stats.level_state(l, now, w, b, s);
        self.dispatch(l);
    }
}
