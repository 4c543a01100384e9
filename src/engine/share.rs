//! Share links: a whole scenario (its seed included) in the fragment of a URL, so that a link
//! reproduces the exact run anywhere, with no server.
//!
//! A link's fragment is `s=<version>.<payload>`, the payload in unpadded base64url:
//! - version 2 (written): the scenario's compact JSON, compressed as the continuation of a zlib
//!   stream that began with `DICTIONARY_2` (the words and JSON shapes every scenario repeats, so
//!   that even a short scenario compresses well); the stream's Adler-32 checksum catches a
//!   damaged link. The dictionary is part of the format: it never changes (another dictionary
//!   would be another version).
//! - version 1 (read): the JSON itself, readable by any tool.
//!
//! Decoding never trusts the link: its length is capped before anything is decoded, and the
//! decompressed size is capped while inflating, so no link can make the page hang or run out of
//! memory (no decompression bomb). What comes out is only text: the caller parses and validates
//! it like an imported file.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use miniz_oxide::deflate::core::{CompressorOxide, TDEFLFlush, compress_to_output, create_comp_flags_from_zip_params};
use miniz_oxide::inflate::TINFLStatus;

use super::sweep::Knob;

/// The version this code writes.
pub const LINK_VERSION: u32 = 2;
/// The longest fragment read, in characters.
pub const MAX_LINK: usize = 200_000;
/// The largest scenario a link may unpack to, in bytes.
pub const MAX_SCENARIO: usize = 1 << 20;
/// What precedes the payload in a URL fragment.
pub const PREFIX: &str = "s=";

/// Why a link could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError(pub String);

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn error(message: impl Into<String>) -> LinkError {
    LinkError(message.into())
}

/// What scenarios repeat, in version 2 links: JSON shapes and keys of the scenario format and
/// words of their descriptions (the most common last, where references to them are shortest).
const DICTIONARY_2: &str = concat!(
    " issues are escalated to a team of specialists; the first level resolves most of them. ",
    "Assumed figures: about issues a week, an hour on average, minutes, hours, business days ",
    "(weekdays 09:00–17:00, so 8 h is one day). Times are elapsed handling times. Customer ",
    "complaints, incidents, requests, disputes go to the manager; what they cannot settle ",
    r#"{"triage":{"impact":{"high":0.2,"medium":0.3,"low":0.5},"urgency":{"high":0.2,"medium":0.3,"low":0.5},"matrix":"#,
    r#"{"bursts":[{"at":"","duration":"","arrivals_per_hour":,"category":""}],"scheduled":[{"#,
    r#""attributes":[{"name":"account","values":{"standard":0.8,"business":0.2}}],"#,
    r#""reopen":{"probability":0.05,"after":{"dist":"exponential","mean":"2d"}},"#,
    r#""triggers":[{"name":" waiting for ","when":{"queue_wait_over":{"P1":"10m","P2":"30m","P3":"2h","P4":"8h"}},"#,
    r#""levels":[""],"then":"escalate_next"},{"name":"","when":{"open_longer_than":{"after":"24h","calendar":""}},"#,
    r#""then":{"escalate_to":""}},{"name":"resolution at risk","when":{"sla_elapsed":{"target":"resolution","fraction":0.8}},"then":{"notify":""}}],"#,
    r#""calendars":[{"name":"business_days","hours":[{"days":["weekdays"],"from":"09:00","to":"17:00"}],"holidays":["2026-"]}],"#,
    r#""sla":[{"name":"","calendar":"","targets":{"P1":{"first_response":"15m","resolution":"4h"},"P2":{"first_response":"1h","resolution":"8h"},"#,
    r#""P3":{"first_response":"4h","resolution":"24h"},"P4":{"first_response":"8h","resolution":"5d"}}}],"#,
    r#""workload":{"arrivals_per_hour":,"hour_of_day":[0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,0],"day_of_week":[1,1,1,1,1,0,0]"#,
    r#","priority_mix":{"P1":0.05,"P2":0.15,"P3":0.5,"P4":0.3}},"#,
    r#""categories":[{"name":"general","share":1,"path":["L1","L2","L3"],"entry":{"P1":"L2"},"priority_mix":{"#,
    r#""levels":[{"name":"L1","role":"frontline","staff":10,"shifts":[{"days":["weekdays"],"from":"08:00","to":"18:00","staff":}],"#,
    r#""service":{"dist":"exponential","mean":"10m"},"resolve_probability":0.6,"handoff":{"dist":"lognormal","mean":"5m","cv":0.5}},"#,
    r#"{"name":"L2","role":"specialist","staff":,"service":{"dist":"gamma","mean":"1h","shape":2},"resolve_probability":0.8,"overrides":"#,
    r#"{"version":1,"name":"","description":"","clock":{"start":"2026-01-05T00:00:00+00:00"},"#,
    r#""priorities":[{"name":"P1","label":"Critical"},{"name":"P2","label":"High"},{"name":"P3","label":"Medium"},{"name":"P4","label":"Low"}],"#,
    r#""run":{"horizon":"1000h","warmup":"100h","replications":5,"seed":1,"end":"drain"}}"#,
);

