//! Statistics of one replication, kept in bounded memory: counters, sums, log-bucketed histograms
//! for percentiles, time integrals of queue length and busy staff, and fixed-size time series.
//! Nothing here grows with the number of issues simulated.

use super::issue::{Issue, Reason};
use crate::engine::histogram::LogHistogram;
use crate::engine::model::Model;
use crate::engine::report::{
    EscalationsOut, EventKpis, GroupKpis, Kpis, LevelKpis, MoreBreaches, Quantiles, TTR_EDGES_MIN,
};
use crate::engine::time::{HOUR, MINUTE, SimTime};

/// Mean and percentiles of durations recorded in ms, reported in minutes.
#[derive(Default)]
pub struct DurationStats {
    hist: LogHistogram,
    sum: f64,
}

impl DurationStats {
    #[inline(always)]
    pub fn record(&mut self, ms: u64) {
        self.hist.record(ms);
        self.sum += ms as f64;
    }

    fn count(&self) -> u64 {
        self.hist.count()
    }

    /// Fractions of the recorded durations in the bins of [`TTR_EDGES_MIN`] (`None` when empty).
    fn histogram(&self) -> Vec<Option<f64>> {
        let n = self.count();
        let below = self.hist.counts_below(&TTR_EDGES_MIN.map(|m| m * MINUTE as f64));
        let total = n as f64;
        (0..=below.len())
            .map(|i| {
                let lo = if i == 0 { 0.0 } else { below[i - 1] };
                let hi = if i == below.len() { total } else { below[i] };
                (n > 0).then(|| (hi - lo) / total)
            })
            .collect()
    }

    fn quantiles(&self) -> Quantiles<Option<f64>> {
        let n = self.count();
        let [p50, p90, p99] = self.hist.quantiles([0.5, 0.9, 0.99]).map(|q| q.map(|ms| ms / MINUTE as f64));
        Quantiles { mean: (n > 0).then(|| self.sum / n as f64 / MINUTE as f64), p50, p90, p99 }
    }
}

/// Accumulators for the counted issues of one priority or category.
pub struct GroupStats {
    pub counted: u64,
    resolved: u64,
    ttr: DurationStats,
    first_response: DurationStats,
    resolution_breaches: u64,
    resolution_known: u64,
    response_breaches: u64,
    response_known: u64,
    /// Per target of `MoreTarget::ALL`: breaches, and issues it applied to with a known outcome.
    more_breaches: [u64; 5],
    more_known: [u64; 5],
    reopened: u64,
    escalated: u64,
    pub at_risk: u64,
}

impl GroupStats {
    fn new() -> GroupStats {
        GroupStats {
            counted: 0,
            resolved: 0,
            ttr: DurationStats::default(),
            first_response: DurationStats::default(),
            resolution_breaches: 0,
            resolution_known: 0,
            response_breaches: 0,
            response_known: 0,
            more_breaches: [0; 5],
            more_known: [0; 5],
            reopened: 0,
            escalated: 0,
            at_risk: 0,
        }
    }
}

/// The SLA outcome of a finished (or censored) issue.
#[derive(Clone, Copy, Debug, Default)]
pub struct SlaOutcome {
    /// `Some(breached)` when the resolution target applies and its outcome is known.
    pub resolution: Option<bool>,
    pub first_response: Option<bool>,
    /// The targets of [`MoreTarget::ALL`](crate::engine::document::MoreTarget::ALL), likewise.
    pub more: [Option<bool>; 5],
    /// When the resolution target passed, for breached issues.
    pub breach_time: Option<u64>,
}

/// Per level: the current counts, their time integrals and per-visit figures.
pub struct LevelStats {
    last: u64,
    /// The time-series bucket last added to: its start, end (ms) and index in the series.
    bucket: (u64, u64, usize),
    queue: u32,
    busy: u32,
    staff: u32,
    area_queue: f64,
    area_busy: f64,
    area_staff: f64,
    /// Busy staff beyond the staff on duty (finishing the issue in hand after a shift's end).
    area_over: f64,
    pub wait: DurationStats,
    joins_in_window: u64,
    /// Queue visits that ended without a service (a timer or trigger moved the issue on).
    left_in_window: u64,
    /// Arrivals from another level by timers and triggers.
    moved_in_window: u64,
    completions_in_window: u64,
    resolved_here: u64,
    escalations_out: [u64; 4],
}

pub struct Collector {
    warmup: u64,
    horizon: u64,
    bucket: u64,
    buckets: usize,
    np: usize,
    nl: usize,
    pub groups: Box<[GroupStats]>,
    pub levels: Box<[LevelStats]>,
    /// What the replication hands on as it is.
    pub tallies: Tallies,
    pub arrivals: u64,
    pub completions: u64,
    pub timer_escalations: u64,
    pub processed: u64,
    pub censored: u64,
}

