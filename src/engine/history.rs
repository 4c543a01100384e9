//! Reading a service desk's ticket export into tickets and their visits to groups: the history a
//! scenario is fitted to and checked against.
//!
//! `read(bytes, options)` takes the file's bytes and returns the tickets with what was found
//! (layout, delimiter, encoding, each date column's format, the column mapping), the rows it
//! skipped counted by reason, and warnings; or refuses the file, saying why and where. It is a
//! pure function of its input, like the rest of the engine: no file, no clock.
//!
//! The file is read twice, row by row: once to find each date column's format from all its
//! values, once to build the tickets. Only per-ticket state is kept, so memory grows with the
//! tickets, not with the file. See `docs/history.md` for the formats read and the rules.
//!
//! - `text.rs` — byte-order marks, Windows-1252 for what is not UTF-8;
//! - `records.rs` — the delimiter, rows with their line numbers, a quote left open;
//! - `layout.rs` — the known exports and the column `Mapping`;
//! - `dates.rs` — date values and each column's format;
//! - `row.rs` — a row's values, or why it is skipped;
//! - `tickets.rs`, `app_log.rs` — tickets from rows: per ticket, per update, or the app's log;
//! - `problems.rs` — skipped rows, warnings and refusals, each located.

mod app_log;
mod dates;
mod layout;
mod problems;
mod records;
mod row;
mod text;
mod tickets;

use serde::{Deserialize, Serialize};

use super::order;
use super::runner::Control;

pub use dates::{Clock, DateFormat, Separator};
pub use layout::{Layout, Mapping};
pub use problems::{Refused, SkipReason, Skipped, Warning};
pub use records::Delimiter;
pub use text::Encoding;

/// A ticket as its export tells it. Times are milliseconds since the Unix epoch, UTC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: String,
    pub opened: i64,
    pub resolved: Option<i64>,
    pub closed: Option<i64>,
    /// As written in the file ("3 - Moderate", "P2").
    pub priority: Option<String>,
    pub impact: Option<String>,
    pub urgency: Option<String>,
    pub category: Option<String>,
    pub reopens: u32,
    pub made_sla: Option<bool>,
    /// Where the ticket was, in order: one visit per stay with a group (a level in the app's own log).
    pub visits: Vec<Visit>,
}

impl Ticket {
    /// Every moment the ticket mentions: opened, resolved, closed, and each visit's entry, start
    /// and end.
    pub fn moments(&self) -> impl Iterator<Item = i64> + '_ {
        [Some(self.opened), self.resolved, self.closed]
            .into_iter()
            .chain(self.visits.iter().flat_map(|v| [Some(v.entered), v.started, v.left]))
            .flatten()
    }

    fn new(id: String, opened: i64) -> Ticket {
        Ticket {
            id,
            opened,
            resolved: None,
            closed: None,
            priority: None,
            impact: None,
            urgency: None,
            category: None,
            reopens: 0,
            made_sla: None,
            visits: Vec::new(),
        }
    }
}

/// A stay of a ticket with one group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub group: String,
    pub entered: i64,
    /// When work started, where the log says (the app's own log does; ServiceNow does not).
    pub started: Option<i64>,
    /// When it left the group (moved on, or resolved there); None while still there at the log's end.
    pub left: Option<i64>,
    pub outcome: Outcome,
}

/// How a visit ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Resolved at this group.
    Resolved,
    /// Moved on to the next visit's group, for the reason the log gives, if it gives one.
    Moved { reason: Option<String> },
    /// Still there when the log ends.
    Open,
}

/// How to read a file. The default detects everything and reads times without an offset as UTC.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReadOptions {
    /// The delimiter, when it should not be detected.
    pub delimiter: Option<Delimiter>,
    /// Which column holds what, for a file whose layout is not recognised (or to override it).
    pub mapping: Option<Mapping>,
    /// For date columns where every value reads both ways (no day above 12): whether the day
    /// comes first. Unset, such a file is refused with `Refused::AmbiguousDates` so that the
    /// caller asks; where the values tell, they win.
    pub day_first: Option<bool>,
    /// The time zone of times written without an offset, as a fixed offset in minutes east of
    /// UTC (`60` for UTC+1, `-300` for UTC-5), within ±18 hours. Daylight saving time is not
    /// followed: an export that changes offset during its span is read at one offset.
    pub utc_offset_minutes: i32,
}

