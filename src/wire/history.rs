//! What a history read in a gloo engine worker (`ui/worker/history.rs`) answers, in the shapes the
//! History tab shows: figures as markup, tables as text, a proposed scenario as JSON text. Only
//! these few plain shapes cross to the page, so the page decodes a handful of small types instead
//! of every figure of the engine's own (and the download stays small).

use serde::{Deserialize, Serialize};

use crate::engine::history;

/// A history's answers, in the shapes the page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reading {
    /// The share of the file read so far, in [0, 1].
    Progress(f64),
    /// The file was read: what was found, its trends and a proposed scenario.
    Read(Box<Found>),
    /// The file was refused, and why (where and what), with the header's columns when the
    /// columns were the trouble (the page then asks which holds what).
    Refused(String, Vec<String>),
    /// A proposal with the merges and order asked for, or why there is none.
    Proposed(Result<Box<ProposalView>, String>),
    /// A scenario checked against the history, or why it could not be.
    Checked(Result<Box<CheckView>, String>),
}

/// What a read found and made of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Found {
    pub summary: Summary,
    pub trends: Markup,
    pub proposal: Result<ProposalView, String>,
}

/// What a read found, for the page: counts, the layout and how it was read, what was skipped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub tickets: u64,
    pub rows: u64,
    pub used: u64,
    /// The export's kind, delimiter and encoding, in words.
    pub layout: String,
    pub delimiter: String,
    pub encoding: String,
    /// Each date column with the format it was read in.
    pub dates: Vec<String>,
    /// Each field the tickets were read from, with its column.
    pub mapping: Vec<(String, String)>,
    /// Rows not used, one line per reason.
    pub skipped: Vec<String>,
    pub warnings: Vec<String>,
    /// When the first and the last ticket were opened, ms since the epoch (UTC).
    pub span: Option<(i64, i64)>,
    /// The header's columns, for a mapping.
    pub columns: Vec<String>,
    /// Wall time in the worker from the request to the answer (reading the file, the trends and
    /// the proposal), ms.
    pub elapsed_ms: f64,
}

/// Figures as markup, and the CSV each downloads, by figure id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Markup {
    pub html: String,
    pub csvs: Vec<(String, String)>,
}

/// A proposed scenario, to review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalView {
    /// The scenario as JSON text, ready for the editor.
    pub scenario: String,
    /// The levels, frontline first, each with the groups mapped to it.
    pub levels: Vec<(String, Vec<String>)>,
    /// Its estimates, fitted service times and assumptions.
    pub markup: Markup,
}

/// The fit check, to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckView {
    pub markup: Markup,
    /// Rows inside their interval, and rows with one.
    pub inside: u32,
    pub compared: u32,
}

/// What `read` found, for the page (its `elapsed_ms` is left for the caller to set).
pub fn summary(read: &history::Read) -> Summary {
    let d = &read.detected;
    let mapping = crate::engine::document::to_value(&d.mapping)
        .as_object()
        .cloned()
        .map(|m| {
            m.into_iter()
                .filter_map(|(field, column)| match column {
                    serde_json::Value::String(c) => Some((field, c)),
                    serde_json::Value::Array(states) if !states.is_empty() => Some((
                        field,
                        states.iter().filter_map(serde_json::Value::as_str).collect::<Vec<_>>().join(", "),
                    )),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let first = read.tickets.iter().map(|t| t.opened).min();
    let last = read
        .tickets
        .iter()
        .flat_map(|t| {
            std::iter::once(t.opened).chain(t.resolved).chain(t.closed).chain(t.visits.iter().filter_map(|v| v.left))
        })
        .max();
    Summary {
        tickets: read.tickets.len() as u64,
        rows: read.rows,
        used: read.used,
        layout: d.layout.name().to_string(),
        delimiter: d.delimiter.name().to_string(),
        encoding: d.encoding.name().to_string(),
        dates: d
            .dates
            .iter()
            .map(|c| match &c.format {
                Some(f) if c.ambiguous => format!("{}: {f} (day and month chosen)", c.column),
                Some(f) => format!("{}: {f}", c.column),
                None => format!("{}: no date", c.column),
            })
            .collect(),
        mapping,
        skipped: read.skipped.iter().map(ToString::to_string).collect(),
        warnings: read.warnings.iter().map(ToString::to_string).collect(),
        span: first.zip(last),
        columns: d.header.clone(),
        elapsed_ms: 0.0,
    }
}
