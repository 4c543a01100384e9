//! What the app says when a file or a link opens: an unreadable one refused with why (the
//! current scenario stays), one with errors opened with a notice of them, and the sentence of the
//! *Undo* bar after a scenario is replaced. The checks themselves are the engine's
//! (`engine::opening`); this is their wording in the app.

use serde_json::Value;

use super::pointer::place_of;
use super::state::{Notice, NoticeKind, Replaced};
use crate::engine;
use crate::engine::words::capitalised;

#[cfg(test)]
mod tests;

/// Reads an imported file or link. What cannot be read as a scenario is refused, saying why, and
/// the current scenario stays; a scenario with errors opens (a work in progress is worth
/// keeping), its errors then listed like those of any edit ([`opened_notice`]).
pub fn import(name: &str, text: Result<String, String>) -> Result<Value, Notice> {
    let fail = |line: String| Notice {
        kind: NoticeKind::Error,
        title: format!("Could not import {name}; the current scenario is unchanged"),
        lines: vec![line],
    };
    let text = text.map_err(|e| fail(format!("the file could not be read: {e}")))?;
    engine::opening::open(&text).map_err(|e| fail(e.to_string()))
}

/// What to say when a file or link (`by`, as in [`Replaced::by`]) has opened `doc`: its errors,
/// if it has any, so that the user sees at once why it cannot run.
pub fn opened_notice(by: &str, doc: &Value) -> Option<Notice> {
    let checked = engine::load(&doc.to_string());
    // Places in words, as the problem list shows them; a line and column only within the rules,
    // whose text the user sees (elsewhere they count in this compact text, not in the file).
    let mut lines: Vec<String> = checked
        .errors()
        .map(|p| match (p.path.as_str(), p.line, p.column) {
            ("", ..) => p.message.clone(),
            ("rules", Some(l), Some(c)) => format!("rules, line {l}, column {c}: {}", p.message),
            (path, ..) => format!("{}: {}", place_of(doc, path), p.message),
        })
        .collect();
    let n = lines.len();
    if n == 0 {
        return None;
    }
    if n > 8 {
        lines.truncate(7);
        lines.push(format!("and {} more, all listed under Problems", n - 7));
    }
    let errors = if n == 1 { "1 error: fix it".to_string() } else { format!("{n} errors: fix them") };
    Some(Notice {
        kind: NoticeKind::Warning,
        title: format!("{} opened with {errors} to run the scenario", capitalised(by)),
        lines,
    })
}

/// What an imported file replaced a scenario by, in words that can open a sentence: a file's name
/// is the file's own, in its own case, so it never comes first.
pub fn imported_by(file_name: &str) -> String {
    format!("the file “{file_name}”")
}

/// The undo bar's sentence: "The file “exported.json” replaced your scenario “Desk”."
pub fn replaced_message(r: &Replaced) -> String {
    let name = r.doc.get("name").and_then(Value::as_str).unwrap_or("untitled");
    format!("{} replaced your scenario “{name}”.", capitalised(&r.by))
}
