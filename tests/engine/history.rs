//! The ticket-log reader (`engine::history`), checked against known truth: the figures the
//! ServiceNow sample's README gives, hand-written Jira, Zendesk, mapped and event-log files
//! with hand-computed tickets, and one case per kind of bad input, each with the message a
//! person would read.

mod bad_input;
mod event_log;
mod exports;
mod large;
mod mapped;

use escalation_lab::engine::history::{self, Read, ReadOptions, Refused};

/// A fixture's bytes (`tests/fixtures/history/`).
fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads a file that must be read, checking that every row is accounted for.
fn read(bytes: &[u8], options: &ReadOptions) -> Read {
    let read = history::read(bytes, options).unwrap_or_else(|e| panic!("refused: {e}"));
    let skipped: u64 = read.skipped.iter().map(|s| s.count).sum();
    assert_eq!(read.used + skipped, read.rows, "every row is used or skipped: {:?}", read.skipped);
    read
}

/// Reads a file that must be refused.
fn refused(bytes: &[u8], options: &ReadOptions) -> Refused {
    match history::read(bytes, options) {
        Ok(r) => panic!("read {} tickets, expected a refusal", r.tickets.len()),
        Err(e) => e,
    }
}

/// Milliseconds since the epoch of a UTC time written `yyyy-mm-dd HH:MM[:SS]`.
fn ms(text: &str) -> i64 {
    let with_seconds = if text.len() == 16 { format!("{text}:00") } else { text.to_string() };
    chrono::NaiveDateTime::parse_from_str(&with_seconds, "%Y-%m-%d %H:%M:%S")
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .and_utc()
        .timestamp_millis()
}
