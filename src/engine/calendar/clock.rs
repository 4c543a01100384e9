//! The local wall clock of a scenario: where in the (Monday-based) week a simulated instant falls.
//!
//! Offsets are fixed, so there are no daylight-saving jumps: every local week is exactly `WEEK` ms
//! long and a simulated instant maps to a week position with one addition and one remainder.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};

use crate::engine::time::{DAY, HOUR, SimTime, WEEK};

/// Maps simulated time to a local week position for a fixed UTC offset.
///
/// The run starts `lead` ms after the local Monday 00:00 at or before the start instant, so the
/// week position of simulated time `t` is `(lead + t) mod WEEK`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LocalClock {
    /// Local Monday 00:00 at or before the start instant.
    monday: NaiveDateTime,
    /// Milliseconds from `monday` to the start instant, in `[0, WEEK)`.
    lead: u64,
}

impl LocalClock {
    /// A clock for a run starting at `start`, reading local time at `offset` (which need not be
    /// `start`'s own offset). Sub-millisecond parts of `start` are dropped, as simulated time has
    /// millisecond resolution.
    pub fn new(start: DateTime<FixedOffset>, offset: FixedOffset) -> Self {
        let local = start.with_timezone(&offset).naive_local();
        let weekday = local.weekday().num_days_from_monday();
        // `nanosecond` can exceed 10^9 during a leap second; clamp so the lead stays inside the day.
        let millis = u64::from(local.nanosecond() / 1_000_000).min(999);
        let into_day = (u64::from(local.num_seconds_from_midnight()) * 1_000 + millis).min(DAY - 1);
        let date = local.date();
        // Only a start within a week of chrono's earliest date has no Monday before it; fall back to
        // its own day rather than fail, which merely shifts the weekdays of such an absurd run.
        let (monday_date, days_back) = match date.checked_sub_days(Days::new(u64::from(weekday))) {
            Some(monday) => (monday, u64::from(weekday)),
            None => (date, 0),
        };
        LocalClock { monday: monday_date.and_time(NaiveTime::MIN), lead: days_back * DAY + into_day }
    }

    /// Milliseconds since local Monday 00:00 of `t`'s week, in `[0, WEEK)`.
    pub fn week_position(&self, t: SimTime) -> u64 {
        // Reduce each term first so that `t` near `u64::MAX` ("never") cannot overflow.
        (self.lead + t.0 % WEEK) % WEEK
    }

    /// The local hour of the week, 0..168; Monday 00:00–01:00 is 0.
    pub fn hour_of_week(&self, t: SimTime) -> usize {
        // At most 167, so the cast is lossless even on 32-bit targets.
        (self.week_position(t) / HOUR) as usize
    }

    /// The first instant strictly after `t` at which the local week position is a whole hour.
    pub fn next_hour_boundary(&self, t: SimTime) -> SimTime {
        let into_hour = self.week_position(t) % HOUR;
        t.after(HOUR - into_hour)
    }

    /// The local date and time at `t` (saturating at chrono's latest representable instant).
    pub fn local_datetime(&self, t: SimTime) -> NaiveDateTime {
        i64::try_from(self.lead.saturating_add(t.0))
            .ok()
            .and_then(TimeDelta::try_milliseconds)
            .and_then(|delta| self.monday.checked_add_signed(delta))
            .unwrap_or(NaiveDateTime::MAX)
    }

    /// Milliseconds from local Monday 00:00 of the start week to the start instant.
    pub(super) fn lead(&self) -> u64 {
        self.lead
    }

    /// The local date of the Monday that local milliseconds are counted from.
    pub(super) fn monday_date(&self) -> NaiveDate {
        self.monday.date()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::time::MINUTE;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn plus(hours: i32) -> FixedOffset {
        FixedOffset::east_opt(hours * 3600).unwrap()
    }

    #[test]
    fn odd_start_at_plus_one() {
        // Wednesday 13:47:12.345 at +01:00: two days and 13:47:12.345 into the local week.
        let clock = LocalClock::new(at("2026-01-07T13:47:12.345+01:00"), plus(1));
        let lead = 2 * DAY + 13 * HOUR + 47 * MINUTE + 12_345;
        assert_eq!(clock.week_position(SimTime(0)), lead);
        assert_eq!(clock.hour_of_week(SimTime(0)), 61);

        // The next hour starts at 14:00, 12:47.655 later; from there the next is a full hour on.
        let to_hour = 12 * MINUTE + 47_655;
        assert_eq!(clock.next_hour_boundary(SimTime(0)), SimTime(to_hour));
        assert_eq!(clock.hour_of_week(SimTime(to_hour - 1)), 61);
        assert_eq!(clock.hour_of_week(SimTime(to_hour)), 62);
        assert_eq!(clock.next_hour_boundary(SimTime(to_hour)), SimTime(to_hour + HOUR));
        assert_eq!(clock.next_hour_boundary(SimTime(to_hour - 1)), SimTime(to_hour));

        // Sunday 23:30 local is 4 days 9:42:47.655 after the start; its next hour is Monday 00:00.
        let sunday_late = 4 * DAY + 9 * HOUR + 42 * MINUTE + 47_655;
        assert_eq!(clock.hour_of_week(SimTime(sunday_late)), 167);
        assert_eq!(clock.week_position(SimTime(sunday_late)), WEEK - 30 * MINUTE);
        let monday = clock.next_hour_boundary(SimTime(sunday_late));
        assert_eq!(monday, SimTime(sunday_late + 30 * MINUTE));
        assert_eq!(clock.week_position(monday), 0);
        assert_eq!(clock.hour_of_week(monday), 0);

        let expected = NaiveDate::from_ymd_opt(2026, 1, 7).unwrap().and_hms_milli_opt(13, 47, 12, 345).unwrap();
        assert_eq!(clock.local_datetime(SimTime(0)), expected);
        let monday_midnight = NaiveDate::from_ymd_opt(2026, 1, 12).unwrap().and_time(NaiveTime::MIN);
        assert_eq!(clock.local_datetime(monday), monday_midnight);
    }

    #[test]
    fn offset_differs_from_start() {
        // Sunday 23:30 UTC is Monday 00:30 at +01:00.
        let clock = LocalClock::new(at("2026-01-04T23:30:00Z"), plus(1));
        assert_eq!(clock.week_position(SimTime(0)), 30 * MINUTE);
        assert_eq!(clock.hour_of_week(SimTime(0)), 0);
        assert_eq!(clock.next_hour_boundary(SimTime(0)), SimTime(30 * MINUTE));
        assert_eq!(clock.monday_date(), NaiveDate::from_ymd_opt(2026, 1, 5).unwrap());

        // The same instant read at UTC is late Sunday.
        let utc = LocalClock::new(at("2026-01-04T23:30:00Z"), plus(0));
        assert_eq!(utc.hour_of_week(SimTime(0)), 167);
        assert_eq!(utc.monday_date(), NaiveDate::from_ymd_opt(2025, 12, 29).unwrap());
    }

    #[test]
    fn never_does_not_overflow() {
        let clock = LocalClock::new(at("2026-01-07T13:47:12.345+01:00"), plus(1));
        assert!(clock.week_position(SimTime(u64::MAX)) < WEEK);
        assert_eq!(clock.next_hour_boundary(SimTime(u64::MAX)), SimTime(u64::MAX));
        assert_eq!(clock.local_datetime(SimTime(u64::MAX)), NaiveDateTime::MAX);
    }
}
