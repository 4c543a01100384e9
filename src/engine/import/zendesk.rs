//! Zendesk SLA policies (`sla_policies`, or one `sla_policy`) as a scenario's SLA policies,
//! matched top-down in the order of their `position`. Zendesk's four priorities are the
//! scenario's; each policy metric is the target of the same name: `first_reply_time` the first
//! response (an agent's first public reply is the moment someone takes the ticket up),
//! `total_resolution_time` the resolution, and `next_reply_time`, `periodic_update_time`,
//! `pausable_update_time`, `requester_wait_time` and `agent_work_time` the scenario's targets
//! of those names. Where the scenario's clock starts or stops at other moments than Zendesk's (a
//! next reply is owed after a handoff or a reopen, not a comment; pending and on hold come only
//! from rules the import cannot write), a warning says so. `business_hours` count on the Zendesk schedule given
//! beside the policies (`schedule`, with `holidays`): its weekly intervals and holidays become
//! a business-hours calendar. A filter's `all` conditions with `is` become attributes the
//! policy applies to.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::Value;

use super::Warning;
use super::json::{Obj, warn};
use super::scaffold::{self, Parts};
use crate::engine::document::{AttributeDoc, CalendarDoc, Document, MoreTarget, SlaPolicyDoc, SlaTargetDoc, WindowDoc};
use crate::engine::order;
use crate::engine::time::format_duration;

/// Zendesk's priorities, most urgent first.
const PRIORITIES: [&str; 4] = ["urgent", "high", "normal", "low"];
/// The calendar assumed when a metric counts business hours and no schedule is given.
const ASSUMED_HOURS: &str = "business hours (assumed Mon-Fri 09:00-17:00)";

pub fn import(mut file: Obj<'_>, warnings: &mut Vec<Warning>) -> Document {
    // The list's paging fields say nothing of the policies.
    file.skip(&["next_page", "previous_page", "count", "meta", "links"]);
    let mut policies = Vec::new();
    if let Some(one) = file.obj("sla_policy") {
        policies.push(one);
    }
    for (path, v) in file.list("sla_policies") {
        policies.push(file.item(v, &path));
    }
    if policies.is_empty() {
        file.missing::<()>("sla_policies");
    }
    let schedule = file.obj("schedule").map(|s| calendar(s, &mut file, warnings));
    file.rest(warnings, "");
    let mut read = Vec::new();
    for p in policies {
        read.push(policy(p, warnings));
    }
    // Zendesk matches in `position` order; without one, in the file's.
    order::sort_by_key(&mut read, |p| p.position);
    let mut calendars = Vec::new();
    let mut attributes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut sla = Vec::new();
    // Zendesk does not enforce unique titles; the scenario's policy names must be.
    let mut titles = Vec::new();
    for p in read {
        let calendar = if p.business {
            let name = match &schedule {
                Some(c) => c.name.clone(),
                None => {
                    if calendars.is_empty() {
                        warn(
                            warnings,
                            p.path.clone(),
                            "business hours without a Zendesk schedule in the file: Monday to Friday 09:00-17:00 assumed",
                        );
                    }
                    ASSUMED_HOURS.to_string()
                }
            };
            if !calendars.iter().any(|c: &CalendarDoc| c.name == name) {
                calendars.push(schedule.clone().unwrap_or_else(assumed_hours));
            }
            Some(name)
        } else {
            None
        };
        for (field, value) in &p.conditions {
            let values = attributes.entry(field.clone()).or_default();
            if !values.contains(value) {
                values.push(value.clone());
            }
        }
        sla.push(SlaPolicyDoc {
            name: scaffold::unique(&mut titles, &p.title, "SLA policy"),
            categories: None,
            attributes: p.conditions,
            calendar,
            targets: p.targets,
        });
    }
    if let Some(s) = &schedule
        && !calendars.iter().any(|c| c.name == s.name)
    {
        warn(
            warnings,
            "schedule".to_string(),
            "no policy counts its targets in business hours, so the schedule is not used",
        );
    }
    // A ticket that no policy's filter matches has no SLA in Zendesk: a last policy with no
    // targets says so to the scenario, which wants every issue matched.
    if sla.last().is_some_and(|p: &SlaPolicyDoc| !p.attributes.is_empty()) {
        sla.push(SlaPolicyDoc {
            name: scaffold::unique(&mut titles, "no policy applies", "no policy applies"),
            categories: None,
            attributes: BTreeMap::new(),
            calendar: None,
            targets: BTreeMap::new(),
        });
    }
    let priorities: Vec<String> = PRIORITIES.iter().map(ToString::to_string).collect();
    let mut document = scaffold::document(Parts {
        name: "Zendesk SLA policies".to_string(),
        description: String::new(),
        priorities,
        calendars,
        levels: vec![scaffold::level("Agents".to_string(), 0, 2)],
        categories: scaffold::categories(vec![("tickets".to_string(), vec!["Agents".to_string()])]),
        sla,
        triggers: Vec::new(),
    });
    // Each filter field is an attribute: its values in the filters, and every other value, in
    // equal shares (the file does not say how tickets divide).
    document.attributes = attributes
        .into_iter()
        .map(|(name, mut values)| {
            // Every other value, under a name no filter gives.
            let mut rest = "other".to_string();
            while values.contains(&rest) {
                rest.insert_str(0, "any ");
            }
            values.push(rest);
            let share = 1.0 / values.len() as f64;
            AttributeDoc { name, values: order::map_of(values.into_iter().map(|v| (v, share))) }
        })
        .collect();
    document
}

