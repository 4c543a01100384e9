//! `render`: a chart of a scenario's report as a standalone SVG file, drawn by the same code as
//! the app's chart (`escalation_lab::figures`) from a native run, with the charts' light style
//! sheet inside, for documentation built in CI, PDFs and print.

use std::process::ExitCode;

use escalation_lab::figures::Chart;

use super::commands::{model_of, report_of};
use super::{deliver, number};

/// The app's chart styles (`static/charts.css`): the light theme's colours and the rules for the
/// drawings' classes are taken from it, so a file looks as the chart does in the app.
const CHARTS_CSS: &str = include_str!("../../static/charts.css");

/// What `static/app.css` gives the charts on the page: its colours, and the page's font.
const BASE: &str = ":root { --fg: #1d2330; --muted: #5b6576; --surface: #ffffff; --surface-2: #f0f2f5; \
--border: #d9dee6; font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif; }\n\
.chart-svg text { fill: var(--chart-fg); font-size: 12.5px; }\n";

/// The style sheet of a standalone chart: the base, the light theme's colours (the first
/// `:root` block of charts.css) and its rules for the drawings' marks; not the dark theme, the
/// page's frame or its narrow-screen rules.
pub fn style() -> String {
    let light =
        CHARTS_CSS.find(":root {").and_then(|a| CHARTS_CSS[a..].find("\n}\n").map(|b| &CHARTS_CSS[a..a + b + 3]));
    let marks = CHARTS_CSS
        .find("/* Axes and shared marks */")
        .map(|a| {
            let rest = &CHARTS_CSS[a..];
            &rest[..rest.find("\n@media").unwrap_or(rest.len())]
        })
        .unwrap_or_default();
    format!("{BASE}{}\n{marks}", light.unwrap_or_default())
}

pub fn command(parser: &mut lexopt::Parser) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let (mut file, mut chart, mut out, mut journey) = (None, None, None, None);
    let (mut seed, mut reps, mut hours) = (None, None, None);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("chart") => {
                let name = parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
                chart = Some(Chart::parse(&name)?);
            }
            Long("out") => out = Some(parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?),
            Long("journey") => journey = Some(number::<usize>(parser, "--journey")?),
            Long("seed") => seed = Some(number(parser, "--seed")?),
            Long("reps") => reps = Some(number(parser, "--reps")?),
            Long("hours") => hours = Some(number(parser, "--hours")?),
            Value(v) if file.is_none() => file = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let file: String = file.ok_or("render needs a scenario FILE")?;
    let chart = chart.ok_or_else(|| {
        let names: Vec<&str> = Chart::ALL.iter().map(|c| c.name()).collect();
        format!("render needs --chart NAME, one of {}", names.join(", "))
    })?;
    if journey.is_some() && chart != Chart::Journey {
        return Err("--journey picks an issue of the journeys chart: use it with --chart journeys".into());
    }
    let Some(model) = model_of(&file, seed, reps, hours)? else { return Ok(ExitCode::from(1)) };
    let report = report_of(&model)?;
    let figure = match (chart, journey) {
        (Chart::Journey, Some(k)) => {
            let count = report.journeys.len();
            if k == 0 || k > count {
                return Err(format!("--journey {k}: the run sampled {count} journey(s), numbered from 1"));
            }
            escalation_lab::figures::journey::figure(&report, k - 1)
        }
        _ => chart.draw(&report),
    };
    let Some(drawing) = &figure.drawing else {
        eprintln!("{file}: the {} chart has nothing to draw: {}", chart.name(), figure.nothing);
        return Ok(ExitCode::from(1));
    };
    let svg = drawing.standalone(figure.title, &style());
    deliver(out.as_deref(), &svg)?;
    Ok(ExitCode::SUCCESS)
}
