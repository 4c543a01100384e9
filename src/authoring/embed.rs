//! What an embed address asks for (`?embed=1&charts=kpi,utilization&readonly=1&slider=…`): what
//! it shows (charts, the matrix, the rules or Try an issue with a chosen issue), whether it leads
//! into the full editor, and up to four sliders, each a knob of the scenario
//! (`engine::sweep::Knob`) with the range it moves over. The scenario itself travels in the
//! address's fragment, as a share link (`engine::share`), or is a JSON file beside the page
//! (`src=`).
//!
//! A slider reads and writes its text (`staff:LEVEL:-2..4:1`) from the end, so that names keep
//! their spaces and colons; in the address it is percent-encoded.

use crate::engine::Document;
use crate::engine::number::parse;
use crate::engine::sweep::Knob;
use crate::engine::walk::WalkThrough;

#[cfg(test)]
mod tests;
mod view;

use view::check_issue;
pub use view::{View, issue_from_text, issue_text, read_source, source_allowed};

/// The charts an embed can show, by the name its address uses.
pub const EMBED_CHARTS: [(&str, &str); 9] = [
    ("summary", "the bottleneck in a sentence"),
    ("kpi", "SLA attainment per priority"),
    ("utilization", "utilization per level"),
    ("flow", "flow of issues between levels"),
    ("queue", "queues over time"),
    ("resolution", "resolution times"),
    ("heatmap", "breaches by hour of week"),
    ("journeys", "sampled journeys"),
    ("rules", "rule and trigger firings"),
];

/// The `type` of the message an embed posts to the page around it whenever its content's height
/// changes: `{ type: "escalation-lab:height", height }`, the height in CSS pixels (an integer).
pub const HEIGHT_MESSAGE: &str = "escalation-lab:height";

/// The most sliders an embed takes.
pub const MAX_SLIDERS: usize = 4;

/// A slider of an embed: a knob and the range it moves over.
#[derive(Clone, Debug, PartialEq)]
pub struct Slider {
    pub knob: Knob,
    pub min: f64,
    pub max: f64,
    pub step: f64,
}

impl Slider {
    /// A slider over `min..max` by `step`, if that is a range a slider can move over: finite,
    /// rising, with a step above 0 and at most 1000 steps.
    pub fn new(knob: Knob, min: f64, max: f64, step: f64) -> Result<Slider, String> {
        let steps = (max - min) / step;
        if !(min.is_finite() && max.is_finite() && step.is_finite()) {
            return Err("from, to and step must be numbers".into());
        }
        if !(step > 0.0 && max > min) {
            return Err("give from below to, and a step above 0".into());
        }
        if steps > 1000.0 {
            return Err(format!("{} steps from {min} to {max}; at most 1000", steps.ceil()));
        }
        Ok(Slider { knob, min, max, step })
    }

    /// The slider as people write it: `KNOB:FROM..TO:STEP` (see [`Slider::parse`]).
    pub fn to_text(&self) -> String {
        format!("{}:{}..{}:{}", knob_text(&self.knob), self.min, self.max, self.step)
    }

    /// Reads `KNOB:FROM..TO` or `KNOB:FROM..TO:STEP`, the knob `staff:LEVEL`, `rate` or
    /// `timer:TRIGGER:PRIORITY`. Names are read as written, spaces and colons included: the text
    /// is read from its end (step, range, then the priority of a timer), so whatever is left is
    /// the name.
    pub fn parse(text: &str) -> Result<Slider, String> {
        let text = text.trim();
        let bad = || {
            format!(
                "\"{text}\" is not a slider; write staff:LEVEL:-2..4, rate:60..180:10 or timer:TRIGGER:PRIORITY:5..60:5"
            )
        };
        let (knob, range) = match text.rsplit_once(':') {
            Some((k, r)) if r.contains("..") => (k, r.to_string()),
            Some((k, step)) => {
                let (k, r) = k.rsplit_once(':').ok_or_else(bad)?;
                (k, format!("{r}:{step}"))
            }
            None => return Err(bad()),
        };
        let knob = knob_of(knob)?;
        let (range, step) = match range.split_once(':') {
            Some((r, s)) => (r.to_string(), parse(s.trim()).ok_or_else(bad)?),
            None => (range, 1.0),
        };
        let (min, max) = range.split_once("..").ok_or_else(bad)?;
        let (min, max): (f64, f64) = (parse(min.trim()).ok_or_else(bad)?, parse(max.trim()).ok_or_else(bad)?);
        Slider::new(knob, min, max, step).map_err(|_| bad())
    }

