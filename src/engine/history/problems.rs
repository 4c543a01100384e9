//! What could not be used, and why, each saying what and where: rows skipped, counted by reason
//! with their first row numbers and text; warnings about rows that were used; and the reasons a
//! whole file is refused.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::dates::DateFormat;
use super::layout::Layout;
use super::records::Delimiter;

/// Why a row was not used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// It has another number of fields than the header.
    FieldCount { found: usize, expected: usize, spans_lines: bool },
    /// A quoted field in it lacks its closing quote: it took in every line up to the next
    /// quote (this line), or to the end of the file.
    UnclosedQuote { closes: Option<u64> },
    /// A value it needs is empty (or `?`).
    Missing,
    /// A value is not a date in any format known.
    NotADate,
    /// A date in another format than the rest of its column.
    OtherDateFormat { found: DateFormat, column: DateFormat },
    /// Its ticket id was already on an earlier row, in an export of one row per ticket.
    Duplicate { first_row: u64 },
    /// Its activity is none of the event log's.
    UnknownActivity,
}

/// Rows skipped for one reason (and column).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub reason: SkipReason,
    /// The column at fault, when one is.
    pub column: Option<String>,
    pub count: u64,
    /// The first few rows (at most five).
    pub rows: Vec<u64>,
    /// The first row's value at fault (or the start of the row), shortened.
    pub text: String,
}

impl fmt::Display for Skipped {
    /// `312 rows: opened_at is not a date, first at row 17: '31-02-2016 25:00'`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = if self.count == 1 { "1 row".to_string() } else { format!("{} rows", self.count) };
        let col = self.column.as_deref().unwrap_or("a value");
        write!(f, "{rows}: ")?;
        match &self.reason {
            SkipReason::FieldCount { found, expected, spans_lines } => {
                write!(f, "{found} fields where the header has {expected}")?;
                if *spans_lines {
                    write!(f, " (a quoted field runs over several lines: is a quote left open?)")?;
                }
            }
            SkipReason::UnclosedQuote { closes: None } => {
                write!(f, "a quote opened in {col} is never closed, so the rest of the file is one field")?;
            }
            SkipReason::UnclosedQuote { closes: Some(to) } => {
                write!(f, "a quote opened in {col} runs to line {to}, taking the lines between into one field")?;
            }
            SkipReason::Missing => write!(f, "{col} is empty")?,
            SkipReason::NotADate => write!(f, "{col} is not a date")?,
            SkipReason::OtherDateFormat { found, column } => {
                write!(f, "{col} is written {found}, where the column is {column}")?;
            }
            SkipReason::Duplicate { first_row } => write!(f, "{col} repeats the ticket of row {first_row}")?,
            SkipReason::UnknownActivity => {
                write!(f, "{col} is none of arrive, queue, start, resolve, move, reopen, priority, close")?;
            }
        }
        let first = self.rows.first().copied().unwrap_or(0);
        write!(f, ", first at row {first}: '{}'", self.text)
    }
}

/// Something a read noticed in rows it used (or in the file as a whole).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The first row it concerns, if it concerns rows.
    pub row: Option<u64>,
    pub column: Option<String>,
    pub message: String,
    /// How many rows it concerns (the message is the first's).
    pub count: u64,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, "row {r}, {c}: ")?,
            (Some(r), None) => write!(f, "row {r}: ")?,
            (None, Some(c)) => write!(f, "{c}: ")?,
            (None, None) => {}
        }
        write!(f, "{}", self.message)?;
        if self.count > 1 {
            write!(f, " ({} rows in all)", self.count)?;
        }
        Ok(())
    }
}

