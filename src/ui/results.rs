//! The results pane: the last run's report as the bottleneck sentence, findings and
//! recommendations, KPI cards and charts, with its CSV tables and printable review. Results that
//! are not the current scenario's say so, and offer nothing to take away.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine;
use crate::figures::Chart;
use crate::ui::charts::{Drawn, FiredCounts, KpiCards};
use crate::ui::run_panel::LIVE_MAX_ISSUES;
use crate::ui::storage;
use crate::ui::store::{Action, Notice, NoticeKind, RunState, State, Store};

#[derive(Properties)]
pub struct ReportProps {
    report: Rc<engine::Report>,
}

impl PartialEq for ReportProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

#[derive(Properties)]
pub struct ToolsProps {
    report: Rc<engine::Report>,
    /// The results are not the current scenario's: nothing is offered to take away.
    stale: bool,
}

impl PartialEq for ToolsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report) && self.stale == other.stale
    }
}

/// Why the downloads of stale results are off.
const STALE_TOOLS: &str =
    "These results are from the scenario before your last edits: run it to download or print them";

/// Downloads of the results: each CSV table, the printable review report, and the escalation
/// protocol as a handbook page (Markdown or HTML) with this run's timelines. Off while the
/// results are not the current scenario's, so that no file or print passes them off as its.
/// The results of the last run: the bottleneck sentence, findings, KPI cards and the charts,
/// with a banner while they are not the current scenario's.
#[component]
pub fn ResultsTools(props: &ToolsProps) -> Html {
    let store = use_context::<Store>().expect("store");
    let csv = |stem: &'static str| {
        let (store, report) = (store.clone(), props.report.clone());
        Callback::from(move |_| {
            let text = engine::report::csv::table(&report, stem).unwrap_or_default();
            let name = storage::file_name(&store.doc).replace(".json", &format!("-{stem}.csv"));
            if let Err(message) = storage::download(&name, &text, "text/csv") {
                store.dispatch(Action::Notify(Some(Notice {
                    kind: NoticeKind::Error,
                    title: "Export".into(),
                    lines: vec![message],
                })));
            }
        })
    };
    // The protocol as a handbook page, with the timelines this run supports (`engine::handbook`).
    let handbook = |html: bool| {
        let (store, report) = (store.clone(), props.report.clone());
        Callback::from(move |_| {
            let text = serde_json::to_string(&*store.doc).expect("a JSON value serializes");
            let result = match engine::load(&text).model {
                Some(model) => {
                    let date = String::from(js_sys::Date::new_0().to_iso_string()).chars().take(10).collect();
                    let page = engine::handbook::handbook(&model, Some(&report), &engine::handbook::Meta { date });
                    let (suffix, body, kind) = if html {
                        ("-handbook.html", page.html(), "text/html")
                    } else {
                        ("-handbook.md", page.markdown(), "text/markdown")
                    };
                    storage::download(&storage::file_name(&store.doc).replace(".json", suffix), &body, kind)
                }
                None => Err("the scenario has errors: mend them first".into()),
            };
            if let Err(message) = result {
                store.dispatch(Action::Notify(Some(Notice {
                    kind: NoticeKind::Error,
                    title: "Handbook".into(),
                    lines: vec![message],
                })));
            }
        })
    };
    let print = Callback::from(|_| {
        let _ = gloo::utils::window().print();
    });
    let stale = props.stale;
    let title = stale.then_some(STALE_TOOLS);
    html! {
        <div class="results-tools" role="group" aria-label="Download the results">
            <span>{ "CSV:" }</span>
            { for engine::report::csv::TABLES.iter().map(|&stem| html! {
                <button class="button small" data-csv={stem} onclick={csv(stem)} disabled={stale} {title}>{ stem.replace('-', " ") }</button>
            }) }
            <button id="print-report" class="button small" onclick={print} disabled={stale} {title}>{ "Print review report" }</button>
            <span>{ "Handbook:" }</span>
            <button id="handbook-md" class="button small" onclick={handbook(false)} disabled={stale} {title}
                aria-label="Handbook page as Markdown">{ "Markdown" }</button>
            <button id="handbook-html" class="button small" onclick={handbook(true)} disabled={stale} {title}
                aria-label="Handbook page as a printable HTML page">{ "HTML" }</button>
        </div>
    }
}

/// Findings and recommendations worded from the figures (`engine::report::review`).
#[component]
fn ReviewCard(props: &ReportProps) -> Html {
    let text = engine::report::review::review(&props.report);
    html! {
        <section class="review" id="review" aria-labelledby="review-title">
            <h3 id="review-title">{ "Findings and recommendations" }</h3>
            <ul class="findings">{ for text.findings.iter().skip(1).map(|f| html! { <li>{ f }</li> }) }</ul>
            <h4>{ "What to try" }</h4>
            <ul class="recommendations">{ for text.recommendations.iter().map(|r| html! { <li>{ r }</li> }) }</ul>
        </section>
    }
}

/// What the banner over results that are not the current scenario's says; none while a run that
/// will replace them is under way or about to start (live re-runs), which would only flash it.
fn stale_banner(store: &State) -> Option<String> {
    if store.report.is_none() || store.report_is_current() {
        return None;
    }
    let before = "These results are from the scenario before your last edits";
    let errors = store.checked.errors().count();
    let running = matches!(store.run, RunState::Running { .. }) && store.tool.is_none();
    let live_next = store.live && store.checked.expected_issues <= LIVE_MAX_ISSUES && store.tool.is_none();
    match errors {
        0 if running || live_next => None,
        0 => Some(format!("{before}; run it again to bring them up to date.")),
        1 => Some(format!("{before}; the scenario now has 1 error, so it cannot run.")),
        n => Some(format!("{before}; the scenario now has {n} errors, so it cannot run.")),
    }
}

/// The results of the last run: the bottleneck sentence, findings, KPI cards and the charts,
/// with a banner while they are not the current scenario's.
#[component]
pub fn Results() -> Html {
    let store = use_context::<Store>().expect("store");
    let Some(report) = store.report.clone() else {
        return html! { <section class="results empty" id="results"><p>{ "Run the scenario to see where issues pile up and which SLAs break." }</p></section> };
    };
    let stale = !store.report_is_current();
    html! {
        <section class={classes!("results", stale.then_some("stale"))} id="results" aria-label="Results">
            if let Some(why) = stale_banner(&store) {
                <p class="stale-banner" id="stale-results" role="status">{ why }</p>
            }
            <h2 class="print-only">{ format!("Post-escalation review: {}", report.scenario) }</h2>
            <p class="print-only">{ format!(
                "{} replication(s) from seed {}, {} h simulated after a {} h warm-up. {}",
                report.replications, report.seed, report.horizon_hours, report.warmup_hours, report.end_note
            ) }</p>
            if let Some(precision) = &report.precision {
                <p class="precision-note" id="precision-note">{ precision.sentence() }</p>
            }
            <p class="bottleneck-summary" id="bottleneck-summary">{ &report.bottleneck_summary }</p>
            <KpiCards report={report.clone()} />
            <ReviewCard report={report.clone()} />
            <ResultsTools report={report.clone()} {stale} />
            <Drawn report={report.clone()} chart={Chart::Utilization} />
            <Drawn report={report.clone()} chart={Chart::Flow} />
            <FiredCounts report={report.clone()} />
            <Drawn report={report.clone()} chart={Chart::Queues} />
            <Drawn report={report.clone()} chart={Chart::Resolution} />
            <Drawn report={report.clone()} chart={Chart::Heatmap} />
            <Drawn report={report} chart={Chart::Journey} />
        </section>
    }
}