/// The counts and series a replication hands on, as collected, to be combined with the other
/// replications' (the KPIs are worked out from the rest of the collector at the end).
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tallies {
    /// `flows[(from * (nl + 1) + to) * reasons + reason]`; from = level, nl (arrival) or nl + 1
    /// (follow-up); to = level or nl (resolved).
    pub flows: Vec<u64>,
    pub series_queue: Vec<f64>,
    pub series_busy: Vec<f64>,
    pub series_staff: Vec<f64>,
    pub series_breaches: Vec<f64>,
    pub series_arrivals: Vec<f64>,
    pub heat_arrivals: Vec<f64>,
    pub heat_breaches: Vec<f64>,
    /// `[level * np + priority]`: breached issues whose longest wait was at the level.
    pub longest_wait: Vec<u64>,
    /// `[level]`: total wait there of breached issues, ms.
    pub wait_of_breached: Vec<f64>,
    pub breached: Vec<u64>,
    pub trigger_fires: Vec<u64>,
}

impl Tallies {
    /// All zero, sized for the model and `buckets` time buckets.
    fn new(model: &Model, buckets: usize) -> Tallies {
        let (np, nl) = (model.priorities.len(), model.levels.len());
        Tallies {
            flows: vec![0; (nl + 2) * (nl + 1) * Reason::ALL.len()],
            series_queue: vec![0.0; nl * buckets],
            series_busy: vec![0.0; nl * buckets],
            series_staff: vec![0.0; nl * buckets],
            series_breaches: vec![0.0; np * buckets],
            series_arrivals: vec![0.0; buckets],
            heat_arrivals: vec![0.0; np * 168],
            heat_breaches: vec![0.0; np * 168],
            longest_wait: vec![0; nl * np],
            wait_of_breached: vec![0.0; nl],
            breached: vec![0; np],
            trigger_fires: vec![0; model.triggers.len()],
        }
    }
}

impl Collector {
    pub fn new(model: &Model) -> Collector {
        let run = &model.run;
        let (np, nk, nl) = (model.priorities.len(), model.categories.len(), model.levels.len());
        let buckets = run.horizon.div_ceil(run.bucket) as usize;
        let level = || LevelStats {
            last: 0,
            bucket: (0, 0, 0),
            queue: 0,
            busy: 0,
            staff: 0,
            area_queue: 0.0,
            area_busy: 0.0,
            area_staff: 0.0,
            area_over: 0.0,
            wait: DurationStats::default(),
            joins_in_window: 0,
            left_in_window: 0,
            moved_in_window: 0,
            completions_in_window: 0,
            resolved_here: 0,
            escalations_out: [0; 4],
        };
        Collector {
            warmup: run.warmup,
            horizon: run.horizon,
            bucket: run.bucket,
            buckets,
            np,
            nl,
            groups: (0..np + nk).map(|_| GroupStats::new()).collect(),
            levels: (0..nl).map(|_| level()).collect(),
            tallies: Tallies::new(model, buckets),
            arrivals: 0,
            completions: 0,
            timer_escalations: 0,
            processed: 0,
            censored: 0,
        }
    }

    pub fn in_window(&self, t: u64) -> bool {
        t >= self.warmup && t < self.horizon
    }

    /// Records a level's queue length, busy and staff counts from `now` on, integrating the
    /// previous values since the last change. Always inlined, with the rare change that spans
    /// time buckets out of line: every queue join, service start and end records one, and a
    /// call (saving and restoring registers) cost as much as the sums.
    #[inline(always)]
    pub fn level_state(&mut self, level: usize, now: u64, queue: u32, busy: u32, staff: u32) {
        let s = &mut self.levels[level];
        let from = s.last;
        if now > from {
            let (q, b, st) = (f64::from(s.queue), f64::from(s.busy), f64::from(s.staff));
            let (a, e) = (from.max(self.warmup), now.min(self.horizon));
            if e > a {
                let d = (e - a) as f64;
                s.area_queue += d * q;
                s.area_busy += d * b;
                s.area_staff += d * st;
                s.area_over += d * (b - st).max(0.0);
            }
            let end = now.min(self.horizon);
            if from < end && from >= s.bucket.0 && end <= s.bucket.1 {
                // Within the time bucket of the last change: no division to find it.
                let d = (end - from) as f64;
                let k = s.bucket.2;
                // Through the slices, as in `flow`.
                let t = &mut self.tallies;
                t.series_queue.as_mut_slice()[k] += d * q;
                t.series_busy.as_mut_slice()[k] += d * b;
                t.series_staff.as_mut_slice()[k] += d * st;
            } else if from < end {
                self.add_to_buckets(level, from, end, [q, b, st]);
            }
        }
        let s = &mut self.levels[level];
        s.last = now;
        s.queue = queue;
        s.busy = busy;
        s.staff = staff;
    }

