//! Conditions that can never hold, whole or in part: the condition brought to disjunctive normal
//! form as for lowering, but keeping the alternatives that die (a scope left empty, two tests that
//! exclude each other) with the reason, and the parts of each `or` every alternative went through.
//! An `or` part that only dead alternatives went through never holds; when every alternative is
//! dead, the whole condition never holds.
//!
//! Two tests exclude each other when they are about the same thing and no issue meets both at the
//! moment the rule is checked: one category, priority or level at a time; an attribute has one
//! value; a tag is carried or not; a time, an SLA share or a count cannot be above and below
//! bounds that leave nothing between them; and at the moment a time or share passes its limit it
//! is exactly that limit, so a bound that excludes it never holds then. Times are compared only
//! with times of the same measure on the same calendar; anything else is taken as possible.

use super::Vocabulary;
use super::alternatives::{Alternative, Moment, narrow};
use crate::engine::rules::parse::RuleError;
use crate::engine::rules::syntax::{Compare, Expr, Measure, SlaClock, Span, Spanned, Test, one_line};

/// Alternatives, dead or alive, beyond which the analysis gives up (and says nothing).
const MAX_BRANCHES: usize = 256;

/// Why an alternative can never hold, in words.
#[derive(Clone)]
pub(super) struct Conflict {
    pub(super) what: String,
    pub(super) hint: Option<String>,
}

/// An alternative being built, with the parts of disjunctions it went through and the tests that
/// narrowed its scope.
#[derive(Clone)]
pub(super) struct Branch {
    pub(super) alt: Alternative,
    /// Spans `(start, end)` of the `or` parts this alternative went through.
    choices: Vec<(usize, usize)>,
    /// The tests that narrowed categories, priorities and levels: where, and as printed.
    pub(super) narrowed: [Vec<(Span, String)>; 3],
    conflict: Option<Conflict>,
}

/// What the analysis of one condition found.
pub(super) struct Analysis {
    /// The alternatives that can hold.
    pub(super) live: Vec<Branch>,
    /// The condition never holds, or parts of it never do.
    pub(super) warnings: Vec<RuleError>,
}

impl Analysis {
    /// No alternative can hold: the rule never acts.
    pub(super) fn never(&self) -> bool {
        self.live.is_empty()
    }
}

/// The condition of rule `name` analysed; `None` when it is too complex to say (or has an error,
/// which lowering reports).
pub(super) fn analyse(text: &str, name: &str, when: &Spanned<Expr>, names: &Vocabulary<'_>) -> Option<Analysis> {
    let start = Branch {
        alt: Alternative { categories: None, priorities: None, levels: None, moment: None, guard: Vec::new() },
        choices: Vec::new(),
        narrowed: [Vec::new(), Vec::new(), Vec::new()],
        conflict: None,
    };
    let branches = expand(text, when, true, vec![start], names)?;
    let (live, dead): (Vec<Branch>, Vec<Branch>) = branches.into_iter().partition(|b| b.conflict.is_none());
    let mut warnings = Vec::new();
    if live.is_empty() {
        if let Some(c) = dead.first().and_then(|b| b.conflict.as_ref()) {
            let e =
                RuleError::at(text, trimmed(text, when.span), format!("the rule \"{name}\" never acts: {}", c.what));
            warnings.push(match &c.hint {
                Some(h) => e.with_hint(h.clone()),
                None => e,
            });
        }
    } else {
        let taken: Vec<(usize, usize)> = live.iter().flat_map(|b| b.choices.iter().copied()).collect();
        dead_parts(text, when, true, &taken, &dead, &mut warnings);
    }
    Some(Analysis { live, warnings })
}