/// The start of a version 2 stream: the zlib header and `DICTIONARY_2`, ending on a byte
/// boundary (a sync flush), with the compressor that continues into the scenario.
fn dictionary_2() -> (Vec<u8>, Box<CompressorOxide>) {
    // Level 10, zlib framing, default strategy (as `compress_to_vec_zlib(_, 10)`).
    let flags = create_comp_flags_from_zip_params(10, 15, 0);
    let mut c = Box::new(CompressorOxide::new(flags));
    let mut out = Vec::new();
    compress_to_output(&mut c, DICTIONARY_2.as_bytes(), TDEFLFlush::Sync, |b| {
        out.extend_from_slice(b);
        true
    });
    (out, c)
}

/// The fragment (without `#`) of a link to the scenario whose JSON text is `json`.
pub fn encode(json: &str) -> String {
    let (start, mut c) = dictionary_2();
    let mut out = start.clone();
    compress_to_output(&mut c, json.as_bytes(), TDEFLFlush::Finish, |b| {
        out.extend_from_slice(b);
        true
    });
    format!("{PREFIX}{LINK_VERSION}.{}", URL_SAFE_NO_PAD.encode(&out[start.len()..]))
}

/// [`encode`], refusing what [`decode`] would refuse: a scenario over 1 MB, or a link over
/// [`MAX_LINK`] characters. The message says which and by how much.
pub fn encode_within_limits(json: &str) -> Result<String, String> {
    if json.len() > MAX_SCENARIO {
        return Err(format!(
            "the scenario is {} bytes as compact JSON; a link carries at most {MAX_SCENARIO} (1 MB)",
            json.len()
        ));
    }
    let fragment = encode(json);
    if fragment.len() > MAX_LINK {
        return Err(format!("the link would be {} characters; links open up to {MAX_LINK}", fragment.len()));
    }
    Ok(fragment)
}

/// Whether a URL fragment (without `#`) carries a scenario at all.
pub fn is_link(fragment: &str) -> bool {
    fragment.starts_with(PREFIX)
}

