//! An editor's change to the scenario document, named in words for the undo history ("remove
//! level “Team lead”") and keyed so that typing in one field merges into one step.

use serde_json::Value;

use super::pointer::unescape;

/// A change the editors make, by JSON pointer into the document before it.
#[derive(Clone, Copy, Debug)]
pub enum Change<'a> {
    /// A value set at this pointer (a field typed in, a choice made).
    Set(&'a str),
    /// An object key or an array item removed.
    Remove(&'a str),
    /// This value appended to the array at the pointer.
    Push(&'a str, &'a Value),
    /// Items `i` and `i + 1` of the array at the pointer swapped.
    MoveDown(&'a str, usize),
    /// The whole document replaced by this edited version of it (the JSON view, a rename that
    /// follows its references, a matrix cell).
    Edit(&'a Value),
    /// The document replaced by another scenario; the words say by what ("the preset “B1”").
    Replace(&'a str),
}

impl Change<'_> {
    /// The change in words, from the document before it: "remove level “Team lead”".
    pub fn describe(&self, before: &Value) -> String {
        match *self {
            Change::Set(pointer) => format!("change {}", place_or_scenario(before, pointer)),
            Change::Remove(pointer) if is_item(before, pointer) => format!("remove {}", item(before, pointer)),
            Change::Remove(pointer) => format!("clear {}", place_or_scenario(before, pointer)),
            Change::Push(pointer, value) => {
                let (owner, key) = split(pointer);
                let name = value.get("name").and_then(Value::as_str).filter(|n| !n.is_empty());
                let what = match name {
                    Some(n) => format!("{} “{n}”", singular(&key)),
                    None => singular(&key),
                };
                format!("add {what}{}", owner_words(before, &owner))
            }
            Change::MoveDown(pointer, i) => {
                format!("move {} down", item(before, &format!("{pointer}/{i}")))
            }
            Change::Edit(after) => describe_edit(before, after),
            Change::Replace(by) => format!("open {by}"),
        }
    }

    /// The key under which repeated changes merge into one undo step: the field's pointer for a
    /// value set or an optional field emptied, the whole document for edits of it (the JSON
    /// view, typing in a matrix cell). Adding, removing and moving items never merge.
    pub fn coalescing_key(&self, before: &Value) -> Option<String> {
        match *self {
            Change::Set(pointer) => Some(pointer.to_string()),
            Change::Remove(pointer) if !is_item(before, pointer) => Some(pointer.to_string()),
            Change::Edit(_) => Some(String::new()),
            _ => None,
        }
    }
}

/// Where a JSON pointer points, in words: `/levels/0/service/mean` reads
/// `levels › “agent” › service › mean`; list items are named by their `name` where they have
/// one, else by their place (`#2`).
pub fn place(doc: &Value, pointer: &str) -> String {
    let mut node = Some(doc);
    let mut parts = Vec::new();
    for segment in pointer.split('/').skip(1) {
        let segment = unescape(segment);
        let next = node.and_then(|n| child(n, &segment));
        let is_item = matches!(node, Some(Value::Array(_)));
        parts.push(match (is_item, next.and_then(|v| v.get("name")).and_then(Value::as_str)) {
            (true, Some(name)) if !name.is_empty() => format!("\u{201c}{name}\u{201d}"),
            (true, _) => format!("#{}", segment.parse::<usize>().map_or(segment.clone(), |i| (i + 1).to_string())),
            (false, _) => segment.replace('_', " "),
        });
        node = next;
    }
    parts.join(" \u{203a} ")
}

fn place_or_scenario(doc: &Value, pointer: &str) -> String {
    if pointer.is_empty() { "the scenario".into() } else { place(doc, pointer) }
}

fn child<'a>(node: &'a Value, segment: &str) -> Option<&'a Value> {
    match node {
        Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
        Value::Object(map) => map.get(segment),
        _ => None,
    }
}

/// The pointer's parent and its last segment, unescaped.
fn split(pointer: &str) -> (String, String) {
    match pointer.rsplit_once('/') {
        Some((parent, last)) => (parent.to_string(), unescape(last)),
        None => (String::new(), unescape(pointer)),
    }
}

/// Whether the pointer is an item of an array in `doc`.
fn is_item(doc: &Value, pointer: &str) -> bool {
    let (parent, _) = split(pointer);
    pointer.contains('/') && matches!(doc.pointer(&parent), Some(Value::Array(_)))
}

/// An array item in words, with what holds it: `level “Team lead”`, `shift #2 of level “L1”`.
fn item(doc: &Value, pointer: &str) -> String {
    let (list, index) = split(pointer);
    let (owner, key) = split(&list);
    let value = doc.pointer(pointer);
    let name =
        value.and_then(|v| v.get("name").and_then(Value::as_str).or_else(|| v.as_str())).filter(|n| !n.is_empty());
    let what = match name {
        Some(n) => format!("{} “{n}”", singular(&key)),
        None => {
            format!("{} #{}", singular(&key), index.parse::<usize>().map_or(index.clone(), |i| (i + 1).to_string()))
        }
    };
    format!("{what}{}", owner_words(doc, &owner))
}

/// " of level “L1”" for a list held by an item, " in workload" for one held by a section, and
/// nothing for a list at the top.
fn owner_words(doc: &Value, owner: &str) -> String {
    if owner.is_empty() {
        String::new()
    } else if is_item(doc, owner) {
        format!(" of {}", item(doc, owner))
    } else {
        format!(" in {}", place(doc, owner))
    }
}

/// One item of a list named by its key: `levels` → `level`, `categories` → `category`.
fn singular(key: &str) -> String {
    match key {
        "sla" => "SLA policy".into(),
        "path" => "path step".into(),
        "priorities" => "priority".into(),
        "categories" => "category".into(),
        _ => match key.strip_suffix("ies") {
            Some(stem) => format!("{stem}y"),
            None => key.strip_suffix('s').unwrap_or(key).replace('_', " "),
        },
    }
}

/// An edit of the whole document in words: the one place it changed, or the sections it changed.
fn describe_edit(before: &Value, after: &Value) -> String {
    let mut pointer = String::new();
    let (mut a, mut b) = (before, after);
    loop {
        let differing: Vec<(String, &Value, &Value)> = match (a, b) {
            (Value::Object(x), Value::Object(y)) if x.len() == y.len() && x.keys().all(|k| y.contains_key(k)) => {
                x.iter().filter(|(k, v)| y.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), v, &y[k])).collect()
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .filter(|(_, (v, w))| v != w)
                .map(|(i, (v, w))| (i.to_string(), v, w))
                .collect(),
            _ => Vec::new(),
        };
        match differing.as_slice() {
            [(key, x, y)] => {
                pointer.push('/');
                pointer.push_str(&super::pointer::key(key));
                (a, b) = (x, y);
            }
            _ => break,
        }
    }
    if !pointer.is_empty() {
        return format!("change {}", place(before, &pointer));
    }
    // Several sections at once (a rename and its references, sections added or taken away).
    let (Value::Object(x), Value::Object(y)) = (before, after) else { return "change the scenario".into() };
    let mut sections: Vec<&str> = x.keys().filter(|k| y.get(*k) != x.get(*k)).map(String::as_str).collect();
    sections.extend(y.keys().filter(|k| !x.contains_key(*k)).map(String::as_str));
    match sections.as_slice() {
        [] => "change the scenario".into(),
        [one] => format!("change {}", one.replace('_', " ")),
        [first @ .., last] => format!("change {} and {}", first.join(", ").replace('_', " "), last.replace('_', " ")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc() -> Value {
        json!({
            "name": "Desk",
            "levels": [
                {"name": "Agent", "staff": 4, "shifts": [{"from": "08:00"}, {"from": "16:00"}]},
                {"name": "Team lead", "staff": 1},
            ],
            "categories": [{"name": "Billing", "path": ["Agent", "Team lead"]}],
            "workload": {"bursts": [{"at": "1d"}], "profile": {"mon": 1}},
            "sla": [{"priority": "P1"}],
        })
    }

    #[test]
    fn changes_are_named_by_what_they_touch() {
        let d = doc();
        let cases = [
            (Change::Remove("/levels/1"), "remove level “Team lead”"),
            (Change::Remove("/levels/0/shifts/1"), "remove shift #2 of level “Agent”"),
            (Change::Remove("/categories/0/path/1"), "remove path step “Team lead” of category “Billing”"),
            (Change::Remove("/workload/bursts/0"), "remove burst #1 in workload"),
            (Change::Remove("/sla/0"), "remove SLA policy #1"),
            (Change::Remove("/workload/profile"), "clear workload › profile"),
            (Change::Set("/levels/1/staff"), "change levels › “Team lead” › staff"),
            (Change::Set("/name"), "change name"),
            (Change::Push("/levels", &json!({"name": "Expert"})), "add level “Expert”"),
            (Change::Push("/levels/0/shifts", &json!({"from": "00:00"})), "add shift of level “Agent”"),
            (Change::Push("/priorities", &json!({"name": ""})), "add priority"),
            (Change::MoveDown("/levels", 0), "move level “Agent” down"),
            (Change::Replace("the preset “B1”"), "open the preset “B1”"),
        ];
        for (change, words) in cases {
            assert_eq!(change.describe(&d), words, "{change:?}");
        }
    }

    #[test]
    fn an_edit_is_named_by_the_one_place_it_changed_or_its_sections() {
        let d = doc();
        let mut one = d.clone();
        one["levels"][0]["staff"] = json!(5);
        assert_eq!(Change::Edit(&one).describe(&d), "change levels › “Agent” › staff");
        let mut renamed = d.clone();
        renamed["levels"][0]["name"] = json!("Desk agent");
        renamed["categories"][0]["path"][0] = json!("Desk agent");
        assert_eq!(Change::Edit(&renamed).describe(&d), "change levels and categories");
        let mut added = d.clone();
        added["rules"] = json!("rule \"x\" when waiting > 1h then escalate");
        added["sla"] = json!([]);
        assert_eq!(Change::Edit(&added).describe(&d), "change sla and rules");
        let mut longer = d.clone();
        longer["levels"].as_array_mut().unwrap().push(json!({"name": "L3"}));
        assert_eq!(Change::Edit(&longer).describe(&d), "change levels");
        assert_eq!(Change::Edit(&json!([])).describe(&d), "change the scenario");
    }

    #[test]
    fn typing_merges_by_field_and_list_changes_never_merge() {
        let d = doc();
        assert_eq!(Change::Set("/levels/0/staff").coalescing_key(&d).as_deref(), Some("/levels/0/staff"));
        assert_eq!(Change::Remove("/workload/profile").coalescing_key(&d).as_deref(), Some("/workload/profile"));
        assert_eq!(Change::Edit(&d).coalescing_key(&d).as_deref(), Some(""));
        assert_eq!(Change::Remove("/levels/1").coalescing_key(&d), None);
        assert_eq!(Change::Push("/levels", &json!({})).coalescing_key(&d), None);
        assert_eq!(Change::MoveDown("/levels", 0).coalescing_key(&d), None);
        assert_eq!(Change::Replace("the shared link").coalescing_key(&d), None);
    }

    #[test]
    fn places_read_as_words() {
        let d = doc();
        assert_eq!(place(&d, "/levels/0/shifts/1/from"), "levels › “Agent” › shifts › #2 › from");
        assert_eq!(place(&d, "/levels/7/staff"), "levels › #8 › staff");
        assert_eq!(place(&d, "/run/max_issues"), "run › max issues");
    }
}