    /// [`Collector::level_state`]'s time series from `from` to `end` across bucket bounds, the
    /// level's last bucket moving to the one `end` is in: rare, out of line.
    #[cold]
    #[inline(never)]
    fn add_to_buckets(&mut self, level: usize, from: u64, end: u64, [q, b, st]: [f64; 3]) {
        let s = &mut self.levels[level];
        let mut t = from;
        while t < end {
            let bi = (t / self.bucket) as usize;
            let be = ((bi as u64 + 1) * self.bucket).min(end);
            let d = (be - t) as f64;
            let k = level * self.buckets + bi;
            self.tallies.series_queue[k] += d * q;
            self.tallies.series_busy[k] += d * b;
            self.tallies.series_staff[k] += d * st;
            s.bucket = (bi as u64 * self.bucket, (bi as u64 + 1) * self.bucket, k);
            t = be;
        }
    }

    pub fn arrival(&mut self, issue: &Issue, hour_of_week: usize) {
        self.arrivals += 1;
        if issue.arrival < self.horizon {
            self.tallies.series_arrivals[(issue.arrival / self.bucket) as usize] += 1.0;
        }
        if issue.counted {
            self.groups[issue.arrival_priority as usize].counted += 1;
            self.groups[self.np + issue.category as usize].counted += 1;
            self.tallies.heat_arrivals[issue.arrival_priority as usize * 168 + hour_of_week] += 1.0;
        }
    }

    pub fn joined(&mut self, level: usize, now: u64) {
        if self.in_window(now) {
            self.levels[level].joins_in_window += 1;
        }
    }

    /// A waiting issue left the queue without a service.
    pub fn left_queue(&mut self, level: usize, now: u64) {
        if self.in_window(now) {
            self.levels[level].left_in_window += 1;
        }
    }

    /// An issue arrived at a level from another one, moved by a timer or trigger.
    pub fn moved_in(&mut self, level: usize, now: u64) {
        if self.in_window(now) {
            self.levels[level].moved_in_window += 1;
        }
    }

    /// A queue visit ended (service start or timer): its wait counts for counted issues.
    #[inline(always)]
    pub fn waited(&mut self, level: usize, issue: &Issue, wait: u64) {
        if issue.counted {
            self.levels[level].wait.record(wait);
        }
    }

    pub fn service_ended(&mut self, level: usize, now: u64, resolved: bool, counted: bool) {
        self.completions += 1;
        if self.in_window(now) {
            self.levels[level].completions_in_window += 1;
        }
        if resolved && counted {
            self.levels[level].resolved_here += 1;
        }
    }

    /// A move of a counted issue; `from`/`to` as in `flows`.
    #[inline(always)]
    pub fn flow(&mut self, from: usize, to: usize, reason: Reason) {
        // `ALL` lists the reasons in their declared order.
        let r = reason as usize;
        // Through the slice: `Vec`'s indexing is a call in the size-tuned browser build.
        self.tallies.flows.as_mut_slice()[(from * (self.nl + 1) + to) * Reason::ALL.len() + r] += 1;
        if from < self.nl && to <= self.nl {
            let slot = match reason {
                Reason::Outcome => Some(0),
                Reason::WaitTimer => Some(1),
                Reason::AgeTrigger => Some(2),
                Reason::SlaTrigger => Some(3),
                _ => None,
            };
            if let Some(k) = slot
                && to != self.nl
                && to != from
            {
                self.levels[from].escalations_out[k] += 1;
            }
        }
    }

