//! The parser's reading position over the text: spaces and comments skipped, keywords, names in
//! quotes and numbers read; what was tried and failed at the furthest place, for the message; and
//! recovery after an error (skip to a word where parsing can go on).

use super::syntax_error::syntax_error;
use super::{MAX_ERRORS, RuleError};
use crate::engine::rules::syntax::{Name, Span, Spanned};

/// What the parser looked for at a place, for "expected ..." messages. Listed in the order
/// messages name them; keywords in the order of [`KEYWORDS`](crate::engine::rules::syntax::KEYWORDS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Expected {
    Condition,
    Hit,
    Compare,
    Action,
    Name,
    Duration,
    Percent,
    Count,
    SlaClock,
    Dot,
    ListOpen,
    ListNext,
    Semicolon,
    Keyword(&'static str),
    End,
}

pub(super) struct Reader<'t> {
    pub(super) text: &'t str,
    pub(super) pos: usize,
    /// The furthest place something was looked for, and what was looked for there.
    furthest: usize,
    expected: Vec<Expected>,
    /// Set when an error was reported where it was found (nesting too deep), so that recovery
    /// does not report the failure again.
    reported: bool,
    /// Where the rule (or other part) being read began, for hints about what is left open.
    pub(super) item_start: usize,
    /// The errors reported, the first [`MAX_ERRORS`] of them.
    pub(super) errors: Vec<RuleError>,
    /// How many errors were found, kept or not.
    pub(super) error_count: usize,
}

