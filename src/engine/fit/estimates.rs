//! Estimates with 95% intervals from a service desk's history: a proportion, a rate of events
//! over an exposure time, a mean, a median and a 90th percentile.
//!
//! Each interval is one that stays honest on small samples: Wilson's score interval for a
//! proportion (inside 0..1, sound near 0 and 1); the exact (Garwood) interval for a Poisson
//! count; Student's t for a mean; and, for quantiles, the distribution-free interval between two
//! order statistics, whose ranks come from the binomial distribution. Each estimate carries the
//! size of the sample it rests on and says when that is small.

use serde::{Deserialize, Serialize};

use super::SMALL_SAMPLE;
use super::bins::quantile;
use super::special::{binomial_cdf, gamma_p_inverse};
use crate::engine::order;
use crate::engine::report::heatmap::wilson95;
use crate::engine::report::t975;

/// An estimate and its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub estimate: f64,
    /// Lower end of the 95% interval; `None` where the sample is too small to give one (a mean
    /// of one value; a quantile whose interval would reach below the smallest value).
    pub low: Option<f64>,
    /// Upper end; `None` likewise (a high quantile of a few values).
    pub high: Option<f64>,
    /// What the estimate rests on: trials for a proportion, events for a rate, values otherwise.
    pub n: u64,
    /// Fewer than 30 of them: the interval is wide and the estimate rough.
    pub small: bool,
}

impl Interval {
    fn new(estimate: f64, low: Option<f64>, high: Option<f64>, n: u64) -> Interval {
        Interval { estimate, low, high, n, small: n < SMALL_SAMPLE }
    }
}

/// The share `successes / trials` with its Wilson score interval; `None` without trials.
pub fn proportion(successes: u64, trials: u64) -> Option<Interval> {
    if trials == 0 {
        return None;
    }
    let successes = successes.min(trials);
    let (low, high) = wilson95(successes as f64, trials as f64);
    Some(Interval::new(successes as f64 / trials as f64, Some(low), Some(high), trials))
}

/// Events per hour, `events` seen over `exposure_hours`, with the exact Poisson interval
/// (Garwood, 1936): from ½χ²(0.025; 2k) to ½χ²(0.975; 2k + 2) events, divided by the exposure.
/// The chi-square quantiles are gamma quantiles, found by inverting the regularized incomplete
/// gamma function to a relative 1e-14, so the interval is exact, not approximated. With no event
/// the lower end is 0. `None` unless the exposure is positive and finite.
pub fn rate(events: u64, exposure_hours: f64) -> Option<Interval> {
    if !(exposure_hours.is_finite() && exposure_hours > 0.0) {
        return None;
    }
    let k = events as f64;
    let low = if events == 0 { 0.0 } else { gamma_p_inverse(k, 0.025) };
    let high = gamma_p_inverse(k + 1.0, 0.975);
    Some(Interval::new(k / exposure_hours, Some(low / exposure_hours), Some(high / exposure_hours), events))
}

/// The mean of the finite values with its Student-t interval (no interval from one value).
/// `None` without a finite value.
pub fn mean(sample: &[f64]) -> Option<Interval> {
    let values: Vec<f64> = sample.iter().copied().filter(|x| x.is_finite()).collect();
    let n = values.len();
    if n == 0 {
        return None;
    }
    let m = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return Some(Interval::new(m, None, None, 1));
    }
    let var = values.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1) as f64;
    let half = t975(n - 1) * libm::sqrt(var / n as f64);
    Some(Interval::new(m, Some(m - half), Some(m + half), n as u64))
}

/// The median of the finite values, with its order-statistic interval (see `percentile`).
pub fn median(sample: &[f64]) -> Option<Interval> {
    percentile(sample, 0.5)
}

/// The 90th percentile of the finite values, with its order-statistic interval.
pub fn p90(sample: &[f64]) -> Option<Interval> {
    percentile(sample, 0.9)
}

/// The q-quantile (0 < q < 1) of the finite values: the estimate by linear interpolation
/// between order statistics (type 7, as the report's percentiles), the interval from the l-th to
/// the u-th smallest value. The number B of values below the true quantile is Binomial(n, q), and
/// x₍ₗ₎ ≤ ξ < x₍ᵤ₎ exactly when l ≤ B ≤ u − 1; l is the largest rank with P(B ≤ l − 1) ≤ 2.5%,
/// u the smallest with P(B ≤ u − 1) ≥ 97.5%, so each side misses at most 2.5% of the time
/// whatever the distribution, and the interval covers at least 95%. Where no rank is far enough
/// out (the 90th percentile of 35 values or fewer, say) that end is `None`.
/// `None` without a finite value, or for q outside (0, 1).
pub fn percentile(sample: &[f64], q: f64) -> Option<Interval> {
    let mut sorted: Vec<f64> = sample.iter().copied().filter(|x| x.is_finite()).collect();
    if sorted.is_empty() || !(q > 0.0 && q < 1.0) {
        return None;
    }
    order::sort_by(&mut sorted, f64::total_cmp);
    let n = sorted.len() as u64;
    let (l, u) = order_statistic_ranks(n, q);
    let at = |rank: u64| sorted[(rank - 1) as usize];
    Some(Interval::new(quantile(&sorted, q), l.map(at), u.map(at), n))
}

/// The ranks (1-based) of the order statistics bounding the q-quantile of n values at 95% (see
/// `percentile`); `None` for an end no rank reaches.
pub fn order_statistic_ranks(n: u64, q: f64) -> (Option<u64>, Option<u64>) {
    // cdf[j] = P(B ≤ j); the rank r bound needs P(B ≤ r − 1) = cdf[r − 1].
    let cdf = binomial_cdf(n, q);
    let low = (1..=n).take_while(|&r| cdf[(r - 1) as usize] <= 0.025).last();
    let high = (1..=n).find(|&r| cdf[(r - 1) as usize] >= 0.975);
    (low, high)
}
