//! Trends of a ticket history: what a service desk's export says about its volume, escalations,
//! SLA attainment, times to resolve and backlog, bucket by bucket, and where its load lies.
//!
//! `of(tickets, options)` is a pure function of the tickets read by `history::read`: no clock, no
//! file. `of_against(tickets, options, scenario)` is the same with SLA attainment, where the
//! export does not say it, from the scenario's targets and calendars. Buckets are ISO weeks
//! (Monday to Sunday), or days when the tickets were opened over under 21 days, both at the
//! export's UTC offset. A ticket counts in the bucket it was opened in. See `docs/history.md` (Trends) for every figure's definition.
//!
//! - `groups.rs` — the groups' load, escalations out and starts, and the escalation paths;
//! - `targets.rs` — each ticket against a scenario's resolution targets;
//! - `findings.rs` — the figures in sentences, by fixed rules;
//! - `csv.rs` — the trends as CSV tables.

pub mod csv;
mod findings;
mod groups;
mod targets;

use chrono::{DateTime, Datelike};
use serde::{Deserialize, Serialize};

use super::document::Document;
use super::history::Ticket;
use crate::engine::order;

pub use findings::paragraph;
pub use groups::{GroupLoad, PathCount};

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;
/// Opened over fewer days than this, a log is shown per day; else per ISO week.
pub const DAILY_UNDER_DAYS: i64 = 21;
/// How many groups and paths the top lists keep.
pub const TOP: usize = 10;
/// The name a ticket without a priority is counted under.
pub const NO_PRIORITY: &str = "(none)";

/// How to read the tickets' times.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// The export's offset from UTC in minutes east (`60` for UTC+1): where its days and weeks
    /// begin, and the hours of the arrival heatmap.
    pub utc_offset_minutes: i32,
}

/// The length of a bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BucketSize {
    /// A calendar day: the tickets were opened over under 21 days.
    Day,
    /// An ISO week, Monday to Sunday.
    Week,
}

impl BucketSize {
    fn ms(self) -> i64 {
        match self {
            BucketSize::Day => DAY_MS,
            BucketSize::Week => 7 * DAY_MS,
        }
    }

    /// Its name in sentences: "day", "week".
    pub fn name(self) -> &'static str {
        match self {
            BucketSize::Day => "day",
            BucketSize::Week => "week",
        }
    }
}

/// Where SLA attainment comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "source")]
pub enum Sla {
    /// The export says of each ticket whether it met its SLA (`made_sla`).
    Export,
    /// From a scenario's resolution targets, counted on its calendars over each ticket's time
    /// from opened to resolved. `matched`: the priorities (as the tickets count under them) that
    /// are the scenario's; `unmatched`: those that are not, which have no attainment.
    Targets { matched: Vec<String>, unmatched: Vec<String> },
    /// Not known, for the reason given.
    NotKnown { reason: String },
}

/// The figures of the tickets opened in one bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    /// `2016-02-29` for a day, `2016-W09` for a week.
    pub label: String,
    /// Its start and end (exclusive), ms since the epoch, UTC.
    pub start: i64,
    pub end: i64,
    pub opened: u64,
    /// Per priority, in the order of `Trends::priorities`.
    pub opened_per_priority: Vec<u64>,
    /// Tickets with more than one visit: moved to another group at least once.
    pub escalated: u64,
    /// Tickets sent back to a group they had left.
    pub ping_pong: u64,
    pub escalated_share: Option<f64>,
    pub ping_pong_share: Option<f64>,
    /// Per priority, the share of the tickets known to have met their SLA or not that did;
    /// `None` for a priority with no such ticket in the bucket (all `None` where `Trends::sla`
    /// is not known).
    pub attainment: Vec<Option<f64>>,
    /// Tickets with a resolution time.
    pub resolved: u64,
    /// Time from opened to resolved, ms: median and 90th percentile (type 7).
    pub resolve_median_ms: Option<f64>,
    pub resolve_p90_ms: Option<f64>,
    /// Tickets open at the bucket's end: opened before it, not resolved (or closed) before it.
    pub backlog: u64,
}

