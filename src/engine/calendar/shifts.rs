//! Staffing by time of week: shifts that add up where they overlap, as a weekly step function.
//!
//! The engine asks two questions many times per run: how many people are on now, and when does that
//! next change. Both are answered from a precomputed list of week segments by binary search.

use super::{LocalClock, WeeklyWindows};
use crate::engine::time::{SimTime, WEEK};

/// Staff count by time of week, from shifts that add up where they overlap.
#[derive(Clone, Debug, PartialEq)]
pub struct ShiftSchedule {
    clock: LocalClock,
    /// `(start, staff)` segments covering `[0, WEEK)`: each lasts until the next one's start (the
    /// last until `WEEK`). Starts are strictly increasing, the first is 0, and neighbours differ.
    segments: Vec<(u64, u32)>,
    /// Week positions where the count changes, with the new count, treating the week as a cycle:
    /// Monday 00:00 is listed only if Sunday night's count differs from Monday morning's.
    changes: Vec<(u64, u32)>,
}

impl ShiftSchedule {
    /// Builds the schedule from `(windows, staff)` pairs read on the scenario's local `clock`.
    pub fn new(clock: LocalClock, shifts: Vec<(WeeklyWindows, u32)>) -> Self {
        // Every interval edge is a place the total may change; between edges it is constant.
        let mut edges: Vec<u64> = vec![0];
        for (windows, _) in &shifts {
            for &(a, b) in windows.intervals() {
                edges.push(a);
                edges.push(b);
            }
        }
        edges.retain(|&e| e < WEEK);
        crate::engine::order::sort_dedup(&mut edges);

        let mut segments: Vec<(u64, u32)> = Vec::with_capacity(edges.len());
        for &edge in &edges {
            let staff = shifts
                .iter()
                .filter(|(windows, _)| windows.contains(edge))
                .fold(0u32, |sum, &(_, n)| sum.saturating_add(n));
            match segments.last() {
                Some(&(_, previous)) if previous == staff => {}
                _ => segments.push((edge, staff)),
            }
        }

        // `segments` is never empty: edge 0 is always present.
        let last_staff = segments.last().map_or(0, |&(_, n)| n);
        let changes = segments
            .iter()
            .enumerate()
            .filter(|&(k, &(_, staff))| k > 0 || staff != last_staff)
            .map(|(_, &segment)| segment)
            .collect();

        ShiftSchedule { clock, segments, changes }
    }

    /// The number of staff on at `t`.
    pub fn staff_at(&self, t: SimTime) -> u32 {
        let position = self.clock.week_position(t);
        let k = self.segments.partition_point(|&(start, _)| start <= position);
        // k >= 1 because the first segment starts at 0; the fallback is unreachable.
        k.checked_sub(1).and_then(|k| self.segments.get(k)).map_or(0, |&(_, n)| n)
    }

    /// The next instant strictly after `t` at which the staff count changes, with the new count;
    /// `None` if it never changes.
    pub fn next_change(&self, t: SimTime) -> Option<(SimTime, u32)> {
        let position = self.clock.week_position(t);
        let k = self.changes.partition_point(|&(start, _)| start <= position);
        let (at, staff) = match self.changes.get(k) {
            Some(&(start, staff)) => (start, staff),
            // Past this week's last change: the next is the first one of the following week.
            None => {
                let &(start, staff) = self.changes.first()?;
                (start + WEEK, staff)
            }
        };
        Some((t.after(at - position), staff))
    }

    /// Time-averaged staff over a week.
    pub fn mean_staff(&self) -> f64 {
        let staff_ms: u128 = self
            .segments
            .iter()
            .enumerate()
            .map(|(k, &(start, staff))| {
                let end = self.segments.get(k + 1).map_or(WEEK, |&(next, _)| next);
                u128::from(end - start) * u128::from(staff)
            })
            .sum();
        staff_ms as f64 / WEEK as f64
    }

