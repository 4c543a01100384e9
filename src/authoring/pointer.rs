//! JSON pointers into the scenario document (`/levels/0/staff`), as the editors address it:
//! escaping a name into a pointer, and setting or removing the value a pointer names.

use serde_json::Value;

/// Escapes a key for use in a JSON pointer.
pub fn key(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// A pointer's segment as the key it escapes (the reverse of [`key`]).
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Sets the value at `pointer`, creating the last key of an object; false if the parent is missing.
pub fn set(doc: &mut Value, pointer: &str, value: Value) -> bool {
    if pointer.is_empty() {
        *doc = value;
        return true;
    }
    let Some((parent, last)) = pointer.rsplit_once('/') else { return false };
    let last = unescape(last);
    if doc.pointer(parent).is_none() && !parent.is_empty() {
        // Create missing parent objects (e.g. `/workload/profile` before its first entry).
        if !set(doc, parent, Value::Object(Default::default())) {
            return false;
        }
    }
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(last, value);
            true
        }
        Some(Value::Array(items)) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items[i] = value;
                true
            }
            Ok(i) if i == items.len() => {
                items.push(value);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Removes the value at `pointer`; false if there was none.
pub fn remove(doc: &mut Value, pointer: &str) -> bool {
    let Some((parent, last)) = pointer.rsplit_once('/') else { return false };
    let last = unescape(last);
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => map.shift_remove(&last).is_some(),
        Some(Value::Array(items)) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}