/// The parts of disjunctions no live alternative went through, outermost first.
fn dead_parts(
    text: &str,
    expr: &Spanned<Expr>,
    positive: bool,
    taken: &[(usize, usize)],
    dead: &[Branch],
    out: &mut Vec<RuleError>,
) {
    match (&expr.value, positive) {
        (Expr::Not(inner), _) => dead_parts(text, inner, !positive, taken, dead, out),
        (Expr::And(parts), true) | (Expr::Or(parts), false) => {
            for p in parts {
                dead_parts(text, p, positive, taken, dead, out);
            }
        }
        (Expr::Or(parts), true) | (Expr::And(parts), false) => {
            for p in parts {
                let id = (p.span.start, p.span.end);
                if taken.contains(&id) {
                    dead_parts(text, p, positive, taken, dead, out);
                    continue;
                }
                let Some(c) = dead.iter().find(|b| b.choices.contains(&id)).and_then(|b| b.conflict.as_ref()) else {
                    continue;
                };
                let e = RuleError::at(
                    text,
                    trimmed(text, p.span),
                    format!("this part of the condition never holds: {}", c.what),
                );
                out.push(e.with_hint(match &c.hint {
                    Some(h) => format!("{h}; the other parts can hold, so the rule still acts through them"),
                    None => "the other parts can hold, so the rule still acts through them".to_string(),
                }));
            }
        }
        (Expr::Test(_), _) => {}
    }
}

/// `span` without the spaces after its last word.
fn trimmed(text: &str, span: Span) -> Span {
    let end = text.get(span.start..span.end).map_or(span.end, |s| span.start + s.trim_end().len());
    Span { start: span.start, end }
}

/// The branches under which `expr` (or its negation) holds, each narrowing one of `base`; a dead
/// branch goes on as it is.
fn expand(
    text: &str,
    expr: &Spanned<Expr>,
    positive: bool,
    base: Vec<Branch>,
    names: &Vocabulary<'_>,
) -> Option<Vec<Branch>> {
    let out = match (&expr.value, positive) {
        (Expr::Not(inner), _) => expand(text, inner, !positive, base, names)?,
        (Expr::And(parts), true) | (Expr::Or(parts), false) => {
            let mut branches = base;
            for p in parts {
                branches = expand(text, p, positive, branches, names)?;
            }
            branches
        }
        (Expr::Or(parts), true) | (Expr::And(parts), false) => {
            let (mut out, live): (Vec<Branch>, Vec<Branch>) = base.into_iter().partition(|b| b.conflict.is_some());
            for p in parts {
                let mut branches = live.clone();
                for b in &mut branches {
                    b.choices.push((p.span.start, p.span.end));
                }
                out.extend(expand(text, p, positive, branches, names)?);
                if out.len() > MAX_BRANCHES {
                    return None;
                }
            }
            out
        }
        (Expr::Test(t), _) => {
            let mut out = Vec::with_capacity(base.len());
            for b in base {
                out.push(if b.conflict.is_some() { b } else { step(text, b, t, expr.span, positive, names)? });
            }
            out
        }
    };
    Some(out)
}

/// One branch narrowed by one test, dead if nothing is left.
fn step(text: &str, mut b: Branch, t: &Test, span: Span, positive: bool, names: &Vocabulary<'_>) -> Option<Branch> {
    let axis = match t {
        Test::Category(_) => Some(0),
        Test::Priority(_) | Test::PriorityAtLeast(_) => Some(1),
        Test::Level(_) => Some(2),
        _ => None,
    };
    let printed = if positive { t.to_string() } else { format!("not {t}") };
    if let Some(a) = axis {
        b.narrowed[a].push((span, printed));
    }
    match narrow(text, b.alt.clone(), t, span, positive, names).ok()? {
        Some(alt) => {
            b.alt = alt;
            b.conflict = conflict(text, &b.alt, names);
        }
        None => b.conflict = Some(empty_scope(axis?, &b.narrowed[axis?])),
    }
    Some(b)
}