/// A ticket history's trends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trends {
    pub tickets: u64,
    /// The first and last opening, ms since the epoch, UTC (0 with no ticket).
    pub first_opened: i64,
    pub last_opened: i64,
    pub bucket_size: BucketSize,
    pub utc_offset_minutes: i32,
    /// The priorities as written, sorted; `(none)` for tickets without one. Against a scenario,
    /// a ticket without one that has impact and urgency counts under the priority the scenario's
    /// triage gives them.
    pub priorities: Vec<String>,
    pub buckets: Vec<Bucket>,
    pub sla: Sla,
    /// Over the whole log: attainment per priority, as in the buckets.
    pub attainment: Vec<Option<f64>>,
    pub escalated: u64,
    pub ping_pong: u64,
    pub escalated_share: Option<f64>,
    pub ping_pong_share: Option<f64>,
    pub resolved: u64,
    pub resolve_median_ms: Option<f64>,
    pub resolve_p90_ms: Option<f64>,
    /// Tickets opened by hour of week at the export's offset: 7 rows, Monday first, of 24 hours.
    pub heatmap: Vec<Vec<u64>>,
    /// The groups with the most visits (then time held), at most 10.
    pub busiest_groups: Vec<GroupLoad>,
    /// The groups with the most escalations out, at most 10 (groups with none left out).
    pub escalating_groups: Vec<GroupLoad>,
    /// The groups most tickets start in, at most 10.
    pub start_groups: Vec<GroupLoad>,
    /// The most common escalation paths (tickets with more than one visit), at most 10.
    pub paths: Vec<PathCount>,
    /// What the figures say, a sentence each (see `findings.rs`).
    pub findings: Vec<String>,
}

/// Counts that make a share.
#[derive(Clone, Copy, Default)]
struct Share {
    yes: u64,
    of: u64,
}

impl Share {
    fn add(&mut self, yes: bool) {
        self.of += 1;
        self.yes += u64::from(yes);
    }

    fn value(self) -> Option<f64> {
        (self.of > 0).then(|| self.yes as f64 / self.of as f64)
    }
}

/// A bucket's tallies while the tickets are counted.
#[derive(Clone, Default)]
struct Tally {
    per_priority: Vec<u64>,
    escalated: u64,
    ping_pong: u64,
    sla: Vec<Share>,
    resolve_ms: Vec<i64>,
}

/// The groups a ticket went through, in order: its visits' groups with a stay that follows one
/// at the same group (a reopen where it was resolved) taken as one.
pub fn path(ticket: &Ticket) -> Vec<&str> {
    let mut groups: Vec<&str> = Vec::with_capacity(ticket.visits.len());
    for v in &ticket.visits {
        if groups.last() != Some(&v.group.as_str()) {
            groups.push(&v.group);
        }
    }
    groups
}

/// Whether a ticket went back to a group it had left: a group of its path is one it had been
/// at before the group just before it.
pub fn ping_pong(ticket: &Ticket) -> bool {
    let p = path(ticket);
    (2..p.len()).any(|i| p[..i - 1].contains(&p[i]))
}

/// Whether a ticket was escalated: moved to another group at least once (a visit followed by a
/// visit to another group; a reopen where it was resolved is not one).
pub fn escalated(ticket: &Ticket) -> bool {
    ticket.visits.windows(2).any(|w| w[0].group != w[1].group)
}

/// The trends of `tickets`, SLA attainment from the export's own `made_sla`.
#[must_use]
pub fn of(tickets: &[Ticket], options: Options) -> Trends {
    let priorities: Vec<&str> = tickets.iter().map(|t| t.priority.as_deref().unwrap_or(NO_PRIORITY)).collect();
    let made: Vec<Option<bool>> = tickets.iter().map(|t| t.made_sla).collect();
    let sla = if made.iter().any(Option::is_some) {
        Sla::Export
    } else {
        Sla::NotKnown {
            reason: "no ticket in the export says whether it met its SLA (no made_sla column, or no value in it); \
                     a scenario's targets can give it"
                .to_string(),
        }
    };
    build(tickets, options, &priorities, &made, sla)
}

