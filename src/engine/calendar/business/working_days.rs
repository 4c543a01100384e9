//! Working days on a business calendar: "within 3 working days" of a Tuesday 15:00 issue means
//! Friday 15:00, skipping weekends, other closed days and holidays.
//!
//! A **working day** is a local day that has open time in the weekly pattern and is not a holiday.
//! The count starts when the calendar is open: at the start itself, or at the next opening if the
//! start falls outside open hours. The end is the same local clock time as that opening moment,
//! on the N-th working day after its day. Days are counted in closed form (whole weeks, then the
//! day of the week, then the holidays passed) like business time in the parent module, so that
//! the cost does not grow with N.

use super::BusinessCalendar;
use crate::engine::calendar::HORIZON;
use crate::engine::time::{DAY, SimTime};

impl BusinessCalendar {
    /// Open days in the weekly pattern (1 to 7 for a calendar open some time in the week).
    pub fn open_days_per_week(&self) -> u64 {
        u64::from(self.open_days_before[7])
    }

    /// The instant `n` working days after `from`: the same local clock time as the moment the
    /// count starts (`from`, or the next opening when `from` is closed), on the `n`-th working day
    /// after that moment's day. `from` itself for `n = 0`; `SimTime(u64::MAX)` beyond `HORIZON`.
    pub fn working_days_later(&self, from: SimTime, n: u32) -> SimTime {
        if n == 0 {
            return from;
        }
        // The first open millisecond at or after `from` ends at `add(from, 1)`.
        let opened = self.add(from, 1);
        if opened.0 == u64::MAX {
            return opened;
        }
        let x = self.local(SimTime(opened.0 - 1));
        let day = self.nth_working_day_after(x / DAY, u64::from(n));
        let landing = day.saturating_mul(DAY).saturating_add(x % DAY);
        match landing.checked_sub(self.clock.lead()) {
            Some(t) if t <= HORIZON => SimTime(t),
            _ => SimTime(u64::MAX),
        }
    }

    /// Working days among the local days `[0, e)`: the weekly pattern's open days less the
    /// holidays (each stored holiday falls on an open day, so this cannot underflow).
    fn working_days_before(&self, e: u64) -> u64 {
        (e / 7) * self.open_days_per_week() + u64::from(self.open_days_before[(e % 7) as usize])
            - self.holidays_before(e)
    }

    /// Holidays on the local days `[0, e)`.
    fn holidays_before(&self, e: u64) -> u64 {
        let x = e.saturating_mul(DAY);
        self.holiday_starts.partition_point(|&s| s < x) as u64
    }

    /// The smallest `e` such that the local days `[0, e)` hold `c > 0` open days of the weekly
    /// pattern, holidays ignored.
    fn first_reaching_weekly_days(&self, c: u64) -> u64 {
        let per_week = self.open_days_per_week();
        if per_week == 0 {
            // Never open; validation refuses such calendars. Answer "far away" rather than panic.
            return u64::MAX / DAY;
        }
        let weeks = (c - 1) / per_week;
        // In 1..=per_week, so it is reached on some day of this week.
        let rest = c - weeks * per_week;
        let within = (1..=7u64).find(|&j| u64::from(self.open_days_before[j as usize]) >= rest).unwrap_or(7);
        weeks * 7 + within
    }

