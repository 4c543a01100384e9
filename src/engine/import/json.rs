//! Reading a vendor's JSON with the path of every value, so that a refusal says where, and
//! keeping count of the fields read, so that every field left over becomes a warning instead of
//! being dropped without a word.
//!
//! A read that finds what cannot be imported (a field missing, a value of the wrong kind, a time
//! out of range) records a refusal and goes on with an empty value: only the first refusal is
//! kept, and the import returns it instead of the scenario (`First`). So the refusal is the one
//! an early return at that point would have given, and the readers need no early return at every
//! field; what they build after it is never used, so they only need to stay within bounds.

use std::cell::RefCell;

use serde_json::{Map, Value};

use super::{Refusal, Warning};

/// Fields that name or locate an object (its id, links, timestamps) and carry no part of the
/// policy: read without a warning.
const IDENTITY: &[&str] =
    &["id", "self", "html_url", "url", "summary", "type", "created_at", "updated_at", "took", "requestId"];

/// The first refusal of a read, if any.
pub type First = RefCell<Option<Refusal>>;

/// An object of the vendor's file at `path`, with the keys read so far; no keys when the value
/// at `path` was not an object (a refusal recorded).
pub struct Obj<'a> {
    map: Option<&'a Map<String, Value>>,
    pub path: String,
    read: Vec<&'a str>,
    first: &'a First,
}

/// The path of a key under `path` (`a.b`, or `b` at the top).
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// What a JSON value is, in words, for a refusal.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The longest delay, timeout or target read, in minutes (ten years): a policy's times are far
/// shorter, and arithmetic on times up to it cannot overflow.
pub const MAX_MINUTES: u64 = 10 * 366 * 1440;

/// A refusal at `path`.
pub fn refusal(path: String, message: impl Into<String>) -> Refusal {
    Refusal { path, message: message.into() }
}

/// A warning at `path`, added to `warnings`: one place that makes them, so that each warning
/// costs the module a call.
#[inline(never)]
pub fn warn(warnings: &mut Vec<Warning>, path: String, message: impl Into<String>) {
    warnings.push(Warning { path, message: message.into() });
}

/// A refusal at `path` saying what was expected and what was found.
pub fn expected(path: &str, what: &str, found: &Value) -> Refusal {
    refusal(path.to_string(), format!("expected {what}, found {}", kind(found)))
}

