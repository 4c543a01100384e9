//! What in a scenario refers to a level, category or priority by name, in words, and the
//! scenario with one of them removed together with everything that refers to it: so that
//! removing a priority does not leave mixes, SLA targets, trigger scopes, rules and script events
//! pointing at a name that is gone.
//!
//! Pure functions over the scenario as a JSON value (as the editor holds it): they read
//! defensively and leave alone anything that does not have the expected shape.

use serde_json::Value;

use super::order;
use super::rules::syntax::{Action, Expr, Rule, Span, Test};
use super::rules::{parse, parse_condition};

/// What a name names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Level,
    Category,
    Priority,
}

impl Kind {
    /// The array holding the named items.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Level => "/levels",
            Kind::Category => "/categories",
            Kind::Priority => "/priorities",
        }
    }

    /// The kind of the items of an array pointer (`/levels`), if it is one of these.
    pub fn of_list(list: &str) -> Option<Kind> {
        [Kind::Level, Kind::Category, Kind::Priority].into_iter().find(|k| k.section() == list)
    }
}

/// One place that refers to the name, and how removing the reference leaves it.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    /// Where, in words: `SLA policy “Standard”: targets for P2`.
    pub place: String,
    fix: Fix,
}

#[derive(Clone, Debug, PartialEq)]
enum Fix {
    /// Remove element `index` of the array at the pointer.
    Item(String, usize),
    /// Remove a key of the object at the pointer; `true`: it is a mix, whose other entries are
    /// scaled to sum to what they summed to with it.
    Key(String, String, bool),
    /// Remove a string from the array at the pointer.
    FromList(String, String),
    /// Set the string at the pointer.
    Set(String, String),
    /// Remove bytes `[start, end)` of the rule text.
    RuleText(usize, usize),
}

