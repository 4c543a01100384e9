//! Triggers (the matrix's wait timers among them) as the rules they mean: the reverse of
//! `lower`, so that the matrix and the trigger list can be shown, and moved, as rule text.

use super::syntax::{
    Action, Compare, Duration, Expr, HitPolicy, Measure, Name, Rule, RuleFile, RuleSet, SlaClock, Span, Spanned, Test,
};
use crate::engine::document::{ActionDoc, ConditionDoc, SlaTarget, TriggerDoc};
use crate::engine::time::parse_duration;

/// The triggers of a scenario (the matrix's wait timers among them) as the rules they mean.
pub fn rules_of(triggers: &[TriggerDoc], priorities: &[String]) -> RuleFile {
    let rules = triggers.iter().map(|t| rule_of(t, priorities)).collect();
    RuleFile { sets: vec![RuleSet { name: None, hit: HitPolicy::All, rules }] }
}

fn rule_of(t: &TriggerDoc, priorities: &[String]) -> Rule {
    let s = Span::default();
    let name = |n: &str| Spanned::new(n.to_string(), s);
    let test = |t: Test| Spanned::new(Expr::Test(t), s);
    let mut scope = Vec::new();
    if let Some(c) = &t.categories {
        scope.push(test(Test::Category(c.iter().map(|n| name(n)).collect())));
    }
    if let Some(l) = &t.levels {
        scope.push(test(Test::Level(l.iter().map(|n| name(n)).collect())));
    }
    let priority_scope = t.priorities.as_ref().map(|p| test(Test::Priority(p.iter().map(|n| name(n)).collect())));
    let moment = match &t.when {
        ConditionDoc::OnArrival { and_level_changes: true } => None,
        ConditionDoc::OnArrival { and_level_changes: false } => Some(test(Test::Arrives)),
        ConditionDoc::NotResolved {} => Some(test(Test::ServiceEndsUnresolved)),
        ConditionDoc::OpenLongerThan { after, calendar } => {
            let ms = parse_duration(after).unwrap_or(0);
            let business = calendar.is_some();
            Some(test(Test::Time {
                measure: Measure::Age,
                compare: Compare::Greater,
                limit: Spanned::new(Duration { ms, business }, s),
                calendar: calendar.as_deref().map(name),
            }))
        }
        ConditionDoc::SlaElapsed { target, fraction } => Some(test(Test::SlaElapsed {
            target: match target {
                SlaTarget::FirstResponse => SlaClock::Response,
                SlaTarget::Resolution => SlaClock::Resolution,
            },
            compare: Compare::AtLeast,
            percent: Spanned::new(fraction * 100.0, s),
        })),
        ConditionDoc::QueueWaitOver(map) | ConditionDoc::TimeAtLevelOver(map) => {
            let measure = if matches!(t.when, ConditionDoc::TimeAtLevelOver(_)) {
                Measure::TimeAtLevel
            } else {
                Measure::Waiting
            };
            // One alternative per distinct wait, naming its priorities in the scenario's order.
            let mut by_wait: Vec<(u64, Vec<Name>)> = Vec::new();
            for p in priorities {
                let Some(ms) = map.get(p).and_then(|d| parse_duration(d).ok()) else { continue };
                match by_wait.iter_mut().find(|(w, _)| *w == ms) {
                    Some((_, ps)) => ps.push(name(p)),
                    None => by_wait.push((ms, vec![name(p)])),
                }
            }
            let alts: Vec<Spanned<Expr>> = by_wait
                .into_iter()
                .map(|(ms, ps)| {
                    let wait = test(Test::Time {
                        measure,
                        compare: Compare::Greater,
                        limit: Spanned::new(Duration { ms, business: t.calendar.is_some() }, s),
                        calendar: t.calendar.as_deref().map(name),
                    });
                    Spanned::new(Expr::And(vec![test(Test::Priority(ps)), wait]), s)
                })
                .collect();
            Some(match alts.len() {
                1 => alts.into_iter().next().expect("one"),
                _ => Spanned::new(Expr::Or(alts), s),
            })
        }
    };
    let on_arrival = matches!(t.when, ConditionDoc::OnArrival { .. });
    scope.extend(priority_scope);
    scope.extend(moment);
    match t.only_if.as_deref().and_then(|g| super::parse::parse_condition(g).ok()) {
        Some(Spanned { value: Expr::And(parts), .. }) => scope.extend(parts),
        Some(guard) => scope.push(guard),
        None => {}
    }
    if scope.is_empty() {
        // Every issue, on arrival: "not resolved" always holds then.
        scope.push(Spanned::new(Expr::Not(Box::new(test(Test::Resolved))), s));
    }
    let when = if scope.len() == 1 { scope.pop().expect("one") } else { Spanned::new(Expr::And(scope), s) };
    let then = Spanned::new(
        match &t.then {
            ActionDoc::EscalateNext => Action::EscalateNext,
            ActionDoc::EscalateTo(l) if on_arrival => Action::RouteTo(name(l)),
            ActionDoc::EscalateTo(l) => Action::EscalateTo(name(l)),
            ActionDoc::Notify(l) => Action::Notify {
                role: name(l),
                cost: t
                    .cost
                    .as_deref()
                    .and_then(|c| parse_duration(c).ok())
                    .map(|ms| Spanned::new(Duration { ms, business: false }, s)),
            },
            ActionDoc::Close => Action::CloseResolved,
            ActionDoc::SetPriority(p) => Action::SetPriority(name(p)),
            ActionDoc::RaisePriority => Action::RaisePriority,
            ActionDoc::PauseSla => Action::PauseSla,
            ActionDoc::HoldSla => Action::HoldSla,
            ActionDoc::ResumeSla => Action::ResumeSla,
            ActionDoc::LoopBack { to, times } => Action::LoopBack { to: name(to), times: Spanned::new(*times, s) },
        },
        s,
    );
    Rule { name: name(&t.name), when, then: vec![then] }
}
