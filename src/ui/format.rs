//! Numbers as people read them: durations in the largest sensible unit, percentages, and
//! estimates with their 95% confidence half-width.

use crate::engine::report::Estimate;

pub use crate::engine::time::{describe_minutes as minutes, trim_decimals as trim};

/// A fraction as a percentage: `12.3%` (one decimal below 10%, none above).
pub fn percent(f: f64) -> String {
    if !f.is_finite() {
        return "–".into();
    }
    let p = f * 100.0;
    if p.abs() < 10.0 && p != 0.0 { format!("{}%", trim(p, 1)) } else { format!("{p:.0}%") }
}

/// A count, with thousands separated: `12 345`.
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
