//! The three service-time families fitted by maximum likelihood, and how well each fits:
//! log-likelihood, AIC and the Kolmogorov–Smirnov distance to the sample.
//!
//! Exponential and lognormal have closed-form estimates. The gamma shape k solves
//! ln(mean) − mean(ln x) = ln k − ψ(k), by Newton's method from Minka's approximation, which is
//! already within a few percent, so a handful of steps reach machine precision.

use serde::{Deserialize, Serialize};

use super::special::{digamma, gamma_p, ks_p_value, ln_gamma, normal_cdf, trigamma};

/// A fitted distribution, in the caller's unit of time.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "family", rename_all = "snake_case")]
pub enum Parameters {
    Exponential {
        mean: f64,
    },
    /// ln X ~ Normal(mu, sigma).
    Lognormal {
        mu: f64,
        sigma: f64,
    },
    Gamma {
        shape: f64,
        scale: f64,
    },
}

/// Which family a fit belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    Exponential,
    Lognormal,
    Gamma,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Exponential => "exponential",
            Family::Lognormal => "lognormal",
            Family::Gamma => "gamma",
        }
    }
}

impl Parameters {
    pub fn family(&self) -> Family {
        match self {
            Parameters::Exponential { .. } => Family::Exponential,
            Parameters::Lognormal { .. } => Family::Lognormal,
            Parameters::Gamma { .. } => Family::Gamma,
        }
    }

    /// How many parameters were estimated (for AIC).
    pub fn count(&self) -> u32 {
        match self {
            Parameters::Exponential { .. } => 1,
            Parameters::Lognormal { .. } | Parameters::Gamma { .. } => 2,
        }
    }

    pub fn mean(&self) -> f64 {
        match *self {
            Parameters::Exponential { mean } => mean,
            Parameters::Lognormal { mu, sigma } => libm::exp(mu + sigma * sigma / 2.0),
            Parameters::Gamma { shape, scale } => shape * scale,
        }
    }

    /// Coefficient of variation, standard deviation over mean.
    pub fn cv(&self) -> f64 {
        match *self {
            Parameters::Exponential { .. } => 1.0,
            Parameters::Lognormal { sigma, .. } => libm::sqrt(libm::expm1(sigma * sigma)),
            Parameters::Gamma { shape, .. } => 1.0 / libm::sqrt(shape),
        }
    }

    /// P(X ≤ x).
    pub fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        match *self {
            Parameters::Exponential { mean } => -libm::expm1(-x / mean),
            Parameters::Lognormal { mu, sigma } => normal_cdf((libm::log(x) - mu) / sigma),
            Parameters::Gamma { shape, scale } => gamma_p(shape, x / scale),
        }
    }

    /// The log-likelihood of a sample from its sufficient statistics.
    fn log_likelihood(&self, s: &Sums) -> f64 {
        let n = s.n;
        match *self {
            Parameters::Exponential { mean } => -n * libm::log(mean) - s.sum / mean,
            Parameters::Lognormal { mu, sigma } => {
                -s.sum_ln
                    - n * libm::log(sigma)
                    - n / 2.0 * libm::log(2.0 * std::f64::consts::PI)
                    - s.sum_sq_ln_dev(mu) / (2.0 * sigma * sigma)
            }
            Parameters::Gamma { shape, scale } => {
                (shape - 1.0) * s.sum_ln - s.sum / scale - n * shape * libm::log(scale) - n * ln_gamma(shape)
            }
        }
    }
}

/// The sums every estimate is made from, over positive values.
pub(super) struct Sums {
    n: f64,
    sum: f64,
    sum_ln: f64,
    /// ln x of each value, kept for the lognormal's spread about its own mean.
    logs: Vec<f64>,
}

impl Sums {
    pub(super) fn of(sample: &[f64]) -> Sums {
        let logs: Vec<f64> = sample.iter().map(|&x| libm::log(x)).collect();
        Sums { n: sample.len() as f64, sum: sample.iter().sum(), sum_ln: logs.iter().sum(), logs }
    }

    fn mean(&self) -> f64 {
        self.sum / self.n
    }

    fn mean_ln(&self) -> f64 {
        self.sum_ln / self.n
    }

