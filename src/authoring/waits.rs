//! The matrix's time-to-escalate cells and the `queue_wait_over` triggers behind them.
//!
//! A cell (category, level, priority) shows how long an issue may wait in that level's queue
//! before a wait trigger escalates it: the shortest time among the escalating `queue_wait_over`
//! triggers whose scope covers the cell (every matching timer starts, and the first to fire moves
//! the issue). Notify-only wait triggers are listed beside it.
//!
//! Edits reach either every category (the default: a level's waiting times, as an escalation
//! matrix usually states them) or only the category shown. For each reach a level may own one
//! trigger that the matrix edits: a `queue_wait_over` trigger whose `levels` is exactly that level,
//! with no priority scope, that escalates, and whose `categories` is absent (every category) or
//! exactly the one category. New ones are named "<level> wait" (or "<level> wait (<category>)")
//! and escalate to the next level.
//!
//! Editing a cell writes the priority's time into the own trigger, after taking the edited region
//! (the level × the categories reached) away from every other escalating wait trigger that has a
//! time for the priority there, without changing any cell outside the region. Such a trigger is split into the
//! part outside the region, kept as it was (its other levels; its other categories at this level),
//! and the part inside, which loses the edited priority; when that part has exactly the own
//! trigger's scope and escalates to the next level, its other times join the own trigger instead.
//! The original trigger keeps its name and place for the first part that remains.
//!
//! Pure functions over the document, so they can be checked without a browser; the cells
//! themselves are drawn by the matrix tab (`ui::editor::matrix`).

use serde_json::{Map, Value, json};

use crate::engine::time::parse_duration;

#[cfg(test)]
mod tests;

/// What a wait trigger does when it fires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitAction {
    Next,
    To(String),
    Notify(String),
    /// Back to a level, at most this many times (`loop_back`: a policy that repeats).
    LoopBack(String, u32),
    /// Another action, or a `then` that is not one of the format's actions (validation reports it).
    Other,
}

impl WaitAction {
    pub fn of(trigger: &Value) -> WaitAction {
        match trigger.get("then") {
            Some(Value::String(s)) if s == "escalate_next" => WaitAction::Next,
            Some(Value::Object(m)) if m.len() == 1 => match (m.get("escalate_to"), m.get("notify"), m.get("loop_back"))
            {
                (Some(Value::String(l)), _, _) => WaitAction::To(l.clone()),
                (_, Some(Value::String(l)), _) => WaitAction::Notify(l.clone()),
                (_, _, Some(Value::Object(back))) => {
                    match (back.get("to").and_then(Value::as_str), back.get("times").and_then(Value::as_u64)) {
                        (Some(to), Some(times)) => {
                            WaitAction::LoopBack(to.to_string(), u32::try_from(times).unwrap_or(u32::MAX))
                        }
                        _ => WaitAction::Other,
                    }
                }
                _ => WaitAction::Other,
            },
            _ => WaitAction::Other,
        }
    }

    pub fn escalates(&self) -> bool {
        matches!(self, WaitAction::Next | WaitAction::To(_))
    }
}

/// One wait trigger's time for a cell.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitSource {
    pub trigger: usize,
    pub name: String,
    /// The time as written.
    pub after: String,
    /// The time in ms, when it parses.
    pub ms: Option<u64>,
    pub action: WaitAction,
    /// The level's own trigger (the one the matrix edits).
    pub own: bool,
}

/// What a matrix cell shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CellWaits {
    /// Index of the level's own trigger, if it has one.
    pub own: Option<usize>,
    /// Every wait trigger with a time for this cell, in file order.
    pub sources: Vec<WaitSource>,
}

impl CellWaits {
    /// The escalating source that fires first (own trigger first among equals; unparsed times last).
    pub fn effective(&self) -> Option<&WaitSource> {
        self.sources
            .iter()
            .filter(|s| s.action.escalates())
            .min_by_key(|s| (s.ms.is_none(), s.ms.unwrap_or(u64::MAX), !s.own, s.trigger))
    }

