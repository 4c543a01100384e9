//! Where a history's load lies: each group's visits, time held, escalations out and the tickets
//! that start there, and the most common escalation paths.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{TOP, escalated, path};
use crate::engine::history::Ticket;
use crate::engine::order;

/// A group's load over the whole log.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLoad {
    pub group: String,
    pub visits: u64,
    /// Time the group held tickets, summed over its visits, ms; a visit still open counts to the
    /// log's last moment.
    pub held_ms: i64,
    /// Visits followed by one to another group: moves out.
    pub escalations_out: u64,
    /// Tickets whose first visit was here.
    pub starts: u64,
}

/// An escalation path: the groups an escalated ticket went through, in order (see `trends::path`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathCount {
    pub groups: Vec<String>,
    pub tickets: u64,
    /// Of the escalated tickets.
    pub share: f64,
}

/// The top lists.
pub(super) struct Groups {
    pub busiest: Vec<GroupLoad>,
    pub escalating: Vec<GroupLoad>,
    pub starts: Vec<GroupLoad>,
    pub paths: Vec<PathCount>,
}

pub(super) fn of(tickets: &[Ticket]) -> Groups {
    // The log's last moment, for visits still open at its end.
    let last = tickets.iter().flat_map(Ticket::moments).max().unwrap_or(0);
    // Each group's place in `loads`, by name.
    let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
    let mut loads: Vec<GroupLoad> = Vec::new();
    // Paths as their groups joined by NUL, which sorts before every other character and which no
    // name read from a file holds (the reader refuses it): the order is the paths' own.
    let mut paths: BTreeMap<String, u64> = BTreeMap::new();
    let mut escalated_tickets = 0u64;
    for t in tickets {
        for (i, v) in t.visits.iter().enumerate() {
            let at = *groups.entry(&v.group).or_insert_with(|| {
                loads.push(GroupLoad { group: v.group.clone(), ..GroupLoad::default() });
                loads.len() - 1
            });
            let g = &mut loads[at];
            g.visits += 1;
            g.held_ms += (v.left.unwrap_or(last) - v.entered).max(0);
            g.escalations_out += u64::from(t.visits.get(i + 1).is_some_and(|next| next.group != v.group));
            g.starts += u64::from(i == 0);
        }
        if escalated(t) {
            escalated_tickets += 1;
            *paths.entry(path(t).join("\0")).or_default() += 1;
        }
    }
    let all: Vec<GroupLoad> = groups.values().map(|&at| std::mem::take(&mut loads[at])).collect();
    // Ties keep the groups' name order (the map's), the sort being stable.
    let top = |key: &dyn Fn(&GroupLoad) -> (u64, i64)| {
        let mut v: Vec<GroupLoad> = all.iter().filter(|g| key(g).0 > 0).cloned().collect();
        order::sort_by_key(&mut v, |g| std::cmp::Reverse(key(g)));
        v.truncate(TOP);
        v
    };
    let busiest = top(&|g| (g.visits, g.held_ms));
    let escalating = top(&|g| (g.escalations_out, 0));
    let starts = top(&|g| (g.starts, 0));
    let mut paths: Vec<(String, u64)> = paths.into_iter().collect();
    order::sort_by_key(&mut paths, |(_, n)| std::cmp::Reverse(*n));
    paths.truncate(TOP);
    let paths = paths
        .into_iter()
        .map(|(groups, n)| PathCount {
            groups: groups.split('\0').map(str::to_string).collect(),
            tickets: n,
            share: n as f64 / escalated_tickets as f64,
        })
        .collect();
    Groups { busiest, escalating, starts, paths }
}
