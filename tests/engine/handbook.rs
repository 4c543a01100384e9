//! The handbook page: a snapshot of the Markdown of every preset (regenerated with
//! `UPDATE_HANDBOOK=1 cargo test --locked --test engine handbook`), the billing-dispute page
//! checked by hand against its scenario file and report, the HTML page's shape and escaping, and
//! the `handbook` command.

use escalation_lab::engine::handbook::{Handbook, Meta, handbook};
use escalation_lab::engine::report::numbers::minutes;
use escalation_lab::engine::{self, Report};
use serde_json::{Value, json};

use crate::support::{base, cli, model, preset, report, text};

fn meta() -> Meta {
    Meta { date: "2026-12-06".into() }
}

/// A preset's page from a run at its own settings (seed, replications, horizon), as the command
/// line makes it.
fn page_of(doc: &Value) -> (Handbook, Report) {
    let model = model(doc);
    let report = engine::run(&model, &[]);
    (handbook(&model, Some(&report), &meta()), report)
}

/// The list items of the section headed `heading`.
fn section<'a>(md: &'a str, heading: &str) -> Vec<&'a str> {
    let start = md.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("no section {heading}:\n{md}"));
    md[start + heading.len() + 2..]
        .lines()
        .take_while(|l| !l.starts_with('#'))
        .filter_map(|l| l.strip_prefix("- "))
        .collect()
}

#[test]
fn every_preset_page_is_as_stored() {
    let dir = format!("{}/static/scenarios", env!("CARGO_MANIFEST_DIR"));
    let fixtures = format!("{}/tests/fixtures/handbook", env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_HANDBOOK").is_some();
    let mut keys: Vec<String> = std::fs::read_dir(&dir)
        .expect("the presets' folder")
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".json").map(str::to_string))
        .collect();
    keys.sort();
    assert!(keys.len() >= 10, "{keys:?}");
    let mut differ = Vec::new();
    for key in &keys {
        let md = page_of(&preset(key)).0.markdown();
        let path = format!("{fixtures}/{key}.md");
        if update {
            std::fs::create_dir_all(&fixtures).expect("the fixtures' folder");
            std::fs::write(&path, &md).expect("the snapshot is written");
            continue;
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        if stored != md {
            differ.push(key.clone());
        }
    }
    assert!(differ.is_empty(), "pages unlike their snapshot (UPDATE_HANDBOOK=1 rewrites them): {differ:?}");
}

#[test]
fn the_billing_dispute_page_says_what_its_scenario_says() {
    let (page, report) = page_of(&preset("billing-dispute"));
    let md = page.markdown();
    let basis = section(&md, "## What this page rests on");
    assert_eq!(basis[0], "Scenario: “Utility call centre — billing disputes”");
    assert_eq!(basis[1], "Run on: 2026-12-06");
    assert_eq!(basis[2], "Run: seed 7 (replication k uses seed 7 + k − 1), 5 replications");
    assert!(basis[3].starts_with("Horizon: 28 d of simulated time, the first 7 d of it a warm-up"), "{}", basis[3]);

    // P1 disputes enter at the team lead ("entry": {"P1": "team_lead"}); P2 at the agent.
    let p1 = section(&md, "### “billing_dispute”, P1 (Wrong disconnection)");
    assert_eq!(p1[0], "First handled by “team_lead”: a skip-level entry, past “agent”.");
    let p2 = section(&md, "### “billing_dispute”, P2 (Disputed charge)");
    assert_eq!(p2[0], "First handled by “agent”.");
    // The waiting timers: 20 min for P2 at the agent, 2 h at the team lead; the manager is last.
    assert_eq!(
        p2[1],
        "At “agent”: after waiting 20 min in its queue, escalate to “team_lead” (“dispute waiting for an agent”); when a service does not resolve it, escalate to “team_lead”."
    );
    assert!(
        p2[2].starts_with("At “team_lead”: after waiting 2 h in its queue, escalate to “finance_manager”"),
        "{}",
        p2[2]
    );
    assert_eq!(
        p2[3],
        "At “finance_manager”: when a service does not resolve it, go back into this level's queue for more work (the last level of the path)."
    );
    assert_eq!(p2[4], "When 80% of its resolution target has elapsed: notify “team_lead” (“resolution at risk”).");
    // Residential P2: 2h first response, 8h resolution on the office calendar.
    assert!(
        p2[5].contains(
            "“residential”: first response 2 business hours on office, resolution 8 business hours on office"
        ),
        "{}",
        p2[5]
    );
    // The promise is the report's P2 90th percentile of time to resolve, said to be per priority.
    let p90 = report.summary.priorities[1].ttr.p90.mean.expect("P2 issues were resolved");
    let promised = format!("resolved within {} in 9 of 10 cases", minutes(p90));
    assert!(p2[6].contains(&promised) && p2[6].contains("per priority"), "{} / {promised}", p2[6]);
    let breach = report.summary.priorities[1].resolution_breach.mean.expect("a breach share");
    assert!(p2[6].contains(&format!("{}% met the resolution target", ((1.0 - breach) * 100.0).round())), "{}", p2[6]);
    // General enquiries never arrive as P1 or P2, so they have no section for them.
    assert!(!md.contains("“general_enquiry”, P2"));
}