    /// A slider for `knob` in `doc` whose range holds the scenario's own value on one of its
    /// steps, with room on both sides (staff: down to none left, or 2 fewer, and 4 more); `None`
    /// when the scenario has nothing the knob moves.
    pub fn suggested(knob: &Knob, doc: &Document) -> Option<Slider> {
        let now = knob.current(doc)?;
        knob.apply(doc, now).ok()?;
        let (min, max, step) = match knob {
            Knob::ExtraStaff { level } => {
                let l = doc.levels.iter().find(|l| l.name == *level)?;
                let least = l.staff.unwrap_or_else(|| l.shifts.iter().map(|s| s.staff).min().unwrap_or(0));
                (-f64::from(least.min(2)), 4.0, 1.0)
            }
            _ => {
                let step = nice_step(now / 10.0);
                let below = (1..=5).rev().map(|k| round6(now - f64::from(k) * step)).find(|&v| v > 0.0);
                (below.unwrap_or(now), round6(now + 5.0 * step), step)
            }
        };
        Slider::new(knob.clone(), min, max, step).ok()
    }
}

/// The smallest of 0.001, 0.002, 0.005, 0.01, … that is at least `raw` (1 for what is not a
/// positive number).
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mut decade = 0.001;
    while decade < 1e12 {
        for m in [1.0, 2.0, 5.0] {
            if round6(decade * m) >= raw {
                return round6(decade * m);
            }
        }
        decade *= 10.0;
    }
    decade
}

/// `x` to 6 decimals, so that sums of steps print as written (`0.3`, not `0.30000000000000004`).
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// What a slider can move in a scenario: staff at each level, the arrival rate, and each
/// priority's threshold of each waiting or time-at-level trigger, in the scenario's order.
pub fn slider_knobs(doc: &Document) -> Vec<Knob> {
    use crate::engine::document::ConditionDoc;
    let mut out: Vec<Knob> = doc.levels.iter().map(|l| Knob::ExtraStaff { level: l.name.clone() }).collect();
    out.push(Knob::ArrivalRate);
    for t in &doc.triggers {
        if let ConditionDoc::QueueWaitOver(m) | ConditionDoc::TimeAtLevelOver(m) = &t.when {
            out.extend(m.keys().map(|p| Knob::Timer { trigger: t.name.clone(), priority: p.clone() }));
        }
    }
    out
}

/// A knob as a slider's text writes it: `staff:LEVEL`, `rate`, `timer:TRIGGER:PRIORITY`.
pub fn knob_text(knob: &Knob) -> String {
    match knob {
        Knob::ExtraStaff { level } => format!("staff:{level}"),
        Knob::ArrivalRate => "rate".into(),
        Knob::Timer { trigger, priority } => format!("timer:{trigger}:{priority}"),
    }
}

/// Reads a knob as [`knob_text`] writes it. A level's or trigger's name is everything between
/// the first colon and the range (a timer's priority, the last part, holds no colon), so names
/// with spaces or colons read back whole.
fn knob_of(text: &str) -> Result<Knob, String> {
    let bad = || format!("\"{text}\" is not a parameter; use staff:LEVEL, rate or timer:TRIGGER:PRIORITY");
    match text.split_once(':') {
        None if text.trim() == "rate" => Ok(Knob::ArrivalRate),
        Some(("staff", level)) if !level.is_empty() => Ok(Knob::ExtraStaff { level: level.into() }),
        Some(("timer", rest)) => match rest.rsplit_once(':') {
            Some((t, p)) if !t.is_empty() && !p.is_empty() => Ok(Knob::Timer { trigger: t.into(), priority: p.into() }),
            _ => Err(bad()),
        },
        _ => Err(bad()),
    }
}

/// Sliders written one per line (blank lines skipped), at most [`MAX_SLIDERS`]; an error names
/// the line.
pub fn sliders_from_text(text: &str) -> Result<Vec<Slider>, String> {
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty()).collect();
    if lines.len() > MAX_SLIDERS {
        return Err(format!("{} sliders; an embed takes at most {MAX_SLIDERS}", lines.len()));
    }
    lines
        .into_iter()
        .map(|(n, l)| Slider::parse(l).map_err(|e| if text.lines().count() > 1 { format!("line {n}: {e}") } else { e }))
        .collect()
}

