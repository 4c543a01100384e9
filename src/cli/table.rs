//! `--format table`: the report as plain-text tables for a terminal.

use std::fmt::Write;

use escalation_lab::engine::compare::{Comparison, Verdict};
use escalation_lab::engine::document::MoreTarget;
use escalation_lab::engine::report::{Estimate, Report, numbers};
use escalation_lab::engine::sweep::{Staffing, Sweep};

fn est(e: Estimate, scale: f64, decimals: usize) -> String {
    match e.mean {
        Some(_) => numbers::estimate(&e, |v| numbers::fixed(v * scale, decimals)),
        None => "—".to_string(),
    }
}

pub(super) fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}", w = *w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let _ = writeln!(out, "{}", line(header.iter().map(std::string::ToString::to_string).collect()));
    let _ = writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
    for row in rows {
        let _ = writeln!(out, "{}", line(row.clone()));
    }
}

pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let s = &r.summary;
    let _ = writeln!(out, "{}", r.scenario);
    let _ = writeln!(
        out,
        "{} replication(s) from seed {}, horizon {} h, warm-up {} h. {}",
        r.replications, r.seed, r.horizon_hours, r.warmup_hours, r.end_note
    );
    if let Some(precision) = &r.precision {
        let _ = writeln!(out, "{}", precision.sentence());
    }
    let _ = writeln!(
        out,
        "Counted issues: {}   (± is the 95% confidence half-width over replications)\n",
        est(s.counted_issues, 1.0, 0)
    );
    let rows: Vec<Vec<String>> = s
        .priorities
        .iter()
        .chain(&s.categories)
        .map(|g| {
            vec![
                g.name.clone(),
                est(g.counted, 1.0, 0),
                est(g.first_response.mean, 1.0, 1),
                est(g.ttr.mean, 1.0, 1),
                est(g.ttr.p90, 1.0, 1),
                est(g.first_response_breach, 100.0, 1),
                est(g.resolution_breach, 100.0, 1),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            "priority / category",
            "issues",
            "first response (min)",
            "resolution (min)",
            "resolution p90",
            "response breach %",
            "resolution breach %",
        ],
        &rows,
    );
    let targets: Vec<Vec<String>> = r
        .sla_targets
        .iter()
        .flat_map(|t| {
            r.priorities.iter().enumerate().filter_map(move |(p, name)| {
                let words = |list: &[Option<String>]| list.get(p).cloned().flatten();
                let (response, resolution) = (words(&t.first_response_text), words(&t.resolution_text));
                (response.is_some() || resolution.is_some()).then(|| {
                    vec![
                        t.policy.clone(),
                        name.clone(),
                        response.unwrap_or_else(|| "–".into()),
                        resolution.unwrap_or_else(|| "–".into()),
                    ]
                })
            })
        })
        .collect();
    if !targets.is_empty() {
        out.push('\n');
        table(&mut out, &["SLA policy", "priority", "first response target", "resolution target"], &targets);
    }
    let more: Vec<Vec<String>> =
        r.sla_targets
            .iter()
            .flat_map(|t| {
                r.priorities.iter().enumerate().flat_map(move |(p, name)| {
                    t.more_text.get(p).into_iter().flatten().map(move |(key, text)| {
                        vec![t.policy.clone(), name.clone(), key.replace('_', " "), text.clone()]
                    })
                })
            })
            .collect();
    if !more.is_empty() {
        out.push('\n');
        table(&mut out, &["SLA policy", "priority", "reply, update or status target", "target"], &more);
        let breaches: Vec<Vec<String>> = s
            .priorities
            .iter()
            .chain(&s.categories)
            .flat_map(|g| {
                MoreTarget::ALL
                    .into_iter()
                    .filter(|&w| g.more_breach.get(w).mean.is_some())
                    .map(move |w| vec![g.name.clone(), w.words().to_string(), est(*g.more_breach.get(w), 100.0, 1)])
            })
            .collect();
        out.push('\n');
        table(&mut out, &["priority / category", "target", "breach %"], &breaches);
    }
    out.push('\n');
    let rows: Vec<Vec<String>> = s
        .levels
        .iter()
        .map(|l| {
            vec![
                l.name.clone(),
                est(l.utilization, 100.0, 1),
                est(l.queue_wait.mean, 1.0, 2),
                est(l.queue_wait.p90, 1.0, 1),
                est(l.mean_queue_length, 1.0, 2),
                est(l.escalations_out.outcome, 1.0, 0),
                est(l.escalations_out.wait_timer, 1.0, 0),
                est(l.escalations_out.age_trigger, 1.0, 0),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            "level",
            "utilization %",
            "wait (min)",
            "wait p90",
            "queue length",
            "out: outcome",
            "out: wait timer",
            "out: age trigger",
        ],
        &rows,
    );
    let analytic: Vec<Vec<String>> = r
        .analytic
        .iter()
        .map(|a| {
            let (wait, note) = match &a.erlang_c {
                Some(e) => (
                    format!("{:.4}", e.mean_wait_min),
                    if a.exact { "exact M/M/c".into() } else { format!("approximate: {}", a.caveats.join("; ")) },
                ),
                None => ("-".into(), format!("does not apply: {}", a.not_applicable.join("; "))),
            };
            vec![a.level.clone(), format!("{:.3}", a.rho), format!("{:.3}", a.theory_rho), wait, note]
        })
        .collect();
    if !analytic.is_empty() {
        out.push('\n');
        table(
            &mut out,
            &["level (queueing estimate)", "rho", "rho (outcomes only)", "Erlang C wait (min)", "note"],
            &analytic,
        );
    }
    let _ = writeln!(out, "\nGoals: {}", escalation_lab::engine::goals::Judgement::of_report(r).sentence());
    let _ = writeln!(out, "{}", r.bottleneck_summary);
    for w in &r.warnings {
        let _ = writeln!(out, "{w}");
    }
    out
}

/// An A/B comparison: what B changes in the settings, then each KPI of both policies, their
/// paired difference and the verdict.
pub fn render_comparison(c: &Comparison, a: &str, b: &str, settings: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "A: {a}\nB: {b}");
    let _ = writeln!(out, "What B changes from A:");
    for line in settings {
        let _ = writeln!(out, "  {line}");
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "{} paired replication(s) from seed {} (common random numbers); ± is the 95% confidence half-width.\n",
        c.replications, c.seed
    );
    let _ = writeln!(out, "{}\n", c.goals_sentence());
    if !c.unpaired.is_empty() {
        let _ = writeln!(
            out,
            "Warning: A and B do not have the same priorities and levels; only what both have is paired below, and\nfigures that count all issues compare different scenarios, not two policies for one (not compared: {}).\n",
            c.unpaired.join(", ")
        );
    }
    let rows: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| {
            let unit = if r.unit.is_empty() { String::new() } else { format!(" ({})", r.unit) };
            let verdict = match r.verdict() {
                Verdict::Better => "B better",
                Verdict::Worse => "B worse",
                Verdict::Different => "different",
                Verdict::NoDifference => "no significant difference",
                Verdict::CannotTell => "cannot tell (one replication)",
            };
            vec![
                format!("{}{unit}", r.kpi),
                r.of.clone(),
                est(r.a, 1.0, 2),
                est(r.b, 1.0, 2),
                est(r.difference, 1.0, 2),
                verdict.to_string(),
            ]
        })
        .collect();
    table(&mut out, &["KPI", "of", "A", "B", "B − A", "verdict"], &rows);
    for u in &c.unpaired {
        let _ = writeln!(out, "not compared: {u}");
    }
    out
}