/// A small scenario whose names would be markup, with a loop back and no SLA calendar.
fn awkward() -> Value {
    let mut doc = base();
    doc["name"] = json!("<script>alert(1)</script> & co");
    doc["levels"] = json!([
        {"name": "<b>&x", "staff": 2, "service": {"dist": "exponential", "mean": "4m"}, "resolve_probability": 0.7},
        {"name": "L2 'lead'", "staff": 2, "service": {"dist": "exponential", "mean": "4m"}, "resolve_probability": 0.9}
    ]);
    doc["categories"] = json!([{"name": "*urgent*", "share": 1.0, "path": ["<b>&x", "L2 'lead'"]}]);
    doc["triggers"] = json!([
        {"name": "again", "when": {"queue_wait_over": {"P1": "30m", "P2": "30m", "P3": "30m", "P4": "30m"}},
         "levels": ["L2 'lead'"], "then": {"loop_back": {"to": "<b>&x", "times": 2}}}
    ]);
    doc
}

/// Whether every element opened is closed in order (void elements aside).
fn balanced(html: &str) -> Result<(), String> {
    const VOID: [&str; 2] = ["meta", "!DOCTYPE"];
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let end = rest[at..].find('>').ok_or("a tag left open")? + at;
        let tag = &rest[at + 1..end];
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| !c.is_whitespace()).collect();
        if let Some(closing) = tag.strip_prefix('/') {
            let closing = closing.trim();
            match open.pop() {
                Some(o) if o == closing => {}
                other => return Err(format!("</{closing}> closes {other:?}")),
            }
        } else if !VOID.contains(&name.as_str()) {
            open.push(name);
        }
        rest = &rest[end + 1..];
    }
    if open.is_empty() { Ok(()) } else { Err(format!("left open: {open:?}")) }
}

#[test]
fn the_html_page_is_well_formed_escaped_and_fetches_nothing() {
    let doc = awkward();
    let page = handbook(&model(&doc), Some(&report(&doc)), &meta());
    let html = page.html();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{html}");
    balanced(&html).unwrap_or_else(|e| panic!("{e}\n{html}"));
    assert!(html.contains("&lt;b&gt;&amp;x") && !html.contains("<b>"), "{html}");
    assert!(html.contains("&lt;script&gt;") && !html.contains("<script"), "{html}");
    assert!(html.contains("L2 &#39;lead&#39;"), "{html}");
    for fetch in ["http:", "https:", "src=", "href=", "url(", "@import", "//"] {
        assert!(!html.contains(fetch), "{fetch} in {html}");
    }
    assert!(html.contains("@media print"));
    assert!(html.contains(
        "after waiting 30 min in its queue, go back to “&lt;b&gt;&amp;x” and through the escalation again, at most 2 times (“again”)"
    ));

    let md = page.markdown();
    assert!(md.contains("“\\<b\\>\\&x”") && !md.contains("<b>"), "{md}");
    assert!(md.contains("### “\\*urgent\\*”, P1"), "{md}");
}

