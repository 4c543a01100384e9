//! The History tab's drawings, from the plain shapes the worker sends (`worker::history::view`):
//! a chart of lines over labelled points (or bars with lines over them, for a fitted histogram),
//! the hour-of-week heatmap and tables, each in a figure that downloads as CSV, SVG and PNG like
//! the report's charts.

use yew::prelude::*;

use crate::ui::charts::common::{self, Entry, Linear, Swatch, WIDTH, n};
use crate::ui::format;
use crate::ui::worker::{Chart, Table};

const HEIGHT: f64 = 230.0;
const TOP: f64 = 22.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const PLOT_H: f64 = 160.0;
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A figure with a title, downloads and a guide. `drawn`: it has an SVG to download.
pub fn frame(id: &str, title: &str, guide: &str, csv: &str, drawn: bool, body: Html) -> Html {
    let csv_click = {
        let (csv, name) = (csv.to_string(), format!("{id}.csv"));
        Callback::from(move |_| {
            let _ = crate::ui::storage::download(&name, &csv, "text/csv");
        })
    };
    let save = |png: bool| {
        let id = id.to_string();
        Callback::from(move |_| {
            let _ =
                if png { crate::ui::export::download_png(&id, &id) } else { crate::ui::export::download_svg(&id, &id) };
        })
    };
    html! {
        <figure class="chart" id={id.to_string()}>
            <figcaption>
                <h3 class="chart-title">{ title.to_string() }</h3>
                <span class="chart-export" role="group" aria-label="Download this figure">
                    if !csv.is_empty() { <button class="button small" data-export="csv" onclick={csv_click}>{ "CSV" }</button> }
                    if drawn {
                        <button class="button small" data-export="svg" onclick={save(false)}>{ "SVG" }</button>
                        <button class="button small" data-export="png" onclick={save(true)}>{ "PNG" }</button>
                    }
                </span>
                if !guide.is_empty() { <p class="chart-guide">{ guide.to_string() }</p> }
            </figcaption>
            { body }
        </figure>
    }
}

fn value_text(chart: &Chart, v: f64) -> String {
    if chart.share { format::percent(v) } else { format::trim(v, usize::from(v.abs() < 10.0)) }
}

/// A chart of lines; with `bars`, its first line is drawn as bars under the others.
pub fn chart(id: &str, c: &Chart, bars: bool) -> Html {
    if let Some(empty) = &c.empty {
        return frame(id, &c.title, "", "", false, common::empty(empty));
    }
    let points = c.labels.len().max(1);
    let max = c.lines.iter().flat_map(|l| l.values.iter().flatten()).copied().fold(0.0, f64::max);
    let (top, ticks) = if c.share { (1.0, vec![0.0, 0.25, 0.5, 0.75, 1.0]) } else { common::ticks_to(max, 4) };
    let y = Linear::new((0.0, top), (TOP + PLOT_H, TOP));
    let step = (WIDTH - LEFT - RIGHT) / points as f64;
    let x = |i: usize| LEFT + step * (i as f64 + 0.5);
    // At most about eight labels on the axis.
    let every = points.div_ceil(8);
    let x_ticks: Vec<(f64, String)> =
        c.labels.iter().enumerate().filter(|(i, _)| i % every == 0).map(|(i, l)| (x(i), l.clone())).collect();
    let tick_step = ticks.get(1).copied().unwrap_or(1.0);
    let label = |v: f64| if c.share { format::percent(v) } else { common::tick_label(v, tick_step) };
    let drawn = c.lines.iter().enumerate().map(|(li, line)| {
        let colour = common::series(li);
        if bars && li == 0 {
            return html! {
                <g class="series-bars">{ for line.values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, v))).map(|(i, v)| html! {
                    <rect x={n(x(i) - step * 0.45)} y={n(y.clamped(v))} width={n(step * 0.9)} height={n(y.at(0.0) - y.clamped(v))}
                        style={format!("fill: {colour}; fill-opacity: 0.45")}>
                        <title>{ format!("{}: {} {}", c.labels[i], value_text(c, v), line.name) }</title>
                    </rect>
                }) }</g>
            };
        }
        // A line breaks where a point has no value.
        let mut runs: Vec<Vec<String>> = vec![Vec::new()];
        for (i, v) in line.values.iter().enumerate() {
            match v {
                Some(v) => runs.last_mut().expect("one run at least").push(format!("{},{}", n(x(i)), n(y.clamped(*v)))),
                None => runs.push(Vec::new()),
            }
        }
        html! {
            <g class="series" data-line={line.name.clone()}>
                { for runs.into_iter().filter(|r| r.len() > 1).map(|r| html! {
                    <polyline class="series-line" points={r.join(" ")} style={format!("stroke: {colour}")} />
                }) }
                if !bars {
                    { for line.values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, v))).map(|(i, v)| html! {
                        <circle cx={n(x(i))} cy={n(y.clamped(v))} r="3" style={format!("fill: {colour}")}>
                            <title>{ format!("{} · {}: {}", c.labels[i], line.name, value_text(c, v)) }</title>
                        </circle>
                    }) }
                }
            </g>
        }
    });
    let summary = c
        .lines
        .iter()
        .map(|l| {
            let last = l.values.iter().rev().flatten().next().map_or_else(|| "—".into(), |v| value_text(c, *v));
            format!("{} last {last}", l.name)
        })
        .collect::<Vec<_>>()
        .join(", ");
    let body = html! {
        <>
            { common::svg(HEIGHT, format!("{} over {} points: {summary}.", c.title, c.labels.len()), html! {
                <>
                    { common::y_grid(&ticks, |v| y.at(v), LEFT, WIDTH - RIGHT, label) }
                    { common::x_axis(&x_ticks, TOP + PLOT_H, LEFT, WIDTH - RIGHT) }
                    { common::axis_title(&c.y, LEFT - 48.0, TOP - 8.0, "start", false) }
                    { for drawn }
                </>
            }) }
            { common::legend(&c.title, c.lines.iter().enumerate().map(|(i, l)| {
                let swatch = if bars && i == 0 { Swatch::Box } else { Swatch::Line };
                Entry::new(swatch, common::series(i), l.name.clone())
            }).collect()) }
        </>
    };
    frame(id, &c.title, &c.guide, &c.csv, true, body)
}

