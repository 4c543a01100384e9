//! The matrix's wait cells: which triggers a cell reads, and how an edit rewrites the triggers.
//! Every edit case is also checked cell by cell: the edited region takes the new time (or loses
//! its timer), and every other cell of the matrix keeps the time that escalates it first.

use serde_json::json;

use super::*;

/// Levels L1 to L3, categories A and B, priorities P1 and P2.
struct Names {
    levels: Vec<String>,
    categories: Vec<String>,
    priorities: Vec<String>,
}

impl Names {
    fn new() -> Names {
        let owned = |l: &[&str]| l.iter().map(std::string::ToString::to_string).collect();
        Names { levels: owned(&["L1", "L2", "L3"]), categories: owned(&["A", "B"]), priorities: owned(&["P1", "P2"]) }
    }

    fn cell<'a>(&'a self, category: &'a str, level: &'a str, priority: &'a str, reach: Reach) -> CellRef<'a> {
        CellRef {
            category,
            level,
            priority,
            reach,
            levels: &self.levels,
            categories: &self.categories,
            priorities: &self.priorities,
        }
    }

    /// The time that escalates each cell first, as written, cell by cell.
    fn matrix(&self, doc: &Value) -> Vec<((String, String, String), Option<String>)> {
        let mut out = Vec::new();
        for c in &self.categories {
            for l in &self.levels {
                for p in &self.priorities {
                    let waits = cell(doc, &self.cell(c, l, p, Reach::All));
                    out.push(((c.clone(), l.clone(), p.clone()), waits.effective().map(|s| s.after.clone())));
                }
            }
        }
        out
    }
}

fn scenario(triggers: Value) -> Value {
    let mut doc = json!({ "version": 1, "name": "waits" });
    if !triggers.is_null() {
        doc["triggers"] = triggers;
    }
    doc
}

/// A wait trigger that escalates to the next level.
fn next(name: &str, levels: &[&str], times: Value) -> Value {
    json!({ "name": name, "when": { "queue_wait_over": times }, "then": "escalate_next", "levels": levels })
}

/// An edit: the cell (category, level, priority), its reach, the text typed.
type Edit = (&'static str, &'static str, &'static str, Reach, &'static str);

