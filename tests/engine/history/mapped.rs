//! Files of no known layout read through a mapping: one row per ticket, one row per update, and
//! a known export read again with the mapping found for it.

use escalation_lab::engine::history::{
    Clock, DateFormat, Delimiter, Encoding, Layout, Mapping, Outcome, ReadOptions, Separator, Visit,
};

use super::{fixture, ms, read};

fn german() -> Mapping {
    Mapping {
        ticket_id: "Ticketnummer".into(),
        opened: Some("Eröffnet".into()),
        resolved: Some("GELÖST".into()), // names compare without regard to case
        closed: Some("Geschlossen".into()),
        impact: Some("Auswirkung".into()),
        urgency: Some("Dringlichkeit".into()),
        category: Some("Kategorie".into()),
        group: Some("Team".into()),
        made_sla: Some("SLA erfüllt".into()),
        reopens: Some("Wiedereröffnet".into()),
        ..Mapping::default()
    }
}

#[test]
fn a_semicolon_export_with_a_byte_order_mark_reads_through_its_mapping() {
    let options = ReadOptions { mapping: Some(german()), ..ReadOptions::default() };
    let read = read(&fixture("mapped-semicolon.csv"), &options);
    let d = &read.detected;
    assert_eq!((d.layout, d.delimiter, d.encoding), (Layout::Mapped, Delimiter::Semicolon, Encoding::Utf8Bom));
    assert_eq!(d.mapping, german());
    let dotted = DateFormat::DayMonthYear { separator: Separator::Dot, clock: Clock::H24 };
    assert!(d.dates.iter().all(|c| c.format == Some(dotted) && !c.ambiguous), "{:?}", d.dates);
    // A subject quoted with semicolons and quotes, another over two lines (CRLF inside quotes).
    assert_eq!((read.rows, read.used, read.tickets.len()), (10, 10, 10));

    let t = |id: &str| read.tickets.iter().find(|t| t.id == id).unwrap_or_else(|| panic!("{id}"));
    let first = t("T-2024-0001");
    assert_eq!(
        (first.opened, first.resolved, first.closed),
        (ms("2024-03-11 08:05"), Some(ms("2024-03-11 09:40")), Some(ms("2024-03-14 09:40")))
    );
    assert_eq!(
        (first.impact.as_deref(), first.urgency.as_deref(), first.priority.as_deref()),
        (Some("niedrig"), Some("mittel"), None)
    );
    assert_eq!((first.made_sla, first.reopens), (Some(true), 0));
    let open = t("T-2024-0005");
    assert_eq!((open.resolved, open.made_sla, open.reopens), (None, None, 1));
    assert_eq!(open.visits[0].outcome, Outcome::Open);
    assert_eq!(t("T-2024-0002").made_sla, Some(false));
    assert!(t("T-2024-0008").visits.is_empty());
    assert_eq!(t("T-2024-0009").reopens, 2);
}

#[test]
fn updates_with_a_state_column_make_visits_and_reopens() {
    let text = "\
ticket,when,team,status,prio
A-1,2024-05-01 09:00,Desk,Open,P3
A-1,2024-05-01 09:30,Desk,In progress,P3
A-2,2024-05-01 09:10,Desk,Open,P4
A-1,2024-05-01 10:00,Field,In progress,P2
A-1,2024-05-01 12:00,Field,Done,P2
A-2,2024-05-01 09:40,,done,P4
A-1,2024-05-02 09:00,Desk,In progress,P2
A-1,2024-05-02 08:00,Field,Reopened,P2
A-1,2024-05-02 09:45,Desk,Done,P2
";
    let mapping = Mapping {
        ticket_id: "ticket".into(),
        event_time: Some("when".into()),
        group: Some("team".into()),
        state: Some("status".into()),
        resolved_states: vec!["Done".into()],
        priority: Some("prio".into()),
        ..Mapping::default()
    };
    let read = read(text.as_bytes(), &ReadOptions { mapping: Some(mapping), ..ReadOptions::default() });
    assert_eq!((read.rows, read.used), (9, 9));
    let visit = |group: &str, entered: &str, left: &str, outcome: Outcome| Visit {
        group: group.into(),
        entered: ms(entered),
        started: None,
        left: Some(ms(left)),
        outcome,
    };
    let moved = || Outcome::Moved { reason: None };
    let a1 = &read.tickets[0];
    assert_eq!(a1.id, "A-1");
    // The reopen (08:00) is written after the update at 09:00: updates are taken in time order.
    assert_eq!(
        a1.visits,
        [
            visit("Desk", "2024-05-01 09:00", "2024-05-01 10:00", moved()),
            visit("Field", "2024-05-01 10:00", "2024-05-01 12:00", Outcome::Resolved),
            visit("Field", "2024-05-02 08:00", "2024-05-02 09:00", moved()),
            visit("Desk", "2024-05-02 09:00", "2024-05-02 09:45", Outcome::Resolved),
        ]
    );
    assert_eq!((a1.opened, a1.resolved, a1.reopens), (ms("2024-05-01 09:00"), Some(ms("2024-05-02 09:45")), 1));
    assert_eq!(a1.priority.as_deref(), Some("P2"));
    // No group on the last update: still at the desk; states compare without regard to case.
    let a2 = &read.tickets[1];
    assert_eq!(a2.visits, [visit("Desk", "2024-05-01 09:10", "2024-05-01 09:40", Outcome::Resolved)]);
}

#[test]
fn the_mapping_found_reads_the_same_file_the_same_way() {
    let bytes = fixture("servicenow-incidents-sample.csv");
    let found = read(&bytes, &ReadOptions::default());
    let options = ReadOptions { mapping: Some(found.detected.mapping.clone()), ..ReadOptions::default() };
    let again = read(&bytes, &options);
    assert_eq!(again.detected.layout, Layout::Mapped);
    assert_eq!(again.tickets, found.tickets);
    // The mapping is data a scenario can keep: it survives JSON.
    let json = serde_json::to_string(&found.detected.mapping).unwrap();
    assert_eq!(serde_json::from_str::<Mapping>(&json).unwrap(), found.detected.mapping);
}