    /// The own trigger's entry for this cell.
    pub fn own_source(&self) -> Option<&WaitSource> {
        self.sources.iter().find(|s| s.own)
    }

    /// The text the cell's input shows: the time that escalates first, else the own trigger's.
    pub fn shown(&self) -> String {
        self.effective().or_else(|| self.own_source()).map(|s| s.after.clone()).unwrap_or_default()
    }
}

/// The `queue_wait_over` map of a trigger.
pub fn wait_map(trigger: &Value) -> Option<&Map<String, Value>> {
    trigger.get("when")?.get("queue_wait_over")?.as_object()
}

/// Whether a scope list (`levels`, `categories`, `priorities`) admits `name`: absent admits all,
/// a list admits its members, anything else admits nothing.
pub fn admits(trigger: &Value, scope: &str, name: &str) -> bool {
    match trigger.get(scope) {
        None => true,
        Some(Value::Array(list)) => list.iter().any(|v| v.as_str() == Some(name)),
        Some(_) => false,
    }
}

/// Which categories a cell edit reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Every category (the own trigger has no category scope).
    All,
    /// Only the cell's category (the own trigger is scoped to it).
    Category,
}

/// A matrix cell and what an edit of it reaches, with the names an absent scope stands for.
#[derive(Clone, Copy, Debug)]
pub struct CellRef<'a> {
    pub category: &'a str,
    pub level: &'a str,
    pub priority: &'a str,
    pub reach: Reach,
    pub levels: &'a [String],
    pub categories: &'a [String],
    pub priorities: &'a [String],
}

impl CellRef<'_> {
    /// The category scope of the own trigger: `None` for every category.
    fn own_categories(&self) -> Option<Vec<String>> {
        match self.reach {
            Reach::All => None,
            Reach::Category => Some(vec![self.category.to_string()]),
        }
    }
}

/// A scope list of a trigger: `None` when absent (everything), else the names in it.
fn scope(trigger: &Value, key: &str) -> Option<Vec<String>> {
    match trigger.get(key) {
        None => None,
        Some(Value::Array(list)) => Some(list.iter().filter_map(Value::as_str).map(str::to_string).collect()),
        Some(_) => Some(Vec::new()),
    }
}

/// Whether `trigger` is the trigger the matrix edits for a level and category scope.
pub fn owned_by(trigger: &Value, level: &str, categories: Option<&[String]>) -> bool {
    wait_map(trigger).is_some()
        && scope(trigger, "levels").is_some_and(|l| l.len() == 1 && l[0] == level)
        && scope(trigger, "categories").as_deref() == categories
        && trigger.get("priorities").is_none()
        && WaitAction::of(trigger).escalates()
}

fn triggers(doc: &Value) -> &[Value] {
    doc.get("triggers").and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// The index of the trigger a cell's edits go to, if there is one yet.
pub fn own_trigger(doc: &Value, cell: &CellRef) -> Option<usize> {
    let cats = cell.own_categories();
    triggers(doc).iter().position(|t| owned_by(t, cell.level, cats.as_deref()))
}

/// The wait triggers that set a time for the cell's issues (its priority and category, waiting at
/// its level).
pub fn cell(doc: &Value, cell: &CellRef) -> CellWaits {
    let own = own_trigger(doc, cell);
    let sources = triggers(doc)
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            admits(t, "levels", cell.level)
                && admits(t, "categories", cell.category)
                && admits(t, "priorities", cell.priority)
        })
        .filter_map(|(i, t)| {
            let after = wait_map(t)?.get(cell.priority)?;
            let after = match after {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            Some(WaitSource {
                trigger: i,
                name: t.get("name").and_then(Value::as_str).unwrap_or("").to_string(),
                ms: parse_duration(&after).ok(),
                after,
                action: WaitAction::of(t),
                own: own == Some(i),
            })
        })
        .collect();
    CellWaits { own, sources }
}

