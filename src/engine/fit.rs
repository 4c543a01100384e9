//! Fitting service-time distributions to a sample of durations, and estimates with intervals, so
//! that a scenario can be calibrated from a service desk's history.
//!
//! Works on plain samples in the caller's unit of time (milliseconds, minutes…): it knows nothing
//! of tickets. `fit_service` fits the exponential, lognormal and gamma families by maximum
//! likelihood, judges each by AIC and the Kolmogorov–Smirnov distance, names the best by AIC and
//! reports all three with a histogram to draw them over; `Parameters::service` writes a fit as
//! the scenario's `service` value. `estimates` holds the intervals of a proportion, a rate, a
//! mean, a median and a 90th percentile. Deterministic: the same sample gives the same figures,
//! bit for bit, natively and in wasm32.

mod bins;
mod estimates;
mod families;
pub mod special;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use bins::{BinRule, Curve, Histogram, MAX_BINS, quantile};
pub use estimates::{Interval, mean, median, order_statistic_ranks, p90, percentile, proportion, rate};
pub use families::{Family, Fitted, Parameters, gamma_shape, ks_distance};

use super::document::DistributionDoc;
use super::order;
use super::time::{MINUTE, format_duration};

/// Below this many values a sample is small: a fit or an interval from it is rough.
pub const SMALL_SAMPLE: u64 = 30;

/// The three families fitted to one sample of durations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceFit {
    /// Values fitted: the positive, finite ones.
    pub n: u64,
    /// Values left out: zero, negative or not a number.
    pub excluded: u64,
    /// Fewer than `SMALL_SAMPLE` values fitted.
    pub small: bool,
    /// Exponential, lognormal and gamma, best (lowest AIC) first; on equal AIC the simpler.
    pub fits: Vec<Fitted>,
    pub histogram: Histogram,
    /// What to know about the sample, in words: values left out, a small sample.
    pub notes: Vec<String>,
}

impl ServiceFit {
    /// The family with the lowest AIC.
    pub fn best(&self) -> &Fitted {
        &self.fits[0]
    }

    /// The fit of one family.
    pub fn of(&self, family: Family) -> &Fitted {
        self.fits.iter().find(|f| f.family() == family).expect("every family is fitted")
    }
}

/// Why a sample could not be fitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FitError {
    /// Fewer than two positive values remain once zero, negative and non-numbers are left out.
    TooFew { usable: u64, excluded: u64 },
    /// Every positive value is the same: there is no spread to fit a shape to.
    NoSpread { usable: u64, excluded: u64 },
}

impl fmt::Display for FitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            FitError::TooFew { usable, excluded } => {
                write!(f, "{} to fit a distribution to; at least 2 are needed", values(usable, "positive duration"))?;
                left_out(f, excluded)
            }
            FitError::NoSpread { usable, excluded } => {
                write!(f, "all {usable} positive durations are equal: there is no spread to fit a distribution to")?;
                left_out(f, excluded)
            }
        }
    }
}

fn left_out(f: &mut fmt::Formatter<'_>, excluded: u64) -> fmt::Result {
    if excluded > 0 { write!(f, " ({} of zero or less left out)", values(excluded, "value")) } else { Ok(()) }
}

/// "1 value", "3 values", "no value".
fn values(n: u64, what: &str) -> String {
    match n {
        0 => format!("no {what}"),
        1 => format!("1 {what}"),
        _ => format!("{n} {what}s"),
    }
}