/// Why a file cannot be read at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refused {
    /// No bytes, or only white space.
    Empty,
    /// UTF-16 text (Excel's "Unicode text"), or a NUL byte at this row.
    Utf16 { row: Option<u64> },
    /// A spreadsheet workbook rather than its CSV export.
    Workbook,
    /// No comma, semicolon or tab splits the header (row 1) into more than one column.
    NoDelimiter { header: String },
    /// The header matches no export known, and no mapping was given.
    UnknownLayout { columns: Vec<String> },
    /// A column the layout needs, or the mapping names, is not in the header (empty: the mapping
    /// names none for a field that is needed).
    MissingColumn { layout: Layout, column: String, field: String, near: Option<String>, header: Vec<String> },
    /// A header and no rows.
    HeaderOnly,
    /// These date columns read as well day first as month first: the caller must choose
    /// (`ReadOptions::day_first`). Each with its first value and row.
    AmbiguousDates { columns: Vec<(String, u64, String)> },
    /// A time zone offset beyond ±18 hours.
    Offset { minutes: i32 },
    /// Not one row could be used: every row counted by reason.
    NoUsableRow { rows: u64, skipped: Vec<Skipped> },
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Empty => write!(f, "the file is empty"),
            Refused::Utf16 { row: None } => write!(f, "the file is UTF-16 text: save it as CSV in UTF-8"),
            Refused::Utf16 { row: Some(r) } => write!(
                f,
                "row {r} holds a NUL byte: the file is UTF-16 text or not text at all; save it as CSV in UTF-8"
            ),
            Refused::Workbook => write!(f, "the file is a spreadsheet workbook: save the sheet as CSV"),
            Refused::NoDelimiter { header } => {
                write!(f, "row 1 is one column ('{header}'): no comma, semicolon or tab separates its fields")
            }
            Refused::UnknownLayout { columns } => {
                write!(
                    f,
                    "the header (row 1) is not a ServiceNow, Jira, Zendesk or Escalation Lab export ({}); say which column holds what with a mapping",
                    quoted(columns)
                )?;
                delimiter_hint(f, columns)
            }
            Refused::MissingColumn { layout, column, field, near, header } => {
                if column.is_empty() {
                    write!(f, "the mapping names no column for {field}, which is needed")?;
                } else {
                    write!(
                        f,
                        "row 1: the {} needs a column '{column}' ({field}), which the header does not have",
                        layout.name()
                    )?;
                    match near {
                        Some(n) => write!(f, "; did you mean '{n}'?")?,
                        None => write!(f, " (it has {})", quoted(header))?,
                    }
                }
                delimiter_hint(f, header)
            }
            Refused::HeaderOnly => write!(f, "the file has a header (row 1) and no rows"),
            Refused::AmbiguousDates { columns } => {
                write!(f, "every date reads day first as well as month first in ")?;
                for (i, (column, row, value)) in columns.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    write!(f, "{sep}{column} (row {row}: '{value}')")?;
                }
                write!(f, ": choose which comes first")
            }
            Refused::Offset { minutes } => {
                write!(f, "a time zone offset of {minutes} minutes is beyond ±18 hours")
            }
            Refused::NoUsableRow { rows, skipped } => {
                write!(f, "none of the {rows} rows can be used")?;
                for s in skipped {
                    write!(f, "; {s}")?;
                }
                Ok(())
            }
        }
    }
}

/// When the header is one column holding another delimiter, says so.
fn delimiter_hint(f: &mut fmt::Formatter<'_>, header: &[String]) -> fmt::Result {
    if let [only] = header
        && let Some(d) = Delimiter::ALL.iter().find(|d| only.as_bytes().contains(&d.byte()))
    {
        write!(f, "; the header is one column with {}s in it: is the delimiter wrong?", d.name())?;
    }
    Ok(())
}

fn quoted(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(12).map(|n| format!("'{n}'")).collect();
    let more = names.len().saturating_sub(12);
    if more > 0 { format!("{}, and {more} more", shown.join(", ")) } else { shown.join(", ") }
}

/// A value shown in a message: on one line (`↵` for a line break), at most 80 characters.
pub(super) fn shorten(text: &str) -> String {
    let one_line: String =
        text.replace("\r\n", "\n").chars().map(|c| if c == '\n' || c == '\r' { '↵' } else { c }).collect();
    match one_line.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    }
}

/// Skipped rows and warnings, gathered as rows are read, kept in the order each kind first
/// appeared.
#[derive(Debug, Default)]
pub(super) struct Tallies {
    skipped: Vec<Skipped>,
    warnings: Vec<Warning>,
    /// Each warning's kind, beside it: a warning entry is a kind and a column, as a skip entry is
    /// its reason's variant and a column. The kinds and columns of a file are few, so an entry is
    /// found by looking through them.
    warn_kinds: Vec<&'static str>,
}

/// Rows listed by number in a skip entry.
const LISTED: usize = 5;

impl Tallies {
    pub fn skip(&mut self, reason: SkipReason, column: Option<&str>, row: u64, text: &str) {
        let kind = std::mem::discriminant(&reason);
        let found = self
            .skipped
            .iter()
            .position(|s| std::mem::discriminant(&s.reason) == kind && s.column.as_deref() == column);
        match found {
            Some(i) => {
                let s = &mut self.skipped[i];
                s.count += 1;
                if s.rows.len() < LISTED {
                    s.rows.push(row);
                }
            }
            None => {
                let column = column.map(str::to_string);
                self.skipped.push(Skipped { reason, column, count: 1, rows: vec![row], text: shorten(text) });
            }
        }
    }

    /// A warning of a kind (`key`), counted with the others of its kind and column.
    pub fn warn(
        &mut self,
        key: &'static str,
        row: Option<u64>,
        column: Option<&str>,
        message: impl FnOnce() -> String,
    ) {
        let found =
            self.warn_kinds.iter().zip(&self.warnings).position(|(&k, w)| k == key && w.column.as_deref() == column);
        match found {
            Some(i) => self.warnings[i].count += 1,
            None => {
                self.warn_kinds.push(key);
                let column = column.map(str::to_string);
                self.warnings.push(Warning { row, column, message: message(), count: 1 });
            }
        }
    }

    pub fn skipped_rows(&self) -> u64 {
        self.skipped.iter().map(|s| s.count).sum()
    }

    pub fn finish(self) -> (Vec<Skipped>, Vec<Warning>) {
        (self.skipped, self.warnings)
    }
}
