//! Opening a scenario from a file or a link: what must hold for it to open in the editor.
//!
//! A scenario still being written has errors, and a backup or link of it is only worth making if
//! it opens again. So a text opens when it can be read as a scenario document at all — JSON, an
//! object, this build's format version, of a size the editor can hold — whatever validation then
//! says about it: its problems are listed like those of any edit, with their places. Only what
//! cannot be read is refused, saying why, and the caller keeps the scenario it had.

use std::fmt;

use serde_json::Value;

use super::document::FORMAT_VERSION;

/// The largest scenario text that opens, in bytes: far beyond any scenario written by hand or
/// exported, small enough that the editor, which checks the scenario on every change, stays
/// quick. A file this large is not a scenario picked by mistake.
pub const MAX_TEXT: usize = 8 << 20;

/// Why a text cannot be read as a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Nothing but white space.
    Empty,
    /// Over [`MAX_TEXT`] bytes (the size is given).
    TooLarge(usize),
    /// Not JSON: where (1-based line and column) and what.
    NotJson { line: usize, column: usize, message: String },
    /// JSON, but not an object: what it is instead ("a list").
    NotObject(&'static str),
    /// An object without a `version`: some other JSON file.
    NoVersion,
    /// A format version this build does not read, as written.
    Version(String),
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::Empty => write!(f, "it is empty"),
            Unreadable::TooLarge(n) => {
                write!(f, "it is {n} bytes, too large to be a scenario (at most {} MB)", MAX_TEXT >> 20)
            }
            Unreadable::NotJson { line, column, message } => {
                write!(f, "line {line}, column {column}: not valid JSON ({message})")
            }
            Unreadable::NotObject(kind) => write!(
                f,
                "the document is {kind}, not a scenario: a scenario is an object, {{ \"version\": {FORMAT_VERSION}, \"levels\": … }}"
            ),
            Unreadable::NoVersion => write!(
                f,
                "it has no \"version\", so it is not a scenario file; this build reads version {FORMAT_VERSION}"
            ),
            Unreadable::Version(v) => match v.parse::<u64>() {
                Ok(n) if n > u64::from(FORMAT_VERSION) => write!(
                    f,
                    "it is format version {n}, written by a newer Escalation Lab; this build reads version {FORMAT_VERSION}"
                ),
                _ => write!(f, "format version {v} is not supported; this build reads version {FORMAT_VERSION}"),
            },
        }
    }
}

/// The scenario document a file's or link's text carries, if it can be read as one, whether or
/// not it validates. A UTF-8 byte-order mark, which some editors write first, is read past.
pub fn open(text: &str) -> Result<Value, Unreadable> {
    if text.len() > MAX_TEXT {
        return Err(Unreadable::TooLarge(text.len()));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Unreadable::Empty);
    }
    let doc: Value = serde_json::from_str(text).map_err(|e| Unreadable::NotJson {
        line: e.line(),
        column: e.column().max(1),
        message: plain(&e),
    })?;
    let kind = match &doc {
        Value::Object(map) => match map.get("version") {
            None => return Err(Unreadable::NoVersion),
            Some(v) if v.as_u64() == Some(u64::from(FORMAT_VERSION)) => return Ok(doc),
            Some(v) => return Err(Unreadable::Version(v.to_string())),
        },
        Value::Array(_) => "a list",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "true or false",
        Value::Null => "null",
    };
    Err(Unreadable::NotObject(kind))
}

/// serde_json's message without its own " at line L column C" (the error carries those).
fn plain(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
