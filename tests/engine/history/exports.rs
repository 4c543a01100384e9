//! Real and hand-written exports of each known layout, and a mapped CSV, read into the tickets
//! they describe.

use std::collections::BTreeMap;

use escalation_lab::engine::history::{
    Clock, DateFormat, Delimiter, Encoding, Layout, Outcome, ReadOptions, Separator, Ticket, Visit,
};

use super::{fixture, ms, read};

/// The groups a ticket passed through, consecutive repeats merged.
fn distinct_consecutive(t: &Ticket) -> Vec<&str> {
    let mut groups: Vec<&str> = t.visits.iter().map(|v| v.group.as_str()).collect();
    groups.dedup();
    groups
}

fn counts<'a>(values: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    let mut m = BTreeMap::new();
    for v in values {
        *m.entry(v).or_default() += 1;
    }
    m
}

#[test]
fn the_servicenow_sample_gives_the_readmes_figures() {
    let read = read(&fixture("servicenow-incidents-sample.csv"), &ReadOptions::default());
    let d = &read.detected;
    assert_eq!((d.layout, d.delimiter, d.encoding), (Layout::ServiceNow, Delimiter::Comma, Encoding::Utf8));
    let dmy = DateFormat::DayMonthYear { separator: Separator::Dash, clock: Clock::H24 };
    let formats: Vec<(&str, Option<DateFormat>)> = d.dates.iter().map(|c| (c.column.as_str(), c.format)).collect();
    assert_eq!(
        formats,
        [("sys_updated_at", Some(dmy)), ("opened_at", Some(dmy)), ("resolved_at", Some(dmy)), ("closed_at", Some(dmy))]
    );
    assert!(d.dates.iter().all(|c| !c.ambiguous));
    // 5,998 audit events, every one used.
    assert_eq!((read.rows, read.used), (5998, 5998));
    assert!(read.skipped.is_empty(), "{:?}", read.skipped);
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);

    let tickets = &read.tickets;
    assert_eq!(tickets.len(), 890);
    let priorities = counts(tickets.iter().map(|t| t.priority.as_deref().unwrap_or("none")));
    assert_eq!(
        priorities,
        BTreeMap::from([("1 - Critical", 15), ("2 - High", 33), ("3 - Moderate", 757), ("4 - Low", 85)])
    );
    let made = counts(tickets.iter().map(|t| match t.made_sla {
        Some(true) => "TRUE",
        Some(false) => "FALSE",
        None => "none",
    }));
    assert_eq!(made, BTreeMap::from([("FALSE", 395), ("TRUE", 495)]));
    let groups = counts(tickets.iter().flat_map(|t| t.visits.iter().map(|v| v.group.as_str())));
    // The README's 62 counts `?`, the export's mark for no group, among the values.
    assert_eq!(groups.len(), 61);
    assert!(!groups.contains_key("?"));
    let by_length = counts(tickets.iter().map(|t| match distinct_consecutive(t).len() {
        0 => "none",
        1 => "1",
        2 => "2",
        3 => "3",
        4 => "4",
        _ => "5+",
    }));
    assert_eq!(by_length, BTreeMap::from([("1", 506), ("2", 201), ("3", 89), ("4", 34), ("5+", 57), ("none", 3)]));
    let first_groups = counts(tickets.iter().filter_map(|t| t.visits.first().map(|v| v.group.as_str())));
    assert_eq!(first_groups["Group 70"], 352);
}

#[test]
fn a_servicenow_incident_is_its_updates_in_time_order() {
    let read = read(&fixture("servicenow-incidents-sample.csv"), &ReadOptions::default());
    let t = |id: &str| read.tickets.iter().find(|t| t.id == id).unwrap_or_else(|| panic!("{id}"));
    // Rows 2-5: New, Resolved (08:53), Resolved (11:29), Closed; all with Group 56.
    let inc45 = t("INC0000045");
    assert_eq!(
        (inc45.opened, inc45.resolved, inc45.closed),
        (ms("2016-02-29 01:16"), Some(ms("2016-02-29 11:29")), Some(ms("2016-03-05 12:00")))
    );
    assert_eq!(
        inc45.visits,
        [Visit {
            group: "Group 56".into(),
            entered: ms("2016-02-29 01:16"),
            started: None,
            left: Some(ms("2016-02-29 08:53")),
            outcome: Outcome::Resolved,
        }]
    );
    assert_eq!(
        (inc45.priority.as_deref(), inc45.impact.as_deref(), inc45.urgency.as_deref()),
        (Some("3 - Moderate"), Some("2 - Medium"), Some("2 - Medium"))
    );
    assert_eq!((inc45.category.as_deref(), inc45.reopens, inc45.made_sla), (Some("Category 55"), 0, Some(true)));
}

