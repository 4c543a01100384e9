//! Share links: every preset survives the round trip and reproduces its run; links of the older
//! format still open; damaged, truncated, oversized and hostile links give a clear error and
//! never panic or unpack without bound.

use super::support::{preset_text as preset, report};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use escalation_lab::engine::share::{self, MAX_LINK, MAX_SCENARIO};
use escalation_lab::engine::{self, Report};
use proptest::prelude::*;

const PRESETS: [&str; 9] = [
    "billing-dispute",
    "retail-complaints",
    "it-outage",
    "project-shortage",
    "hr-harassment",
    "b1",
    "b1-rules",
    "b1-mmc",
    "b1-stress",
];

/// The compact JSON a link carries, as the app writes it.
fn compact(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text).unwrap().to_string()
}

fn run(text: &str) -> Report {
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
    doc["run"]["replications"] = 1.into();
    report(&doc)
}

#[test]
fn every_preset_survives_the_link_and_gives_the_same_report() {
    let mut sizes = Vec::new();
    for name in PRESETS {
        let json = compact(&preset(name));
        let link = share::encode(&json);
        sizes.push((name, link.len()));
        assert!(share::is_link(&link));
        let back = share::decode(&link).unwrap();
        assert_eq!(back, json, "{name}");
        // The file as written (spaces, line breaks) against what the link carries.
        let (a, b) = (run(&preset(name)), run(&back));
        assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap(), "{name}");
    }
    // The fragment's length, "#" not counted (see the README).
    eprintln!("link sizes: {sizes:?}");
    for (name, n) in sizes {
        assert!(n < 2_000, "{name}: a link of {n} characters");
    }
}

#[test]
fn a_link_of_the_older_uncompressed_format_still_opens() {
    let json = compact(&preset("b1"));
    let old = format!("s=1.{}", URL_SAFE_NO_PAD.encode(json.as_bytes()));
    assert_eq!(share::decode(&old).unwrap(), json);
}

fn message(link: &str) -> String {
    share::decode(link).expect_err("refused").to_string()
}

#[test]
fn a_damaged_link_says_what_is_wrong() {
    let link = share::encode(&compact(&preset("b1")));
    // Cut short: at a whole group of base64 characters, and inside one.
    let whole = 4 + (link.len() / 2) / 4 * 4;
    assert_eq!(message(&link[..whole]), "the link is cut short: part of its scenario is missing (copy the whole link)");
    assert_eq!(
        message(&link[..=whole]),
        "the link is cut short or damaged: its last characters are not whole (copy the whole link)"
    );
    // A character changed in the middle: the checksum, or the compressed stream, notices.
    let mid = link.len() / 2;
    let changed = format!("{}{}{}", &link[..mid], if &link[mid..=mid] == "A" { "B" } else { "A" }, &link[mid + 1..]);
    let m = message(&changed);
    assert!(m.starts_with("the link is damaged") || m.starts_with("the link is cut short"), "{m}");
    // Not base64.
    assert_eq!(
        message("s=2.abc<script>alert(1)</script>"),
        "the link is damaged: character 4 (\"<\") cannot be part of it"
    );
    assert_eq!(message("s=2"), "the link is damaged: it has no version (s=2.… is expected)");
    assert_eq!(message("s=x.AAAA"), "the link is damaged: \"x\" is not a version number");
    assert_eq!(
        message("s=9.AAAA"),
        "the link was made by a newer version of Escalation Lab (link format 9; this one reads 1 to 2)"
    );
    assert_eq!(message("s=0.AAAA"), "the link is damaged: link format 0 was never made (this version reads 1 to 2)");
    assert_eq!(message("tab=rules"), "the link carries no scenario (its part after # should start with s=)");
    // Unpacks to text that is not a scenario: the caller's parse reports it like a broken file.
    let not_json = share::decode(&format!("s=1.{}", URL_SAFE_NO_PAD.encode(b"{\"version\": 1,"))).unwrap();
    assert!(engine::parse(&not_json).is_err());
}

#[test]
fn no_link_unpacks_without_bound() {
    // 16 MB of spaces pack into a link of a few kilobytes: a decompression bomb.
    let link = share::encode(&" ".repeat(16 << 20));
    assert!(link.len() < 40_000, "the bomb is {} characters", link.len());
    assert_eq!(message(&link), "the link's scenario is larger than 1 MB when unpacked, so it is not read");
    let plain = format!("s=1.{}", URL_SAFE_NO_PAD.encode(vec![b' '; MAX_SCENARIO + 3]));
    assert!(
        message(&plain).starts_with("the link is too long")
            || message(&plain).starts_with("the link's scenario is larger")
    );
    let long = format!("s=2.{}", "A".repeat(MAX_LINK));
    assert_eq!(
        message(&long),
        format!("the link is too long to be a scenario ({} characters; at most {MAX_LINK})", MAX_LINK + 4)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_read_or_refused_without_panic(text in ".{0,300}") {
        let _ = share::decode(&text);
        let _ = share::decode(&format!("s=2.{text}"));
        let _ = share::decode(&format!("s=1.{text}"));
    }

    #[test]
    fn any_damage_to_a_real_link_is_caught_or_harmless(at in 0usize..2000, byte in 0u8..128, cut in 0usize..2000) {
        let link = share::encode(&compact(&preset("hr-harassment")));
        let mut bytes = link.clone().into_bytes();
        let at = 4 + at % (bytes.len() - 4);
        bytes[at] = byte;
        // Whatever decodes is only text for the parser, which reports any problem.
        if let Ok(damaged) = String::from_utf8(bytes)
            && let Ok(text) = share::decode(&damaged)
        {
            let _ = engine::load(&text);
        }
        let _ = share::decode(&link[..cut.min(link.len())]);
    }
}

#[test]
fn every_preset_with_a_ten_event_script_and_a_drill_still_fits_a_link() {
    let mut sizes = Vec::new();
    for name in PRESETS {
        let mut doc: serde_json::Value = serde_json::from_str(&preset(name)).unwrap();
        let (level, category, priority) = (
            doc["levels"][0]["name"].clone(),
            doc["categories"][0]["name"].clone(),
            doc["priorities"][0]["name"].clone(),
        );
        let mut script = Vec::new();
        for i in 0..10 {
            let at = format!("{}h", 2 + i * 7);
            script.push(match i % 4 {
                0 => serde_json::json!({"at": at, "name": format!("Step {i}: a customer threatens legal action"), "issue": {"category": category, "priority": priority}}),
                1 => serde_json::json!({"at": at, "name": format!("Step {i}: outage"), "burst": {"factor": 3, "for": "2h"}}),
                2 => serde_json::json!({"at": at, "name": format!("Step {i}: two off sick"), "staff": {"level": level, "change": -2, "for": "8h"}}),
                _ => serde_json::json!({"at": at, "name": format!("Step {i}: team meeting"), "close": {"level": level, "for": "1h"}}),
            });
        }
        doc["script"] = script.into();
        // An exercise: the drill's settings with every kind of question, issues chosen and sampled.
        doc["drill"] =
            serde_json::json!({"issues": [3, 17, 42], "sample": 5, "ask": ["next", "rule", "breach", "notify"]});
        let json = doc.to_string();
        assert!(engine::load(&json).model.is_some(), "{name}: the scripted preset with a drill is valid");
        let link = share::encode_within_limits(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(share::decode(&link).unwrap(), json, "{name}");
        sizes.push((name, link.len()));
    }
    eprintln!("link sizes with a 10-event script and a drill: {sizes:?}");
    for (name, n) in sizes {
        assert!(n < 2_000, "{name}: a link of {n} characters");
    }
}
