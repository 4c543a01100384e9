//! Simulated time: an integer clock in milliseconds, and the duration syntax of scenario files.
//!
//! Time is an integer so that event order never depends on floating-point rounding: two events at
//! the same instant compare equal on every platform and are then ordered by insertion sequence.

use std::fmt;

/// Milliseconds in one minute, hour, day and week.
pub const MINUTE: u64 = 60_000;
pub const HOUR: u64 = 60 * MINUTE;
pub const DAY: u64 = 24 * HOUR;
pub const WEEK: u64 = 7 * DAY;

/// An instant of simulated time: milliseconds since the start of the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(pub u64);

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    pub fn from_minutes(minutes: f64) -> SimTime {
        SimTime(ms_from_minutes(minutes))
    }

    pub fn as_minutes(self) -> f64 {
        self.0 as f64 / MINUTE as f64
    }

    pub fn as_hours(self) -> f64 {
        self.0 as f64 / HOUR as f64
    }

    /// This instant plus `ms` milliseconds, saturating instead of wrapping.
    pub fn after(self, ms: u64) -> SimTime {
        SimTime(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to `self`, or zero if `earlier` is later.
    pub fn since(self, earlier: SimTime) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// Converts a (non-negative, finite) number of minutes to whole milliseconds, rounding to nearest.
pub fn ms_from_minutes(minutes: f64) -> u64 {
    let ms = minutes * MINUTE as f64;
    if ms.is_nan() || ms <= 0.0 {
        0
    } else if ms >= u64::MAX as f64 {
        u64::MAX
    } else {
        // Round half up; `as` saturates, and the value is known to be in range.
        (ms + 0.5) as u64
    }
}

/// Milliseconds as fractional minutes, the unit of every report figure.
pub fn minutes(ms: u64) -> f64 {
    ms as f64 / MINUTE as f64
}

/// Why a duration string could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationError {
    /// The string is empty or only spaces.
    Empty,
    /// A number was not followed by one of the units `ms`, `s`, `m`, `h`, `d`, `w`.
    MissingUnit(String),
    /// A unit that is not one of `ms`, `s`, `m`, `h`, `d`, `w`.
    UnknownUnit(String),
    /// Something that is not a number where a number was expected.
    BadNumber(String),
    /// A minus sign: durations count forward.
    Negative(String),
    /// The duration is longer than a thousand years.
    TooLong,
    /// Working days (`"3wd"`) where only plain time is read, or mixed with other units.
    WorkingDaysHere,
    /// Working days that are not a whole number (`"1.5wd"`).
    WorkingDaysWhole(String),
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Empty => write!(f, "a duration is empty; write it like \"30m\", \"4h\" or \"2d\""),
            DurationError::MissingUnit(n) => {
                write!(f, "the number {n} has no unit; add one of ms, s, m, h, d, w (e.g. \"{n}m\")")
            }
            DurationError::UnknownUnit(u) => write!(f, "\"{u}\" is not a time unit; use ms, s, m (minutes), h, d or w"),
            DurationError::BadNumber(s) => write!(f, "\"{s}\" is not a number"),
            DurationError::Negative(s) => write!(f, "\"{s}\" is negative; a duration is 0 or more"),
            DurationError::TooLong => write!(f, "a duration longer than 1000 years is not meaningful here"),
            DurationError::WorkingDaysHere => write!(
                f,
                "working days (wd) stand alone and only in SLA targets, like \"3wd\"; write this time in h or d"
            ),
            DurationError::WorkingDaysWhole(n) => {
                write!(f, "{n} working days: working days are whole days (\"3wd\"); for part of a day write hours")
            }
        }
    }
}

