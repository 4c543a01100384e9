//! The drill's settings: the issues chosen by number and the sample together within bounds, and
//! the kinds of question by their names. Whether a chosen issue arrives at all is known only
//! from the run, so the drill itself says so when it starts.

use super::checker::Checker;
use crate::engine::document::Document;
use crate::engine::drill::{Ask, MAX_ISSUES, Plan};

/// The drill's plan, or `None` when the scenario has none or it has errors (recorded).
pub(super) fn drill(doc: &Document, c: &mut Checker) -> Option<Plan> {
    let d = doc.drill.as_ref()?;
    let errors = c.problems.len();
    let asked = d.issues.len() as u64 + u64::from(d.sample);
    if asked == 0 {
        c.error("drill", "say which issues to ask about: \"issues\" by their numbers, or a \"sample\" of some");
    } else if asked > u64::from(MAX_ISSUES) {
        c.error(
            "drill",
            format!("a drill asks about at most {MAX_ISSUES} issues; this one asks about {asked} (issues and sample together)"),
        );
    }
    for (i, n) in d.issues.iter().enumerate() {
        if d.issues[..i].contains(n) {
            c.error(format!("drill.issues[{i}]"), format!("issue {n} is chosen twice"));
        }
    }
    let known: Vec<String> = Ask::ALL.iter().map(|a| a.key().to_string()).collect();
    let mut ask = Vec::new();
    for (i, name) in d.ask.iter().enumerate() {
        let path = format!("drill.ask[{i}]");
        if let Some(k) = c.lookup(&path, name, &known, "kind of question") {
            if ask.contains(&Ask::ALL[k]) {
                c.error(path, format!("\"{name}\" is asked twice"));
            } else {
                ask.push(Ask::ALL[k]);
            }
        }
    }
    if ask.is_empty() {
        ask = Ask::ALL.to_vec();
    }
    (c.problems.len() == errors).then(|| Plan { issues: d.issues.clone(), sample: d.sample, ask })
}