    /// The largest number of staff on at any time of the week.
    pub fn max_staff(&self) -> u32 {
        self.segments.iter().map(|&(_, n)| n).max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::time::{DAY, HOUR};
    use chrono::{DateTime, FixedOffset};

    fn monday_clock() -> LocalClock {
        let start = DateTime::parse_from_rfc3339("2026-01-05T00:00:00+00:00").unwrap();
        LocalClock::new(start, *start.offset())
    }

    fn shift(days: &[&str], from: &str, to: &str) -> WeeklyWindows {
        let mut w = WeeklyWindows::empty();
        let days: Vec<String> = days.iter().map(std::string::ToString::to_string).collect();
        w.add(&days, from, to).unwrap();
        w
    }

    #[test]
    fn overlapping_shifts_add_up() {
        let schedule = ShiftSchedule::new(
            monday_clock(),
            vec![(shift(&["weekdays"], "08:00", "16:00"), 2), (shift(&["weekdays"], "12:00", "20:00"), 3)],
        );
        assert_eq!(schedule.staff_at(SimTime(0)), 0);
        assert_eq!(schedule.staff_at(SimTime(8 * HOUR)), 2);
        assert_eq!(schedule.staff_at(SimTime(12 * HOUR - 1)), 2);
        assert_eq!(schedule.staff_at(SimTime(12 * HOUR)), 5);
        assert_eq!(schedule.staff_at(SimTime(16 * HOUR)), 3);
        assert_eq!(schedule.staff_at(SimTime(20 * HOUR)), 0);
        assert_eq!(schedule.staff_at(SimTime(5 * DAY + 13 * HOUR)), 0);
        assert_eq!(schedule.staff_at(SimTime(WEEK + 4 * DAY + 13 * HOUR)), 5);
        assert_eq!(schedule.max_staff(), 5);
        // Each weekday: 4 h x 2 + 4 h x 5 + 4 h x 3 = 40 staff-hours, 200 over a 168-hour week.
        assert_eq!(schedule.mean_staff(), 200.0 / 168.0);

        // Walk the changes through the week and into the next one.
        let mut expected = Vec::new();
        for day in 0..5 {
            for (hour, staff) in [(8, 2), (12, 5), (16, 3), (20, 0)] {
                expected.push((SimTime(day * DAY + hour * HOUR), staff));
            }
        }
        expected.push((SimTime(WEEK + 8 * HOUR), 2));
        let mut t = SimTime(0);
        let mut seen = Vec::new();
        for _ in 0..expected.len() {
            let (at, staff) = schedule.next_change(t).unwrap();
            assert_eq!(schedule.staff_at(at), staff);
            seen.push((at, staff));
            t = at;
        }
        assert_eq!(seen, expected);

        // From mid-segment, the change is the end of the current segment, strictly after t.
        assert_eq!(schedule.next_change(SimTime(9 * HOUR)), Some((SimTime(12 * HOUR), 5)));
        assert_eq!(schedule.next_change(SimTime(4 * DAY + 21 * HOUR)), Some((SimTime(WEEK + 8 * HOUR), 2)));
    }

    #[test]
    fn monday_midnight_is_not_a_change_when_the_count_carries_over() {
        let schedule = ShiftSchedule::new(
            monday_clock(),
            vec![(shift(&["all"], "00:00", "24:00"), 1), (shift(&["sun"], "22:00", "06:00"), 1)],
        );
        assert_eq!(schedule.staff_at(SimTime(0)), 2);
        assert_eq!(schedule.staff_at(SimTime(6 * HOUR)), 1);
        assert_eq!(schedule.staff_at(SimTime(6 * DAY + 22 * HOUR)), 2);
        assert_eq!(schedule.next_change(SimTime(0)), Some((SimTime(6 * HOUR), 1)));
        assert_eq!(schedule.next_change(SimTime(6 * HOUR)), Some((SimTime(6 * DAY + 22 * HOUR), 2)));
        assert_eq!(schedule.next_change(SimTime(6 * DAY + 23 * HOUR)), Some((SimTime(WEEK + 6 * HOUR), 1)));
        assert_eq!(schedule.mean_staff(), 176.0 / 168.0);
        assert_eq!(schedule.max_staff(), 2);
    }

    #[test]
    fn constant_and_empty_schedules_never_change() {
        let empty = ShiftSchedule::new(monday_clock(), Vec::new());
        assert_eq!(empty.staff_at(SimTime(0)), 0);
        assert_eq!(empty.staff_at(SimTime(3 * DAY + 5)), 0);
        assert_eq!(empty.next_change(SimTime(0)), None);
        assert_eq!(empty.mean_staff(), 0.0);
        assert_eq!(empty.max_staff(), 0);

        let no_hours = ShiftSchedule::new(monday_clock(), vec![(WeeklyWindows::empty(), 4)]);
        assert_eq!(no_hours, empty);

        let always = ShiftSchedule::new(monday_clock(), vec![(shift(&["all"], "00:00", "00:00"), 3)]);
        assert_eq!(always.staff_at(SimTime(123_456_789)), 3);
        assert_eq!(always.next_change(SimTime(0)), None);
        assert_eq!(always.mean_staff(), 3.0);
    }

    #[test]
    fn follows_the_local_clock() {
        // Start Wednesday 10:00 at +02:00; a Wednesday 12:00–13:00 shift is 2 h away.
        let start = DateTime::parse_from_rfc3339("2026-01-07T08:00:00Z").unwrap();
        let clock = LocalClock::new(start, FixedOffset::east_opt(2 * 3600).unwrap());
        let schedule = ShiftSchedule::new(clock, vec![(shift(&["wed"], "12:00", "13:00"), 1)]);
        assert_eq!(schedule.staff_at(SimTime(0)), 0);
        assert_eq!(schedule.next_change(SimTime(0)), Some((SimTime(2 * HOUR), 1)));
        assert_eq!(schedule.next_change(SimTime(2 * HOUR)), Some((SimTime(3 * HOUR), 0)));
        assert_eq!(schedule.next_change(SimTime(3 * HOUR)), Some((SimTime(WEEK + 2 * HOUR), 1)));
    }
}
