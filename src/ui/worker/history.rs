//! Reading a ticket export in the engine worker (`engine::history`): the page hands over the
//! file itself (a `Blob`, passed through untouched, not copied into a message), the worker reads
//! its bytes with `FileReaderSync` and reports progress while it reads; the answer is what the
//! History tab shows, in words (only that crosses to the page). A read cannot be interrupted
//! mid-way by a message (it runs to its end once started), so the page cancels by dropping the
//! worker it started for the read.

use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::engine::history::{self, ReadOptions};
use crate::engine::runner::Control;

/// A read's progress and result, in the words the page shows.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reading {
    /// The share of the file read so far, in [0, 1].
    Progress(f64),
    /// The file was read.
    Read(Box<Summary>),
    /// The file was refused, and why (where and what).
    Refused(String),
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
}

/// Reads `file` (a `Blob`) with `options`, calling `progress` as it goes.
pub fn read(file: &JsValue, options: &ReadOptions, mut progress: impl FnMut(f64)) -> Reading {
    let bytes = match bytes_of(file) {
        Ok(b) => b,
        Err(message) => return Reading::Refused(message),
    };
    let result = history::read_with_progress(&bytes, options, |f| {
        progress(f);
        Control::Continue
    });
    match result {
        Some(Ok(read)) => Reading::Read(Box::new(summary(&read))),
        Some(Err(refused)) => Reading::Refused(refused.to_string()),
        None => Reading::Refused("the read was cancelled".into()),
    }
}

fn bytes_of(file: &JsValue) -> Result<Vec<u8>, String> {
    let blob: &web_sys::Blob = file.dyn_ref().ok_or("what was sent is not a file")?;
    let reader = web_sys::FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker")?;
    let buffer = reader.read_as_array_buffer(blob).map_err(|e| format!("the file could not be read: {e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn summary(read: &history::Read) -> Summary {
    let d = &read.detected;
    let mapping = serde_json::to_value(&d.mapping)
        .ok()
        .and_then(|v| v.as_object().cloned())
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
    }
}
