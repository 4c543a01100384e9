//! The simulated event log: exact rows on hand-computed runs (every wait, move and resolution
//! known in advance), names quoted in CSV and escaped in XES, and on B1 the log against the report
//! of the same replication (resolutions per level, the levels' service times, the order of events).

use std::collections::BTreeMap;

use escalation_lab::engine::event_log::{Format, HEADER, Labels, to_text};
use escalation_lab::engine::{self, Model, runner};
use serde_json::{Value, json};

use super::support::{base, cli, document, level, logged, model, preset, scheduled, set};

fn log_text(doc: &Value, format: Format) -> String {
    let m = model(doc);
    let (events, _) = logged(&m);
    to_text(format, Labels::new(&m, &document(doc)), &events)
}

fn csv_of(doc: &Value) -> String {
    log_text(doc, Format::Csv)
}

/// The expected file: the header, then the rows, each line ending CRLF.
fn expected(rows: &[&str]) -> String {
    rows.iter().fold(HEADER.to_string(), |text, r| text + r + "\r\n")
}

#[test]
fn a_hand_computed_run_gives_exactly_these_rows() {
    // A serves issue 0 from 0 to 30 min without resolving it. Issue 1 arrives at 1 min, waits
    // 15 min and the wait timer moves it to B, which resolves it from 16 to 36 min. Issue 0 moves
    // to B at 30 min, waits for it, and is resolved there from 36 to 56 min. The clock starts at
    // 08:30 an hour east of UTC: 07:30 in UTC.
    let mut doc = scheduled(
        vec![level("A", 1, "30m", 0.0), level("B", 1, "20m", 1.0)],
        &[("0m", "P3"), ("1m", "P3")],
        json!([{"name": "15 minutes in the queue", "when": {"queue_wait_over": {"P3": "15m"}}, "levels": ["A"], "then": "escalate_next"}]),
    );
    set(&mut doc, "/clock", json!({"start": "2026-01-05T08:30:00+01:00"}));
    assert_eq!(
        csv_of(&doc),
        expected(&[
            "1-0,arrive,2026-01-05T07:30:00.000Z,A,P3,complaint,",
            "1-0,queue,2026-01-05T07:30:00.000Z,A,P3,complaint,",
            "1-0,start,2026-01-05T07:30:00.000Z,A,P3,complaint,",
            "1-1,arrive,2026-01-05T07:31:00.000Z,A,P3,complaint,",
            "1-1,queue,2026-01-05T07:31:00.000Z,A,P3,complaint,",
            "1-1,move,2026-01-05T07:46:00.000Z,B,P3,complaint,timer: 15 minutes in the queue",
            "1-1,queue,2026-01-05T07:46:00.000Z,B,P3,complaint,",
            "1-1,start,2026-01-05T07:46:00.000Z,B,P3,complaint,",
            "1-0,move,2026-01-05T08:00:00.000Z,B,P3,complaint,not_resolved",
            "1-0,queue,2026-01-05T08:00:00.000Z,B,P3,complaint,",
            "1-1,resolve,2026-01-05T08:06:00.000Z,B,P3,complaint,",
            "1-1,close,2026-01-05T08:06:00.000Z,B,P3,complaint,",
            "1-0,start,2026-01-05T08:06:00.000Z,B,P3,complaint,",
            "1-0,resolve,2026-01-05T08:26:00.000Z,B,P3,complaint,",
            "1-0,close,2026-01-05T08:26:00.000Z,B,P3,complaint,",
        ])
    );
}

