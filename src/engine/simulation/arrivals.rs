//! Arrival streams: the base Poisson stream, modulated by the hour-of-week profile, one more
//! like it for each surge of the script (the base rate times the surge's factor less one, while
//! it lasts), and one constant-rate stream per incident burst.
//!
//! A non-homogeneous Poisson stream with a piecewise-constant rate is sampled exactly by
//! inversion: draw an Exp(1) amount of "integrated rate" and walk hour by hour until it is used
//! up. Each stream keeps its clock in f64 so that rounding to whole milliseconds never accumulates.

use crate::engine::calendar::LocalClock;
use crate::engine::model::Model;
use crate::engine::rng::SimRng;
use crate::engine::time::SimTime;

pub struct Stream {
    /// Exact time of the last arrival, in ms.
    clock: f64,
    kind: StreamKind,
}

enum StreamKind {
    Base {
        rate: f64,
        profile: Box<[f64; 168]>,
        flat: bool,
        /// No arrivals ever: no rate, or a profile of zeros (checked once, not at every arrival).
        silent: bool,
        clock: LocalClock,
        /// Arrivals stop here (ms): a surge's end; infinite for the base stream.
        end: f64,
    },
    Burst {
        rate: f64,
        end: f64,
        index: usize,
    },
    /// A burst started during the run (trainer playback): issues of `category` at `rate`.
    Injected {
        rate: f64,
        end: f64,
        category: usize,
    },
    /// Fixed-time issues; `next` is the entry to arrive next.
    Scheduled {
        times: Vec<u64>,
        next: usize,
    },
}

/// Which stream an arrival came from: the base stream or burst `index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Base,
    Burst(usize),
    /// Entry of `workload.scheduled`.
    Scheduled(usize),
    /// A burst started during the run, of this category.
    Injected(usize),
}

impl Stream {
    pub fn all(model: &Model) -> Vec<Stream> {
        let w = &model.workload;
        let flat = w.hour_of_week.iter().all(|&m| m == w.hour_of_week[0]);
        let silent = w.rate_per_ms <= 0.0 || w.hour_of_week.iter().all(|&m| m == 0.0);
        let base = |rate: f64, start: u64, end: f64| Stream {
            clock: start as f64,
            kind: StreamKind::Base {
                rate,
                profile: Box::new(w.hour_of_week),
                flat,
                silent: silent || rate <= 0.0,
                clock: model.clock,
                end,
            },
        };
        let mut out = vec![base(w.rate_per_ms, 0, f64::INFINITY)];
        for s in &model.script.surges {
            out.push(base(w.rate_per_ms * (s.factor - 1.0), s.start, s.end as f64));
        }
        for (i, b) in w.bursts.iter().enumerate() {
            out.push(Stream {
                clock: b.start as f64,
                kind: StreamKind::Burst { rate: b.rate_per_ms, end: b.end as f64, index: i },
            });
        }
        if !w.scheduled.is_empty() {
            let times = w.scheduled.iter().map(|s| s.at).collect();
            out.push(Stream { clock: 0.0, kind: StreamKind::Scheduled { times, next: 0 } });
        }
        out
    }

    /// A burst of `category` issues from `start` to `end` (ms) at `rate_per_ms`.
    pub fn injected(category: usize, rate_per_ms: f64, start: u64, end: u64) -> Stream {
        Stream { clock: start as f64, kind: StreamKind::Injected { rate: rate_per_ms, end: end as f64, category } }
    }

    pub fn source(&self) -> Source {
        match self.kind {
            StreamKind::Base { .. } => Source::Base,
            StreamKind::Burst { index, .. } => Source::Burst(index),
            StreamKind::Injected { category, .. } => Source::Injected(category),
            // `next` has already moved past the entry that arrived.
            StreamKind::Scheduled { next, .. } => Source::Scheduled(next.saturating_sub(1)),
        }
    }

    /// Advances to the next arrival before `until` and returns its time in whole ms, or `None`
    /// when the stream has no more arrivals before `until`.
    pub fn next(&mut self, rng: &mut SimRng, until: u64) -> Option<u64> {
        let t = match &mut self.kind {
            StreamKind::Base { rate, profile, flat, silent, clock, end } => {
                let (rate, flat, clock, end) = (*rate, *flat, *clock, *end);
                if *silent {
                    return None;
                }
                let mut need = rng.exp1();
                let t = if flat {
                    self.clock + need / (rate * profile[0])
                } else {
                    let mut t = self.clock;
                    loop {
                        let now = SimTime(t as u64);
                        let seg_end = clock.next_hour_boundary(now).0 as f64;
                        let r = rate * profile[clock.hour_of_week(now)];
                        let room = r * (seg_end - t);
                        if r > 0.0 && need <= room {
                            break t + need / r;
                        }
                        need -= room;
                        t = seg_end;
                        if t >= until as f64 || t >= end {
                            break t;
                        }
                    }
                };
                if t >= end {
                    return None;
                }
                t
            }
            StreamKind::Scheduled { times, next } => {
                let t = *times.get(*next)?;
                *next += 1;
                return (t < until).then_some(t);
            }
            StreamKind::Burst { rate, end, .. } | StreamKind::Injected { rate, end, .. } => {
                let t = self.clock + rng.exp1() / *rate;
                if t >= *end {
                    return None;
                }
                t
            }
        };
        self.clock = t;
        let ms = (t + 0.5) as u64;
        (t < until as f64 && ms < until).then_some(ms)
    }
}
