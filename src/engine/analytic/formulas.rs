//! The queueing formulas: Erlang B and C, the M/M/c mean wait, and Cobham's mean waits of
//! non-preemptive priority classes.

/// Erlang B blocking probability for `c` servers and offered load `a` (erlangs), by recursion.
pub fn erlang_b(c: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    b
}

/// Erlang C: probability that an arrival waits, for `c` servers and load `a`; 1 when a >= c.
pub fn erlang_c(c: u32, a: f64) -> f64 {
    let rho = a / f64::from(c);
    if rho >= 1.0 {
        return 1.0;
    }
    let b = erlang_b(c, a);
    b / (1.0 - rho * (1.0 - b))
}

/// Mean queue wait of M/M/c (same unit as 1 / `mu`); infinite when unstable.
pub fn mmc_wait(lambda: f64, mu: f64, c: u32) -> f64 {
    let a = lambda / mu;
    if a >= f64::from(c) {
        return f64::INFINITY;
    }
    erlang_c(c, a) / (f64::from(c) * mu - lambda)
}

/// Cobham's mean queue wait per class of a non-preemptive priority M/M/c with one service rate;
/// `lambdas[0]` is the most urgent class.
pub fn priority_waits(lambdas: &[f64], mu: f64, c: u32) -> Vec<f64> {
    let lambda: f64 = lambdas.iter().sum();
    let cmu = f64::from(c) * mu;
    let w0 = erlang_c(c, lambda / mu) / cmu;
    let mut sigma_prev = 0.0;
    lambdas
        .iter()
        .map(|l| {
            let sigma = sigma_prev + l / cmu;
            let w = if sigma >= 1.0 { f64::INFINITY } else { w0 / ((1.0 - sigma_prev) * (1.0 - sigma)) };
            sigma_prev = sigma;
            w
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values from `shared/bench/erlang_c.py` for B1-MMC: lam = 2/min, mean 4 min, c = 10.
    #[test]
    fn erlang_c_matches_reference() {
        let wq = mmc_wait(2.0, 0.25, 10);
        assert!((wq - 0.81836).abs() < 5e-5, "{wq}");
        let w = priority_waits(&[0.1, 0.3, 0.8, 0.8], 0.25, 10);
        // Work conservation: the rate-weighted mean of the class waits is the FCFS wait.
        let mean = (0.1 * w[0] + 0.3 * w[1] + 0.8 * w[2] + 0.8 * w[3]) / 2.0;
        assert!((mean - wq).abs() < 1e-9);
        assert!(w[0] < w[1] && w[1] < w[2] && w[2] < w[3]);
    }

    /// Hand-checked small cases: M/M/1 has Wq = rho / (mu - lambda); Erlang B(1, a) = a / (1 + a).
    #[test]
    fn small_cases() {
        assert!((erlang_b(1, 0.5) - 1.0 / 3.0).abs() < 1e-12);
        assert!((erlang_c(1, 0.5) - 0.5).abs() < 1e-12);
        assert!((mmc_wait(0.5, 1.0, 1) - 1.0).abs() < 1e-12);
        assert_eq!(erlang_c(2, 2.0), 1.0);
        assert!(mmc_wait(3.0, 1.0, 2).is_infinite());
    }
}
