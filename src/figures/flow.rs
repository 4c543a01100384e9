//! The flow of counted issues through the matrix, Sankey-style: band widths are issues per
//! replication, colours are the reasons for each move.
//!
//! Layout: one column per node, `arrival` (and `follow-up` under it) on the left, then the levels
//! in matrix order. A move to the next column is a straight band; every level's resolutions drop
//! to a `resolved` rail under the diagram; moves that skip columns or go back down the path
//! (rework) are routed as arcs over the top, one lane each, so they never cut through a node.
//! Within a node, bands are stacked arcs first, then the next-column band, then resolutions, and
//! each level is placed so its next-column band runs level: that keeps the bands from crossing
//! the nodes. Moves back into the same queue (self-loops) are listed in a note, not drawn.
//!
//! One file over 500 lines: the layout's passes (columns, lanes, stacking, placing) share one
//! `Layout` and read only in order.

use super::Figure;
use super::common::{self, Drawing, Entry, Svg, Swatch, WIDTH, clip, n, per_rep, reason_label, text_width};
use crate::engine::report::numbers as format;
use crate::engine::{Report, order};

/// Room for the labels of the first column, left of its nodes.
const LEFT: f64 = 86.0;
/// Room right of the last level for its resolutions.
const RIGHT: f64 = 44.0;
const NODE_W: f64 = 10.0;
/// Tallest column, px.
const MAX_COLUMN: f64 = 160.0;
const LANE_TOP: f64 = 6.0;
const LANE_GAP: f64 = 4.0;
const NODE_GAP: f64 = 16.0;
const RAIL_H: f64 = 6.0;
/// Level labels are 12.5px bold (`.node-label` in charts.css); widths are estimated a little wider.
const LABEL_SIZE: f64 = 13.5;

/// Node ids: arrival, follow-up, then the levels from 2; `RESOLVED` is the rail (no column).
const ARRIVAL: usize = 0;
const FOLLOW_UP: usize = 1;
const RESOLVED: usize = usize::MAX;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// To the next column.
    Next,
    /// Over the top, to a column further right or back to the left.
    Arc,
    /// Down to the resolved rail.
    Drop,
}

#[derive(Clone, Debug)]
struct Link {
    from: usize,
    /// A node id, or `RESOLVED` for drops.
    to: usize,
    to_name: String,
    from_name: String,
    reason: String,
    count: f64,
    kind: Kind,
    /// Thickness, px.
    t: f64,
    lane: usize,
    /// Top of the band at its source and target, from the node's top.
    out_at: f64,
    in_at: f64,
    /// How far right of the source (left of the target) an arc turns.
    out_turn: f64,
    in_turn: f64,
}

/// The column of a node: arrival and follow-up share the first, level i is column i + 1.
fn column(id: usize) -> usize {
    if id < 2 { 0 } else { id - 1 }
}

/// Order of bands entering a node from the same side: follow-up (drawn on top) before arrival.
fn stack_rank(id: usize) -> usize {
    match id {
        FOLLOW_UP => 0,
        ARRIVAL => 1,
        _ => id,
    }
}

/// The colour of a reason (stable across runs: known reasons have their own colour).
fn reason_colour(reason: &str, resolved: bool) -> String {
    if resolved {
        return common::series(2);
    }
    let i = match reason {
        "entry" => 0,
        "skip_level" => 4,
        "outcome" => 6,
        "wait_timer" => 1,
        "age_trigger" => 7,
        "sla_trigger" => 5,
        "reopen" => 3,
        // The same colour on every target: sums in u64, not usize (32 bits in wasm).
        other => (other.bytes().map(u64::from).sum::<u64>() % common::SERIES as u64) as usize,
    };
    common::series(i)
}

/// Where a reason sorts in the legend: known reasons in the order an issue meets them.
fn reason_rank(reason: &str) -> usize {
    ["entry", "skip_level", "outcome", "wait_timer", "age_trigger", "sla_trigger", "reopen"]
        .iter()
        .position(|r| *r == reason)
        .unwrap_or(99)
}