/// Every reference to the item `index` of `kind`'s list, in the order of the document. None
/// when the item has no name, or shares it with another item (the references are then the
/// other's too).
pub fn find(doc: &Value, kind: Kind, index: usize) -> Vec<Reference> {
    let list = items(doc, kind.section());
    let Some(name) = list.get(index).and_then(|i| i.get("name")).and_then(Value::as_str) else { return Vec::new() };
    if name.is_empty() || list.iter().filter(|i| i.get("name").and_then(Value::as_str) == Some(name)).count() > 1 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut add = |place: String, fix: Fix| out.push(Reference { place, fix });
    let q = |s: &str| format!("\u{201c}{s}\u{201d}");
    let label = |item: &Value, what: &str| match item.get("name").and_then(Value::as_str) {
        Some(n) if !n.is_empty() => format!("{what} {}", q(n)),
        _ => what.to_string(),
    };
    // Levels: overrides for the category or priority.
    if kind != Kind::Level {
        let key = if kind == Kind::Category { "category" } else { "priority" };
        for (l, level) in items(doc, "/levels").iter().enumerate() {
            for (o, over) in items_in(level, "overrides").iter().enumerate() {
                if str_at(over, key) == Some(name) {
                    add(
                        format!("{}: an override for {}", label(level, "level"), q(name)),
                        Fix::Item(format!("/levels/{l}/overrides"), o),
                    );
                }
            }
        }
    }
    // Categories: paths, entries, mixes.
    for (k, cat) in items(doc, "/categories").iter().enumerate() {
        let here = label(cat, "category");
        match kind {
            Kind::Level => {
                if strings(cat.get("path")).contains(&name) {
                    add(format!("{here}: its path"), Fix::FromList(format!("/categories/{k}/path"), name.into()));
                }
                for (p, level) in object(cat.get("entry")) {
                    if level.as_str() == Some(name) {
                        add(
                            format!("{here}: where {p} enters"),
                            Fix::Key(format!("/categories/{k}/entry"), p.clone(), false),
                        );
                    }
                }
            }
            Kind::Priority => {
                if object(cat.get("entry")).any(|(p, _)| p == name) {
                    add(
                        format!("{here}: where {name} enters"),
                        Fix::Key(format!("/categories/{k}/entry"), name.into(), false),
                    );
                }
                if object(cat.get("priority_mix")).any(|(p, _)| p == name) {
                    add(
                        format!("{here}: its priority mix"),
                        Fix::Key(format!("/categories/{k}/priority_mix"), name.into(), true),
                    );
                }
            }
            Kind::Category => {}
        }
    }
    // Workload: mixes, bursts, scheduled issues.
    if kind == Kind::Priority && object(doc.pointer("/workload/priority_mix")).any(|(p, _)| p == name) {
        add("workload: the priority mix".into(), Fix::Key("/workload/priority_mix".into(), name.into(), true));
    }
    for (b, burst) in items(doc, "/workload/bursts").iter().enumerate() {
        let here = label(burst, "burst");
        if kind == Kind::Category && str_at(burst, "category") == Some(name) {
            add(here, Fix::Item("/workload/bursts".into(), b));
        } else if kind == Kind::Priority && object(burst.get("priority_mix")).any(|(p, _)| p == name) {
            add(
                format!("{here}: its priority mix"),
                Fix::Key(format!("/workload/bursts/{b}/priority_mix"), name.into(), true),
            );
        }
    }
    if kind != Kind::Level {
        let key = if kind == Kind::Category { "category" } else { "priority" };
        for (s, issue) in items(doc, "/workload/scheduled").iter().enumerate() {
            if str_at(issue, key) == Some(name) {
                let at = str_at(issue, "at").unwrap_or("?");
                add(format!("the issue scheduled at {at}"), Fix::Item("/workload/scheduled".into(), s));
            }
        }
    }
    // The script: an event naming it goes with it (a given issue's category or priority, the
    // level of a staff change or a closure).
    let script_keys: &[&str] = match kind {
        Kind::Level => &["/staff/level", "/close/level"],
        Kind::Category => &["/issue/category"],
        Kind::Priority => &["/issue/priority"],
    };
    for (e, event) in items(doc, "/script").iter().enumerate() {
        if script_keys.iter().any(|k| event.pointer(k).and_then(Value::as_str) == Some(name)) {
            let at = str_at(event, "at").unwrap_or("?");
            add(format!("the script's event at {at}"), Fix::Item("/script".into(), e));
        }
    }
    // Triage: a matrix cell must name a priority; it takes the next one instead.
    if kind == Kind::Priority {
        let others: Vec<&str> = list.iter().filter_map(|p| str_at(p, "name")).collect();
        let instead = others.get(index + 1).or_else(|| index.checked_sub(1).and_then(|i| others.get(i)));
        if let Some(instead) = instead {
            for (impact, row) in object(doc.pointer("/triage/matrix")) {
                for (urgency, p) in object(Some(row)) {
                    if p.as_str() == Some(name) {
                        add(
                            format!("triage: impact {impact}, urgency {urgency} (becomes {instead})"),
                            Fix::Set(
                                format!("/triage/matrix/{}/{}", escape(impact), escape(urgency)),
                                (*instead).into(),
                            ),
                        );
                    }
                }
            }
        }
    }
    // SLA policies: scopes and targets.
    for (s, policy) in items(doc, "/sla").iter().enumerate() {
        let here = label(policy, "SLA policy");
        match kind {
            Kind::Category => {
                let scope = strings(policy.get("categories"));
                if scope == [name] {
                    add(format!("{here} (for {} only)", q(name)), Fix::Item("/sla".into(), s));
                } else if scope.contains(&name) {
                    add(
                        format!("{here}: the categories it applies to"),
                        Fix::FromList(format!("/sla/{s}/categories"), name.into()),
                    );
                }
            }
            Kind::Priority => {
                if object(policy.get("targets")).any(|(p, _)| p == name) {
                    add(
                        format!("{here}: the targets for {name}"),
                        Fix::Key(format!("/sla/{s}/targets"), name.into(), false),
                    );
                }
            }
            Kind::Level => {}
        }
    }
    // Triggers: a trigger that only makes sense with the name goes; a scope loses the name.
    for (t, trigger) in items(doc, "/triggers").iter().enumerate() {
        let here = label(trigger, "trigger");
        let scope_key = match kind {
            Kind::Level => "levels",
            Kind::Category => "categories",
            Kind::Priority => "priorities",
        };
        let scope = strings(trigger.get(scope_key));
        let then = trigger.get("then");
        let acts_on = match kind {
            Kind::Level => ["/escalate_to", "/notify", "/loop_back/to"]
                .iter()
                .any(|a| then.and_then(|t| t.pointer(a)).and_then(Value::as_str) == Some(name)),
            Kind::Priority => then.and_then(|t| t.get("set_priority")).and_then(Value::as_str) == Some(name),
            Kind::Category => false,
        };
        let only_if = str_at(trigger, "only_if")
            .and_then(|c| parse_condition(c).ok())
            .is_some_and(|c| expr_names(&c.value, kind, name));
        // A per-priority time map left empty would never fire.
        let when = ["queue_wait_over", "time_at_level_over"].into_iter().find_map(|c| {
            let map = trigger.get("when")?.get(c)?.as_object()?;
            map.contains_key(name).then_some((c, map.len()))
        });
        let (when, empties) = match (kind, when) {
            (Kind::Priority, Some((c, n))) => (Some(c), n == 1),
            _ => (None, false),
        };
        if scope == [name] || acts_on || only_if || empties {
            let why = if acts_on {
                format!("it acts on {}", q(name))
            } else if only_if {
                format!("its condition names {}", q(name))
            } else if empties {
                format!("it has a time for {name} only")
            } else {
                format!("for {} only", q(name))
            };
            add(format!("{here} ({why})"), Fix::Item("/triggers".into(), t));
            continue;
        }
        if scope.contains(&name) {
            add(format!("{here}: its {scope_key}"), Fix::FromList(format!("/triggers/{t}/{scope_key}"), name.into()));
        }
        if let Some(c) = when {
            add(
                format!("{here}: the time for {name}"),
                Fix::Key(format!("/triggers/{t}/when/{c}"), name.into(), false),
            );
        }
    }
    // Rules that name it go whole.
    if let Some(text) = doc.get("rules").and_then(Value::as_str)
        && let Ok(file) = parse(text)
    {
        for rule in file.sets.iter().flat_map(|s| &s.rules) {
            if rule_names(rule, kind, name) {
                let (start, end) = rule_bytes(text, rule);
                add(format!("rule {}", q(&rule.name.value)), Fix::RuleText(start, end));
            }
        }
    }
    out
}

