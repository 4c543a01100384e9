//! A histogram of the sample for a chart, with each fitted family's expected count in the same
//! bins, so that the curves can be drawn over the bars on one scale.
//!
//! Bin width by the Freedman–Diaconis rule, 2·IQR·n^(−1/3), which is robust to the long right
//! tail service times have; where the middle half of the sample has no spread (IQR = 0) the
//! square-root rule, √n bins, instead. Never more than `MAX_BINS`: a chart cannot show more, and
//! a long tail would otherwise ask for hundreds of nearly empty bins.

use serde::{Deserialize, Serialize};

use super::families::{Family, Fitted};

/// Most bins a histogram has.
pub const MAX_BINS: usize = 40;

/// How the bin width was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BinRule {
    /// 2·IQR·n^(−1/3).
    FreedmanDiaconis,
    /// √n bins (the IQR was zero).
    SquareRoot,
}

/// The sample's histogram from its smallest to its largest value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Bin edges, one more than there are bins, equally spaced; each bin holds the values from
    /// its left edge up to, not including, its right one, except the last, which holds its right
    /// edge (the largest value) too.
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
    pub rule: BinRule,
    /// For each family, in the order of the fits: n·(F(right) − F(left)) per bin.
    pub curves: Vec<Curve>,
}

/// One fitted family's expected counts over the histogram's bins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Curve {
    pub family: Family,
    pub expected: Vec<f64>,
}

/// The type-7 q-quantile of a sorted, non-empty sample (linear between order statistics).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let below = libm::floor(h);
    let i = below as usize;
    match sorted.get(i + 1) {
        Some(&next) => sorted[i] + (h - below) * (next - sorted[i]),
        None => sorted[i],
    }
}

/// The histogram of a sorted sample with at least two distinct values, and the fits' curves.
pub(super) fn histogram(sorted: &[f64], fits: &[Fitted]) -> Histogram {
    let n = sorted.len();
    let (min, max) = (sorted[0], sorted[n - 1]);
    let range = max - min;
    let iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
    let (rule, wanted) = if iqr > 0.0 {
        let width = 2.0 * iqr / libm::cbrt(n as f64);
        (BinRule::FreedmanDiaconis, libm::ceil(range / width))
    } else {
        (BinRule::SquareRoot, libm::ceil(libm::sqrt(n as f64)))
    };
    // `wanted` is at least 1 and is capped before the conversion.
    let bins = wanted.clamp(1.0, MAX_BINS as f64) as usize;
    let mut edges: Vec<f64> = (0..=bins).map(|i| min + range * i as f64 / bins as f64).collect();
    edges[bins] = max;
    let mut counts = vec![0u64; bins];
    for &x in sorted {
        counts[bin_of(&edges, x)] += 1;
    }
    let curves = fits
        .iter()
        .map(|fit| Curve {
            family: fit.family(),
            expected: edges
                .windows(2)
                .map(|w| n as f64 * (fit.parameters.cdf(w[1]) - fit.parameters.cdf(w[0])))
                .collect(),
        })
        .collect();
    Histogram { edges, counts, rule, curves }
}

/// The bin holding `x`, which lies within the edges: first a guess from the equal spacing, then
/// corrected against the edges themselves, so that rounding never puts a value beside its bin.
fn bin_of(edges: &[f64], x: f64) -> usize {
    let bins = edges.len() - 1;
    let (min, max) = (edges[0], edges[bins]);
    let guess = libm::floor((x - min) / (max - min) * bins as f64);
    let mut i = if guess > 0.0 { (guess as usize).min(bins - 1) } else { 0 };
    while i > 0 && x < edges[i] {
        i -= 1;
    }
    while i + 1 < bins && x >= edges[i + 1] {
        i += 1;
    }
    i
}
