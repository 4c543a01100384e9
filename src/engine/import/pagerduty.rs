//! A PagerDuty escalation policy (REST API v2: `escalation_policy`, or the list
//! `escalation_policies`) as a scenario. Each escalation rule is a level whose staff are its
//! targets (a user, or a schedule's one person on call), in the policy's order; an incident not
//! acknowledged within a rule's `escalation_delay_in_minutes` moves to the next rule (a waiting
//! timer: acknowledging is taking the issue up, the first response); `num_loops` sends it from
//! the last rule back to the first that many times (`loop_back`), after which it stays at the
//! last rule, as PagerDuty does. The services that use the policy are its categories.

use serde_json::Value;

use super::Warning;
use super::json::{Obj, warn};
use super::oncall::{self, Coverage};
use super::scaffold::{self, Parts};
use crate::engine::document::{ActionDoc, ConditionDoc, Document, LevelDoc, TriggerDoc};
use crate::engine::time::format_duration;

/// PagerDuty's urgency of an incident: the one priority of an imported policy.
const PRIORITY: &str = "high";

pub fn import(mut file: Obj<'_>, warnings: &mut Vec<Warning>) -> Document {
    // The list's paging fields say nothing of the policies.
    file.skip(&["limit", "offset", "more", "total"]);
    let mut policies = Vec::new();
    if let Some(one) = file.obj("escalation_policy") {
        policies.push(one);
    }
    for (path, v) in file.list("escalation_policies") {
        policies.push(file.item(v, &path));
    }
    if policies.is_empty() {
        file.missing::<()>("escalation_policy");
    }
    let mut extra = Extra::read(&mut file, warnings);
    let several = policies.len() > 1;
    let mut used = Used::default();
    let priorities = vec![PRIORITY.to_string()];
    let (mut levels, mut categories, mut triggers, mut names, mut about) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for policy in policies {
        let read = policy_of(policy, several, &mut extra, &priorities, &mut used, warnings);
        names.push(read.name.clone());
        if !read.description.is_empty() {
            about.push(read.description);
        }
        levels.extend(read.levels);
        categories.extend(read.categories);
        triggers.extend(read.triggers);
    }
    for s in extra.services.iter().filter(|s| !s.used) {
        warn(warnings, s.path.clone(), "a service the policy does not use is left out");
    }
    file.rest(warnings, "");
    scaffold::document(Parts {
        name: names.join(", "),
        description: about.join(" "),
        priorities,
        calendars: Vec::new(),
        levels,
        categories: scaffold::categories(categories),
        sla: Vec::new(),
        triggers,
    })
}

/// A service given in full beside the policy, read when the policy names it.
struct GivenService<'a> {
    id: String,
    path: String,
    value: &'a Value,
    used: bool,
}

/// The services and schedules given beside the policy.
struct Extra<'a> {
    services: Vec<GivenService<'a>>,
    /// Schedules by id, with their names and when they have someone on call.
    schedules: Vec<(String, String, Coverage)>,
}

