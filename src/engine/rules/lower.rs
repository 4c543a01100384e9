//! Rules compiled to the trigger representation the matrix and the trigger list use (the
//! reverse direction, triggers as the rules they mean, is `as_rules`).
//!
//! A rule's condition is brought to disjunctive normal form; each alternative must name exactly
//! one moment at which the rule is checked (a waiting time, an age, a share of an SLA target, or
//! a service that ends unresolved: each a scheduled event in the simulation, never polled), and
//! may narrow the issues it applies to by category, priority and level. Alternatives that differ
//! only in priority and wait time become one per-priority queue-wait trigger, as the matrix
//! writes them. Conditions and actions the simulation does not model yet are reported at their
//! span, never dropped.

use std::collections::BTreeMap;

use super::parse::RuleError;
use super::syntax::*;
use crate::engine::document::{ActionDoc, ConditionDoc, SlaTarget, TriggerDoc};
use crate::engine::problem::near_match;
use crate::engine::time::format_duration;

/// The names a rule text may use, as the scenario declares them.
pub struct Vocabulary<'a> {
    pub levels: &'a [String],
    pub categories: &'a [String],
    pub priorities: &'a [String],
    /// Business calendars (not the always-open one).
    pub calendars: &'a [String],
    pub attributes: &'a [String],
    pub tags: &'a [String],
}

/// Triggers compiled from rules, each with the span of the rule it came from.
#[derive(Debug, Default)]
pub struct Lowered {
    pub triggers: Vec<TriggerDoc>,
    pub origins: Vec<Span>,
    /// Rules that compile but can never act.
    pub warnings: Vec<RuleError>,
}

/// Alternatives beyond this many make a condition too complex to compile.
const MAX_ALTERNATIVES: usize = 64;

/// One alternative of a condition: who it applies to and the moment it is checked.
#[derive(Clone)]
struct Alternative {
    categories: Option<Vec<bool>>,
    priorities: Option<Vec<bool>>,
    levels: Option<Vec<bool>>,
    moment: Option<(Moment, Span)>,
    /// What else must hold at the moment (attributes, counts, business hours, times below a
    /// limit): checked by the simulation when the moment comes.
    guard: Vec<Expr>,
}