    /// Σ (ln x − mu)², summed as deviations so that large logs lose no precision.
    fn sum_sq_ln_dev(&self, mu: f64) -> f64 {
        self.logs.iter().map(|l| (l - mu) * (l - mu)).sum()
    }
}

/// Maximum-likelihood exponential: the mean.
pub(super) fn exponential(s: &Sums) -> Parameters {
    Parameters::Exponential { mean: s.mean() }
}

/// Maximum-likelihood lognormal: mean and standard deviation of the logs (divided by n).
pub(super) fn lognormal(s: &Sums) -> Parameters {
    let mu = s.mean_ln();
    Parameters::Lognormal { mu, sigma: libm::sqrt(s.sum_sq_ln_dev(mu) / s.n) }
}

/// Maximum-likelihood gamma. `s` = ln(mean) − mean(ln x) is positive unless every value is
/// equal (Jensen), and the shape is the root of ln k − ψ(k) = s, decreasing in k.
pub(super) fn gamma(sums: &Sums) -> Parameters {
    let mean = sums.mean();
    let s = libm::log(mean) - sums.mean_ln();
    let shape = gamma_shape(s);
    Parameters::Gamma { shape, scale: mean / shape }
}

/// The root k of ln k − ψ(k) = s for s > 0. Minka's start,
/// k₀ = (3 − s + √((s − 3)² + 24s)) / (12s), then Newton on f(k) = ln k − ψ(k) − s with
/// f′(k) = 1/k − ψ′(k) < 0, halving any step that would leave k > 0.
pub fn gamma_shape(s: f64) -> f64 {
    let mut k = (3.0 - s + libm::sqrt((s - 3.0) * (s - 3.0) + 24.0 * s)) / (12.0 * s);
    for _ in 0..100 {
        let f = libm::log(k) - digamma(k) - s;
        let slope = 1.0 / k - trigamma(k);
        let mut next = k - f / slope;
        while next <= 0.0 {
            next = f64::midpoint(next, k);
            if next == k {
                break;
            }
        }
        let done = (next - k).abs() <= 1e-14 * k;
        k = next;
        if done {
            break;
        }
    }
    k
}

/// One family fitted to the sample, with the figures to compare it by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fitted {
    pub parameters: Parameters,
    /// The fitted distribution's mean and coefficient of variation.
    pub mean: f64,
    pub cv: f64,
    pub log_likelihood: f64,
    /// Akaike's information criterion, 2·parameters − 2·log-likelihood: lower is better.
    pub aic: f64,
    /// AIC above the best of the three; 0 for the best. Under 2 is as good as the best.
    pub delta_aic: f64,
    /// Kolmogorov–Smirnov distance: the largest gap between the fitted and the sample's
    /// distribution functions.
    pub ks_distance: f64,
    /// Its p-value (see `special::ks_p_value`). The parameters come from the same sample, which
    /// makes the p-value conservative: a poor fit is flagged late, never early.
    pub ks_p_value: f64,
}

impl Fitted {
    pub fn family(&self) -> Family {
        self.parameters.family()
    }
}

/// The figures of one fit over the sorted sample it was fitted to.
pub(super) fn assess(parameters: Parameters, sums: &Sums, sorted: &[f64]) -> Fitted {
    let log_likelihood = parameters.log_likelihood(sums);
    let ks_distance = ks_distance(&parameters, sorted);
    Fitted {
        parameters,
        mean: parameters.mean(),
        cv: parameters.cv(),
        log_likelihood,
        aic: 2.0 * f64::from(parameters.count()) - 2.0 * log_likelihood,
        delta_aic: 0.0,
        ks_distance,
        ks_p_value: ks_p_value(ks_distance, sorted.len() as u64),
    }
}

/// sup |F(x) − Fₙ(x)| over a sorted sample: at each value the fitted F against the empirical
/// function just before (i/n) and at (i+1)/n it. Tied values are handled by the same two
/// comparisons, the first and last of a tie giving the extremes.
pub fn ks_distance(parameters: &Parameters, sorted: &[f64]) -> f64 {
    let n = sorted.len() as f64;
    let mut d: f64 = 0.0;
    for (i, &x) in sorted.iter().enumerate() {
        let f = parameters.cdf(x);
        let before = i as f64 / n;
        let after = (i + 1) as f64 / n;
        d = d.max(f - before).max(after - f);
    }
    d
}
