//! The event log as the app's own CSV: RFC 4180 (comma-separated, CRLF line ends, a field quoted
//! when it holds a comma, a quote or a line break, its quotes doubled), UTF-8 without a byte-order
//! mark, one row per event in the order the events happened.

use super::{Event, Labels};

/// The first line, exactly.
pub const HEADER: &str = "case_id,activity,timestamp,level,priority,category,reason\r\n";

/// Appends a row per event.
pub(super) fn rows(labels: &Labels<'_>, events: &[Event], out: &mut String) {
    for e in events {
        let row = labels.row(e);
        let fields = [
            row.case_id.as_str(),
            row.activity,
            row.timestamp.as_str(),
            row.level,
            row.priority,
            row.category,
            &row.reason,
        ];
        for (i, f) in fields.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            field(f, out);
        }
        out.push_str("\r\n");
    }
}

/// A field, quoted when it must be.
fn field(text: &str, out: &mut String) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}
