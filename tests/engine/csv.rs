//! The report's CSV tables: what a spreadsheet reads back is the report's own figures, fields with
//! commas or quotes are quoted, and every row has as many fields as the header.

use escalation_lab::engine::Report;
use escalation_lab::engine::report::csv::{self, TABLES};

fn report(name: &str) -> Report {
    let mut doc = super::support::preset(name);
    doc["run"]["replications"] = 2.into();
    super::support::report(&doc)
}

/// RFC 4180 fields of each line (enough for these tables: no line breaks inside fields).
fn parse(text: &str) -> Vec<Vec<String>> {
    assert!(text.ends_with("\r\n"), "rows end with CRLF");
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (mut out, mut cur, mut quoted, mut chars) = (Vec::new(), String::new(), false, line.chars().peekable());
            while let Some(c) = chars.next() {
                match (c, quoted) {
                    ('"', true) if chars.peek() == Some(&'"') => {
                        cur.push('"');
                        chars.next();
                    }
                    ('"', _) => quoted = !quoted,
                    (',', false) => out.push(std::mem::take(&mut cur)),
                    _ => cur.push(c),
                }
            }
            out.push(cur);
            out
        })
        .collect()
}

#[test]
fn every_table_is_rectangular_and_carries_the_reports_figures() {
    let r = report("billing-dispute");
    for stem in TABLES {
        let rows = parse(&csv::table(&r, stem).unwrap());
        assert!(rows.len() > 1, "{stem}: a header and rows");
        assert!(rows.iter().all(|row| row.len() == rows[0].len()), "{stem}: ragged");
    }
    let rows = parse(&csv::table(&r, "priorities").unwrap());
    assert_eq!(rows[0][..3], ["name", "counted", "counted ±"]);
    let breach = rows[0].iter().position(|h| h == "resolution breach share").unwrap();
    for (row, g) in rows[1..].iter().zip(&r.summary.priorities) {
        assert_eq!(row[0], g.name);
        let got: f64 = row[breach].parse().unwrap();
        assert!((got - g.resolution_breach.mean.unwrap()).abs() < 1e-6);
    }
    let levels = parse(&csv::table(&r, "levels").unwrap());
    let util = levels[0].iter().position(|h| h == "utilization").unwrap();
    assert_eq!(levels.len() - 1, r.levels.len());
    let first: f64 = levels[1][util].parse().unwrap();
    assert!((first - r.summary.levels[0].utilization.mean.unwrap()).abs() < 1e-6);
    let ts = parse(&csv::table(&r, "time-series").unwrap());
    assert_eq!(ts.len() - 1, r.time_series.bucket_start_hours.len());
    assert!(csv::table(&r, "nope").is_none());
}

#[test]
fn journey_details_with_commas_and_quotes_survive() {
    let r = report("b1-rules");
    let text = csv::table(&r, "journeys").unwrap();
    let rows = parse(&text);
    let steps: usize = r.journeys.iter().map(|j| j.steps.len()).sum();
    assert!(steps > 0, "the run sampled no journey");
    assert_eq!(rows.len() - 1, steps);
    let details: Vec<&String> = rows[1..].iter().map(|row| &row[6]).collect();
    let want: Vec<&String> = r.journeys.iter().flat_map(|j| j.steps.iter().map(|s| &s.detail)).collect();
    assert_eq!(details, want);
    assert!(want.iter().any(|d| d.contains(',')), "no detail has a comma to quote");
    assert!(text.contains('"'), "fields with commas are quoted");
}
