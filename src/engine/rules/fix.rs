//! Quick fixes: the edit that mends a rule error, offered beside the error when there is one
//! plain way to mend it (a misspelt name or keyword, a `then` left out, a quote or bracket left
//! open, a number without its unit). A fix is data, applied to the text by [`Fix::apply`], so
//! that the editor and the tests apply it the same way.

use super::syntax::{is_plain_attribute, quote};
use crate::engine::order;

/// One replacement in the text: the bytes of `span` give way to `insert` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: (usize, usize),
    pub insert: String,
}

/// A way to mend an error: what it does in words (a button's text) and its edits, which never
/// overlap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub label: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of one edit.
    pub fn one(label: impl Into<String>, span: (usize, usize), insert: impl Into<String>) -> Fix {
        Fix { label: label.into(), edits: vec![Edit { span, insert: insert.into() }] }
    }

    /// A misspelt name replaced by the known one, written in double quotes and escaped.
    pub fn use_name(span: (usize, usize), known: &str) -> Fix {
        let quoted = quote(known);
        Fix::one(format!("Use {quoted}"), span, quoted)
    }

    /// A misspelt keyword replaced by the keyword.
    pub fn use_keyword(span: (usize, usize), keyword: &str) -> Fix {
        Fix::one(format!("Use \"{keyword}\""), span, keyword)
    }

    /// A misspelt attribute replaced by the known one: bare when it can be, else written
    /// `attribute "name"` (`was_quoted` when the misspelt one already was, after that keyword).
    pub fn use_attribute(span: (usize, usize), known: &str, was_quoted: bool) -> Fix {
        let written = if was_quoted {
            quote(known)
        } else if is_plain_attribute(known) {
            known.to_string()
        } else {
            format!("attribute {}", quote(known))
        };
        Fix::one(format!("Use {}", quote(known)), span, written)
    }

    /// The text with the edits made, and the place just after the last of them (in the new
    /// text); `None` when the edits overlap or do not fall on the text's characters.
    pub fn apply(&self, text: &str) -> Option<(String, usize)> {
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        order::sort_by_key(&mut edits, |e| e.span);
        let fits = edits.iter().all(|e| {
            e.span.0 <= e.span.1
                && e.span.1 <= text.len()
                && text.is_char_boundary(e.span.0)
                && text.is_char_boundary(e.span.1)
        });
        if !fits || edits.windows(2).any(|w| w[0].span.1 > w[1].span.0) {
            return None;
        }
        let mut out = text.to_string();
        // From the end, so that the spans still to come keep their places.
        for e in edits.iter().rev() {
            out.replace_range(e.span.0..e.span.1, &e.insert);
        }
        let shift: isize = edits
            .iter()
            .map(|e| {
                let (added, removed) = (e.insert.len(), e.span.1 - e.span.0);
                isize::try_from(added).unwrap_or(0) - isize::try_from(removed).unwrap_or(0)
            })
            .sum();
        let caret = edits.last().map_or(0, |last| {
            let end = isize::try_from(last.span.1).unwrap_or(0) + shift;
            usize::try_from(end).unwrap_or(0)
        });
        Some((out, caret))
    }
}
