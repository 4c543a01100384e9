//! Renaming things the scenario refers to by name. A level, category, priority, calendar or
//! attribute is named in many places (paths, entries, mixes, SLA targets, trigger scopes…); a
//! rename rewrites every reference in one new document, so that it is a single edit and nothing
//! is left pointing at the old name.
//!
//! Pure functions over the JSON document: they read defensively and leave alone anything that
//! does not have the expected shape.

use serde_json::{Map, Value};

/// What a name field names, and so which references follow a rename.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Level,
    Category,
    Priority,
    Calendar,
    Attribute,
}

impl NameKind {
    /// The array holding the named items.
    pub fn section(self) -> &'static str {
        match self {
            NameKind::Level => "/levels",
            NameKind::Category => "/categories",
            NameKind::Priority => "/priorities",
            NameKind::Calendar => "/calendars",
            NameKind::Attribute => "/attributes",
        }
    }
}

/// The document with the item at `item` (a pointer such as `/levels/2`) named `new`, and every
/// reference to its old name rewritten. When another item of the same kind already has the name
/// `new`, only the name changes (validation then reports the duplicate), so that references to
/// the two items are never merged; and when another item still has the old name (a duplicate
/// being mended), the references are that item's, so they stay as they are.
pub fn rename(doc: &Value, kind: NameKind, item: &str, new: &str) -> Value {
    let mut out = doc.clone();
    let old = doc.pointer(&format!("{item}/name")).and_then(Value::as_str).map(str::to_string);
    let Some(target) = out.pointer_mut(item).and_then(Value::as_object_mut) else { return out };
    target.insert("name".into(), Value::String(new.to_string()));
    let Some(old) = old else { return out };
    if old == new || old.is_empty() || new.is_empty() {
        return out;
    }
    let named = |name: &str| {
        doc.pointer(kind.section())
            .and_then(Value::as_array)
            .map_or(0, |items| items.iter().filter(|i| i.get("name").and_then(Value::as_str) == Some(name)).count())
    };
    if named(new) > 0 || named(&old) > 1 {
        return out;
    }
    match kind {
        NameKind::Level => level_refs(&mut out, &old, new),
        NameKind::Category => category_refs(&mut out, &old, new),
        NameKind::Priority => priority_refs(&mut out, &old, new),
        NameKind::Calendar => calendar_refs(&mut out, &old, new),
        NameKind::Attribute => attribute_refs(&mut out, &old, new),
    }
    out
}

fn level_refs(doc: &mut Value, old: &str, new: &str) {
    for k in items_mut(doc, "/categories") {
        strings_in(k.get_mut("path"), old, new);
        if let Some(entry) = k.get_mut("entry").and_then(Value::as_object_mut) {
            for v in entry.values_mut() {
                string(v, old, new);
            }
        }
    }
    for t in items_mut(doc, "/triggers") {
        strings_in(t.get_mut("levels"), old, new);
        if let Some(then) = t.get_mut("then").and_then(Value::as_object_mut) {
            for v in then.values_mut() {
                string(v, old, new);
            }
        }
    }
}

fn category_refs(doc: &mut Value, old: &str, new: &str) {
    for l in items_mut(doc, "/levels") {
        if let Some(overrides) = l.get_mut("overrides").and_then(Value::as_array_mut) {
            for o in overrides {
                field(o, "category", old, new);
            }
        }
    }
    for b in items_mut(doc, "/workload/bursts") {
        field(b, "category", old, new);
    }
    for s in items_mut(doc, "/workload/scheduled") {
        field(s, "category", old, new);
    }
    for s in items_mut(doc, "/sla") {
        strings_in(s.get_mut("categories"), old, new);
    }
    for t in items_mut(doc, "/triggers") {
        strings_in(t.get_mut("categories"), old, new);
    }
}

