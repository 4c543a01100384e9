//! A serde `with` module that writes a value as its JSON text, and reads it back from that text.
//!
//! The engine workers' messages cross as compact bytes (`wire`), in a format that writes every
//! field in order and reads them back in the same order, without names. A type whose JSON leaves
//! fields out (`skip_serializing_if`, so that reports and documents stay short) cannot be read
//! back from such bytes: the reader would take the next field for the one left out. Such a part
//! of a message crosses as its JSON text instead, as scenarios already do, so that its JSON stays
//! as it is everywhere else. Not for floats that must cross bit for bit: JSON's reader may miss
//! a float's last bit (`report::whole_journeys` writes its fields out instead).

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn serialize<T: Serialize, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let text = serde_json::to_string(value).map_err(S::Error::custom)?;
    serializer.serialize_str(&text)
}

pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let text = String::deserialize(deserializer)?;
    serde_json::from_str(&text).map_err(D::Error::custom)
}
