//! The special functions the fits and intervals need, written out rather than taken from a
//! statistics crate: digamma and trigamma, the regularized incomplete gamma function and its
//! inverse, the normal distribution function, Kolmogorov's distribution and binomial
//! probabilities. Every transcendental call goes through `libm`, so results are the same bit for
//! bit natively and in wasm32.

use std::f64::consts::PI;

/// Below this argument digamma and trigamma step up by their recurrences before using the
/// asymptotic series; from 10 on, the series' first omitted term is under 1e-16.
const ASYMPTOTIC_FROM: f64 = 10.0;

/// Most terms of a series or continued fraction before giving up on convergence; enough for a
/// shape of a million (the terms needed grow like its square root).
const MAX_TERMS: u32 = 100_000;

/// ψ(x), the digamma function (derivative of ln Γ), for x > 0: ψ(x) = ψ(x + 1) − 1/x up to
/// x ≥ 10, then ln x − 1/(2x) − Σ B₂ₖ / (2k x²ᵏ) through x⁻¹⁴. NaN for x ≤ 0.
pub fn digamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x == f64::INFINITY {
        return x;
    }
    let mut x = x;
    let mut shift = 0.0;
    while x < ASYMPTOTIC_FROM {
        shift -= 1.0 / x;
        x += 1.0;
    }
    let r = 1.0 / (x * x);
    // Bernoulli numbers over 2k: 1/12, −1/120, 1/252, −1/240, 1/132, −691/32760, 1/12.
    let series = r
        * (1.0 / 12.0
            - r * (1.0 / 120.0
                - r * (1.0 / 252.0 - r * (1.0 / 240.0 - r * (1.0 / 132.0 - r * (691.0 / 32760.0 - r / 12.0))))));
    shift + libm::log(x) - 0.5 / x - series
}

/// ψ′(x), the trigamma function, for x > 0: ψ′(x) = ψ′(x + 1) + 1/x² up to x ≥ 10, then
/// 1/x + 1/(2x²) + Σ B₂ₖ / x²ᵏ⁺¹ through x⁻¹⁵. NaN for x ≤ 0.
pub fn trigamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x == f64::INFINITY {
        return 0.0;
    }
    let mut x = x;
    let mut shift = 0.0;
    while x < ASYMPTOTIC_FROM {
        shift += 1.0 / (x * x);
        x += 1.0;
    }
    let r = 1.0 / (x * x);
    // Bernoulli numbers: 1/6, −1/30, 1/42, −1/30, 5/66, −691/2730, 7/6.
    let series = r
        * (1.0 / 6.0
            - r * (1.0 / 30.0
                - r * (1.0 / 42.0 - r * (1.0 / 30.0 - r * (5.0 / 66.0 - r * (691.0 / 2730.0 - r * 7.0 / 6.0))))));
    shift + (1.0 + 0.5 / x + series) / x
}

/// ln Γ(x) for x > 0.
pub fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// P(a, x), the regularized lower incomplete gamma function: the distribution function of a
/// gamma variable of shape `a` and scale 1. By its series below x = a + 1 and by the continued
/// fraction of Q = 1 − P above (Numerical Recipes, §6.2), each to machine precision.
pub fn gamma_p(a: f64, x: f64) -> f64 {
    if x.is_nan() || a.is_nan() || a <= 0.0 {
        return f64::NAN;
    }
    if x <= 0.0 {
        return 0.0;
    }
    if x == f64::INFINITY {
        return 1.0;
    }
    // x^a e^-x / Γ(a), in logs so that large shapes do not overflow.
    let front = libm::exp(a * libm::log(x) - x - ln_gamma(a));
    if x < a + 1.0 {
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..MAX_TERMS {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * f64::EPSILON {
                break;
            }
        }
        (sum * front).min(1.0)
    } else {
        // Modified Lentz's method.
        let tiny = f64::MIN_POSITIVE / f64::EPSILON;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..=MAX_TERMS {
            let i = f64::from(i);
            let an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let step = d * c;
            h *= step;
            if (step - 1.0).abs() < f64::EPSILON {
                break;
            }
        }
        (1.0 - front * h).max(0.0)
    }
}