/// An orthogonal polyline with rounded corners, as SVG path data.
fn rounded(points: &[(f64, f64)], radius: f64) -> String {
    let Some(&(x0, y0)) = points.first() else { return String::new() };
    let mut d = format!("M{},{}", n(x0), n(y0));
    for w in points.windows(3) {
        let ((ax, ay), (bx, by), (cx, cy)) = (w[0], w[1], w[2]);
        let l_in = libm::hypot(bx - ax, by - ay);
        let l_out = libm::hypot(cx - bx, cy - by);
        let r = radius.min(l_in / 2.0).min(l_out / 2.0);
        if r <= 0.0 || l_in == 0.0 || l_out == 0.0 {
            d.push_str(&format!(" L{},{}", n(bx), n(by)));
            continue;
        }
        let (sx, sy) = (bx - (bx - ax) / l_in * r, by - (by - ay) / l_in * r);
        let (ex, ey) = (bx + (cx - bx) / l_out * r, by + (cy - by) / l_out * r);
        d.push_str(&format!(" L{},{} Q{},{} {},{}", n(sx), n(sy), n(bx), n(by), n(ex), n(ey)));
    }
    if let Some(&(x, y)) = points.last()
        && points.len() > 1
    {
        d.push_str(&format!(" L{},{}", n(x), n(y)));
    }
    d
}

/// Issues flowing between levels (Sankey-style): widths are counts, colours are reasons.
pub fn figure(report: &Report) -> Figure {
    let mut f = Figure {
        id: "flow-diagram",
        title: "Issue flow",
        guide: "How counted issues move through the matrix, per replication: band widths are issue counts, colours \
                the reason for each move. Hover a band for its figures."
            .into(),
        ..Figure::default()
    };
    match Layout::build(report) {
        Some(layout) => {
            let (drawing, notes) = layout.render(report);
            f.body = drawing.html("Reasons");
            if !notes.is_empty() {
                let mut list = Svg::default();
                list.open("ul", &[("class", "chart-notes")]);
                for note in &notes {
                    list.text("li", &[], note);
                }
                list.close("ul");
                f.body.push_str(&list.0);
            }
            f.drawing = Some(drawing);
        }
        None => return f.nothing("No counted issue moved: nothing to draw."),
    }
    f
}

struct Layout {
    links: Vec<Link>,
    names: Vec<String>,
    /// Per node: issues in and out per replication, and whether it is drawn.
    inflow: Vec<f64>,
    outflow: Vec<f64>,
    present: Vec<bool>,
    /// Per node: x of its left edge and y of its top.
    x: Vec<f64>,
    top: Vec<f64>,
    /// Centre line of each arc lane.
    lane_y: Vec<f64>,
    /// px per issue.
    k: f64,
    step: f64,
    rail_y: f64,
    height: f64,
    /// Self-loops and moves between unknown nodes, in words.
    notes: Vec<String>,
}

