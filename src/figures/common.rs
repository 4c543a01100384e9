//! What every chart shares: scales, "nice" ticks, the colour palette, a few number texts, the SLA
//! targets and the bottleneck; and, re-exported from `svg`, the writer every drawing is made
//! with. Everything here is NaN-safe: a non-finite or degenerate input gives a sensible position
//! or a dash, never a panic.

pub use super::svg::*;

use crate::engine::report::Estimate;
use crate::engine::report::numbers as format;
use crate::engine::{Report, order};

/// Width of every chart's viewBox. The SVGs scale to their container (CSS `width: 100%`), so
/// this is the design width: one unit is one pixel in a ~640 px results column.
pub const WIDTH: f64 = 640.0;

/// How many distinct series colours the palette has (`--chart-series-0` … in charts.css).
pub const SERIES: usize = 8;

/// The CSS colour of series `i` (cycling through the palette).
pub fn series(i: usize) -> String {
    format!("var(--chart-series-{})", i % SERIES)
}

/// A coordinate as SVG attribute text: one decimal, and `0` for anything not finite.
pub fn n(x: f64) -> String {
    if x.is_finite() { format::trim(x, 1) } else { "0".into() }
}

/// A linear map from a domain of values to a range of SVG coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Linear {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Linear {
        Linear { d0: domain.0, d1: domain.1, r0: range.0, r1: range.1 }
    }

    /// The coordinate of `v`; the start of the range for non-finite values or an empty domain.
    pub fn at(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if !v.is_finite() || !span.is_finite() || span == 0.0 {
            return self.r0;
        }
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }

    /// The coordinate of `v`, kept within the range.
    pub fn clamped(&self, v: f64) -> f64 {
        let (lo, hi) = if self.r0 <= self.r1 { (self.r0, self.r1) } else { (self.r1, self.r0) };
        self.at(v).clamp(lo, hi)
    }
}

/// A logarithmic map; values at or below zero go to the start of the range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Log {
    lin: Linear,
}

impl Log {
    /// `domain` must be positive; a bad domain falls back to 1..10.
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Log {
        let ok = |v: f64| v.is_finite() && v > 0.0;
        let (a, b) = if ok(domain.0) && ok(domain.1) && domain.1 > domain.0 { domain } else { (1.0, 10.0) };
        Log { lin: Linear::new((libm::log(a), libm::log(b)), range) }
    }

    pub fn at(&self, v: f64) -> f64 {
        if v.is_finite() && v > 0.0 { self.lin.clamped(libm::log(v)) } else { self.lin.r0 }
    }
}

