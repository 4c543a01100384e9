//! Numbers as people read them: durations in the largest sensible unit, percentages, counts, and
//! estimates with their 95% confidence half-width. The app's views and the command line's tables
//! both print figures through here.
//!
//! A figure that rounds to zero is written `0`, never `-0`: a difference of −0.001 points shown
//! as "-0%" reads as a loss where there is none, and an input showing "-0" looks like a typo.

use super::Estimate;
use crate::engine::time::{describe_minutes, trim_decimals};

/// A number with at most `decimals` decimals, trailing zeros dropped: `2.5`, `3`, `0`.
pub fn trim(x: f64, decimals: usize) -> String {
    unsigned_zero(trim_decimals(x, decimals))
}

/// A number with exactly `decimals` decimals: `2.50`, `0.00` (for columns that line up).
pub fn fixed(x: f64, decimals: usize) -> String {
    unsigned_zero(format!("{x:.decimals$}"))
}

/// A duration given in minutes, in the largest sensible unit: `30 s`, `2.3 min`, `1.5 h`, `4.8 d`.
pub fn minutes(m: f64) -> String {
    unsigned_zero(describe_minutes(m))
}

/// A fraction as a percentage: `12.3%` (one decimal below 10%, none above).
pub fn percent(f: f64) -> String {
    if !f.is_finite() {
        return "–".into();
    }
    let p = f * 100.0;
    if p.abs() < 10.0 { format!("{}%", trim(p, 1)) } else { format!("{}%", fixed(p, 0)) }
}

/// A count, with thousands separated by a narrow space: `12 345`.
pub fn count(n: f64) -> String {
    if !n.is_finite() {
        return "–".into();
    }
    let r = n.round() as i64;
    let digits = r.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if r < 0 { format!("-{out}") } else { out }
}

/// An estimate shown with `show`, and its half-width: `12% ± 1.5%`.
pub fn estimate(e: &Estimate, show: impl Fn(f64) -> String) -> String {
    match (e.mean, e.ci95) {
        (Some(m), Some(h)) => format!("{} ± {}", show(m), show(h)),
        (Some(m), None) => show(m),
        _ => "–".into(),
    }
}

/// The text of a number without its minus sign when every digit it shows is zero: whatever the
/// rounding that produced it (`-0`, `-0.00`, `-0 s`, `-0%`).
fn unsigned_zero(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) if !rest.chars().any(|c| c.is_ascii_digit() && c != '0') => rest.to_string(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_that_rounds_to_zero_has_no_sign() {
        assert_eq!(trim(-0.0, 2), "0");
        assert_eq!(trim(-0.004, 2), "0");
        assert_eq!(trim(-0.04, 1), "0");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(-0.0, 0), "0");
        assert_eq!(minutes(-0.001), "0 s");
        assert_eq!(minutes(-0.0), "0 s");
        assert_eq!(percent(-0.0), "0%");
        assert_eq!(percent(-0.0000001), "0%");
        assert_eq!(count(-0.2), "0");
        let e = Estimate { mean: Some(-0.0001), ci95: Some(0.5) };
        assert_eq!(estimate(&e, |v| format!("{}%", trim(v, 1))), "0% ± 0.5%");
    }

    #[test]
    fn a_figure_that_does_not_round_to_zero_keeps_its_sign() {
        assert_eq!(trim(-0.05, 1), "-0.1");
        assert_eq!(trim(-2.5, 2), "-2.5");
        assert_eq!(fixed(-0.006, 2), "-0.01");
        assert_eq!(minutes(-0.5), "-30 s");
        assert_eq!(minutes(-90.0), "-1.5 h");
        assert_eq!(percent(-0.123), "-12%");
        assert_eq!(percent(-0.0123), "-1.2%");
        assert_eq!(count(-12345.0), "-12\u{202f}345");
    }

    #[test]
    fn figures_read_as_before() {
        assert_eq!(trim(2.50, 2), "2.5");
        assert_eq!(trim(3.0, 2), "3");
        assert_eq!(minutes(2.26), "2.3 min");
        assert_eq!(percent(0.5), "50%");
        assert_eq!(percent(0.0123), "1.2%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(f64::NAN), "–");
        assert_eq!(count(12345.0), "12\u{202f}345");
    }
}
