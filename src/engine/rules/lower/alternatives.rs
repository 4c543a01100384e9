//! A rule's condition as alternatives (disjunctive normal form): each a scope (categories x
//! priorities x levels), the one moment it is checked at, and a guard of what else must hold
//! then; and the scopes a first-match set leaves a later rule (a box minus boxes is a few boxes).

use super::Vocabulary;
use crate::engine::document::SlaTarget;
use crate::engine::rules::parse::RuleError;
use crate::engine::rules::syntax::{Compare, Duration, Expr, Measure, Name, SlaClock, Span, Spanned, Test, expr_text};

/// Alternatives beyond this many make a condition too complex to compile.
const MAX_ALTERNATIVES: usize = 64;

/// One alternative of a condition: who it applies to and the moment it is checked.
#[derive(Clone)]
pub(super) struct Alternative {
    pub(super) categories: Option<Vec<bool>>,
    pub(super) priorities: Option<Vec<bool>>,
    pub(super) levels: Option<Vec<bool>>,
    pub(super) moment: Option<(Moment, Span)>,
    /// What else must hold at the moment (attributes, counts, business hours, times below a
    /// limit): checked by the simulation when the moment comes.
    pub(super) guard: Vec<Expr>,
}

impl Alternative {
    /// The guard as a trigger's `only_if` text.
    pub(super) fn only_if(&self) -> Option<String> {
        match self.guard.as_slice() {
            [] => None,
            [one] => Some(expr_text(one)),
            many => {
                Some(expr_text(&Expr::And(many.iter().map(|e| Spanned::new(e.clone(), Span::default())).collect())))
            }
        }
    }
}

#[derive(Clone, PartialEq)]
pub(super) enum Moment {
    /// `arrives`: at arrival only.
    Arrival,
    /// No moment named: at arrival and at each level change.
    Entry,
    /// Time at level (ms) over a limit, counted on a calendar (business time) or the clock.
    TimeAtLevel(u64, Option<String>),
    ServiceEndsUnresolved,
    Waiting(u64, Option<String>),
    Age {
        ms: u64,
        calendar: Option<String>,
    },
    Sla {
        target: SlaTarget,
        fraction: f64,
    },
}

/// The parts of `alt` that no alternative in `taken` with the same moment covers: a first-match
/// rule set lets a rule act only where no earlier rule of the set acts at the same moment.
/// Scopes are boxes (categories x priorities x levels), so what is left is a few boxes.
pub(super) fn leave(alt: &Alternative, taken: &[Alternative], names: &Vocabulary<'_>) -> Vec<Alternative> {
    let moment = |a: &Alternative| a.moment.as_ref().map(|(m, _)| m.clone());
    let mut left = vec![alt.clone()];
    for t in taken.iter().filter(|t| moment(t) == moment(alt)) {
        left = left.into_iter().flat_map(|a| subtract(&a, t, names)).collect();
    }
    left
}

pub(super) fn subtract(a: &Alternative, b: &Alternative, names: &Vocabulary<'_>) -> Vec<Alternative> {
    let full = |m: &Option<Vec<bool>>, n: usize| m.clone().unwrap_or_else(|| vec![true; n]);
    let axes = [
        (full(&a.categories, names.categories.len()), full(&b.categories, names.categories.len())),
        (full(&a.priorities, names.priorities.len()), full(&b.priorities, names.priorities.len())),
        (full(&a.levels, names.levels.len()), full(&b.levels, names.levels.len())),
    ];
    let and = |x: &[bool], y: &[bool]| x.iter().zip(y).map(|(p, q)| *p && *q).collect::<Vec<bool>>();
    let but = |x: &[bool], y: &[bool]| x.iter().zip(y).map(|(p, q)| *p && !*q).collect::<Vec<bool>>();
    if axes.iter().any(|(x, y)| !and(x, y).contains(&true)) {
        return vec![a.clone()];
    }
    // Where b applies only under its guard, a keeps the common box where b's guard fails.
    let unless_b = (!b.guard.is_empty()).then(|| {
        let b_guard = match b.guard.as_slice() {
            [one] => one.clone(),
            many => Expr::And(many.iter().map(|e| Spanned::new(e.clone(), Span::default())).collect()),
        };
        let shrink = |m: Vec<bool>| (!m.iter().all(|&on| on)).then_some(m);
        let mut guard = a.guard.clone();
        guard.push(Expr::Not(Box::new(Spanned::new(b_guard, Span::default()))));
        Alternative {
            categories: shrink(and(&axes[0].0, &axes[0].1)),
            priorities: shrink(and(&axes[1].0, &axes[1].1)),
            levels: shrink(and(&axes[2].0, &axes[2].1)),
            moment: a.moment.clone(),
            guard,
        }
    });
    // a \ b = (a outside b's categories) + (inside them, outside b's priorities) + (inside both,
    // outside b's levels).
    let mut out = Vec::new();
    for k in 0..3 {
        let mut masks: Vec<Vec<bool>> = Vec::new();
        for (j, (x, y)) in axes.iter().enumerate() {
            masks.push(match j.cmp(&k) {
                std::cmp::Ordering::Less => and(x, y),
                std::cmp::Ordering::Equal => but(x, y),
                std::cmp::Ordering::Greater => x.clone(),
            });
        }
        if masks.iter().all(|m| m.contains(&true)) {
            let shrink = |m: Vec<bool>| (!m.iter().all(|&on| on)).then_some(m);
            let mut it = masks.into_iter();
            out.push(Alternative {
                categories: shrink(it.next().expect("three axes")),
                priorities: shrink(it.next().expect("three axes")),
                levels: shrink(it.next().expect("three axes")),
                moment: a.moment.clone(),
                guard: a.guard.clone(),
            });
        }
    }
    out.extend(unless_b);
    out
}

