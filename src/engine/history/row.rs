//! One row's values read from its fields, or the reason it cannot be used.
//!
//! A value is missing when it is empty or `?` (ServiceNow's mark). A row is skipped when its
//! field count is not the header's, when a value it needs is missing, or when any date it gives
//! cannot be read in its column's format: a ticket with a wrong time would bend every figure
//! made from it, where one left out is only one fewer. Values that are not needed and cannot be
//! read (a reopen count that is no number, a made-SLA flag that is neither) are left out of the
//! ticket with a warning.

use std::borrow::Cow;

use super::dates::{self, DateFormat, Reading};
use super::layout::Columns;
use super::problems::{SkipReason, Tallies};
use super::records::OpenQuote;
use super::text;

/// The values of a row that can be used.
#[derive(Debug, Default)]
pub(super) struct Row<'r> {
    pub line: u64,
    pub id: Cow<'r, str>,
    pub event_time: Option<i64>,
    pub opened: Option<i64>,
    pub resolved: Option<i64>,
    pub closed: Option<i64>,
    pub priority: Option<Cow<'r, str>>,
    pub impact: Option<Cow<'r, str>>,
    pub urgency: Option<Cow<'r, str>>,
    pub category: Option<Cow<'r, str>>,
    pub group: Option<Cow<'r, str>>,
    pub state: Option<Cow<'r, str>>,
    pub reopens: Option<u32>,
    pub made_sla: Option<bool>,
    pub activity: Option<Cow<'r, str>>,
    pub reason: Option<Cow<'r, str>>,
}

/// The date format of each date column the read uses (`None`: the column holds no date).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Formats {
    pub event_time: Option<DateFormat>,
    pub opened: Option<DateFormat>,
    pub resolved: Option<DateFormat>,
    pub closed: Option<DateFormat>,
}

/// Reads rows into values.
pub(super) struct RowReader<'h> {
    pub header: &'h [String],
    pub columns: &'h Columns,
    pub formats: Formats,
    /// Minutes east of UTC for times written without an offset.
    pub offset: i32,
    /// One row per event: the event time is needed, not the opening time.
    pub per_event: bool,
    /// Quoted fields whose closing quote is missing, in file order, and the next to meet.
    pub open_quotes: Vec<OpenQuote>,
    pub next_quote: usize,
    /// The file is not all UTF-8 and the first field that is not has yet to be found.
    pub find_foreign: bool,
}

/// A field's text, trimmed; `None` when missing (empty or `?`).
pub(super) fn value(record: &csv::ByteRecord, at: Option<usize>) -> Option<Cow<'_, str>> {
    let field = record.get(at?)?;
    match text::decode(field) {
        Cow::Borrowed(s) => Some(Cow::Borrowed(s.trim())).filter(|s| !missing(s)),
        Cow::Owned(s) => Some(Cow::Owned(s.trim().to_string())).filter(|s| !missing(s)),
    }
}

fn missing(s: &str) -> bool {
    s.is_empty() || s == "?"
}

impl RowReader<'_> {
    fn name(&self, at: usize) -> &str {
        self.header.get(at).map_or("?", String::as_str)
    }

    /// The row's values, or `None` when it is skipped (counted in `tallies`).
    pub fn read<'r>(&mut self, line: u64, record: &'r csv::ByteRecord, tallies: &mut Tallies) -> Option<Row<'r>> {
        if self.find_foreign {
            self.locate_foreign(line, record, tallies);
        }
        let last_line = line + count_lines(record);
        while self.open_quotes.get(self.next_quote).is_some_and(|q| q.line < line) {
            self.next_quote += 1;
        }
        if let Some(q) = self.open_quotes.get(self.next_quote).copied().filter(|q| q.line <= last_line) {
            self.next_quote += 1;
            let text = record.get(q.field).map(text::decode).unwrap_or_default();
            tallies.skip(SkipReason::UnclosedQuote { closes: q.closes }, Some(self.name(q.field)), line, &text);
            return None;
        }
        if record.len() != self.header.len() {
            let spans_lines = count_lines(record) > 0;
            let reason = SkipReason::FieldCount { found: record.len(), expected: self.header.len(), spans_lines };
            let start: Vec<Cow<str>> = record.iter().take(6).map(text::decode).collect();
            tallies.skip(reason, None, line, &start.join(","));
            return None;
        }
        let c = self.columns;
        let Some(id) = value(record, Some(c.id)) else {
            tallies.skip(SkipReason::Missing, Some(self.name(c.id)), line, "");
            return None;
        };
        let mut row = Row { line, id, ..Row::default() };
        let dates = [
            (c.event_time, self.formats.event_time, self.per_event, &mut row.event_time),
            (c.opened, self.formats.opened, !self.per_event, &mut row.opened),
            (c.resolved, self.formats.resolved, false, &mut row.resolved),
            (c.closed, self.formats.closed, false, &mut row.closed),
        ];
        for (at, format, needed, slot) in dates {
            let Some(at) = at else { continue };
            let Some(v) = value(record, Some(at)) else {
                if needed {
                    tallies.skip(SkipReason::Missing, Some(self.name(at)), line, "");
                    return None;
                }
                continue;
            };
            let reading = format.map_or(Reading::NotADate, |f| dates::read(&v, f, self.offset));
            match (reading, format) {
                (Reading::Time(t), _) => *slot = Some(t),
                (Reading::OtherFormat(found), Some(column)) => {
                    tallies.skip(SkipReason::OtherDateFormat { found, column }, Some(self.name(at)), line, &v);
                    return None;
                }
                _ => {
                    tallies.skip(SkipReason::NotADate, Some(self.name(at)), line, &v);
                    return None;
                }
            }
        }
        row.priority = value(record, c.priority);
        row.impact = value(record, c.impact);
        row.urgency = value(record, c.urgency);
        row.category = value(record, c.category);
        row.group = value(record, c.group);
        row.state = value(record, c.state);
        row.activity = value(record, c.activity);
        row.reason = value(record, c.reason);
        if let Some(v) = value(record, c.reopens) {
            row.reopens = count(&v);
            if row.reopens.is_none() {
                tallies.warn("reopens", Some(line), c.reopens.map(|a| self.name(a)), || {
                    format!("'{v}' is not a count of reopens: left out")
                });
            }
        }
        if let Some(v) = value(record, c.made_sla) {
            row.made_sla = flag(&v);
            if row.made_sla.is_none() {
                tallies.warn("made_sla", Some(line), c.made_sla.map(|a| self.name(a)), || {
                    format!("'{v}' says neither met nor breached (true/false, yes/no, met/breached, or a remaining time like -2h 10m): left out")
                });
            }
        }
        Some(row)
    }

    /// Warns, once, where the first field that is not UTF-8 is.
    fn locate_foreign(&mut self, line: u64, record: &csv::ByteRecord, tallies: &mut Tallies) {
        for (i, field) in record.iter().enumerate() {
            if let Some((byte, ch)) = text::first_foreign_byte(field) {
                self.find_foreign = false;
                tallies.warn("encoding", Some(line), Some(self.name(i)), || {
                    format!(
                        "the file is not UTF-8: byte 0x{byte:02X} is read as Windows-1252 '{ch}', and so is every field that is not UTF-8"
                    )
                });
                return;
            }
        }
    }
}