/// A date column and the format its values were read in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateColumn {
    pub column: String,
    /// `None` when no value in it is a date.
    pub format: Option<DateFormat>,
    /// Its values read both day first and month first; `ReadOptions::day_first` chose.
    pub ambiguous: bool,
    /// Values in it (not missing).
    pub values: u64,
}

/// What a read found the file to be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detected {
    pub layout: Layout,
    pub delimiter: Delimiter,
    pub encoding: Encoding,
    pub dates: Vec<DateColumn>,
    /// The columns read, as found or as given: give it back to read the same kind of file.
    pub mapping: Mapping,
    /// The header's columns, in order (what a mapping can name).
    pub header: Vec<String>,
}

/// A file read: its tickets, what it was found to be, and what could not be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Read {
    /// In the order of their first rows.
    pub tickets: Vec<Ticket>,
    pub detected: Detected,
    /// Rows after the header; each is used or skipped.
    pub rows: u64,
    pub used: u64,
    /// Rows not used, by reason.
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
}

/// Reads a ticket export.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Read, Refused> {
    read_with_progress(bytes, options, |_| Control::Continue).expect("a read that is never cancelled completes")
}

/// Reads a ticket export, calling `on_progress` with the share of the work done (in [0, 1]:
/// bytes read, over the two passes) every few thousand rows. `None` if it answered `Cancel`.
pub fn read_with_progress(
    bytes: &[u8],
    options: &ReadOptions,
    mut on_progress: impl FnMut(f64) -> Control,
) -> Option<Result<Read, Refused>> {
    match run(bytes, options, &mut on_progress) {
        Ok(read) => Some(Ok(read)),
        Err(Stop::Refused(r)) => Some(Err(r)),
        Err(Stop::Cancelled) => None,
    }
}

/// Why a read stopped early.
enum Stop {
    Refused(Refused),
    Cancelled,
}

impl From<Refused> for Stop {
    fn from(r: Refused) -> Stop {
        Stop::Refused(r)
    }
}

/// Rows between two progress calls.
const PROGRESS_ROWS: u64 = 4096;

/// The ticket builder a layout reads with.
enum Builder {
    PerTicket(tickets::PerTicket),
    PerEvent(tickets::PerEvent),
    EventLog(app_log::EventLog),
}

