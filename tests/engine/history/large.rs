//! A large export read row by row, with progress that can cancel.

use escalation_lab::engine::Control;
use escalation_lab::engine::history::{self, ReadOptions};

use super::fixture;

/// The ServiceNow sample repeated `copies` times, each copy's incidents renamed.
fn repeated(copies: usize) -> Vec<u8> {
    let text = String::from_utf8(fixture("servicenow-incidents-sample.csv")).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let mut out = Vec::with_capacity((body.len() + 4 * 5998) * copies + header.len() + 1);
    out.extend_from_slice(header.as_bytes());
    out.push(b'\n');
    for k in 0..copies {
        out.extend_from_slice(body.replace("INC", &format!("R{k}-INC")).as_bytes());
    }
    out
}

#[test]
fn fifty_megabytes_read_with_progress() {
    let bytes = repeated(25);
    assert!(bytes.len() > 50_000_000, "{} bytes", bytes.len());
    let mut seen = Vec::new();
    let read = history::read_with_progress(&bytes, &ReadOptions::default(), |f| {
        seen.push(f);
        Control::Continue
    })
    .expect("not cancelled")
    .expect("read");
    assert_eq!((read.rows, read.used, read.tickets.len()), (25 * 5998, 25 * 5998, 25 * 890));
    assert!(seen.len() > 20, "{} progress calls", seen.len());
    assert!(seen.windows(2).all(|w| w[0] <= w[1]) && seen[0] > 0.0 && *seen.last().unwrap() <= 1.0, "{seen:?}");
    assert!(*seen.last().unwrap() > 0.95);

    let mut calls = 0;
    let cancelled = history::read_with_progress(&bytes, &ReadOptions::default(), |_| {
        calls += 1;
        Control::Cancel
    });
    assert!(cancelled.is_none());
    assert_eq!(calls, 1);
}
