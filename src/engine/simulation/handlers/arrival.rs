//! Intake: a new issue arrives (what it is, where it enters, what is recorded of it), and a
//! resolved issue reopens after its follow-up.

use super::super::Simulation;
use super::super::arrivals::Source;
use super::super::event_queue::EventKind;
use super::super::issue::{Issue, NONE, Reason, State};
use crate::engine::event_log::{Activity, Cause};
use crate::engine::model::{Action, GuardView, MAX_ATTRIBUTES, TriageDraw};
use crate::engine::report::Journey;
use crate::engine::time::{SimTime, minutes};

/// What the arrival stream drew for a new issue: what it is, before any rule acts on it.
struct Drawn {
    category: usize,
    /// The priority it arrived with.
    priority: usize,
    /// The triage matrix's draw, `u8::MAX` when the priority came otherwise.
    impact: u8,
    urgency: u8,
    attributes: [u8; MAX_ATTRIBUTES],
    tags: u32,
    /// The key of the issue's own work sub-streams.
    seed: u64,
    /// The SLA policy that applies, or `NONE`.
    sla: u32,
}

/// Where a new issue enters, once the arrival rules have acted.
struct Entry {
    /// Its priority from the start (a rule may have triaged it).
    priority: usize,
    /// Its starting position on its category's path.
    position: usize,
    /// The rule that chose where it starts, if one did.
    routed_by: Option<usize>,
    /// The rule that gave it its priority, if one did.
    reprioritised_by: Option<usize>,
    /// The notifications that hold at its arrival.
    notes: Vec<usize>,
}

