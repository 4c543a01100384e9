//! The app's own event log (the shared contract's format) read back into tickets: a visit per
//! stay at a level, entered by arrive, queue or move, started by start, left by resolve or move.

use escalation_lab::engine::history::{Layout, Outcome, ReadOptions, Visit};

use super::{fixture, ms, read};

fn visit(group: &str, entered: &str, started: Option<&str>, left: Option<&str>, outcome: Outcome) -> Visit {
    Visit { group: group.into(), entered: ms(entered), started: started.map(ms), left: left.map(ms), outcome }
}

fn moved(reason: &str) -> Outcome {
    Outcome::Moved { reason: Some(reason.into()) }
}

#[test]
fn the_event_log_becomes_the_visits_it_describes() {
    let read = read(&fixture("event-log.csv"), &ReadOptions::default());
    assert_eq!(read.detected.layout, Layout::EventLog);
    assert_eq!((read.rows, read.used), (23, 23));
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    let [one, two, three] = read.tickets.as_slice() else { panic!("{} tickets", read.tickets.len()) };

    assert_eq!(one.id, "1-1");
    assert_eq!(
        one.visits,
        [
            visit(
                "Service desk",
                "2026-01-05 08:30",
                Some("2026-01-05 08:34"),
                Some("2026-01-05 08:52:30"),
                moved("not_resolved")
            ),
            visit("Network team", "2026-01-05 08:52:30", None, Some("2026-01-05 09:30"), moved("rule: VIP, urgent")),
            Visit {
                started: Some(ms("2026-01-05 09:41:15") + 500),
                ..visit("Engineering", "2026-01-05 09:30", None, Some("2026-01-05 10:20"), Outcome::Resolved)
            },
        ]
    );
    assert_eq!(
        (one.opened, one.resolved, one.closed, one.reopens),
        (ms("2026-01-05 08:30"), Some(ms("2026-01-05 10:20")), Some(ms("2026-01-05 12:20")), 0)
    );
    // The priority as it stands after the last event: raised by the trigger.
    assert_eq!((one.priority.as_deref(), one.category.as_deref()), (Some("P2"), Some("Network")));

    // Reopened: the visits after the reopen follow, `resolved` is the last resolve.
    assert_eq!(
        two.visits,
        [
            visit(
                "Service desk",
                "2026-01-05 08:40",
                Some("2026-01-05 08:55"),
                Some("2026-01-05 09:05"),
                Outcome::Resolved
            ),
            visit(
                "Service desk",
                "2026-01-05 11:00",
                Some("2026-01-05 11:10"),
                Some("2026-01-05 11:25"),
                Outcome::Resolved
            ),
        ]
    );
    assert_eq!((two.reopens, two.resolved), (1, Some(ms("2026-01-05 11:25"))));

    // Entry skipped a level; still in service when the log ends.
    assert_eq!(
        three.visits,
        [
            visit("Service desk", "2026-01-05 10:25", None, Some("2026-01-05 10:25"), moved("skip")),
            visit("Engineering", "2026-01-05 10:25", Some("2026-01-05 12:30"), None, Outcome::Open),
        ]
    );
    assert_eq!((three.resolved, three.priority.as_deref()), (None, Some("P1")));
}

#[test]
fn an_unknown_activity_is_skipped_and_said() {
    let text = "case_id,activity,timestamp,level,priority,category,reason\r\n\
1-1,arrive,2026-01-05T08:30:00.000Z,L1,P1,A,\r\n\
1-1,teleport,2026-01-05T08:31:00.000Z,L2,P1,A,\r\n\
1-1,resolve,2026-01-05T08:40:00.000Z,L1,P1,A,\r\n";
    let read = read(text.as_bytes(), &ReadOptions::default());
    assert_eq!(read.used, 2);
    assert_eq!(
        read.skipped[0].to_string(),
        "1 row: activity is none of arrive, queue, start, resolve, move, reopen, priority, close, first at row 3: 'teleport'"
    );
    assert_eq!(read.tickets[0].visits[0].outcome, Outcome::Resolved);
}