/// The scenario without item `index` of `kind`'s list and without every reference to it.
pub fn remove(doc: &Value, kind: Kind, index: usize) -> Value {
    let mut fixes: Vec<Fix> = find(doc, kind, index).into_iter().map(|r| r.fix).collect();
    fixes.push(Fix::Item(kind.section().into(), index));
    let mut out = doc.clone();
    // Edits inside items first, then rule text from its end, then removals from the deepest
    // array and the highest index, so that no pointer moves before it is used.
    for fix in &fixes {
        match fix {
            Fix::Key(pointer, key, mix) => {
                if let Some(map) = out.pointer_mut(pointer).and_then(Value::as_object_mut) {
                    let before: f64 = map.values().filter_map(Value::as_f64).sum();
                    map.remove(key);
                    let after: f64 = map.values().filter_map(Value::as_f64).sum();
                    if *mix && after > 0.0 && before > 0.0 {
                        for v in map.values_mut() {
                            if let Some(x) = v.as_f64() {
                                *v = Value::from(x * before / after);
                            }
                        }
                    }
                }
            }
            Fix::FromList(pointer, name) => {
                if let Some(list) = out.pointer_mut(pointer).and_then(Value::as_array_mut) {
                    list.retain(|v| v.as_str() != Some(name));
                }
            }
            Fix::Set(pointer, value) => {
                if let Some(v) = out.pointer_mut(pointer) {
                    *v = Value::String(value.clone());
                }
            }
            Fix::Item(..) | Fix::RuleText(..) => {}
        }
    }
    let mut cuts: Vec<(usize, usize)> =
        fixes.iter().filter_map(|f| if let Fix::RuleText(a, b) = f { Some((*a, *b)) } else { None }).collect();
    order::sort_by_key(&mut cuts, |&c| std::cmp::Reverse(c));
    if let Some(Value::String(text)) = out.get_mut("rules") {
        for (a, b) in cuts {
            if a <= b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b) {
                text.replace_range(a..b, "");
            }
        }
        if text.trim().is_empty()
            && let Some(map) = out.as_object_mut()
        {
            map.remove("rules");
        }
    }
    let mut removals: Vec<(&String, usize)> =
        fixes.iter().filter_map(|f| if let Fix::Item(p, i) = f { Some((p, *i)) } else { None }).collect();
    order::sort_by_key(&mut removals, |r| std::cmp::Reverse((r.0.matches('/').count(), r.1, r.0.clone())));
    removals.dedup();
    for (pointer, i) in removals {
        if let Some(list) = out.pointer_mut(pointer).and_then(Value::as_array_mut)
            && i < list.len()
        {
            list.remove(i);
        }
    }
    // A list a removal emptied is dropped where the format allows it to be absent.
    for optional in ["/workload/bursts", "/workload/scheduled", "/script", "/sla", "/triggers"] {
        if out.pointer(optional).and_then(Value::as_array).is_some_and(Vec::is_empty) {
            let (parent, key) = optional.rsplit_once('/').unwrap_or(("", optional));
            if let Some(map) = out.pointer_mut(parent).and_then(Value::as_object_mut) {
                map.remove(key);
            }
        }
    }
    out
}