#[test]
fn an_edit_rewrites_the_triggers_and_keeps_every_other_cell() {
    let names = Names::new();
    let cases: Vec<(&str, Value, Edit, Value)> = vec![
        (
            "a first time makes the level's own trigger",
            Value::Null,
            ("A", "L1", "P1", Reach::All, "30m"),
            json!([next("L1 wait", &["L1"], json!({"P1": "30m"}))]),
        ),
        (
            "a time set in the own trigger, in priority order",
            json!([next("L1 wait", &["L1"], json!({"P2": "1h"}))]),
            ("B", "L1", "P1", Reach::All, "10m"),
            json!([next("L1 wait", &["L1"], json!({"P1": "10m", "P2": "1h"}))]),
        ),
        (
            "a time cleared",
            json!([next("L1 wait", &["L1"], json!({"P1": "10m", "P2": "1h"}))]),
            ("A", "L1", "P1", Reach::All, " "),
            json!([next("L1 wait", &["L1"], json!({"P2": "1h"}))]),
        ),
        (
            "the last time cleared takes the trigger and the empty list away",
            json!([next("L1 wait", &["L1"], json!({"P1": "10m"}))]),
            ("A", "L1", "P1", Reach::All, ""),
            Value::Null,
        ),
        (
            "one category's time makes a trigger of its own",
            Value::Null,
            ("B", "L1", "P1", Reach::Category, "5m"),
            json!([{
                "name": "L1 wait (B)", "when": { "queue_wait_over": { "P1": "5m" } }, "then": "escalate_next",
                "levels": ["L1"], "categories": ["B"]
            }]),
        ),
        (
            "a trigger shared by two levels is split: the other level keeps it, this one joins the own",
            json!([next("slow", &["L1", "L2"], json!({"P1": "20m", "P2": "40m"}))]),
            ("A", "L1", "P1", Reach::All, "10m"),
            json!([
                next("slow", &["L2"], json!({"P1": "20m", "P2": "40m"})),
                next("L1 wait", &["L1"], json!({"P1": "10m", "P2": "40m"})),
            ]),
        ),
        (
            "joining keeps the shorter of two times",
            json!([
                next("L1 wait", &["L1"], json!({"P1": "30m", "P2": "2h"})),
                next("slow", &["L1", "L2"], json!({"P1": "20m", "P2": "3h"})),
            ]),
            ("A", "L1", "P1", Reach::All, "45m"),
            json!([
                next("L1 wait", &["L1"], json!({"P1": "45m", "P2": "2h"})),
                next("slow", &["L2"], json!({"P1": "20m", "P2": "3h"})),
            ]),
        ),
        (
            "a trigger to another level keeps its other priorities at this level, as a copy",
            json!([{
                "name": "to L3", "when": { "queue_wait_over": { "P1": "1h", "P2": "2h" } },
                "then": { "escalate_to": "L3" }
            }]),
            ("A", "L2", "P1", Reach::All, "15m"),
            json!([
                {
                    "name": "to L3", "when": { "queue_wait_over": { "P1": "1h", "P2": "2h" } },
                    "then": { "escalate_to": "L3" }, "levels": ["L1", "L3"]
                },
                next("L2 wait", &["L2"], json!({"P1": "15m"})),
                {
                    "name": "to L3 (L2)", "when": { "queue_wait_over": { "P2": "2h" } },
                    "then": { "escalate_to": "L3" }, "levels": ["L2"]
                },
            ]),
        ),
        (
            "one category's edit splits the all-categories trigger by category",
            json!([next("L1 wait", &["L1"], json!({"P1": "30m", "P2": "1h"}))]),
            ("B", "L1", "P1", Reach::Category, "5m"),
            json!([
                {
                    "name": "L1 wait", "when": { "queue_wait_over": { "P1": "30m", "P2": "1h" } },
                    "then": "escalate_next", "levels": ["L1"], "categories": ["A"]
                },
                {
                    "name": "L1 wait (B)", "when": { "queue_wait_over": { "P1": "5m", "P2": "1h" } },
                    "then": "escalate_next", "levels": ["L1"], "categories": ["B"]
                },
            ]),
        ),
        (
            "a trigger for two categories keeps the other one",
            json!([{
                "name": "both", "when": { "queue_wait_over": { "P1": "10m" } }, "then": "escalate_next",
                "levels": ["L1"], "categories": ["A", "B"]
            }]),
            ("A", "L1", "P1", Reach::Category, "20m"),
            json!([
                {
                    "name": "both", "when": { "queue_wait_over": { "P1": "10m" } }, "then": "escalate_next",
                    "levels": ["L1"], "categories": ["B"]
                },
                {
                    "name": "L1 wait (A)", "when": { "queue_wait_over": { "P1": "20m" } }, "then": "escalate_next",
                    "levels": ["L1"], "categories": ["A"]
                },
            ]),
        ),
        (
            "a trigger left with nothing goes",
            json!([{
                "name": "P1 only", "when": { "queue_wait_over": { "P1": "10m" } }, "then": "escalate_next",
                "levels": ["L1"], "priorities": ["P1"]
            }]),
            ("A", "L1", "P1", Reach::All, "20m"),
            json!([next("L1 wait", &["L1"], json!({"P1": "20m"}))]),
        ),
        (
            "a notification is no timer of the cell's: it stays, and the new trigger's name is free",
            json!([{
                "name": "L1 wait", "when": { "queue_wait_over": { "P1": "5m" } }, "then": { "notify": "L3" },
                "levels": ["L1"]
            }]),
            ("A", "L1", "P1", Reach::All, "30m"),
            json!([
                {
                    "name": "L1 wait", "when": { "queue_wait_over": { "P1": "5m" } }, "then": { "notify": "L3" },
                    "levels": ["L1"]
                },
                next("L1 wait 2", &["L1"], json!({"P1": "30m"})),
            ]),
        ),
    ];
    let mut wrong = Vec::new();
    for (name, before, (c, l, p, reach, text), expected) in cases {
        let doc = scenario(before);
        let edited = set_wait(&doc, &names.cell(c, l, p, reach), text);
        let found = edited.get("triggers").cloned().unwrap_or(Value::Null);
        if found != expected {
            wrong.push(format!("{name}:\n  expected {expected}\n  found    {found}"));
        }
        // Cell by cell: the region edited has the new time, the rest what it had.
        let typed = (!text.trim().is_empty()).then(|| text.to_string());
        for ((before_cell, was), (_, now)) in names.matrix(&doc).into_iter().zip(names.matrix(&edited)) {
            let (ref cc, ref cl, ref cp) = before_cell;
            let in_region = cl == l && cp == p && (reach == Reach::All || cc == c);
            let want = if in_region { typed.clone() } else { was };
            if now != want {
                wrong.push(format!("{name}: cell {before_cell:?} is {now:?}, not {want:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_priorities_of_the_own_trigger_follow_the_scenario_order() {
    let names = Names::new();
    let doc = scenario(json!([next("L1 wait", &["L1"], json!({"P2": "1h", "P9": "2h"}))]));
    let edited = set_wait(&doc, &names.cell("A", "L1", "P1", Reach::All), "10m");
    assert_eq!(
        edited["triggers"][0]["when"]["queue_wait_over"].to_string(),
        r#"{"P1":"10m","P2":"1h","P9":"2h"}"#,
        "known priorities in order, unknown ones last"
    );
}

#[test]
fn triggers_that_are_not_a_list_are_left_as_they_are() {
    let names = Names::new();
    let doc = scenario(json!(5));
    assert_eq!(set_wait(&doc, &names.cell("A", "L1", "P1", Reach::All), "10m"), doc);
}

/// What a cell reads: every wait trigger whose scope covers it, the one that fires first among
/// those that escalate (the own trigger first among equals, unreadable times last), and the text
/// its input shows.
#[test]
fn a_cell_reads_the_timer_that_escalates_first() {
    let names = Names::new();
    let triggers = json!([
        next("L1 wait", &["L1"], json!({"P1": "30m", "P2": "1h"})),
        next("early", &["L1", "L2"], json!({"P1": "10m"})),
        { "name": "tell", "when": { "queue_wait_over": { "P1": "1m" } }, "then": { "notify": "L3" } },
        next("same", &["L1"], json!({"P2": "60m"})),
        { "name": "B only", "when": { "queue_wait_over": { "P2": "5m" } }, "then": "escalate_next",
          "categories": ["B"] },
        next("typo", &["L3"], json!({"P1": "soon"})),
        { "name": "L2 wait", "when": { "queue_wait_over": { "P2": "2h" } }, "then": { "notify": "L1" },
          "levels": ["L2"] },
    ]);
    let doc = scenario(triggers);
    // (cell, the own trigger, the sources in file order, the one that escalates first, shown)
    let cases = [
        (("A", "L1", "P1"), Some(0), vec!["L1 wait", "early", "tell"], Some("early"), "10m"),
        (("A", "L1", "P2"), Some(0), vec!["L1 wait", "same"], Some("L1 wait"), "1h"),
        (("B", "L1", "P2"), Some(0), vec!["L1 wait", "same", "B only"], Some("B only"), "5m"),
        (("A", "L2", "P2"), None, vec!["L2 wait"], None, ""),
        (("A", "L3", "P1"), Some(5), vec!["tell", "typo"], Some("typo"), "soon"),
        (("A", "L3", "P2"), Some(5), vec![], None, ""),
    ];
    for ((c, l, p), own, sources, effective, shown) in cases {
        let waits = cell(&doc, &names.cell(c, l, p, Reach::All));
        let found: Vec<&str> = waits.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(waits.own, own, "{c} {l} {p}");
        assert_eq!(found, sources, "{c} {l} {p}");
        assert_eq!(waits.effective().map(|s| s.name.as_str()), effective, "{c} {l} {p}");
        assert_eq!(waits.shown(), shown, "{c} {l} {p}");
    }
}

#[test]
fn new_names_take_the_first_free_number() {
    let taken = |l: &[&str]| l.iter().map(std::string::ToString::to_string).collect::<Vec<_>>();
    assert_eq!(unique(&taken(&[]), "tier"), "tier");
    assert_eq!(unique(&taken(&["tier"]), "tier"), "tier 2");
    assert_eq!(unique(&taken(&["tier", "tier 2", "tier 4"]), "tier"), "tier 3");
}

#[test]
fn a_loop_back_is_read_as_one_and_never_taken_over_by_a_cell() {
    let names = Names::new();
    let back = json!({ "name": "repeat", "when": { "queue_wait_over": { "P1": "30m" } },
                       "then": { "loop_back": { "to": "L1", "times": 2 } }, "levels": ["L3"] });
    assert_eq!(WaitAction::of(&back), WaitAction::LoopBack("L1".into(), 2));
    assert!(!WaitAction::of(&back).escalates());
    // Half-written or mixed actions are not a loop.
    for then in [
        json!({ "loop_back": { "to": "L1" } }),
        json!({ "loop_back": "L1" }),
        json!({ "loop_back": { "to": "L1", "times": 2 }, "notify": "L2" }),
    ] {
        assert_eq!(WaitAction::of(&json!({ "then": then })), WaitAction::Other, "{then}");
    }
    // The last level's cell lists the loop among its sources, but shows and edits its own
    // escalation: an edit there writes a new trigger and leaves the loop as it is.
    let doc = scenario(json!([back]));
    let c = names.cell("A", "L3", "P1", Reach::All);
    let waits = cell(&doc, &c);
    assert_eq!(waits.sources.len(), 1);
    assert_eq!(waits.sources[0].action, WaitAction::LoopBack("L1".into(), 2));
    assert_eq!((waits.own, waits.shown().as_str()), (None, ""));
    let edited = set_wait(&doc, &c, "10m");
    let triggers = edited["triggers"].as_array().unwrap();
    assert_eq!(triggers.len(), 2);
    assert_eq!(triggers[0], doc["triggers"][0]);
}