fn run(bytes: &[u8], options: &ReadOptions, progress: &mut dyn FnMut(f64) -> Control) -> Result<Read, Stop> {
    if options.utc_offset_minutes.abs() > 18 * 60 {
        return Err(Refused::Offset { minutes: options.utc_offset_minutes }.into());
    }
    let (body, encoding, foreign) = text::start(bytes).map_err(|e| match e {
        text::NotText::Empty => Refused::Empty,
        text::NotText::Utf16 => Refused::Utf16 { row: None },
        text::NotText::Workbook => Refused::Workbook,
        text::NotText::Nul(at) => Refused::Utf16 { row: Some(line_of(bytes, at)) },
    })?;
    let delimiter = match options.delimiter {
        Some(d) => d,
        None => records::detect(&records::fits(body)).ok_or_else(|| {
            let first = body.split(|&b| b == b'\n' || b == b'\r').next().unwrap_or_default();
            Refused::NoDelimiter { header: problems::shorten(&text::decode(first)) }
        })?,
    };
    let mut rows = records::Rows::new(body, delimiter);
    let header: Vec<String> = match rows.next() {
        Some((_, r)) => r.iter().map(|f| text::decode(f).trim().to_string()).collect(),
        None => return Err(Refused::Empty.into()),
    };
    let (layout, mapping, columns) = layout::recognise(&header, options.mapping.as_ref())?;

    // First pass: each date column's format from all its values, and the rows counted.
    let date_columns = [columns.event_time, columns.opened, columns.resolved, columns.closed];
    let mut tallies: [dates::Tally; 4] = Default::default();
    let mut data_rows = 0u64;
    while let Some((line, record)) = rows.next() {
        data_rows += 1;
        for (at, tally) in date_columns.iter().zip(tallies.iter_mut()) {
            if let Some(v) = row::value(record, *at) {
                tally.add(&v, line);
            }
        }
        if data_rows.is_multiple_of(PROGRESS_ROWS) && progress(rows.fraction() / 2.0) == Control::Cancel {
            return Err(Stop::Cancelled);
        }
    }
    if data_rows == 0 {
        return Err(Refused::HeaderOnly.into());
    }
    let open_quotes = records::open_quotes(body, delimiter);
    let (found, formats) = date_formats(&header, &date_columns, &tallies, options.day_first)?;

    // Second pass: the tickets.
    let mut reader = row::RowReader {
        header: &header,
        columns: &columns,
        formats: row::Formats { event_time: formats[0], opened: formats[1], resolved: formats[2], closed: formats[3] },
        offset: options.utc_offset_minutes,
        per_event: mapping.event_time.is_some(),
        open_quotes,
        next_quote: 0,
        find_foreign: foreign.is_some(),
    };
    let resolved_column = columns.resolved.map(|at| header[at].clone());
    let mut builder = match layout {
        Layout::EventLog => Builder::EventLog(app_log::EventLog::default()),
        _ if mapping.event_time.is_some() => Builder::PerEvent(tickets::PerEvent::new(
            &mapping.resolved_states,
            columns.state.is_some(),
            resolved_column,
        )),
        _ => Builder::PerTicket(tickets::PerTicket::new(header[columns.id].clone(), resolved_column)),
    };
    let mut problems = problems::Tallies::default();
    let (mut used, mut seen) = (0u64, 0u64);
    let mut rows = records::Rows::new(body, delimiter);
    rows.next();
    while let Some((line, record)) = rows.next() {
        seen += 1;
        if let Some(row) = reader.read(line, record, &mut problems) {
            let kept = match &mut builder {
                Builder::PerTicket(b) => b.add(row, &mut problems),
                Builder::PerEvent(b) => b.add(row),
                Builder::EventLog(b) => b.add(row, &mut problems),
            };
            used += u64::from(kept);
        }
        if seen.is_multiple_of(PROGRESS_ROWS) && progress(0.5 + rows.fraction() / 2.0) == Control::Cancel {
            return Err(Stop::Cancelled);
        }
    }
    let tickets = match builder {
        Builder::PerTicket(b) => b.finish(),
        Builder::PerEvent(b) => b.finish(&mut problems),
        Builder::EventLog(b) => b.finish(),
    };
    debug_assert_eq!(used + problems.skipped_rows(), data_rows);
    let (skipped, warnings) = problems.finish();
    if tickets.is_empty() {
        return Err(Refused::NoUsableRow { rows: data_rows, skipped }.into());
    }
    let detected = Detected { layout, delimiter, encoding, dates: found, mapping, header };
    Ok(Read { tickets, detected, rows: data_rows, used, skipped, warnings })
}

/// Each date column's format from its values. A column whose values all read day first as well
/// as month first takes the order another column settled, else `day_first`'s; with neither,
/// the file is refused so that the caller asks.
fn date_formats(
    header: &[String],
    columns: &[Option<usize>; 4],
    tallies: &[dates::Tally; 4],
    day_first: Option<bool>,
) -> Result<(Vec<DateColumn>, [Option<DateFormat>; 4]), Refused> {
    let resolved: Vec<dates::Resolved> = tallies.iter().map(|t| t.resolve(None)).collect();
    let settled: Vec<DateFormat> = resolved
        .iter()
        .filter_map(|r| match r {
            dates::Resolved::Format { format, .. } => Some(*format),
            _ => None,
        })
        .collect();
    let (mut found, mut formats, mut ambiguous) = (Vec::new(), [None; 4], Vec::new());
    for (i, at) in columns.iter().enumerate() {
        let Some(at) = *at else { continue };
        let column = header[at].clone();
        let (format, amb) = match resolved[i] {
            dates::Resolved::Format { format, .. } => (Some(format), false),
            dates::Resolved::NoDates => (None, false),
            dates::Resolved::Ambiguous { day_first: d } => match dates::settled_by(d, &settled) {
                Some(format) => (Some(format), false),
                None => match tallies[i].resolve(day_first) {
                    dates::Resolved::Format { format, .. } => (Some(format), true),
                    _ => {
                        let (row, value) = tallies[i].first.clone().unwrap_or_default();
                        ambiguous.push((column.clone(), row, value));
                        (None, true)
                    }
                },
            },
        };
        formats[i] = format;
        found.push(DateColumn { column, format, ambiguous: amb, values: tallies[i].values });
    }
    if !ambiguous.is_empty() {
        return Err(Refused::AmbiguousDates { columns: ambiguous });
    }
    Ok((found, formats))
}

/// The line (1-based) a byte offset is on.
fn line_of(bytes: &[u8], at: usize) -> u64 {
    bytes[..at.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}
