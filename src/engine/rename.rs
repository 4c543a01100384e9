//! Renaming a level, category, priority, calendar or attribute of a scenario (as a JSON value)
//! together with every reference to it (paths, entries, mixes, SLA targets, trigger scopes…), so
//! that a rename is one edit and nothing is left pointing at the old name.
//!
//! References are by name, so a rename cannot always tell whose a reference is: when the new
//! name is already another item's, moving the references would merge them with the other item's
//! (and a mix cannot hold one key twice); when the old name is shared, the references are both
//! items'. In those cases the references stay where they are and [`Renames`] remembers which
//! places are the renamed item's, so that its next rename takes exactly those places along:
//! P1 renamed to a taken "P2" and then to "Sev1" leaves nothing naming P1, and the real P2 keeps
//! its own references. What is remembered lives beside the document (in the editor), never in
//! the scenario file.
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

/// One place in the document that names an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The string at this JSON pointer.
    Value(String),
    /// A key of the object at this JSON pointer (a mix, a map of targets).
    Key(String),
}

/// The places a rename could not move because they could not be told apart by name, each set
/// with the item it belongs to. Kept by the editor across renames; every entry is checked against
/// the document before it is used, so one that an other edit made stale is dropped, and the
/// rename then does what it would do without it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Renames {
    owned: Vec<Owned>,
}

/// An item's references that still carry a name other than its own.
#[derive(Clone, Debug, PartialEq)]
struct Owned {
    kind: NameKind,
    /// The item as it was right after the rename that left the places behind: the same item is
    /// found again by its value, wherever it has moved in its list.
    item: Value,
    /// The name the places still carry.
    held: String,
    places: Vec<Place>,
}

impl Renames {
    /// The document with the item at `item` (a pointer such as `/levels/2`) named `new`, and the
    /// references that are that item's renamed with it.
    ///
    /// The item's references are the places remembered for it, or else every place naming its
    /// old name when no other item has that name, or every such place that is not remembered as
    /// another's when the others that have it all have places remembered. When the new name is
    /// free they move to it; when another item has it (or it is empty), they stay as they are
    /// and are remembered as this item's, so that they are never merged with the other's.
    pub fn rename(&mut self, doc: &Value, kind: NameKind, item: &str, new: &str) -> Value {
        let mut out = doc.clone();
        let old = str_at(doc, &format!("{item}/name")).map(str::to_string);
        let Some(target) = out.pointer_mut(item).and_then(Value::as_object_mut) else { return out };
        target.insert("name".into(), Value::String(new.to_string()));
        let Some(old) = old else { return out };
        if old == new {
            return out;
        }
        self.forget_stale(doc);
        let list = items(doc, kind.section());
        let this = doc.pointer(item).cloned().unwrap_or(Value::Null);
        let index = item.strip_prefix(kind.section()).and_then(|i| i.strip_prefix('/')).and_then(|i| i.parse().ok());
        let mine = self.owned.iter().position(|o| o.kind == kind && o.item == this);
        let (held, places) = if let Some(m) = mine {
            let o = self.owned.remove(m);
            (o.held, o.places)
        } else if old.is_empty() {
            return out;
        } else {
            let others_known = list
                .iter()
                .enumerate()
                .filter(|&(i, other)| Some(i) != index && name_of(other) == Some(old.as_str()))
                .all(|(_, other)| self.owned.iter().any(|o| o.kind == kind && o.item == *other));
            if !others_known {
                return out;
            }
            let places = places(doc, kind, &old)
                .into_iter()
                .filter(|p| !self.owned.iter().any(|o| o.kind == kind && o.held == old && o.places.contains(p)))
                .collect();
            (old, places)
        };
        let taken = new.is_empty()
            || list.iter().enumerate().any(|(i, other)| Some(i) != index && name_of(other) == Some(new))
            || self.owned.iter().any(|o| o.kind == kind && o.held == new);
        if taken {
            if !places.is_empty() {
                let item = out.pointer(item).cloned().unwrap_or(Value::Null);
                self.owned.push(Owned { kind, item, held, places });
            }
        } else {
            move_places(&mut out, &places, &held, new);
        }
        out
    }

