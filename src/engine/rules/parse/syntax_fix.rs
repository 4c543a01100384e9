//! The quick fixes of grammar errors: where a slip has one plain mending (a keyword left out, a
//! quote, bracket or parenthesis left open, a number without its unit, a misplaced `=`), the
//! edit that makes it. Each is offered only where making it leaves that place readable, so that
//! applying a fix never trades its error for another (the tests apply every fix of the
//! recovery corpus and parse again).

use super::reader::{Expected, Reader};
use super::values::{duration, percent};
use crate::engine::rules::fix::Fix;
use crate::engine::rules::syntax::quote;

/// Words of the rule language that a name in quotes is unlikely to hold: where one follows an
/// unclosed quote on its line, the quote's name likely ended before it.
const RULE_WORDS: [&str; 4] = [" when ", " then ", " and ", " or "];

/// Unit words people write after a number, and the unit the language writes for them.
const UNIT_WORDS: [(&str, &[&str]); 6] = [
    ("ms", &["ms", "msec", "msecs", "millisecond", "milliseconds"]),
    ("s", &["s", "sec", "secs", "second", "seconds"]),
    ("m", &["m", "min", "mins", "minute", "minutes"]),
    ("h", &["h", "hr", "hrs", "hour", "hours"]),
    ("d", &["d", "day", "days"]),
    ("w", &["w", "wk", "wks", "week", "weeks"]),
];

/// The closing quote of a name whose quote at `at` is not closed on its line: put before the
/// first rule word after it on the line, else at the line's end.
pub(super) fn close_quote(text: &str, at: usize) -> Option<Fix> {
    let line_end = text[at..].find(['\n', '\r']).map_or(text.len(), |n| at + n);
    let line = &text[at..line_end];
    let end = RULE_WORDS.iter().filter_map(|w| line.find(w)).min().map_or(line.trim_end().len(), |n| n);
    (end > 1).then(|| Fix::one("Add the closing quote", (at + end, at + end), "\""))
}

/// The closing quote of a name in quotes from `start` to `end` that ran on into its rule
/// (`rule "a when category is "x"`): put before the first rule word it swallowed, so that its
/// own closing quote opens the name after.
pub(super) fn close_run_on(text: &str, start: usize, end: usize) -> Option<Fix> {
    let inner = &text[start..end];
    let first = RULE_WORDS.iter().filter_map(|w| inner.find(w)).min()?;
    (first > 1).then(|| Fix::one("Add the closing quote", (start + first, start + first), "\""))
}

/// The `)`s that close the `open` parentheses before a `then` at `at`, put after the condition.
pub(super) fn close_parens(text: &str, at: usize, open: usize) -> Option<Fix> {
    if word_at(text, at) != "then" || open == 0 {
        return None;
    }
    let end = token_end_before(text, at)?;
    Some(Fix::one(format!("Close with \"{}\"", ")".repeat(open)), (end, end), ")".repeat(open)))
}

/// The fix of a grammar error that no hint explains: found `found` at `at` where `expected`
/// was looked for.
pub(super) fn missing(text: &str, at: usize, found: &str, expected: &[Expected]) -> Option<Fix> {
    let has = |e: Expected| expected.contains(&e);
    let word = word_at(text, at);
    if has(Expected::Duration) || has(Expected::Percent) {
        return unit(text, at, found, has(Expected::Percent));
    }
    if has(Expected::ListNext) && (found.starts_with('"') || matches!(word, "then" | "and" | "or")) {
        let end = token_end_before(text, at)?;
        return Some(if found.starts_with('"') {
            Fix::one("Add \",\"", (end, end), ",")
        } else {
            Fix::one("Close the list with \"]\"", (end, end), "]")
        });
    }
    if has(Expected::Semicolon) && super::grammar::is_action_word(word) {
        let end = token_end_before(text, at)?;
        return Some(Fix::one("Add \";\"", (end, end), ";"));
    }
    if has(Expected::Keyword("then")) && super::grammar::is_action_word(word) {
        return Some(add_word(text, at, "then"));
    }
    // A keyword left out, where what follows is what comes after it.
    let [Expected::Keyword(k)] = expected else { return None };
    let fits = match *k {
        "when" => super::grammar::starts_test(word),
        "as" => word == "resolved",
        "elapsed" => found.starts_with(['>', '<']),
        "to" | "priority" | "least" | "contain" => found.starts_with('"'),
        _ => false,
    };
    fits.then(|| add_word(text, at, k))
}

