//! Random durations: service, handoff and follow-up times.
//!
//! A `Distribution` is checked (every parameter in range) and works in milliseconds. Sampling
//! rounds to whole milliseconds, so simulated time stays an integer.

use super::rng::SimRng;

/// A checked duration distribution; parameters in milliseconds.
#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    Exponential {
        mean: f64,
    },
    /// ln X ~ Normal(mu, sigma).
    Lognormal {
        mu: f64,
        sigma: f64,
        mean: f64,
    },
    Gamma {
        shape: f64,
        scale: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    Uniform {
        min: f64,
        max: f64,
    },
    Deterministic {
        value: f64,
    },
}

impl Distribution {
    /// Log-normal from its mean and coefficient of variation.
    pub fn lognormal(mean: f64, cv: f64) -> Distribution {
        let sigma2 = libm::log(1.0 + cv * cv);
        Distribution::Lognormal { mu: libm::log(mean) - sigma2 / 2.0, sigma: libm::sqrt(sigma2), mean }
    }

    /// Gamma from its mean and shape.
    pub fn gamma(mean: f64, shape: f64) -> Distribution {
        Distribution::Gamma { shape, scale: mean / shape }
    }

    /// Draws one duration in whole milliseconds. Inlined for the exponential, the common
    /// service time; the other shapes are drawn out of line.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> u64 {
        let x = match *self {
            Distribution::Exponential { mean } => mean * rng.exp1(),
            _ => self.draw(rng),
        };
        if x.is_finite() && x > 0.0 { (x + 0.5) as u64 } else { 0 }
    }

    /// One draw in milliseconds, before rounding.
    #[inline(never)]
    fn draw(&self, rng: &mut SimRng) -> f64 {
        match *self {
            Distribution::Exponential { mean } => mean * rng.exp1(),
            Distribution::Lognormal { mu, sigma, .. } => libm::exp(mu + sigma * rng.normal()),
            Distribution::Gamma { shape, scale } => scale * rng.gamma(shape),
            Distribution::Triangular { min, mode, max } => {
                // Inverse of the CDF, piecewise on either side of the mode.
                let u = rng.uniform();
                let split = if max > min { (mode - min) / (max - min) } else { 0.5 };
                if u < split {
                    min + libm::sqrt(u * (max - min) * (mode - min))
                } else {
                    max - libm::sqrt((1.0 - u) * (max - min) * (max - mode))
                }
            }
            Distribution::Uniform { min, max } => min + (max - min) * rng.uniform(),
            Distribution::Deterministic { value } => value,
        }
    }

    /// Mean in milliseconds.
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Exponential { mean } => mean,
            Distribution::Lognormal { mean, .. } => mean,
            Distribution::Gamma { shape, scale } => shape * scale,
            Distribution::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Distribution::Uniform { min, max } => f64::midpoint(min, max),
            Distribution::Deterministic { value } => value,
        }
    }

    /// Squared coefficient of variation (variance / mean^2); 0 when the mean is 0.
    pub fn scv(&self) -> f64 {
        let m = self.mean();
        if m <= 0.0 {
            return 0.0;
        }
        let var = match *self {
            Distribution::Exponential { mean } => mean * mean,
            Distribution::Lognormal { sigma, mean, .. } => (libm::exp(sigma * sigma) - 1.0) * mean * mean,
            Distribution::Gamma { shape, scale } => shape * scale * scale,
            Distribution::Triangular { min, mode, max } => {
                (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18.0
            }
            Distribution::Uniform { min, max } => (max - min) * (max - min) / 12.0,
            Distribution::Deterministic { .. } => 0.0,
        };
        var / (m * m)
    }

    pub fn is_exponential(&self) -> bool {
        matches!(self, Distribution::Exponential { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sample mean and squared coefficient of variation agree with `mean()` and `scv()`.
    #[test]
    fn samples_match_declared_moments() {
        let cases = [
            Distribution::Exponential { mean: 240_000.0 },
            Distribution::lognormal(600_000.0, 0.5),
            Distribution::gamma(600_000.0, 2.0),
            Distribution::Triangular { min: 60_000.0, mode: 120_000.0, max: 600_000.0 },
            Distribution::Uniform { min: 60_000.0, max: 180_000.0 },
            Distribution::Deterministic { value: 300_000.0 },
        ];
        let mut rng = SimRng::new(11);
        let n = 200_000;
        for d in cases {
            let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng) as f64).collect();
            let m = xs.iter().sum::<f64>() / f64::from(n);
            let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / f64::from(n - 1);
            let sd = libm::sqrt(d.scv()) * d.mean();
            // Five standard errors of the mean, plus half a millisecond of rounding.
            let tol = 5.0 * sd / libm::sqrt(f64::from(n)) + 0.5;
            assert!((m - d.mean()).abs() <= tol, "{d:?}: mean {m} vs {}", d.mean());
            if d.scv() > 0.0 {
                assert!((v / (m * m) / d.scv() - 1.0).abs() < 0.06, "{d:?}: scv {} vs {}", v / (m * m), d.scv());
            } else {
                assert_eq!(v, 0.0);
            }
        }
    }
}