    /// Whether nothing is remembered: every reference names its own item.
    pub fn is_empty(&self) -> bool {
        self.owned.is_empty()
    }

    /// Drops what another edit has made untrue: an item no longer in its list as it was (edited,
    /// removed, or now indistinguishable from an identical one), and places no longer carrying
    /// the name.
    fn forget_stale(&mut self, doc: &Value) {
        self.owned.retain_mut(|o| {
            let same = items(doc, o.kind.section()).iter().filter(|i| **i == o.item).count();
            o.places.retain(|p| carries(doc, p, &o.held));
            same == 1 && !o.places.is_empty()
        });
    }
}

/// Every place in the document naming `name` as a `kind`, in the order of the document.
pub fn places(doc: &Value, kind: NameKind, name: &str) -> Vec<Place> {
    let mut out = Vec::new();
    let values = |list: &str, key: &str, out: &mut Vec<Place>| {
        for (i, item) in items(doc, list).iter().enumerate() {
            if str_at(item, &format!("/{key}")) == Some(name) {
                out.push(Place::Value(format!("{list}/{i}/{key}")));
            }
        }
    };
    let in_list = |pointer: String, out: &mut Vec<Place>| {
        for (i, v) in items(doc, &pointer).iter().enumerate() {
            if v.as_str() == Some(name) {
                out.push(Place::Value(format!("{pointer}/{i}")));
            }
        }
    };
    let key = |pointer: String, out: &mut Vec<Place>| {
        if doc.pointer(&pointer).and_then(Value::as_object).is_some_and(|m| m.contains_key(name)) {
            out.push(Place::Key(pointer));
        }
    };
    match kind {
        NameKind::Level => {
            for (k, cat) in items(doc, "/categories").iter().enumerate() {
                in_list(format!("/categories/{k}/path"), &mut out);
                for (p, level) in object(cat.get("entry")) {
                    if level.as_str() == Some(name) {
                        out.push(Place::Value(format!("/categories/{k}/entry/{}", escape(p))));
                    }
                }
            }
            for (t, _) in items(doc, "/triggers").iter().enumerate() {
                in_list(format!("/triggers/{t}/levels"), &mut out);
                for action in ["escalate_to", "notify", "loop_back/to"] {
                    let pointer = format!("/triggers/{t}/then/{action}");
                    if str_at(doc, &pointer) == Some(name) {
                        out.push(Place::Value(pointer));
                    }
                }
            }
            values("/script", "staff/level", &mut out);
            values("/script", "close/level", &mut out);
        }
        NameKind::Category => {
            for (l, _) in items(doc, "/levels").iter().enumerate() {
                values(&format!("/levels/{l}/overrides"), "category", &mut out);
            }
            values("/workload/bursts", "category", &mut out);
            values("/workload/scheduled", "category", &mut out);
            values("/script", "issue/category", &mut out);
            for (s, _) in items(doc, "/sla").iter().enumerate() {
                in_list(format!("/sla/{s}/categories"), &mut out);
            }
            for (t, _) in items(doc, "/triggers").iter().enumerate() {
                in_list(format!("/triggers/{t}/categories"), &mut out);
            }
        }
        NameKind::Priority => {
            for (l, _) in items(doc, "/levels").iter().enumerate() {
                values(&format!("/levels/{l}/overrides"), "priority", &mut out);
            }
            for (k, _) in items(doc, "/categories").iter().enumerate() {
                key(format!("/categories/{k}/entry"), &mut out);
                key(format!("/categories/{k}/priority_mix"), &mut out);
            }
            key("/workload/priority_mix".into(), &mut out);
            for (b, _) in items(doc, "/workload/bursts").iter().enumerate() {
                key(format!("/workload/bursts/{b}/priority_mix"), &mut out);
            }
            values("/workload/scheduled", "priority", &mut out);
            values("/script", "issue/priority", &mut out);
            for (impact, row) in object(doc.pointer("/triage/matrix")) {
                for (urgency, p) in object(Some(row)) {
                    if p.as_str() == Some(name) {
                        out.push(Place::Value(format!("/triage/matrix/{}/{}", escape(impact), escape(urgency))));
                    }
                }
            }
            for (s, _) in items(doc, "/sla").iter().enumerate() {
                key(format!("/sla/{s}/targets"), &mut out);
            }
            for (t, _) in items(doc, "/triggers").iter().enumerate() {
                in_list(format!("/triggers/{t}/priorities"), &mut out);
                key(format!("/triggers/{t}/when/queue_wait_over"), &mut out);
                key(format!("/triggers/{t}/when/time_at_level_over"), &mut out);
                let pointer = format!("/triggers/{t}/then/set_priority");
                if str_at(doc, &pointer) == Some(name) {
                    out.push(Place::Value(pointer));
                }
            }
        }
        NameKind::Calendar => {
            values("/sla", "calendar", &mut out);
            values("/triggers", "calendar", &mut out);
            for (t, _) in items(doc, "/triggers").iter().enumerate() {
                let pointer = format!("/triggers/{t}/when/open_longer_than/calendar");
                if str_at(doc, &pointer) == Some(name) {
                    out.push(Place::Value(pointer));
                }
            }
        }
        NameKind::Attribute => {
            for (s, _) in items(doc, "/sla").iter().enumerate() {
                key(format!("/sla/{s}/attributes"), &mut out);
            }
            for (s, _) in items(doc, "/workload/scheduled").iter().enumerate() {
                key(format!("/workload/scheduled/{s}/attributes"), &mut out);
            }
            for (e, _) in items(doc, "/script").iter().enumerate() {
                key(format!("/script/{e}/issue/attributes"), &mut out);
            }
        }
    }
    out
}