/// Fits the exponential, lognormal and gamma distributions to the positive values of `sample`
/// (a service time of zero or less cannot come from any of them: such values are left out and
/// counted). Needs at least two positive values, not all equal.
pub fn fit_service(sample: &[f64]) -> Result<ServiceFit, FitError> {
    let mut sorted: Vec<f64> = sample.iter().copied().filter(|x| x.is_finite() && *x > 0.0).collect();
    let usable = sorted.len() as u64;
    let excluded = sample.len() as u64 - usable;
    if usable < 2 {
        return Err(FitError::TooFew { usable, excluded });
    }
    order::sort_by(&mut sorted, f64::total_cmp);
    if sorted[0] == sorted[sorted.len() - 1] {
        return Err(FitError::NoSpread { usable, excluded });
    }
    let sums = families::Sums::of(&sorted);
    let mut fits: Vec<Fitted> = [families::exponential(&sums), families::lognormal(&sums), families::gamma(&sums)]
        .into_iter()
        .map(|p| families::assess(p, &sums, &sorted))
        .collect();
    // Stable, and the families are listed simplest first: a tie goes to the simpler.
    order::sort_by(&mut fits, |a, b| a.aic.total_cmp(&b.aic));
    let best = fits[0].aic;
    for fit in &mut fits {
        fit.delta_aic = fit.aic - best;
    }
    let histogram = bins::histogram(&sorted, &fits);
    Ok(ServiceFit { n: usable, excluded, small: usable < SMALL_SAMPLE, fits, histogram, notes: notes(sample, usable) })
}

/// The notes on a sample in words.
fn notes(sample: &[f64], usable: u64) -> Vec<String> {
    let count = |pred: fn(f64) -> bool| sample.iter().filter(|&&x| pred(x)).count() as u64;
    let zero = count(|x| x == 0.0);
    let negative = count(|x| x < 0.0);
    let invalid = count(|x| !x.is_finite());
    let mut notes = Vec::new();
    let mut parts = Vec::new();
    if zero > 0 {
        parts.push(format!("{zero} of zero"));
    }
    if negative > 0 {
        parts.push(format!("{negative} negative"));
    }
    if invalid > 0 {
        parts.push(format!("{invalid} not a number"));
    }
    if !parts.is_empty() {
        let total = zero + negative + invalid;
        notes.push(format!(
            "{} left out ({}): a service time must be positive; the fit uses the other {usable}.",
            values(total, "value"),
            parts.join(", ")
        ));
    }
    if usable < SMALL_SAMPLE {
        notes.push(format!(
            "Small sample: {} (fewer than {SMALL_SAMPLE}); the fits and their comparison are rough.",
            values(usable, "value")
        ));
    }
    notes
}

/// The unit of time a sample is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Milliseconds,
    Seconds,
    Minutes,
    Hours,
}

impl Unit {
    /// Milliseconds in one unit.
    pub fn ms(self) -> f64 {
        match self {
            Unit::Milliseconds => 1.0,
            Unit::Seconds => 1_000.0,
            Unit::Minutes => MINUTE as f64,
            Unit::Hours => 60.0 * MINUTE as f64,
        }
    }
}

impl Parameters {
    /// The fit as a scenario's `service` (or `handoff`) value: the mean written as a duration,
    /// with the lognormal's coefficient of variation or the gamma's shape. The mean is rounded to
    /// whole seconds from a minute up (the fit is far less sure than that) and to whole
    /// milliseconds below, never to zero; cv and shape to four significant digits, which keeps
    /// the file readable and moves them far less than their own uncertainty.
    pub fn service(&self, unit: Unit) -> DistributionDoc {
        let mean = duration_text(self.mean() * unit.ms());
        match *self {
            Parameters::Exponential { .. } => DistributionDoc::Exponential { mean },
            Parameters::Lognormal { .. } => DistributionDoc::Lognormal { mean, cv: significant(self.cv()) },
            Parameters::Gamma { shape, .. } => DistributionDoc::Gamma { mean, shape: significant(shape) },
        }
    }
}

/// Milliseconds as duration text (`"12m34s"`), rounded as `Parameters::service` says.
fn duration_text(ms: f64) -> String {
    let step = if ms >= MINUTE as f64 { 1_000.0 } else { 1.0 };
    // Finite and positive for any fit of positive values; at least 1 ms, held under u64::MAX.
    let rounded = (libm::round(ms / step) * step).clamp(1.0, 1e18);
    format_duration(rounded as u64)
}

/// `x` to four significant digits, through its decimal text, so no power or logarithm rounds it.
fn significant(x: f64) -> f64 {
    super::number::parse(&format!("{x:.3e}")).unwrap_or(x)
}
