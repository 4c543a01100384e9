//! The headline figures: issues counted and resolved, the bottleneck's utilization, then a card
//! per priority with its SLA attainment (and 95% confidence interval), first-response attainment,
//! the attainment of each reply, update and status target it has, volume and resolution-time
//! quantiles.

use yew::prelude::*;

use super::ReportProps;
use super::common::{self, complement, est, est_minutes, mean, pct1, per_rep};
use crate::authoring::more_targets;
use crate::engine::Report;
use crate::engine::goals::{Judgement, Verdict};
use crate::engine::report::{Estimate, GroupKpis};
use crate::ui::format;

/// SLA attainment per priority with confidence intervals, and headline figures.
#[component]
pub fn KpiCards(props: &ReportProps) -> Html {
    let report = &props.report;
    let s = &report.summary;
    let counted = mean(&s.counted_issues).unwrap_or(0.0);
    let guide = if report.replications > 1 {
        format!("Means of {} replications, ± the 95% confidence half-width.", report.replications)
    } else {
        "One replication: no confidence intervals (run more replications to get them).".to_string()
    };
    let judgement = Judgement::of_report(report);
    let verdict = judgement.verdict(None);
    let body = html! {
        <>
            <p id="goal-verdict" class={classes!("goal-verdict", verdict.key())} data-verdict={verdict.key()}>
                { judgement.sentence() }
            </p>
            <div class="kpi-headlines">
                { headline_counted(report) }
                { headline_resolved(report) }
                { headline_bottleneck(report) }
            </div>
            if counted <= 0.0 {
                { common::empty("No issues were counted: nothing arrived after the warm-up.") }
            } else {
                <div class="kpi-grid">
                    { for s.priorities.iter().enumerate().map(|(p, g)| priority_card(report, &judgement, p, g)) }
                </div>
            }
        </>
    };
    common::panel("kpi-cards", "Service levels", &guide, body)
}

fn stat(label: &str, value: String, note: Html, id: &'static str) -> Html {
    html! {
        <div class="kpi-stat" id={id}>
            <span class="kpi-stat-label">{ label.to_string() }</span>
            <span class="kpi-stat-value">{ value }</span>
            <span class="kpi-stat-note">{ note }</span>
        </div>
    }
}

fn headline_counted(report: &Report) -> Html {
    let s = &report.summary;
    let value = est(&s.counted_issues, per_rep);
    let unit = if report.replications > 1 { "per replication" } else { "in the run" };
    let note = format!(
        "{unit}, arriving {}–{} h",
        format::trim(report.warmup_hours, 1),
        format::trim(report.horizon_hours, 1)
    );
    stat("Issues counted", value, html! { { note } }, "kpi-counted")
}

fn headline_resolved(report: &Report) -> Html {
    let s = &report.summary;
    let value = est(&s.resolved, per_rep);
    let share = match (mean(&s.resolved), mean(&s.counted_issues)) {
        (Some(r), Some(c)) if c > 0.0 => format!("{} of counted", pct1(r / c)),
        _ => String::new(),
    };
    let censored = mean(&s.censored).filter(|&c| c > 0.0);
    let note = html! {
        <>
            { share }
            if let Some(c) = censored {
                <span class="kpi-warn-text">{ format!(" · {} still open at the stop", per_rep(c)) }</span>
            }
        </>
    };
    stat("Resolved", value, note, "kpi-resolved")
}

fn headline_bottleneck(report: &Report) -> Html {
    let Some(b) = common::bottleneck(report).and_then(|name| report.bottlenecks.iter().find(|b| b.level == name))
    else {
        return stat("Bottleneck utilization", "–".into(), html! { { "no work done" } }, "kpi-bottleneck");
    };
    let level = report.summary.levels.iter().find(|l| l.name == b.level);
    let util = level.map_or(Estimate { mean: b.utilization, ci95: None }, |l| l.utilization);
    let value = est(&util, pct1);
    let wait = level.and_then(|l| mean(&l.queue_wait.mean)).or(b.mean_wait_min);
    let note = format!(
        "{}{}",
        b.level,
        wait.map(|w| format!(" · mean queue wait {}", format::minutes(w))).unwrap_or_default()
    );
    stat("Bottleneck utilization", value, html! { { note } }, "kpi-bottleneck")
}

