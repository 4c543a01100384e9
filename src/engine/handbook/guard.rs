//! A trigger's condition (`only_if`, or the tests of a rule beyond its moment) in words, from the
//! checked model, so the handbook says when a rule acts rather than only that it may.

use super::{length_on, quoted};
use crate::engine::model::{Compare, Guard, Measure, Model, SlaClock};
use crate::engine::report::numbers::percent;

/// The condition in words: `account is “business” and age over 4 h`.
pub(super) fn words(model: &Model, g: &Guard) -> String {
    let names = |all: Vec<&str>, marked: &[bool]| {
        let chosen: Vec<String> = all.into_iter().zip(marked).filter(|(_, m)| **m).map(|(n, _)| quoted(n)).collect();
        match chosen.as_slice() {
            [one] => format!("is {one}"),
            _ => format!("is one of {}", chosen.join(", ")),
        }
    };
    let compare = |c: &Compare| match c {
        Compare::Greater => "over",
        Compare::AtLeast => "at least",
        Compare::Less => "under",
        Compare::AtMost => "at most",
    };
    let part = |g: &Guard| match g {
        Guard::All(_) | Guard::Any(_) => format!("({})", words(model, g)),
        _ => words(model, g),
    };
    match g {
        Guard::All(parts) => parts.iter().map(part).collect::<Vec<_>>().join(" and "),
        Guard::Any(parts) => parts.iter().map(part).collect::<Vec<_>>().join(" or "),
        Guard::Not(inner) => format!("not {}", part(inner)),
        Guard::Category(m) => {
            format!("category {}", names(model.categories.iter().map(|c| c.name.as_str()).collect(), m))
        }
        Guard::Priority(m) => {
            format!("priority {}", names(model.priorities.iter().map(|p| p.name.as_str()).collect(), m))
        }
        Guard::Level(m) => format!("level {}", names(model.levels.iter().map(|l| l.name.as_str()).collect(), m)),
        Guard::Attribute { index, values } => {
            let a = &model.attributes[*index];
            format!("{} {}", a.name, names(a.values.iter().map(String::as_str).collect(), values))
        }
        Guard::Impact(m) | Guard::Urgency(m) => {
            let (what, all) = match (g, &model.triage) {
                (Guard::Impact(_), Some(t)) => ("impact", &t.impacts),
                (_, Some(t)) => ("urgency", &t.urgencies),
                _ => return "a triage condition".into(),
            };
            format!("{what} {}", names(all.iter().map(String::as_str).collect(), m))
        }
        Guard::Escalations(c, n) => format!("escalations {} {n}", compare(c)),
        Guard::Reopens(c, n) => format!("reopens {} {n}", compare(c)),
        Guard::Time { measure, compare: c, ms, calendar } => {
            let what = match measure {
                Measure::Age => "age",
                Measure::Waiting => "waiting",
                Measure::TimeAtLevel => "time at level",
            };
            format!("{what} {} {}", compare(c), length_on(model, *calendar, *ms))
        }
        Guard::SlaShare { target, compare: c, share } => {
            let which = match target {
                SlaClock::Response => "first-response",
                SlaClock::Resolution => "resolution",
            };
            format!("{which} target used {} {}", compare(c), percent(*share))
        }
        Guard::InBusinessHours(k) => format!("within {} business hours", quoted(&model.calendars[*k].name)),
        Guard::Tag(i) => format!("tagged {}", quoted(&model.workload.tags[*i].0)),
    }
}
