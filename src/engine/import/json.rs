//! Reading a vendor's JSON with the path of every value, so that a refusal says where, and
//! keeping count of the fields read, so that every field left over becomes a warning instead of
//! being dropped without a word.

use serde_json::{Map, Value};

use super::{Refusal, Warning};

/// Fields that name or locate an object (its id, links, timestamps) and carry no part of the
/// policy: read without a warning.
const IDENTITY: &[&str] =
    &["id", "self", "html_url", "url", "summary", "type", "created_at", "updated_at", "took", "requestId"];

/// An object of the vendor's file at `path`, with the keys read so far.
pub struct Obj<'a> {
    map: &'a Map<String, Value>,
    pub path: String,
    read: Vec<&'a str>,
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

/// `minutes` if at most `MAX_MINUTES`, else a refusal at `path`.
pub fn bounded(path: &str, minutes: u64) -> Result<u64, Refused> {
    if minutes <= MAX_MINUTES {
        Ok(minutes)
    } else {
        Err(refusal(path.to_string(), format!("{minutes} minutes is more than ten years")))
    }
}

/// A number of loops or repeats the scenario can run: at most `document::MAX_LOOPS`.
pub fn loops(path: &str, n: u64) -> Result<u32, Refused> {
    let most = crate::engine::document::MAX_LOOPS;
    match u16::try_from(n) {
        Ok(k) if k <= most => Ok(u32::from(k)),
        _ => Err(refusal(path.to_string(), format!("{n} loops; a scenario runs at most {most}"))),
    }
}

/// A refusal as the readers pass it up: boxed, so that an `Err` is one pointer to copy at each
/// `?` of a read rather than two strings.
pub type Refused = Box<Refusal>;

/// A refusal at `path`: one place that makes them, so that each refusal costs the module a call.
#[inline(never)]
pub fn refusal(path: String, message: impl Into<String>) -> Refused {
    Box::new(Refusal { path, message: message.into() })
}

/// A warning at `path`, added to `warnings`.
#[inline(never)]
pub fn warn(warnings: &mut Vec<Warning>, path: String, message: impl Into<String>) {
    warnings.push(Warning { path, message: message.into() });
}

/// A refusal at `path` saying what was expected and what was found.
pub fn expected(path: &str, what: &str, found: &Value) -> Refused {
    refusal(path.to_string(), format!("expected {what}, found {}", kind(found)))
}

impl<'a> Obj<'a> {
    /// The value at `path` as an object, or a refusal saying what it is instead.
    pub fn new(value: &'a Value, path: &str) -> Result<Obj<'a>, Refused> {
        match value {
            Value::Object(map) => Ok(Obj { map, path: path.to_string(), read: Vec::new() }),
            other => Err(expected(if path.is_empty() { "(the file)" } else { path }, "an object", other)),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The path of one of this object's keys.
    pub fn at(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The value of `key`, marked as read; `None` when absent or null.
    pub fn take(&mut self, key: &str) -> Option<&'a Value> {
        let (k, v) = self.map.get_key_value(key)?;
        self.read.push(k.as_str());
        (!v.is_null()).then_some(v)
    }

    /// Marks keys as read without mapping them (their meaning is covered elsewhere).
    pub fn skip(&mut self, keys: &[&str]) {
        for key in keys {
            self.take(key);
        }
    }

    pub fn obj(&mut self, key: &str) -> Result<Option<Obj<'a>>, Refused> {
        let path = self.at(key);
        self.take(key).map(|v| Obj::new(v, &path)).transpose()
    }

    pub fn req_obj(&mut self, key: &str) -> Result<Obj<'a>, Refused> {
        self.obj(key)?.ok_or_else(|| self.missing(key))
    }

    pub fn str(&mut self, key: &str) -> Result<Option<&'a str>, Refused> {
        let path = self.at(key);
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(expected(&path, "text", other)),
        }
    }

    pub fn req_str(&mut self, key: &str) -> Result<&'a str, Refused> {
        self.str(key)?.ok_or_else(|| self.missing(key))
    }

    /// A whole number of at least 0.
    pub fn count(&mut self, key: &str) -> Result<Option<u64>, Refused> {
        let path = self.at(key);
        match self.take(key) {
            None => Ok(None),
            Some(v) => v.as_u64().map(Some).ok_or_else(|| expected(&path, "a whole number of at least 0", v)),
        }
    }

    pub fn req_count(&mut self, key: &str) -> Result<u64, Refused> {
        self.count(key)?.ok_or_else(|| self.missing(key))
    }

    pub fn req_bool(&mut self, key: &str) -> Result<bool, Refused> {
        let path = self.at(key);
        match self.take(key) {
            None => Err(self.missing(key)),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(expected(&path, "true or false", other)),
        }
    }

    /// The items of a list, each with its path.
    pub fn list(&mut self, key: &str) -> Result<Vec<(String, &'a Value)>, Refused> {
        let path = self.at(key);
        match self.take(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => {
                Ok(items.iter().enumerate().map(|(i, v)| (format!("{path}[{i}]"), v)).collect())
            }
            Some(other) => Err(expected(&path, "a list", other)),
        }
    }

    pub fn req_list(&mut self, key: &str) -> Result<Vec<(String, &'a Value)>, Refused> {
        if !self.has(key) || self.map.get(key).is_some_and(Value::is_null) {
            return Err(self.missing(key));
        }
        self.list(key)
    }

    pub fn missing(&self, key: &str) -> Refused {
        refusal(self.at(key), format!("\"{key}\" is missing"))
    }

    /// Every field not read (nor an identity field) as a warning that the scenario does not
    /// express it, with `why` when one reason covers them all.
    pub fn rest(self, warnings: &mut Vec<Warning>, why: &str) {
        for (key, value) in self.map {
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