/// Parses a duration such as `"90s"`, `"30m"`, `"4h"`, `"1.5h"`, `"2d"`, `"1w"` or `"1h30m"`
/// into milliseconds. Components add up; spaces between them are allowed.
pub fn parse_duration(text: &str) -> Result<u64, DurationError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(DurationError::Empty);
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut total = 0.0f64;
    while i < bytes.len() {
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        // An exponent ("1e3s"), when digits follow the "e": no unit starts with "e".
        if i > start && i < bytes.len() && matches!(bytes[i], b'e' | b'E') {
            let mut j = i + 1;
            if j < bytes.len() && matches!(bytes[j], b'+' | b'-') {
                j += 1;
            }
            if j < bytes.len() && bytes[j].is_ascii_digit() {
                i = j;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
        }
        let number = &s[start..i];
        if number.is_empty() && bytes[start] == b'-' {
            return Err(DurationError::Negative(s.to_string()));
        }
        if number.is_empty() {
            let end = s[start..].find(' ').map_or(s.len(), |k| start + k);
            return Err(DurationError::BadNumber(s[start..end].to_string()));
        }
        let value = super::number::parse(number).ok_or_else(|| DurationError::BadNumber(number.to_string()))?;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let unit_start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let unit = &s[unit_start..i];
        let scale = match unit {
            "" => return Err(DurationError::MissingUnit(number.to_string())),
            "ms" => 1.0,
            "s" => 1_000.0,
            "m" | "min" => MINUTE as f64,
            "h" => HOUR as f64,
            "d" => DAY as f64,
            "w" => WEEK as f64,
            "wd" | "working" => return Err(DurationError::WorkingDaysHere),
            other => return Err(DurationError::UnknownUnit(other.to_string())),
        };
        total += value * scale;
    }
    if !total.is_finite() || total > 1000.0 * 365.0 * DAY as f64 {
        return Err(DurationError::TooLong);
    }
    Ok((total + 0.5) as u64)
}

/// At most this many working days: about a thousand years of five-day weeks, as durations are held
/// to a thousand years.
pub const MAX_WORKING_DAYS: u32 = 260_000;

/// Reads a count of working days, `"3wd"`, `"3 wd"`, `"1 working day"` or `"3 working days"`:
/// `None` when the text is not written in working days (then it is a plain duration), else the
/// whole number of days or why it cannot be one.
pub fn parse_working_days(text: &str) -> Option<Result<u32, DurationError>> {
    let s = text.trim();
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (number, unit) = s.split_at(end);
    if !matches!(unit.trim_start(), "wd" | "working day" | "working days") {
        return None;
    }
    if number.is_empty() {
        return Some(Err(DurationError::BadNumber(s.to_string())));
    }
    Some(match number.parse::<u64>() {
        Ok(n) if n > u64::from(MAX_WORKING_DAYS) => Err(DurationError::TooLong),
        // At most MAX_WORKING_DAYS, so it fits.
        Ok(n) => Ok(n as u32),
        Err(_) if super::number::parse(number).is_some() => Err(DurationError::WorkingDaysWhole(number.to_string())),
        Err(_) => Err(DurationError::BadNumber(number.to_string())),
    })
}

/// Whether a duration is written with day or week units (`"3d"`, `"1w 2h"`): on a business-hours
/// calendar those are 24-hour days of open time, rarely what the author meant.
pub fn counts_whole_days(text: &str) -> bool {
    let mut unit = String::new();
    let mut found = false;
    for c in text.chars().chain([' ']) {
        if c.is_ascii_alphabetic() {
            unit.push(c);
        } else {
            found |= unit == "d" || unit == "w";
            unit.clear();
        }
    }
    found
}

/// Formats milliseconds in the duration syntax, using the largest exact units (`"1h30m"`).
pub fn format_duration(ms: u64) -> String {
    if ms == 0 {
        return "0m".to_string();
    }
    let units = [(DAY, "d"), (HOUR, "h"), (MINUTE, "m"), (1_000, "s"), (1, "ms")];
    let mut rest = ms;
    let mut out = String::new();
    for (size, name) in units {
        if rest >= size {
            out.push_str(&format!("{}{}", rest / size, name));
            rest %= size;
        }
    }
    out
}

/// A duration given in minutes, as people read it: `45 s`, `12.5 min`, `3.2 h`, `2.1 d` (the
/// largest sensible unit, at most one decimal, trailing zeros dropped).
pub fn describe_minutes(m: f64) -> String {
    if !m.is_finite() {
        return "–".into();
    }
    let a = m.abs();
    if a < 1.0 {
        format!("{:.0} s", m * 60.0)
    } else if a < 60.0 {
        format!("{} min", trim_decimals(m, usize::from(a < 10.0)))
    } else if a < 48.0 * 60.0 {
        format!("{} h", trim_decimals(m / 60.0, 1))
    } else {
        format!("{} d", trim_decimals(m / 1440.0, 1))
    }
}