#[test]
fn a_jira_service_management_export_is_a_ticket_a_row() {
    let read = read(&fixture("jira-service-management.csv"), &ReadOptions::default());
    let d = &read.detected;
    assert_eq!((d.layout, d.delimiter, d.encoding), (Layout::Jira, Delimiter::Comma, Encoding::Utf8));
    assert_eq!(d.mapping.group.as_deref(), Some("Custom field (Team)"));
    assert_eq!(d.mapping.category.as_deref(), Some("Custom field (Request Type)"));
    assert_eq!(d.mapping.made_sla.as_deref(), Some("Custom field (Time to resolution)"));
    let formats: Vec<_> = d.dates.iter().map(|c| (c.column.as_str(), c.format)).collect();
    assert_eq!(formats, [("Created", Some(DateFormat::DayMonthName)), ("Resolved", Some(DateFormat::DayMonthName))]);
    // Two descriptions run over two lines each: 30 issues on 32 lines after the header.
    assert_eq!((read.rows, read.used, read.tickets.len()), (30, 30, 30));
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);

    let tickets = &read.tickets;
    let priorities = counts(tickets.iter().filter_map(|t| t.priority.as_deref()));
    assert_eq!(priorities, BTreeMap::from([("High", 5), ("Highest", 4), ("Low", 8), ("Medium", 13)]));
    assert_eq!(tickets.iter().filter(|t| t.resolved.is_some()).count(), 25);
    let teams = counts(tickets.iter().flat_map(|t| t.visits.iter().map(|v| v.group.as_str())));
    assert_eq!(teams, BTreeMap::from([("Hardware", 7), ("Identity", 6), ("Network", 9), ("Service Desk", 6)]));
    // "Time to resolution" is the time left when it stopped: negative when breached.
    let made = counts(tickets.iter().map(|t| match t.made_sla {
        Some(true) => "met",
        Some(false) => "breached",
        None => "none",
    }));
    assert_eq!(made, BTreeMap::from([("breached", 8), ("met", 17), ("none", 5)]));

    let t = |id: &str| tickets.iter().find(|t| t.id == id).unwrap_or_else(|| panic!("{id}"));
    let sd102 = t("SD-102");
    assert_eq!(
        (sd102.opened, sd102.resolved, sd102.priority.as_deref(), sd102.category.as_deref(), sd102.made_sla),
        (
            ms("2024-03-04 08:47"),
            Some(ms("2024-03-04 09:58")),
            Some("High"),
            Some("Report a system problem"),
            Some(true)
        )
    );
    assert_eq!(
        sd102.visits,
        [Visit {
            group: "Network".into(),
            entered: ms("2024-03-04 08:47"),
            started: None,
            left: Some(ms("2024-03-04 09:58")),
            outcome: Outcome::Resolved
        }]
    );
    // 12:30 PM is half past noon.
    assert_eq!(t("SD-116").opened, ms("2024-03-05 12:30"));
    let open = t("SD-109");
    assert_eq!((open.resolved, open.visits[0].left, &open.visits[0].outcome), (None, None, &Outcome::Open));
    let unassigned = t("SD-114");
    assert_eq!((unassigned.visits.len(), unassigned.made_sla), (0, None));
}

