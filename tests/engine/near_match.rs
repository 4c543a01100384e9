//! The one near-match rule behind every "did you mean" (scenario names, rule keywords, fields
//! and variants): which names are near a typed one, and which of them is suggested.

use escalation_lab::engine::problem::{near_match, suggestion};
use escalation_lab::engine::rules::syntax::KEYWORDS;

const FIELDS: &[&str] = &["name", "role", "staff"];
const LEVELS: &[&str] = &["L1", "L2", "L3"];

/// What was typed, the known names, and the name suggested (`None`: nothing is near).
const CASES: &[(&str, &[&str], Option<&str>)] = &[
    // One slip: a letter dropped, added or changed, or two neighbouring letters swapped.
    ("staf", FIELDS, Some("staff")),
    ("complaints", &["complaint"], Some("complaint")),
    ("frontlne", &["frontline", "team_lead", "manager"], Some("frontline")),
    ("ofice", &["24x7", "office"], Some("office")),
    ("Agnet", &["Agent"], Some("Agent")),
    ("categroy", &["category", "priority"], Some("category")),
    ("whem", &["when", "then"], Some("when")),
    // Up to a third of the known name's letters, at least one.
    ("mangr", &["manager"], Some("manager")),
    ("L5", LEVELS, Some("L1")),
    ("x", &["y"], Some("y")),
    // Further off, or a short word that only shares a letter with a longer one: not near.
    ("mgr", &["manager"], None),
    ("Bill", &["Billing"], None),
    ("Zebra", &["Agent"], None),
    ("colour", FIELDS, None),
    ("expo", &["exponential", "lognormal"], None),
    ("x", &["or", "is", "on"], None),
    ("anything", &[], None),
    // Case does not count: a name that differs only in case is the nearest of all.
    ("l2", LEVELS, Some("L2")),
    ("team LEAD", &["Team leader", "Team lead"], Some("Team lead")),
    ("STAF", FIELDS, Some("staff")),
    // An exact match is returned as it is.
    ("L2", LEVELS, Some("L2")),
    // The nearest wins over the first; among equally near names, the first known.
    ("L22", &["L1", "L2"], Some("L2")),
    ("L5", &["L3", "L1"], Some("L3")),
    ("Tier 4", &["Tier 1", "Tier 2"], Some("Tier 1")),
];

#[test]
fn the_near_match_rule_holds_for_every_case() {
    for &(typed, known, expected) in CASES {
        assert_eq!(near_match(typed, known.iter().copied()), expected, "{typed:?} among {known:?}");
    }
}

#[test]
fn keywords_are_matched_by_the_same_rule() {
    let keyword = |word: &str| near_match(word, KEYWORDS.iter().copied());
    assert_eq!(keyword("waitng"), Some("waiting"));
    assert_eq!(keyword("WHEN"), Some("when"));
    assert_eq!(keyword("notfy"), Some("notify"));
    assert_eq!(keyword("x"), None);
    assert_eq!(keyword("L2"), None);
}

#[test]
fn a_suggestion_is_worded_for_a_message_or_empty() {
    assert_eq!(suggestion("ofice", ["office"]), "; did you mean \"office\"?");
    assert_eq!(suggestion("Zebra", ["Agent"]), "");
}
