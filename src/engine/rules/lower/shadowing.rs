//! Which earlier rules of a first-match set act before a rule, on all or part of what it applies
//! to: the rule's alternatives that can hold, minus the earlier rules' at the same moment (as
//! lowering subtracts them). An earlier rule acting only under a guard covers a later rule only
//! where the later rule's own guard says as much.

use super::alternatives::{Alternative, Moment, subtract};
use super::{Shadower, Vocabulary};
use crate::engine::order;
use crate::engine::rules::parse::RuleError;
use crate::engine::rules::syntax::{Expr, Rule, Span};

/// The earlier rules' alternatives of a first-match set, each with the index of its rule.
pub(super) type Taken = Vec<(Alternative, usize)>;

/// The earlier rules (indices into `taken`'s rules) that act first on some of `alternatives`,
/// and whether they leave it nothing.
pub(super) fn shadowers(alternatives: &[Alternative], taken: &Taken, names: &Vocabulary<'_>) -> (Vec<usize>, bool) {
    let mut by: Vec<usize> = Vec::new();
    let mut full = !alternatives.is_empty();
    for alt in alternatives {
        let mut left = vec![alt.clone()];
        for (t, rule) in taken.iter().filter(|(t, _)| moment(t) == moment(alt)) {
            if !left.iter().any(|a| overlaps(a, t, names)) {
                continue;
            }
            if !by.contains(rule) {
                by.push(*rule);
            }
            left = left
                .into_iter()
                .flat_map(|a| subtract(&a, t, names))
                .filter(|a| !self_contradicting(&a.guard))
                .collect();
        }
        full &= left.is_empty();
    }
    order::sort(&mut by);
    (by, full)
}

fn moment(a: &Alternative) -> Option<&Moment> {
    a.moment.as_ref().map(|(m, _)| m)
}

/// The two scopes share an issue.
fn overlaps(a: &Alternative, b: &Alternative, names: &Vocabulary<'_>) -> bool {
    let meet = |x: &Option<Vec<bool>>, y: &Option<Vec<bool>>, n: usize| {
        (0..n).any(|i| x.as_ref().is_none_or(|m| m[i]) && y.as_ref().is_none_or(|m| m[i]))
    };
    meet(&a.categories, &b.categories, names.categories.len())
        && meet(&a.priorities, &b.priorities, names.priorities.len())
        && meet(&a.levels, &b.levels, names.levels.len())
}

/// A guard that says `not (x and y)` beside `x` and `y`: what subtraction leaves where an
/// earlier rule's guard is part of this one's.
fn self_contradicting(guard: &[Expr]) -> bool {
    guard.iter().any(|g| {
        let Expr::Not(inner) = g else { return false };
        let parts: Vec<&Expr> = match &inner.value {
            Expr::And(parts) => parts.iter().map(|p| &p.value).collect(),
            one => vec![one],
        };
        parts.iter().all(|p| guard.contains(p))
    })
}

/// The shadowers named with the line each starts on.
pub(super) fn named(text: &str, rules: &[(String, Span)], by: &[usize]) -> Vec<Shadower> {
    by.iter()
        .filter_map(|&i| rules.get(i))
        .map(|(name, span)| Shadower {
            rule: name.clone(),
            span: *span,
            line: crate::engine::rules::parse::line_column(text, span.start).0,
        })
        .collect()
}

/// The warning for a rule of a first-match set that earlier rules leave nothing.
pub(super) fn warning(text: &str, rule: &Rule, by: &[Shadower], repeats: Option<&str>) -> RuleError {
    let name = &rule.name.value;
    let named: Vec<String> = by.iter().map(|s| format!("\"{}\" (line {})", s.rule, s.line)).collect();
    let (message, hint) = match by {
        [one] if repeats == Some(one.rule.as_str()) => (
            format!(
                "the rule \"{name}\" never acts: it repeats the rule {}, which comes first in this first-match set",
                named[0]
            ),
            "remove one",
        ),
        [_] => (
            format!(
                "the rule \"{name}\" never acts: the earlier rule {} of this first-match set acts first on every issue it applies to, at the same moment",
                named[0]
            ),
            "move it above that rule if it should act first, narrow that rule's condition, or remove it",
        ),
        _ => (
            format!(
                "the rule \"{name}\" never acts: the earlier rules {} of this first-match set act first on every issue it applies to, at the same moment",
                and_list(&named)
            ),
            "move it above those rules if it should act first, narrow their conditions, or remove it",
        ),
    };
    RuleError::at(text, rule.name.span, message).with_hint(hint)
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