#[test]
fn skip_level_entry_rules_and_priority_changes_say_why() {
    // Issue 0 (P3) enters at B, past A. B does not resolve it; the rule sends it on to C, where
    // the level-change trigger makes it P1; C resolves it from 10 to 30 min. Issue 1 arrives P4
    // at 1 h; the arrival rule triages it to P2, which enters at A; A resolves it by 1 h 10.
    // Issue 2 (P1) arrives at 2 h and a rule routes it to C at once; C resolves it by 2 h 20.
    let mut doc = scheduled(
        vec![level("A", 1, "10m", 1.0), level("B", 1, "10m", 0.0), level("C", 1, "20m", 1.0)],
        &[("0m", "P3"), ("1h", "P4"), ("2h", "P1")],
        json!([{"name": "urgent at C", "when": {"on_arrival": {"and_level_changes": true}}, "levels": ["C"], "then": {"set_priority": "P1"}}]),
    );
    set(&mut doc, "/categories/0/entry", json!({"P3": "B"}));
    set(
        &mut doc,
        "/rules",
        json!(
            "rule \"to C\" when level is \"B\" and service ends unresolved then escalate to \"C\"\n\
             rule \"P4 is urgent\" when arrives and priority is \"P4\" then set priority \"P2\"\n\
             rule \"P1 to C\" when arrives and priority is \"P1\" then route to \"C\""
        ),
    );
    assert_eq!(
        csv_of(&doc),
        expected(&[
            "1-0,arrive,2026-01-05T00:00:00.000Z,B,P3,complaint,skip",
            "1-0,queue,2026-01-05T00:00:00.000Z,B,P3,complaint,",
            "1-0,start,2026-01-05T00:00:00.000Z,B,P3,complaint,",
            "1-0,move,2026-01-05T00:10:00.000Z,C,P3,complaint,rule: to C",
            "1-0,priority,2026-01-05T00:10:00.000Z,C,P1,complaint,trigger: urgent at C",
            "1-0,queue,2026-01-05T00:10:00.000Z,C,P1,complaint,",
            "1-0,start,2026-01-05T00:10:00.000Z,C,P1,complaint,",
            "1-0,resolve,2026-01-05T00:30:00.000Z,C,P1,complaint,",
            "1-0,close,2026-01-05T00:30:00.000Z,C,P1,complaint,",
            "1-1,arrive,2026-01-05T01:00:00.000Z,A,P4,complaint,",
            "1-1,priority,2026-01-05T01:00:00.000Z,A,P2,complaint,rule: P4 is urgent",
            "1-1,queue,2026-01-05T01:00:00.000Z,A,P2,complaint,",
            "1-1,start,2026-01-05T01:00:00.000Z,A,P2,complaint,",
            "1-1,resolve,2026-01-05T01:10:00.000Z,A,P2,complaint,",
            "1-1,close,2026-01-05T01:10:00.000Z,A,P2,complaint,",
            "1-2,arrive,2026-01-05T02:00:00.000Z,C,P1,complaint,rule: P1 to C",
            "1-2,queue,2026-01-05T02:00:00.000Z,C,P1,complaint,",
            "1-2,start,2026-01-05T02:00:00.000Z,C,P1,complaint,",
            "1-2,resolve,2026-01-05T02:20:00.000Z,C,P1,complaint,",
            "1-2,close,2026-01-05T02:20:00.000Z,C,P1,complaint,",
        ])
    );
}

/// A scenario whose names need quoting in CSV and escaping in XML.
fn awkward_names() -> Value {
    let desk = "Desk <1> & \"Co\"'s";
    let mut doc = scheduled(vec![level(desk, 1, "10m", 1.0)], &[("0m", "P3")], json!([]));
    set(&mut doc, "/name", json!("Q&A <desk>"));
    set(&mut doc, "/categories/0/name", json!("a,b \"c\"\r\nd"));
    set(&mut doc, "/workload/scheduled/0/category", json!("a,b \"c\"\r\nd"));
    doc
}

#[test]
fn names_are_quoted_in_csv_and_escaped_in_xes() {
    let doc = awkward_names();
    let csv = csv_of(&doc);
    assert!(
        csv.contains("1-0,start,2026-01-05T00:00:00.000Z,\"Desk <1> & \"\"Co\"\"'s\",P3,\"a,b \"\"c\"\"\r\nd\",\r\n"),
        "{csv}"
    );
    let xes = log_text(&doc, Format::Xes);
    assert!(xes.contains("<string key=\"concept:name\" value=\"Q&amp;A &lt;desk&gt;\"/>"), "{xes}");
    assert!(xes.contains("<string key=\"org:group\" value=\"Desk &lt;1&gt; &amp; &quot;Co&quot;&apos;s\"/>"), "{xes}");
    assert!(xes.contains("<string key=\"category\" value=\"a,b &quot;c&quot;&#13;&#10;d\"/>"), "{xes}");
    assert_eq!(xes_traces(&xes), csv_cases(&csv));
}