fn percent(e: Estimate) -> String {
    est(e, 100.0, 1)
}

/// A sweep: one row per value, attainment per priority and utilization per level (in %).
pub fn render_sweep(s: &Sweep) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} replication(s) per value from seed {} (the same issues at every value); attainment: % within the resolution target / first-response target; ± is the 95% confidence half-width.\n",
        s.knob.describe(),
        s.replications,
        s.seed
    );
    let Some(first) = s.points.first() else { return out };
    let mut header = vec!["value".to_string()];
    header.extend(first.priorities.iter().map(|a| format!("{} resolution / response %", a.priority)));
    header.extend(first.levels.iter().map(|(l, _)| format!("{l} util. %")));
    let rows: Vec<Vec<String>> = s
        .points
        .iter()
        .map(|p| {
            let mut row = vec![format!("{}", p.value)];
            row.extend(
                p.priorities.iter().map(|a| format!("{} / {}", percent(a.resolution), percent(a.first_response))),
            );
            row.extend(p.levels.iter().map(|(_, u)| percent(*u)));
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    table(&mut out, &header, &rows);
    out
}

/// The staffing helper's answer: what it optimised, the head-counts per level and per shift,
/// and every goal with the staff found.
pub fn render_staffing(f: &Staffing) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Searched for {}. {} ({} runs).\n",
        f.optimised,
        if f.met { "Found" } else { "Not found" },
        f.runs
    );
    let rows: Vec<Vec<String>> = f
        .levels
        .iter()
        .flat_map(|c| match c.staff {
            Some((before, after)) => {
                vec![vec![c.level.clone(), String::new(), before.to_string(), after.to_string(), signed(after, before)]]
            }
            None => c
                .shifts
                .iter()
                .map(|s| {
                    vec![
                        c.level.clone(),
                        s.when.clone(),
                        s.before.to_string(),
                        s.after.to_string(),
                        signed(s.after, s.before),
                    ]
                })
                .collect(),
        })
        .collect();
    table(&mut out, &["level", "shift", "staff now", "staff found", "change"], &rows);
    let goals: Vec<Vec<String>> = f
        .judgement
        .checks
        .iter()
        .map(|c| {
            let what = escalation_lab::engine::goals::measure_words(c.measure);
            let standing = c.standing().words();
            vec![
                c.priority.clone(),
                what.into(),
                format!("{}%", numbers::trim(c.goal * 100.0, 1)),
                c.attainment.mean.map_or("-".into(), |_| format!("{}%", percent(c.attainment))),
                standing.into(),
            ]
        })
        .collect();
    out.push('\n');
    table(&mut out, &["priority", "target", "goal", "with the staff found", "standing"], &goals);
    let _ = writeln!(out, "\n{}\n{}", f.judgement.sentence(), f.note);
    out
}

fn signed(after: u32, before: u32) -> String {
    let d = i64::from(after) - i64::from(before);
    if d == 0 { "0".into() } else { format!("{d:+}") }
}
