//! A grammar error in words: where the text goes wrong (the word there), what was expected there, and a hint when the slip is a common one (a "(" or a quote
//! left open, a misspelt keyword, a name without quotes, a single `=`).

use super::RuleError;
use super::reader::Expected;
use super::syntax_fix;
use crate::engine::order;
use crate::engine::rules::fix::Fix;
use crate::engine::rules::syntax::{KEYWORDS, Span};

/// How a thing looked for reads in "expected ..." messages.
fn describe(e: Expected) -> String {
    match e {
        Expected::Keyword(word) => return format!("\"{word}\""),
        Expected::End => "the end of the text",
        Expected::Condition => "a condition",
        Expected::Hit => "first match or all match",
        Expected::Compare => "a comparison (>, >=, <, <=)",
        Expected::Action => "an action",
        Expected::Name => "a name in double quotes",
        Expected::Duration => "a duration such as 30m, 4h, 2d or 8bh",
        Expected::Percent => "a percentage such as 80%",
        Expected::Count => "a number",
        Expected::SlaClock => "response or resolution",
        Expected::Dot => "\".\"",
        Expected::ListOpen => "\"[\"",
        Expected::ListNext => "\",\" or \"]\"",
        Expected::Semicolon => "\";\"",
    }
    .to_string()
}

/// The order messages list things in: kinds first, then keywords in the language's order.
fn rank(e: Expected) -> (u8, usize) {
    match e {
        Expected::Condition => (0, 0),
        Expected::Hit => (1, 0),
        Expected::Compare => (2, 0),
        Expected::Action => (3, 0),
        Expected::Name => (4, 0),
        Expected::Duration => (5, 0),
        Expected::Percent => (6, 0),
        Expected::Count => (7, 0),
        Expected::SlaClock => (8, 0),
        Expected::Dot => (9, 0),
        Expected::ListOpen => (10, 0),
        Expected::ListNext => (11, 0),
        Expected::Semicolon => (12, 0),
        Expected::Keyword(w) => (13, KEYWORDS.iter().position(|k| *k == w).unwrap_or(0)),
        Expected::End => (14, 0),
    }
}

/// The error for a text that does not fit the grammar at `at`, where `expected` was looked for;
/// `from` is where the rule (or other part) being read began.
pub(super) fn syntax_error(text: &str, from: usize, at: usize, expected: &[Expected]) -> RuleError {
    let expected_kinds = expected;
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at += text[at..].len() - text[at..].trim_start().len();
    let end = text[at..].find(char::is_whitespace).map_or(text.len(), |n| at + n);
    let found = &text[at..end];
    let mut sorted = expected.to_vec();
    order::sort_by_key(&mut sorted, |e| rank(*e));
    let mut words: Vec<String> = Vec::new();
    for e in sorted {
        let w = describe(e);
        if !words.contains(&w) {
            words.push(w);
        }
    }
    let expected = match words.as_slice() {
        [] => "something else".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    let found_text = if found.is_empty() { "the end of the text".to_string() } else { format!("\"{found}\"") };
    let span = Span { start: at, end };
    if let Some((hint, fix)) = unclosed(text, from.min(at), at) {
        return RuleError::at(text, span, format!("expected {expected}, found {found_text}"))
            .with_hint(hint)
            .with_fix(fix);
    }
    if let Some(rest) = text[at..].strip_prefix('"')
        && expected.contains("double quotes")
    {
        // A name that does not read: a backslash before another letter, or no closing quote.
        let (hint, fix) = match rest.find(['"', '\\', '\n', '\r']).map(|i| rest.as_bytes()[i]) {
            Some(b'\\') => ("inside quotes, a backslash goes only before \" or \\", None),
            _ => (
                "a name in quotes ends on its own line: is its closing quote missing?",
                syntax_fix::close_quote(text, at),
            ),
        };
        return RuleError::at(text, span, format!("expected {expected}, found {found_text}"))
            .with_hint(hint)
            .with_fix(fix);
    }
    if let Some((hint, fix)) = hint_for(text, at, found, &expected, expected_kinds) {
        return RuleError::at(text, span, format!("expected {expected}, found {found_text}"))
            .with_hint(hint)
            .with_fix(fix);
    }
    // A misspelt word before the point reads as an attribute name ("waitng > 5m"): name it.
    let before = text[..at].trim_end();
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    if !word.is_empty()
        && !KEYWORDS.contains(&word)
        && word.chars().next().is_some_and(char::is_alphabetic)
        && let Some(k) = near_keyword(word)
    {
        let span = Span { start: word_start, end: before.len() };
        return RuleError::at(text, span, format!("unknown word \"{word}\""))
            .with_hint(format!("did you mean \"{k}\"?"))
            .with_fix(Some(Fix::use_keyword((span.start, span.end), k)));
    }
    RuleError::at(text, span, format!("expected {expected}, found {found_text}")).with_fix(syntax_fix::missing(
        text,
        at,
        found,
        expected_kinds,
    ))
}

/// The keyword nearest to a word, if near enough to be a slip.
fn near_keyword(word: &str) -> Option<&'static str> {
    crate::engine::problem::near_match(word, KEYWORDS.iter().copied())
}

