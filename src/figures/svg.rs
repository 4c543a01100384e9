//! The markup every chart is written with: [`Svg`], which escapes every attribute value and
//! text; the axes; the legend, as HTML beside a drawing on the page and as SVG under it in a
//! standalone file; and [`Drawing`], a chart's `<svg>` in both forms.

use std::fmt::Write as _;

use super::common::{WIDTH, n, text_width};

/// Text made safe for markup: element text and double-quoted attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::engine::event_log::escape_markup(text, &mut out);
    out
}

/// Markup being written, element by element; attribute values and texts are escaped.
#[derive(Debug, Default)]
pub struct Svg(pub String);

impl Svg {
    fn tag(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            let _ = write!(self.0, r#" {name}="{}""#, esc(value));
        }
    }

    /// `<tag a="v" …>`: children follow, then [`Svg::close`].
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.tag(tag, attrs);
        self.0.push('>');
    }

    pub fn close(&mut self, tag: &str) {
        let _ = write!(self.0, "</{tag}>");
    }

    /// `<tag a="v" …/>`, an element with no content.
    pub fn leaf(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.tag(tag, attrs);
        self.0.push_str("/>");
    }

    /// `<tag a="v" …>text</tag>`.
    pub fn text(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(tag, attrs);
        self.0.push_str(&esc(text));
        self.close(tag);
    }

    /// A tooltip: `<title>text</title>`.
    pub fn title(&mut self, text: &str) {
        self.text("title", &[], text);
    }

    /// Text between elements.
    pub fn words(&mut self, text: &str) {
        self.0.push_str(&esc(text));
    }
}

/// Horizontal grid lines with value labels to their left, at `x0..x1`; `y` places a value.
pub fn y_grid(s: &mut Svg, ticks: &[f64], y: impl Fn(f64) -> f64, x0: f64, x1: f64, label: impl Fn(f64) -> String) {
    s.open("g", &[("class", "axis y-axis")]);
    for &t in ticks {
        let yy = n(y(t));
        s.open("g", &[]);
        s.leaf("line", &[("class", "grid"), ("x1", &n(x0)), ("x2", &n(x1)), ("y1", &yy), ("y2", &yy)]);
        let attrs = [
            ("class", "tick-label"),
            ("x", &n(x0 - 6.0)),
            ("y", &yy),
            ("text-anchor", "end"),
            ("dominant-baseline", "middle"),
        ];
        s.text("text", &attrs, &label(t));
        s.close("g");
    }
    s.close("g");
}

/// A bottom axis at `y0`: baseline from `x0` to `x1`, tick marks and labels at `(x, text)`.
pub fn x_axis(s: &mut Svg, ticks: &[(f64, String)], y0: f64, x0: f64, x1: f64) {
    s.open("g", &[("class", "axis x-axis")]);
    s.leaf("line", &[("class", "baseline"), ("x1", &n(x0)), ("x2", &n(x1)), ("y1", &n(y0)), ("y2", &n(y0))]);
    for (x, text) in ticks {
        let xx = n(*x);
        s.open("g", &[]);
        s.leaf("line", &[("class", "tick"), ("x1", &xx), ("x2", &xx), ("y1", &n(y0)), ("y2", &n(y0 + 4.0))]);
        s.text("text", &[("class", "tick-label"), ("x", &xx), ("y", &n(y0 + 16.0)), ("text-anchor", "middle")], text);
        s.close("g");
    }
    s.close("g");
}

/// An axis title (units) at a position; `vertical` rotates it to read bottom-up.
pub fn axis_title(s: &mut Svg, text: &str, x: f64, y: f64, anchor: &str, vertical: bool) {
    let (xx, yy) = (n(x), n(y));
    let transform = format!("rotate(-90 {xx} {yy})");
    let mut attrs = vec![("class", "axis-title"), ("x", xx.as_str()), ("y", yy.as_str()), ("text-anchor", anchor)];
    if vertical {
        attrs.push(("transform", &transform));
    }
    s.text("text", &attrs, text);
}

/// What a chart shows when there is nothing to draw, as HTML.
pub fn empty(message: &str) -> String {
    format!(r#"<p class="chart-empty">{}</p>"#, esc(message))
}

/// A drawing: the `<svg>` of a chart, its height in the shared width, what it shows in words
/// (for screen readers) and its legend.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    pub height: f64,
    pub label: String,
    /// The elements inside the `<svg>`.
    pub inner: String,
    pub legend: Vec<Entry>,
}