struct Policy {
    path: String,
    title: String,
    position: u64,
    business: bool,
    /// `field is value` conditions of the filter's `all`.
    conditions: BTreeMap<String, String>,
    targets: BTreeMap<String, SlaTargetDoc>,
}

fn policy(mut p: Obj<'_>, warnings: &mut Vec<Warning>) -> Policy {
    let path = p.path.clone();
    let title = p.req_str("title").to_string();
    if title.trim().is_empty() {
        p.refuse(p.at("title"), "an SLA policy needs a title");
    }
    let position = p.count("position").unwrap_or(u64::MAX);
    p.skip(&["description"]);
    let conditions = match p.obj("filter") {
        Some(f) => filter(f, warnings),
        None => BTreeMap::new(),
    };
    let mut targets: BTreeMap<String, SlaTargetDoc> = BTreeMap::new();
    let (mut business_count, mut metrics) = (0, Vec::new());
    let (mut told_replies, mut told_statuses) = (false, false);
    for (mpath, v) in p.list("policy_metrics") {
        let mut m = p.item(v, &mpath);
        let priority = m.req_str("priority");
        if !PRIORITIES.contains(&priority) {
            m.refuse(
                m.at("priority"),
                format!("\"{priority}\" is not a Zendesk priority; they are urgent, high, normal and low"),
            );
        }
        let metric = m.req_str("metric");
        let minutes = match m.count("target_in_seconds") {
            Some(s) => m.bounded(&m.at("target_in_seconds"), s.div_ceil(60)),
            None => {
                let n = m.req_count("target");
                m.bounded(&m.at("target"), n)
            }
        };
        m.skip(&["target"]);
        let business = m.req_bool("business_hours");
        business_count += usize::from(business);
        metrics.push((mpath.clone(), business));
        let at = m.at("metric");
        if minutes == 0 {
            m.refuse(format!("{mpath}.target"), "a target must be at least 1 minute");
        }
        m.rest(warnings, "");
        let target = format_duration(minutes * 60_000);
        let slot = targets.entry(priority.to_string()).or_default();
        let more = match metric {
            "next_reply_time" => Some(MoreTarget::NextReply),
            "periodic_update_time" => Some(MoreTarget::PeriodicUpdate),
            "pausable_update_time" => Some(MoreTarget::PausableUpdate),
            "requester_wait_time" => Some(MoreTarget::RequesterWait),
            "agent_work_time" => Some(MoreTarget::AgentWork),
            _ => None,
        };
        if let Some(which) = more {
            *slot.more_mut(which) = Some(target);
            if which == MoreTarget::NextReply && !told_replies {
                told_replies = true;
                warn(
                    warnings,
                    at,
                    "next_reply_time counts from each requester comment; the scenario has no comments, so its clock starts each time an issue is handed to another level or reopens",
                );
            } else if matches!(which, MoreTarget::RequesterWait | MoreTarget::AgentWork | MoreTarget::PausableUpdate)
                && !told_statuses
            {
                told_statuses = true;
                warn(
                    warnings,
                    at,
                    "requester_wait_time, agent_work_time and pausable_update_time stop while a ticket is pending (agent_work_time also on hold); the scenario's rules set those statuses with `pause sla` and `hold sla`, and the imported scenario has no such rule, so these clocks count every open hour until you add them",
                );
            }
            continue;
        }
        match metric {
            "first_reply_time" => slot.first_response = Some(target),
            "total_resolution_time" => {
                // Several resolution metrics: the tightest is the one a ticket must meet.
                let tighter = slot.resolution.as_deref().and_then(|t| crate::engine::time::parse_duration(t).ok());
                if tighter.is_none_or(|ms| minutes * 60_000 < ms) {
                    slot.resolution = Some(target);
                }
            }
            other => {
                p.refuse(at, format!("\"{other}\" is not a Zendesk SLA metric"));
            }
        }
    }
    // The scenario counts a policy's targets on one calendar: business hours if most metrics do.
    let business = business_count * 2 >= metrics.len() && business_count > 0;
    for (mpath, b) in metrics {
        if b != business {
            warn(
                warnings,
                format!("{mpath}.business_hours"),
                format!(
                    "counted in {} like the policy's other targets: a policy has one calendar in the scenario",
                    if business { "business hours" } else { "calendar hours" }
                ),
            );
        }
    }
    if p.take("metric_settings").is_some() {
        warn(
            warnings,
            p.at("metric_settings"),
            "when each metric starts and is fulfilled is not expressed: the scenario's clocks start at arrival",
        );
    }
    p.rest(warnings, "");
    Policy { path, title, position, business, conditions, targets }
}