impl Simulation<'_> {
    pub(super) fn on_arrival(&mut self, stream: usize) {
        let drawn = self.draw_arrival(stream);
        let entry = self.route_arrival(&drawn);
        let slot = self.admit(&drawn, &entry);
        self.describe_arrival(slot, &drawn, &entry);
        self.record_arrival(slot, drawn.priority, entry.routed_by, entry.reprioritised_by, entry.position > 0);
        let model = self.model;
        let issue = &self.pool[slot];
        let (uid, category, level) = (issue.uid, issue.category as usize, issue.level as usize);
        for &t in &entry.notes {
            self.notify(slot, model.triggers[t].action, t as u32);
        }
        for &t in &model.categories[category].arrival_timers[entry.priority] {
            if let Some(at) = self.issue_timer_time(slot, t) {
                self.events.push(at, EventKind::IssueTimer { slot, uid, trigger: t as u32 });
            }
        }
        if self.pool[slot].counted {
            let reason = if entry.position == 0 { Reason::Entry } else { Reason::SkipLevel };
            self.stats.flow(model.levels.len(), level, reason);
        }
        self.start_stint(slot);
        self.join(slot);
        if !self.schedule_next_arrival(stream) {
            self.open_streams -= 1;
        }
    }

    /// What arrives from the stream: its category (from the stream's source), priority,
    /// attributes and tags, drawn from the arrival generator in that order, and its work key.
    fn draw_arrival(&mut self, stream: usize) -> Drawn {
        let model = self.model;
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
                let (i, u) = match &t.draw {
                    TriageDraw::Independent { impact_cumulative, urgency_cumulative } => {
                        (self.rng.pick(impact_cumulative), self.rng.pick(urgency_cumulative))
                    }
                    TriageDraw::Joint { pairs, cumulative } => pairs[self.rng.pick(cumulative)],
                };
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
        Drawn { category, priority, impact, urgency, attributes, tags, seed, sla }
    }

    /// Where the issue enters. Arrival rules: the first route that holds chooses where the issue
    /// starts; the first priority change that holds gives it its priority (and, unless routed,
    /// that priority's entry level); every notification that holds is kept, to be sent once the
    /// issue exists.
    fn route_arrival(&self, drawn: &Drawn) -> Entry {
        let model = self.model;
        let now = self.now;
        let cat = &model.categories[drawn.category];
        let mut priority = drawn.priority;
        let mut position = cat.entry[priority];
        let mut routed_by = None;
        let mut notes: Vec<usize> = Vec::new();
        let mut reprioritised_by = None;
        for &t in &cat.on_arrival[drawn.priority] {
            let tr = &model.triggers[t];
            let view = GuardView {
                category: drawn.category,
                priority,
                level: cat.path[position],
                attributes: &drawn.attributes,
                tags: drawn.tags,
                impact: drawn.impact,
                urgency: drawn.urgency,
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
                Action::Notify(_) => notes.push(t),
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
        Entry { priority, position, routed_by, reprioritised_by, notes }
    }

    /// The issue takes a slot in the pool, waiting at its entry level.
    fn admit(&mut self, drawn: &Drawn, entry: &Entry) -> u32 {
        let now = self.now;
        let uid = self.next_uid;
        self.next_uid = self.next_uid.wrapping_add(1);
        let level = self.model.categories[drawn.category].path[entry.position];
        self.pool.insert(Issue {
            uid,
            arrival: now,
            first_start: u64::MAX,
            first_paused_ms: 0,
            category: drawn.category as u16,
            priority: entry.priority as u16,
            arrival_priority: entry.priority as u16,
            position: entry.position as u16,
            level: level as u16,
            state: State::Waiting,
            visit: 0,
            stint: 0,
            stint_start: now,
            join_time: now,
            pending: None,
            escalated_in: false,
            counted: self.stats.in_window(now),
            sla: drawn.sla,
            attributes: drawn.attributes,
            tags: drawn.tags,
            impact: drawn.impact,
            urgency: drawn.urgency,
            journey: NONE,
            escalations: 0,
            reopens: 0,
            loops: 0,
            seed: drawn.seed,
            services: 0,
            sla_paused_since: u64::MAX,
            sla_paused_ms: 0,
            clocks: self.model.sla.get(drawn.sla as usize).filter(|p| p.has_more).map(|_| Box::default()),
        })
    }

    /// What is recorded of the arrival: the issue in the statistics, its journey if it is
    /// sampled (its arrival in words: category, priority, attributes, triage, tags), and the
    /// arrival rules that acted (a priority change, a route, notifications) as fires and steps.
    fn describe_arrival(&mut self, slot: u32, drawn: &Drawn, entry: &Entry) {
        let model = self.model;
        let now = self.now;
        let issue = &self.pool[slot];
        let (uid, counted) = (issue.uid, issue.counted);
        if self.journeys.wants(uid, counted) {
            let journey = self.journeys.start(Journey {
                issue: uid,
                category: model.categories[drawn.category].name.clone(),
                priority: model.priorities[entry.priority].name.clone(),
                attributes: model
                    .attributes
                    .iter()
                    .enumerate()
                    .map(|(a, attr)| (attr.name.clone(), attr.values[drawn.attributes[a] as usize].clone()))
                    .collect(),
                arrival_min: minutes(now),
                resolved_min: None,
                resolution_breached: false,
                also_breached: Vec::new(),
                steps: Vec::new(),
            });
            self.pool[slot].journey = journey;
        }
        self.stats.arrival(&self.pool[slot], model.clock.hour_of_week(SimTime(now)));
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
        if let Some(t) = entry.reprioritised_by {
            if counted {
                self.stats.tallies.trigger_fires[t] += 1;
            }
            let arrived_with = drawn.priority;
            self.trace(slot, "priority_changed", Some(t), |m, i| {
                format!("priority {} → {}", m.priorities[arrived_with].name, m.priorities[i.priority as usize].name)
            });
        }
        if let Some(t) = entry.routed_by {
            if counted {
                self.stats.tallies.trigger_fires[t] += 1;
            }
            self.trace(slot, "routed", Some(t), |m, i| format!("starts at {}", m.levels[i.level as usize].name));
        }
        if counted {
            for &t in &entry.notes {
                self.stats.tallies.trigger_fires[t] += 1;
            }
        }
    }

    pub(super) fn on_reopen(&mut self, slot: u32, uid: u32) {
        let issue = &mut self.pool[slot];
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
        self.record(slot, Activity::Reopen, Cause::None);
        self.follow_up_ended(slot);
        self.start_stint(slot);
        self.join(slot);
    }
}