/// The address of the page itself, without its query and fragment: where an embed's `<iframe>`
/// points and where its link into the full app goes. Built from the whole address, not from
/// origin and path, because a page opened from `file://` has no origin (`null`).
pub fn page_address(href: &str) -> &str {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    &href[..end]
}

/// The link into the full app from an embed on the page at `href`: the same page (the folder's
/// index, or `standalone.html` itself) without the embed's query, with the scenario's fragment.
pub fn full_app_link(href: &str, fragment: &str) -> String {
    format!("{}#{fragment}", page_address(href))
}

/// What an embed address (`?embed=1&charts=kpi,utilization&readonly=1&slider=staff:L2:-2..4`)
/// asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Embed {
    /// What it shows above the charts.
    pub view: View,
    /// The matrix or the rules can be changed in place, and the charts follow (`edit=1`).
    pub editable: bool,
    /// Try an issue's issue (`issue=category:billing,priority:P1,at:2h,seed:3,customer:vip`).
    pub issue: Option<WalkThrough>,
    /// Chart names from [`EMBED_CHARTS`], in the order given.
    pub charts: Vec<String>,
    /// No way into the full editor.
    pub readonly: bool,
    pub sliders: Vec<Slider>,
    pub theme: Theme,
    /// A scenario file to read (`src=scenarios/desk.json`), relative to the page, instead of
    /// the fragment's.
    pub src: Option<String>,
}

/// The colours an embed uses: the visitor's system choice (`auto`), or the page's own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// Every theme with the name its address uses.
    pub const ALL: [(Theme, &'static str); 3] = [(Theme::Auto, "auto"), (Theme::Light, "light"), (Theme::Dark, "dark")];

    pub fn name(self) -> &'static str {
        Theme::ALL.iter().find(|(t, _)| *t == self).map_or("auto", |(_, n)| n)
    }
}

impl Default for Embed {
    fn default() -> Embed {
        Embed {
            view: View::Charts,
            editable: false,
            issue: None,
            charts: vec!["summary".into(), "kpi".into(), "utilization".into()],
            readonly: false,
            sliders: Vec::new(),
            theme: Theme::Auto,
            src: None,
        }
    }
}

impl Embed {
    /// Whether every slider fits `doc`: what it moves exists, and its range holds the
    /// scenario's own value, so that the slider's starting position is the run the charts show.
    pub fn check_against(&self, doc: &Document) -> Result<(), String> {
        if let Some(issue) = &self.issue {
            check_issue(issue, doc)?;
        }
        for (i, s) in self.sliders.iter().enumerate() {
            let what = format!("slider {} ({})", i + 1, s.knob.describe());
            let Some(now) = s.knob.current(doc) else {
                return Err(format!("{what}: the scenario has no such value to move"));
            };
            s.knob.apply(doc, now).map_err(|e| format!("{what}: {e}"))?;
            if !(s.min..=s.max).contains(&now) {
                return Err(format!(
                    "{what}: the range {}..{} leaves out the scenario's own value, {now}; include it",
                    s.min, s.max
                ));
            }
        }
        Ok(())
    }