/// A number with at most `decimals` decimals, trailing zeros dropped.
pub fn trim_decimals(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_durations_in_the_largest_sensible_unit() {
        assert_eq!(describe_minutes(0.5), "30 s");
        assert_eq!(describe_minutes(2.26), "2.3 min");
        assert_eq!(describe_minutes(12.4), "12 min");
        assert_eq!(describe_minutes(90.0), "1.5 h");
        assert_eq!(describe_minutes(6886.7), "4.8 d");
        assert_eq!(describe_minutes(f64::NAN), "–");
    }

    #[test]
    fn parses_units_and_sums() {
        assert_eq!(parse_duration("30m"), Ok(30 * MINUTE));
        assert_eq!(parse_duration("1.5h"), Ok(90 * MINUTE));
        assert_eq!(parse_duration("1h 30m"), Ok(90 * MINUTE));
        assert_eq!(parse_duration("2d"), Ok(2 * DAY));
        assert_eq!(parse_duration("1w"), Ok(WEEK));
        assert_eq!(parse_duration("250ms"), Ok(250));
        assert_eq!(parse_duration("45s"), Ok(45_000));
    }

    #[test]
    fn rejects_bad_text() {
        assert_eq!(parse_duration(""), Err(DurationError::Empty));
        assert_eq!(parse_duration("30"), Err(DurationError::MissingUnit("30".into())));
        assert_eq!(parse_duration("3 years"), Err(DurationError::UnknownUnit("years".into())));
        assert_eq!(parse_duration("-3h"), Err(DurationError::Negative("-3h".into())));
        assert_eq!(parse_duration("-3h").unwrap_err().to_string(), "\"-3h\" is negative; a duration is 0 or more");
        assert_eq!(parse_duration("1.2.3h"), Err(DurationError::BadNumber("1.2.3".into())));
        assert_eq!(parse_duration("100000w"), Err(DurationError::TooLong));
        // Exponents are numbers too, so a huge one is too long rather than an unknown unit "e".
        assert_eq!(parse_duration("1e12h"), Err(DurationError::TooLong));
        assert_eq!(parse_duration("1e999h"), Err(DurationError::TooLong));
        assert_eq!(parse_duration("1.5e1m"), Ok(15 * MINUTE));
        assert_eq!(parse_duration("2e"), Err(DurationError::UnknownUnit("e".into())));
    }

    #[test]
    fn reads_working_days_apart_from_plain_durations() {
        assert_eq!(parse_working_days("3wd"), Some(Ok(3)));
        assert_eq!(parse_working_days(" 3 wd "), Some(Ok(3)));
        assert_eq!(parse_working_days("1 working day"), Some(Ok(1)));
        assert_eq!(parse_working_days("10 working days"), Some(Ok(10)));
        assert_eq!(parse_working_days("0wd"), Some(Ok(0)));
        assert_eq!(parse_working_days("1.5wd"), Some(Err(DurationError::WorkingDaysWhole("1.5".into()))));
        assert_eq!(parse_working_days("wd"), Some(Err(DurationError::BadNumber("wd".into()))));
        assert_eq!(parse_working_days("300000wd"), Some(Err(DurationError::TooLong)));
        // Plain durations are not working days; mixtures fall to the plain parser, which refuses them.
        assert_eq!(parse_working_days("3d"), None);
        assert_eq!(parse_working_days("2wd 4h"), None);
        assert_eq!(parse_duration("2wd 4h"), Err(DurationError::WorkingDaysHere));
        assert_eq!(parse_duration("3wd"), Err(DurationError::WorkingDaysHere));
        assert_eq!(parse_duration("3 working days"), Err(DurationError::WorkingDaysHere));
    }

    #[test]
    fn tells_day_units_from_hours() {
        assert!(counts_whole_days("3d"));
        assert!(counts_whole_days("1w"));
        assert!(counts_whole_days("1d 4h"));
        assert!(counts_whole_days("2.5 d"));
        assert!(!counts_whole_days("72h"));
        assert!(!counts_whole_days("30m"));
        assert!(!counts_whole_days("3wd"));
        assert!(!counts_whole_days("250ms"));
    }

    #[test]
    fn formats_round_trip() {
        for text in ["1h30m", "2d", "15m", "1d2h3m4s5ms"] {
            assert_eq!(format_duration(parse_duration(text).unwrap()), text);
        }
    }
}