/// Whether a rule names the item: in its condition or in an action.
fn rule_names(rule: &Rule, kind: Kind, name: &str) -> bool {
    expr_names(&rule.when.value, kind, name)
        || rule.then.iter().any(|a| match (&a.value, kind) {
            (
                Action::RouteTo(l)
                | Action::EscalateTo(l)
                | Action::Notify { role: l, .. }
                | Action::LoopBack { to: l, .. },
                Kind::Level,
            ) => l.value == name,
            (Action::SetPriority(p), Kind::Priority) => p.value == name,
            _ => false,
        })
}

fn expr_names(e: &Expr, kind: Kind, name: &str) -> bool {
    match e {
        Expr::Or(list) | Expr::And(list) => list.iter().any(|x| expr_names(&x.value, kind, name)),
        Expr::Not(x) => expr_names(&x.value, kind, name),
        Expr::Test(t) => match (t, kind) {
            (Test::Level(names), Kind::Level)
            | (Test::Category(names), Kind::Category)
            | (Test::Priority(names), Kind::Priority) => names.iter().any(|n| n.value == name),
            (Test::PriorityAtLeast(n), Kind::Priority) => n.value == name,
            _ => false,
        },
    }
}

/// A rule's bytes in the text: from the start of the line where it begins to the end of the
/// line where its last action ends.
fn rule_bytes(text: &str, rule: &Rule) -> (usize, usize) {
    let spans: Vec<Span> =
        [rule.name.span, rule.when.span].into_iter().chain(rule.then.iter().map(|a| a.span)).collect();
    let first = spans.iter().map(|s| s.start).min().unwrap_or(0).min(text.len());
    let last = spans.iter().map(|s| s.end).max().unwrap_or(0).min(text.len());
    // An action's span may take the blank lines after it.
    let last = text[..last].trim_end().len().max(first);
    let start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let end = text[last..].find('\n').map_or(text.len(), |i| last + i + 1);
    (start, end)
}

fn items<'a>(doc: &'a Value, pointer: &str) -> &'a [Value] {
    doc.pointer(pointer).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn items_in<'a>(item: &'a Value, key: &str) -> &'a [Value] {
    item.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn str_at<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    item.get(key).and_then(Value::as_str)
}

fn strings(list: Option<&Value>) -> Vec<&str> {
    list.and_then(Value::as_array).map_or_else(Vec::new, |l| l.iter().filter_map(Value::as_str).collect())
}

fn object(map: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    map.and_then(Value::as_object).into_iter().flatten()
}

/// A key as a JSON pointer token.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