#[test]
fn without_a_run_the_page_is_the_protocol_alone() {
    let page = handbook(&model(&base()), None, &meta());
    let md = page.markdown();
    assert!(md.contains("No run: the protocol only, without timelines to promise."), "{md}");
    assert!(!md.contains("Timelines to promise") && !md.contains("9 of 10"), "{md}");
    // On the round-the-clock calendar a target is plain hours.
    assert!(md.contains("P2: first response 1 h on 24x7, resolution 4 h on 24x7"), "{md}");
}

#[test]
fn the_handbook_command_writes_markdown_or_html_and_refuses_a_bad_date() {
    let args = ["handbook", "static/scenarios/billing-dispute.json", "--reps", "2", "--hours", "200"];
    let out = cli(&[&args[..], &["--date", "2026-12-06"]].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.starts_with("# Escalation protocol: Utility call centre — billing disputes\n"), "{md}");
    assert!(md.contains("- Run on: 2026-12-06\n- Run: seed 7 (replication k uses seed 7 + k − 1), 2 replications\n"));
    assert!(md.contains("- Horizon: 8.3 d of simulated time"), "{md}");

    let file = std::env::temp_dir().join(format!("escalation-lab-handbook-{}.html", std::process::id()));
    let file = file.to_string_lossy().into_owned();
    let out = cli(&[&args[..], &["--format", "html", "--out", &file, "--seed", "3"]].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(&file).expect("the page is written");
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("seed 3 (replication"), "{html}");
    // Without --date, today's date in UTC, as YYYY-MM-DD.
    let run_on = html.split("Run on: ").nth(1).and_then(|s| s.get(..10)).expect("a date");
    assert!(chrono::NaiveDate::parse_from_str(run_on, "%Y-%m-%d").is_ok(), "{run_on}");
    let _ = std::fs::remove_file(&file);

    let bad = cli(&[&args[..], &["--date", "6/12/2026"]].concat());
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
    assert!(
        text(&bad.stderr).contains("--date \"6/12/2026\" is not a day written YYYY-MM-DD"),
        "{}",
        text(&bad.stderr)
    );
    let bad = cli(&[&args[..], &["--format", "pdf"]].concat());
    assert!(text(&bad.stderr).contains("unknown --format \"pdf\"; use md or html"), "{}", text(&bad.stderr));
    assert!(!bad.status.success());
}

#[test]
fn an_unresolved_service_that_notifies_says_so_and_then_where_the_issue_goes() {
    let mut doc = base();
    doc["levels"] = json!([
        {"name": "Agent", "staff": 2, "service": {"dist": "exponential", "mean": "4m"}, "resolve_probability": 0.7},
        {"name": "Lead", "staff": 1, "service": {"dist": "exponential", "mean": "4m"}, "resolve_probability": 0.9},
        {"name": "Legal", "staff": 1, "service": {"dist": "exponential", "mean": "4m"}, "resolve_probability": 1.0}
    ]);
    doc["attributes"] = json!([{"name": "account", "values": {"residential": 0.9, "business": 0.1}}]);
    doc["categories"] = json!([{"name": "complaint", "share": 1.0, "path": ["Agent", "Lead", "Legal"]}]);
    doc["triggers"] = json!([
        {"name": "business to legal", "when": {"not_resolved": {}}, "levels": ["Agent"],
         "only_if": "account is \"business\" and escalations < 2", "then": {"escalate_to": "Legal"}},
        {"name": "tell the lead", "when": {"not_resolved": {}}, "levels": ["Agent"], "then": {"notify": "Lead"}}
    ]);
    let md = handbook(&model(&doc), None, &meta()).markdown();
    let p1 = section(&md, "### “complaint”, P1");
    assert_eq!(
        p1[1],
        "At “Agent”: when a service does not resolve it, move to “Legal” (“business to legal”, only if account is “business” and escalations under 2); otherwise, when a service does not resolve it, notify “Lead”, then escalate to “Lead” (“tell the lead”).",
        "{md}"
    );
}