fn priority_refs(doc: &mut Value, old: &str, new: &str) {
    for l in items_mut(doc, "/levels") {
        if let Some(overrides) = l.get_mut("overrides").and_then(Value::as_array_mut) {
            for o in overrides {
                field(o, "priority", old, new);
            }
        }
    }
    for k in items_mut(doc, "/categories") {
        key_of(k.get_mut("entry"), old, new);
        key_of(k.get_mut("priority_mix"), old, new);
    }
    key_of(doc.pointer_mut("/workload/priority_mix"), old, new);
    for b in items_mut(doc, "/workload/bursts") {
        key_of(b.get_mut("priority_mix"), old, new);
    }
    for s in items_mut(doc, "/workload/scheduled") {
        field(s, "priority", old, new);
    }
    if let Some(matrix) = doc.pointer_mut("/triage/matrix").and_then(Value::as_object_mut) {
        for row in matrix.values_mut().filter_map(Value::as_object_mut) {
            for v in row.values_mut() {
                string(v, old, new);
            }
        }
    }
    for s in items_mut(doc, "/sla") {
        key_of(s.get_mut("targets"), old, new);
    }
    for t in items_mut(doc, "/triggers") {
        strings_in(t.get_mut("priorities"), old, new);
        key_of(t.pointer_mut("/when/queue_wait_over"), old, new);
    }
}

fn calendar_refs(doc: &mut Value, old: &str, new: &str) {
    for s in items_mut(doc, "/sla") {
        field(s, "calendar", old, new);
    }
    for t in items_mut(doc, "/triggers") {
        field(t, "calendar", old, new);
        if let Some(c) = t.pointer_mut("/when/open_longer_than") {
            field(c, "calendar", old, new);
        }
    }
}

fn attribute_refs(doc: &mut Value, old: &str, new: &str) {
    for s in items_mut(doc, "/sla") {
        key_of(s.get_mut("attributes"), old, new);
    }
    for s in items_mut(doc, "/workload/scheduled") {
        key_of(s.get_mut("attributes"), old, new);
    }
}

/// Renames the value `old` of attribute `attribute` where SLA conditions and scheduled issues
/// name it (the key in the attribute's own mix is renamed by the caller).
pub fn attribute_value_refs(doc: &mut Value, attribute: &str, old: &str, new: &str) {
    for s in items_mut(doc, "/sla") {
        if let Some(v) = s.get_mut("attributes").and_then(|a| a.get_mut(attribute)) {
            string(v, old, new);
        }
    }
    for s in items_mut(doc, "/workload/scheduled") {
        if let Some(v) = s.get_mut("attributes").and_then(|a| a.get_mut(attribute)) {
            string(v, old, new);
        }
    }
}

/// Renames a key of an object in place, keeping its position. Does nothing when the object already
/// has the new key (two entries must not merge) or is not an object.
pub fn key_of(map: Option<&mut Value>, old: &str, new: &str) {
    let Some(map) = map.and_then(Value::as_object_mut) else { return };
    if !map.contains_key(old) || map.contains_key(new) {
        return;
    }
    let renamed: Map<String, Value> =
        std::mem::take(map).into_iter().map(|(k, v)| (if k == old { new.to_string() } else { k }, v)).collect();
    *map = renamed;
}

/// The elements of the array at `pointer`, mutably (none when it is missing or not an array).
fn items_mut<'a>(doc: &'a mut Value, pointer: &str) -> impl Iterator<Item = &'a mut Value> {
    doc.pointer_mut(pointer).and_then(Value::as_array_mut).into_iter().flatten()
}

fn string(v: &mut Value, old: &str, new: &str) {
    if v.as_str() == Some(old) {
        *v = Value::String(new.to_string());
    }
}

fn field(item: &mut Value, key: &str, old: &str, new: &str) {
    if let Some(v) = item.get_mut(key) {
        string(v, old, new);
    }
}

fn strings_in(list: Option<&mut Value>, old: &str, new: &str) {
    if let Some(list) = list.and_then(Value::as_array_mut) {
        for v in list {
            string(v, old, new);
        }
    }
}