impl Alternative {
    /// The guard as a trigger's `only_if` text.
    fn only_if(&self) -> Option<String> {
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
enum Moment {
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

pub fn lower(text: &str, file: &RuleFile, names: &Vocabulary<'_>) -> Result<Lowered, Vec<RuleError>> {
    let mut out = Lowered::default();
    let mut errors = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for set in &file.sets {
        // First match: what earlier rules of the set cover at the same moment, later ones leave.
        let mut taken: Vec<Alternative> = Vec::new();
        for rule in &set.rules {
            if seen.contains(&rule.name.value.as_str()) {
                errors.push(
                    RuleError::at(text, rule.name.span, format!("a rule named \"{}\" comes earlier", rule.name.value))
                        .with_hint("give each rule its own name"),
                );
            }
            seen.push(&rule.name.value);
            let first_match = (set.hit == HitPolicy::First).then_some(&mut taken);
            match lower_rule(text, rule, names, first_match) {
                Ok(triggers) if triggers.is_empty() => out.warnings.push(
                    RuleError::at(text, rule.name.span, format!("the rule \"{}\" never acts", rule.name.value))
                        .with_hint("earlier rules of this first-match set act on every issue it applies to, at the same moment"),
                ),
                Ok(triggers) => {
                    let span = Span {
                        start: rule.name.span.start,
                        end: rule.then.last().map_or(rule.name.span.end, |a| a.span.end),
                    };
                    out.origins.extend(std::iter::repeat_n(span, triggers.len()));
                    out.triggers.extend(triggers);
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

fn lower_rule(
    text: &str,
    rule: &Rule,
    names: &Vocabulary<'_>,
    taken: Option<&mut Vec<Alternative>>,
) -> Result<Vec<TriggerDoc>, Vec<RuleError>> {
    let mut errors = Vec::new();
    check_names(text, &rule.when, names, &mut errors);
    let actions: Vec<(ActionDoc, Option<String>)> =
        rule.then.iter().filter_map(|a| action(text, a, names, &mut errors)).collect();
    // A wrong name or an action out of reach says enough; the condition's shape comes next time.
    if !errors.is_empty() {
        return Err(errors);
    }
    let start = Alternative { categories: None, priorities: None, levels: None, moment: None, guard: Vec::new() };
    let alternatives = match alternatives(text, &rule.when, true, vec![start], names) {
        Ok(a) => a,
        Err(e) => {
            errors.push(e);
            Vec::new()
        }
    };
    // A condition without a moment is checked when the issue arrives: there it can route the
    // issue (route to) and notify; the other actions need a level to act from.
    let at_arrival = rule.then.iter().all(|a| {
        matches!(
            a.value,
            Action::RouteTo(_) | Action::Notify { cost: None, .. } | Action::SetPriority(_) | Action::RaisePriority
        )
    });
    let mut alternatives = alternatives;
    for alt in &mut alternatives {
        if alt.moment.is_none() {
            if at_arrival {
                alt.moment = Some((Moment::Entry, rule.when.span));
            } else {
                errors.push(
                    RuleError::at(text, rule.when.span, "this condition names no moment at which to check it")
                        .with_hint("add one of: waiting > 30m, age > 24h, sla.resolution.elapsed >= 80%, service ends unresolved; or route to a level on arrival"),
                );
                break;
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let alternatives = match taken {
        Some(taken) => {
            let left: Vec<Alternative> = alternatives.iter().flat_map(|a| leave(a, taken, names)).collect();
            taken.extend(alternatives);
            left
        }
        None => alternatives,
    };
    let whens = merge(&alternatives, names);
    let mut out = Vec::new();
    let many = whens.len() * actions.len() > 1;
    for (alt, when) in &whens {
        for (then, cost) in &actions {
            let name = if many { format!("{} #{}", rule.name.value, out.len() + 1) } else { rule.name.value.clone() };
            out.push(TriggerDoc {
                name,
                when: when.clone(),
                then: then.clone(),
                categories: list(&alt.categories, names.categories),
                priorities: list(&alt.priorities, names.priorities),
                levels: list(&alt.levels, names.levels),
                only_if: alt.only_if(),
                cost: cost.clone(),
                calendar: match &alt.moment {
                    Some((Moment::Waiting(_, c) | Moment::TimeAtLevel(_, c), _)) => c.clone(),
                    _ => None,
                },
            });
        }
    }
    Ok(out)
}

/// The parts of `alt` that no alternative in `taken` with the same moment covers: a first-match
/// rule set lets a rule act only where no earlier rule of the set acts at the same moment.
/// Scopes are boxes (categories x priorities x levels), so what is left is a few boxes.
fn leave(alt: &Alternative, taken: &[Alternative], names: &Vocabulary<'_>) -> Vec<Alternative> {
    let moment = |a: &Alternative| a.moment.as_ref().map(|(m, _)| m.clone());
    let mut left = vec![alt.clone()];
    for t in taken.iter().filter(|t| moment(t) == moment(alt)) {
        left = left.into_iter().flat_map(|a| subtract(&a, t, names)).collect();
    }
    left
}

fn subtract(a: &Alternative, b: &Alternative, names: &Vocabulary<'_>) -> Vec<Alternative> {
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
            masks.push(if j < k {
                and(x, y)
            } else if j == k {
                but(x, y)
            } else {
                x.clone()
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

fn list(mask: &Option<Vec<bool>>, names: &[String]) -> Option<Vec<String>> {
    mask.as_ref().map(|m| names.iter().zip(m).filter(|&(_, &on)| on).map(|(n, _)| n.clone()).collect())
}

/// Alternatives that differ only in priority and queue-wait time become one trigger with a
/// per-priority map; the rest become one trigger each.
fn merge(alternatives: &[Alternative], names: &Vocabulary<'_>) -> Vec<(Alternative, ConditionDoc)> {
    if alternatives.is_empty() {
        return Vec::new();
    }
    // The per-priority thresholds of a wait or time-at-level moment, with the kind of condition.
    let per_priority = |m: &Moment| match m {
        Moment::Waiting(ms, calendar) => Some((false, *ms, calendar.clone())),
        Moment::TimeAtLevel(ms, calendar) => Some((true, *ms, calendar.clone())),
        _ => None,
    };
    let condition = |at_level: bool, map: BTreeMap<String, String>| {
        if at_level { ConditionDoc::TimeAtLevelOver(map) } else { ConditionDoc::QueueWaitOver(map) }
    };
    let kinds: Vec<Option<(bool, u64, Option<String>)>> =
        alternatives.iter().map(|a| a.moment.as_ref().and_then(|(m, _)| per_priority(m))).collect();
    let kind = |k: &Option<(bool, u64, Option<String>)>| k.as_ref().map(|(at_level, _, c)| (*at_level, c.clone()));
    let same_kind = kinds.iter().all(|k| k.is_some() && kind(k) == kind(&kinds[0]));
    let same_scope = alternatives
        .windows(2)
        .all(|w| w[0].categories == w[1].categories && w[0].levels == w[1].levels && w[0].guard == w[1].guard);
    if same_kind && same_scope {
        let mut per: BTreeMap<usize, u64> = BTreeMap::new();
        let mut disjoint = true;
        for (a, k) in alternatives.iter().zip(&kinds) {
            let Some((_, ms, _)) = *k else { continue };
            for (p, _) in names.priorities.iter().enumerate() {
                if a.priorities.as_ref().is_none_or(|m| m[p]) && per.insert(p, ms).is_some() {
                    disjoint = false;
                }
            }
        }
        if disjoint {
            let map = per.iter().map(|(&p, &ms)| (names.priorities[p].clone(), format_duration(ms))).collect();
            let mut alt = alternatives[0].clone();
            // The map names the priorities; a scope would only repeat it.
            alt.priorities = None;
            return vec![(alt, condition(kinds[0].as_ref().expect("same kind").0, map))];
        }
    }
    alternatives
        .iter()
        .map(|a| {
            let (moment, _) = a.moment.clone().expect("checked above");
            if let Some((at_level, ms, _)) = per_priority(&moment) {
                let map = names
                    .priorities
                    .iter()
                    .enumerate()
                    .filter(|&(p, _)| a.priorities.as_ref().is_none_or(|m| m[p]))
                    .map(|(_, n)| (n.clone(), format_duration(ms)))
                    .collect();
                return (Alternative { priorities: None, ..a.clone() }, condition(at_level, map));
            }
            let when = match moment {
                Moment::ServiceEndsUnresolved => ConditionDoc::NotResolved {},
                Moment::Arrival => ConditionDoc::OnArrival { and_level_changes: false },
                Moment::Entry => ConditionDoc::OnArrival { and_level_changes: true },
                Moment::Age { ms, calendar } => ConditionDoc::OpenLongerThan { after: format_duration(ms), calendar },
                Moment::Sla { target, fraction } => ConditionDoc::SlaElapsed { target, fraction },
                Moment::Waiting(..) | Moment::TimeAtLevel(..) => unreachable!("handled above"),
            };
            (a.clone(), when)
        })
        .collect()
}

/// The alternatives under which `expr` (or its negation, when `positive` is false) holds,
/// each narrowing one of `base`.
fn alternatives(
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
fn narrow(
    text: &str,
    mut alt: Alternative,
    test: &Test,
    span: Span,
    positive: bool,
    names: &Vocabulary<'_>,
) -> Result<Option<Alternative>, RuleError> {
    let set_moment = |alt: &mut Alternative, m: Moment| {
        if let Some((_, first)) = &alt.moment {
            let (line, _) = super::parse::line_column(text, first.start);
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
            narrow_mask(&mut alt.priorities, names.priorities, &upto, positive)
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
            )?
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
            alt.guard.push(literal(test, positive))
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
fn time_calendar(
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

fn literal(test: &Test, positive: bool) -> Expr {
    let e = Expr::Test(test.clone());
    if positive { e } else { Expr::Not(Box::new(Spanned::new(e, Span::default()))) }
}

fn narrow_mask(mask: &mut Option<Vec<bool>>, known: &[String], list: &[Name], positive: bool) {
    let m = mask.get_or_insert_with(|| vec![true; known.len()]);
    for (i, n) in known.iter().enumerate() {
        let named = list.iter().any(|x| x.value == *n);
        m[i] &= named == positive;
    }
    if m.iter().all(|&on| on) {
        *mask = None;
    }
}

/// A rule's action as a trigger's, with the time a notification costs.
fn action(
    text: &str,
    a: &Spanned<Action>,
    names: &Vocabulary<'_>,
    errors: &mut Vec<RuleError>,
) -> Option<(ActionDoc, Option<String>)> {
    let level =
        |n: &Name, errors: &mut Vec<RuleError>| known(text, n, names.levels, "level", errors).then(|| n.value.clone());
    let plain = |d: Option<ActionDoc>| d.map(|d| (d, None));
    match &a.value {
        Action::EscalateNext => plain(Some(ActionDoc::EscalateNext)),
        Action::EscalateTo(n) => plain(level(n, errors).map(ActionDoc::EscalateTo)),
        Action::Notify { role, cost } => {
            level(role, errors).map(|l| (ActionDoc::Notify(l), cost.as_ref().map(|c| c.value.to_string())))
        }
        // On arrival the issue starts there; later, it moves there.
        Action::RouteTo(n) => plain(level(n, errors).map(ActionDoc::EscalateTo)),
        Action::SetPriority(p) => {
            plain(known(text, p, names.priorities, "priority", errors).then(|| ActionDoc::SetPriority(p.value.clone())))
        }
        Action::RaisePriority => plain(Some(ActionDoc::RaisePriority)),
        Action::PauseSla => plain(Some(ActionDoc::PauseSla)),
        Action::ResumeSla => plain(Some(ActionDoc::ResumeSla)),
        Action::CloseResolved => plain(Some(ActionDoc::Close)),
    }
}

fn check_names(text: &str, expr: &Spanned<Expr>, names: &Vocabulary<'_>, errors: &mut Vec<RuleError>) {
    match &expr.value {
        Expr::Or(parts) | Expr::And(parts) => parts.iter().for_each(|p| check_names(text, p, names, errors)),
        Expr::Not(inner) => check_names(text, inner, names, errors),
        Expr::Test(t) => match t {
            Test::Category(list) => list.iter().for_each(|n| {
                known(text, n, names.categories, "category", errors);
            }),
            Test::Priority(list) => list.iter().for_each(|n| {
                known(text, n, names.priorities, "priority", errors);
            }),
            Test::PriorityAtLeast(n) => {
                known(text, n, names.priorities, "priority", errors);
            }
            Test::Level(list) => list.iter().for_each(|n| {
                known(text, n, names.levels, "level", errors);
            }),
            Test::Attribute { name, .. } if !names.attributes.contains(&name.value) => {
                // A misspelt keyword reads as an attribute: say so first.
                let near_keyword = near_match(&name.value, KEYWORDS.iter().copied());
                let mut e = RuleError::at(text, name.span, format!("unknown attribute \"{}\"", name.value));
                e = match (near_match(&name.value, names.attributes.iter().map(String::as_str)), near_keyword) {
                    (Some(a), _) => e.with_hint(format!("did you mean \"{a}\"?")),
                    (None, Some(k)) => e.with_hint(format!("did you mean \"{k}\"?")),
                    (None, None) if names.attributes.is_empty() => e.with_hint("the scenario declares no attributes"),
                    (None, None) => e.with_hint(format!("attributes: {}", names.attributes.join(", "))),
                };
                errors.push(e);
            }
            Test::Tag(t) => {
                known(text, t, names.tags, "tag", errors);
            }
            Test::InBusinessHours(Some(c)) | Test::Time { calendar: Some(c), .. } => {
                known(text, c, names.calendars, "calendar", errors);
            }
            _ => {}
        },
    }
}

/// Whether `n` is one of `known`; if not, records an error with the nearest name.
fn known(text: &str, n: &Name, known: &[String], what: &str, errors: &mut Vec<RuleError>) -> bool {
    if known.contains(&n.value) {
        return true;
    }
    let e = RuleError::at(text, n.span, format!("unknown {what} \"{}\"", n.value));
    errors.push(match near_match(&n.value, known.iter().map(String::as_str)) {
        Some(k) => e.with_hint(format!("did you mean \"{k}\"?")),
        None if known.is_empty() => e.with_hint(format!("the scenario has no {what}")),
        None => e.with_hint(format!("{what} names: {}", known.join(", "))),
    });
    false
}