/// The conflict of the tests that left an axis of the scope empty.
fn empty_scope(axis: usize, tests: &[(Span, String)]) -> Conflict {
    let what = ["category", "priority", "level"][axis];
    let texts: Vec<&str> = tests.iter().map(|(_, t)| t.as_str()).collect();
    match texts.as_slice() {
        [one] => Conflict { what: format!("{one} never holds"), hint: Some(format!("it leaves out every {what}")) },
        many => {
            let all = if many.len() == 2 { "both" } else { "all" };
            let positive = many.iter().all(|t| !t.starts_with("not "));
            Conflict {
                what: format!("{} cannot {all} hold", many.join(" and ")),
                hint: positive
                    .then(|| format!("an issue has one {what} at a time; to mean either, write {what} in [...]")),
            }
        }
    }
}

/// Two of the alternative's tests that exclude each other (or the moment and a test), if any.
fn conflict(text: &str, alt: &Alternative, names: &Vocabulary<'_>) -> Option<Conflict> {
    let literals: Vec<(&Test, bool)> = alt.guard.iter().filter_map(literal).collect();
    let printed = |(t, positive): (&Test, bool)| if positive { t.to_string() } else { format!("not {t}") };
    if let Some((moment, span)) = &alt.moment {
        let when = one_line(text.get(span.start..span.end).unwrap_or(""));
        for &l in &literals {
            if excluded_at(moment, l) {
                return Some(Conflict {
                    what: format!("{when} and {} cannot both hold", printed(l)),
                    hint: Some(format!(
                        "the rule is checked at the moment {when} starts to hold, and {} does not hold then",
                        printed(l)
                    )),
                });
            }
        }
    }
    for (i, &a) in literals.iter().enumerate() {
        if let (Test::Count { compare, value, .. }, positive) = a
            && bound(*compare, positive, f64::from(value.value))
                .1
                .is_some_and(|(v, strict)| v < 0.0 || (v == 0.0 && strict))
        {
            return Some(Conflict {
                what: format!("{} never holds", printed(a)),
                hint: Some("a count is never below 0".into()),
            });
        }
        for &b in &literals[i + 1..] {
            if exclusive(a, b, names) {
                return Some(Conflict {
                    what: format!("{} and {} cannot both hold", printed(a), printed(b)),
                    hint: None,
                });
            }
        }
    }
    None
}

/// A guard's literal: a test, or a negated one.
fn literal(e: &Expr) -> Option<(&Test, bool)> {
    match e {
        Expr::Test(t) => Some((t, true)),
        Expr::Not(inner) => match &inner.value {
            Expr::Test(t) => Some((t, false)),
            _ => None,
        },
        _ => None,
    }
}

/// A bound as `(lower, upper)`, each `(value, strict)`: what `x compare value` (or its negation) says of x.
type Bounds = (Option<(f64, bool)>, Option<(f64, bool)>);

fn bound(compare: Compare, positive: bool, value: f64) -> Bounds {
    let compare = if positive {
        compare
    } else {
        match compare {
            Compare::Greater => Compare::AtMost,
            Compare::AtLeast => Compare::Less,
            Compare::Less => Compare::AtLeast,
            Compare::AtMost => Compare::Greater,
        }
    };
    match compare {
        Compare::Greater => (Some((value, true)), None),
        Compare::AtLeast => (Some((value, false)), None),
        Compare::Less => (None, Some((value, true))),
        Compare::AtMost => (None, Some((value, false))),
    }
}

/// Two bounds on the same quantity leave nothing between them.
fn disjoint(a: Bounds, b: Bounds) -> bool {
    let apart = |lo: Option<(f64, bool)>, hi: Option<(f64, bool)>| match (lo, hi) {
        (Some((l, ls)), Some((h, hs))) => l > h || (l == h && (ls || hs)),
        _ => false,
    };
    apart(a.0, b.1) || apart(b.0, a.1)
}