impl Layout {
    fn build(report: &Report) -> Option<Layout> {
        let levels = &report.levels;
        let nodes = levels.len() + 2;
        let mut names = vec!["arrival".to_string(), "follow-up".to_string()];
        names.extend(levels.iter().cloned());
        let id_of = |name: &str| match name {
            "arrival" => Some(ARRIVAL),
            "follow-up" => Some(FOLLOW_UP),
            _ => levels.iter().position(|l| l == name).map(|i| i + 2),
        };
        let mut links: Vec<Link> = Vec::new();
        let mut notes = Vec::new();
        for f in &report.flows {
            if !(f.count.is_finite() && f.count > 0.0) {
                continue;
            }
            let from = id_of(&f.from);
            let to = if f.to == "resolved" { Some(RESOLVED) } else { id_of(&f.to).filter(|&t| t >= 2) };
            let moved =
                format!("{} → {}: {} per replication ({})", f.from, f.to, per_rep(f.count), reason_label(&f.reason));
            let (Some(from), Some(to)) = (from, to) else {
                notes.push(format!("{moved} not drawn: unknown node"));
                continue;
            };
            let kind = if to == RESOLVED {
                Kind::Drop
            } else if column(to) == column(from) + 1 {
                Kind::Next
            } else {
                Kind::Arc
            };
            if kind == Kind::Drop && from < 2 {
                notes.push(format!("{moved} not drawn: resolved without visiting a level"));
                continue;
            }
            if from == to {
                notes.push(format!("{moved} sent back to the same queue, not drawn"));
                continue;
            }
            links.push(Link {
                from,
                to,
                from_name: f.from.clone(),
                to_name: f.to.clone(),
                reason: f.reason.clone(),
                count: f.count,
                kind,
                t: 0.0,
                lane: 0,
                out_at: 0.0,
                in_at: 0.0,
                out_turn: 0.0,
                in_turn: 0.0,
            });
        }
        if links.is_empty() {
            return None;
        }
        if let Some(open) = report.summary.censored.mean.filter(|c| c.is_finite() && *c > 0.0) {
            notes.push(format!(
                "{} counted issues per replication were still open when the run stopped: their levels take in more than they pass on",
                per_rep(open)
            ));
        }
        let mut inflow = vec![0.0; nodes];
        let mut outflow = vec![0.0; nodes];
        for l in &links {
            outflow[l.from] += l.count;
            if l.kind != Kind::Drop {
                inflow[l.to] += l.count;
            }
        }
        let value = |i: usize| f64::max(inflow[i], outflow[i]);
        // Levels are always drawn; arrival and follow-up only when issues come from them.
        let present: Vec<bool> = (0..nodes).map(|i| i >= 2 || value(i) > 0.0).collect();

        // Horizontal layout: columns evenly spaced, at most 170 px apart.
        let columns = levels.len();
        let step = ((WIDTH - LEFT - RIGHT - NODE_W) / columns.max(1) as f64).min(170.0);
        let x: Vec<f64> = (0..nodes).map(|id| LEFT + column(id) as f64 * step).collect();

        // Scale: the tallest column fits, and each level's resolutions fit in the gap to its right.
        let first_column = value(ARRIVAL) + value(FOLLOW_UP);
        let tallest = (2..nodes).map(value).fold(first_column, f64::max);
        let mut k = MAX_COLUMN / tallest;
        for id in 2..nodes {
            let drops: f64 = links.iter().filter(|l| l.from == id && l.kind == Kind::Drop).map(|l| l.count).sum();
            if drops > 0.0 {
                let room =
                    if id + 1 < nodes { x[id + 1] - x[id] - NODE_W - 14.0 } else { WIDTH - x[id] - NODE_W - 6.0 };
                k = k.min(room.max(4.0) / drops);
            }
        }
        if !k.is_finite() || k <= 0.0 {
            return None;
        }
        for l in &mut links {
            l.t = l.count * k;
        }

        // Arcs: the widest span gets the outermost (top) lane.
        let mut arcs: Vec<usize> = (0..links.len()).filter(|&i| links[i].kind == Kind::Arc).collect();
        let span = |l: &Link| {
            let (a, b) = (column(l.from), column(l.to));
            if b > a { 2 * (b - a) } else { 2 * (a - b) + 1 }
        };
        order::sort_by(&mut arcs, |&a, &b| {
            span(&links[b]).cmp(&span(&links[a])).then(links[b].count.total_cmp(&links[a].count))
        });
        let mut lane_y = Vec::new();
        let mut y = LANE_TOP;
        for (lane, &i) in arcs.iter().enumerate() {
            links[i].lane = lane;
            lane_y.push(y + links[i].t / 2.0);
            y += links[i].t + LANE_GAP;
        }
        let lanes_bottom = if arcs.is_empty() { LANE_TOP } else { y + 10.0 };

        // Stacking within nodes: arcs (outermost first), the next-column band, resolutions.
        let rank = |l: &Link| match l.kind {
            Kind::Arc => 0,
            Kind::Next => 1,
            Kind::Drop => 2,
        };
        for id in 0..nodes {
            let mut outs: Vec<usize> = (0..links.len()).filter(|&i| links[i].from == id).collect();
            order::sort_by_key(&mut outs, |&i| {
                (rank(&links[i]), links[i].lane, links[i].to, reason_rank(&links[i].reason))
            });
            let (mut at, mut turn) = (0.0, 3.0);
            for &i in &outs {
                let l = &mut links[i];
                l.out_at = at;
                at += l.t;
                if l.kind == Kind::Arc {
                    l.out_turn = turn + l.t / 2.0;
                    turn += l.t + 2.0;
                }
            }
            // Resolutions turn down in nested elbows: the lowest band turns first.
            let mut turn = 3.0;
            let drops: Vec<usize> = outs.iter().rev().copied().filter(|&i| links[i].kind == Kind::Drop).collect();
            for i in drops {
                let l = &mut links[i];
                l.out_turn = turn + l.t / 2.0;
                turn += l.t;
            }
            let mut ins: Vec<usize> =
                (0..links.len()).filter(|&i| links[i].kind != Kind::Drop && links[i].to == id).collect();
            order::sort_by_key(&mut ins, |&i| {
                (rank(&links[i]), links[i].lane, stack_rank(links[i].from), reason_rank(&links[i].reason))
            });
            let (mut at, mut turn) = (0.0, 3.0);
            for &i in &ins {
                let l = &mut links[i];
                l.in_at = at;
                at += l.t;
                if l.kind == Kind::Arc {
                    l.in_turn = turn + l.t / 2.0;
                    turn += l.t + 2.0;
                }
            }
        }

        // Vertical layout: follow-up (if any) above arrival, then each level placed so the band
        // from the column before it runs level (the band from arrival, when there is one).
        let mut top = vec![0.0; nodes];
        if present[FOLLOW_UP] {
            top[ARRIVAL] = value(FOLLOW_UP) * k + NODE_GAP;
        }
        let mut aligned_to_follow_up = false;
        for id in 2..nodes {
            let first_in = links
                .iter()
                .filter(|l| l.kind == Kind::Next && l.to == id)
                .min_by_key(|l| (l.from == FOLLOW_UP, stack_rank(l.from)));
            top[id] = match first_in {
                Some(l) => {
                    aligned_to_follow_up |= l.from == FOLLOW_UP;
                    top[l.from] + l.out_at - l.in_at
                }
                None if id > 2 => top[id - 1],
                None => top[ARRIVAL],
            };
        }
        if !aligned_to_follow_up && let Some(l) = links.iter().find(|l| l.kind == Kind::Next && l.from == FOLLOW_UP) {
            let aligned = top[l.to] + l.in_at - l.out_at;
            top[FOLLOW_UP] = f64::min(aligned, top[ARRIVAL] - NODE_GAP - value(FOLLOW_UP) * k);
        }
        let shown = |id: &usize| present[*id];
        let min_top = (0..nodes).filter(shown).map(|id| top[id]).fold(f64::INFINITY, f64::min);
        for t in &mut top {
            *t += lanes_bottom - min_top;
        }
        let bottom = (0..nodes).filter(shown).map(|id| top[id] + value(id) * k).fold(0.0, f64::max);
        let rail_y = bottom + 18.0;
        let label_rows = if Self::stagger(levels, step) { 4.0 } else { 2.0 };
        let height = rail_y + RAIL_H + 10.0 + label_rows * 13.0;
        Some(Layout { links, names, inflow, outflow, present, x, top, lane_y, k, step, rail_y, height, notes })
    }

