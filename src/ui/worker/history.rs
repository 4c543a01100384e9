//! Reading a ticket export in the engine worker (`engine::history`): the page hands over the
//! file itself (a `Blob`, passed through untouched, not copied into a message), the worker reads
//! its bytes with `FileReaderSync` and reports progress while it reads, then works out the trends
//! and a proposed scenario at once. It keeps the tickets (never the file) for what the page asks
//! next: a proposal with other merges or order, and the fit check of a scenario. Answers are what
//! the History tab shows, as charts, tables and words (`view.rs`); only those cross to the page.
//! A read or a check cannot be interrupted mid-way by a message (it runs to its end once
//! started), so the page cancels by dropping the worker it started for the history.

mod markup;
mod view;

use wasm_bindgen::{JsCast, JsValue};

use crate::engine::calibrate::{self, Options};
use crate::engine::history::{self, ReadOptions, Refused, Ticket};
use crate::engine::runner::Control;
use crate::engine::trends;
use crate::wire::history::summary;
use crate::wire::{Found, ProposalView, Reading};

/// The tickets of the history read last, kept in the worker for the proposals and checks asked
/// after it.
pub struct Held {
    tickets: Vec<Ticket>,
    /// The groups merged into levels for the last proposal: the fit check counts them so.
    merge: std::collections::BTreeMap<String, Vec<String>>,
}

/// Reads `file` (a `Blob`) with `options`, calling `progress` as it goes, and works out its
/// trends (against `scenario`'s targets where the export has no SLA flag) and a proposal. The
/// tickets are kept in `held` for what is asked next.
pub fn read(
    file: &JsValue,
    options: &ReadOptions,
    scenario: &str,
    held: &mut Option<Held>,
    mut progress: impl FnMut(f64),
) -> Reading {
    *held = None;
    let started = js_sys::Date::now();
    let bytes = match bytes_of(file) {
        Ok(b) => b,
        Err(message) => return Reading::Refused(message, Vec::new()),
    };
    let result = history::read_with_progress(&bytes, options, |f| {
        progress(f);
        Control::Continue
    });
    drop(bytes);
    let read = match result {
        Some(Ok(read)) => read,
        Some(Err(refused)) => {
            let columns = match &refused {
                Refused::UnknownLayout { columns } | Refused::MissingColumn { header: columns, .. } => columns.clone(),
                _ => Vec::new(),
            };
            return Reading::Refused(refused.to_string(), columns);
        }
        None => return Reading::Refused("the read was cancelled".into(), Vec::new()),
    };
    let trends_options = trends::Options { utc_offset_minutes: options.utc_offset_minutes };
    let t = trends_of(&read.tickets, trends_options, scenario);
    let proposal = proposal_of(&read.tickets, &Options::default()).map(|b| *b);
    let mut found = Found { summary: summary(&read), trends: view::trends(&t), proposal };
    found.summary.elapsed_ms = js_sys::Date::now() - started;
    *held = Some(Held { tickets: read.tickets, merge: std::collections::BTreeMap::new() });
    Reading::Read(Box::new(found))
}

/// The trends, judged against `scenario`'s SLA targets where the export has no SLA flag of its own.
fn trends_of(tickets: &[Ticket], options: trends::Options, scenario: &str) -> trends::Trends {
    match crate::engine::parse(scenario) {
        Ok(document) => trends::of_against(tickets, &options, &document),
        Err(_) => trends::of(tickets, options),
    }
}

fn proposal_of(tickets: &[Ticket], options: &Options) -> Result<Box<ProposalView>, String> {
    let proposal = calibrate::propose(tickets, options).map_err(|e| e.to_string())?;
    Ok(Box::new(view::proposal(&proposal, calibrate::levels_of(tickets, options))))
}

/// A proposal from the history held, with `options` (whose merges the fit check then follows).
pub fn propose(held: Option<&mut Held>, options: &Options) -> Reading {
    Reading::Proposed(match held {
        Some(h) => {
            h.merge.clone_from(&options.merge);
            proposal_of(&h.tickets, options)
        }
        None => Err(NOTHING_HELD.into()),
    })
}

/// The fit check of `scenario` (JSON text) against the history held, over `replications`.
pub fn check(held: Option<&Held>, scenario: &str, replications: u32) -> Reading {
    let checked = held.ok_or_else(|| NOTHING_HELD.to_string()).and_then(|h| {
        let document = crate::engine::parse(scenario).map_err(|p| p.to_string())?;
        let c = calibrate::check_fit_merged(&document, &h.tickets, replications, &h.merge)?;
        Ok(Box::new(view::check(&c)))
    });
    Reading::Checked(checked)
}

const NOTHING_HELD: &str = "no history is read: read a ticket export first";

fn bytes_of(file: &JsValue) -> Result<Vec<u8>, String> {
    let blob: &web_sys::Blob = file.dyn_ref().ok_or("what was sent is not a file")?;
    let reader = web_sys::FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker")?;
    let buffer = reader.read_as_array_buffer(blob).map_err(|e| format!("the file could not be read: {e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