#[test]
fn reopened_issues_keep_their_case_and_open_ones_have_no_close() {
    // Half the resolutions reopen after a day; the run stops hard at the horizon.
    let mut doc = base();
    set(&mut doc, "/reopen", json!({"probability": 0.5, "after": {"dist": "deterministic", "value": "1d"}}));
    set(&mut doc, "/run/end", json!("hard_stop"));
    let csv = csv_of(&doc);
    let cases = csv_cases(&csv);
    let (mut reopens, mut open) = (0, 0);
    for (case, rows) in &cases {
        assert_eq!(rows[0].0, "arrive", "{case}");
        for pair in rows.windows(2) {
            if pair[1].0 == "reopen" {
                reopens += 1;
                assert_eq!(pair[0].0, "resolve", "{case}: a reopen follows a resolution");
            }
            if pair[0].0 == "reopen" {
                assert_eq!(pair[1].0, "queue", "{case}: a reopened issue joins the queue");
            }
            assert_ne!(pair[0].0, "close", "{case}: nothing follows a close");
        }
        if rows.last().unwrap().0 != "close" {
            open += 1;
        }
    }
    let reopened = model(&doc);
    let (_, rep) = logged(&reopened);
    assert!(reopens > 100, "{reopens} reopens");
    assert!(open > 0, "the hard stop leaves issues open");
    assert_eq!(rep.kpis.censored, Some(f64::from(open)), "open cases are the censored issues");
}

/// Rows grouped by case: (activity, level, timestamp, reason) in file order.
type Cases = BTreeMap<String, Vec<(String, String, String, String)>>;

/// An RFC 4180 file's records, with its header checked.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut field, mut quoted, mut chars) = (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a bare CR ends no line");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(record.is_empty() && field.is_empty(), "the last line ends with CRLF");
    assert_eq!(records.remove(0).join(","), HEADER.trim_end());
    records
}

fn csv_cases(text: &str) -> Cases {
    let mut cases = Cases::new();
    for r in csv_records(text) {
        assert_eq!(r.len(), 7, "{r:?}");
        cases.entry(r[0].clone()).or_default().push((r[1].clone(), r[3].clone(), r[2].clone(), r[6].clone()));
    }
    cases
}