    /// A counted issue is finished (resolved for good) or censored at a hard stop.
    pub fn finished(
        &mut self,
        issue: &Issue,
        resolved_at: Option<u64>,
        sla: SlaOutcome,
        waits: &[u64],
        hour_of_week: usize,
    ) {
        let (p, k) = (issue.arrival_priority as usize, self.np + issue.category as usize);
        // Over a slice: an array's own iterator is a call per item in the size-tuned build.
        for &g in &[p, k] {
            let s = &mut self.groups[g];
            if let Some(t) = resolved_at {
                s.resolved += 1;
                s.ttr.record(t - issue.arrival);
            }
            if issue.first_start != u64::MAX {
                s.first_response.record(issue.first_start - issue.arrival);
            }
            if let Some(b) = sla.resolution {
                s.resolution_known += 1;
                s.resolution_breaches += u64::from(b);
            }
            if let Some(b) = sla.first_response {
                s.response_known += 1;
                s.response_breaches += u64::from(b);
            }
            for (i, b) in sla.more.iter().enumerate() {
                if let Some(b) = b {
                    s.more_known[i] += 1;
                    s.more_breaches[i] += u64::from(*b);
                }
            }
            s.reopened += u64::from(issue.reopens > 0);
            s.escalated += u64::from(issue.escalations > 0);
        }
        if resolved_at.is_none() {
            self.censored += 1;
        }
        if sla.resolution == Some(true) {
            self.tallies.breached[p] += 1;
            self.tallies.heat_breaches[p * 168 + hour_of_week] += 1.0;
            if let Some(t) = sla.breach_time.filter(|&t| t < self.horizon) {
                self.tallies.series_breaches[p * self.buckets + (t / self.bucket) as usize] += 1.0;
            }
            // The level where it waited longest (the first such level on ties); none if it never waited.
            if let Some((l, &w)) = waits.iter().enumerate().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
                && w > 0
            {
                self.tallies.longest_wait[l * self.np + p] += 1;
            }
            for (l, &w) in waits.iter().enumerate() {
                self.tallies.wait_of_breached[l] += w as f64;
            }
        }
    }

    /// Closes the integrals at `end` and turns the accumulators into this replication's KPIs.
    pub fn kpis(&mut self, model: &Model, end: u64) -> Kpis<Option<f64>> {
        for l in 0..self.nl {
            let s = &self.levels[l];
            let (q, b, st) = (s.queue, s.busy, s.staff);
            self.level_state(l, end.max(self.levels[l].last), q, b, st);
        }
        let window = (self.horizon - self.warmup) as f64;
        let window_hours = window / HOUR as f64;
        let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        let count = |n: u64| Some(n as f64);
        let group = |name: &str, g: &GroupStats| GroupKpis {
            name: name.to_string(),
            counted: count(g.counted),
            resolved: count(g.resolved),
            ttr: g.ttr.quantiles(),
            first_response: g.first_response.quantiles(),
            resolution_breach: ratio(g.resolution_breaches, g.resolution_known),
            first_response_breach: ratio(g.response_breaches, g.response_known),
            more_breach: MoreBreaches::from_fn(|w| ratio(g.more_breaches[w as usize], g.more_known[w as usize])),
            reopened: count(g.reopened),
            escalated: count(g.escalated),
            at_risk_warnings: count(g.at_risk),
            ttr_histogram: g.ttr.histogram(),
        };
        let counted: u64 = self.groups[..self.np].iter().map(|g| g.counted).sum();
        let resolved: u64 = self.groups[..self.np].iter().map(|g| g.resolved).sum();
        Kpis {
            counted_issues: count(counted),
            resolved: count(resolved),
            censored: count(self.censored),
            end_hours: Some(SimTime(end).as_hours()),
            priorities: model.priorities.iter().zip(&self.groups).map(|(p, g)| group(&p.name, g)).collect(),
            categories: model.categories.iter().zip(&self.groups[self.np..]).map(|(k, g)| group(&k.name, g)).collect(),
            levels: model
                .levels
                .iter()
                .zip(&self.levels)
                .map(|(l, s)| LevelKpis {
                    name: l.name.clone(),
                    utilization: (s.area_staff > 0.0).then(|| (s.area_busy - s.area_over) / s.area_staff),
                    overtime: Some(s.area_over / window),
                    mean_queue_length: Some(s.area_queue / window),
                    mean_busy: Some(s.area_busy / window),
                    mean_staff: Some(s.area_staff / window),
                    services_per_hour: Some(s.completions_in_window as f64 / window_hours),
                    joins_per_hour: Some(s.joins_in_window as f64 / window_hours),
                    left_unserved_per_hour: Some(s.left_in_window as f64 / window_hours),
                    moved_in_per_hour: Some(s.moved_in_window as f64 / window_hours),
                    queue_wait: s.wait.quantiles(),
                    visits: count(s.wait.count()),
                    resolved_here: count(s.resolved_here),
                    escalations_out: EscalationsOut {
                        outcome: count(s.escalations_out[0]),
                        wait_timer: count(s.escalations_out[1]),
                        age_trigger: count(s.escalations_out[2]),
                        sla_trigger: count(s.escalations_out[3]),
                    },
                })
                .collect(),
            events: EventKpis {
                arrivals: count(self.arrivals),
                service_completions: count(self.completions),
                timer_escalations: count(self.timer_escalations),
                model_events: count(self.arrivals + self.completions + self.timer_escalations),
                processed_events: count(self.processed),
            },
        }
    }
}