/// The x with P(a, x) = p: the p-quantile of a gamma variable of shape `a` and scale 1 (so
/// half the chi-square quantile with 2a degrees of freedom). Newton's method kept inside a
/// bracket that bisection narrows, to a relative 1e-14.
pub fn gamma_p_inverse(a: f64, p: f64) -> f64 {
    if a.is_nan() || a <= 0.0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return 0.0;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let mut lo = 0.0;
    let mut hi = a.max(1.0);
    while gamma_p(a, hi) < p {
        lo = hi;
        hi *= 2.0;
    }
    let mut x = 0.5 * (lo + hi);
    for _ in 0..200 {
        let f = gamma_p(a, x) - p;
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let density = libm::exp((a - 1.0) * libm::log(x) - x - ln_gamma(a));
        let newton = x - f / density;
        let next = if density > 0.0 && newton > lo && newton < hi { newton } else { 0.5 * (lo + hi) };
        if (next - x).abs() <= 1e-14 * next || hi - lo <= 1e-14 * hi {
            return next;
        }
        x = next;
    }
    x
}

/// Φ(z), the standard normal distribution function.
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// Q_KS(λ) = P(K > λ) for Kolmogorov's limiting distribution, 2 Σ (−1)ʲ⁻¹ e^(−2j²λ²); below
/// λ = 1.18, where that series converges slowly, its equivalent 1 − √(2π)/λ Σ e^(−(2j−1)²π²/(8λ²))
/// (Numerical Recipes, 3rd ed., §6.14). Four terms of either give full double precision.
pub fn kolmogorov_q(lambda: f64) -> f64 {
    if lambda.is_nan() {
        return f64::NAN;
    }
    if lambda < 0.001 {
        return 1.0;
    }
    if lambda < 1.18 {
        let y = libm::exp(-PI * PI / (8.0 * lambda * lambda));
        let y8 = {
            let y2 = y * y;
            let y4 = y2 * y2;
            y4 * y4
        };
        let y9 = y * y8;
        let y25 = y9 * y8 * y8;
        let y49 = y25 * y8 * y8 * y8;
        (1.0 - libm::sqrt(2.0 * PI) / lambda * (y + y9 + y25 + y49)).clamp(0.0, 1.0)
    } else {
        let x = libm::exp(-2.0 * lambda * lambda);
        let x4 = x * x * x * x;
        let x9 = x4 * x4 * x;
        let x16 = x4 * x4 * x4 * x4;
        (2.0 * (x - x4 + x9 - x16)).clamp(0.0, 1.0)
    }
}

/// The p-value of a one-sample Kolmogorov–Smirnov distance `d` over `n` values: Q_KS of
/// (√n + 0.12 + 0.11/√n)·d, the asymptotic distribution with Stephens' small-sample correction.
pub fn ks_p_value(d: f64, n: u64) -> f64 {
    if n == 0 {
        return f64::NAN;
    }
    let root = libm::sqrt(n as f64);
    kolmogorov_q((root + 0.12 + 0.11 / root) * d)
}

/// The binomial distribution function F(j) = P(B ≤ j) for B ~ Binomial(n, p), for every j from
/// 0 to n, each probability from ln Γ so that large n neither overflows nor underflows early.
pub fn binomial_cdf(n: u64, p: f64) -> Vec<f64> {
    let nf = n as f64;
    let (lp, lq) = (libm::log(p), libm::log1p(-p));
    let ln_n = ln_gamma(nf + 1.0);
    let mut total = 0.0;
    let mut out = Vec::with_capacity(n as usize + 1);
    for j in 0..=n {
        let jf = j as f64;
        let ln_pmf = ln_n - ln_gamma(jf + 1.0) - ln_gamma(nf - jf + 1.0) + jf * lp + (nf - jf) * lq;
        // p = 0 or 1 gives 0·(−∞) = NaN at the ends, where the probability is 1 or 0.
        let pmf = if ln_pmf.is_nan() {
            if (j == 0 && p == 0.0) || (j == n && p == 1.0) { 1.0 } else { 0.0 }
        } else {
            libm::exp(ln_pmf)
        };
        total += pmf;
        out.push(total.min(1.0));
    }
    out
}
