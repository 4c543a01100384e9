//! A rule text in the canonical layout (the printer's, [`RuleFile`](super::RuleFile)'s `Display`) with its
//! comments kept, for the editor's *Format* button and `escalation-lab rules fmt`.
//!
//! The parser skips comments, so the printer alone would lose them. Here each comment is tied to
//! a line of the canonical text by where it stands among the code (the `tokens` scan finds it):
//!
//! - a comment on a line of its own goes on a line of its own just above the canonical line that
//!   comes next in the text (indented as that line), or above the line whose code it interrupts
//!   (inside a condition spread over several lines, say); one after the last rule stays at the
//!   end of the text;
//! - a comment at the end of a line of code stays at the end of the canonical line that prints
//!   that code if it is the last comment that goes with that line; the others (a condition
//!   written over several lines, each with its comment) move onto lines of their own just above
//!   it. Comments keep their order;
//! - blank lines: one between rules and before a `ruleset` line (as the printer writes them),
//!   none inside a rule; a blank line the text has before or after a comment that stands between
//!   rules (or at the start or end of the text) is kept, as one.
//!
//! Only a text without syntax errors is formatted: a text with errors is refused with all of
//! them, never formatted in part. Formatting again changes nothing, and the code is the printer's
//! canonical text, so the rules (and the triggers they compile to) are those of the original.

use super::parse::{RuleError, parse_all};
use super::syntax::{Line, Span, TokenKind, tokens};
use crate::engine::order;

/// The rule text in canonical layout with its comments kept (see the module's comment for where
/// each comment goes), or every syntax error of the text.
pub fn format(text: &str) -> Result<String, Vec<RuleError>> {
    let (file, errors) = parse_all(text);
    if !errors.is_empty() {
        return Err(errors);
    }
    let pieces = tokens(text);
    let code: Vec<Span> = pieces
        .iter()
        .filter(|(_, kind)| !matches!(kind, TokenKind::Space | TokenKind::Comment))
        .map(|(span, _)| *span)
        .collect();
    // The start of the last piece of code that ends by `at`, and of the first that starts at or
    // after it.
    let before = |at: usize| code[..code.partition_point(|s| s.end <= at)].last().map_or(at, |s| s.start);
    let after = |at: usize| code.get(code.partition_point(|s| s.start < at)).map_or(at, |s| s.start);

    let lines = file.lines();
    // Where each canonical line's code begins in the text (its first word), and where it ends.
    let starts: Vec<usize> = lines
        .iter()
        .map(|(_, line)| match line {
            Line::Header(name, _) => before(name.span.start),
            Line::Rule(rule) => before(rule.name.span.start),
            Line::When(rule) => after(rule.name.span.end),
            Line::Then(rule) => before(rule.then.first().map_or(rule.when.span.end, |a| a.span.start)),
        })
        .collect();
    let ends: Vec<usize> = (0..starts.len())
        .map(|i| {
            let next = starts.get(i + 1).copied().unwrap_or(text.len());
            code[..code.partition_point(|s| s.start < next)].last().map_or(starts[i], |s| s.end)
        })
        .collect();

    // The comments that go with each canonical line.
    let mut slots: Vec<Vec<Comment>> = lines.iter().map(|_| Vec::new()).collect();
    let mut end_of_text: Vec<Comment> = Vec::new();
    // The end of the piece before the one being looked at (code or comment), for blank lines.
    let mut previous_end = None;
    for (span, kind) in &pieces {
        if *kind == TokenKind::Space {
            continue;
        }
        let gap_from = previous_end.replace(span.end);
        if *kind != TokenKind::Comment {
            continue;
        }
        let gap = gap_from.map(|from| &text[from..span.start]);
        let comment = Comment {
            at: span.start,
            text: text[span.start..span.end].trim_end(),
            own_line: gap.is_none_or(|g| breaks(g) > 0),
            blank_before: gap.is_some_and(|g| breaks(g) > 1),
            blank_after: breaks(&text[span.end..after(span.end)]) > 1,
        };
        if comment.own_line {
            // Above the line whose code it interrupts, or else the next line.
            let next = starts.partition_point(|&s| s <= comment.at);
            let inside = next.checked_sub(1).filter(|&i| starts[i] < comment.at && comment.at < ends[i]);
            match inside.or((next < starts.len()).then_some(next)) {
                Some(i) => slots[i].push(comment),
                None => end_of_text.push(comment),
            }
        } else {
            let code_before = before(comment.at);
            match starts.partition_point(|&s| s <= code_before).checked_sub(1) {
                Some(i) => slots[i].push(comment),
                None => end_of_text.push(comment),
            }
        }
    }

    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for ((blank, line), mut above) in lines.iter().zip(slots) {
        let top = matches!(line, Line::Header(..) | Line::Rule(_));
        if *blank {
            out.push('\n');
        }
        // In the order of the text: the last stays at the end of the line if it was at the end
        // of one; the others go above.
        order::sort_by_key(&mut above, |c| c.at);
        let trailing = if above.last().is_some_and(|c| !c.own_line) { above.pop() } else { None };
        let indent = if top { "" } else { "  " };
        for comment in &above {
            if top && comment.own_line && comment.blank_before {
                blank_line(&mut out);
            }
            out.push_str(indent);
            out.push_str(comment.text);
            out.push('\n');
        }
        if top && above.last().is_some_and(|c| c.own_line && c.blank_after) {
            blank_line(&mut out);
        }
        out.push_str(&line.to_string());
        if let Some(comment) = trailing {
            out.push(' ');
            out.push_str(comment.text);
        }
        out.push('\n');
    }
    for comment in &end_of_text {
        if comment.blank_before {
            blank_line(&mut out);
        }
        out.push_str(comment.text);
        out.push('\n');
    }
    Ok(out)
}

/// A comment of the text: where it starts, its text (without the spaces after it), and how it
/// stands.
struct Comment<'t> {
    at: usize,
    text: &'t str,
    /// Nothing but spaces before it on its line.
    own_line: bool,
    /// A blank line between it and what comes before it (code or another comment).
    blank_before: bool,
    /// A blank line between it and the code after it.
    blank_after: bool,
}

/// Line breaks in a stretch of spaces (`\r\n`, `\n` and a lone `\r` each count one).
fn breaks(spaces: &str) -> usize {
    spaces.matches('\n').count() + spaces.matches('\r').count() - spaces.matches("\r\n").count()
}

/// Ends the text so far with a blank line, unless it is empty or already does.
fn blank_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}
