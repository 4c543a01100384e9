//! The History tab's figures written as markup in the worker: SVG charts, the hour-of-week
//! heatmap and tables, each in the same `<figure>` frame, classes and export buttons as the
//! report's charts (so the page's styles and its SVG/PNG export apply to them). The page inserts
//! the text as it is: building these figures as Yew nodes on the page cost several times the
//! download. Every text that comes from a file (groups, priorities, categories) goes through
//! [`esc`].

use std::fmt::Write as _;

use crate::figures::heatmap::DAYS;
use crate::ui::charts::common::{self, Linear, WIDTH, esc, n};
use crate::ui::format;

const HEIGHT: f64 = 230.0;
const TOP: f64 = 22.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const PLOT_H: f64 = 160.0;

/// Figures written so far, and the CSV each downloads, by figure id.
#[derive(Default)]
pub struct Out {
    pub html: String,
    pub csvs: Vec<(String, String)>,
}

impl Out {
    pub fn push(&mut self, text: &str) {
        self.html.push_str(text);
    }

    /// A figure: its title, downloads (CSV when `csv` is not empty, SVG and PNG when `drawn`),
    /// a one-line guide, then `body`.
    pub fn figure(&mut self, id: &str, title: &str, guide: &str, csv: String, drawn: bool, body: &str) {
        let h = &mut self.html;
        let _ = write!(
            h,
            r#"<figure class="chart" id="{id}"><figcaption><h3 class="chart-title">{}</h3><span class="chart-export" role="group" aria-label="Download this figure">"#,
            esc(title)
        );
        if !csv.is_empty() {
            h.push_str(r#"<button class="button small" data-export="csv">CSV</button>"#);
            self.csvs.push((id.to_string(), csv));
        }
        if drawn {
            h.push_str(r#"<button class="button small" data-export="svg">SVG</button><button class="button small" data-export="png">PNG</button>"#);
        }
        h.push_str("</span>");
        if !guide.is_empty() {
            let _ = write!(h, r#"<p class="chart-guide">{}</p>"#, esc(guide));
        }
        let _ = write!(h, "</figcaption>{body}</figure>");
    }
}

/// A chart's content: lines over labelled points.
pub struct Chart<'a> {
    pub title: &'a str,
    pub guide: &'a str,
    /// What a value counts ("tickets", "hours").
    pub y: &'a str,
    /// Values are shares, drawn 0–100%.
    pub share: bool,
    pub labels: &'a [String],
    pub lines: &'a [(String, Vec<Option<f64>>)],
    /// The label column's name in the CSV.
    pub per: &'a str,
}

fn value_text(share: bool, v: f64) -> String {
    if share { format::percent(v) } else { format::trim(v, usize::from(v.abs() < 10.0)) }
}

/// The chart's figures as CSV: a row per label, a column per line.
fn csv(c: &Chart) -> String {
    let mut csv = crate::engine::report::csv::Csv(String::new());
    csv.row(std::iter::once(c.per.to_string()).chain(c.lines.iter().map(|(name, _)| name.clone())));
    for (i, label) in c.labels.iter().enumerate() {
        csv.row(
            std::iter::once(label.clone())
                .chain(c.lines.iter().map(|(_, v)| crate::engine::report::csv::number(v.get(i).copied().flatten()))),
        );
    }
    csv.0
}

/// A chart of lines; with `bars`, its first line is drawn as bars under the others (a
/// histogram with fitted curves). `empty`: why nothing is drawn, when nothing is.
pub fn chart(out: &mut Out, id: &str, c: &Chart, bars: bool, empty: Option<&str>) {
    if let Some(why) = empty.or(c.labels.is_empty().then_some("Nothing to draw.")) {
        out.figure(id, c.title, "", String::new(), false, &crate::figures::common::empty(why));
        return;
    }
    let points = c.labels.len();
    let max = c.lines.iter().flat_map(|(_, v)| v.iter().flatten()).copied().fold(0.0, f64::max);
    let (top, ticks) = if c.share { (1.0, vec![0.0, 0.25, 0.5, 0.75, 1.0]) } else { common::ticks_to(max, 4) };
    let y = Linear::new((0.0, top), (TOP + PLOT_H, TOP));
    let step = (WIDTH - LEFT - RIGHT) / points as f64;
    let x = |i: usize| LEFT + step * (i as f64 + 0.5);
    let tick_step = ticks.get(1).copied().unwrap_or(1.0);
    let mut s = String::new();
    let summary: Vec<String> = c
        .lines
        .iter()
        .map(|(name, v)| {
            let last = v.iter().rev().flatten().next().map_or_else(|| "—".into(), |v| value_text(c.share, *v));
            format!("{name} last {last}")
        })
        .collect();
    let _ = write!(
        s,
        r#"<div class="chart-scroll"><svg class="chart-svg" viewBox="0 0 {} {}" role="img" aria-label="{}" preserveAspectRatio="xMinYMin meet">"#,
        n(WIDTH),
        n(HEIGHT),
        esc(&format!("{} over {points} points: {}.", c.title, summary.join(", ")))
    );
    // The y grid with its labels, the x axis with at most about eight labels.
    s.push_str(r#"<g class="axis y-axis">"#);
    for &t in &ticks {
        let label = if c.share { format::percent(t) } else { common::tick_label(t, tick_step) };
        let yy = n(y.at(t));
        let _ = write!(
            s,
            r#"<g><line class="grid" x1="{}" x2="{}" y1="{yy}" y2="{yy}"/><text class="tick-label" x="{}" y="{yy}" text-anchor="end" dominant-baseline="middle">{label}</text></g>"#,
            n(LEFT),
            n(WIDTH - RIGHT),
            n(LEFT - 6.0)
        );
    }
    let base = n(TOP + PLOT_H);
    let _ = write!(
        s,
        r#"</g><g class="axis x-axis"><line class="baseline" x1="{}" x2="{}" y1="{base}" y2="{base}"/>"#,
        n(LEFT),
        n(WIDTH - RIGHT)
    );
    let every = points.div_ceil(8);
    for (i, label) in c.labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let xx = n(x(i));
        let _ = write!(
            s,
            r#"<g><line class="tick" x1="{xx}" x2="{xx}" y1="{base}" y2="{}"/><text class="tick-label" x="{xx}" y="{}" text-anchor="middle">{}</text></g>"#,
            n(TOP + PLOT_H + 4.0),
            n(TOP + PLOT_H + 16.0),
            esc(label)
        );
    }
    let _ = write!(
        s,
        r#"</g><text class="axis-title" x="{}" y="{}" text-anchor="start">{}</text>"#,
        n(LEFT - 48.0),
        n(TOP - 8.0),
        esc(c.y)
    );
    for (li, (name, values)) in c.lines.iter().enumerate() {
        let colour = common::series(li);
        let present = values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, v)));
        if bars && li == 0 {
            s.push_str(r#"<g class="series-bars">"#);
            for (i, v) in present {
                let _ = write!(
                    s,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" style="fill: {colour}; fill-opacity: 0.45"><title>{}: {} {}</title></rect>"#,
                    n(x(i) - step * 0.45),
                    n(y.clamped(v)),
                    n(step * 0.9),
                    n(y.at(0.0) - y.clamped(v)),
                    esc(&c.labels[i]),
                    value_text(c.share, v),
                    esc(name)
                );
            }
            s.push_str("</g>");
            continue;
        }
        let _ = write!(s, r#"<g class="series" data-line="{}">"#, esc(name));
        // A line breaks where a point has no value.
        let mut run: Vec<String> = Vec::new();
        for (i, v) in values.iter().enumerate().map(|(i, v)| (i, *v)).chain(std::iter::once((points, None))) {
            match v {
                Some(v) => run.push(format!("{},{}", n(x(i)), n(y.clamped(v)))),
                None => {
                    if run.len() > 1 {
                        let _ = write!(
                            s,
                            r#"<polyline class="series-line" points="{}" style="stroke: {colour}"/>"#,
                            run.join(" ")
                        );
                    }
                    run.clear();
                }
            }
        }
        if !bars {
            for (i, v) in present {
                let _ = write!(
                    s,
                    r#"<circle cx="{}" cy="{}" r="3" style="fill: {colour}"><title>{} · {}: {}</title></circle>"#,
                    n(x(i)),
                    n(y.clamped(v)),
                    esc(&c.labels[i]),
                    esc(name),
                    value_text(c.share, v)
                );
            }
        }
        s.push_str("</g>");
    }
    s.push_str("</svg></div>");
    let _ = write!(s, r#"<ul class="chart-legend" aria-label="{}">"#, esc(c.title));
    for (i, (name, _)) in c.lines.iter().enumerate() {
        let swatch = if bars && i == 0 { "box" } else { "line" };
        let _ = write!(
            s,
            r#"<li><span class="swatch {swatch}" style="--swatch: {}" aria-hidden="true"></span>{}</li>"#,
            common::series(i),
            esc(name)
        );
    }
    s.push_str("</ul>");
    out.figure(id, c.title, c.guide, csv(c), true, &s);
}

/// Tickets opened by hour of week: 7 rows (Monday first) of 24.
pub fn heatmap(out: &mut Out, cells: &[Vec<u64>], csv: String) {
    let max = cells.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let (cell_w, cell_h, left, top) = ((WIDTH - 52.0) / 24.0, 20.0, 44.0, 18.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<div class="chart-scroll"><svg class="chart-svg" viewBox="0 0 {} {}" role="img" aria-label="Tickets opened by hour of the week." preserveAspectRatio="xMinYMin meet">"#,
        n(WIDTH),
        n(top + 7.0 * cell_h + 8.0)
    );
    for h in (0..24u8).step_by(3) {
        let _ = write!(
            s,
            r#"<text class="tick-label" x="{}" y="{}" text-anchor="middle">{h:02}</text>"#,
            n(left + cell_w * (f64::from(h) + 0.5)),
            n(top - 5.0)
        );
    }
    for (d, row) in cells.iter().enumerate() {
        let day = DAYS[d % 7];
        let yy = top + cell_h * d as f64;
        let _ = write!(
            s,
            r#"<text class="tick-label" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{day}</text>"#,
            n(left - 6.0),
            n(yy + cell_h / 2.0)
        );
        for (h, &count) in row.iter().enumerate() {
            let _ = write!(
                s,
                r#"<rect class="arrival-cell" x="{}" y="{}" width="{}" height="{}" style="fill: var(--chart-series-0); fill-opacity: {}"><title>{day} {h:02}:00–{h:02}:59: {count} opened</title></rect>"#,
                n(left + cell_w * h as f64),
                n(yy),
                n(cell_w - 1.0),
                n(cell_h - 1.0),
                format::trim(0.06 + 0.94 * count as f64 / max, 2)
            );
        }
    }
    s.push_str("</svg></div>");
    out.figure(
        "history-heatmap",
        "Arrivals by hour of the week",
        "Tickets opened in each hour of the week, at the export's offset; darker is more.",
        csv,
        true,
        &s,
    );
}

/// A table of text, to write as a figure.
pub struct Table<'a> {
    pub id: &'a str,
    pub caption: &'a str,
    pub guide: &'a str,
    pub head: &'a [&'a str],
    pub rows: &'a [Vec<String>],
    /// Rows to flag (a small sample, a figure off its interval).
    pub marked: &'a [bool],
}