fn unescape(value: &str) -> String {
    [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&#9;", "\t"), ("&#10;", "\n"), ("&#13;", "\r")]
        .iter()
        .fold(value.to_string(), |v, (from, to)| v.replace(from, to))
        .replace("&amp;", "&")
}

/// A small XML reader, enough for the writer's XES: every tag balanced, every attribute value
/// free of raw markup, and the traces' events read back as the CSV's cases.
fn xes_traces(text: &str) -> Cases {
    let body = text.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").expect("the XML declaration");
    let (mut open, mut cases) = (Vec::<String>::new(), Cases::new());
    let (mut case, mut event) = (None::<String>, BTreeMap::<String, String>::new());
    for piece in body.split('<').skip(1) {
        let (tag, rest) = piece.split_once('>').expect("a tag ends");
        assert!(rest.trim().is_empty(), "no text between tags: {rest:?}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop().as_deref(), Some(name), "balanced tags");
            if name == "event" {
                let row = (event["concept:name"].clone(), event["org:group"].clone(), event["time:timestamp"].clone());
                let reason = event.get("reason").cloned().unwrap_or_default();
                let transition = if row.0 == "start" { "start" } else { "complete" };
                assert_eq!(event["lifecycle:transition"], transition);
                cases
                    .entry(case.clone().expect("an event in a trace"))
                    .or_default()
                    .push((row.0, row.1, row.2, reason));
                event.clear();
            }
            continue;
        }
        let empty = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name = tag.split(' ').next().unwrap().to_string();
        let mut attrs = BTreeMap::new();
        let mut rest = &tag[name.len()..];
        while let Some((key, after)) = rest.split_once("=\"") {
            let (value, after) = after.split_once('"').expect("a quoted value");
            assert!(!value.contains(['<', '>', '\'']), "raw markup in {value:?}");
            attrs.insert(key.trim().to_string(), unescape(value));
            rest = after;
        }
        if let (Some(key), Some(value)) = (attrs.get("key"), attrs.get("value")) {
            match open.last().map(String::as_str) {
                Some("trace") if key == "concept:name" => case = Some(value.clone()),
                Some("event") => {
                    event.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        if !empty {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "every tag closed: {open:?}");
    cases
}

/// B1, shortened to 200 hours and one replication: its log and report.
fn b1() -> (Value, Model) {
    let mut doc = preset("b1");
    set(&mut doc, "/run/horizon", json!("200h"));
    set(&mut doc, "/run/replications", json!(1));
    let m = model(&doc);
    (doc, m)
}

fn ms(timestamp: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(timestamp).expect("an ISO 8601 timestamp").timestamp_millis()
}

#[test]
fn b1_log_agrees_with_its_report() {
    let (doc, m) = b1();
    let (events, rep) = logged(&m);
    // Recording changes nothing: the replication makes the report an unrecorded run makes.
    let report = engine::run(&m, &[]);
    let again = runner::combine(&m, &[], vec![rep]);
    assert_eq!(serde_json::to_string(&again).unwrap(), serde_json::to_string(&report).unwrap());

    let csv = to_text(Format::Csv, Labels::new(&m, &document(&doc)), &events);
    let cases = csv_cases(&csv);
    assert_eq!(cases.len() as f64, report.per_replication[0].events.arrivals.unwrap());
    let warmup_end = ms("2026-01-05T20:00:00Z");
    let mut resolved = BTreeMap::<String, f64>::new();
    let mut service: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (case, rows) in &cases {
        assert_eq!(rows[0].0, "arrive", "{case} starts with its arrival");
        let counted = ms(&rows[0].2) >= warmup_end;
        let mut started: Option<(&str, i64)> = None;
        for (i, (activity, level, at, reason)) in rows.iter().enumerate() {
            match activity.as_str() {
                "start" => {
                    let (before, at_level) = (&rows[i - 1].0, &rows[i - 1].1);
                    assert!(before == "queue" && at_level == level, "{case}: a start follows a queue at {level}");
                    started = Some((level, ms(at)));
                }
                "resolve" | "move" => {
                    if let Some((l, t)) = started.take() {
                        service.entry(l.to_string()).or_default().push((ms(at) - t) as f64 / 60_000.0);
                    }
                    if activity == "resolve" && counted {
                        *resolved.entry(level.clone()).or_default() += 1.0;
                    }
                    if activity == "move" {
                        assert!(reason == "not_resolved" || reason == "timer: queue wait timer", "{reason}");
                    }
                }
                _ => {}
            }
        }
    }
    for (l, mean) in [("L1", 4.0), ("L2", 10.0), ("L3", 15.0), ("L4", 20.0)] {
        let x = &service[l];
        let n = x.len() as f64;
        let avg = x.iter().sum::<f64>() / n;
        let sd = (x.iter().map(|v| (v - avg) * (v - avg)).sum::<f64>() / (n - 1.0)).sqrt();
        let half = 1.96 * sd / n.sqrt();
        assert!((avg - mean).abs() <= half, "{l}: service {avg:.3} ± {half:.3} min over {n} services, mean {mean}");
        let flow: f64 = report.flows.iter().filter(|f| f.from == l && f.to == "resolved").map(|f| f.count).sum();
        assert_eq!(resolved.get(l).copied().unwrap_or(0.0), flow, "{l}: resolutions of counted issues");
    }

    let xes = to_text(Format::Xes, Labels::new(&m, &document(&doc)), &events);
    assert_eq!(xes.matches("<trace>").count(), cases.len());
    assert_eq!(xes.matches("<event>").count(), events.len());
    assert_eq!(xes_traces(&xes), cases, "the XES holds the CSV's cases, event for event");
}

#[test]
fn the_command_line_streams_replication_1s_log() {
    let dir = std::env::temp_dir().join(format!("escalation-lab-event-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (doc, m) = b1();
    let (events, _) = logged(&m);
    for format in [Format::Csv, Format::Xes] {
        let ext = if format == Format::Csv { "csv" } else { "xes" };
        let out = dir.join(format!("b1.{ext}")).to_string_lossy().into_owned();
        let run = cli(&["run", "static/scenarios/b1.json", "--hours", "200", "--reps", "2", "--event-log", &out]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let written = std::fs::read_to_string(&out).unwrap();
        // Written a slice at a time on its own thread, beside replication 2: the same file as
        // the whole log written at once.
        assert_eq!(written, to_text(format, Labels::new(&m, &document(&doc)), &events), "{ext}");
    }
    let out = dir.join("b1.txt").to_string_lossy().into_owned();
    let run = cli(&["run", "static/scenarios/b1.json", "--hours", "1", "--event-log", &out]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("--event-log writes a .csv or a .xes file"), "{err}");
    assert!(!err.contains("simulated"), "refused before running: {err}");
    assert!(!std::path::Path::new(&out).exists());
}