impl<'a> Obj<'a> {
    /// The value at `path` as an object; a refusal in `first` when it is something else.
    pub fn new(value: &'a Value, path: &str, first: &'a First) -> Obj<'a> {
        let map = match value {
            Value::Object(map) => Some(map),
            other => {
                refuse(first, expected(if path.is_empty() { "(the file)" } else { path }, "an object", other));
                None
            }
        };
        Obj { map, path: path.to_string(), read: Vec::new(), first }
    }

    /// Another value of the same file (a list's item, an object given beside this one) as an
    /// object.
    pub fn item(&self, value: &'a Value, path: &str) -> Obj<'a> {
        Obj::new(value, path, self.first)
    }

    /// Where this read's first refusal is kept, for objects read after this one is done.
    pub fn first(&self) -> &'a First {
        self.first
    }

    /// Refuses the file at `path`, unless an earlier refusal stands.
    pub fn refuse(&self, path: String, message: impl Into<String>) {
        refuse(self.first, refusal(path, message));
    }

    /// `minutes` if at most `MAX_MINUTES`; else a refusal at `path`, and `MAX_MINUTES`.
    pub fn bounded(&self, path: &str, minutes: u64) -> u64 {
        if minutes > MAX_MINUTES {
            self.refuse(path.to_string(), format!("{minutes} minutes is more than ten years"));
        }
        minutes.min(MAX_MINUTES)
    }

    /// A number of loops or repeats the scenario can run: at most `document::MAX_LOOPS`; else a
    /// refusal at `path`, and none.
    pub fn loops(&self, path: &str, n: u64) -> u32 {
        let most = crate::engine::document::MAX_LOOPS;
        match u16::try_from(n) {
            Ok(k) if k <= most => u32::from(k),
            _ => {
                self.refuse(path.to_string(), format!("{n} loops; a scenario runs at most {most}"));
                0
            }
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.is_some_and(|m| m.contains_key(key))
    }

    /// The path of one of this object's keys.
    pub fn at(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The value of `key`, marked as read; `None` when absent or null.
    pub fn take(&mut self, key: &str) -> Option<&'a Value> {
        let (k, v) = self.map?.get_key_value(key)?;
        self.read.push(k.as_str());
        (!v.is_null()).then_some(v)
    }

    /// Marks keys as read without mapping them (their meaning is covered elsewhere).
    pub fn skip(&mut self, keys: &[&str]) {
        for key in keys {
            self.take(key);
        }
    }

    /// The value of `key` if `fits` it; a refusal that it is not `what` if not.
    fn typed(&mut self, key: &str, what: &str, fits: fn(&Value) -> bool) -> Option<&'a Value> {
        let v = self.take(key)?;
        if !fits(v) {
            refuse(self.first, expected(&self.at(key), what, v));
            return None;
        }
        Some(v)
    }

    pub fn obj(&mut self, key: &str) -> Option<Obj<'a>> {
        let path = self.at(key);
        self.take(key).map(|v| self.item(v, &path))
    }

    /// The object at `key`; when it is missing, a refusal, and an object without keys.
    pub fn req_obj(&mut self, key: &str) -> Obj<'a> {
        match self.obj(key) {
            Some(o) => o,
            None => {
                self.missing::<()>(key);
                Obj { map: None, path: self.at(key), read: Vec::new(), first: self.first }
            }
        }
    }

    pub fn str(&mut self, key: &str) -> Option<&'a str> {
        self.typed(key, "text", Value::is_string).and_then(Value::as_str)
    }

    /// The text at `key`; when it is missing, a refusal, and "".
    pub fn req_str(&mut self, key: &str) -> &'a str {
        let s = self.str(key);
        s.unwrap_or_else(|| self.missing(key))
    }

    /// A whole number of at least 0.
    pub fn count(&mut self, key: &str) -> Option<u64> {
        self.typed(key, "a whole number of at least 0", Value::is_u64).and_then(Value::as_u64)
    }

    /// The whole number at `key`; when it is missing, a refusal, and 0.
    pub fn req_count(&mut self, key: &str) -> u64 {
        let n = self.count(key);
        n.unwrap_or_else(|| self.missing(key))
    }

    /// Whether `key` is true; when it is missing, a refusal, and false.
    pub fn req_bool(&mut self, key: &str) -> bool {
        let b = self.typed(key, "true or false", Value::is_boolean).and_then(Value::as_bool);
        b.unwrap_or_else(|| self.missing(key))
    }

    /// The items of a list, each with its path.
    pub fn list(&mut self, key: &str) -> Vec<(String, &'a Value)> {
        let path = self.at(key);
        self.typed(key, "a list", Value::is_array)
            .and_then(Value::as_array)
            .map(|items| items.iter().enumerate().map(|(i, v)| (format!("{path}[{i}]"), v)).collect())
            .unwrap_or_default()
    }

    /// The items of a list that must be there; when it is missing, a refusal, and none.
    pub fn req_list(&mut self, key: &str) -> Vec<(String, &'a Value)> {
        if !self.has(key) || self.map.and_then(|m| m.get(key)).is_some_and(Value::is_null) {
            return self.missing(key);
        }
        self.list(key)
    }

    /// A refusal that `key` is missing, unless one stands (the value read is of the wrong kind,
    /// or an earlier field failed); the empty value to go on with.
    pub fn missing<T: Default>(&self, key: &str) -> T {
        refuse(self.first, refusal(self.at(key), format!("\"{key}\" is missing")));
        T::default()
    }

    /// Every field not read (nor an identity field) as a warning that the scenario does not
    /// express it, with `why` when one reason covers them all.
    pub fn rest(self, warnings: &mut Vec<Warning>, why: &str) {
        for (key, value) in self.map.into_iter().flatten() {
            if self.read.contains(&key.as_str()) || IDENTITY.contains(&key.as_str()) || value.is_null() {
                continue;
            }
            warn(
                warnings,
                join(&self.path, key),
                format!("not expressed in the scenario{}{why}", if why.is_empty() { "" } else { ": " }),
            );
        }
    }
}

/// Keeps `refusal` as the read's first, unless one was kept before it.
#[inline(never)]
fn refuse(first: &First, refusal: Refusal) {
    let mut kept = first.borrow_mut();
    if kept.is_none() {
        *kept = Some(refusal);
    }
}
