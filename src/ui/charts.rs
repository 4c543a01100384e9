//! The result views, drawn as SVG by Yew components from a [`Report`]. Every chart takes the
//! report as an `Rc` prop (cheap to compare: a new run gives a new `Rc`).
//!
//! Each chart lives in its own submodule; [`common`] holds what they share (scales, ticks, axes,
//! the palette, the figure frame). Every chart is a `<figure>` with a `<figcaption>` title, its
//! SVG scales to the column through a `viewBox` and carries `role="img"` with a summary in
//! `aria-label`; hover details are SVG `<title>` tooltips. The styles are in `static/charts.css`.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::Report;

pub(crate) mod common;
mod fired;
mod flow;
mod heatmap;
mod journey;
mod kpi;
mod queue;
mod resolution;
mod utilization;

pub use fired::FiredCounts;
pub use flow::FlowDiagram;
pub use heatmap::BreachHeatmap;
pub use journey::JourneyTimeline;
pub use kpi::KpiCards;
pub use queue::QueueChart;
pub use resolution::ResolutionChart;
pub use utilization::UtilizationChart;

#[derive(Properties)]
pub struct ReportProps {
    pub report: Rc<Report>,
}

impl PartialEq for ReportProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}