/// The trends of `tickets` as `of` gives them where the export says whether each ticket met its
/// SLA; otherwise with attainment from `scenario`: each ticket's priority matched to the
/// scenario's by name (the same, else without regard to case; a ticket without one takes what
/// the scenario's triage gives its impact and urgency), and a ticket met its SLA when its time
/// from opened to resolved, counted on the calendar of the SLA policy that applies to it, is
/// within the priority's resolution target. A ticket still open counts as breached once past the
/// target at the log's end, else not at all. `Sla::NotKnown` with the reason where the scenario
/// does not validate, has no resolution target, or shares no priority with the history. See
/// `docs/history.md` (Trends).
#[must_use]
pub fn of_against(tickets: &[Ticket], options: &Options, scenario: &Document) -> Trends {
    if tickets.iter().any(|t| t.made_sla.is_some()) {
        return of(tickets, *options);
    }
    match targets::judge(tickets, scenario) {
        Ok(targets::Judged { priorities, made, matched, unmatched }) => {
            let names: Vec<&str> = priorities.iter().map(String::as_str).collect();
            build(tickets, *options, &names, &made, Sla::Targets { matched, unmatched })
        }
        Err(reason) => {
            let priorities: Vec<&str> = tickets.iter().map(|t| t.priority.as_deref().unwrap_or(NO_PRIORITY)).collect();
            let made = vec![None; tickets.len()];
            build(tickets, *options, &priorities, &made, Sla::NotKnown { reason })
        }
    }
}

/// The trends of `tickets`, each counted under its priority in `names` and with its SLA as in
/// `made` (both one per ticket), attainment from `sla`.
fn build(tickets: &[Ticket], options: Options, names: &[&str], made: &[Option<bool>], sla: Sla) -> Trends {
    let offset = i64::from(options.utc_offset_minutes) * 60_000;
    let first_opened = tickets.iter().map(|t| t.opened).min().unwrap_or(0);
    let last_opened = tickets.iter().map(|t| t.opened).max().unwrap_or(0);
    let bucket_size =
        if last_opened - first_opened < DAILY_UNDER_DAYS * DAY_MS { BucketSize::Day } else { BucketSize::Week };
    let size = bucket_size.ms();
    // Buckets start at local midnight (days) or local Monday midnight (weeks): 1970-01-01 was a
    // Thursday, three days after a Monday.
    let shift = match bucket_size {
        BucketSize::Day => 0,
        BucketSize::Week => 3 * DAY_MS,
    };
    let index = |t: i64| (t + offset + shift).div_euclid(size);
    let first = index(first_opened);
    let count = if tickets.is_empty() { 0 } else { usize::try_from(index(last_opened) - first + 1).unwrap_or(0) };
    let at = |t: i64| usize::try_from(index(t) - first).unwrap_or(0);

    let priorities: Vec<String> = {
        let mut sorted = names.to_vec();
        order::sort_dedup(&mut sorted);
        sorted.into_iter().map(str::to_string).collect()
    };
    // Sorted: a name's place is found by halving, every name being among them.
    let priority_of = |name: &str| priorities.binary_search_by(|p| p.as_str().cmp(name)).unwrap_or(0);
    let sla_known = !matches!(sla, Sla::NotKnown { .. });

    let blank = Tally {
        per_priority: vec![0; priorities.len()],
        sla: vec![Share::default(); priorities.len()],
        ..Tally::default()
    };
    let mut tallies = vec![blank.clone(); count];
    let mut whole = blank;
    let mut heatmap = vec![vec![0u64; 24]; 7];
    for ((t, name), made) in tickets.iter().zip(names).zip(made) {
        let p = priority_of(name);
        let (esc, pp) = (escalated(t), ping_pong(t));
        for tally in [&mut tallies[at(t.opened)], &mut whole] {
            tally.per_priority[p] += 1;
            tally.escalated += u64::from(esc);
            tally.ping_pong += u64::from(pp);
            if let Some(made) = *made {
                tally.sla[p].add(made);
            }
            if let Some(r) = t.resolved.filter(|&r| r >= t.opened) {
                tally.resolve_ms.push(r - t.opened);
            }
        }
        let local = t.opened + offset;
        let weekday = usize::try_from((local.div_euclid(DAY_MS) + 3).rem_euclid(7)).unwrap_or(0);
        let hour = usize::try_from(local.rem_euclid(DAY_MS) / HOUR_MS).unwrap_or(0);
        heatmap[weekday][hour] += 1;
    }

    // Backlog at a moment: tickets opened before it less those ended (resolved, else closed)
    // before it, an end never taken before its opening.
    let mut opens: Vec<i64> = tickets.iter().map(|t| t.opened).collect();
    let mut ends: Vec<i64> = tickets.iter().filter_map(|t| t.resolved.or(t.closed).map(|e| e.max(t.opened))).collect();
    order::sort(&mut opens);
    order::sort(&mut ends);
    let backlog = |moment: i64| (opens.partition_point(|&o| o < moment) - ends.partition_point(|&e| e < moment)) as u64;

    let buckets: Vec<Bucket> = tallies
        .iter_mut()
        .enumerate()
        .map(|(i, tally)| {
            let start = (first + i64::try_from(i).unwrap_or(0)) * size - shift - offset;
            let end = start + size;
            let (opened, ess, pps, attainment, resolved, median, p90) = figures(tally, sla_known);
            Bucket {
                label: label(start + offset, bucket_size),
                start,
                end,
                opened,
                opened_per_priority: tally.per_priority.clone(),
                escalated: tally.escalated,
                ping_pong: tally.ping_pong,
                escalated_share: ess,
                ping_pong_share: pps,
                attainment,
                resolved,
                resolve_median_ms: median,
                resolve_p90_ms: p90,
                backlog: backlog(end),
            }
        })
        .collect();
    let (_, escalated_share, ping_pong_share, attainment, resolved, resolve_median_ms, resolve_p90_ms) =
        figures(&mut whole, sla_known);
    let groups = groups::of(tickets);
    let mut trends = Trends {
        tickets: tickets.len() as u64,
        first_opened,
        last_opened,
        bucket_size,
        utc_offset_minutes: options.utc_offset_minutes,
        priorities,
        buckets,
        sla,
        attainment,
        escalated: whole.escalated,
        ping_pong: whole.ping_pong,
        escalated_share,
        ping_pong_share,
        resolved,
        resolve_median_ms,
        resolve_p90_ms,
        heatmap,
        busiest_groups: groups.busiest,
        escalating_groups: groups.escalating,
        start_groups: groups.starts,
        paths: groups.paths,
        findings: Vec::new(),
    };
    trends.findings = findings::findings(&trends);
    trends
}

