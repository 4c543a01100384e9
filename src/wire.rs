//! The engine workers' messages, and the bytes they cross as. [`Request`] and [`Answer`] go
//! between the page and a gloo worker (trainer playback, a history read), [`ToMember`] and
//! [`FromMember`] between the page's pool and its members (`ui/pool.rs`).
//!
//! A message crosses as compact bytes ([`encode`], [`decode`]: postcard), carried in a
//! `Uint8Array` (`ui/worker/codec.rs`). Both ends are copies of the same wasm module, so the
//! bytes need no field names and no JavaScript objects: a message is written in one pass in wasm
//! memory, not built as a JavaScript object one call per field, and its encoder and decoder are a
//! fraction of the code that a JavaScript-value serializer takes per type, which the download
//! carries (see ARCHITECTURE.md).
//!
//! The bytes hold every field in order, and are read back in that order: a part whose JSON leaves
//! fields out (`skip_serializing_if`), or that is read by looking at what comes (`untagged`,
//! `flatten`, internally tagged enums, `serde_json::Value`), crosses as its JSON text
//! (`engine::json_text`). A value that must stay a JavaScript object (the file of a history read,
//! a `Blob`) is attached beside the bytes, and the message holds its index ([`attached`]).
//!
//! Native as well as in wasm, so that tests round-trip each message through the same bytes.

use std::cell::RefCell;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub mod history;
pub mod member;
pub mod playback;
#[cfg(test)]
mod tests;

pub use history::{CheckView, Found, Markup, ProposalView, Reading, Summary};
pub use member::{FromMember, ToMember};
pub use playback::{Play, Played};

/// A request from the app to a gloo worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Trainer playback `id`: answered with [`Played`] (except `Stop`).
    Playback { id: u32, play: Play },
    /// Read a ticket export (`engine::history`): the file itself, passed through as the page's
    /// `Blob`, how to read it, and the scenario (JSON text) whose SLA targets judge an export
    /// without its own SLA flag. Answered with progress, then what was found; the worker keeps
    /// the tickets for the two requests below.
    History {
        id: u32,
        #[serde(with = "attached")]
        file: Attached,
        /// As JSON text: its mapping leaves out the columns it does not name.
        #[serde(with = "crate::engine::json_text")]
        options: Box<crate::engine::history::ReadOptions>,
        scenario: String,
    },
    /// Propose a scenario from the history read last, with these merges, order and cap.
    Calibrate { id: u32, options: crate::engine::calibrate::Options },
    /// Check a scenario (JSON text) against the history read last, over `replications`.
    CheckFit { id: u32, scenario: String, replications: u32 },
}

/// What a gloo worker sends: the answers to a playback or a history read (with its id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Playback(u32, Played),
    History(u32, Reading),
}

/// A value that crosses beside a message's bytes, as itself: a JavaScript value in the browser.
#[cfg(target_arch = "wasm32")]
pub type Attached = wasm_bindgen::JsValue;
/// A value that crosses beside a message's bytes, as itself. Natively there is no JavaScript
/// value: a file's bytes stand in for one.
#[cfg(not(target_arch = "wasm32"))]
pub type Attached = Vec<u8>;

/// A message as it crosses: its bytes, and the values attached beside them, in the order the
/// bytes refer to them.
#[derive(Debug)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub attached: Vec<Attached>,
}

/// Why a message could not cross.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The message (of this type) could not be written, and why.
    Write { message: String, why: String },
    /// The bytes are not a message of this type, and why.
    Read { message: String, why: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Write { message, why } => write!(f, "a {message} message could not be written: {why}"),
            Error::Read { message, why } => write!(f, "a {message} message could not be read: {why}"),
        }
    }
}

impl Error {
    /// What came is not a message of type `T`, and why.
    pub fn read<T>(why: impl Into<String>) -> Error {
        Error::Read { message: name::<T>(), why: why.into() }
    }
}

impl std::error::Error for Error {}

thread_local! {
    /// The values attached to the message being written, or those of the message being read
    /// (each taken once).
    static ATTACHED: RefCell<Vec<Option<Attached>>> = const { RefCell::new(Vec::new()) };
}

/// Writes `message` as bytes, with the values it attaches.
pub fn encode<T: Serialize>(message: &T) -> Result<Encoded, Error> {
    ATTACHED.with_borrow_mut(Vec::clear);
    let bytes = postcard::to_allocvec(message);
    let attached = ATTACHED.with_borrow_mut(std::mem::take).into_iter().flatten().collect();
    let bytes = bytes.map_err(|e| Error::Write { message: name::<T>(), why: e.to_string() })?;
    Ok(Encoded { bytes, attached })
}

/// Reads a message of type `T` that [`encode`] wrote, with the values attached beside it.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], attached: Vec<Attached>) -> Result<T, Error> {
    ATTACHED.with_borrow_mut(|a| *a = attached.into_iter().map(Some).collect());
    let message = postcard::take_from_bytes(bytes);
    ATTACHED.with_borrow_mut(Vec::clear);
    match message {
        Ok((message, [])) => Ok(message),
        Ok((_, rest)) => Err(Error::read::<T>(format!("{} of its {} bytes are left over", rest.len(), bytes.len()))),
        Err(e) => Err(Error::read::<T>(e.to_string())),
    }
}

/// `T`'s name without its modules' paths: `FromWorker<EngineWorker>`, not its full path.
fn name<T>() -> String {
    let full = std::any::type_name::<T>();
    let mut out = String::new();
    for piece in full.split_inclusive(['<', '>', ',', ' ']) {
        out.push_str(piece.rsplit("::").next().unwrap_or(piece));
    }
    out
}

/// A serde `with` module for an [`Attached`] value: written as its index among the values
/// attached to the message being encoded, read back as the value of that index.
pub mod attached {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::{ATTACHED, Attached};

    pub fn serialize<S: Serializer>(value: &Attached, serializer: S) -> Result<S::Ok, S::Error> {
        let index = ATTACHED.with_borrow_mut(|a| {
            a.push(Some(value.clone()));
            a.len() - 1
        });
        serializer.serialize_u32(index as u32)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Attached, D::Error> {
        let index = u32::deserialize(deserializer)?;
        ATTACHED
            .with_borrow_mut(|a| a.get_mut(index as usize).and_then(Option::take))
            .ok_or_else(|| D::Error::custom(format!("no value is attached at {index}")))
    }
}