/// `=` where `is` was wanted, `=>` or `=<` where a comparison was.
pub(super) fn comparison(at: usize, found: &str, expected: &[Expected]) -> Option<Fix> {
    if expected.contains(&Expected::Compare) {
        let (written, with) = if found.starts_with("=>") {
            ("=>", ">=")
        } else if found.starts_with("=<") {
            ("=<", "<=")
        } else {
            return None;
        };
        return Some(Fix::one(format!("Use \"{with}\""), (at, at + written.len()), with));
    }
    let len = if found.starts_with("==") { 2 } else { 1 };
    (expected.contains(&Expected::Keyword("is")) && !found[len..].starts_with(['>', '<']))
        .then(|| Fix::one("Use \"is\"", (at, at + len), "is"))
}

/// A word written where a name in double quotes was wanted, quoted (`legal` or `'legal'`).
pub(super) fn quote_word(text: &str, at: usize, found: &str) -> Option<Fix> {
    if let Some(rest) = found.strip_prefix('\'') {
        let inner = &rest[..rest.find('\'')?];
        let quoted = quote(inner);
        return Some(Fix::one(format!("Use {quoted}"), (at, at + inner.len() + 2), quoted));
    }
    let word = word_at(text, at);
    let ends = text[at + word.len()..].chars().next().is_none_or(|c| c.is_whitespace() || ",;])".contains(c));
    let quoted = quote(word);
    (!word.is_empty() && ends).then(|| Fix::one(format!("Use {quoted}"), (at, at + word.len()), quoted))
}

/// A number without its unit at `at`: the unit added (`24` → `24m`), or the unit word after it
/// written as the language writes units (`30 mins` → `30m`).
fn unit(text: &str, at: usize, found: &str, percent_wanted: bool) -> Option<Fix> {
    let digits = found.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(found.len());
    let number = &found[..digits];
    if number.is_empty() || crate::engine::number::parse(number)? == 0.0 {
        return None;
    }
    let after = &found[digits..];
    if percent_wanted {
        let fix = Fix::one(format!("add the unit: {number}%"), (at + digits, at + digits), "%");
        return (after.is_empty() && reads(&format!("{number}%"), true)).then_some(fix);
    }
    // The unit written as a word: glued (`2days`) or after a space (`2 days`).
    let (unit_start, unit_word) = if after.is_empty() {
        let next = text[at + digits..].trim_start_matches([' ', '\t']);
        let start = text.len() - next.len();
        (start, word_at(text, start))
    } else {
        (at + digits, after)
    };
    if let Some((unit, _)) =
        UNIT_WORDS.iter().find(|(_, words)| words.contains(&unit_word.to_ascii_lowercase().as_str()))
    {
        let written = format!("{number}{unit}");
        let fix = Fix::one(format!("Write it {written}"), (at + digits, unit_start + unit_word.len()), *unit);
        return reads(&written, false).then_some(fix);
    }
    if !after.is_empty() {
        return None;
    }
    // A bare number: minutes, the usual reading, unless it counts whole days in hours.
    let whole_days = number.parse::<u64>().is_ok_and(|n| n % 24 == 0);
    let (unit, label) = if whole_days {
        ("h", format!("add the unit: {number}h (read as hours; {number}m for minutes)"))
    } else {
        ("m", format!("add the unit: {number}m"))
    };
    reads(&format!("{number}{unit}"), false).then(|| Fix::one(label, (at + digits, at + digits), unit))
}

/// Whether `value` reads as a duration (or a percentage) without an error of its own.
fn reads(value: &str, as_percent: bool) -> bool {
    let mut r = Reader::new(value);
    let read = if as_percent { percent(&mut r).is_some() } else { duration(&mut r).is_some() };
    read && r.errors.is_empty() && r.pos == value.len()
}

/// The keyword `word` put in before the token at `at`, with a space either side.
fn add_word(text: &str, at: usize, word: &str) -> Fix {
    let before = if text[..at].ends_with(char::is_whitespace) || at == 0 { "" } else { " " };
    Fix::one(format!("Add \"{word}\""), (at, at), format!("{before}{word} "))
}

/// The word (letters, digits, `_`) at `at`.
fn word_at(text: &str, at: usize) -> &str {
    let rest = &text[at.min(text.len())..];
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
    &rest[..end]
}

/// Where the token before `at` ends: after it, before the spaces up to `at`; `None` when a
/// comment ends that line (an insertion there would go into the comment).
fn token_end_before(text: &str, at: usize) -> Option<usize> {
    let end = text[..at].trim_end().len();
    let line_start = text[..end].rfind('\n').map_or(0, |n| n + 1);
    (!text[line_start..end].contains('#')).then_some(end)
}
