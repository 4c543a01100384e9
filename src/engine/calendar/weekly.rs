//! Weekly time windows ("weekdays 09:00–17:00") and the day and time-of-day syntax they are written in.
//!
//! A week here is local wall-clock time starting Monday 00:00, measured in milliseconds. Windows are
//! kept merged and sorted so that business calendars and shift schedules can build prefix sums and
//! binary-search them without caring how the author happened to split the hours.

use crate::engine::time::{DAY, HOUR, MINUTE, WEEK};

/// Weekly windows as merged, sorted `[from, to)` ms offsets within a week that starts Monday 00:00
/// local time.
///
/// Invariant: intervals are non-empty, lie within `[0, WEEK]`, are sorted, and neither overlap nor
/// touch (touching windows are merged), so every open millisecond belongs to exactly one interval.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WeeklyWindows {
    intervals: Vec<(u64, u64)>,
}

impl WeeklyWindows {
    /// No open time at all.
    pub fn empty() -> Self {
        WeeklyWindows { intervals: Vec::new() }
    }

    /// Adds one window on each of the given days.
    ///
    /// Days are names `"mon"`..`"sun"` (or full names, any case), or `"weekdays"`, `"weekend"`,
    /// `"all"`/`"daily"`. `from`/`to` are `"HH:MM"`; `to` may be `"24:00"`. If `to <= from` the window
    /// wraps past midnight into the next day, and `from == to` means the full 24 hours. A Sunday
    /// window that wraps continues into Monday morning of the same (repeating) week.
    pub fn add(&mut self, days: &[String], from: &str, to: &str) -> Result<(), String> {
        self.add_part(days, from, to).map_err(|(_, message)| message)
    }

    /// [`add`](Self::add), saying which part of the window is wrong: `"days"`, `"from"` or `"to"`
    /// (the field names of the scenario format).
    pub fn add_part(&mut self, days: &[String], from: &str, to: &str) -> Result<(), (&'static str, String)> {
        let day_indices = parse_days(days).map_err(|m| ("days", m))?;
        let start = parse_time_of_day(from).map_err(|m| ("from", m))?;
        if start == DAY {
            // A window starting at the end of a day is really a window of the next day; accepting
            // it would silently shift the author's days by one, so ask for 00:00 instead.
            return Err((
                "from",
                format!(
                    "\"{}\" cannot start a window; write \"00:00\" and name the following day instead.",
                    from.trim()
                ),
            ));
        }
        let end = parse_time_of_day(to).map_err(|m| ("to", m))?;
        // Length in ms; a window that does not move forward wraps past midnight.
        let length = if end > start { end - start } else { end + DAY - start };
        for day in day_indices {
            let begin = u64::from(day) * DAY + start;
            let finish = begin + length;
            if finish > WEEK {
                // Sunday night spills into Monday morning: the week repeats, so split it in two.
                self.intervals.push((begin, WEEK));
                self.intervals.push((0, finish - WEEK));
            } else {
                self.intervals.push((begin, finish));
            }
        }
        self.normalise();
        Ok(())
    }

    /// Total milliseconds open per week.
    pub fn open_per_week(&self) -> u64 {
        self.intervals.iter().map(|&(a, b)| b - a).sum()
    }

    /// The merged, sorted `[from, to)` intervals, in ms since Monday 00:00.
    pub fn intervals(&self) -> &[(u64, u64)] {
        &self.intervals
    }

    /// Whether the window is open at `position` ms since Monday 00:00 (taken modulo a week).
    pub fn contains(&self, position: u64) -> bool {
        let p = position % WEEK;
        // The only candidate is the last interval starting at or before `p`.
        let k = self.intervals.partition_point(|&(a, _)| a <= p);
        k > 0 && p < self.intervals[k - 1].1
    }

