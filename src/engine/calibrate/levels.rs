//! Groups of a history mapped to the scenario's levels: merges asked for, a cap on their number
//! (the rest merged into `other`), and their order (given, or from where tickets start and where
//! they go next).

use std::collections::BTreeMap;

use super::Options;
use crate::engine::history::{Outcome, Ticket};
use crate::engine::order;

/// The level `other` that groups beyond the cap are merged into.
pub const OTHER: &str = "other";

/// Groups mapped to levels, and the levels in order.
pub struct Levels {
    /// Group -> level name.
    pub of_group: BTreeMap<String, String>,
    /// Level names, frontline first.
    pub order: Vec<String>,
    pub notes: Vec<String>,
}

impl Levels {
    pub fn of(&self, group: &str) -> &str {
        self.of_group.get(group).map_or(OTHER, String::as_str)
    }

    pub fn index(&self, level: &str) -> usize {
        self.order.iter().position(|l| l == level).unwrap_or(self.order.len())
    }
}

/// A ticket's stays at levels: consecutive visits to groups merged into one level count as one
/// stay (the merge made them one team), a stay after another at the same group stays apart (the
/// app sends an issue back to the same queue for more work).
#[derive(Clone, Debug)]
pub struct Stay {
    pub level: usize,
    pub entered: i64,
    pub started: Option<i64>,
    pub left: Option<i64>,
    pub outcome: Outcome,
}

/// Maps the groups of `tickets` to levels as `options` say.
pub fn map(tickets: &[Ticket], options: &Options) -> Levels {
    let mut notes = Vec::new();
    let mut of_group: BTreeMap<String, String> = BTreeMap::new();
    for (level, groups) in &options.merge {
        for g in groups {
            of_group.insert(g.clone(), level.clone());
        }
        notes.push(format!("Groups {} are merged into the level {level}, as asked.", groups.join(", ")));
    }
    // Visits per level before the cap.
    let mut visits: BTreeMap<String, u64> = BTreeMap::new();
    for v in tickets.iter().flat_map(|t| &t.visits) {
        let level = of_group.get(&v.group).cloned().unwrap_or_else(|| v.group.clone());
        of_group.entry(v.group.clone()).or_insert_with(|| level.clone());
        *visits.entry(level).or_default() += 1;
    }
    let mut busiest: Vec<(&String, &u64)> = visits.iter().collect();
    order::sort_by(&mut busiest, |a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let cap = options.max_levels.max(1);
    if busiest.len() > cap {
        let kept: Vec<String> = busiest[..cap].iter().map(|(l, _)| (*l).clone()).collect();
        let merged: Vec<String> = busiest[cap..].iter().map(|(l, _)| (*l).clone()).collect();
        for level in of_group.values_mut() {
            if !kept.contains(level) {
                OTHER.clone_into(level);
            }
        }
        notes.push(format!(
            "{} groups were seen; the {cap} busiest (by visits) are levels, the other {} ({}) are merged into the level {OTHER}.",
            busiest.len(),
            merged.len(),
            shorten_list(&merged)
        ));
    }
    let mut names: Vec<String> = of_group.values().cloned().collect();
    order::sort(&mut names);
    names.dedup();
    let order = order(tickets, &of_group, &names, options, &mut notes);
    Levels { of_group, order, notes }
}

fn shorten_list(names: &[String]) -> String {
    if names.len() <= 6 { names.join(", ") } else { format!("{}, …", names[..6].join(", ")) }
}

/// The levels' order: the given one (levels it leaves out follow by flow), else the most common
/// first level, then each time the level most tickets went to next from the last one placed,
/// and where none went on, the busiest level left.
fn order(
    tickets: &[Ticket],
    of_group: &BTreeMap<String, String>,
    names: &[String],
    options: &Options,
    notes: &mut Vec<String>,
) -> Vec<String> {
    let level = |g: &str| of_group.get(g).map_or(OTHER, String::as_str).to_string();
    let mut first: BTreeMap<String, u64> = BTreeMap::new();
    let mut moves: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut visits: BTreeMap<String, u64> = BTreeMap::new();
    for t in tickets {
        if let Some(v) = t.visits.first() {
            *first.entry(level(&v.group)).or_default() += 1;
        }
        for pair in t.visits.windows(2) {
            let (a, b) = (level(&pair[0].group), level(&pair[1].group));
            let reopen = matches!(&pair[0].outcome, Outcome::Moved { reason: Some(r) } if r == "reopen");
            if a != b && !reopen {
                *moves.entry((a, b)).or_default() += 1;
            }
        }
        for v in &t.visits {
            *visits.entry(level(&v.group)).or_default() += 1;
        }
    }
    let mut placed: Vec<String> = Vec::new();
    if let Some(given) = &options.order {
        for l in given {
            if names.contains(l) && !placed.contains(l) {
                placed.push(l.clone());
            } else if !names.contains(l) {
                notes.push(format!("The order names {l}, which is not a level of this history: left out."));
            }
        }
        notes.push("The levels' order is the one given.".to_string());
    } else if let Some((l, _)) = most(&first, |_| true) {
        notes.push(format!("{l} is the frontline: most tickets start there."));
        placed.push(l);
    }
    while placed.len() < names.len() {
        let last = placed.last().cloned().unwrap_or_default();
        let next = most(
            &order::map_of(moves.iter().filter(|((a, _), _)| *a == last).map(|((_, b), n)| (b.clone(), *n))),
            |b| !placed.contains(b),
        )
        .or_else(|| most(&visits, |b| !placed.contains(b) && names.contains(b)))
        .map(|(l, _)| l);
        match next {
            Some(l) => placed.push(l),
            None => break,
        }
    }
    for l in names {
        if !placed.contains(l) {
            placed.push(l.clone());
        }
    }
    placed
}

/// The key with the largest count among those `keep` allows; ties go to the first by name.
fn most(counts: &BTreeMap<String, u64>, keep: impl Fn(&String) -> bool) -> Option<(String, u64)> {
    let mut best: Option<(String, u64)> = None;
    for (k, &n) in counts {
        if keep(k) && best.as_ref().is_none_or(|(_, b)| n > *b) {
            best = Some((k.clone(), n));
        }
    }
    best
}

/// A ticket's stays at levels (see `Stay`).
pub fn stays(ticket: &Ticket, levels: &Levels) -> Vec<Stay> {
    let mut out: Vec<Stay> = Vec::new();
    let mut last_group: Option<&str> = None;
    for v in &ticket.visits {
        let level = levels.index(levels.of(&v.group));
        let joins = matches!(out.last(), Some(s) if s.level == level && matches!(&s.outcome, Outcome::Moved { reason } if reason.as_deref() != Some("reopen")))
            && last_group != Some(v.group.as_str());
        if joins && let Some(s) = out.last_mut() {
            s.started = s.started.or(v.started);
            s.left = v.left;
            s.outcome = v.outcome.clone();
        } else {
            out.push(Stay { level, entered: v.entered, started: v.started, left: v.left, outcome: v.outcome.clone() });
        }
        last_group = Some(v.group.as_str());
    }
    out
}
