//! Dates as exports write them, and the one format of each date column found from its values.
//!
//! A value is split by hand into its parts (date, time, AM/PM, offset), and chrono checks that
//! the day exists and turns it into milliseconds. Which of the formats a value fits can be more
//! than one: `05-03-2016 12:00` is the 5th of March day first and the 3rd of May month first. A
//! column's format is the one most of its values fit; day first against month first is settled
//! by a value above 12, and when every value fits both, the caller chooses
//! (`ReadOptions::day_first`). Values in another format than their column's are not guessed at.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use parts::{Parts, Shape, parts};

mod parts;

/// The format of a date column. Seconds (and a decimal fraction of them) may follow the minutes
/// in every format that has a time, the time may be missing (midnight), and an offset (`Z`,
/// `+01:00`, `+0100`, `+01`, `UTC`) may follow; times without one are at the offset the read
/// was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFormat {
    /// `yyyy-mm-dd`, then `T` or a space and `HH:MM:SS`: ISO 8601 and `yyyy-mm-dd HH:MM:SS`
    /// (`/` or `.` between the date's parts too).
    YearMonthDay,
    /// Day first, year last: `dd-mm-yyyy HH:MM`, `dd/mm/yyyy HH:MM`, `dd.mm.yyyy`.
    DayMonthYear { separator: Separator, clock: Clock },
    /// Month first, year last: `mm/dd/yyyy h:mm AM`.
    MonthDayYear { separator: Separator, clock: Clock },
    /// The month by its English name: `dd/Mon/yy h:mm AM` (Jira's default), `dd-Mon-yyyy HH:MM`.
    DayMonthName,
    /// Seconds since 1970-01-01 UTC, 9 or 10 digits.
    EpochSeconds,
    /// Milliseconds since 1970-01-01 UTC, 12 or 13 digits.
    EpochMillis,
}

/// What stands between a date's day, month and year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Separator {
    Dash,
    Slash,
    Dot,
}

/// How hours are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// `00`-`23`.
    H24,
    /// `1`-`12` and `AM`/`PM`.
    H12,
}

const SEPARATORS: [Separator; 3] = [Separator::Dash, Separator::Slash, Separator::Dot];
const CLOCKS: [Clock; 2] = [Clock::H24, Clock::H12];
/// Every format, in the order that wins a tie.
const FORMATS: usize = 16;

impl DateFormat {
    fn index(self) -> usize {
        let pair = |s: Separator, c: Clock| {
            SEPARATORS.iter().position(|&x| x == s).unwrap_or(0) * 2 + CLOCKS.iter().position(|&x| x == c).unwrap_or(0)
        };
        match self {
            DateFormat::YearMonthDay => 0,
            DateFormat::DayMonthYear { separator, clock } => 1 + pair(separator, clock),
            DateFormat::MonthDayYear { separator, clock } => 7 + pair(separator, clock),
            DateFormat::DayMonthName => 13,
            DateFormat::EpochSeconds => 14,
            DateFormat::EpochMillis => 15,
        }
    }

    fn from_index(i: usize) -> DateFormat {
        // Day first is 1 + 2 × separator + clock, month first 7 + the same.
        let k = if i >= 7 { i - 7 } else { i.saturating_sub(1) };
        let (separator, clock) = (SEPARATORS[(k / 2) % 3], CLOCKS[k % 2]);
        match i {
            0 => DateFormat::YearMonthDay,
            1..=6 => DateFormat::DayMonthYear { separator, clock },
            7..=12 => DateFormat::MonthDayYear { separator, clock },
            13 => DateFormat::DayMonthName,
            14 => DateFormat::EpochSeconds,
            _ => DateFormat::EpochMillis,
        }
    }

    /// The day-first or month-first format that reads the same values the other way round.
    fn swapped(self) -> Option<DateFormat> {
        match self {
            DateFormat::DayMonthYear { separator, clock } => Some(DateFormat::MonthDayYear { separator, clock }),
            DateFormat::MonthDayYear { separator, clock } => Some(DateFormat::DayMonthYear { separator, clock }),
            _ => None,
        }
    }
}