    /// The local day index of the `n`-th working day after day `day` (`n > 0`).
    ///
    /// The same fixed point as `first_reaching`, on days: with `c` the working days wanted in
    /// `[0, e)` and `H(e)` the holidays before `e`, the answer `e*` ends on a working day, so its
    /// weekly open days are exactly `c + H(e*)`. Starting from `H(day + 1) <= H(e*)`, each step
    /// `e_k = first_reaching_weekly_days(c + h_k)` stays at or before `e*`, and `h_{k+1} = H(e_k)`
    /// either repeats (then `e_k` holds `c` working days, so it is `e*`) or counts another holiday.
    fn nth_working_day_after(&self, day: u64, n: u64) -> u64 {
        let wanted = self.working_days_before(day + 1) + n;
        let mut lost = self.holidays_before(day + 1);
        loop {
            let e = self.first_reaching_weekly_days(wanted + lost);
            let lost_now = self.holidays_before(e);
            if lost_now == lost {
                return e - 1;
            }
            lost = lost_now;
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset, NaiveDate};

    use super::*;
    use crate::engine::calendar::{Calendar, WeeklyWindows};
    use crate::engine::time::{HOUR, MINUTE};

    /// Day `d` (0 = Monday 2026-01-05) at `h:m`, UTC.
    fn at(d: u64, h: u64, m: u64) -> SimTime {
        SimTime(d * DAY + h * HOUR + m * MINUTE)
    }

    fn calendar(
        start: &str,
        offset: FixedOffset,
        windows: &[(&str, &str, &str)],
        holidays: &[&str],
    ) -> BusinessCalendar {
        let mut hours = WeeklyWindows::empty();
        for &(days, from, to) in windows {
            hours.add(&[days.to_string()], from, to).unwrap();
        }
        let holidays = holidays.iter().map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()).collect();
        BusinessCalendar::new(DateTime::parse_from_rfc3339(start).unwrap(), offset, hours, holidays)
    }

    /// Weekdays 09:00–17:00 UTC from Monday 2026-01-05 00:00.
    fn office(holidays: &[&str]) -> BusinessCalendar {
        calendar("2026-01-05T00:00:00Z", FixedOffset::east_opt(0).unwrap(), &[("weekdays", "09:00", "17:00")], holidays)
    }

    #[test]
    fn three_working_days_across_a_weekend_and_a_holiday() {
        let cal = office(&[]);
        assert_eq!(cal.open_days_per_week(), 5);
        // Tuesday 15:00 + 3 working days = Friday 15:00: 2 + 8 + 8 + 6 business hours.
        assert_eq!(cal.working_days_later(at(1, 15, 0), 3), at(4, 15, 0));
        assert_eq!(cal.elapsed(at(1, 15, 0), at(4, 15, 0)), 24 * HOUR);
        // Thursday 15:00 + 3 = Tuesday 15:00, the weekend skipped.
        assert_eq!(cal.working_days_later(at(3, 15, 0), 3), at(8, 15, 0));
        // Friday 09:00 + 5 = the next Friday 09:00.
        assert_eq!(cal.working_days_later(at(4, 9, 0), 5), at(11, 9, 0));

        // Thursday 2026-01-08 off: Tuesday 15:00 counts Wednesday, Friday, Monday.
        let thursday_off = office(&["2026-01-08"]);
        assert_eq!(thursday_off.working_days_later(at(1, 15, 0), 3), at(7, 15, 0));
        assert_eq!(thursday_off.elapsed(at(1, 15, 0), at(7, 15, 0)), 24 * HOUR);
        // A holiday on a Saturday changes nothing; two holidays in a row are both skipped.
        let saturday_off = office(&["2026-01-10"]);
        assert_eq!(saturday_off.working_days_later(at(3, 15, 0), 3), at(8, 15, 0));
        let two_off = office(&["2026-01-12", "2026-01-13"]);
        assert_eq!(two_off.working_days_later(at(3, 15, 0), 3), at(10, 15, 0));
    }

    #[test]
    fn a_closed_start_counts_from_the_next_opening() {
        let cal = office(&["2026-01-08"]);
        // Tuesday 07:00 starts at 09:00, then Wednesday, Friday and Monday (Thursday is off).
        assert_eq!(cal.working_days_later(at(1, 7, 0), 3), at(7, 9, 0));
        // Tuesday 18:00 starts Wednesday 09:00: Friday, Monday, Tuesday.
        assert_eq!(cal.working_days_later(at(1, 18, 0), 3), at(8, 9, 0));
        // Saturday 11:00 starts Monday 09:00: Thursday 09:00, three full days of open time.
        assert_eq!(cal.working_days_later(at(5, 11, 0), 3), at(10, 9, 0));
        assert_eq!(cal.elapsed(at(5, 11, 0), at(10, 9, 0)), 24 * HOUR);
        // On the holiday itself the count starts on Friday 09:00.
        assert_eq!(cal.working_days_later(at(3, 10, 0), 1), at(7, 9, 0));
        // Zero days is now.
        assert_eq!(cal.working_days_later(at(3, 10, 0), 0), at(3, 10, 0));
    }