/// A round step near `span / target`: 1, 2, 2.5 or 5 times a power of ten.
pub fn nice_step(span: f64, target: usize) -> f64 {
    let raw = span / target.max(1) as f64;
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let mag = libm::pow(10.0, libm::log10(raw).floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// Ticks from 0 to a round maximum at or above `max`: `(top, ticks)`. An empty or bad maximum
/// gives 0..1.
pub fn ticks_to(max: f64, target: usize) -> (f64, Vec<f64>) {
    let max = if max.is_finite() && max > 0.0 { max } else { 1.0 };
    let step = nice_step(max, target);
    let count = (max / step - 1e-9).ceil().max(1.0) as usize;
    let ticks: Vec<f64> = (0..=count).map(|i| i as f64 * step).collect();
    (count as f64 * step, ticks)
}

/// A tick label: the number with no more decimals than the step needs.
pub fn tick_label(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 || step <= 0.0 { 0 } else { (-libm::log10(step).floor()) as usize + 1 };
    format::trim(v, decimals.min(3))
}

/// A time axis over `[0, max_hours]`: hours for up to three days, else days.
pub struct TimeAxis {
    /// Hours per unit: 1 or 24.
    pub unit_hours: f64,
    pub unit_name: &'static str,
    /// Tick positions, hours.
    pub ticks: Vec<f64>,
}

impl TimeAxis {
    pub fn new(max_hours: f64) -> TimeAxis {
        let max = if max_hours.is_finite() && max_hours > 0.0 { max_hours } else { 1.0 };
        let (unit_hours, unit_name, steps): (f64, _, &[f64]) = if max <= 72.0 {
            (1.0, "hours", &[0.25, 0.5, 1.0, 2.0, 3.0, 6.0, 12.0, 24.0])
        } else {
            (24.0, "days", &[0.5, 1.0, 2.0, 3.0, 7.0, 14.0, 28.0, 56.0, 91.0, 182.0, 364.0])
        };
        let units = max / unit_hours;
        let step = steps.iter().copied().find(|s| units / s <= 8.0).unwrap_or_else(|| nice_step(units, 6));
        let count = (units / step + 1e-9).floor() as usize;
        let ticks = (0..=count.min(400)).map(|i| i as f64 * step * unit_hours).collect();
        TimeAxis { unit_hours, unit_name, ticks }
    }

    /// The tick label of `hours`, in the axis unit.
    pub fn label(&self, hours: f64) -> String {
        format::trim(hours / self.unit_hours, 1)
    }
}

/// A mean per replication: one decimal below 10, else a whole count (`0.8`, `12 345`).
pub fn per_rep(x: f64) -> String {
    if x.is_finite() && x.abs() < 10.0 { format::trim(x, 1) } else { format::count(x) }
}

/// A fraction as a percentage with one decimal (`99.6%`): attainment needs the resolution that
/// [`format::percent`] rounds away above 10%.
pub fn pct1(f: f64) -> String {
    if f.is_finite() { format!("{}%", format::trim(f * 100.0, 1)) } else { "–".into() }
}

/// An estimate's mean, or `None` when it is missing or not finite.
pub fn mean(e: &Estimate) -> Option<f64> {
    e.mean.filter(|m| m.is_finite())
}

/// The estimate `1 - e` (an attainment from a breach rate), with the same half-width.
pub fn complement(e: &Estimate) -> Estimate {
    Estimate { mean: mean(e).map(|m| 1.0 - m), ci95: e.ci95 }
}

/// `name`, shortened to at most `max` characters with an ellipsis.
pub fn clip(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// Width of `text` in the charts' 11–12 px font, roughly (for layout decisions only).
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.58
}

/// A reason name from the engine (`wait_timer`) as words (`wait timer`), with a few named
/// better; unknown reasons keep their own name.
pub fn reason_label(reason: &str) -> String {
    match reason {
        "entry" => "entry".into(),
        "skip_level" => "skip-level entry".into(),
        "outcome" => "service outcome".into(),
        "sla_trigger" => "SLA trigger".into(),
        other => other.replace('_', " "),
    }
}

/// One SLA target of a priority.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub minutes: f64,
    pub policy: String,
    /// The target counts business hours only (the charts draw elapsed time).
    pub business_hours: bool,
    /// The target in words with its calendar (`3 working days on office`); empty in reports
    /// made before targets were worded.
    pub text: String,
}

impl Target {
    /// The target in words: the report's own wording, else minutes with a business-time note.
    pub fn words(&self) -> String {
        if self.text.is_empty() {
            format!("{}{}", format::minutes(self.minutes), if self.business_hours { " business time" } else { "" })
        } else {
            self.text.clone()
        }
    }
}

/// The resolution targets (or first-response targets) of priority `p` over the SLA policies,
/// shortest first; policies that agree are given once.
pub fn targets(report: &Report, p: usize, first_response: bool) -> Vec<Target> {
    let mut out: Vec<Target> = Vec::new();
    for s in &report.sla_targets {
        let (list, texts) = if first_response {
            (&s.first_response_min, &s.first_response_text)
        } else {
            (&s.resolution_min, &s.resolution_text)
        };
        let Some(minutes) = list.get(p).copied().flatten().filter(|m| m.is_finite() && *m > 0.0) else { continue };
        let text = texts.get(p).cloned().flatten().unwrap_or_default();
        if !out.iter().any(|t| t.minutes == minutes && t.business_hours == s.business_hours && t.text == text) {
            out.push(Target { minutes, policy: s.policy.clone(), business_hours: s.business_hours, text });
        }
    }
    order::sort_by(&mut out, |a, b| a.minutes.total_cmp(&b.minutes));
    out
}

/// Targets in words: `1 h on 24x7`, `3 working days on office`, or `1 h on 24x7 – 8 business
/// hours = 1 working day on office (2 policies)`.
pub fn targets_text(targets: &[Target]) -> String {
    match targets {
        [] => String::new(),
        [t] => t.words(),
        [first, .., last] => format!("{} – {} ({} policies)", first.words(), last.words(), targets.len()),
    }
}

/// An estimate as text like [`format::estimate`], but without a zero half-width (`100%`, not
/// `100% ± 0%`).
pub fn est(e: &Estimate, show: impl Fn(f64) -> String) -> String {
    let e = Estimate { mean: mean(e), ci95: e.ci95.filter(|h| h.is_finite() && *h > 0.0) };
    format::estimate(&e, show)
}

/// A duration estimate with its half-width in the mean's unit: `27.7 d ± 2 d`, not `± 47.7 h`.
pub fn est_minutes(e: &Estimate) -> String {
    let Some(m) = mean(e) else { return "–".into() };
    let Some(h) = e.ci95.filter(|h| h.is_finite() && *h > 0.0) else { return format::minutes(m) };
    let a = m.abs();
    let (div, unit, decimals) = if a < 1.0 {
        (1.0 / 60.0, "s", 0)
    } else if a < 60.0 {
        (1.0, "min", usize::from(a < 10.0))
    } else if a < 48.0 * 60.0 {
        (60.0, "h", 1)
    } else {
        (1440.0, "d", 1)
    };
    let ci = if h / div < 0.05 {
        format!("< 0.1 {unit}")
    } else {
        format!("{} {unit}", format::trim(h / div, decimals.max(1)))
    };
    format!("{} ± {ci}", format::minutes(m))
}

/// Round tick positions for a duration axis over `[0, max]` minutes (minutes, hours or days).
pub fn duration_ticks(max: f64) -> Vec<f64> {
    const STEPS: [f64; 22] = [
        0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 180.0, 360.0, 720.0, 1440.0, 2880.0, 4320.0, 10080.0,
        20160.0, 40320.0, 80640.0, 161280.0, 525600.0,
    ];
    let max = if max.is_finite() && max > 0.0 { max } else { 1.0 };
    let step = STEPS.iter().copied().find(|s| max / s <= 6.0).unwrap_or_else(|| nice_step(max, 5));
    let count = ((max / step) + 1e-9).floor() as usize;
    (0..=count.min(100)).map(|i| i as f64 * step).collect()
}

/// The level the engine ranks as the bottleneck (`bottlenecks[0]`), unless nothing happened
/// there: with no work and no breach, no level is singled out.
pub fn bottleneck(report: &Report) -> Option<&str> {
    report
        .bottlenecks
        .first()
        .filter(|b| b.utilization.is_some_and(|u| u > 0.0) || b.breaches_waited_longest > 0.0)
        .map(|b| b.level.as_str())
}