/// A table, with the CSV it downloads.
pub fn table(out: &mut Out, t: &Table, csv: String) {
    let Table { id, caption, guide, head, rows, marked } = *t;
    let mut s = String::new();
    if rows.is_empty() {
        s.push_str(r#"<p class="chart-empty">None.</p>"#);
    } else {
        s.push_str(r#"<div class="table-scroll"><table class="history-table"><thead><tr>"#);
        for h in head {
            let _ = write!(s, r#"<th scope="col">{}</th>"#, esc(h));
        }
        s.push_str("</tr></thead><tbody>");
        for (i, row) in rows.iter().enumerate() {
            s.push_str(if marked.get(i).copied().unwrap_or(false) { r#"<tr class="marked">"# } else { "<tr>" });
            for (j, cell) in row.iter().enumerate() {
                if j == 0 {
                    let _ = write!(s, r#"<th scope="row">{}</th>"#, esc(cell));
                } else {
                    let _ = write!(s, "<td>{}</td>", esc(cell));
                }
            }
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table></div>");
    }
    out.figure(id, caption, guide, csv, false, &s);
}

/// A list of sentences.
pub fn list(out: &mut Out, class: &str, items: &[String]) {
    let _ = write!(out.html, r#"<ul class="{class}">"#);
    for item in items {
        let _ = write!(out.html, "<li>{}</li>", esc(item));
    }
    out.html.push_str("</ul>");
}
