//! When a PagerDuty schedule has someone on call, as the scenario's shifts. A schedule's layers
//! each cover the whole week, or only their `restrictions` (`daily_restriction`: every day from
//! a time for a duration; `weekly_restriction`: from a day, ISO 8601, 1 is Monday, and a time);
//! the schedule has one person on call whenever a layer covers the moment (a higher layer only
//! changes who). A rule's level then has, minute by minute of the week, one staff member per
//! user target and per schedule covering that minute, written as shifts.

use serde_json::Value;

use super::Warning;
use super::json::{Obj, warn};
use crate::engine::document::ShiftDoc;

/// Minutes in a week, Monday 00:00 first.
pub const WEEK: usize = 7 * 1440;

/// The minutes of the week a schedule has someone on call (`true`), read from its layers.
pub type Coverage = Vec<bool>;

/// The coverage of a schedule's `schedule_layers` (the whole week when it has none).
pub fn coverage(s: &mut Obj<'_>, warnings: &mut Vec<Warning>) -> Coverage {
    let layers = s.list("schedule_layers");
    if layers.is_empty() {
        return vec![true; WEEK];
    }
    let mut on = vec![false; WEEK];
    for (lpath, v) in layers {
        let mut layer = s.item(v, &lpath);
        // Who takes which turn changes who is on call, not whether someone is.
        layer.skip(&["name", "start", "rotation_virtual_start", "rotation_turn_length_seconds"]);
        let people = layer.list("users").len();
        if layer.take("end").is_some() {
            warn(warnings, layer.at("end"), "a layer that ends is taken as going on");
        }
        let restrictions = layer.list("restrictions");
        layer.rest(warnings, "");
        if people == 0 {
            continue;
        }
        if restrictions.is_empty() {
            on.fill(true);
        }
        for (rpath, r) in restrictions {
            let mut r = s.item(r, &rpath);
            let kind = r.req_str("type");
            let start = time_of_day(&mut r);
            let length = usize::try_from(r.req_count("duration_seconds").div_ceil(60)).unwrap_or(WEEK).min(WEEK);
            let starts: Vec<usize> = match kind {
                "daily_restriction" => (0..7).map(|d| d * 1440 + start).collect(),
                "weekly_restriction" => {
                    let day = r.req_count("start_day_of_week");
                    if (1..=7).contains(&day) {
                        vec![(day as usize - 1) * 1440 + start]
                    } else {
                        r.refuse(
                            r.at("start_day_of_week"),
                            format!("{day} is not a day of the week (1 is Monday, 7 Sunday)"),
                        );
                        Vec::new()
                    }
                }
                other => {
                    r.refuse(
                        r.at("type"),
                        format!(
                            "\"{other}\" is not a restriction; PagerDuty's are daily_restriction and weekly_restriction"
                        ),
                    );
                    Vec::new()
                }
            };
            r.skip(&["start_day_of_week"]);
            r.rest(warnings, "");
            for from in starts {
                for m in from..from + length {
                    on[m % WEEK] = true;
                }
            }
        }
    }
    on
}

/// `start_time_of_day` (`HH:MM:SS`) in minutes from midnight.
fn time_of_day(r: &mut Obj<'_>) -> usize {
    let text = r.req_str("start_time_of_day");
    let mut parts = text.split(':').map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(h), Some(m)) if h < 24 && m < 60 => (h * 60 + m) as usize,
        _ => {
            r.refuse(r.at("start_time_of_day"), format!("\"{text}\" is not a time of day HH:MM:SS"));
            0
        }
    }
}

/// Staff minute by minute as shifts: each run of the same number on duty within a day, the
/// days with the same run in one shift.
pub fn shifts(staff: &[u32]) -> Vec<ShiftDoc> {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let clock = |m: usize| if m == 1440 { "24:00".to_string() } else { format!("{:02}:{:02}", m / 60, m % 60) };
    let mut out = Vec::new();
    for (d, day) in DAYS.iter().enumerate() {
        let minutes = &staff[d * 1440..(d + 1) * 1440];
        let mut from = 0;
        while from < 1440 {
            let n = minutes[from];
            let to = (from..1440).find(|&m| minutes[m] != n).unwrap_or(1440);
            if n > 0 {
                let (from, to) = (clock(from), clock(to));
                match out.iter_mut().find(|s: &&mut ShiftDoc| s.from == from && s.to == to && s.staff == n) {
                    Some(same) => same.days.push((*day).to_string()),
                    None => out.push(ShiftDoc { days: vec![(*day).to_string()], from, to, staff: n }),
                }
            }
            from = to;
        }
    }
    out
}

/// Whether a value is a schedule's time zone at UTC.
pub fn is_utc(zone: &Value) -> bool {
    matches!(zone.as_str(), Some("UTC" | "Etc/UTC" | "Etc/GMT" | "GMT"))
}