/// The scenario JSON text a link's fragment (without `#`) carries.
pub fn decode(fragment: &str) -> Result<String, LinkError> {
    if fragment.len() > MAX_LINK {
        return Err(error(format!(
            "the link is too long to be a scenario ({} characters; at most {MAX_LINK})",
            fragment.len()
        )));
    }
    let rest = fragment
        .strip_prefix(PREFIX)
        .ok_or_else(|| error("the link carries no scenario (its part after # should start with s=)"))?;
    let (version, payload) =
        rest.split_once('.').ok_or_else(|| error("the link is damaged: it has no version (s=2.… is expected)"))?;
    let version: u32 = version
        .parse()
        .map_err(|_| error(format!("the link is damaged: \"{}\" is not a version number", clip(version))))?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).map_err(|e| {
        error(match e {
            base64::DecodeError::InvalidByte(at, byte) => {
                format!(
                    "the link is damaged: character {} (\"{}\") cannot be part of it",
                    at + 1,
                    char::from(byte).escape_default()
                )
            }
            _ => {
                "the link is cut short or damaged: its last characters are not whole (copy the whole link)".to_string()
            }
        })
    })?;
    let text = match version {
        1 => {
            if bytes.len() > MAX_SCENARIO {
                return Err(too_big());
            }
            bytes
        }
        2 => {
            let mut stream = dictionary_2().0;
            stream.extend_from_slice(&bytes);
            let limit = DICTIONARY_2.len() + MAX_SCENARIO;
            let mut text = unpack(&stream, limit)?;
            text.drain(..DICTIONARY_2.len().min(text.len()));
            text
        }
        0 => {
            return Err(error(format!(
                "the link is damaged: link format 0 was never made (this version reads 1 to {LINK_VERSION})"
            )));
        }
        v => {
            return Err(error(format!(
                "the link was made by a newer version of Escalation Lab (link format {v}; this one reads 1 to {LINK_VERSION})"
            )));
        }
    };
    String::from_utf8(text).map_err(|_| error("the link is damaged: its scenario is not text"))
}

/// Inflates a zlib stream to at most `limit` bytes.
fn unpack(stream: &[u8], limit: usize) -> Result<Vec<u8>, LinkError> {
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(stream, limit).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => too_big(),
        TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
            error("the link is cut short: part of its scenario is missing (copy the whole link)")
        }
        TINFLStatus::Adler32Mismatch => error("the link is damaged: its checksum does not match its contents"),
        _ => error("the link is damaged: its scenario cannot be unpacked"),
    })
}

fn too_big() -> LinkError {
    error(format!("the link's scenario is larger than {} MB when unpacked, so it is not read", MAX_SCENARIO >> 20))
}

/// At most 20 characters of untrusted text, for a message.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(20).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

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
            Some((r, s)) => (r.to_string(), s.trim().parse::<f64>().map_err(|_| bad())?),
            None => (range, 1.0),
        };
        let (min, max) = range.split_once("..").ok_or_else(bad)?;
        let (min, max): (f64, f64) = (min.trim().parse().map_err(|_| bad())?, max.trim().parse().map_err(|_| bad())?);
        Slider::new(knob, min, max, step).map_err(|_| bad())
    }

    /// A slider for `knob` in `doc` whose range holds the scenario's own value on one of its
    /// steps, with room on both sides (staff: down to none left, or 2 fewer, and 4 more); `None`
    /// when the scenario has nothing the knob moves.
    pub fn suggested(knob: &Knob, doc: &super::Document) -> Option<Slider> {
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
pub fn slider_knobs(doc: &super::Document) -> Vec<Knob> {
    use super::document::ConditionDoc;
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
    /// Chart names from [`EMBED_CHARTS`], in the order given.
    pub charts: Vec<String>,
    /// No way into the full editor.
    pub readonly: bool,
    pub sliders: Vec<Slider>,
}

impl Default for Embed {
    fn default() -> Embed {
        Embed {
            charts: vec!["summary".into(), "kpi".into(), "utilization".into()],
            readonly: false,
            sliders: Vec::new(),
        }
    }
}

impl Embed {
    /// Whether every slider fits `doc`: what it moves exists, and its range holds the
    /// scenario's own value, so that the slider's starting position is the run the charts show.
    pub fn check_against(&self, doc: &super::Document) -> Result<(), String> {
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
        for (k, v) in &pairs {
            match k.as_str() {
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
                    }
                }
                "readonly" => embed.readonly = v != "0",
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
        Some(Ok(embed))
    }

    /// The query string (without `?`) that asks for this embed.
    pub fn to_query(&self) -> String {
        let mut out = format!("embed=1&charts={}", self.charts.join(","));
        if self.readonly {
            out.push_str("&readonly=1");
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