/// Opened, escalated and ping-pong shares, attainment per priority, resolved, and the median and
/// 90th percentile time to resolve of a tally.
#[allow(clippy::type_complexity, reason = "one tuple of a tally's figures, taken apart at once by both callers")]
fn figures(
    tally: &mut Tally,
    sla_known: bool,
) -> (u64, Option<f64>, Option<f64>, Vec<Option<f64>>, u64, Option<f64>, Option<f64>) {
    let opened: u64 = tally.per_priority.iter().sum();
    let share = |n: u64| (opened > 0).then(|| n as f64 / opened as f64);
    let attainment = tally.sla.iter().map(|s| if sla_known { s.value() } else { None }).collect();
    order::sort(&mut tally.resolve_ms);
    let r = &tally.resolve_ms;
    (
        opened,
        share(tally.escalated),
        share(tally.ping_pong),
        attainment,
        r.len() as u64,
        quantile(r, 0.5),
        quantile(r, 0.9),
    )
}

/// The `q` quantile of a sorted sample by linear interpolation between order statistics (type 7,
/// the engine's convention: numpy's default).
#[must_use]
pub fn quantile(sorted: &[i64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q * (sorted.len() - 1) as f64;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "pos is in [0, len - 1]")]
    let k = pos.floor() as usize;
    let lo = sorted[k] as f64;
    let hi = sorted[(k + 1).min(sorted.len() - 1)] as f64;
    Some(lo + (pos - k as f64) * (hi - lo))
}

/// A bucket's label from its local start.
fn label(local_start: i64, size: BucketSize) -> String {
    let Some(date) = DateTime::from_timestamp_millis(local_start).map(|d| d.date_naive()) else {
        return local_start.to_string();
    };
    match size {
        BucketSize::Day => date.to_string(),
        BucketSize::Week => {
            let w = date.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
    }
}

/// A local date `YYYY-MM-DD` of a moment, at an offset in minutes.
#[must_use]
pub fn local_date(t: i64, utc_offset_minutes: i32) -> String {
    label(t + i64::from(utc_offset_minutes) * 60_000, BucketSize::Day)
}