    /// The embed a page's query string (without `?`) asks for, or `None` when it asks for none.
    /// Unknown parameters are ignored (the host page may add its own); bad values are errors.
    pub fn from_query(query: &str) -> Option<Result<Embed, String>> {
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (unescape(k), unescape(v))
            })
            .collect();
        if !pairs.iter().any(|(k, v)| k == "embed" && v != "0") {
            return None;
        }
        let mut embed = Embed::default();
        let mut charts_given = false;
        for (k, v) in &pairs {
            match k.as_str() {
                "view" => match View::ALL.iter().find(|(_, n)| n == v) {
                    Some((view, _)) => embed.view = *view,
                    None => {
                        return Some(Err(format!(
                            "the embed asks for an unknown view \"{v}\" (views: charts, matrix, rules, try)"
                        )));
                    }
                },
                "edit" => embed.editable = v != "0",
                "issue" => {
                    // Split before decoding, so that an encoded comma or colon stays in its name.
                    let raw = query.split('&').find_map(|p| p.strip_prefix("issue=")).unwrap_or_default();
                    match issue_from_text(raw) {
                        Ok(issue) => embed.issue = Some(issue),
                        Err(e) => return Some(Err(e)),
                    }
                }
                "src" => {
                    if v.trim().is_empty() {
                        return Some(Err("src= names no file".into()));
                    }
                    embed.src = Some(v.clone());
                }
                "charts" => {
                    let names: Vec<String> = v.split(',').filter(|n| !n.is_empty()).map(str::to_string).collect();
                    if let Some(bad) = names.iter().find(|n| !EMBED_CHARTS.iter().any(|(c, _)| c == n)) {
                        let known: Vec<&str> = EMBED_CHARTS.iter().map(|(c, _)| *c).collect();
                        return Some(Err(format!(
                            "the embed asks for an unknown chart \"{bad}\" (charts: {})",
                            known.join(", ")
                        )));
                    }
                    if !names.is_empty() {
                        embed.charts = names;
                        charts_given = true;
                    }
                }
                "readonly" => embed.readonly = v != "0",
                "theme" => match Theme::ALL.iter().find(|(_, n)| n == v) {
                    Some((t, _)) => embed.theme = *t,
                    None => {
                        return Some(Err(format!(
                            "the embed asks for an unknown theme \"{v}\" (themes: auto, light, dark)"
                        )));
                    }
                },
                "slider" => {
                    if embed.sliders.len() == MAX_SLIDERS {
                        return Some(Err(format!("an embed takes at most {MAX_SLIDERS} sliders")));
                    }
                    match Slider::parse(v) {
                        Ok(s) => embed.sliders.push(s),
                        Err(e) => return Some(Err(e)),
                    }
                }
                _ => {}
            }
        }
        // Another view shows the charts the address names, and none unless it names some.
        if embed.view != View::Charts && !charts_given {
            embed.charts.clear();
        }
        if embed.issue.is_some() && embed.view != View::Try {
            return Some(Err("issue= chooses Try an issue's issue: use it with view=try".into()));
        }
        if embed.editable && !matches!(embed.view, View::Matrix | View::Rules) {
            return Some(Err(
                "edit=1 lets the reader change the matrix or the rules: use it with view=matrix or view=rules".into(),
            ));
        }
        Some(Ok(embed))
    }

    /// The code a writer pastes: the `<iframe>` for `page` (the app's address without query or
    /// fragment) with the scenario's `fragment`, titled `title`, and the lines of script that
    /// size the frame to its content from the embed's [`HEIGHT_MESSAGE`]s, taking only those that
    /// come from this frame (the message's source is the frame's window, whatever its origin:
    /// `file://` pages included).
    pub fn snippet(&self, page: &str, fragment: &str, title: &str) -> String {
        let title = title.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
        format!(
            "<iframe src=\"{page}?{}#{fragment}\" title=\"{title}\" width=\"100%\" height=\"720\" style=\"border:0\" loading=\"lazy\"></iframe>\n\
             <script>(() => {{\n\
             \x20 const frame = document.currentScript.previousElementSibling;\n\
             \x20 addEventListener('message', (e) => {{\n\
             \x20   if (e.source === frame.contentWindow && e.data && e.data.type === '{HEIGHT_MESSAGE}') frame.style.height = `${{e.data.height}}px`;\n\
             \x20 }});\n\
             }})();</script>",
            self.to_query()
        )
    }

    /// The query string (without `?`) that asks for this embed.
    pub fn to_query(&self) -> String {
        let mut out = "embed=1".to_string();
        if self.view != View::Charts {
            out.push_str(&format!("&view={}", self.view.name()));
        }
        if self.editable {
            out.push_str("&edit=1");
        }
        if let Some(issue) = &self.issue {
            out.push_str(&format!("&issue={}", issue_text(issue)));
        }
        if !self.charts.is_empty() {
            out.push_str(&format!("&charts={}", self.charts.join(",")));
        }
        if let Some(src) = &self.src {
            out.push_str(&format!("&src={}", escape(src)));
        }
        if self.readonly {
            out.push_str("&readonly=1");
        }
        if self.theme != Theme::Auto {
            out.push_str(&format!("&theme={}", self.theme.name()));
        }
        for s in &self.sliders {
            out.push_str(&format!("&slider={}", escape(&s.to_text())));
        }
        out
    }
}

/// Percent-decoding of a query part (`+` is a space); bytes that do not decode stay as they are.
fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit() => {
                let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                out.push(hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encoding of everything but unreserved characters and `:`.
fn escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b':' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