impl fmt::Display for DateFormat {
    /// As a pattern: `dd-mm-yyyy HH:MM`, `mm/dd/yyyy h:mm AM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sep = |s: &Separator| match s {
            Separator::Dash => '-',
            Separator::Slash => '/',
            Separator::Dot => '.',
        };
        let time = |c: &Clock| match c {
            Clock::H24 => "HH:MM",
            Clock::H12 => "h:mm AM",
        };
        match self {
            DateFormat::YearMonthDay => write!(f, "yyyy-mm-dd HH:MM:SS (ISO 8601)"),
            DateFormat::DayMonthYear { separator: s, clock } => {
                write!(f, "dd{0}mm{0}yyyy {1}", sep(s), time(clock))
            }
            DateFormat::MonthDayYear { separator: s, clock } => {
                write!(f, "mm{0}dd{0}yyyy {1}", sep(s), time(clock))
            }
            DateFormat::DayMonthName => write!(f, "dd/Mon/yy h:mm AM"),
            DateFormat::EpochSeconds => write!(f, "seconds since 1970"),
            DateFormat::EpochMillis => write!(f, "milliseconds since 1970"),
        }
    }
}

/// The formats a value fits, as a bit per format index.
fn fits(p: &Parts) -> u32 {
    let bit = |f: DateFormat| 1u32 << f.index();
    let clocks: &[Clock] = match p.time {
        None => &CLOCKS,
        Some((h, _, _, _, None)) if h < 24 => &[Clock::H24],
        Some((1..=12, _, _, _, Some(_))) => &[Clock::H12],
        _ => &[],
    };
    let time_ok = p.time.is_none_or(|(_, m, s, _, _)| m < 60 && s < 60);
    if !time_ok {
        return 0;
    }
    let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).is_some();
    match p.date {
        Shape::Epoch { seconds: true, .. } => bit(DateFormat::EpochSeconds),
        Shape::Epoch { seconds: false, .. } => bit(DateFormat::EpochMillis),
        Shape::YearFirst { year, month, day: d } if day(year, month, d) && !clocks.is_empty() => {
            bit(DateFormat::YearMonthDay)
        }
        Shape::MonthName { day: d, month, year } if day(year, month, d) && !clocks.is_empty() => {
            bit(DateFormat::DayMonthName)
        }
        Shape::YearLast { separator, first, second, year } => clocks.iter().fold(0, |bits, &clock| {
            let dmy = if day(year, second, first) { bit(DateFormat::DayMonthYear { separator, clock }) } else { 0 };
            let mdy = if day(year, first, second) { bit(DateFormat::MonthDayYear { separator, clock }) } else { 0 };
            bits | dmy | mdy
        }),
        _ => 0,
    }
}

/// How a value reads in a column of the given format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reading {
    /// Milliseconds since the epoch, UTC.
    Time(i64),
    /// A date, but in another format (the first it fits).
    OtherFormat(DateFormat),
    /// Not a date in any format.
    NotADate,
}

/// A value read in a column's format; `offset` (minutes east of UTC) for times written without
/// one.
pub(super) fn read(value: &str, format: DateFormat, offset_minutes: i32) -> Reading {
    let Some(p) = parts(value) else { return Reading::NotADate };
    let bits = fits(&p);
    if bits & (1 << format.index()) == 0 {
        return match bits {
            0 => Reading::NotADate,
            _ => Reading::OtherFormat(DateFormat::from_index(bits.trailing_zeros() as usize)),
        };
    }
    let (year, month, day) = match (p.date, format) {
        (Shape::Epoch { millis, .. }, _) => return Reading::Time(millis),
        (Shape::YearFirst { year, month, day } | Shape::MonthName { day, month, year }, _) => (year, month, day),
        (Shape::YearLast { first, second, year, .. }, DateFormat::MonthDayYear { .. }) => (year, first, second),
        (Shape::YearLast { first, second, year, .. }, _) => (year, second, first),
    };
    let (h, m, s, ms, pm) = p.time.unwrap_or((0, 0, 0, 0, None));
    let hour = match pm {
        Some(pm) => h % 12 + if pm { 12 } else { 0 },
        None => h,
    };
    let local = NaiveDate::from_ymd_opt(year, month, day).and_then(|d| d.and_hms_milli_opt(hour, m, s, ms));
    match local {
        Some(t) => {
            Reading::Time(t.and_utc().timestamp_millis() - i64::from(p.offset.unwrap_or(offset_minutes)) * 60_000)
        }
        None => Reading::NotADate,
    }
}