    /// Whether level labels need two staggered rows to fit.
    fn stagger(levels: &[String], step: f64) -> bool {
        levels.len() > 1 && levels.iter().any(|l| text_width(l, LABEL_SIZE).min(150.0) > step - 8.0)
    }
}

impl Layout {
    fn value(&self, id: usize) -> f64 {
        f64::max(self.inflow[id], self.outflow[id])
    }

    fn link_path(&self, l: &Link) -> String {
        let xs = self.x[l.from] + NODE_W;
        let ys = self.top[l.from] + l.out_at + l.t / 2.0;
        match l.kind {
            Kind::Drop => rounded(&[(xs, ys), (xs + l.out_turn, ys), (xs + l.out_turn, self.rail_y)], l.out_turn),
            Kind::Next => {
                let (xt, yt) = (self.x[l.to], self.top[l.to] + l.in_at + l.t / 2.0);
                let xm = f64::midpoint(xs, xt);
                format!("M{},{} C{},{} {},{} {},{}", n(xs), n(ys), n(xm), n(ys), n(xm), n(yt), n(xt), n(yt))
            }
            Kind::Arc => {
                let (xt, yt) = (self.x[l.to], self.top[l.to] + l.in_at + l.t / 2.0);
                let lane = self.lane_y.get(l.lane).copied().unwrap_or(LANE_TOP);
                let (a, b) = (xs + l.out_turn, xt - l.in_turn);
                rounded(&[(xs, ys), (a, ys), (a, lane), (b, lane), (b, yt), (xt, yt)], l.t / 2.0 + 4.0)
            }
        }
    }

