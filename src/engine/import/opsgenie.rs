//! An Opsgenie escalation (Escalation API v2: the `data` of a get or list response, or the body
//! of a create request) as a scenario. Opsgenie counts each rule's `delay` from the alert's
//! creation; the rules with the same delay notify their recipients at once, so they are one
//! level whose staff are those recipients, and the levels follow in the order of their delays.
//! An alert moves from a level to the next when the next rules' delay has passed since it
//! reached the level: `if-not-acked` while nobody has taken it up (a waiting timer),
//! `if-not-closed` whatever its state (a time-at-level timer). `repeat` runs the escalation
//! again `count` times, `waitInterval` minutes after its last rule (`loop_back`).

use serde_json::Value;

use super::Warning;
use super::json::{Obj, warn};
use super::scaffold::{self, Parts};
use crate::engine::document::{ActionDoc, Document, LevelDoc, TriggerDoc};
use crate::engine::order;
use crate::engine::time::format_duration;

/// Opsgenie's alert priorities, P1 the most urgent: every one follows the escalation.
const PRIORITIES: [&str; 5] = ["P1", "P2", "P3", "P4", "P5"];

pub fn import(mut file: Obj<'_>, warnings: &mut Vec<Warning>) -> Document {
    let escalations: Vec<(String, &Value)> = match file.take("data") {
        Some(Value::Array(items)) => items.iter().enumerate().map(|(i, v)| (format!("data[{i}]"), v)).collect(),
        Some(one) => vec![("data".to_string(), one)],
        None => Vec::new(),
    };
    let priorities: Vec<String> = PRIORITIES.iter().map(ToString::to_string).collect();
    let mut parts = Parts {
        name: String::new(),
        description: String::new(),
        priorities: priorities.clone(),
        calendars: Vec::new(),
        levels: Vec::new(),
        categories: Vec::new(),
        sla: Vec::new(),
        triggers: Vec::new(),
    };
    let (mut names, mut about, mut categories) = (Vec::new(), Vec::new(), Vec::new());
    let several = escalations.len() > 1;
    // Escalation names, which name the categories and prefix the levels when there are several.
    let mut used = Vec::new();
    let read: Vec<Escalation> = if escalations.is_empty() {
        // A create request's body: the escalation itself.
        vec![escalation(file, false, &priorities, &mut Vec::new(), warnings)]
    } else {
        let first = file.first();
        file.rest(warnings, "");
        escalations
            .into_iter()
            .map(|(path, v)| escalation(Obj::new(v, &path, first), several, &priorities, &mut used, warnings))
            .collect()
    };
    for e in read {
        names.push(e.name.clone());
        if !e.description.is_empty() {
            about.push(e.description);
        }
        categories.push((if several { e.name } else { "alerts".to_string() }, e.path));
        parts.levels.extend(e.levels);
        parts.triggers.extend(e.triggers);
    }
    parts.name = names.join(", ");
    parts.description = about.join(" ");
    parts.categories = scaffold::categories(categories);
    scaffold::document(parts)
}

struct Escalation {
    name: String,
    description: String,
    levels: Vec<LevelDoc>,
    path: Vec<String>,
    triggers: Vec<TriggerDoc>,
}

/// One step of the escalation: the rules with one delay.
struct Step {
    minutes: u64,
    recipients: Vec<String>,
    /// `if-not-acked` (true) or `if-not-closed`, from its first rule.
    acked: bool,
}