pub(super) fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'t> Reader<'t> {
    pub(super) fn new(text: &'t str) -> Reader<'t> {
        Reader {
            text,
            pos: 0,
            furthest: 0,
            expected: Vec::new(),
            reported: false,
            item_start: 0,
            errors: Vec::new(),
            error_count: 0,
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// Where the next token starts: past spaces, line ends and `#` comments. Looking does not
    /// move the reading position, so that a span never takes in the spaces after it.
    pub(super) fn next_at(&self) -> usize {
        let bytes = self.text.as_bytes();
        let mut at = self.pos;
        while let Some(&b) = bytes.get(at) {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => at += 1,
                b'#' => {
                    while bytes.get(at).is_some_and(|&b| b != b'\n' && b != b'\r') {
                        at += 1;
                    }
                }
                _ => break,
            }
        }
        at
    }

    /// Moves to the next token; returns where it starts.
    pub(super) fn skip(&mut self) -> usize {
        self.pos = self.next_at();
        self.pos
    }

    pub(super) fn at_end(&self) -> bool {
        self.next_at() == self.text.len()
    }

    /// Notes that `what` was looked for at `at`.
    pub(super) fn note(&mut self, at: usize, what: Expected) {
        if at > self.furthest || self.expected.is_empty() {
            self.furthest = at;
            self.expected.clear();
        }
        if at == self.furthest && !self.expected.contains(&what) {
            self.expected.push(what);
        }
    }

    /// The ASCII word (letters, digits, `_`) at the next token, without moving.
    pub(super) fn peek_word(&self) -> &'t str {
        let start = self.next_at();
        let bytes = self.text.as_bytes();
        let mut end = start;
        while end < bytes.len() && is_ident_char(bytes[end]) {
            end += 1;
        }
        &self.text[start..end]
    }

    /// Whether the next token is the keyword `word`, without moving or noting.
    pub(super) fn peek_keyword(&self, word: &str) -> bool {
        self.peek_word() == word
    }

    /// Reads the keyword `word` (not followed by a letter, digit or `_`), or notes it as expected.
    pub(super) fn keyword(&mut self, word: &'static str) -> bool {
        let at = self.next_at();
        if self.peek_keyword(word) {
            self.pos = at + word.len();
            true
        } else {
            self.note(at, Expected::Keyword(word));
            false
        }
    }

    /// Reads the punctuation `c`, or notes `what` as expected (when given).
    pub(super) fn punct(&mut self, c: u8, what: Option<Expected>) -> bool {
        let at = self.next_at();
        if self.byte(at) == Some(c) {
            self.pos = at + 1;
            true
        } else {
            if let Some(w) = what {
                self.note(at, w);
            }
            false
        }
    }

    /// After an optional last part left out (`on "calendar"`, `costing 10m`, a calendar's name):
    /// moves past the spaces where it was looked for, which the part's span then takes in, as
    /// spans always have.
    pub(super) fn end_optional<T>(&mut self) -> Option<T> {
        self.skip();
        None
    }

    /// Reads a name in double quotes (`\"` and `\\` escaped), with its span including the quotes.
    pub(super) fn string(&mut self) -> Option<Name> {
        let start = self.skip();
        if self.byte(start) != Some(b'"') {
            self.note(start, Expected::Name);
            return None;
        }
        let mut out = String::new();
        let mut i = start + 1;
        loop {
            match self.byte(i) {
                Some(b'"') => break,
                Some(b'\\') if matches!(self.byte(i + 1), Some(b'"' | b'\\')) => {
                    out.push(char::from(self.text.as_bytes()[i + 1]));
                    i += 2;
                }
                None | Some(b'\\' | b'\n' | b'\r') => {
                    self.note(start, Expected::Name);
                    return None;
                }
                Some(_) => {
                    let c = self.text[i..].chars().next().unwrap_or(' ');
                    out.push(c);
                    i += c.len_utf8();
                }
            }
        }
        self.pos = i + 1;
        Some(Spanned::new(out, Span { start, end: i + 1 }))
    }

    /// The end of a number (`12`, `1.5`) starting at `at`, if one does.
    pub(super) fn number_end(&self, at: usize) -> Option<usize> {
        let digits = |mut i: usize| {
            while self.byte(i).is_some_and(|b| b.is_ascii_digit()) {
                i += 1;
            }
            i
        };
        let end = digits(at);
        if end == at {
            return None;
        }
        if self.byte(end) == Some(b'.') && self.byte(end + 1).is_some_and(|b| b.is_ascii_digit()) {
            return Some(digits(end + 1));
        }
        Some(end)
    }

    /// The end of the run of letters, digits, `_` and `.` at `at` (a duration's extent).
    pub(super) fn run_end(&self, at: usize) -> usize {
        let mut i = at;
        while self.byte(i).is_some_and(|b| is_ident_char(b) || b == b'.') {
            i += 1;
        }
        i
    }

    /// The reading position and the errors so far, to go back to when a reading fails.
    pub(super) fn mark(&self) -> (usize, usize, usize) {
        (self.pos, self.errors.len(), self.error_count)
    }

    /// Goes back to a mark, forgetting the errors since (what was looked for is kept).
    pub(super) fn rewind(&mut self, (pos, kept, count): (usize, usize, usize)) {
        self.pos = pos;
        self.errors.truncate(kept);
        self.error_count = count;
        self.reported = false;
    }

    /// Reports an error found at its place (not a failure of what was looked for).
    pub(super) fn error(&mut self, e: RuleError) {
        self.error_count += 1;
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(e);
        }
    }

    /// Reports an error and marks it as the cause of the failure being returned.
    pub(super) fn fail_with(&mut self, e: RuleError) {
        self.error(e);
        self.reported = true;
    }

    /// After a failure: reports it (what was expected at the furthest place), then skips to the
    /// next of `stops` (words, or ";"), or the next `rule` or `ruleset`, or the end.
    pub(super) fn recover(&mut self, stops: &[&str]) {
        let from = self.pos.max(if self.expected.is_empty() { 0 } else { self.furthest });
        self.report();
        self.pos = from;
        if self.too_many_errors() {
            // The rest is not read.
            self.pos = self.text.len();
        }
        self.skip_to(stops);
    }

    /// Reports the failure (what was expected at the furthest place), unless its error was
    /// reported where it was found, and starts afresh.
    pub(super) fn report(&mut self) {
        if !self.reported && self.too_many_errors() {
            self.error_count += 1;
        } else if !self.reported {
            let e = syntax_error(self.text, self.item_start, self.furthest.min(self.text.len()), &self.expected);
            self.error(e);
        }
        self.reported = false;
        self.expected.clear();
        self.furthest = 0;
    }

    pub(super) fn too_many_errors(&self) -> bool {
        self.errors.len() >= MAX_ERRORS
    }

    fn skip_to(&mut self, stops: &[&str]) {
        let bytes = self.text.as_bytes();
        loop {
            let start = self.skip();
            let Some(b) = self.byte(start) else { return };
            if b == b';' && stops.contains(&";") {
                return;
            }
            if b == b'"' {
                // A name in quotes, to its closing quote or its line's end.
                let mut i = start + 1;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n' | b'\r') {
                    i += if bytes[i] == b'\\' && matches!(bytes.get(i + 1), Some(b'"' | b'\\')) { 2 } else { 1 };
                }
                self.pos = if bytes.get(i) == Some(&b'"') { i + 1 } else { i };
                continue;
            }
            if is_ident_char(b) {
                let word = self.peek_word();
                if word == "rule" || word == "ruleset" || stops.contains(&word) {
                    return;
                }
                self.pos += word.len();
                continue;
            }
            self.pos += self.text[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
}