/// Tickets opened by hour of week.
pub fn heatmap(cells: &[Vec<u64>], csv: &str) -> Html {
    let max = cells.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let (cell_w, cell_h, left, top) = ((WIDTH - 52.0) / 24.0, 20.0, 44.0, 18.0);
    let body = common::svg(
        top + 7.0 * cell_h + 8.0,
        "Tickets opened by hour of the week.".into(),
        html! {
            <>
                { for (0..24u8).step_by(3).map(|h| html! {
                    <text class="tick-label" x={n(left + cell_w * (f64::from(h) + 0.5))} y={n(top - 5.0)} text-anchor="middle">{ format!("{h:02}") }</text>
                }) }
                { for cells.iter().enumerate().map(|(d, row)| html! {
                    <g>
                        <text class="tick-label" x={n(left - 6.0)} y={n(top + cell_h * (d as f64 + 0.5))} text-anchor="end" dominant-baseline="middle">{ WEEKDAYS[d % 7] }</text>
                        { for row.iter().enumerate().map(|(h, &count)| html! {
                            <rect class="arrival-cell" x={n(left + cell_w * h as f64)} y={n(top + cell_h * d as f64)} width={n(cell_w - 1.0)} height={n(cell_h - 1.0)}
                                style={format!("fill: var(--chart-series-0); fill-opacity: {}", format::trim(0.06 + 0.94 * count as f64 / max, 2))}>
                                <title>{ format!("{} {h:02}:00–{h:02}:59: {count} opened", WEEKDAYS[d % 7]) }</title>
                            </rect>
                        }) }
                    </g>
                }) }
            </>
        },
    );
    frame(
        "history-heatmap",
        "Arrivals by hour of the week",
        "Tickets opened in each hour of the week, at the export's offset; darker is more.",
        csv,
        true,
        body,
    )
}

/// A table of text, its marked rows flagged.
pub fn table(id: &str, t: &Table, guide: &str) -> Html {
    let body = if t.rows.is_empty() {
        common::empty("None.")
    } else {
        html! {
            <div class="table-scroll">
                <table class="history-table">
                    <thead><tr>{ for t.head.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }</tr></thead>
                    <tbody>{ for t.rows.iter().enumerate().map(|(i, row)| html! {
                        <tr class={classes!(t.marked.get(i).copied().unwrap_or(false).then_some("marked"))}>
                            { for row.iter().enumerate().map(|(j, cell)| if j == 0 {
                                html! { <th scope="row">{ cell.clone() }</th> }
                            } else {
                                html! { <td>{ cell.clone() }</td> }
                            }) }
                        </tr>
                    }) }</tbody>
                </table>
            </div>
        }
    };
    frame(id, &t.caption, guide, &t.csv, false, body)
}