    /// Sorts and merges overlapping or touching intervals to restore the invariant.
    fn normalise(&mut self) {
        self.intervals.retain(|&(a, b)| b > a);
        crate::engine::order::sort_by(&mut self.intervals, Ord::cmp);
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(self.intervals.len());
        for &(a, b) in &self.intervals {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        self.intervals = merged;
    }
}

/// Parses a time of day `"HH:MM"` (24-hour clock, one or two hour digits) into ms since midnight.
/// `"24:00"` is allowed and means the end of the day.
pub fn parse_time_of_day(text: &str) -> Result<u64, String> {
    let s = text.trim();
    let shape_error = || {
        format!("\"{s}\" is not a time of day; write it as HH:MM on a 24-hour clock, such as \"09:00\" or \"17:30\".")
    };
    let (hours, minutes) = s.split_once(':').ok_or_else(shape_error)?;
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || hours.len() > 2 || !all_digits(minutes) || minutes.len() != 2 {
        return Err(shape_error());
    }
    // Both parts are one or two ASCII digits, so parsing cannot fail; map the error anyway
    // rather than unwrap, as this is user text.
    let h: u64 = hours.parse().map_err(|_| shape_error())?;
    let m: u64 = minutes.parse().map_err(|_| shape_error())?;
    if m > 59 {
        return Err(format!("\"{s}\" is not a valid time of day: the minutes must be from 00 to 59."));
    }
    if h > 24 || (h == 24 && m != 0) {
        return Err(format!(
            "\"{s}\" is not a valid time of day: the hour must be from 00 to 23, or the time exactly 24:00 for the end of the day."
        ));
    }
    Ok(h * HOUR + m * MINUTE)
}

/// Parses day names and groups into sorted, distinct weekday indices, 0 = Monday .. 6 = Sunday.
pub fn parse_days(names: &[String]) -> Result<Vec<u32>, String> {
    if names.is_empty() {
        return Err("A window lists no days; name at least one, such as \"mon\", \"weekdays\" or \"all\".".to_string());
    }
    let mut days = Vec::new();
    for name in names {
        let key = name.trim().to_ascii_lowercase();
        let group: &[u32] = match key.as_str() {
            "mon" | "monday" => &[0],
            "tue" | "tues" | "tuesday" => &[1],
            "wed" | "wednesday" => &[2],
            "thu" | "thur" | "thurs" | "thursday" => &[3],
            "fri" | "friday" => &[4],
            "sat" | "saturday" => &[5],
            "sun" | "sunday" => &[6],
            "weekdays" | "weekday" => &[0, 1, 2, 3, 4],
            "weekend" | "weekends" => &[5, 6],
            "all" | "daily" | "everyday" => &[0, 1, 2, 3, 4, 5, 6],
            _ => {
                return Err(format!(
                    "\"{}\" is not a day; use mon, tue, wed, thu, fri, sat, sun (or the full names), \"weekdays\", \"weekend\" or \"all\".",
                    name.trim()
                ));
            }
        };
        days.extend_from_slice(group);
    }
    crate::engine::order::sort_dedup(&mut days);
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(names: &[&str]) -> Vec<String> {
        names.iter().map(std::string::ToString::to_string).collect()
    }

    fn windows(entries: &[(&[&str], &str, &str)]) -> WeeklyWindows {
        let mut w = WeeklyWindows::empty();
        for (d, from, to) in entries {
            w.add(&days(d), from, to).unwrap();
        }
        w
    }

    #[test]
    fn parses_times_of_day() {
        assert_eq!(parse_time_of_day("00:00"), Ok(0));
        assert_eq!(parse_time_of_day("09:30"), Ok(9 * HOUR + 30 * MINUTE));
        assert_eq!(parse_time_of_day("9:30"), Ok(9 * HOUR + 30 * MINUTE));
        assert_eq!(parse_time_of_day(" 23:59 "), Ok(23 * HOUR + 59 * MINUTE));
        assert_eq!(parse_time_of_day("24:00"), Ok(DAY));
    }

    #[test]
    fn bad_times_name_the_value() {
        assert_eq!(
            parse_time_of_day("25:00"),
            Err("\"25:00\" is not a valid time of day: the hour must be from 00 to 23, or the time exactly 24:00 for the end of the day.".to_string())
        );
        assert_eq!(
            parse_time_of_day("9am"),
            Err("\"9am\" is not a time of day; write it as HH:MM on a 24-hour clock, such as \"09:00\" or \"17:30\"."
                .to_string())
        );
        assert_eq!(
            parse_time_of_day("12:60"),
            Err("\"12:60\" is not a valid time of day: the minutes must be from 00 to 59.".to_string())
        );
        for bad in ["24:01", "", ":30", "12:5", "123:00", "-1:00", "12:+5", "1 2:00"] {
            let err = parse_time_of_day(bad).unwrap_err();
            assert!(err.contains(&format!("\"{}\"", bad.trim())), "{err}");
        }
    }

    #[test]
    fn parses_days_and_groups() {
        assert_eq!(parse_days(&days(&["mon"])), Ok(vec![0]));
        assert_eq!(parse_days(&days(&["Sunday", "MONDAY"])), Ok(vec![0, 6]));
        assert_eq!(parse_days(&days(&["weekdays"])), Ok(vec![0, 1, 2, 3, 4]));
        assert_eq!(parse_days(&days(&["weekend", "fri"])), Ok(vec![4, 5, 6]));
        assert_eq!(parse_days(&days(&["all"])), Ok((0..7).collect()));
        assert_eq!(parse_days(&days(&["daily", "tue"])), Ok((0..7).collect()));
        assert_eq!(
            parse_days(&days(&["mon", "funday"])),
            Err("\"funday\" is not a day; use mon, tue, wed, thu, fri, sat, sun (or the full names), \"weekdays\", \"weekend\" or \"all\".".to_string())
        );
        assert!(parse_days(&[]).is_err());
    }

    #[test]
    fn add_reports_the_bad_part() {
        let mut w = WeeklyWindows::empty();
        let err = w.add(&days(&["funday"]), "09:00", "17:00").unwrap_err();
        assert!(err.contains("\"funday\""), "{err}");
        let err = w.add(&days(&["mon"]), "9am", "17:00").unwrap_err();
        assert!(err.contains("\"9am\""), "{err}");
        let err = w.add(&days(&["mon"]), "09:00", "25:00").unwrap_err();
        assert!(err.contains("\"25:00\""), "{err}");
        let err = w.add(&days(&["mon"]), "24:00", "02:00").unwrap_err();
        assert!(err.contains("\"24:00\""), "{err}");
        // A failed add leaves the windows untouched.
        assert_eq!(w, WeeklyWindows::empty());
    }

    #[test]
    fn office_hours() {
        let w = windows(&[(&["weekdays"], "09:00", "17:00")]);
        let expected: Vec<(u64, u64)> = (0..5).map(|d| (d * DAY + 9 * HOUR, d * DAY + 17 * HOUR)).collect();
        assert_eq!(w.intervals(), expected.as_slice());
        assert_eq!(w.open_per_week(), 40 * HOUR);
        assert!(w.contains(9 * HOUR));
        assert!(!w.contains(17 * HOUR));
        assert!(!w.contains(5 * DAY + 10 * HOUR));
        assert!(w.contains(WEEK + 9 * HOUR));
    }

    #[test]
    fn wrapping_windows() {
        let monday_night = windows(&[(&["mon"], "22:00", "06:00")]);
        assert_eq!(monday_night.intervals(), &[(22 * HOUR, 30 * HOUR)]);

        // Sunday night continues into Monday morning of the repeating week.
        let sunday_night = windows(&[(&["sun"], "22:00", "06:00")]);
        assert_eq!(sunday_night.intervals(), &[(0, 6 * HOUR), (166 * HOUR, WEEK)]);
        assert_eq!(sunday_night.open_per_week(), 8 * HOUR);

        let nights = windows(&[(&["all"], "22:00", "06:00")]);
        let mut expected = vec![(0, 6 * HOUR)];
        expected.extend((0..6).map(|d| (d * DAY + 22 * HOUR, d * DAY + 30 * HOUR)));
        expected.push((166 * HOUR, WEEK));
        assert_eq!(nights.intervals(), expected.as_slice());
        assert_eq!(nights.open_per_week(), 56 * HOUR);
    }

    #[test]
    fn end_of_day_and_full_days() {
        let late = windows(&[(&["fri"], "09:00", "24:00")]);
        assert_eq!(late.intervals(), &[(4 * DAY + 9 * HOUR, 5 * DAY)]);

        // Touching windows merge: Friday evening into Saturday early morning.
        let merged = windows(&[(&["fri"], "18:00", "24:00"), (&["sat"], "00:00", "02:00")]);
        assert_eq!(merged.intervals(), &[(4 * DAY + 18 * HOUR, 5 * DAY + 2 * HOUR)]);

        let saturday = windows(&[(&["sat"], "00:00", "00:00")]);
        assert_eq!(saturday.intervals(), &[(5 * DAY, 6 * DAY)]);
        let whole_day = windows(&[(&["sat"], "00:00", "24:00")]);
        assert_eq!(whole_day, saturday);

        // from == to elsewhere in the day is also 24 hours, wrapping into the next day.
        let sunday_eight = windows(&[(&["sun"], "08:00", "08:00")]);
        assert_eq!(sunday_eight.intervals(), &[(0, 8 * HOUR), (6 * DAY + 8 * HOUR, WEEK)]);
        assert_eq!(sunday_eight.open_per_week(), DAY);

        let always = windows(&[(&["all"], "00:00", "24:00")]);
        assert_eq!(always.intervals(), &[(0, WEEK)]);
    }

    #[test]
    fn overlapping_adds_merge() {
        let w = windows(&[(&["mon"], "09:00", "12:00"), (&["mon"], "11:00", "14:00"), (&["mon"], "08:00", "08:30")]);
        assert_eq!(w.intervals(), &[(8 * HOUR, 8 * HOUR + 30 * MINUTE), (9 * HOUR, 14 * HOUR)]);
        assert_eq!(w.open_per_week(), 5 * HOUR + 30 * MINUTE);
    }
}
