//! SLA clocks on business-hours calendars, checked on single issues whose every time is known:
//! the run starts Monday 2026-01-05 00:00 UTC and each issue is served at once by a fixed time.

use serde_json::{Value, json};

use super::support::{base, run, set};

/// One level with ample staff and a deterministic service of `service`; one P2 issue arriving
/// `at` after the start; a resolution target of `target` on `calendar`.
fn scenario(at: &str, service: &str, target: &str, calendar: Value) -> Value {
    let mut doc = base();
    set(&mut doc, "/levels/0/staff", json!(5));
    set(&mut doc, "/levels/0/service", json!({"dist": "deterministic", "value": service}));
    set(&mut doc, "/workload/arrivals_per_hour", json!(0));
    set(&mut doc, "/workload/scheduled", json!([{"at": at, "category": "complaint", "priority": "P2"}]));
    set(&mut doc, "/calendars", json!([calendar]));
    set(
        &mut doc,
        "/sla",
        json!([{"name": "office", "calendar": "office", "targets": {"P2": {"first_response": "1m", "resolution": target}}}]),
    );
    set(&mut doc, "/run/horizon", json!("2w"));
    doc
}

fn office(holidays: &[&str], offset: &str) -> Value {
    json!({"name": "office", "utc_offset": offset, "hours": [{"days": ["weekdays"], "from": "09:00", "to": "17:00"}], "holidays": holidays})
}

/// (resolution breached?, time to resolution in minutes) of the single issue.
fn outcome(doc: &Value) -> (bool, f64) {
    let r = run(doc);
    let p2 = &r.summary.priorities[1];
    assert_eq!(p2.counted.mean, Some(1.0));
    (p2.resolution_breach.mean == Some(1.0), p2.ttr.mean.mean.unwrap())
}

#[test]
fn friday_evening_counts_only_the_open_hour() {
    // Friday 16:00 + 2 h of work = Friday 18:00, but only 16:00-17:00 is business time: 1 h.
    let friday_4pm = "4d16h";
    assert_eq!(outcome(&scenario(friday_4pm, "2h", "1h", office(&[], "+00:00"))), (false, 120.0));
    assert_eq!(outcome(&scenario(friday_4pm, "2h", "59m", office(&[], "+00:00"))), (true, 120.0));
}

#[test]
fn holidays_stop_the_clock() {
    // Monday 16:00 + 20 h = Tuesday 12:00: 1 h on Monday plus 3 h on Tuesday, unless Tuesday is a holiday.
    let with_holiday = scenario("16h", "20h", "2h", office(&["2026-01-06"], "+00:00"));
    assert_eq!(outcome(&with_holiday), (false, 1200.0));
    let without = scenario("16h", "20h", "2h", office(&[], "+00:00"));
    assert_eq!(outcome(&without), (true, 1200.0));
}

#[test]
fn calendar_time_zone_shifts_the_opening_hours() {
    // 09:00-17:00 at +05:30 is 03:30-11:30 UTC. An issue at 02:00 UTC resolved at 05:00 UTC has
    // used 1.5 business hours.
    assert!(outcome(&scenario("2h", "3h", "1h", office(&[], "+05:30"))).0);
    assert!(!outcome(&scenario("2h", "3h", "2h", office(&[], "+05:30"))).0);
    // The same issue on a UTC office calendar used no business time at all.
    assert!(!outcome(&scenario("2h", "3h", "1m", office(&[], "+00:00"))).0);
}

#[test]
fn round_the_clock_counts_every_hour() {
    let mut doc = scenario("4d16h", "2h", "1h", office(&[], "+00:00"));
    set(&mut doc, "/sla/0/calendar", json!("24x7"));
    assert_eq!(outcome(&doc), (true, 120.0));
}

#[test]
fn breaches_land_in_the_hour_of_week_heatmap_and_the_time_series() {
    let doc = scenario("4d16h", "2h", "59m", office(&[], "+00:00"));
    let r = run(&doc);
    // Arrived Friday 16:00: hour of week 4 * 24 + 16.
    assert_eq!(r.heatmap.arrivals[1][4 * 24 + 16], 1.0);
    assert_eq!(r.heatmap.breaches[1][4 * 24 + 16], 1.0);
    assert_eq!(r.heatmap.breaches[1].iter().sum::<f64>(), 1.0);
    // The target passed at Friday 16:59, inside the bucket that holds that instant.
    let ts = &r.time_series;
    let bucket = ((4.0 * 24.0 + 16.0 + 59.0 / 60.0) * 60.0 / ts.bucket_minutes) as usize;
    assert_eq!(ts.breaches[1][bucket], 1.0);
    assert_eq!(ts.breaches[1].iter().sum::<f64>(), 1.0);
}
