//! What each event does: arrivals, queue joins and service starts, service ends with their
//! resolve-or-escalate outcome, moves between levels, reopens and shift changes; timers and
//! triggers in `timers`, SLA clocks in `sla`.

use super::event_queue::EventKind;
use super::issue::{Issue, NONE, PendingMove, Reason, State};
use super::{Simulation, arrivals::Source};
use crate::engine::model::{Action, Condition, GuardView, MAX_ATTRIBUTES, Model, Outcome, Staffing};
use crate::engine::report::{Journey, Step};
use crate::engine::time::{SimTime, describe_minutes, minutes};

mod sla;
mod timers;

impl Simulation<'_> {
    pub(super) fn handle(&mut self, kind: EventKind) {
        match kind {
            EventKind::Arrival { stream } => self.on_arrival(stream as usize),
            EventKind::ServiceEnd { slot } => self.on_service_end(slot),
            EventKind::WaitTimer { slot, visit, trigger } => self.on_wait_timer(slot, visit, trigger as usize),
            EventKind::IssueTimer { slot, uid, trigger } => self.on_issue_timer(slot, uid, trigger as usize),
            EventKind::LevelTimer { slot, stint, trigger } => self.on_level_timer(slot, stint, trigger as usize),
            EventKind::Reopen { slot, uid } => self.on_reopen(slot, uid),
            EventKind::ShiftChange { level } => self.on_shift_change(level as usize),
            EventKind::TaskEnd { level } => self.on_task_end(level as usize),
        }
    }

    fn on_arrival(&mut self, stream: usize) {
        let model = self.model;
        let now = self.now;
        let mut fixed = None;
        let (category, burst_mix) = match self.streams[stream].source() {
            Source::Base => (self.rng.pick(&model.workload.category_cumulative), None),
            Source::Burst(b) => {
                let burst = &model.workload.bursts[b];
                (burst.category, burst.priority_cumulative.as_deref())
            }
            Source::Injected(k) => (k, None),
            Source::Scheduled(i) => {
                let s = &model.workload.scheduled[i];
                fixed = Some(s);
                (s.category, None)
            }
        };
        let cat = &model.categories[category];
        let (mut impact, mut urgency) = (u8::MAX, u8::MAX);
        let priority = match (burst_mix, &model.triage) {
            _ if fixed.is_some() => fixed.map_or(0, |s| s.priority),
            (Some(cum), _) => self.rng.pick(cum),
            (None, _) if !cat.priority_cumulative.is_empty() => self.rng.pick(&cat.priority_cumulative),
            (None, Some(t)) => {
                let (i, u) = (self.rng.pick(&t.impact_cumulative), self.rng.pick(&t.urgency_cumulative));
                (impact, urgency) = (i as u8, u as u8);
                t.matrix[i][u]
            }
            (None, None) => 0,
        };
        let mut attributes = [0u8; MAX_ATTRIBUTES];
        for (a, attr) in model.attributes.iter().enumerate() {
            attributes[a] = match fixed.and_then(|s| s.attributes[a]) {
                Some(v) => v as u8,
                None => self.rng.pick(&attr.cumulative) as u8,
            };
        }
        let mut tags = 0u32;
        match fixed.and_then(|s| s.tags) {
            Some(bits) => tags = bits,
            None => {
                for (i, &(_, p)) in model.workload.tags.iter().enumerate() {
                    if self.rng.bernoulli(p) {
                        tags |= 1 << i;
                    }
                }
            }
        }
        // The issue's own work sub-streams are keyed from here, so that two policies run from the
        // same seed give the same issue the same service times (common random numbers).
        let seed = self.rng.next_u64();
        let sla = model
            .sla
            .iter()
            .position(|s| {
                s.categories.as_ref().is_none_or(|m| m[category])
                    && s.attributes.iter().all(|&(a, v)| attributes[a] as usize == v)
            })
            .map_or(NONE, |i| i as u32);
        let uid = self.next_uid;
        self.next_uid = self.next_uid.wrapping_add(1);
        let counted = self.stats.in_window(now);
        // Arrival rules: the first route that holds chooses where the issue starts; every
        // notification that holds is recorded once the issue exists.
        let arrived_with = priority;
        let mut priority = priority;
        let mut position = cat.entry[priority];
        let mut routed_by = None;
        let mut arrival_notes: Vec<usize> = Vec::new();
        let mut reprioritised_by = None;
        for &t in &cat.on_arrival[arrived_with] {
            let tr = &model.triggers[t];
            let view = GuardView {
                category,
                priority,
                level: cat.path[position],
                attributes: &attributes,
                tags,
                impact,
                urgency,
                escalations: 0,
                reopens: 0,
                now: SimTime(now),
                arrival: SimTime(now),
                waiting_since: None,
                at_level_since: SimTime(now),
                // The SLA clocks have not started to run.
                sla_used: [Some(0.0), Some(0.0)],
            };
            if !tr.applies_at(cat.path[position]) || tr.guard.as_ref().is_some_and(|g| !g.holds(&view, model)) {
                continue;
            }
            match tr.action {
                Action::EscalateTo(target) if routed_by.is_none() => {
                    if let Some(p) = cat.position(target) {
                        position = p;
                        routed_by = Some(t);
                    }
                }
                Action::Notify(_) => arrival_notes.push(t),
                // Triage by rule: the issue starts with this priority (and its entry level).
                Action::SetPriority(to) if reprioritised_by.is_none() => {
                    priority = to;
                    reprioritised_by = Some(t);
                }
                Action::RaisePriority if reprioritised_by.is_none() => {
                    priority = priority.saturating_sub(1);
                    reprioritised_by = Some(t);
                }
                _ => {}
            }
        }
        if routed_by.is_none() {
            position = cat.entry[priority];
        }
        let level = cat.path[position];
        let journey = if counted && self.journeys.wants(uid) {
            self.journeys.start(Journey {
                issue: uid,
                category: cat.name.clone(),
                priority: model.priorities[priority].name.clone(),
                attributes: model
                    .attributes
                    .iter()
                    .enumerate()
                    .map(|(a, attr)| (attr.name.clone(), attr.values[attributes[a] as usize].clone()))
                    .collect(),
                arrival_min: minutes(now),
                resolved_min: None,
                resolution_breached: false,
                steps: Vec::new(),
            })
        } else {
            NONE
        };
        let issue = Issue {
            uid,
            arrival: now,
            first_start: u64::MAX,
            category: category as u16,
            priority: priority as u16,
            arrival_priority: priority as u16,
            position: position as u16,
            level: level as u16,
            state: State::Waiting,
            visit: 0,
            stint: 0,
            stint_start: now,
            join_time: now,
            pending: None,
            escalated_in: false,
            counted,
            sla,
            attributes,
            tags,
            impact,
            urgency,
            journey,
            escalations: 0,
            reopens: 0,
            seed,
            services: 0,
            sla_paused_since: u64::MAX,
            sla_paused_ms: 0,
        };
        let slot = self.pool.insert(issue);
        self.stats.arrival(&self.pool.issues[slot as usize], model.clock.hour_of_week(SimTime(now)));
        self.trace(slot, "arrived", None, |m, i| {
            let mut tier: Vec<String> = m
                .attributes
                .iter()
                .enumerate()
                .map(|(a, attr)| format!("{} {}", attr.name, attr.values[i.attributes[a] as usize]))
                .collect();
            if let Some(t) = &m.triage
                && i.impact != u8::MAX
            {
                tier.push(format!(
                    "impact {}, urgency {}",
                    t.impacts[i.impact as usize], t.urgencies[i.urgency as usize]
                ));
            }
            let tags: Vec<&str> = m
                .workload
                .tags
                .iter()
                .enumerate()
                .filter(|&(b, _)| i.tags & (1 << b) != 0)
                .map(|(_, (name, _))| name.as_str())
                .collect();
            if !tags.is_empty() {
                tier.push(format!("tagged {}", tags.join(", ")));
            }
            format!(
                "{} issue, priority {}{}{}",
                m.categories[i.category as usize].name,
                m.priorities[i.priority as usize].name,
                if tier.is_empty() { "" } else { ", " },
                tier.join(", ")
            )
        });
        if let Some(t) = reprioritised_by {
            if counted {
                self.stats.trigger_fires[t] += 1;
            }
            self.trace(slot, "priority_changed", Some(t), |m, i| {
                format!("priority {} → {}", m.priorities[arrived_with].name, m.priorities[i.priority as usize].name)
            });
        }
        if let Some(t) = routed_by {
            if counted {
                self.stats.trigger_fires[t] += 1;
            }
            self.trace(slot, "routed", Some(t), |m, i| format!("starts at {}", m.levels[i.level as usize].name));
        }
        for t in arrival_notes {
            if counted {
                self.stats.trigger_fires[t] += 1;
            }
            self.notify(slot, model.triggers[t].action, t as u32);
        }
        for &t in &cat.arrival_timers[priority] {
            if let Some(at) = self.issue_timer_time(slot, t) {
                self.events.push(at, EventKind::IssueTimer { slot, uid, trigger: t as u32 });
            }
        }
        if counted {
            let reason = if position == 0 { Reason::Entry } else { Reason::SkipLevel };
            self.stats.flow(model.levels.len(), level, reason);
        }
        self.start_stint(slot);
        self.join(slot);
        if !self.schedule_next_arrival(stream) {
            self.open_streams -= 1;
        }
    }

    /// The issue joins the queue of its current level, or starts service at once if staff is idle.
    fn join(&mut self, slot: u32) {
        let model = self.model;
        let now = self.now;
        let issue = &mut self.pool.issues[slot as usize];
        issue.state = State::Waiting;
        issue.join_time = now;
        let (l, visit, p, k) = (issue.level as usize, issue.visit, issue.priority as usize, issue.category as usize);
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
        for &(after, trigger) in &model.cell(l, k, p).wait_timers {
            let at = model.timer_at(trigger, now, after);
            self.events.push(at, EventKind::WaitTimer { slot, visit, trigger: trigger as u32 });
        }
        self.trace(slot, "queued", None, |_, _| String::new());
    }

    fn start_service(&mut self, slot: u32) {
        let model = self.model;
        let now = self.now;
        let issue = &mut self.pool.issues[slot as usize];
        let l = issue.level as usize;
        let wait = now - issue.join_time;
        issue.state = State::InService;
        issue.visit = issue.visit.wrapping_add(1);
        let first = issue.first_start == u64::MAX;
        if first {
            issue.first_start = now;
        }
        let cell = model.cell(l, issue.category as usize, issue.priority as usize);
        let handoff = std::mem::take(&mut issue.escalated_in);
        self.pool.add_wait(slot, l, wait);
        self.stats.waited(l, &self.pool.issues[slot as usize], wait);
        let issue = &mut self.pool.issues[slot as usize];
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
        self.trace(slot, "service_started", None, |_, _| {
            let waited = if wait == 0 {
                "without waiting".to_string()
            } else {
                format!("after waiting {}", describe_minutes(minutes(wait)))
            };
            format!("{waited}{}", if first { " (first response)" } else { "" })
        });
    }

    /// Starts service for the best waiting issues while staff is idle.
    fn dispatch(&mut self, l: usize) {
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
    fn pop_best(&mut self, l: usize) -> Option<u32> {
        let pool = &self.pool;
        for (p, queue) in self.levels[l].queues.iter_mut().enumerate() {
            while let Some((slot, visit)) = queue.pop_front() {
                let issue = &pool.issues[slot as usize];
                if issue.visit == visit && issue.state == State::Waiting && issue.priority as usize == p {
                    return Some(slot);
                }
            }
        }
        None
    }

    fn on_service_end(&mut self, slot: u32) {
        let model = self.model;
        let now = self.now;
        let issue = &self.pool.issues[slot as usize];
        let (l, k, p, counted) =
            (issue.level as usize, issue.category as usize, issue.priority as usize, issue.counted);
        let ls = &mut self.levels[l];
        ls.busy -= 1;
        let (w, b, s) = (ls.waiting, ls.busy, ls.staff);
        self.stats.level_state(l, now, w, b, s);
        let cell = model.cell(l, k, p);
        let issue = &self.pool.issues[slot as usize];
        self.work.reseed(work_key(issue.seed, Draw::Outcome, l, issue.services.wrapping_sub(1)));
        let resolved = self.work.bernoulli(cell.resolve_probability);
        self.stats.service_ended(l, now, resolved, counted);
        if resolved {
            self.levels[l].resolved += 1;
            self.pool.issues[slot as usize].pending = None;
            if counted {
                self.stats.flow(l, model.levels.len(), Reason::Outcome);
            }
            let reopen = model.categories[k].reopen_probability;
            match &model.reopen_after {
                Some(after) if reopen > 0.0 && self.work.bernoulli(reopen) => {
                    let delay = after.sample(&mut self.work);
                    let issue = &mut self.pool.issues[slot as usize];
                    issue.state = State::FollowUp;
                    let uid = issue.uid;
                    self.events.push(now.saturating_add(delay), EventKind::Reopen { slot, uid });
                    self.trace(slot, "follow_up", None, |_, _| {
                        format!("resolved; it will reopen after {}", describe_minutes(minutes(delay)))
                    });
                }
                _ => {
                    self.trace(slot, "resolved", None, |_, _| String::new());
                    self.finalize(slot);
                }
            }
        } else {
            self.trace(slot, "service_ended", None, |_, _| "not resolved".to_string());
            let pending = self.pool.issues[slot as usize].pending.take();
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
                    self.stats.trigger_fires[t] += 1;
                }
                if let Action::Notify(_)
                | Action::SetPriority(_)
                | Action::RaisePriority
                | Action::PauseSla
                | Action::ResumeSla = outcome.action
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
                let target = self
                    .target_position(slot, action, Reason::Outcome)
                    .unwrap_or(self.pool.issues[slot as usize].position as usize);
                self.move_to(slot, target, Reason::Outcome, trigger);
            }
        }
        self.dispatch(l);
    }

    /// Where an action would take the issue, as a path position; `None` if it does not move it.
    fn target_position(&self, slot: u32, action: Action, reason: Reason) -> Option<usize> {
        let issue = &self.pool.issues[slot as usize];
        let cat = &self.model.categories[issue.category as usize];
        let pos = issue.position as usize;
        match action {
            Action::EscalateNext => (pos + 1 < cat.path.len()).then_some(pos + 1),
            // An explicit not-resolved rule may send an issue anywhere on its path; a timer only
            // ever moves it up, never back.
            Action::EscalateTo(l) => cat.position(l).filter(|&t| t > pos || (reason == Reason::Outcome && t != pos)),
            Action::Close => None,
            a => {
                debug_assert!(a.in_place());
                None
            }
        }
    }

    /// Applies a pending move if it moves the issue; returns whether it did.
    fn try_move(&mut self, slot: u32, mv: PendingMove) -> bool {
        match self.target_position(slot, mv.action, mv.reason) {
            Some(target) => {
                self.move_to(slot, target, mv.reason, mv.trigger);
                true
            }
            None => false,
        }
    }

    /// Moves the issue to a path position (possibly its own, for rework) and joins that queue.
    fn move_to(&mut self, slot: u32, target: usize, reason: Reason, trigger: u32) {
        let model = self.model;
        let issue = &mut self.pool.issues[slot as usize];
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
    fn on_level_change(&mut self, slot: u32) -> Option<(usize, usize)> {
        let model = self.model;
        let issue = &self.pool.issues[slot as usize];
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
                            self.stats.trigger_fires[t] += 1;
                        }
                    }
                }
                a if a.in_place() => {
                    if counted {
                        self.stats.trigger_fires[t] += 1;
                    }
                    self.act_in_place(slot, a, t as u32);
                }
                _ => {}
            }
        }
        route
    }

    fn notify(&mut self, slot: u32, action: Action, trigger: u32) {
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

    /// A staff member at `l` takes up work a notification cost.
    fn start_task(&mut self, l: usize, ms: u64) {
        let now = self.now;
        let ls = &mut self.levels[l];
        ls.busy += 1;
        let (w, b, s) = (ls.waiting, ls.busy, ls.staff);
        self.stats.level_state(l, now, w, b, s);
        self.events.push(now.saturating_add(ms), EventKind::TaskEnd { level: l as u32 });
    }

    fn on_task_end(&mut self, l: usize) {
        let now = self.now;
        let ls = &mut self.levels[l];
        ls.busy -= 1;
        let (w, b, s) = (ls.waiting, ls.busy, ls.staff);
        self.stats.level_state(l, now, w, b, s);
        self.dispatch(l);
    }

    /// Takes a waiting issue out of its queue (the entry goes stale), recording its wait.
    fn leave_queue(&mut self, slot: u32) {
        let now = self.now;
        let issue = &mut self.pool.issues[slot as usize];
        let l = issue.level as usize;
        let wait = now - issue.join_time;
        issue.visit = issue.visit.wrapping_add(1);
        let ls = &mut self.levels[l];
        ls.waiting -= 1;
        let (w, b, s) = (ls.waiting, ls.busy, ls.staff);
        self.stats.level_state(l, now, w, b, s);
        self.stats.left_queue(l, now);
        self.pool.add_wait(slot, l, wait);
        self.stats.waited(l, &self.pool.issues[slot as usize], wait);
    }

    fn on_reopen(&mut self, slot: u32, uid: u32) {
        let issue = &mut self.pool.issues[slot as usize];
        if issue.uid != uid || issue.state != State::FollowUp {
            return;
        }
        issue.reopens = issue.reopens.saturating_add(1);
        issue.escalated_in = false;
        let (counted, level) = (issue.counted, issue.level as usize);
        if counted {
            self.stats.flow(self.model.levels.len() + 1, level, Reason::Reopen);
        }
        self.trace(slot, "reopened", None, |m, i| format!("back to {}", m.levels[i.level as usize].name));
        self.start_stint(slot);
        self.join(slot);
    }

    fn on_shift_change(&mut self, l: usize) {
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
    pub(super) fn apply_staff(&mut self, l: usize) {
        let scheduled = match &self.model.levels[l].staffing {
            Staffing::Constant(c) => *c,
            Staffing::Shifts(schedule) => schedule.staff_at(SimTime(self.now)),
        };
        let ls = &mut self.levels[l];
        ls.staff = (i64::from(scheduled) + ls.offset).clamp(0, i64::from(u32::MAX)) as u32;
        let (w, b, s) = (ls.waiting, ls.busy, ls.staff);
        self.stats.level_state(l, self.now, w, b, s);
        self.dispatch(l);
    }

    /// An action that leaves the issue where it is: a notification or a priority change.
    fn act_in_place(&mut self, slot: u32, action: Action, trigger: u32) {
        let np = self.model.priorities.len();
        let p = self.pool.issues[slot as usize].priority as usize;
        match action {
            Action::Notify(_) => self.notify(slot, action, trigger),
            Action::SetPriority(to) => self.change_priority(slot, to, trigger),
            // Priorities are listed most urgent first.
            Action::RaisePriority => self.change_priority(slot, p.saturating_sub(1).min(np - 1), trigger),
            Action::PauseSla => self.pause_sla(slot, trigger),
            Action::ResumeSla => self.resume_sla(slot, trigger),
            _ => {}
        }
    }

    /// Gives the issue another priority. A waiting issue keeps its place in time (its wait so
    /// far counts) but is filed under the new priority, with the new priority's wait timers; its
    /// age and SLA timers follow the new priority's targets. Report groups stay by the priority
    /// the issue arrived with; SLA attainment is judged on the targets of its priority at the end.
    fn change_priority(&mut self, slot: u32, to: usize, trigger: u32) {
        let model = self.model;
        let now = self.now;
        let issue = &mut self.pool.issues[slot as usize];
        let from = issue.priority as usize;
        if from == to {
            return;
        }
        issue.priority = to as u16;
        let by = (trigger != NONE).then_some(trigger as usize);
        self.trace(slot, "priority_changed", by, |m, _| {
            format!("priority {} → {}", m.priorities[from].name, m.priorities[to].name)
        });
        let issue = &mut self.pool.issues[slot as usize];
        let (l, k, uid) = (issue.level as usize, issue.category as usize, issue.uid);
        if issue.state == State::Waiting {
            issue.visit = issue.visit.wrapping_add(1);
            let (visit, joined) = (issue.visit, issue.join_time);
            self.levels[l].queues[to].push_back((slot, visit));
            for &(after, t) in &model.cell(l, k, to).wait_timers {
                let at = model.timer_at(t, joined, after).max(now);
                self.events.push(at, EventKind::WaitTimer { slot, visit, trigger: t as u32 });
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
    fn close_now(&mut self, slot: u32, trigger: u32) {
        let issue = &self.pool.issues[slot as usize];
        if issue.counted {
            self.stats.flow(issue.level as usize, self.model.levels.len(), Reason::Outcome);
        }
        let by = (trigger != NONE).then_some(trigger as usize);
        self.trace(slot, "closed", by, |_, _| "closed as resolved by a rule".to_string());
        self.finalize(slot);
    }

    /// The issue is resolved for good: record it and free its slot.
    fn finalize(&mut self, slot: u32) {
        self.close(slot, Some(self.now));
    }

    /// The run ended with the issue still open (hard stop).
    pub(super) fn censor(&mut self, slot: u32) {
        self.trace(slot, "censored", None, |_, _| "still open when the run stopped".to_string());
        self.close(slot, None);
    }

    fn close(&mut self, slot: u32, resolved_at: Option<u64>) {
        let issue = &self.pool.issues[slot as usize];
        if issue.counted {
            let sla = self.sla_outcome(issue, resolved_at);
            let how = self.model.clock.hour_of_week(SimTime(issue.arrival));
            self.stats.finished(issue, resolved_at, sla, self.pool.waits(slot), how);
            if issue.journey != NONE {
                self.journeys.finish(issue.journey, resolved_at.map(minutes), sla.resolution == Some(true));
            }
        }
        self.pool.remove(slot);
    }

    /// Adds a step to the issue's journey, if it is traced; `detail` is built only then.
    fn trace(&mut self, slot: u32, event: &str, trigger: Option<usize>, detail: impl FnOnce(&Model, &Issue) -> String) {
        let issue = &self.pool.issues[slot as usize];
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
