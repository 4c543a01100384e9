//! The result views. The drawings are `crate::figures`' markup, inserted as it is, in the frame
//! of [`common::framed`]; the components here add what only a page has: the queue chart's hover
//! and log scale, the journey picker. The key figures and the fired counts are panels built as
//! Yew nodes. Every view takes the report as an `Rc` prop (cheap to compare: a new run gives a
//! new `Rc`), so a chart is drawn again only for a new report.
//!
//! Every chart is a `<figure>` with a `<figcaption>` title, its SVG scales to the column through a
//! `viewBox` and carries `role="img"` with a summary in `aria-label`; hover details are SVG
//! `<title>` tooltips. The styles are in `static/charts.css`.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::engine::Report;
use crate::figures::{self, Chart};

pub(crate) mod common;
mod fired;
mod kpi;

pub use fired::FiredCounts;
pub use kpi::KpiCards;

#[derive(Properties)]
pub struct ReportProps {
    pub report: Rc<Report>,
}

impl PartialEq for ReportProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

#[derive(Properties)]
pub struct DrawnProps {
    pub report: Rc<Report>,
    pub chart: Chart,
}

impl PartialEq for DrawnProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report) && self.chart == other.chart
    }
}

/// A chart of the report as drawn by `crate::figures`; the queue chart and the journeys get
/// their own components, for the page's controls.
#[component]
pub fn Drawn(props: &DrawnProps) -> Html {
    match props.chart {
        Chart::Queues => html! { <QueueChart report={props.report.clone()} /> },
        Chart::Journey => html! { <JourneyTimeline report={props.report.clone()} /> },
        chart => common::framed(&chart.draw(&props.report)),
    }
}

/// Queue length over time per level, with a log-scale toggle and a readout of the point under
/// the pointer.
#[component]
fn QueueChart(props: &ReportProps) -> Html {
    let hover = use_state_eq(|| None::<usize>);
    let log = use_state_eq(|| false);
    let f = figures::queue::figure(&props.report, *log, *hover);
    let on_over = {
        let hover = hover.clone();
        Callback::from(move |e: MouseEvent| {
            // Only the plot's hover columns carry a `data-i`.
            let column =
                e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|t| t.get_attribute("data-i"));
            hover.set(column.and_then(|i| i.parse().ok()));
        })
    };
    let on_leave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let toggle =
        Callback::from(move |e: Event| log.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()));
    if f.drawing.is_none() {
        return common::framed(&f);
    }
    let body = html! {
        <>
            <div class="chart-tools">
                <label class="toggle">
                    <input type="checkbox" id="queue-log-scale" onchange={toggle} />
                    { "Log scale (keeps small queues visible beside a runaway one)" }
                </label>
            </div>
            <div onmouseover={on_over} onmouseleave={on_leave}>{ common::raw(&f.body) }</div>
        </>
    };
    common::figure(f.id, f.title, &f.guide, body)
}

/// Sampled issues' journeys, one at a time, picked from a list.
#[component]
fn JourneyTimeline(props: &ReportProps) -> Html {
    let report = &props.report;
    let selected = use_state_eq(|| figures::journey::first_shown(report));
    let journeys = &report.journeys;
    let index = (*selected).min(journeys.len().saturating_sub(1));
    let f = figures::journey::figure(report, index);
    if journeys.is_empty() {
        return common::framed(&f);
    }
    let on_change = Callback::from(move |e: Event| {
        if let Ok(i) = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse::<usize>() {
            selected.set(i);
        }
    });
    let breached = journeys.iter().filter(|j| j.resolution_breached).count();
    let body = html! {
        <>
            <div class="chart-tools">
                <label for="journey-select">{ "Issue" }</label>
                <select id="journey-select" onchange={on_change}>
                    { for journeys.iter().enumerate().map(|(i, j)| html! {
                        <option value={i.to_string()} selected={i == index}>{ figures::journey::option_text(j) }</option>
                    }) }
                </select>
                <span class="hint">{ format!("{} sampled, {breached} breached", journeys.len()) }</span>
            </div>
            { common::raw(&f.body) }
        </>
    };
    common::figure(f.id, f.title, &f.guide, body)
}