    #[test]
    fn days_of_different_lengths_land_at_the_same_clock_time() {
        // Saturday mornings too: Friday 15:00 + 1 lands on Saturday 15:00, after Saturday's
        // closing, so the target holds Friday 15–17 and Saturday 10–14: 6 business hours.
        let cal = calendar(
            "2026-01-05T00:00:00Z",
            FixedOffset::east_opt(0).unwrap(),
            &[("weekdays", "09:00", "17:00"), ("sat", "10:00", "14:00")],
            &[],
        );
        assert_eq!(cal.open_days_per_week(), 6);
        assert_eq!(cal.working_days_later(at(4, 15, 0), 1), at(5, 15, 0));
        assert_eq!(cal.elapsed(at(4, 15, 0), at(5, 15, 0)), 6 * HOUR);
        // Saturday 12:00 + 1 = Monday 12:00: Saturday 2 h and Monday 3 h.
        assert_eq!(cal.working_days_later(at(5, 12, 0), 1), at(7, 12, 0));
        assert_eq!(cal.elapsed(at(5, 12, 0), at(7, 12, 0)), 5 * HOUR);
    }

    #[test]
    fn local_days_follow_the_calendar_offset() {
        // Weekdays 09:00–17:00 at +05:30 on a UTC run; Monday 2026-01-12 is a holiday there.
        // Friday 16:00 IST (10:30 UTC) + 1 working day = Tuesday 16:00 IST.
        let ist = FixedOffset::east_opt(5 * 3600 + 30 * 60).unwrap();
        let cal = calendar("2026-01-05T00:00:00Z", ist, &[("weekdays", "09:00", "17:00")], &["2026-01-12"]);
        assert_eq!(cal.working_days_later(at(4, 10, 30), 1), at(8, 10, 30));
        // Friday 20:00 IST (14:30 UTC) is closed: counting starts Tuesday 09:00 IST (03:30 UTC).
        assert_eq!(cal.working_days_later(at(4, 14, 30), 1), at(9, 3, 30));
    }

    #[test]
    fn matches_stepping_day_by_day() {
        // A calendar with a wrapping Sunday night, Saturday hours, a -03:30 offset, an odd start
        // and clustered holidays, against a plain day-by-day count.
        let west = FixedOffset::west_opt(3 * 3600 + 30 * 60).unwrap();
        let holidays =
            ["2026-01-07", "2026-01-08", "2026-01-09", "2026-01-11", "2026-01-19", "2026-02-02", "2026-02-03"];
        let cal = calendar(
            "2026-01-07T13:47:12.345Z",
            west,
            &[
                ("weekdays", "08:30", "12:00"),
                ("weekdays", "13:00", "18:15"),
                ("sat", "10:00", "14:00"),
                ("sun", "22:00", "02:00"),
            ],
            &holidays,
        );
        let working = |day: u64| cal.business_before((day + 1) * DAY) > cal.business_before(day * DAY);
        let lead = cal.clock.lead();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..3000 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let from = SimTime((state >> 20) % (8 * 7 * DAY));
            let n = ((state >> 8) % 25) as u32 + 1;
            let opened = cal.add(from, 1).0 - 1;
            let x = opened + lead;
            let (mut day, mut left) = (x / DAY, n);
            while left > 0 {
                day += 1;
                left -= u32::from(working(day));
            }
            let expected = SimTime(day * DAY + x % DAY - lead);
            assert_eq!(cal.working_days_later(from, n), expected, "from {from:?}, {n} working days");
        }
        // The trait-level calendar agrees.
        let whole = Calendar::Business(cal.clone());
        assert_eq!(whole.working_days_later(at(10, 12, 0), 2), cal.working_days_later(at(10, 12, 0), 2));
    }
}
