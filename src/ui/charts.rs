//! The result views, drawn as SVG by Yew components from a [`Report`]. Every chart takes the
//! report as an `Rc` prop (cheap to compare: a new run gives a new `Rc`).

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::Report;

#[derive(Properties)]
pub struct ReportProps {
    pub report: Rc<Report>,
}

impl PartialEq for ReportProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

/// SLA attainment per priority with confidence intervals, and headline figures.
#[component]
pub fn KpiCards(props: &ReportProps) -> Html {
    let _ = &props.report;
    html! {}
}

/// Issues flowing between levels (Sankey-style): widths are counts, colours are reasons.
#[component]
pub fn FlowDiagram(props: &ReportProps) -> Html {
    let _ = &props.report;
    html! {}
}

/// Queue length over time per level.
#[component]
pub fn QueueChart(props: &ReportProps) -> Html {
    let _ = &props.report;
    html! {}
}

/// Utilization per level, the bottleneck highlighted.
#[component]
pub fn UtilizationChart(props: &ReportProps) -> Html {
    let _ = &props.report;
    html! {}
}

/// Resolution breaches by hour of week and priority.
#[component]
pub fn BreachHeatmap(props: &ReportProps) -> Html {
    let _ = &props.report;
    html! {}
}

/// Resolution-time distribution per priority with SLA target lines.
#[component]
pub fn ResolutionChart(props: &ReportProps) -> Html {
    let _ = &props.report;
    html! {}
}

/// Sampled issues' journeys as timelines, with the trigger behind each step.
#[component]
pub fn JourneyTimeline(props: &ReportProps) -> Html {
    let _ = &props.report;
    html! {}
}