/// Line breaks inside a row's fields.
fn count_lines(record: &csv::ByteRecord) -> u64 {
    record.iter().map(|f| f.iter().filter(|&&b| b == b'\n').count() as u64).sum()
}

/// A count: a whole number, `3` or `3.0`.
fn count(text: &str) -> Option<u32> {
    text.parse::<u32>().ok().or_else(|| text.strip_suffix(".0").and_then(|t| t.parse().ok()))
}

/// Whether an SLA was met, as exports write it: `TRUE`/`FALSE`, yes/no, 1/0, met/breached, a
/// Jira SLA's `breached=true`, or the time left when it stopped, negative when breached, in
/// either of the two ways Jira Service Management can be set to show SLAs: its simplified units
/// (`-2h 10m`, `45 min`) or hours and minutes (`-2:10`).
pub(super) fn flag(text: &str) -> Option<bool> {
    let t = text.trim().to_ascii_lowercase();
    match t.as_str() {
        "true" | "yes" | "y" | "1" | "met" | "not breached" | "within sla" | "ok" => return Some(true),
        "false" | "no" | "n" | "0" | "breached" | "missed" | "not met" | "violated" => return Some(false),
        _ => {}
    }
    let compact: String = t.chars().filter(|c| !c.is_whitespace() && *c != '"').collect();
    if compact.contains("breached=true") || compact.contains("breached:true") {
        return Some(false);
    }
    if compact.contains("breached=false") || compact.contains("breached:false") {
        return Some(true);
    }
    let (negative, rest) = match t.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, t.as_str()),
    };
    let duration = units(rest);
    // Hours and minutes (and seconds): `27:13`, `-0:05`, `-01:30:00`.
    let clock = {
        let parts: Vec<&str> = rest.split(':').collect();
        (2..=3).contains(&parts.len())
            && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            && parts[1..].iter().all(|p| p.len() == 2)
    };
    (duration || clock).then_some(!negative)
}

/// Whether `text` is a duration in Jira Service Management's simplified units, numbers each
/// followed by a unit with or without a space: `2h 10m`, `45 min`, `3d 4h`, `1mo`, `1yr`.
fn units(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut rest = compact.as_str();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        if !matches!(&rest[..letters], "w" | "d" | "h" | "m" | "min" | "s" | "mo" | "yr") {
            return false;
        }
        rest = &rest[letters..];
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sla_flags_as_exports_write_them() {
        for (text, want) in [
            ("TRUE", Some(true)),
            ("FALSE", Some(false)),
            ("Met", Some(true)),
            ("-2h 10m", Some(false)),
            ("3h 15m", Some(true)),
            ("0m", Some(true)),
            ("45 min", Some(true)),
            ("-1mo", Some(false)),
            ("2 h", Some(true)),
            ("3x", None),
            ("h", None),
            ("-1:30", Some(false)),
            ("27:13", Some(true)),
            ("-00:05:00", Some(false)),
            ("1:3", None),
            ("12:", None),
            ("{completeSLAs=[{breached=true}]}", Some(false)),
            ("maybe", None),
            ("-", None),
        ] {
            assert_eq!(flag(text), want, "{text}");
        }
        assert_eq!(count("2"), Some(2));
        assert_eq!(count("2.0"), Some(2));
        assert_eq!(count("two"), None);
    }
}