/// What a date column's values fit, gathered value by value.
#[derive(Clone, Debug, Default)]
pub(super) struct Tally {
    /// Values (not missing) seen.
    pub values: u64,
    /// Values fitting each format.
    counts: [u64; FORMATS],
    /// Values fitting a day-first format and not its month-first twin, and the other way round.
    only: [u64; FORMATS],
    /// The first value and its row, kept to show what an ambiguous column looks like.
    pub first: Option<(u64, String)>,
}

impl Tally {
    pub fn add(&mut self, value: &str, row: u64) {
        self.values += 1;
        if self.first.is_none() {
            self.first = Some((row, value.to_string()));
        }
        let bits = parts(value).map_or(0, |p| fits(&p));
        for i in 0..FORMATS {
            if bits & (1 << i) != 0 {
                self.counts[i] += 1;
                let twin = DateFormat::from_index(i).swapped().map(DateFormat::index);
                if twin.is_some_and(|t| bits & (1 << t) == 0) {
                    self.only[i] += 1;
                }
            }
        }
    }

    /// The column's format: the one most values fit. `Ambiguous` when that is a day-first or
    /// month-first format whose twin fits every value it fits and no value tells them apart,
    /// unless `day_first` chooses; `None` when no value is a date.
    pub fn resolve(&self, day_first: Option<bool>) -> Resolved {
        let best = (0..FORMATS).fold(0, |b, i| if self.counts[i] > self.counts[b] { i } else { b });
        if self.counts[best] == 0 {
            return Resolved::NoDates;
        }
        let format = DateFormat::from_index(best);
        let Some(twin) = format.swapped() else { return Resolved::Format { format, ambiguous: false } };
        let (t, b) = (twin.index(), best);
        if self.counts[t] == self.counts[b] && self.only[t] == 0 && self.only[b] == 0 {
            let day_first_format = if matches!(format, DateFormat::DayMonthYear { .. }) { format } else { twin };
            return match day_first {
                Some(true) => Resolved::Format { format: day_first_format, ambiguous: true },
                Some(false) => {
                    Resolved::Format { format: day_first_format.swapped().unwrap_or(format), ambiguous: true }
                }
                None => Resolved::Ambiguous { day_first: day_first_format },
            };
        }
        Resolved::Format { format, ambiguous: false }
    }
}

/// The order another column settled for an ambiguous one: an export writes all its dates one
/// way, so a column whose values all read both ways takes the day-first or month-first format
/// (with its separator) that another column's values settled.
pub(super) fn settled_by(day_first: DateFormat, others: &[DateFormat]) -> Option<DateFormat> {
    let month_first = day_first.swapped()?;
    let same_order = |a: DateFormat, b: DateFormat| match (a, b) {
        (DateFormat::DayMonthYear { separator: x, .. }, DateFormat::DayMonthYear { separator: y, .. })
        | (DateFormat::MonthDayYear { separator: x, .. }, DateFormat::MonthDayYear { separator: y, .. }) => x == y,
        _ => false,
    };
    others.iter().find_map(|&o| {
        if same_order(o, day_first) {
            Some(day_first)
        } else if same_order(o, month_first) {
            Some(month_first)
        } else {
            None
        }
    })
}