    fn link(&self, s: &mut Svg, l: &Link) {
        let colour = reason_colour(&l.reason, l.kind == Kind::Drop);
        let out = self.outflow[l.from];
        let share = if out > 0.0 {
            format!(" — {} of what leaves {}", format::percent(l.count / out), l.from_name)
        } else {
            String::new()
        };
        let tip = format!(
            "{} → {}: {} per replication ({}){share}",
            l.from_name,
            l.to_name,
            per_rep(l.count),
            reason_label(&l.reason)
        );
        let style = format!("stroke: {colour}; stroke-width: {}", n(l.t.max(1.0)));
        let attrs: &[(&str, &str)] = &[
            ("class", "flow-link"),
            ("data-from", l.from_name.as_str()),
            ("data-to", l.to_name.as_str()),
            ("data-reason", l.reason.as_str()),
            ("d", &self.link_path(l)),
            ("style", &style),
        ];
        s.open("path", attrs);
        s.title(&tip);
        s.close("path");
    }

    fn node(&self, s: &mut Svg, id: usize, bottleneck: Option<&str>) {
        let name = &self.names[id];
        let h = (self.value(id) * self.k).max(2.0);
        let (x, y) = (self.x[id], self.top[id]);
        let hot = id >= 2 && bottleneck == Some(name.as_str());
        let tip = match id {
            ARRIVAL => format!("{} counted arrivals per replication", per_rep(self.outflow[id])),
            FOLLOW_UP => format!("{} reopens per replication, after a follow-up delay", per_rep(self.outflow[id])),
            _ => format!(
                "{name}{}: {} in, {} out per replication",
                if hot { " (bottleneck)" } else { "" },
                per_rep(self.inflow[id]),
                per_rep(self.outflow[id])
            ),
        };
        s.open("g", &[("class", if hot { "flow-node bottleneck" } else { "flow-node" }), ("data-node", name)]);
        s.open("rect", &[("x", &n(x)), ("y", &n(y)), ("width", &n(NODE_W)), ("height", &n(h)), ("rx", "1.5")]);
        s.title(&tip);
        s.close("rect");
        if id < 2 {
            let lx = n(x - 6.0);
            s.text(
                "text",
                &[("class", "node-label"), ("x", &lx), ("y", &n(y + h / 2.0 - 3.0)), ("text-anchor", "end")],
                name,
            );
            let value = per_rep(self.outflow[id]);
            s.text(
                "text",
                &[("class", "node-value"), ("x", &lx), ("y", &n(y + h / 2.0 + 10.0)), ("text-anchor", "end")],
                &value,
            );
        }
        s.close("g");
    }

    /// The level names and volumes under the rail, staggered on two rows when crowded.
    fn level_label(&self, s: &mut Svg, id: usize, stagger: bool, bottleneck: Option<&str>) {
        let hot = bottleneck == Some(self.names[id].as_str());
        let i = id - 2;
        let room = if stagger { 2.0 * self.step - 10.0 } else { self.step - 6.0 };
        let chars = ((room / text_width("x", LABEL_SIZE)).floor() as usize).max(3);
        let cx = self.x[id] + NODE_W / 2.0;
        let name = clip(&self.names[id], chars);
        let w = text_width(&name, LABEL_SIZE);
        let (x, anchor) = if cx + w / 2.0 > WIDTH { (WIDTH, "end") } else { (cx, "middle") };
        let y = self.rail_y + RAIL_H + 20.0 + if stagger && i % 2 == 1 { 26.0 } else { 0.0 };
        s.open("g", &[("class", if hot { "level-label bottleneck" } else { "level-label" })]);
        s.title(&format!("{}{}", self.names[id], if hot { " (bottleneck)" } else { "" }));
        let xx = n(x);
        s.text("text", &[("class", "node-label"), ("x", &xx), ("y", &n(y)), ("text-anchor", anchor)], &name);
        let value = format!("{} in", per_rep(self.inflow[id]));
        s.text("text", &[("class", "node-value"), ("x", &xx), ("y", &n(y + 12.0)), ("text-anchor", anchor)], &value);
        s.close("g");
    }

