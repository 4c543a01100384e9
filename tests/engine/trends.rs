//! Trends of a ticket history: on the ServiceNow sample, every figure against an independent
//! count of its rows; on event logs the engine writes, weekly buckets against the run that wrote
//! them and a burst found in the findings; the `history` command's output and its errors.

use std::collections::BTreeMap;

use escalation_lab::engine::history::{self, ReadOptions, Ticket};
use escalation_lab::engine::trends::{self, BucketSize, Options, Sla, Trends};
use serde_json::{Value, json};

use super::support::{cli, logged_csv, preset, set, text};

const SERVICENOW: &str = "tests/fixtures/history/servicenow-incidents-sample.csv";
const HOUR: i64 = 3_600_000;

fn servicenow_text() -> String {
    std::fs::read_to_string(format!("{}/{SERVICENOW}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn servicenow() -> (Vec<Ticket>, Trends) {
    let read = history::read(servicenow_text().as_bytes(), &ReadOptions::default()).unwrap();
    let trends = trends::of(&read.tickets, Options::default());
    (read.tickets, trends)
}

/// Each incident's rows as the file has them: (updated at as yyyymmddHHMM, row index, fields).
/// The file quotes no field, so a comma splits fields.
fn incidents() -> BTreeMap<String, Vec<(String, usize, Vec<String>)>> {
    let text = servicenow_text();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let updated = col("sys_updated_at");
    let mut out: BTreeMap<String, Vec<(String, usize, Vec<String>)>> = BTreeMap::new();
    for (i, line) in lines.enumerate() {
        let f: Vec<String> = line.split(',').map(str::to_string).collect();
        // dd-mm-yyyy HH:MM, sortable as yyyymmddHHMM.
        let u = &f[updated];
        let key = format!("{}{}{}{}{}", &u[6..10], &u[3..5], &u[0..2], &u[11..13], &u[14..16]);
        out.entry(f[0].clone()).or_default().push((key, i, f));
    }
    for rows in out.values_mut() {
        rows.sort();
    }
    out
}

/// Each incident's groups in time order, consecutive repeats and unknowns (`?`) left out.
fn group_sequences() -> Vec<Vec<String>> {
    let text = servicenow_text();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let group = header.iter().position(|h| *h == "assignment_group").unwrap();
    incidents()
        .values()
        .map(|rows| {
            let mut seq: Vec<String> = Vec::new();
            for (_, _, f) in rows {
                let g = &f[group];
                if g != "?" && seq.last() != Some(g) {
                    seq.push(g.clone());
                }
            }
            seq
        })
        .collect()
}

#[test]
fn the_servicenow_sample_is_shown_per_day_with_every_incident_counted_once() {
    let (_, t) = servicenow();
    assert_eq!(t.tickets, 890);
    assert_eq!(t.bucket_size, BucketSize::Day);
    let labels: Vec<&str> = t.buckets.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["2016-02-29", "2016-03-01", "2016-03-02"]);
    assert_eq!(t.priorities, ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"]);
    let per_priority: Vec<u64> = (0..4).map(|p| t.buckets.iter().map(|b| b.opened_per_priority[p]).sum()).collect();
    // The data's README: priority of the last row 3 - Moderate 757, 4 - Low 85, 2 - High 33,
    // 1 - Critical 15.
    assert_eq!(per_priority, [15, 33, 757, 85]);
    assert_eq!(t.buckets.iter().map(|b| b.opened).sum::<u64>(), 890);
    // Each bucket starts at midnight UTC, a day after the one before.
    for w in t.buckets.windows(2) {
        assert_eq!(w[1].start - w[0].start, 24 * HOUR);
        assert_eq!(w[0].end, w[1].start);
    }
    assert!(t.findings[0].starts_with("890 tickets were opened over 3 days (2016-02-29 to 2016-03-02), shown per day"));
}

#[test]
fn escalations_sent_back_starts_and_paths_match_a_count_of_the_rows() {
    let (tickets, t) = servicenow();
    let seqs = group_sequences();
    assert_eq!(seqs.len(), 890);
    let escalated = seqs.iter().filter(|s| s.len() > 1).count() as u64;
    // The README: 506 incidents with one group and 3 with none.
    assert_eq!(escalated, 890 - 506 - 3);
    assert_eq!(t.escalated, escalated);
    assert_eq!(t.escalated_share, Some(escalated as f64 / 890.0));
    let back = seqs.iter().filter(|s| (2..s.len()).any(|i| s[..i - 1].contains(&s[i]))).count() as u64;
    assert_eq!(t.ping_pong, back);
    assert_eq!(t.ping_pong_share, Some(back as f64 / 890.0));
    assert_eq!(t.buckets.iter().map(|b| b.escalated).sum::<u64>(), escalated);
    assert_eq!(t.buckets.iter().map(|b| b.ping_pong).sum::<u64>(), back);

    assert_eq!((t.start_groups[0].group.as_str(), t.start_groups[0].starts), ("Group 70", 352));
    // A group's visits are its stays as read, a reopen where it was resolved starting another.
    let mut visits: BTreeMap<&str, u64> = BTreeMap::new();
    for x in &tickets {
        for v in &x.visits {
            *visits.entry(&v.group).or_default() += 1;
        }
    }
    let mut out: BTreeMap<&str, u64> = BTreeMap::new();
    let mut paths: BTreeMap<&[String], u64> = BTreeMap::new();
    for s in &seqs {
        for (i, g) in s.iter().enumerate() {
            if i + 1 < s.len() {
                *out.entry(g).or_default() += 1;
            }
        }
        if s.len() > 1 {
            *paths.entry(s.as_slice()).or_default() += 1;
        }
    }
    for g in t.busiest_groups.iter().chain(&t.escalating_groups) {
        assert_eq!(g.visits, visits[g.group.as_str()], "{}", g.group);
        assert_eq!(g.escalations_out, out.get(g.group.as_str()).copied().unwrap_or(0), "{}", g.group);
    }
    let most_visits = visits.values().max().unwrap();
    assert_eq!(t.busiest_groups[0].visits, *most_visits);
    assert_eq!(t.escalating_groups[0].escalations_out, *out.values().max().unwrap());
    // The paths in order of their counts, ties in the groups' order.
    let mut expected: Vec<(&[String], u64)> = paths.into_iter().collect();
    expected.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let got: Vec<(Vec<String>, u64)> = t.paths.iter().map(|p| (p.groups.clone(), p.tickets)).collect();
    let want: Vec<(Vec<String>, u64)> = expected[..10].iter().map(|(p, n)| (p.to_vec(), *n)).collect();
    assert_eq!(got, want);
    assert_eq!(t.paths[0].groups, ["Group 70", "Group 23"]);
    assert_eq!(t.paths[0].share, t.paths[0].tickets as f64 / escalated as f64);
    assert!(
        t.findings.iter().any(|f| f == "Most tickets started in Group 70 (352 tickets, 40%)."),
        "{:#?}",
        t.findings
    );
    assert!(t.findings.iter().any(|f| f.starts_with("43% of tickets were escalated")), "{:#?}", t.findings);
}

/// numpy's default percentile of a sample.
fn type7(mut v: Vec<i64>, q: f64) -> f64 {
    v.sort_unstable();
    let pos = q * (v.len() - 1) as f64;
    let k = pos.floor() as usize;
    let (lo, hi) = (v[k] as f64, v[(k + 1).min(v.len() - 1)] as f64);
    lo + (pos - k as f64) * (hi - lo)
}

#[test]
fn attainment_resolve_times_backlog_and_heatmap_come_from_the_tickets() {
    let (tickets, t) = servicenow();
    assert_eq!(t.sla, Sla::Export);
    // The README: made_sla TRUE 495, FALSE 395.
    let met: f64 = t
        .buckets
        .iter()
        .map(|b| (0..4).map(|p| b.attainment[p].unwrap_or(0.0) * b.opened_per_priority[p] as f64).sum::<f64>())
        .sum();
    assert!((met - 495.0).abs() < 1e-9, "{met}");
    for (p, name) in t.priorities.iter().enumerate() {
        let of: Vec<&Ticket> = tickets.iter().filter(|x| x.priority.as_deref() == Some(name)).collect();
        let made = of.iter().filter(|x| x.made_sla == Some(true)).count() as f64;
        assert_eq!(t.attainment[p], Some(made / of.len() as f64), "{name}");
    }
    for b in &t.buckets {
        let of: Vec<&Ticket> = tickets.iter().filter(|x| x.opened >= b.start && x.opened < b.end).collect();
        assert_eq!(of.len() as u64, b.opened);
        let times: Vec<i64> = of.iter().filter_map(|x| x.resolved.map(|r| r - x.opened)).collect();
        assert_eq!(b.resolved, times.len() as u64);
        assert_eq!(b.resolve_median_ms, Some(type7(times.clone(), 0.5)));
        assert_eq!(b.resolve_p90_ms, Some(type7(times, 0.9)));
        let open =
            tickets.iter().filter(|x| x.opened < b.end && x.resolved.or(x.closed).is_none_or(|e| e >= b.end)).count()
                as u64;
        assert_eq!(b.backlog, open, "{}", b.label);
    }
    // The README: all 890 were resolved.
    assert_eq!(t.resolved, 890);
    // 29 Feb 2016 was a Monday; the sample's openings run from Monday 01:16 to Wednesday 15:33.
    let total: u64 = t.heatmap.iter().flatten().sum();
    assert_eq!(total, 890);
    assert_eq!(t.heatmap[0][0], 0);
    assert_eq!(t.heatmap[0][1], 1);
    assert!(t.heatmap[2][16..].iter().all(|&n| n == 0));
    assert!(t.heatmap[3..].iter().flatten().all(|&n| n == 0));
    // At UTC+1 the first opening is at 02:16.
    let east = trends::of(&tickets, Options { utc_offset_minutes: 60 });
    assert_eq!(east.heatmap[0][2], 1);
    assert_eq!(east.heatmap[0][1], 0);
}

#[test]
fn without_made_sla_attainment_is_not_known_and_says_why() {
    let (mut tickets, _) = servicenow();
    for t in &mut tickets {
        t.made_sla = None;
    }
    let t = trends::of(&tickets, Options::default());
    let Sla::NotKnown { reason } = &t.sla else { panic!("{:?}", t.sla) };
    assert!(reason.contains("made_sla"), "{reason}");
    assert!(t.attainment.iter().all(Option::is_none));
    assert!(t.buckets.iter().all(|b| b.attainment.iter().all(Option::is_none)));
    assert!(t.findings.iter().any(|f| f.starts_with("SLA attainment is not known: ")), "{:#?}", t.findings);
}

#[test]
fn no_ticket_gives_no_bucket() {
    let t = trends::of(&[], Options::default());
    assert_eq!((t.tickets, t.buckets.len()), (0, 0));
    assert_eq!(t.findings, ["The log has no ticket."]);
}

#[test]
fn the_csv_tables_have_a_row_per_bucket_group_and_path() {
    let (_, t) = servicenow();
    for stem in trends::csv::TABLES {
        let csv = trends::csv::table(&t, stem).unwrap();
        assert!(csv.ends_with("\r\n"), "{stem}");
        let rows = csv.split("\r\n").filter(|r| !r.is_empty()).count();
        let expected = match stem {
            "buckets" => 1 + t.buckets.len(),
            "heatmap" => 8,
            "groups" => 1 + t.busiest_groups.len(),
            "escalating-groups" => 1 + t.escalating_groups.len(),
            _ => 1 + t.paths.len(),
        };
        assert_eq!(rows, expected, "{stem}");
    }
    let buckets = trends::csv::table(&t, "buckets").unwrap();
    assert!(buckets.starts_with("day,start,opened,opened 1 - Critical,"), "{buckets}");
    assert!(buckets.contains("\r\n2016-02-29,1456704000000,207,"), "{buckets}");
    assert_eq!(trends::csv::table(&t, "nothing"), None);
}

/// `n` P2 tickets opened a minute apart from `start`, the first `met` of them within their SLA.
fn week(start: i64, n: i64, met: i64) -> Vec<Ticket> {
    (0..n)
        .map(|i| {
            let mut t: Ticket = serde_json::from_value(json!({
                "id": format!("{start}-{i}"), "opened": start + i * 60_000, "resolved": null,
                "closed": null, "priority": "P2", "impact": null, "urgency": null, "category": null,
                "reopens": 0, "made_sla": i < met, "visits": []
            }))
            .unwrap();
            t.resolved = Some(t.opened + HOUR);
            t
        })
        .collect()
}

#[test]
fn the_findings_say_how_attainment_and_volume_moved() {
    // Six weeks from Monday 5 January 2026: half weeks at both ends (left out of comparisons),
    // then 100 tickets a week with 91% met, two weeks at 85%, and 120 with 94 met (78%).
    let start = 1_767_571_200_000;
    let weeks = [(50, 40), (100, 91), (100, 85), (100, 85), (120, 94), (50, 40)];
    let tickets: Vec<Ticket> =
        (0..).zip(weeks).flat_map(|(w, (n, met))| week(start + w * 7 * 24 * HOUR, n, met)).collect();
    let t = trends::of(&tickets, Options::default());
    assert_eq!(t.bucket_size, BucketSize::Week);
    assert_eq!(
        t.findings,
        [
            "520 tickets were opened over 36 days (2026-01-05 to 2026-02-09), shown per ISO week.",
            "Volume rose 20% from 2026-W03 to 2026-W06 (100 to 120 tickets a week).",
            "The busiest week was 2026-W06 with 120 tickets, 20% above the median week (100).",
            "P2 attainment fell from 91% to 78% over 3 weeks (2026-W03 to 2026-W06).",
            "No ticket was moved to another group.",
            "The median time to resolve was 1 h (90th percentile 1 h), over 520 resolved tickets.",
        ]
    );
}

#[test]
fn an_event_log_over_six_weeks_is_shown_per_iso_week_with_the_runs_arrivals() {
    // B1 at a quarter of its rate, to keep the log small: 30 issues an hour for 1000 hours from
    // Monday 5 January 2026, 00:00 UTC.
    let mut doc = preset("b1");
    set(&mut doc, "/run/horizon", json!("1000h"));
    set(&mut doc, "/workload/arrivals_per_hour", json!(30));
    let (m, rep, text) = logged_csv(&doc);
    let read = history::read(text.as_bytes(), &ReadOptions::default()).unwrap();
    let t = trends::of(&read.tickets, Options::default());
    assert_eq!(t.bucket_size, BucketSize::Week);
    let labels: Vec<&str> = t.buckets.iter().map(|b| b.label.as_str()).collect();
    // 1000 h is 5 weeks, 6 days and 16 hours.
    assert_eq!(labels, ["2026-W02", "2026-W03", "2026-W04", "2026-W05", "2026-W06", "2026-W07"]);
    let start = 1_767_571_200_000; // 2026-01-05T00:00:00Z
    assert_eq!(t.buckets[0].start, start);
    assert!(t.buckets.iter().all(|b| b.end - b.start == 7 * 24 * HOUR));
    // Every issue simulated, warm-up and drain included, is a ticket of the log.
    assert_eq!(Some(t.tickets as f64), rep.kpis.events.arrivals);
    // The run counts per priority the issues that arrived in [warm-up, horizon): 100 h to 1000 h.
    let (from, to) = (start + 100 * HOUR, start + 1000 * HOUR);
    for g in &rep.kpis.priorities {
        let logged = read
            .tickets
            .iter()
            .filter(|x| x.priority.as_deref() == Some(&g.name) && x.opened >= from && x.opened < to)
            .count();
        assert_eq!(Some(logged as f64), g.counted, "{}", g.name);
    }
    // Per bucket, per priority: the tickets opened in it.
    for b in &t.buckets {
        for (p, name) in t.priorities.iter().enumerate() {
            let n = read
                .tickets
                .iter()
                .filter(|x| x.priority.as_deref() == Some(name) && x.opened >= b.start && x.opened < b.end)
                .count() as u64;
            assert_eq!(b.opened_per_priority[p], n, "{} {name}", b.label);
        }
    }
    assert_eq!(t.priorities.len(), m.priorities.len());
    // The app's log has no SLA verdict.
    assert!(matches!(t.sla, Sla::NotKnown { .. }));
    // Every issue enters at a level: the first visit's level is where each started.
    assert_eq!(t.start_groups.iter().map(|g| g.starts).sum::<u64>(), t.tickets);
}

#[test]
fn a_burst_shows_as_the_busiest_week() {
    // The outage scenario's burst: 60 issues an hour for 3 hours from 1w 2d 9h after Monday
    // 5 January 2026, 00:00 at UTC+1, which is Wednesday 14 January, in ISO week 3.
    let mut doc = preset("it-outage");
    set(&mut doc, "/run/horizon", json!("6w"));
    let (_, _, text) = logged_csv(&doc);
    let read =
        history::read(text.as_bytes(), &ReadOptions { utc_offset_minutes: 60, ..ReadOptions::default() }).unwrap();
    let t = trends::of(&read.tickets, Options { utc_offset_minutes: 60 });
    assert_eq!(t.bucket_size, BucketSize::Week);
    assert_eq!(t.buckets[1].label, "2026-W03");
    let busiest = t
        .findings
        .iter()
        .find(|f| f.starts_with("The busiest week was"))
        .unwrap_or_else(|| panic!("{:#?}", t.findings));
    assert!(
        busiest.starts_with(&format!("The busiest week was 2026-W03 with {} tickets", t.buckets[1].opened)),
        "{busiest}"
    );
    // Without the burst no week stands out so.
    set(&mut doc, "/workload/bursts", json!([]));
    let (_, _, text) = logged_csv(&doc);
    let read =
        history::read(text.as_bytes(), &ReadOptions { utc_offset_minutes: 60, ..ReadOptions::default() }).unwrap();
    let calm = trends::of(&read.tickets, Options { utc_offset_minutes: 60 });
    assert!(!calm.findings.iter().any(|f| f.starts_with("The busiest week")), "{:#?}", calm.findings);
    assert!(t.buckets[1].opened > calm.buckets[1].opened + 150);
}

#[test]
fn the_history_command_prints_what_it_read_the_findings_and_the_tables() {
    let out = cli(&["history", SERVICENOW]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    for expected in [
        "servicenow-incidents-sample.csv: ServiceNow incident export, comma-separated, UTF-8",
        "  opened_at: dd-mm-yyyy HH:MM",
        "rows: 5998 read, 5998 used, 0 skipped",
        "Findings\n890 tickets were opened over 3 days (2016-02-29 to 2016-03-02)",
        "Per day (by the day tickets were opened in)",
        "\n2016-02-29  207 ",
        "Tickets opened by hour of week (UTC+0 min)",
        "Groups tickets start in",
        "Group 70 → Group 23",
    ] {
        assert!(s.contains(expected), "{expected:?} in\n{s}");
    }
}

#[test]
fn the_history_command_prints_the_trends_as_json() {
    let out = cli(&["history", SERVICENOW, "--format", "json", "--utc-offset", "60"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tickets"], 890);
    assert_eq!(v["bucket_size"], "day");
    assert_eq!(v["utc_offset_minutes"], 60);
    assert_eq!(v["sla"]["source"], "export");
    assert_eq!(v["start_groups"][0]["group"], "Group 70");
    let t = trends::of(&servicenow_with_offset(60), Options { utc_offset_minutes: 60 });
    assert_eq!(text(&out.stdout).trim_end(), serde_json::to_string_pretty(&t).unwrap());
}

fn servicenow_with_offset(minutes: i32) -> Vec<Ticket> {
    let options = ReadOptions { utc_offset_minutes: minutes, ..ReadOptions::default() };
    history::read(servicenow_text().as_bytes(), &options).unwrap().tickets
}

#[test]
fn map_sets_a_field_of_the_mapping_and_an_unknown_field_is_named_with_the_known_ones() {
    let out = cli(&["history", SERVICENOW, "--map", "grup=assigned_to"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(
        err.trim_end(),
        "escalation-lab: unknown --map field \"grup\"; the fields are ticket_id, event_time, opened, resolved, \
         closed, priority, impact, urgency, category, group, state, resolved_states, reopens, made_sla"
    );
    let out = cli(&["history", SERVICENOW, "--map", "group", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--map needs FIELD=COLUMN"), "{}", text(&out.stderr));

    // The groups read from another column, the rest as recognised.
    let out = cli(&["history", SERVICENOW, "--map", "group=assigned_to", "--map", "made_sla=", "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t: Trends = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t.tickets, 890);
    assert!(t.busiest_groups.iter().all(|g| g.group.starts_with("Resolver")), "{:?}", t.busiest_groups);
    assert!(matches!(t.sla, Sla::NotKnown { .. }));
}

#[test]
fn a_refused_file_is_one_line_and_exit_status_1() {
    let dir = std::env::temp_dir().join(format!("escalation-lab-trends-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("odd.csv");
    std::fs::write(&path, "a,b\n1,2\n").unwrap();
    let out = cli(&["history", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("is not a ServiceNow, Jira, Zendesk or Escalation Lab export"), "{err}");
    let out = cli(&["history", "no/such.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read \"no/such.csv\""));
    let out = cli(&["history"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("history needs a ticket export FILE"));
}