/// What a column's values say its format is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Resolved {
    Format {
        format: DateFormat,
        ambiguous: bool,
    },
    /// Every value fits day first and month first alike (this format and its twin), and
    /// nothing chose.
    Ambiguous {
        day_first: DateFormat,
    },
    /// No value is a date (or the column has no values).
    NoDates,
}

#[cfg(test)]
mod tests {
    use super::*;

    const DMY: DateFormat = DateFormat::DayMonthYear { separator: Separator::Dash, clock: Clock::H24 };
    const MDY12: DateFormat = DateFormat::MonthDayYear { separator: Separator::Slash, clock: Clock::H12 };

    fn ms(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, s).unwrap().and_utc().timestamp_millis()
    }

    #[test]
    fn indices_round_trip() {
        for i in 0..FORMATS {
            assert_eq!(DateFormat::from_index(i).index(), i, "{}", DateFormat::from_index(i));
        }
    }

    #[test]
    fn each_format_reads_its_values() {
        let cases: [(&str, DateFormat, i64); 10] = [
            ("29-02-2016 01:16", DMY, ms(2016, 2, 29, 1, 16, 0)),
            ("2016-02-29T01:16:05.250Z", DateFormat::YearMonthDay, ms(2016, 2, 29, 1, 16, 5) + 250),
            ("2016-02-29T02:16:05+01:00", DateFormat::YearMonthDay, ms(2016, 2, 29, 1, 16, 5)),
            ("2016-02-29 01:16:05", DateFormat::YearMonthDay, ms(2016, 2, 29, 1, 16, 5)),
            ("02/29/2016 1:16 PM", MDY12, ms(2016, 2, 29, 13, 16, 0)),
            ("02/29/2016 12:05 AM", MDY12, ms(2016, 2, 29, 0, 5, 0)),
            ("29/Feb/16 1:16 PM", DateFormat::DayMonthName, ms(2016, 2, 29, 13, 16, 0)),
            ("1456708560", DateFormat::EpochSeconds, ms(2016, 2, 29, 1, 16, 0)),
            ("1456708560000", DateFormat::EpochMillis, ms(2016, 2, 29, 1, 16, 0)),
            ("2016-02-29", DateFormat::YearMonthDay, ms(2016, 2, 29, 0, 0, 0)),
        ];
        for (value, format, want) in cases {
            assert_eq!(read(value, format, 0), Reading::Time(want), "{value}");
        }
        assert_eq!(read("29-02-2016 01:16", DMY, 60), Reading::Time(ms(2016, 2, 29, 0, 16, 0)));
    }

    #[test]
    fn what_is_no_date_says_so() {
        for value in
            ["31-02-2016 25:00", "31-02-2016 10:00", "29-02-2016 24:00", "tomorrow", "12", "2016-13-01", "1:16"]
        {
            assert_eq!(read(value, DMY, 0), Reading::NotADate, "{value}");
        }
        assert_eq!(read("2016-02-29 01:16", DMY, 0), Reading::OtherFormat(DateFormat::YearMonthDay));
    }

    #[test]
    fn day_and_month_are_told_apart_by_a_value_above_twelve() {
        let mut t = Tally::default();
        for (i, v) in ["05-03-2016 12:00", "01-02-2016 09:00", "29-02-2016 10:00"].iter().enumerate() {
            t.add(v, i as u64 + 2);
        }
        assert_eq!(t.resolve(None), Resolved::Format { format: DMY, ambiguous: false });
        let mut t = Tally::default();
        t.add("05-03-2016 12:00", 2);
        t.add("01-02-2016 09:00", 3);
        assert_eq!(t.resolve(None), Resolved::Ambiguous { day_first: DMY });
        assert_eq!(t.resolve(Some(true)), Resolved::Format { format: DMY, ambiguous: true });
        assert_eq!(t.resolve(Some(false)), Resolved::Format { format: DMY.swapped().unwrap(), ambiguous: true });
    }
}
