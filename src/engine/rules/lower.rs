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
//!
//! Rules that compile but can never act, or act in part only, are warned (`contradiction`: a
//! condition, or part of one, no issue meets; `shadowing`: a rule of a first-match set that
//! earlier rules leave nothing; a rule of an all-match set written twice). What each rule applies
//! to is kept (`scopes`) for the checks that need the whole scenario (validation's rule warnings).

use std::collections::BTreeMap;

use super::fix::Fix;
use super::parse::RuleError;
use super::syntax::{Action, Expr, HitPolicy, KEYWORDS, Measure, Name, Rule, RuleFile, Span, Spanned, Test};
use crate::engine::document::{ActionDoc, ConditionDoc, TriggerDoc};
use crate::engine::order;
use crate::engine::problem::near_match;
use crate::engine::time::format_duration;
use alternatives::{Alternative, Moment, alternatives, leave, list};

mod alternatives;
mod contradiction;
mod shadowing;

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
    /// Rules that compile but can never act, and conditions (or parts of them) that never hold.
    pub warnings: Vec<RuleError>,
    /// What each rule that compiled applies to, alternative by alternative, in written order.
    pub scopes: Vec<RuleScope>,
    /// The rules of first-match sets that earlier rules of their set act before, in full or in
    /// part, in written order.
    pub shadowing: Vec<Shadowing>,
}

/// What a rule applies to: the alternatives of its condition that can hold.
#[derive(Debug, Clone)]
pub struct RuleScope {
    pub rule: String,
    /// The rule's name, where it is written.
    pub span: Span,
    pub alternatives: Vec<Scope>,
}

/// One alternative of a rule's condition: the issues it applies to (`None`: all; else a mark
/// per name, in the vocabulary's order) and the time it waits for, if any.
#[derive(Debug, Clone)]
pub struct Scope {
    pub categories: Option<Vec<bool>>,
    pub priorities: Option<Vec<bool>>,
    pub levels: Option<Vec<bool>>,
    /// Where the tests on the level are written.
    pub level_tests: Vec<Span>,
    pub timer: Option<Timer>,
}

/// A time over a limit that a rule waits for: `waiting > 10h`, `age > 16bh on "office"`.
#[derive(Debug, Clone)]
pub struct Timer {
    pub measure: Measure,
    /// The limit in ms, of business time when `calendar` is named.
    pub ms: u64,
    pub calendar: Option<String>,
    pub span: Span,
}

/// A rule of a first-match set and the earlier rules of its set that act first on some of the
/// issues it applies to, at the same moment (`full`: on all of them, so it never acts).
#[derive(Debug, Clone)]
pub struct Shadowing {
    pub rule: String,
    pub span: Span,
    pub by: Vec<Shadower>,
    pub full: bool,
}

/// An earlier rule that acts first: its name, where the name is written, and its line.
#[derive(Debug, Clone)]
pub struct Shadower {
    pub rule: String,
    pub span: Span,
    pub line: usize,
}