fn escalation(
    mut e: Obj<'_>,
    several: bool,
    priorities: &[String],
    used: &mut Vec<String>,
    warnings: &mut Vec<Warning>,
) -> Escalation {
    let name = scaffold::unique(used, e.str("name").unwrap_or_default(), "Opsgenie escalation");
    let description = e.str("description").unwrap_or_default().to_string();
    let rules = e.req_list("rules");
    if rules.is_empty() {
        e.refuse(e.at("rules"), "the escalation has no rule");
        return Escalation { name, description, levels: Vec::new(), path: Vec::new(), triggers: Vec::new() };
    }
    let mut steps: Vec<Step> = Vec::new();
    for (path, v) in rules {
        let mut rule = e.item(v, &path);
        let condition = rule.req_str("condition");
        let acked = match condition {
            "if-not-acked" => true,
            "if-not-closed" => false,
            other => {
                rule.refuse(
                    rule.at("condition"),
                    format!("\"{other}\" is not a condition; Opsgenie's are if-not-acked and if-not-closed"),
                );
                true
            }
        };
        let minutes = delay(&mut rule, warnings);
        let mut recipient = rule.req_obj("recipient");
        let kind = recipient.req_str("type");
        let who = recipient.str("name").or(recipient.str("username")).or(recipient.str("id")).unwrap_or(kind);
        let who = format!("{who} ({kind})");
        recipient.rest(warnings, "");
        let notify = rule.str("notifyType").unwrap_or("default");
        let notify_path = rule.at("notifyType");
        match (kind, notify) {
            (_, "default" | "random") => {}
            ("schedule", "next" | "previous") => warn(
                warnings,
                notify_path,
                format!(
                    "notifying the {notify} on-call person is not expressed: the schedule counts as one person on call"
                ),
            ),
            (_, other) => warn(
                warnings,
                notify_path,
                format!("notifying \"{other}\" of a {kind} is not expressed: the recipient counts as one person"),
            ),
        }
        if !acked {
            warn(
                warnings,
                rule.at("condition"),
                "if-not-closed notifies even once the alert is acknowledged; in the scenario an alert taken up stays with whoever took it up until they finish",
            );
        }
        rule.rest(warnings, "");
        match steps.iter_mut().find(|s| s.minutes == minutes) {
            Some(step) => step.recipients.push(who),
            None => steps.push(Step { minutes, recipients: vec![who], acked }),
        }
    }
    order::sort_by_key(&mut steps, |s| s.minutes);
    if steps[0].minutes > 0 {
        warn(
            warnings,
            e.at("rules"),
            format!(
                "the first recipients are notified {} after the alert is created; in the scenario they have it from the start",
                format_duration(steps[0].minutes * 60_000)
            ),
        );
    }
    let prefix = if several { format!("{name}: ") } else { String::new() };
    let levels: Vec<LevelDoc> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let level = format!("{prefix}after {}: {}", format_duration(s.minutes * 60_000), s.recipients.join(", "));
            scaffold::level(level, i, u32::try_from(s.recipients.len()).unwrap_or(u32::MAX))
        })
        .collect();
    let path: Vec<String> = levels.iter().map(|l| l.name.clone()).collect();
    let mut triggers = Vec::new();
    for (i, pair) in steps.windows(2).enumerate() {
        let (now, next) = (&pair[0], &pair[1]);
        let gap = next.minutes - now.minutes;
        let what = if next.acked { "not acknowledged" } else { "not closed" };
        triggers.push(scaffold::timer(
            format!("{prefix}{what} after {}", format_duration(next.minutes * 60_000)),
            &path[i],
            priorities,
            gap,
            next.acked,
            ActionDoc::EscalateNext,
        ));
    }
    if let Some(mut repeat) = e.obj("repeat") {
        let n = repeat.count("count").unwrap_or(0);
        let count = repeat.loops(&repeat.at("count"), n);
        let n = repeat.count("waitInterval").unwrap_or(0);
        let wait = repeat.bounded(&repeat.at("waitInterval"), n);
        let last = path.len() - 1;
        if count > 0 && last > 0 {
            // Back to the first rules after the wait and their own delay, when the whole
            // escalation runs again.
            let mut minutes = wait + steps[0].minutes;
            if minutes == 0 {
                warn(warnings, repeat.at("waitInterval"), "a repeat at once is taken as a repeat after 1 minute");
                minutes = 1;
            }
            triggers.push(scaffold::timer(
                format!("{prefix}repeat the escalation ({count} {})", if count == 1 { "time" } else { "times" }),
                &path[last],
                priorities,
                minutes,
                steps[0].acked,
                ActionDoc::LoopBack { to: path[0].clone(), times: count },
            ));
        } else if count > 0 {
            warn(
                warnings,
                repeat.at("count"),
                "with one step, a repeat notifies the same recipients again: nothing moves in the scenario",
            );
        }
        for (key, why) in [
            ("resetRecipientStates", "reverting acknowledgements at each repeat is not expressed"),
            ("closeAlertAfterAll", "closing the alert once the repeats are done is not expressed"),
        ] {
            if repeat.take(key) == Some(&Value::Bool(true)) {
                warn(warnings, repeat.at(key), why);
            }
        }
        repeat.rest(warnings, "");
    }
    if e.take("ownerTeam").is_some() {
        warn(warnings, e.at("ownerTeam"), "which team owns the escalation is not expressed");
    }
    e.rest(warnings, "");
    Escalation { name, description, levels, path, triggers }
}

/// A rule's `delay` in minutes: `{ "timeAmount": 5, "timeUnit": "minutes" }` (minutes unless
/// said), or a plain number of minutes as some tools write it.
fn delay(rule: &mut Obj<'_>, warnings: &mut Vec<Warning>) -> u64 {
    let path = rule.at("delay");
    match rule.take("delay") {
        None => rule.missing("delay"),
        Some(v @ Value::Number(n)) => match n.as_u64() {
            Some(m) => rule.bounded(&path, m),
            None => {
                let refusal = super::json::expected(&path, "a whole number of minutes", v);
                rule.refuse(refusal.path, refusal.message);
                0
            }
        },
        Some(v) => {
            let mut d = rule.item(v, &path);
            let amount = d.req_count("timeAmount");
            let unit = d.str("timeUnit").unwrap_or("minutes");
            let per = match unit {
                "minutes" => 1,
                "hours" => 60,
                "days" => 1440,
                other => {
                    d.refuse(
                        d.at("timeUnit"),
                        format!("\"{other}\" is not a time unit; Opsgenie's are minutes, hours and days"),
                    );
                    1
                }
            };
            let at = d.at("timeAmount");
            d.rest(warnings, "");
            rule.bounded(&at, amount.saturating_mul(per))
        }
    }
}