impl<'a> Extra<'a> {
    fn read(file: &mut Obj<'a>, warnings: &mut Vec<Warning>) -> Extra<'a> {
        let mut services = Vec::new();
        for (path, value) in file.list("services") {
            let id = file.item(value, &path).str("id").unwrap_or_default().to_string();
            services.push(GivenService { id, path, value, used: false });
        }
        let mut schedules = Vec::new();
        for (path, v) in file.list("schedules") {
            let mut s = file.item(v, &path);
            let id = s.str("id").unwrap_or_default().to_string();
            let name = s.str("name").or(s.str("summary")).unwrap_or(&id).to_string();
            let on = schedule_fields(s, warnings);
            schedules.push((id, name, on));
        }
        Extra { services, schedules }
    }
}

/// The policy and category names given so far.
#[derive(Default)]
struct Used {
    policies: Vec<String>,
    categories: Vec<String>,
}

struct Policy {
    name: String,
    description: String,
    levels: Vec<LevelDoc>,
    categories: Vec<(String, Vec<String>)>,
    triggers: Vec<TriggerDoc>,
}

fn policy_of(
    mut p: Obj<'_>,
    several: bool,
    extra: &mut Extra<'_>,
    priorities: &[String],
    used: &mut Used,
    warnings: &mut Vec<Warning>,
) -> Policy {
    let given = p.str("name").or(p.str("summary")).unwrap_or_default();
    let name = scaffold::unique(&mut used.policies, given, "PagerDuty escalation policy");
    let description = p.str("description").unwrap_or_default().to_string();
    let loops_path = p.at("num_loops");
    let n = p.count("num_loops").unwrap_or(0);
    let loops = p.loops(&loops_path, n);
    let rules = p.req_list("escalation_rules");
    if rules.is_empty() {
        p.refuse(p.at("escalation_rules"), "the policy has no escalation rule");
        return Policy { name, description, levels: Vec::new(), categories: Vec::new(), triggers: Vec::new() };
    }
    let mut levels = Vec::new();
    let mut delays = Vec::new();
    for (i, (path, v)) in rules.iter().enumerate() {
        let mut rule = p.item(v, path);
        let minutes = rule.req_count("escalation_delay_in_minutes");
        let delay = rule.bounded(&rule.at("escalation_delay_in_minutes"), minutes);
        if delay == 0 {
            rule.refuse(rule.at("escalation_delay_in_minutes"), "an escalation delay must be at least 1 minute");
        }
        let mut who = Vec::new();
        // One on duty per user, and per schedule when it has someone on call.
        let mut staff = vec![0u32; oncall::WEEK];
        for (tpath, t) in rule.req_list("targets") {
            let mut target = rule.item(t, &tpath);
            let kind = target.req_str("type");
            let id = target.str("id").unwrap_or_default();
            let summary = target.str("summary").or(target.str("name"));
            let scheduled = extra.schedules.iter().find(|(sid, _, _)| !id.is_empty() && sid == id);
            for (m, n) in staff.iter_mut().enumerate() {
                *n += u32::from(scheduled.is_none_or(|(_, _, on)| on[m]));
            }
            let scheduled = scheduled.map(|(_, n, _)| n.as_str());
            if !matches!(kind, "user_reference" | "user" | "schedule_reference" | "schedule") {
                warn(
                    warnings,
                    target.at("type"),
                    format!("a target of type \"{kind}\" is taken as one person on call"),
                );
            }
            who.push(scheduled.or(summary).unwrap_or(id).to_string());
            target.rest(warnings, "");
        }
        if who.is_empty() {
            rule.refuse(rule.at("targets"), "the rule has no target");
        }
        if let Some(v) = rule.take("escalation_rule_assignment_strategy")
            && v.get("type").and_then(Value::as_str) != Some("assign_to_everyone")
        {
            warn(
                warnings,
                rule.at("escalation_rule_assignment_strategy"),
                "round-robin assignment is not expressed: every target can take the incident up",
            );
        }
        rule.rest(warnings, "");
        let shown: Vec<&str> = who.iter().map(String::as_str).filter(|w| !w.trim().is_empty()).collect();
        let rule = if several { format!("{name}, rule {}", i + 1) } else { format!("Rule {}", i + 1) };
        let level_name = if shown.is_empty() { rule } else { format!("{rule}: {}", shown.join(", ")) };
        let most = staff.iter().copied().max().unwrap_or(0);
        let mut level = scaffold::level(level_name, i, most);
        if staff.iter().any(|&n| n != most) {
            level.staff = None;
            level.shifts = oncall::shifts(&staff);
            if staff.contains(&0) {
                warn(
                    warnings,
                    path.clone(),
                    "when nobody is on call for this rule, an incident waits out its delay here before it escalates",
                );
            }
        }
        levels.push(level);
        delays.push(delay);
    }
    let path: Vec<String> = levels.iter().map(|l| l.name.clone()).collect();
    let mut triggers = Vec::new();
    for (i, &delay) in delays.iter().enumerate().take(path.len() - 1) {
        triggers.push(scaffold::timer(
            format!("{}rule {} not acknowledged in {}", prefix(several, &name), i + 1, format_duration(delay * 60_000)),
            &path[i],
            priorities,
            delay,
            true,
            ActionDoc::EscalateNext,
        ));
    }
    let last = path.len() - 1;
    if loops > 0 && last > 0 {
        triggers.push(scaffold::timer(
            format!(
                "{}repeat the policy ({loops} {})",
                prefix(several, &name),
                if loops == 1 { "loop" } else { "loops" }
            ),
            &path[last],
            priorities,
            delays[last],
            true,
            ActionDoc::LoopBack { to: path[0].clone(), times: loops },
        ));
    } else if loops > 0 {
        warn(
            warnings,
            loops_path,
            "with one rule, a loop notifies the same targets again: nothing moves in the scenario",
        );
    }
    let mut categories = Vec::new();
    for (spath, v) in p.list("services") {
        let mut reference = p.item(v, &spath);
        let id = reference.str("id").unwrap_or_default().to_string();
        // The service in full, given beside the policy, or as the policy holds it.
        let full = extra.services.iter_mut().find(|s| !id.is_empty() && s.id == id);
        let mut s = match full {
            Some(given) => {
                given.used = true;
                reference.skip(&["name"]);
                reference.rest(warnings, "");
                p.item(given.value, &given.path)
            }
            None => reference,
        };
        let service = scaffold::unique(&mut used.categories, &service_name(&mut s), "service");
        triggers.extend(auto_resolve(&mut s, &service));
        service_fields(s, warnings);
        categories.push((service, path.clone()));
    }
    if categories.is_empty() {
        let category = scaffold::unique(&mut used.categories, if several { &name } else { "incidents" }, "incidents");
        categories.push((category, path));
    }
    for (key, why) in [
        ("teams", "which team owns the policy is not expressed"),
        ("on_call_handoff_notifications", "notifications of on-call handoffs are not expressed"),
    ] {
        if p.take(key).is_some_and(|v| v.as_array().is_none_or(|a| !a.is_empty())) {
            warn(warnings, p.at(key), why);
        }
    }
    p.rest(warnings, "");
    Policy { name, description, levels, categories, triggers }
}

fn prefix(several: bool, name: &str) -> String {
    if several { format!("{name}: ") } else { String::new() }
}

fn service_name(s: &mut Obj<'_>) -> String {
    s.str("name").or(s.str("summary")).or(s.str("id")).unwrap_or("service").to_string()
}

/// A service's `auto_resolve_timeout` (seconds): an incident open that long is resolved.
fn auto_resolve(s: &mut Obj<'_>, name: &str) -> Vec<TriggerDoc> {
    let Some(seconds) = s.count("auto_resolve_timeout") else { return Vec::new() };
    let minutes = s.bounded(&s.at("auto_resolve_timeout"), seconds.div_ceil(60).max(1));
    vec![TriggerDoc {
        name: format!("{name}: auto-resolve after {}", format_duration(minutes * 60_000)),
        when: ConditionDoc::OpenLongerThan { after: format_duration(minutes * 60_000), calendar: None },
        then: ActionDoc::Close,
        categories: Some(vec![name.to_string()]),
        priorities: None,
        levels: None,
        only_if: None,
        cost: None,
        calendar: None,
    }]
}

/// The fields of a service beside its name and auto-resolve time, each worded.
fn service_fields(mut s: Obj<'_>, warnings: &mut Vec<Warning>) {
    // The policy it uses is the one being read; its description is text for people.
    s.skip(&["escalation_policy", "description"]);
    if let Some(status) = s.take("status").and_then(Value::as_str)
        && status != "active"
    {
        warn(warnings, s.at("status"), format!("a service that is \"{status}\" is imported as active"));
    }
    if s.take("support_hours").is_some() {
        warn(warnings, s.at("support_hours"), "support hours choose an incident's urgency, which is not expressed");
    }
    if let Some(rule) = s.take("incident_urgency_rule") {
        let constant_high = rule.get("type").and_then(Value::as_str) == Some("constant")
            && rule.get("urgency").and_then(Value::as_str) == Some("high");
        if !constant_high {
            warn(
                warnings,
                s.at("incident_urgency_rule"),
                "urgencies other than a constant high are not expressed: every incident is high",
            );
        }
    }
    if s.take("acknowledgement_timeout").is_some() {
        warn(
            warnings,
            s.at("acknowledgement_timeout"),
            "an acknowledged incident re-triggering after this time is not expressed",
        );
    }
    s.rest(warnings, "");
}

/// A schedule beside the policy: when it has someone on call, and warnings for the rest.
fn schedule_fields(mut s: Obj<'_>, warnings: &mut Vec<Warning>) -> Coverage {
    let on = oncall::coverage(&mut s, warnings);
    if let Some(zone) = s.take("time_zone")
        && !oncall::is_utc(zone)
    {
        warn(
            warnings,
            s.at("time_zone"),
            format!(
                "the layers' hours are read in the scenario's clock time (UTC), not in {}",
                zone.as_str().unwrap_or("the schedule's zone")
            ),
        );
    }
    if s.take("overrides").is_some_and(|o| o.as_array().is_none_or(|a| !a.is_empty())) {
        warn(warnings, s.at("overrides"), "overrides of the rotation are not expressed");
    }
    // Who is on the schedule and what uses it say nothing of when someone is on call.
    s.skip(&["description", "escalation_policies", "users", "teams"]);
    s.rest(warnings, "");
    on
}