/// The name `stem`, or `stem 2`, `stem 3`… whichever no item of `taken` has.
pub fn unique(taken: &[String], stem: &str) -> String {
    if !taken.iter().any(|t| t == stem) {
        return stem.to_string();
    }
    // One of the first `taken.len() + 1` numbers is free.
    (2..taken.len() + 3).map(|n| format!("{stem} {n}")).find(|c| !taken.iter().any(|t| t == c)).unwrap_or_default()
}

/// `trigger` with its scope list `key` set (`None` removes it).
fn with_scope(trigger: &Value, key: &str, list: Option<&[String]>) -> Value {
    let mut t = trigger.clone();
    if let Some(o) = t.as_object_mut() {
        match list {
            Some(l) => {
                o.insert(key.into(), Value::from(l.to_vec()));
            }
            None => {
                o.shift_remove(key);
            }
        }
    }
    t
}

fn minus(a: &[String], b: &[String]) -> Vec<String> {
    a.iter().filter(|x| !b.contains(x)).cloned().collect()
}

/// The document with the time-to-escalate of a cell set to `text` (an empty text removes it), as
/// described in the module documentation. An unusable `triggers` value leaves it unchanged.
pub fn set_wait(doc: &Value, cell: &CellRef, text: &str) -> Value {
    let mut out = doc.clone();
    let list = match out.get("triggers") {
        None => Vec::new(),
        Some(Value::Array(list)) => list.clone(),
        Some(_) => return out,
    };
    let own = own_trigger(doc, cell);
    let own_cats = cell.own_categories();
    // The categories the edit reaches: `None` for all.
    let region = own_cats.clone();
    let mut names: Vec<String> =
        list.iter().map(|t| t.get("name").and_then(Value::as_str).unwrap_or("").to_string()).collect();
    let mut own_map: Map<String, Value> = own.and_then(|o| wait_map(&list[o])).cloned().unwrap_or_default();
    let mut slots: Vec<Option<Value>> = list.iter().cloned().map(Some).collect();
    let mut added = Vec::new();
    for (i, t) in list.iter().enumerate() {
        let Some(map) = wait_map(t) else { continue };
        let cats = scope(t, "categories");
        let reaches = match (&cats, &region) {
            (None, _) => true,
            (Some(c), None) => !c.is_empty(),
            (Some(c), Some(r)) => c.iter().any(|x| r.contains(x)),
        };
        let covers = Some(i) != own
            && WaitAction::of(t).escalates()
            && map.contains_key(cell.priority)
            && admits(t, "levels", cell.level)
            && admits(t, "priorities", cell.priority)
            && reaches;
        if !covers {
            continue;
        }
        let mut parts: Vec<(Value, String)> = Vec::new();
        // Outside the region: the trigger's other levels…
        let levels = scope(t, "levels").unwrap_or_else(|| cell.levels.to_vec());
        let other_levels = minus(&levels, &[cell.level.to_string()]);
        if !other_levels.is_empty() {
            parts.push((with_scope(t, "levels", Some(&other_levels)), String::new()));
        }
        // …and its other categories at this level.
        let at_level = with_scope(t, "levels", Some(&[cell.level.to_string()]));
        let other_cats = match (&cats, &region) {
            (_, None) => Vec::new(),
            (None, Some(r)) => minus(cell.categories, r),
            (Some(c), Some(r)) => minus(c, r),
        };
        if !other_cats.is_empty() {
            parts.push((with_scope(&at_level, "categories", Some(&other_cats)), format!(" ({})", cell.level)));
        }
        // Inside the region: without the edited priority, or joined to the own trigger.
        let inside_cats: Option<Vec<String>> = match (&cats, &region) {
            (None, None) => None,
            (None, Some(r)) => Some(r.clone()),
            (Some(c), None) => Some(c.clone()),
            (Some(c), Some(r)) => Some(c.iter().filter(|x| r.contains(x)).cloned().collect()),
        };
        let plain = t.get("priorities").is_none() && WaitAction::of(t) == WaitAction::Next && inside_cats == own_cats;
        if plain {
            for (p, after) in map {
                merge_min(&mut own_map, p, after);
            }
        } else {
            let rest: Map<String, Value> =
                map.iter().filter(|(p, _)| *p != cell.priority).map(|(p, v)| (p.clone(), v.clone())).collect();
            if !rest.is_empty() {
                let mut inside = with_scope(&at_level, "categories", inside_cats.as_deref());
                if let Some(o) = inside.as_object_mut() {
                    o.insert("when".into(), json!({ "queue_wait_over": rest }));
                }
                let suffix = match &inside_cats {
                    Some(c) if region.is_some() => format!(" ({}, {})", cell.level, c.join(", ")),
                    _ => format!(" ({})", cell.level),
                };
                parts.push((inside, suffix));
            }
        }
        let mut parts = parts.into_iter();
        slots[i] = parts.next().map(|(v, _)| v);
        for (mut copy, suffix) in parts {
            let name = unique(&names, &format!("{}{suffix}", names[i]));
            names.push(name.clone());
            if let Some(o) = copy.as_object_mut() {
                o.insert("name".into(), Value::String(name));
            }
            added.push(copy);
        }
    }
    // The edited time itself.
    if text.trim().is_empty() {
        own_map.shift_remove(cell.priority);
    } else {
        own_map.insert(cell.priority.to_string(), Value::String(text.to_string()));
    }
    let own_map = ordered(own_map, cell.priorities);
    match own {
        Some(o) if own_map.is_empty() => slots[o] = None,
        Some(o) => {
            if let Some(Some(t)) = slots.get_mut(o)
                && let Some(when) = t.get_mut("when").and_then(Value::as_object_mut)
            {
                when.insert("queue_wait_over".into(), Value::Object(own_map));
            }
        }
        None if own_map.is_empty() => {}
        None => {
            let stem = match cell.reach {
                Reach::All => format!("{} wait", cell.level),
                Reach::Category => format!("{} wait ({})", cell.level, cell.category),
            };
            let mut t = json!({
                "name": unique(&names, &stem),
                "when": { "queue_wait_over": own_map },
                "then": "escalate_next",
                "levels": [cell.level],
            });
            if let (Some(c), Some(o)) = (&own_cats, t.as_object_mut()) {
                o.insert("categories".into(), Value::from(c.clone()));
            }
            added.insert(0, t);
        }
    }
    let list: Vec<Value> = slots.into_iter().flatten().chain(added).collect();
    if let Some(o) = out.as_object_mut() {
        if list.is_empty() {
            o.shift_remove("triggers");
        } else {
            o.insert("triggers".into(), Value::Array(list));
        }
    }
    out
}

/// Adds `after` for priority `p`, keeping the shorter time when there is one already (both timers
/// would have run; the first to fire escalates).
fn merge_min(map: &mut Map<String, Value>, p: &str, after: &Value) {
    let ms = |v: &Value| v.as_str().and_then(|s| parse_duration(s).ok());
    match map.get(p) {
        None => {
            map.insert(p.to_string(), after.clone());
        }
        Some(current) => {
            if let (Some(a), Some(b)) = (ms(current), ms(after))
                && b < a
            {
                map.insert(p.to_string(), after.clone());
            }
        }
    }
}

/// The map with its keys in priority order, unknown keys last.
fn ordered(mut map: Map<String, Value>, priorities: &[String]) -> Map<String, Value> {
    let mut out = Map::new();
    for p in priorities {
        if let Some(v) = map.shift_remove(p) {
            out.insert(p.clone(), v);
        }
    }
    out.extend(map);
    out
}
