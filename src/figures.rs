//! The report's charts, drawn as SVG markup from a [`Report`](crate::engine::Report) with no
//! browser: the app inserts the same markup in its pages (`ui::charts`), and the command line's
//! `render` writes it as standalone SVG files (for documentation built in CI, PDFs and print).
//! Each chart gives a [`Figure`]: its frame's title and guide, and what goes under them (the
//! drawing, its legend and notes) as HTML; [`common::Drawing`] is the drawing alone.
//!
//! Like the engine, it draws the same on every target: its logarithms and powers are `libm`'s,
//! not the platform's, so that a file drawn natively matches the app's drawing to the last digit.
//!
//! A chart's look is in `static/charts.css` (the classes named here); a standalone file carries
//! that style sheet inside it.

pub mod common;
pub mod flow;
pub mod heatmap;
pub mod journey;
pub mod queue;
pub mod resolution;
pub mod svg;
pub mod utilization;

use crate::engine::Report;
use common::Drawing;

/// A chart of the report, framed: what the app shows in a `<figure>`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figure {
    /// The `<figure>`'s id (`utilization-chart`).
    pub id: &'static str,
    pub title: &'static str,
    /// One line on how to read it.
    pub guide: String,
    /// Under the caption: the drawing in its frame, its legend and notes, as HTML; or why
    /// there is nothing to draw.
    pub body: String,
    /// The drawing alone; `None` when there is nothing to draw.
    pub drawing: Option<Drawing>,
    /// Why there is nothing to draw, when there is not.
    pub nothing: String,
}

impl Figure {
    /// The figure with nothing drawn, and why.
    fn nothing(mut self, why: &str) -> Figure {
        self.body = common::empty(why);
        self.nothing = why.to_string();
        self
    }
}

/// The charts a report is drawn as, by the names the command line and embed addresses use
/// (`authoring::embed::EMBED_CHARTS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chart {
    Utilization,
    Queues,
    Resolution,
    Heatmap,
    Flow,
    Journey,
}

impl Chart {
    pub const ALL: [Chart; 6] =
        [Chart::Utilization, Chart::Queues, Chart::Resolution, Chart::Heatmap, Chart::Flow, Chart::Journey];

    pub fn name(self) -> &'static str {
        match self {
            Chart::Utilization => "utilization",
            Chart::Queues => "queue",
            Chart::Resolution => "resolution",
            Chart::Heatmap => "heatmap",
            Chart::Flow => "flow",
            Chart::Journey => "journeys",
        }
    }

    /// The chart of a name, or the names there are.
    pub fn parse(name: &str) -> Result<Chart, String> {
        Chart::ALL.into_iter().find(|c| c.name() == name).ok_or_else(|| {
            let names: Vec<&str> = Chart::ALL.iter().map(|c| c.name()).collect();
            format!("no chart named '{name}': the charts are {}", names.join(", "))
        })
    }

    /// The chart drawn from `report` as the app first shows it (linear scale, the first
    /// breached journey).
    pub fn draw(self, report: &Report) -> Figure {
        match self {
            Chart::Utilization => utilization::figure(report),
            Chart::Queues => queue::figure(report, false, None),
            Chart::Resolution => resolution::figure(report),
            Chart::Heatmap => heatmap::figure(report),
            Chart::Flow => flow::figure(report),
            Chart::Journey => journey::figure(report, journey::first_shown(report)),
        }
    }
}