impl Drawing {
    /// The `<svg>` as the page shows it: it scales to its container through its `viewBox`.
    pub fn svg(&self) -> String {
        format!(
            r#"<svg class="chart-svg" viewBox="0 0 {} {}" role="img" aria-label="{}" preserveAspectRatio="xMinYMin meet">{}</svg>"#,
            n(WIDTH),
            n(self.height.max(1.0)),
            esc(&self.label),
            self.inner
        )
    }

    /// The drawing as a standalone SVG file: the same elements as on the page, then the legend
    /// drawn under them (the page shows it as HTML beside the drawing), with `style` (the
    /// charts' style sheet) inside, so that it looks the same anywhere.
    pub fn standalone(&self, title: &str, style: &str) -> String {
        let mut legend = Svg::default();
        let legend_height = svg_legend(&mut legend, &self.legend, self.height + 10.0);
        let height = self.height.max(1.0) + legend_height;
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{}"><title>{}</title><style>{style}</style>{}{}</svg>
"#,
            esc(&self.label),
            esc(title),
            self.inner,
            legend.0,
            w = n(WIDTH),
            h = n(height),
        )
    }

    /// The drawing as the page shows it, in its scrolling frame, then its HTML legend.
    pub fn html(&self, legend_label: &str) -> String {
        format!(r#"<div class="chart-scroll">{}</div>{}"#, self.svg(), legend(legend_label, &self.legend))
    }
}

/// How a legend entry's swatch is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    Box,
    /// An empty box with a coloured border (an outlined mark).
    Outline,
    Line,
    Dashed,
}

/// A legend entry: swatch style, its CSS colour, label.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub swatch: Swatch,
    pub colour: String,
    pub label: String,
}

impl Entry {
    pub fn new(swatch: Swatch, colour: impl Into<String>, label: impl Into<String>) -> Entry {
        Entry { swatch, colour: colour.into(), label: label.into() }
    }
}

fn swatch_class(s: Swatch) -> &'static str {
    match s {
        Swatch::Box => "swatch box",
        Swatch::Outline => "swatch outline",
        Swatch::Line => "swatch line",
        Swatch::Dashed => "swatch dashed",
    }
}

/// An HTML legend (wraps on narrow screens, unlike SVG text); nothing for no entries.
pub fn legend(label: &str, entries: &[Entry]) -> String {
    if entries.is_empty() {
        return String::new();
    }
    let mut s = Svg::default();
    s.open("ul", &[("class", "chart-legend"), ("aria-label", label)]);
    for e in entries {
        s.open("li", &[]);
        let style = format!("--swatch: {}", e.colour);
        s.text("span", &[("class", swatch_class(e.swatch)), ("style", &style), ("aria-hidden", "true")], "");
        s.words(&e.label);
        s.close("li");
    }
    s.close("ul");
    s.0
}

/// The legend drawn in SVG from `top`, in rows that wrap at the chart's width; its height.
fn svg_legend(s: &mut Svg, entries: &[Entry], top: f64) -> f64 {
    if entries.is_empty() {
        return 0.0;
    }
    const ROW: f64 = 18.0;
    s.open("g", &[("class", "legend")]);
    let (mut x, mut y) = (0.0, top);
    for e in entries {
        let width = 22.0 + text_width(&e.label, 12.0) + 14.0;
        if x > 0.0 && x + width > WIDTH {
            (x, y) = (0.0, y + ROW);
        }
        let mid = y + 6.0;
        match e.swatch {
            Swatch::Box | Swatch::Outline => {
                let style = if e.swatch == Swatch::Box {
                    format!("fill: {}", e.colour)
                } else {
                    format!("fill: none; stroke: {}; stroke-width: 2.5", e.colour)
                };
                s.leaf(
                    "rect",
                    &[
                        ("x", &n(x + 1.0)),
                        ("y", &n(y + 1.0)),
                        ("width", "10"),
                        ("height", "10"),
                        ("rx", "2"),
                        ("style", &style),
                    ],
                );
            }
            Swatch::Line | Swatch::Dashed => {
                let dash = if e.swatch == Swatch::Dashed { "; stroke-dasharray: 4 3" } else { "" };
                let style = format!("stroke: {}; stroke-width: 2.5{dash}", e.colour);
                s.leaf(
                    "line",
                    &[("x1", &n(x)), ("x2", &n(x + 16.0)), ("y1", &n(mid)), ("y2", &n(mid)), ("style", &style)],
                );
            }
        }
        s.text(
            "text",
            &[("class", "legend-label"), ("x", &n(x + 22.0)), ("y", &n(mid)), ("dominant-baseline", "middle")],
            &e.label,
        );
        x += width;
    }
    s.close("g");
    y + ROW - top + 6.0
}