fn priority_card(report: &Report, judgement: &Judgement, p: usize, g: &GroupKpis<Estimate>) -> Html {
    let counted = mean(&g.counted).unwrap_or(0.0);
    let targets = common::targets(report, p, false);
    let fr_targets = common::targets(report, p, true);
    let attain = complement(&g.resolution_breach);
    let fr_attain = complement(&g.first_response_breach);
    let goals = report.goals.get(p).map(|g| g.goals).unwrap_or_default();
    let verdict = judgement.verdict(Some(&g.name));
    let status_key = verdict.key();
    let badge = match verdict {
        Verdict::NotMeasured => html! {},
        v => {
            let icon = match v {
                Verdict::OnTarget => "✓",
                Verdict::AtRisk => "!",
                _ => "✕",
            };
            let title = match v {
                Verdict::Unstable => judgement.sentence(),
                _ => format!(
                    "Goals: {} of {} issues answered within the first-response target and {} resolved within the resolution target",
                    format::percent(goals.first_response),
                    g.name,
                    format::percent(goals.resolution)
                ),
            };
            html! { <span class={classes!("kpi-badge", v.key())} {title}><span aria-hidden="true">{ icon }</span>{ v.words() }</span> }
        }
    };
    let (big, ci, caption) = if counted <= 0.0 {
        ("–".to_string(), String::new(), format!("no {} issues counted", g.name))
    } else if targets.is_empty() {
        ("–".to_string(), String::new(), "no resolution target".to_string())
    } else {
        match mean(&attain) {
            Some(a) => (
                pct1(a),
                attain.ci95.filter(|h| h.is_finite() && *h > 0.0).map(|h| format!("± {}", pct1(h))).unwrap_or_default(),
                format!(
                    "resolved within {} · goal {}",
                    common::targets_text(&targets),
                    format::percent(goals.resolution)
                ),
            ),
            None => ("–".to_string(), String::new(), "no issue reached its resolution target yet".to_string()),
        }
    };
    let (fr_label, fr) = if fr_targets.is_empty() {
        ("First response".to_string(), "no target".to_string())
    } else {
        (
            format!(
                "First response within {} · goal {}",
                common::targets_text(&fr_targets),
                format::percent(goals.first_response)
            ),
            est(&fr_attain, pct1),
        )
    };
    let share = |e: &Estimate| match (mean(e), counted > 0.0) {
        (Some(x), true) => format::percent(x / counted),
        _ => "–".into(),
    };
    let aria = format!("{}: {} {}", g.name, big, caption);
    html! {
        <article class="kpi-card" data-priority={g.name.clone()} data-status={status_key} aria-label={aria}>
            <header class="kpi-card-head">
                <h4>{ &g.name }</h4>
                { badge }
            </header>
            <p class="kpi-big">
                <span class="kpi-value">{ big }</span>
                if !ci.is_empty() { <span class="kpi-ci">{ ci }</span> }
            </p>
            <p class="kpi-caption">{ caption }</p>
            <dl class="kpi-facts">
                <div><dt>{ fr_label }</dt><dd>{ fr }</dd></div>
                { for more_targets::lines(report, p, g).into_iter().map(|l| html! {
                    <div data-target={l.key}><dt>{ l.label }</dt><dd>{ l.value }</dd></div>
                }) }
                <div><dt>{ "Counted issues" }</dt><dd>{ est(&g.counted, per_rep) }</dd></div>
                <div><dt>{ "Median to resolve" }</dt><dd>{ est_minutes(&g.ttr.p50) }</dd></div>
                <div><dt>{ "90th percentile" }</dt><dd>{ est_minutes(&g.ttr.p90) }</dd></div>
                <div><dt>{ "Escalated · reopened" }</dt><dd>{ format!("{} · {}", share(&g.escalated), share(&g.reopened)) }</dd></div>
            </dl>
        </article>
    }
}
