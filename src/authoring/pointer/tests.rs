//! Pointers and paths: escapes, indices and nested names, both ways; values set and removed.

use serde_json::json;

use super::*;

#[test]
fn names_are_escaped_into_pointers_and_back() {
    for (name, escaped) in [
        ("Team lead", "Team lead"),
        ("a/b", "a~1b"),
        ("a~b", "a~0b"),
        ("~/", "~0~1"),
        // `~1` written in a name is a tilde and a one, not a slash.
        ("~1", "~01"),
        ("/~0", "~1~00"),
        ("", ""),
    ] {
        assert_eq!(key(name), escaped, "{name}");
        assert_eq!(unescape(escaped), name, "{escaped}");
    }
}

#[test]
fn paths_and_pointers_convert_both_ways() {
    for (path, pointer) in [
        ("levels[0].staff", "/levels/0/staff"),
        ("triggers[1].when.queue_wait_over.P1", "/triggers/1/when/queue_wait_over/P1"),
        ("categories[0].path[2]", "/categories/0/path/2"),
        ("levels[0].shifts[1].days[2]", "/levels/0/shifts/1/days/2"),
        ("run", "/run"),
        ("levels[3]", "/levels/3"),
        ("", ""),
        // Names inside the path: spaces kept, `/` and `~` escaped in the pointer.
        ("sla[0].targets.Very high.resolution", "/sla/0/targets/Very high/resolution"),
        ("workload.priority_mix.a/b", "/workload/priority_mix/a~1b"),
        ("triage.matrix.x~y.z", "/triage/matrix/x~0y/z"),
        ("workload.tags.~1", "/workload/tags/~01"),
    ] {
        assert_eq!(pointer_of(path), pointer, "{path}");
        assert_eq!(path_of(pointer), path, "{pointer}");
    }
}

#[test]
fn a_path_reads_as_words_with_items_by_name() {
    let doc = json!({
        "levels": [
            { "name": "Frontline", "service": { "mean": "10m" } },
            { "service": { "mean": "1h" } },
        ],
        "workload": { "priority_mix": { "a/b": 1 } },
    });
    for (path, words) in [
        ("levels[0].service.mean", "levels › “Frontline” › service › mean"),
        ("levels[1].service", "levels › #2 › service"),
        ("levels[5]", "levels › #6"),
        ("workload.priority_mix.a/b", "workload › priority mix › a/b"),
    ] {
        assert_eq!(place_of(&doc, path), words, "{path}");
    }
}

#[test]
fn values_are_set_and_removed_at_a_pointer() {
    let start = json!({ "a": { "b": 1 }, "list": [1, 2] });
    // (set or remove, pointer, value set, done, the document after)
    let cases = [
        ("set", "/a/b", json!(2), true, json!({ "a": { "b": 2 }, "list": [1, 2] })),
        ("set", "/a/c", json!(3), true, json!({ "a": { "b": 1, "c": 3 }, "list": [1, 2] })),
        ("set", "/x/y/z", json!(1), true, json!({ "a": { "b": 1 }, "list": [1, 2], "x": { "y": { "z": 1 } } })),
        ("set", "/list/1", json!(5), true, json!({ "a": { "b": 1 }, "list": [1, 5] })),
        ("set", "/list/2", json!(3), true, json!({ "a": { "b": 1 }, "list": [1, 2, 3] })),
        ("set", "/list/5", json!(3), false, start.clone()),
        ("set", "/list/x", json!(3), false, start.clone()),
        ("set", "/list/0/k", json!(3), false, start.clone()),
        ("set", "/a~1b", json!(0), true, json!({ "a": { "b": 1 }, "list": [1, 2], "a/b": 0 })),
        ("set", "", json!([]), true, json!([])),
        ("remove", "/a/b", json!(null), true, json!({ "a": {}, "list": [1, 2] })),
        ("remove", "/a/zz", json!(null), false, start.clone()),
        ("remove", "/list/0", json!(null), true, json!({ "a": { "b": 1 }, "list": [2] })),
        ("remove", "/list/9", json!(null), false, start.clone()),
        ("remove", "/list", json!(null), true, json!({ "a": { "b": 1 } })),
        ("remove", "", json!(null), false, start.clone()),
    ];
    for (op, pointer, value, done, after) in cases {
        let mut doc = start.clone();
        let found = if op == "set" { set(&mut doc, pointer, value) } else { remove(&mut doc, pointer) };
        assert_eq!((found, &doc), (done, &after), "{op} {pointer}");
    }
    let mut doc = json!({ "a/b": 1, "c": 2 });
    assert!(remove(&mut doc, "/a~1b"));
    assert_eq!(doc, json!({ "c": 2 }));
}
