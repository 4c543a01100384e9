//! JSON pointers into the scenario document (`/levels/0/staff`), as the editors address it:
//! escaping a name into a pointer, setting or removing the value a pointer names, and the
//! pointer of a validation path (`levels[0].staff`, where the engine reports a problem) and back.
//!
//! A path writes names as they are, so [`path_of`] and [`pointer_of`] are each other's reverse
//! only for names without `.` and `[` (a priority `P.1` in a mix reads back as two parts).

use serde_json::Value;

#[cfg(test)]
mod tests;

/// Escapes a key for use in a JSON pointer.
pub fn key(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// A pointer's segment as the key it escapes (the reverse of [`key`]).
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The validation path of a JSON pointer: `/levels/0/staff` is `levels[0].staff`.
pub fn path_of(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = unescape(seg);
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}

/// The validation path `levels[0].staff` as the pointer `/levels/0/staff`.
pub fn pointer_of(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.') {
        let (name, rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            out.push('/');
            out.push_str(&key(name));
        }
        for index in rest.split('[') {
            let index = index.trim_end_matches(']');
            if !index.is_empty() {
                out.push('/');
                out.push_str(index);
            }
        }
    }
    out
}

/// Where a validation path points, in words: `levels[0].service.mean` reads
/// `levels › "agent" › service › mean`; list items are named by their `name` where they have one.
pub fn place_of(doc: &Value, path: &str) -> String {
    super::change::place(doc, &pointer_of(path))
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
        if !set(doc, parent, Value::Object(serde_json::Map::default())) {
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
