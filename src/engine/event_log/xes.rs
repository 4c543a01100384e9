//! The event log as IEEE 1849-2016 XES: a `<log>` declaring the concept, time, lifecycle and
//! organizational extensions, a `<trace>` per issue (its case id as `concept:name`), and an
//! `<event>` per event with its activity (`concept:name`), `time:timestamp`,
//! `lifecycle:transition` (`start` for a service start, `complete` for the rest, each being done
//! when it is logged), its level as `org:group`, and string attributes `priority`, `category` and,
//! where there is one, `reason`.
//!
//! A trace is written whole once its issue has closed, so the events of open issues are held
//! until then; issues still open at the end follow, in the order they arrived.

use std::collections::BTreeMap;

use super::{Activity, Event, Labels};

/// Events grouped into traces as they come.
pub struct Traces<'m> {
    labels: Labels<'m>,
    /// Events of issues not yet closed, by issue.
    open: BTreeMap<u32, Vec<Event>>,
}

impl<'m> Traces<'m> {
    pub(super) fn new(labels: Labels<'m>) -> Traces<'m> {
        Traces { labels, open: BTreeMap::new() }
    }

    /// The XML declaration, the log's extensions, globals and classifier, and its name.
    pub(super) fn begin(&self, out: &mut String) {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str("<log xes.version=\"1849-2016\" xmlns=\"http://www.xes-standard.org/\">\n");
        for (name, prefix) in
            [("Concept", "concept"), ("Time", "time"), ("Lifecycle", "lifecycle"), ("Organizational", "org")]
        {
            out.push_str(&format!(
                "  <extension name=\"{name}\" prefix=\"{prefix}\" uri=\"http://www.xes-standard.org/{prefix}.xesext\"/>\n"
            ));
        }
        out.push_str("  <global scope=\"trace\">\n    <string key=\"concept:name\" value=\"\"/>\n  </global>\n");
        out.push_str("  <global scope=\"event\">\n");
        out.push_str("    <string key=\"concept:name\" value=\"\"/>\n");
        out.push_str("    <date key=\"time:timestamp\" value=\"1970-01-01T00:00:00.000Z\"/>\n");
        out.push_str("    <string key=\"lifecycle:transition\" value=\"complete\"/>\n");
        out.push_str("    <string key=\"org:group\" value=\"\"/>\n");
        out.push_str("    <string key=\"priority\" value=\"\"/>\n");
        out.push_str("    <string key=\"category\" value=\"\"/>\n");
        out.push_str("  </global>\n");
        out.push_str("  <classifier name=\"Activity\" keys=\"concept:name\"/>\n");
        attribute(out, "  ", "string", "concept:name", &self.labels.model.name);
    }

    /// Holds each event with its issue's others; writes an issue's trace when it closes.
    pub(super) fn write(&mut self, events: &[Event], out: &mut String) {
        for e in events {
            self.open.entry(e.issue).or_default().push(*e);
            if e.activity == Activity::Close
                && let Some(trace) = self.open.remove(&e.issue)
            {
                self.trace(&trace, out);
            }
        }
    }

    /// The traces of the issues still open, then the end of the log.
    pub(super) fn finish(mut self, out: &mut String) {
        for trace in std::mem::take(&mut self.open).into_values() {
            self.trace(&trace, out);
        }
        out.push_str("</log>\n");
    }

    fn trace(&self, events: &[Event], out: &mut String) {
        let Some(first) = events.first() else { return };
        out.push_str("  <trace>\n");
        attribute(out, "    ", "string", "concept:name", &self.labels.case_id(first.issue));
        for e in events {
            let row = self.labels.row(e);
            let transition = if e.activity == Activity::Start { "start" } else { "complete" };
            out.push_str("    <event>\n");
            attribute(out, "      ", "string", "concept:name", row.activity);
            attribute(out, "      ", "date", "time:timestamp", &row.timestamp);
            attribute(out, "      ", "string", "lifecycle:transition", transition);
            attribute(out, "      ", "string", "org:group", row.level);
            attribute(out, "      ", "string", "priority", row.priority);
            attribute(out, "      ", "string", "category", row.category);
            if !row.reason.is_empty() {
                attribute(out, "      ", "string", "reason", &row.reason);
            }
            out.push_str("    </event>\n");
        }
        out.push_str("  </trace>\n");
    }
}

/// `<kind key="key" value="value"/>` on a line of its own.
fn attribute(out: &mut String, indent: &str, kind: &str, key: &str, value: &str) {
    out.push_str(indent);
    out.push('<');
    out.push_str(kind);
    out.push_str(" key=\"");
    escape(key, out);
    out.push_str("\" value=\"");
    escape(value, out);
    out.push_str("\"/>\n");
}

/// Text made safe inside a quoted XML attribute: the five markup characters as entities, tabs and
/// line breaks as character references (a parser would turn them into spaces otherwise), and the
/// control characters XML 1.0 cannot carry at all as U+FFFD.
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}