/// A filter's `all` conditions `field is value` as attribute values; every other condition is
/// a warning (the policy then applies more widely than in Zendesk).
fn filter(mut f: Obj<'_>, warnings: &mut Vec<Warning>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (cpath, v) in f.list("all") {
        let mut c = f.item(v, &cpath);
        let field = c.req_str("field").to_string();
        let operator = c.req_str("operator");
        let value = match c.take("value") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            _ => String::new(),
        };
        c.rest(warnings, "");
        // A ticket's priority is the scenario's own priority, which a policy cannot be limited to.
        if operator == "is"
            && field != "priority"
            && !field.trim().is_empty()
            && !value.is_empty()
            && !out.contains_key(&field)
            && out.len() < crate::engine::model::MAX_ATTRIBUTES
        {
            out.insert(field, value);
        } else {
            warn(
                warnings,
                cpath,
                format!("the condition {field} {operator} {value} is not expressed: the policy applies without it"),
            );
        }
    }
    for (cpath, _) in f.list("any") {
        warn(warnings, cpath, "\"any\" conditions are not expressed: the policy applies without them");
    }
    f.rest(warnings, "");
    out
}

/// A Zendesk schedule as a business-hours calendar: its `intervals` (minutes from Sunday 00:00)
/// as weekly windows, its `holidays` (in the schedule or beside it) as closed days, and its
/// `time_zone` as a UTC offset.
fn calendar(mut s: Obj<'_>, file: &mut Obj<'_>, warnings: &mut Vec<Warning>) -> CalendarDoc {
    let name = scaffold::unique(&mut Vec::new(), s.str("name").unwrap_or_default(), "Zendesk schedule");
    let zone_path = s.at("time_zone");
    let utc_offset = s.str("time_zone").map(|zone| offset(zone, &zone_path, warnings));
    const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    let mut hours = Vec::new();
    let intervals = s.req_list("intervals");
    if intervals.is_empty() {
        s.refuse(
            s.at("intervals"),
            "the schedule has no intervals: it is never open, so its business-hours targets would never run out",
        );
    }
    for (ipath, v) in intervals {
        let mut i = s.item(v, &ipath);
        let (start, end) = (i.req_count("start_time"), i.req_count("end_time"));
        i.rest(warnings, "");
        if start >= end || end > 7 * 1440 {
            s.refuse(
                ipath,
                format!("{start} to {end} is not an interval of the week (minutes from Sunday 00:00, 0 to 10080)"),
            );
            continue;
        }
        // One window a day: an interval may run past midnight.
        let mut from = start;
        while from < end {
            let day = from / 1440;
            let to = end.min((day + 1) * 1440);
            let clock = |m: u64| format!("{:02}:{:02}", m / 60, m % 60);
            hours.push(WindowDoc {
                days: vec![DAYS[day as usize].to_string()],
                from: clock(from % 1440),
                to: if to % 1440 == 0 { "24:00".to_string() } else { clock(to % 1440) },
            });
            from = to;
        }
    }
    let mut holidays = Vec::new();
    let mut lists = s.list("holidays");
    lists.extend(file.list("holidays"));
    for (hpath, v) in lists {
        let mut h = s.item(v, &hpath);
        h.skip(&["name"]);
        let date = |h: &mut Obj<'_>, key: &str| -> Option<NaiveDate> {
            let text = h.req_str(key);
            let day = text.parse::<NaiveDate>().ok();
            if day.is_none() {
                h.refuse(h.at(key), format!("\"{text}\" is not a date YYYY-MM-DD"));
            }
            day
        };
        let (first, last) = (date(&mut h, "start_date"), date(&mut h, "end_date"));
        h.rest(warnings, "");
        let (Some(first), Some(last)) = (first, last) else { continue };
        let mut day = first;
        while day <= last && holidays.len() < 10_000 {
            holidays.push(day.to_string());
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
    }
    s.rest(warnings, "");
    CalendarDoc { name, utc_offset, hours, holidays }
}