pub(super) fn list(mask: &Option<Vec<bool>>, names: &[String]) -> Option<Vec<String>> {
    mask.as_ref().map(|m| names.iter().zip(m).filter(|&(_, &on)| on).map(|(n, _)| n.clone()).collect())
}

/// The alternatives under which `expr` (or its negation, when `positive` is false) holds,
/// each narrowing one of `base`.
pub(super) fn alternatives(
    text: &str,
    expr: &Spanned<Expr>,
    positive: bool,
    base: Vec<Alternative>,
    names: &Vocabulary<'_>,
) -> Result<Vec<Alternative>, RuleError> {
    let out = match (&expr.value, positive) {
        (Expr::Not(inner), _) => alternatives(text, inner, !positive, base, names)?,
        // and, or not-or: every part narrows every alternative.
        (Expr::And(parts), true) | (Expr::Or(parts), false) => {
            let mut alts = base;
            for p in parts {
                alts = alternatives(text, p, positive, alts, names)?;
            }
            alts
        }
        // or, or not-and: the alternatives of each part, side by side.
        (Expr::Or(parts), true) | (Expr::And(parts), false) => {
            let mut alts = Vec::new();
            for p in parts {
                alts.extend(alternatives(text, p, positive, base.clone(), names)?);
                if alts.len() > MAX_ALTERNATIVES {
                    break;
                }
            }
            alts
        }
        (Expr::Test(t), _) => {
            let mut alts = Vec::new();
            for alt in base {
                if let Some(a) = narrow(text, alt, t, expr.span, positive, names)? {
                    alts.push(a);
                }
            }
            alts
        }
    };
    if out.len() > MAX_ALTERNATIVES {
        return Err(RuleError::at(text, expr.span, "this condition has too many alternatives to compile")
            .with_hint("split it into several rules"));
    }
    Ok(out)
}

