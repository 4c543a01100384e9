//! The journey log: every step of a bounded sample of issues, with the trigger behind each move,
//! so a user can follow single issues through the matrix.

use crate::engine::order;
use crate::engine::report::{Journey, Step};

/// Steps kept per journey; an issue reworked without end is cut off here.
const MAX_STEPS: usize = 200;

pub struct JourneyLog {
    /// Journeys of issues still open, by index (`None` once finished).
    active: Vec<Option<Journey>>,
    free: Vec<u32>,
    breached: Vec<Journey>,
    on_time: Vec<Journey>,
    keep: usize,
    /// Trace every `stride`-th counted arrival, so the sample spreads over the run.
    stride: u32,
    /// Issues traced whatever the sample and the warm-up, by arrival index (sorted): a drill's.
    chosen: Vec<u32>,
    /// Their journeys, once finished.
    traced: Vec<Journey>,
}

impl JourneyLog {
    pub fn new(keep: u32, expected_counted: f64) -> JourneyLog {
        let keep = keep as usize;
        let stride = if keep == 0 { u32::MAX } else { ((expected_counted / (4.0 * keep as f64)) as u32).max(1) };
        JourneyLog {
            active: Vec::new(),
            free: Vec::new(),
            breached: Vec::new(),
            on_time: Vec::new(),
            keep,
            stride,
            chosen: Vec::new(),
            traced: Vec::new(),
        }
    }

    /// Traces these issues (by arrival index) besides the sample, counted or not.
    pub fn choose(&mut self, mut issues: Vec<u32>) {
        order::sort(&mut issues);
        issues.dedup();
        self.chosen = issues;
    }

    /// The chosen issues' journeys finished so far, in the order they finished.
    pub fn take_traced(&mut self) -> Vec<Journey> {
        std::mem::take(&mut self.traced)
    }

    /// Whether to trace the issue with this arrival index.
    pub fn wants(&self, uid: u32, counted: bool) -> bool {
        if self.chosen.binary_search(&uid).is_ok() {
            return true;
        }
        counted
            && self.keep > 0
            && uid.is_multiple_of(self.stride)
            && (self.breached.len() < self.keep || self.on_time.len() < self.keep)
            && self.active.len() - self.free.len() < 4 * self.keep
    }

    pub fn start(&mut self, journey: Journey) -> u32 {
        match self.free.pop() {
            Some(i) => {
                self.active[i as usize] = Some(journey);
                i
            }
            None => {
                self.active.push(Some(journey));
                (self.active.len() - 1) as u32
            }
        }
    }

    pub fn step(&mut self, index: u32, step: Step) {
        if let Some(Some(j)) = self.active.get_mut(index as usize)
            && j.steps.len() < MAX_STEPS
        {
            j.steps.push(step);
        }
    }

    pub fn finish(&mut self, index: u32, resolved_min: Option<f64>, breached: bool, also: Vec<String>) {
        let Some(mut j) = self.active.get_mut(index as usize).and_then(Option::take) else {
            return;
        };
        self.free.push(index);
        j.resolved_min = resolved_min;
        j.resolution_breached = breached;
        j.also_breached = also;
        if self.chosen.binary_search(&j.issue).is_ok() {
            self.traced.push(j);
            return;
        }
        let list = if breached { &mut self.breached } else { &mut self.on_time };
        if list.len() < self.keep {
            list.push(j);
        }
    }

    /// Up to `keep` journeys: breached and on-time ones half and half where both exist, by arrival.
    pub fn into_sample(self) -> Vec<Journey> {
        let half = self.keep.div_ceil(2);
        let nb = self.breached.len().min(half.max(self.keep.saturating_sub(self.on_time.len())));
        let no = self.on_time.len().min(self.keep - nb);
        let mut out: Vec<Journey> =
            self.breached.into_iter().take(nb).chain(self.on_time.into_iter().take(no)).collect();
        crate::engine::order::sort_by_key(&mut out, |j| j.issue);
        out
    }
}