fn assumed_hours() -> CalendarDoc {
    CalendarDoc {
        name: ASSUMED_HOURS.to_string(),
        utc_offset: None,
        hours: vec![WindowDoc {
            days: vec!["weekdays".to_string()],
            from: "09:00".to_string(),
            to: "17:00".to_string(),
        }],
        holidays: Vec::new(),
    }
}

/// Zendesk's time zone names (Rails') at their standard-time offset from UTC.
const ZONES: &[(&str, &str)] = &[
    ("UTC", "+00:00"),
    ("London", "+00:00"),
    ("Dublin", "+00:00"),
    ("Lisbon", "+00:00"),
    ("Amsterdam", "+01:00"),
    ("Berlin", "+01:00"),
    ("Brussels", "+01:00"),
    ("Madrid", "+01:00"),
    ("Paris", "+01:00"),
    ("Rome", "+01:00"),
    ("Stockholm", "+01:00"),
    ("Vienna", "+01:00"),
    ("Warsaw", "+01:00"),
    ("Athens", "+02:00"),
    ("Helsinki", "+02:00"),
    ("Moscow", "+03:00"),
    ("New Delhi", "+05:30"),
    ("Mumbai", "+05:30"),
    ("Singapore", "+08:00"),
    ("Beijing", "+08:00"),
    ("Tokyo", "+09:00"),
    ("Sydney", "+10:00"),
    ("Auckland", "+12:00"),
    ("Eastern Time (US & Canada)", "-05:00"),
    ("Central Time (US & Canada)", "-06:00"),
    ("Mountain Time (US & Canada)", "-07:00"),
    ("Arizona", "-07:00"),
    ("Pacific Time (US & Canada)", "-08:00"),
    ("Alaska", "-09:00"),
    ("Hawaii", "-10:00"),
    ("Brasilia", "-03:00"),
    ("Buenos Aires", "-03:00"),
];

/// Zones in the table without daylight saving time.
const NO_DST: &[&str] = &[
    "UTC",
    "Moscow",
    "New Delhi",
    "Mumbai",
    "Singapore",
    "Beijing",
    "Tokyo",
    "Arizona",
    "Hawaii",
    "Brasilia",
    "Buenos Aires",
];

fn offset(zone: &str, path: &str, warnings: &mut Vec<Warning>) -> String {
    match ZONES.iter().find(|(z, _)| *z == zone) {
        Some((_, o)) => {
            if !NO_DST.contains(&zone) {
                warn(
                    warnings,
                    path.to_string(),
                    format!("daylight saving time is not expressed: {zone} is taken at UTC{o} all year"),
                );
            }
            (*o).to_string()
        }
        None => {
            warn(
                warnings,
                path.to_string(),
                format!("the time zone \"{zone}\" is not known here: UTC+00:00 is used; set the calendar's utc_offset"),
            );
            "+00:00".to_string()
        }
    }
}