/// `alt` narrowed by one test; `None` when nothing is left.
pub(super) fn narrow(
    text: &str,
    mut alt: Alternative,
    test: &Test,
    span: Span,
    positive: bool,
    names: &Vocabulary<'_>,
) -> Result<Option<Alternative>, RuleError> {
    let set_moment = |alt: &mut Alternative, m: Moment| {
        if let Some((_, first)) = &alt.moment {
            let (line, _) = crate::engine::rules::parse::line_column(text, first.start);
            return Err(RuleError::at(text, span, "a rule can be checked at one moment only")
                .with_hint(format!("this one already has a time condition on line {line}; split it into two rules")));
        }
        alt.moment = Some((m, span));
        Ok(())
    };
    match test {
        Test::Category(list) => narrow_mask(&mut alt.categories, names.categories, list, positive),
        Test::Priority(list) => narrow_mask(&mut alt.priorities, names.priorities, list, positive),
        Test::PriorityAtLeast(p) => {
            // Priorities are listed most urgent first.
            let at = names.priorities.iter().position(|n| *n == p.value).unwrap_or(0);
            let upto: Vec<Name> = names.priorities[..=at].iter().map(|n| Spanned::new(n.clone(), p.span)).collect();
            narrow_mask(&mut alt.priorities, names.priorities, &upto, positive);
        }
        Test::Level(list) => narrow_mask(&mut alt.levels, names.levels, list, positive),
        // Rules act on open issues only, so "not resolved" always holds when they are checked.
        Test::Resolved if !positive => {}
        Test::Resolved => {
            return Err(RuleError::at(text, span, "\"resolved\" never holds when a rule is checked")
                .with_hint("rules act on open issues; write \"not resolved\" or leave it out"));
        }
        Test::ServiceEndsUnresolved if positive => set_moment(&mut alt, Moment::ServiceEndsUnresolved)?,
        Test::Arrives if positive => set_moment(&mut alt, Moment::Arrival)?,
        Test::Time { measure, compare: Compare::Greater | Compare::AtLeast, limit, calendar } if positive => {
            let calendar = time_calendar(text, limit, calendar.as_ref(), names)?;
            let ms = limit.value.ms;
            set_moment(
                &mut alt,
                match measure {
                    Measure::Waiting => Moment::Waiting(ms, calendar),
                    Measure::Age => Moment::Age { ms, calendar },
                    Measure::TimeAtLevel => Moment::TimeAtLevel(ms, calendar),
                },
            )?;
        }
        Test::SlaElapsed { target, compare: Compare::Greater | Compare::AtLeast, percent } if positive => {
            if percent.value <= 0.0 {
                return Err(RuleError::at(text, percent.span, "0% of the target has always elapsed")
                    .with_hint("use a share above 0%"));
            }
            let target = match target {
                SlaClock::Response => SlaTarget::FirstResponse,
                SlaClock::Resolution => SlaTarget::Resolution,
            };
            set_moment(&mut alt, Moment::Sla { target, fraction: percent.value / 100.0 })?;
        }
        // Checked when the moment comes: a time below a limit, an SLA share below a limit,
        // attributes, counts, business hours, tags.
        Test::Time { measure, compare, limit, calendar } => {
            // The calendar goes into the check, so that it counts the same business time.
            let calendar = time_calendar(text, limit, calendar.as_ref(), names)?;
            let calendar = calendar.map(|c| Spanned::new(c, limit.span));
            let test = Test::Time { measure: *measure, compare: *compare, limit: limit.clone(), calendar };
            alt.guard.push(literal(&test, positive));
        }
        Test::SlaElapsed { .. } | Test::Attribute { .. } | Test::Count { .. } | Test::InBusinessHours(_) => {
            alt.guard.push(literal(test, positive));
        }
        Test::Arrives | Test::ServiceEndsUnresolved => {
            return Err(RuleError::at(text, span, "a moment cannot be negated")
                .with_hint("name the moment the rule is checked at instead (e.g. waiting > 1h), or leave this test out to check on arrival and at each level change"));
        }
        Test::Tag(_) => alt.guard.push(literal(test, positive)),
    }
    let empty = |m: &Option<Vec<bool>>| m.as_ref().is_some_and(|m| !m.contains(&true));
    Ok((!empty(&alt.categories) && !empty(&alt.priorities) && !empty(&alt.levels)).then_some(alt))
}

/// The calendar a time test counts on: `None` for clock time, else a calendar's name (the one
/// named, or the scenario's only one).
pub(super) fn time_calendar(
    text: &str,
    limit: &Spanned<Duration>,
    calendar: Option<&Name>,
    names: &Vocabulary<'_>,
) -> Result<Option<String>, RuleError> {
    Ok(match (limit.value.business, calendar) {
        (false, None) => None,
        (false, Some(c)) => {
            return Err(RuleError::at(text, c.span, "a calendar only counts business time")
                .with_hint(format!("write the duration in business hours, e.g. {}bh", limit.value.ms / 3_600_000)));
        }
        (true, Some(c)) => Some(c.value.clone()),
        (true, None) => {
            match names.calendars {
                [only] => Some(only.clone()),
                [] => {
                    return Err(RuleError::at(
                        text,
                        limit.span,
                        "business hours need a calendar, and the scenario has none",
                    )
                    .with_hint("add one under SLA & calendars, or count clock time (h instead of bh)"));
                }
                many => {
                    return Err(RuleError::at(text, limit.span, "say whose business hours these are")
                        .with_hint(format!("add on \"{}\" (calendars: {})", many[0], many.join(", "))));
                }
            }
        }
    })
}

pub(super) fn literal(test: &Test, positive: bool) -> Expr {
    let e = Expr::Test(test.clone());
    if positive { e } else { Expr::Not(Box::new(Spanned::new(e, Span::default()))) }
}

pub(super) fn narrow_mask(mask: &mut Option<Vec<bool>>, known: &[String], list: &[Name], positive: bool) {
    let m = mask.get_or_insert_with(|| vec![true; known.len()]);
    for (i, n) in known.iter().enumerate() {
        let named = list.iter().any(|x| x.value == *n);
        m[i] &= named == positive;
    }
    if m.iter().all(|&on| on) {
        *mask = None;
    }
}