/// A hint when what goes wrong at `at` began earlier in its rule (from `from`): a "(" still open there, or a name whose
/// closing quote is missing (so that it swallowed the rule's words and its own closing quote
/// opened a new text); with the fix that closes it, when it plainly ends at one place.
fn unclosed(text: &str, from: usize, at: usize) -> Option<(String, Option<Fix>)> {
    let before = &text[..at];
    let mut open: Vec<usize> = Vec::new();
    let mut quoted: Option<usize> = None;
    let mut chars = text[from..at].char_indices().map(|(i, c)| (from + i, c)).peekable();
    let mut last_text: Option<(usize, usize)> = None;
    while let Some((i, c)) = chars.next() {
        match (quoted, c) {
            (Some(_), '\\') => {
                chars.next();
            }
            (Some(start), '"') => {
                quoted = None;
                last_text = Some((start, i + 1));
            }
            (Some(_), _) => {}
            (None, '"') => quoted = Some(i),
            (None, '#') => while chars.next_if(|&(_, c)| c != '\n').is_some() {},
            (None, '(') => open.push(i),
            (None, ')') => {
                open.pop();
            }
            _ => {}
        }
    }
    let place = |i: usize| {
        let line = before[..i].matches('\n').count() + 1;
        let column = before[..i].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("line {line}, column {column}")
    };
    if let Some(&i) = open.last() {
        let fix = syntax_fix::close_parens(text, at, open.len());
        return Some((format!("the \"(\" at {} is not closed with \")\"", place(i)), fix));
    }
    // A text in quotes just before the error that holds rule words ("x when level is "): its
    // own closing quote is likely missing.
    let (start, end) = last_text?;
    let inner = &text[start + 1..end - 1];
    let runs_on = [" when ", " then ", " is ", " and ", " or "].iter().any(|w| inner.contains(w));
    (runs_on && text[end..at].trim().is_empty()).then(|| {
        let hint = format!("the text in quotes at {} runs on into the rule: is a closing quote missing?", place(start));
        (hint, syntax_fix::close_run_on(text, start, end))
    })
}

/// A hint for common slips, found at `at`: a misspelt keyword, a name without quotes, a single
/// `=`; with its fix when there is one.
fn hint_for(text: &str, at: usize, found: &str, expected: &str, kinds: &[Expected]) -> Option<(String, Option<Fix>)> {
    let word: String = found.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if KEYWORDS.contains(&word.as_str()) && !expected.contains(&format!("\"{word}\"")) {
        // A keyword where another was wanted is not a slip of spelling.
        return None;
    }
    if found.starts_with('=') {
        let hint = "compare with is for names, or >, >=, <, <= for times and counts";
        return Some((hint.into(), syntax_fix::comparison(at, found, kinds)));
    }
    if found.starts_with('\'') {
        let fix = syntax_fix::quote_word(text, at, found).filter(|_| expected.contains("double quotes"));
        return Some(("names go in double quotes".into(), fix));
    }
    if word.is_empty() {
        return None;
    }
    if expected.contains("double quotes") {
        return Some((format!("names go in double quotes: \"{word}\""), syntax_fix::quote_word(text, at, found)));
    }
    // Where a value was wanted, a word is not a misspelt keyword.
    let value = ["a duration", "a percentage", "a number", "a comparison"].iter().any(|v| expected.starts_with(v));
    near_keyword(&word)
        .filter(|_| !value)
        .map(|k| (format!("did you mean \"{k}\"?"), Some(Fix::use_keyword((at, at + word.len()), k))))
}