#[test]
fn a_jira_cloud_export_is_read_as_jira_writes_it() {
    // The header of Jira Cloud's "Export Excel CSV (all fields)", cut down (the fixtures' README
    // says where it comes from): a byte-order mark, `Labels` repeated, no team field (the
    // assignee holds the ticket), month-name dates past midnight, and SLA times in hours and
    // minutes, as Jira Service Management shows them when set to.
    let text = "\u{feff}Summary,Issue key,Issue id,Issue Type,Status,Project key,Project name,Project type,\
Priority,Resolution,Assignee,Assignee Id,Reporter,Created,Updated,Last Viewed,Resolved,Due date,Votes,\
Labels,Labels,Description,Custom field (Request Type),Custom field (Time to first response),\
Custom field (Time to resolution),Sprint,Status Category,Status Category Changed
Date picker shows a time,DI-127,46025,Bug,Done,DI,Demo,service_desk,Medium,Done,Nick Nestle,\
712020:11f06c30-0697-401a-b9ef-2320eb2db3a9,Nick Nestle,25/Feb/26 10:17 PM,02/Mar/26 12:39 AM,,\
02/Mar/26 12:39 AM,,0,ui,forms,\"Pick a date,\nsee the time.\",Get IT help,0:12,-01:30,Sprint 4,Done,\
02/Mar/26 12:39 AM
Back arrow on the wrong side,DI-124,45977,Bug,Done,DI,Demo,service_desk,High,Done,Ana Lima,\
712020:4a1a4262-2430-4f42-ab63-85ecdc8bcb8b,Nick Nestle,25/Feb/26 3:51 PM,26/Feb/26 2:05 AM,,\
26/Feb/26 12:05 PM,,0,,,,Get IT help,0:03,27:13,,Done,26/Feb/26 12:05 PM
";
    let read = read(text.as_bytes(), &ReadOptions::default());
    let d = &read.detected;
    assert_eq!(d.layout, Layout::Jira);
    assert_eq!(
        (d.mapping.group.as_deref(), d.mapping.category.as_deref()),
        (Some("Assignee"), Some("Custom field (Request Type)"))
    );
    let formats: Vec<_> = d.dates.iter().map(|c| (c.column.as_str(), c.format)).collect();
    assert_eq!(formats, [("Created", Some(DateFormat::DayMonthName)), ("Resolved", Some(DateFormat::DayMonthName))]);
    assert_eq!((read.rows, read.used), (2, 2));
    let [a, b] = &read.tickets[..] else { panic!("{:?}", read.tickets) };
    // 12:39 AM is 39 minutes past midnight; 12:05 PM five past noon.
    assert_eq!((a.id.as_str(), a.opened, a.resolved), ("DI-127", ms("2026-02-25 22:17"), Some(ms("2026-03-02 00:39"))));
    assert_eq!((b.opened, b.resolved), (ms("2026-02-25 15:51"), Some(ms("2026-02-26 12:05"))));
    // -01:30 left: breached; 27:13 left: met.
    assert_eq!((a.made_sla, b.made_sla), (Some(false), Some(true)));
    assert_eq!((a.visits[0].group.as_str(), b.visits[0].group.as_str()), ("Nick Nestle", "Ana Lima"));
}

#[test]
fn a_zendesk_export_is_read_at_the_offset_given() {
    let options = ReadOptions { utc_offset_minutes: 60, ..ReadOptions::default() };
    let read = read(&fixture("zendesk-tickets.csv"), &options);
    let d = &read.detected;
    assert_eq!((d.layout, d.delimiter, d.encoding), (Layout::Zendesk, Delimiter::Comma, Encoding::Utf8));
    assert_eq!(
        (d.mapping.group.as_deref(), d.mapping.reopens.as_deref(), d.mapping.category.as_deref()),
        (Some("Group"), Some("Reopens"), Some("Ticket type"))
    );
    assert!(d.dates.iter().all(|c| c.format == Some(DateFormat::YearMonthDay)));
    assert_eq!((read.rows, read.used, read.tickets.len()), (28, 28, 28));

    let tickets = &read.tickets;
    let priorities = counts(tickets.iter().filter_map(|t| t.priority.as_deref()));
    assert_eq!(priorities, BTreeMap::from([("High", 6), ("Low", 8), ("Normal", 12), ("Urgent", 2)]));
    assert_eq!(tickets.iter().filter(|t| t.resolved.is_some()).count(), 23);
    assert_eq!(tickets.iter().map(|t| t.reopens).sum::<u32>(), 5);
    let types = counts(tickets.iter().filter_map(|t| t.category.as_deref()));
    assert_eq!(types, BTreeMap::from([("Incident", 12), ("Problem", 3), ("Question", 9), ("Task", 4)]));

    let t = |id: &str| tickets.iter().find(|t| t.id == id).unwrap_or_else(|| panic!("{id}"));
    // Written 08:02 and 09:15 at UTC+1: Zendesk's CSV gives times to the minute.
    let first = t("4101");
    assert_eq!((first.opened, first.resolved), (ms("2024-03-04 07:02"), Some(ms("2024-03-04 08:15"))));
    assert_eq!((first.visits.len(), first.visits[0].group.as_str()), (1, "Tier 1"));
    assert_eq!(t("4103").reopens, 1);
    assert!(t("4104").visits.is_empty(), "no group, no visit");
    assert_eq!(t("4120").visits[0].outcome, Outcome::Open);
}