    /// The drawing, and the moves it does not draw, in words.
    fn render(&self, report: &Report) -> (Drawing, Vec<String>) {
        let bottleneck = common::bottleneck(report);
        let stagger = Self::stagger(&report.levels, self.step);
        let drops: Vec<&Link> = self.links.iter().filter(|l| l.kind == Kind::Drop).collect();
        let rail = drops
            .iter()
            .map(|l| {
                let c = self.x[l.from] + NODE_W + l.out_turn;
                (c - l.t / 2.0, c + l.t / 2.0)
            })
            .fold(None, |acc: Option<(f64, f64)>, (a, b)| Some(acc.map_or((a, b), |(x0, x1)| (x0.min(a), x1.max(b)))));
        let resolved: f64 = drops.iter().map(|l| l.count).sum();
        // Thin bands last, so they stay visible over thick ones.
        let mut thick_first: Vec<&Link> = self.links.iter().collect();
        order::sort_by(&mut thick_first, |a, b| b.t.total_cmp(&a.t));
        let mut s = Svg::default();
        s.open("g", &[("class", "flow-links")]);
        for l in thick_first {
            self.link(&mut s, l);
        }
        s.close("g");
        if let Some((x0, x1)) = rail {
            s.open("g", &[("class", "flow-node resolved-rail"), ("data-node", "resolved")]);
            let mid = n(self.rail_y + RAIL_H / 2.0);
            s.leaf("line", &[("class", "rail-lead"), ("x1", &n(LEFT)), ("x2", &n(x0)), ("y1", &mid), ("y2", &mid)]);
            let attrs: &[(&str, &str)] = &[
                ("x", &n(x0)),
                ("y", &n(self.rail_y)),
                ("width", &n((x1 - x0).max(2.0))),
                ("height", &n(RAIL_H)),
                ("rx", "1.5"),
            ];
            s.open("rect", attrs);
            s.title(&format!(
                "resolved: {} resolutions per replication (an issue that reopens counts at each resolution)",
                per_rep(resolved)
            ));
            s.close("rect");
            let lx = n(LEFT - 6.0);
            let attrs: &[(&str, &str)] = &[
                ("class", "node-label"),
                ("x", &lx),
                ("y", &n(self.rail_y + RAIL_H / 2.0 + 3.0)),
                ("text-anchor", "end"),
            ];
            s.text("text", attrs, "resolved");
            let attrs: &[(&str, &str)] = &[
                ("class", "node-value"),
                ("x", &lx),
                ("y", &n(self.rail_y + RAIL_H / 2.0 + 16.0)),
                ("text-anchor", "end"),
            ];
            s.text("text", attrs, &per_rep(resolved));
            s.close("g");
        }
        for id in (0..self.names.len()).filter(|&id| self.present[id]) {
            self.node(&mut s, id, bottleneck);
        }
        for id in 2..self.names.len() {
            self.level_label(&mut s, id, stagger, bottleneck);
        }
        // The legend: one entry per reason drawn, resolutions apart.
        let mut reasons: Vec<(&str, bool)> = Vec::new();
        for l in &self.links {
            let key = (l.reason.as_str(), l.kind == Kind::Drop);
            if !reasons.contains(&key) {
                reasons.push(key);
            }
        }
        order::sort_by_key(&mut reasons, |&(r, drop)| (drop, reason_rank(r), r.to_string()));
        let mut legend: Vec<Entry> = reasons
            .iter()
            .map(|&(r, drop)| {
                let label = if drop { "resolved".to_string() } else { reason_label(r) };
                Entry::new(Swatch::Box, reason_colour(r, drop), label)
            })
            .collect();
        if bottleneck.is_some() {
            legend.push(Entry::new(Swatch::Outline, "var(--chart-bottleneck)", "bottleneck level"));
        }
        let drawing = Drawing { height: self.height, label: self.summary(), inner: s.0, legend };
        (drawing, self.notes.clone())
    }

    /// The diagram in words, for screen readers.
    fn summary(&self) -> String {
        let mut parts = Vec::new();
        for id in 0..self.names.len() {
            let outs: Vec<String> = self
                .links
                .iter()
                .filter(|l| l.from == id)
                .map(|l| format!("{} to {} ({})", per_rep(l.count), l.to_name, reason_label(&l.reason)))
                .collect();
            if !outs.is_empty() {
                parts.push(format!("from {}: {}", self.names[id], outs.join(", ")));
            }
        }
        format!("Issue flow per replication. {}.", parts.join("; "))
    }
}
