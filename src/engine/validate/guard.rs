//! A trigger's `only_if` condition: parsed with the rule language's condition grammar and
//! resolved against the scenario's names into a `Guard` checked when the trigger's moment comes.

use super::checker::Checker;
use super::sections::Names;
use crate::engine::document::Document;
use crate::engine::model::{Compare, Guard};
use crate::engine::rules::parse::{line_column, parse_condition};
use crate::engine::rules::syntax::{Counter, Expr, Name, Span, Spanned, Test};

/// A trigger's `only_if` condition as a guard checked when its moment comes.
pub(super) fn guard_of(path: &str, text: &str, doc: &Document, names: &Names, c: &mut Checker) -> Option<Guard> {
    let expr = match parse_condition(text) {
        Ok(e) => e,
        Err(e) => {
            c.error(path, format!("{}:{}: {}", e.line, e.column, e.to_string_without_place()));
            return None;
        }
    };
    let mut problems = Vec::new();
    let guard = guard_expr(&expr.value, doc, names, &mut problems);
    for (span, message) in problems {
        let (line, column) = line_column(text, span.start);
        c.error(path, format!("{line}:{column}: {message}"));
    }
    guard
}

fn guard_expr(e: &Expr, doc: &Document, names: &Names, problems: &mut Vec<(Span, String)>) -> Option<Guard> {
    let all = |parts: &[Spanned<Expr>], problems: &mut Vec<(Span, String)>| {
        parts
            .iter()
            .map(|p| guard_expr(&p.value, doc, names, problems))
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Option<Vec<_>>>()
    };
    let mask = |list: &[Name], known: &[String], what: &str, problems: &mut Vec<(Span, String)>| {
        let mut m = vec![false; known.len()];
        let mut ok = true;
        for n in list {
            match known.iter().position(|k| *k == n.value) {
                Some(i) => m[i] = true,
                None => {
                    problems.push((n.span, format!("unknown {what} \"{}\"", n.value)));
                    ok = false;
                }
            }
        }
        ok.then_some(m)
    };
    let compare = |c: &Compare| *c;
    Some(match e {
        Expr::And(parts) => Guard::All(all(parts, problems)?),
        Expr::Or(parts) => Guard::Any(all(parts, problems)?),
        Expr::Not(inner) => Guard::Not(Box::new(guard_expr(&inner.value, doc, names, problems)?)),
        Expr::Test(t) => match t {
            Test::Category(list) => Guard::Category(mask(list, &names.categories, "category", problems)?),
            Test::Priority(list) => Guard::Priority(mask(list, &names.priorities, "priority", problems)?),
            Test::PriorityAtLeast(p) => {
                let at = names.priorities.iter().position(|n| *n == p.value);
                let Some(at) = at else {
                    problems.push((p.span, format!("unknown priority \"{}\"", p.value)));
                    return None;
                };
                Guard::Priority((0..names.priorities.len()).map(|i| i <= at).collect())
            }
            Test::Level(list) => Guard::Level(mask(list, &names.levels, "level", problems)?),
            Test::Attribute { name, values } => {
                let triage = doc.triage.as_ref();
                match (name.value.as_str(), triage) {
                    ("impact", Some(t)) if !names.attributes.contains(&name.value) => {
                        let known = super::triage::impact_names(t);
                        Guard::Impact(mask(values, &known, "impact", problems)?)
                    }
                    ("urgency", Some(t)) if !names.attributes.contains(&name.value) => {
                        let known = super::triage::urgency_names(t);
                        Guard::Urgency(mask(values, &known, "urgency", problems)?)
                    }
                    _ => {
                        let Some(index) = doc.attributes.iter().position(|a| a.name == name.value) else {
                            problems.push((name.span, format!("unknown attribute \"{}\"", name.value)));
                            return None;
                        };
                        let known: Vec<String> = doc.attributes[index].values.keys().cloned().collect();
                        let what = format!("value of \"{}\"", name.value);
                        Guard::Attribute { index, values: mask(values, &known, &what, problems)? }
                    }
                }
            }
            Test::Count { counter: Counter::Escalations, compare: c, value } => {
                Guard::Escalations(compare(c), value.value)
            }
            Test::Count { counter: Counter::Reopens, compare: c, value } => Guard::Reopens(compare(c), value.value),
            Test::Time { measure, compare: c, limit, calendar } => {
                let calendar = match (calendar, limit.value.business) {
                    (None, false) => 0,
                    (Some(n), true) => match names.calendars.iter().position(|k| *k == n.value) {
                        Some(i) => i,
                        None => {
                            problems.push((n.span, format!("unknown calendar \"{}\"", n.value)));
                            return None;
                        }
                    },
                    // The scenario's only business calendar.
                    (None, true) if names.calendars.len() == 2 => 1,
                    (None, true) => {
                        problems.push((limit.span, "say whose business hours these are (on \"calendar\")".into()));
                        return None;
                    }
                    (Some(n), false) => {
                        problems.push((n.span, "a calendar only counts business time (write bh)".into()));
                        return None;
                    }
                };
                Guard::Time { measure: *measure, compare: compare(c), ms: limit.value.ms, calendar }
            }
            Test::SlaElapsed { target, compare: c, percent } => {
                Guard::SlaShare { target: *target, compare: compare(c), share: percent.value / 100.0 }
            }
            Test::Tag(t) => match doc.workload.tags.keys().position(|k| *k == t.value) {
                Some(i) => Guard::Tag(i),
                None => {
                    problems.push((t.span, format!("unknown tag \"{}\"", t.value)));
                    return None;
                }
            },
            Test::InBusinessHours(calendar) => {
                let index = match calendar {
                    Some(n) => names.calendars.iter().position(|k| *k == n.value),
                    // The scenario's only business calendar.
                    None if names.calendars.len() == 2 => Some(1),
                    None => None,
                };
                let Some(index) = index else {
                    let span = calendar.as_ref().map_or(Span::default(), |n| n.span);
                    problems.push((span, "say which calendar's business hours (in business hours \"name\")".into()));
                    return None;
                };
                Guard::InBusinessHours(index)
            }
            // Rules act on open issues only.
            Test::Resolved => Guard::Any(Vec::new()),
            other => {
                problems.push((Span::default(), format!("\"{other}\" cannot be checked here")));
                return None;
            }
        },
    })
}