/// At the moment a time or SLA share passes its limit it is that limit: whether the literal
/// (about the same time on the same calendar, or the same share) is then false.
fn excluded_at(moment: &Moment, (t, positive): (&Test, bool)) -> bool {
    let at = match (moment, t) {
        (Moment::Waiting(ms, c), Test::Time { measure: Measure::Waiting, .. })
        | (Moment::TimeAtLevel(ms, c), Test::Time { measure: Measure::TimeAtLevel, .. })
        | (Moment::Age { ms, calendar: c }, Test::Time { measure: Measure::Age, .. }) => {
            let Test::Time { limit, calendar, .. } = t else { return false };
            let same = match (c, calendar) {
                (None, None) => !limit.value.business,
                (Some(a), Some(b)) => limit.value.business && *a == b.value,
                _ => false,
            };
            if !same {
                return false;
            }
            *ms as f64
        }
        (Moment::Sla { target, fraction }, Test::SlaElapsed { target: clock, .. }) => {
            let same = matches!(
                (target, clock),
                (crate::engine::document::SlaTarget::FirstResponse, SlaClock::Response)
                    | (crate::engine::document::SlaTarget::Resolution, SlaClock::Resolution)
            );
            if !same {
                return false;
            }
            fraction * 100.0
        }
        _ => return false,
    };
    let (compare, value) = match t {
        Test::Time { compare, limit, .. } => (*compare, limit.value.ms as f64),
        Test::SlaElapsed { compare, percent, .. } => (*compare, percent.value),
        _ => return false,
    };
    let (lo, hi) = bound(compare, positive, value);
    // A lower bound equal to the limit is left alone: whether the moment falls on the limit or
    // just past it is the simulation's business.
    lo.is_some_and(|(v, _)| v > at) || hi.is_some_and(|(v, strict)| v < at || (v == at && strict))
}

/// Two literals no issue meets at once.
fn exclusive((a, pa): (&Test, bool), (b, pb): (&Test, bool), names: &Vocabulary<'_>) -> bool {
    if a == b {
        return pa != pb;
    }
    match (a, b) {
        (
            Test::Time { measure: ma, compare: ca, limit: la, calendar: ka },
            Test::Time { measure: mb, compare: cb, limit: lb, calendar: kb },
        ) => {
            let calendar = |k: &Option<Spanned<String>>| k.as_ref().map(|n| n.value.clone());
            ma == mb
                && la.value.business == lb.value.business
                && calendar(ka) == calendar(kb)
                && disjoint(bound(*ca, pa, la.value.ms as f64), bound(*cb, pb, lb.value.ms as f64))
        }
        (
            Test::SlaElapsed { target: ta, compare: ca, percent: va },
            Test::SlaElapsed { target: tb, compare: cb, percent: vb },
        ) => ta == tb && disjoint(bound(*ca, pa, va.value), bound(*cb, pb, vb.value)),
        (Test::Count { counter: na, compare: ca, value: va }, Test::Count { counter: nb, compare: cb, value: vb }) => {
            // Counts are whole numbers: > 1 and < 2 leave nothing.
            let whole = |(lo, hi): Bounds| {
                (
                    lo.map(|(v, strict)| (if strict { v + 1.0 } else { v }, false)),
                    hi.map(|(v, strict)| (if strict { v - 1.0 } else { v }, false)),
                )
            };
            na == nb && disjoint(whole(bound(*ca, pa, f64::from(va.value))), whole(bound(*cb, pb, f64::from(vb.value))))
        }
        (Test::Attribute { name: na, values: va }, Test::Attribute { name: nb, values: vb }) if na == nb => {
            let within = |x: &[Spanned<String>], y: &[Spanned<String>]| x.iter().all(|v| y.contains(v));
            match (pa, pb) {
                // One value each: two lists with none in common.
                (true, true) => !va.iter().any(|v| vb.contains(v)),
                (true, false) => within(va, vb),
                (false, true) => within(vb, va),
                (false, false) => false,
            }
        }
        (Test::InBusinessHours(ka), Test::InBusinessHours(kb)) => {
            // Without a name, the scenario's only calendar.
            let only = |k: &Option<Spanned<String>>| match (k, names.calendars) {
                (Some(n), _) => Some(n.value.clone()),
                (None, [one]) => Some(one.clone()),
                (None, _) => None,
            };
            pa != pb && only(ka).is_some() && only(ka) == only(kb)
        }
        _ => false,
    }
}
