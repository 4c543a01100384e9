//! From rule text to [`RuleFile`], with errors that say where (line:column and span), what was
//! expected, and how to fix it. Hand-written and recovering: one pass reports every error, and
//! the rules without one are still returned. Never panics, whatever the text.

use super::fix::Fix;
use super::syntax::{Expr, RuleFile, Span, Spanned};
use crate::engine::order;

mod grammar;
mod reader;
mod syntax_error;
mod syntax_fix;
mod values;

/// Parentheses and `not`s nested deeper than this are refused as they are read, so that no text
/// can exhaust the stack (in wasm there is no guard page to catch it).
pub const MAX_NESTING: usize = 40;

/// Past this many errors the rest of a text is not read: a text so broken is best fixed from
/// its first errors (and reporting is kept quick whatever the text).
pub const MAX_ERRORS: usize = 200;

/// Texts longer than this are refused: 200 rules of ordinary length take a tenth of it.
pub const MAX_TEXT: usize = 1 << 20;

/// A problem in a rule text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    pub span: (usize, usize),
    /// 1-based line and column (in characters) of the span's start.
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// How to fix it, when there is something to say.
    pub hint: Option<String>,
    /// The edit that fixes it, when there is one plain way to (boxed: most errors have none,
    /// and errors travel in `Result`s).
    pub fix: Option<Box<Fix>>,
}

impl RuleError {
    pub fn at(text: &str, span: Span, message: impl Into<String>) -> RuleError {
        let (line, column) = line_column(text, span.start);
        RuleError { span: (span.start, span.end), line, column, message: message.into(), hint: None, fix: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> RuleError {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> RuleError {
        self.fix = fix.map(Box::new);
        self
    }

    /// The message and its hint, without the line and column.
    pub fn to_string_without_place(&self) -> String {
        match &self.hint {
            Some(h) => format!("{} ({h})", self.message),
            None => self.message.clone(),
        }
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

/// 1-based line and character column of byte offset `at`.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// Parses a whole rule text, all or nothing: the rules, or the first error.
pub fn parse(text: &str) -> Result<RuleFile, RuleError> {
    let (file, mut errors) = parse_all(text);
    if errors.is_empty() { Ok(file) } else { Err(errors.swap_remove(0)) }
}

/// Parses a whole rule text, going on after errors: the rules that have none (in their sets),
/// and every error, in the order of the text.
pub fn parse_all(text: &str) -> (RuleFile, Vec<RuleError>) {
    if text.len() > MAX_TEXT {
        let e = RuleError::at(text, Span { start: MAX_TEXT, end: text.len() }, "the rule text is too long")
            .with_hint(format!("keep it under {} KB", MAX_TEXT / 1024));
        return (RuleFile::default(), vec![e]);
    }
    let mut parser = grammar::Parser::new(text);
    let file = parser.file();
    let mut errors = parser.r.errors;
    order::sort_by_key(&mut errors, |e| e.span.0);
    (file, errors)
}

/// Parses a bare condition (a trigger's `only_if`).
pub fn parse_condition(text: &str) -> Result<Spanned<Expr>, RuleError> {
    if text.len() > MAX_TEXT {
        return Err(RuleError::at(text, Span { start: MAX_TEXT, end: text.len() }, "the condition is too long"));
    }
    let mut parser = grammar::Parser::new(text);
    let condition = parser.condition();
    let mut errors = parser.r.errors;
    order::sort_by_key(&mut errors, |e| e.span.0);
    match (condition, errors.is_empty()) {
        (Some(c), true) => Ok(c),
        _ => Err(errors.into_iter().next().unwrap_or_else(|| RuleError::at(text, Span::default(), "not a condition"))),
    }
}