/// Renames `old` to `new` at each place that still carries `old`.
fn move_places(doc: &mut Value, places: &[Place], old: &str, new: &str) {
    for place in places {
        match place {
            Place::Value(pointer) => {
                if let Some(v) = doc.pointer_mut(pointer)
                    && v.as_str() == Some(old)
                {
                    *v = Value::String(new.to_string());
                }
            }
            Place::Key(pointer) => key_of(doc.pointer_mut(pointer), old, new),
        }
    }
}

/// Whether a place still carries the name.
fn carries(doc: &Value, place: &Place, name: &str) -> bool {
    match place {
        Place::Value(pointer) => str_at(doc, pointer) == Some(name),
        Place::Key(pointer) => doc.pointer(pointer).and_then(Value::as_object).is_some_and(|m| m.contains_key(name)),
    }
}

/// Renames the value `old` of attribute `attribute` where SLA conditions, scheduled issues and
/// the script's issues name it (the key in the attribute's own mix is renamed by the caller).
pub fn attribute_value_refs(doc: &mut Value, attribute: &str, old: &str, new: &str) {
    for (list, within) in [("/sla", ""), ("/workload/scheduled", ""), ("/script", "/issue")] {
        for item in doc.pointer_mut(list).and_then(Value::as_array_mut).into_iter().flatten() {
            if let Some(v) = item.pointer_mut(&format!("{within}/attributes")).and_then(|a| a.get_mut(attribute))
                && v.as_str() == Some(old)
            {
                *v = Value::String(new.to_string());
            }
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

fn items<'a>(doc: &'a Value, pointer: &str) -> &'a [Value] {
    doc.pointer(pointer).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn str_at<'a>(doc: &'a Value, pointer: &str) -> Option<&'a str> {
    doc.pointer(pointer).and_then(Value::as_str)
}

fn name_of(item: &Value) -> Option<&str> {
    item.get("name").and_then(Value::as_str)
}

fn object(map: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    map.and_then(Value::as_object).into_iter().flatten()
}

/// A key as a JSON pointer token.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
