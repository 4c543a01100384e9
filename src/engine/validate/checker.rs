//! The problem collector shared by the validation passes, with the checks they all use: durations,
//! probabilities, mixes, name lookups and distributions. Each check records a problem and returns
//! `None` on failure, so a pass can go on and report everything at once.

use std::collections::BTreeMap;

use crate::engine::distribution::Distribution;
use crate::engine::document::DistributionDoc;
use crate::engine::problem::{Problem, known_list, suggestion};
use crate::engine::time::parse_duration;

/// Tolerance on "sums to 1": mixes are typed by hand with a few decimals.
const MIX_TOLERANCE: f64 = 1e-6;

#[derive(Default)]
pub struct Checker {
    pub problems: Vec<Problem>,
    /// For triggers compiled from the rule text: where their rule starts (line, column) and its
    /// name, by trigger index; problems found at `triggers[i]` are reported there.
    pub rule_origins: Vec<Option<(usize, usize, String)>>,
    /// Leave out the check for issues that could go round unresolved for ever: a walk-through
    /// fixes outcomes to "does not resolve" on purpose, and stops such a loop itself.
    pub endless_allowed: bool,
}

impl Checker {
    pub fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::error(path, message));
    }

    pub fn warning(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::warning(path, message));
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// A duration that may be zero.
    pub fn duration(&mut self, path: &str, text: &str) -> Option<u64> {
        match parse_duration(text) {
            Ok(ms) => Some(ms),
            Err(e) => {
                self.error(path, e.to_string());
                None
            }
        }
    }

    /// A duration that must be longer than zero.
    pub fn positive_duration(&mut self, path: &str, text: &str) -> Option<u64> {
        let ms = self.duration(path, text)?;
        if ms == 0 {
            let zero = text.trim_start().trim_start_matches(['0', '.']).starts_with(|c: char| !c.is_ascii_digit());
            let message = if zero {
                format!("the duration \"{text}\" must be longer than zero")
            } else {
                format!("the duration \"{text}\" is shorter than a millisecond, the clock's smallest step")
            };
            self.error(path, message);
            return None;
        }
        Some(ms)
    }

    pub fn probability(&mut self, path: &str, p: f64) -> Option<f64> {
        if (0.0..=1.0).contains(&p) {
            Some(p)
        } else {
            self.error(path, format!("{p} is not a probability; it must be between 0 and 1"));
            None
        }
    }

    /// An attainment goal: a share from 0 to 1 (a percentage such as 95 is named as such).
    pub fn goal(&mut self, path: &str, share: f64) -> Option<f64> {
        if (0.0..=1.0).contains(&share) {
            return Some(share);
        }
        let message = if share > 1.0 && share <= 100.0 {
            format!(
                "a goal is a share from 0 to 1: write {} for {share}%",
                crate::engine::time::trim_decimals(share / 100.0, 4)
            )
        } else {
            format!("a goal is a share from 0 to 1 (0.95 for 95%), not {share}")
        };
        self.error(path, message);
        None
    }

    /// A positive, finite number (rates, shapes, coefficients of variation).
    pub fn positive(&mut self, path: &str, x: f64, what: &str) -> Option<f64> {
        if x.is_finite() && x > 0.0 {
            Some(x)
        } else {
            self.error(path, format!("{what} must be a positive number, not {x}"));
            None
        }
    }

    /// Looks a name up among known names; on failure records "unknown <what>" with a hint.
    pub fn lookup(&mut self, path: &str, name: &str, known: &[String], what: &str) -> Option<usize> {
        if let Some(i) = known.iter().position(|k| k == name) {
            return Some(i);
        }
        let hint = suggestion(name, known.iter().map(String::as_str));
        let list = if hint.is_empty() { format!(" ({})", known_list(known.iter().map(String::as_str))) } else { hint };
        self.error(path, format!("unknown {what} \"{name}\"{list}"));
        None
    }

    /// A name -> probability map over `known` names; returns the probabilities in `known` order.
    pub fn mix(&mut self, path: &str, mix: &BTreeMap<String, f64>, known: &[String], what: &str) -> Option<Vec<f64>> {
        let mut probs = vec![0.0; known.len()];
        let mut ok = true;
        for (name, &p) in mix {
            let entry = format!("{path}.{name}");
            match (self.lookup(&entry, name, known, what), self.probability(&entry, p)) {
                (Some(i), Some(p)) => probs[i] = p,
                _ => ok = false,
            }
        }
        if !ok {
            return None;
        }
        let sum: f64 = probs.iter().sum();
        self.sums_to_one(path, sum, what).then_some(probs)
    }

    /// Whether a mix's probabilities, summing to `sum`, sum to 1; if not, says so at `path`.
    pub fn sums_to_one(&mut self, path: &str, sum: f64, what: &str) -> bool {
        if (sum - 1.0).abs() > MIX_TOLERANCE {
            self.error(path, format!("the {what} mix sums to {}, not 1", round6(sum)));
            return false;
        }
        true
    }

    /// A checked distribution: every duration positive, every shape parameter in range.
    pub fn distribution(&mut self, path: &str, doc: &DistributionDoc) -> Option<Distribution> {
        let ms =
            |c: &mut Checker, field: &str, text: &str| c.duration(&format!("{path}.{field}"), text).map(|v| v as f64);
        match doc {
            DistributionDoc::Exponential { mean } => {
                let mean = self.positive_duration(&format!("{path}.mean"), mean)?;
                Some(Distribution::Exponential { mean: mean as f64 })
            }
            DistributionDoc::Lognormal { mean, cv } => {
                let mean = self.positive_duration(&format!("{path}.mean"), mean);
                let cv = self.positive(&format!("{path}.cv"), *cv, "the coefficient of variation");
                Some(Distribution::lognormal(mean? as f64, cv?))
            }
            DistributionDoc::Gamma { mean, shape } => {
                let mean = self.positive_duration(&format!("{path}.mean"), mean);
                let shape = self.positive(&format!("{path}.shape"), *shape, "the shape");
                Some(Distribution::gamma(mean? as f64, shape?))
            }
            DistributionDoc::Triangular { min, mode, max } => {
                let (lo, mo, hi) = (ms(self, "min", min)?, ms(self, "mode", mode)?, ms(self, "max", max)?);
                if !(lo <= mo && mo <= hi && lo < hi) {
                    self.error(
                        path,
                        format!("a triangular distribution needs min <= mode <= max and min < max (got {min}, {mode}, {max})"),
                    );
                    return None;
                }
                Some(Distribution::Triangular { min: lo, mode: mo, max: hi })
            }
            DistributionDoc::Uniform { min, max } => {
                let (lo, hi) = (ms(self, "min", min)?, ms(self, "max", max)?);
                if lo >= hi {
                    self.error(path, format!("a uniform distribution needs min < max (got {min} and {max})"));
                    return None;
                }
                Some(Distribution::Uniform { min: lo, max: hi })
            }
            DistributionDoc::Deterministic { value } => {
                let v = self.positive_duration(&format!("{path}.value"), value)?;
                Some(Distribution::Deterministic { value: v as f64 })
            }
        }
    }

    /// Records an error for every name that appears more than once.
    pub fn unique_names<'a>(&mut self, section: &str, names: impl IntoIterator<Item = &'a str>, what: &str) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, name) in names.into_iter().enumerate() {
            if name.trim().is_empty() {
                self.error(format!("{section}[{i}].name"), format!("a {what} needs a name"));
            } else if let Some(first) = seen.insert(name, i) {
                self.error(
                    format!("{section}[{i}].name"),
                    format!("the {what} name \"{name}\" is already used by the {} {what}", ordinal(first + 1)),
                );
                seen.insert(name, first);
            }
        }
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// "1st", "2nd", "3rd", "4th", … "11th", "12th", "13th", "21st".
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A scope list of names (a trigger's or an SLA policy's categories, priorities, levels) as a
/// mask over `known`; `Some(None)` when there is no list (everything is in scope).
pub(super) fn names_in(
    c: &mut Checker,
    path: &str,
    list: &Option<Vec<String>>,
    known: &[String],
    what: &str,
) -> Option<Option<Vec<bool>>> {
    let Some(list) = list else { return Some(None) };
    if list.is_empty() {
        c.warning(path, format!("an empty {what} list matches nothing, so this trigger never fires; omit the field to match every {what}"));
    }
    let mut mask = vec![false; known.len()];
    let mut ok = true;
    for (i, n) in list.iter().enumerate() {
        match c.lookup(&format!("{path}[{i}]"), n, known, what) {
            Some(k) => mask[k] = true,
            None => ok = false,
        }
    }
    ok.then_some(Some(mask))
}