pub fn lower(text: &str, file: &RuleFile, names: &Vocabulary<'_>) -> Result<Lowered, Vec<RuleError>> {
    let mut out = Lowered::default();
    let mut errors = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for set in &file.sets {
        // First match: what earlier rules of the set cover at the same moment, later ones leave.
        let mut taken: Vec<Alternative> = Vec::new();
        // The same, of the alternatives that can hold, with their rule: for the warnings.
        let mut earlier: shadowing::Taken = Vec::new();
        let rules: Vec<(String, Span)> = set.rules.iter().map(|r| (r.name.value.clone(), r.name.span)).collect();
        // Each rule's condition and actions as printed, to find a rule written twice.
        let mut written: Vec<(String, &str)> = Vec::new();
        for (index, rule) in set.rules.iter().enumerate() {
            let text_of = format!(
                "{} then {}",
                super::syntax::expr_text(&rule.when.value),
                rule.then.iter().map(|a| a.value.to_string()).collect::<Vec<_>>().join("; ")
            );
            let repeats = written.iter().position(|(w, _)| *w == text_of);
            let duplicate = match repeats {
                Some(i) if set.hit == HitPolicy::All => Some(
                    RuleError::at(
                        text,
                        rule.name.span,
                        format!(
                            "the rule \"{}\" repeats the rule \"{}\": same condition, same actions",
                            rule.name.value, written[i].1
                        ),
                    )
                    .with_hint(
                        "every rule of this set acts, so both act on the same issues at the same moment; remove one",
                    ),
                ),
                _ => None,
            };
            written.push((text_of, &rule.name.value));
            if seen.contains(&rule.name.value.as_str()) {
                errors.push(
                    RuleError::at(text, rule.name.span, format!("a rule named \"{}\" comes earlier", rule.name.value))
                        .with_hint("give each rule its own name"),
                );
            }
            seen.push(&rule.name.value);
            let first_match = (set.hit == HitPolicy::First).then_some(&mut taken);
            match lower_rule(text, rule, names, first_match) {
                Ok(triggers) => {
                    let analysis = contradiction::analyse(text, &rule.name.value, &rule.when, names);
                    let never = analysis.as_ref().is_some_and(contradiction::Analysis::never);
                    let live: Vec<Alternative> = analysis
                        .as_ref()
                        .map(|a| a.live.iter().map(|b| b.alt.clone()).map(at_entry).collect())
                        .unwrap_or_default();
                    out.warnings.extend(duplicate.filter(|_| !never));
                    let mut full = false;
                    if set.hit == HitPolicy::First {
                        let (by, all) = shadowing::shadowers(&live, &earlier, names);
                        full = all;
                        let by = shadowing::named(text, &rules, &by);
                        if full {
                            out.warnings.push(shadowing::warning(
                                text,
                                rule,
                                &by,
                                repeats.map(|i| rules[i].0.as_str()),
                            ));
                        }
                        if !by.is_empty() {
                            out.shadowing.push(Shadowing {
                                rule: rule.name.value.clone(),
                                span: rule.name.span,
                                by,
                                full,
                            });
                        }
                        earlier.extend(live.iter().cloned().map(|a| (a, index)));
                    }
                    if let Some(a) = &analysis {
                        out.warnings.extend(a.warnings.iter().cloned());
                        out.scopes.push(scope_of(rule, a));
                    }
                    if triggers.is_empty() && !never && !full {
                        out.warnings.push(
                            RuleError::at(text, rule.name.span, format!("the rule \"{}\" never acts", rule.name.value))
                                .with_hint("earlier rules of this first-match set act on every issue it applies to, at the same moment"),
                        );
                    }
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

/// An alternative without a moment is checked on arrival and at each level change (lowering
/// refuses one whose actions cannot act then).
fn at_entry(mut a: Alternative) -> Alternative {
    if a.moment.is_none() {
        a.moment = Some((Moment::Entry, Span::default()));
    }
    a
}

/// What a rule applies to, from its alternatives that can hold.
fn scope_of(rule: &Rule, analysis: &contradiction::Analysis) -> RuleScope {
    let alternatives = analysis
        .live
        .iter()
        .map(|b| {
            let a = &b.alt;
            let timer = match &a.moment {
                Some((Moment::Waiting(ms, calendar), span)) => Some((Measure::Waiting, *ms, calendar, *span)),
                Some((Moment::TimeAtLevel(ms, calendar), span)) => Some((Measure::TimeAtLevel, *ms, calendar, *span)),
                Some((Moment::Age { ms, calendar }, span)) => Some((Measure::Age, *ms, calendar, *span)),
                _ => None,
            };
            Scope {
                categories: a.categories.clone(),
                priorities: a.priorities.clone(),
                levels: a.levels.clone(),
                level_tests: b.narrowed[2].iter().map(|(s, _)| *s).collect(),
                timer: timer.map(|(measure, ms, calendar, span)| Timer {
                    measure,
                    ms,
                    calendar: calendar.clone(),
                    span,
                }),
            }
        })
        .collect();
    RuleScope { rule: rule.name.value.clone(), span: rule.name.span, alternatives }
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
            let map = order::map_of(per.iter().map(|(&p, &ms)| (names.priorities[p].clone(), format_duration(ms))));
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
                let map = order::map_of(
                    names
                        .priorities
                        .iter()
                        .enumerate()
                        .filter(|&(p, _)| a.priorities.as_ref().is_none_or(|m| m[p]))
                        .map(|(_, n)| (n.clone(), format_duration(ms))),
                );
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
        Action::HoldSla => plain(Some(ActionDoc::HoldSla)),
        Action::ResumeSla => plain(Some(ActionDoc::ResumeSla)),
        Action::CloseResolved => plain(Some(ActionDoc::Close)),
        Action::LoopBack { to, times } => {
            plain(level(to, errors).map(|to| ActionDoc::LoopBack { to, times: times.value }))
        }
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
                let span = (name.span.start, name.span.end);
                let quoted = text.as_bytes().get(span.0) == Some(&b'"');
                e = match (near_match(&name.value, names.attributes.iter().map(String::as_str)), near_keyword) {
                    (Some(a), _) => e
                        .with_hint(format!("did you mean \"{a}\"?"))
                        .with_fix(Some(Fix::use_attribute(span, a, quoted))),
                    (None, Some(k)) if !quoted => {
                        e.with_hint(format!("did you mean \"{k}\"?")).with_fix(Some(Fix::use_keyword(span, k)))
                    }
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
        Some(k) => {
            e.with_hint(format!("did you mean \"{k}\"?")).with_fix(Some(Fix::use_name((n.span.start, n.span.end), k)))
        }
        None if known.is_empty() => e.with_hint(format!("the scenario has no {what}")),
        None => e.with_hint(format!("{what} names: {}", known.join(", "))),
    });
    false
}
