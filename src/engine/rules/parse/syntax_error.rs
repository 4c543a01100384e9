//! A grammar error in words: where the text goes wrong (the word there, or a number that wants
//! a unit), what was expected there, and a hint when the slip is a common one (a "(" or a quote
//! left open, a misspelt keyword, a name without quotes, a single `=`).

use super::{Rule, RuleError, keyword_text};
use crate::engine::rules::syntax::{KEYWORDS, Span};

/// How a grammar rule reads in "expected ..." messages.
fn describe(r: Rule) -> String {
    if let Some(word) = keyword_text(r) {
        return format!("\"{word}\"");
    }
    match r {
        Rule::EOI => "the end of the text",
        Rule::rule => "a rule (rule \"name\" when ... then ...)",
        Rule::condition => "a condition",
        Rule::ruleset => "a ruleset line",
        Rule::string | Rule::text => "a name in double quotes",
        Rule::expr | Rule::and_expr | Rule::negation => "a condition",
        Rule::arrives_test
        | Rule::category_test
        | Rule::priority_test
        | Rule::priority_at_least
        | Rule::level_test
        | Rule::tag_test
        | Rule::resolved_test
        | Rule::unresolved_service
        | Rule::business_hours
        | Rule::sla_test
        | Rule::time_test
        | Rule::count_test
        | Rule::attribute_test
        | Rule::attribute_name => "a condition",
        Rule::measure => "age, waiting or time at level",
        Rule::counter => "escalations or reopens",
        Rule::sla_target => "response or resolution",
        Rule::compare => "a comparison (>, >=, <, <=)",
        Rule::duration | Rule::unit => "a duration such as 30m, 4h, 2d or 8bh",
        Rule::percent => "a percentage such as 80%",
        Rule::count | Rule::number => "a number",
        Rule::is_one | Rule::in_list => "is \"...\" or in [\"...\", ...]",
        Rule::hit => "first match or all match",
        Rule::actions
        | Rule::route
        | Rule::escalate_to
        | Rule::escalate_next
        | Rule::set_priority
        | Rule::raise_priority
        | Rule::notify
        | Rule::pause_sla
        | Rule::resume_sla
        | Rule::close => "an action",
        _ => "something else",
    }
    .to_string()
}

pub(super) fn syntax_error(text: &str, e: pest::error::Error<Rule>) -> RuleError {
    let at = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    // pest reports the furthest point it reached. After a number that wanted a unit ("24 then"),
    // that is the end of the number: point at the number itself. Otherwise point at the next word.
    let wants_unit = matches!(&e.variant, pest::error::ErrorVariant::ParsingError { positives, .. } if positives.contains(&Rule::unit));
    let mut at = at.min(text.len());
    while wants_unit && at > 0 && text[..at].chars().next_back().is_some_and(|c| c.is_ascii_digit() || c == '.') {
        at -= 1;
    }
    at += text[at..].len() - text[at..].trim_start().len();
    let end = text[at..].find(char::is_whitespace).map_or(text.len(), |n| at + n);
    let found = &text[at..end];
    let expected = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<String> = Vec::new();
            for r in positives {
                let w = describe(*r);
                if !words.contains(&w) {
                    words.push(w);
                }
            }
            words
        }
        pest::error::ErrorVariant::CustomError { message } => vec![message.clone()],
    };
    let expected = match expected.as_slice() {
        [] => "something else".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    let found_text = if found.is_empty() { "the end of the text".to_string() } else { format!("\"{found}\"") };
    let span = Span { start: at, end };
    if let Some(hint) = unclosed(text, at) {
        return RuleError::at(text, span, format!("expected {expected}, found {found_text}")).with_hint(hint);
    }
    if let Some(hint) = hint_for(found, &expected) {
        return RuleError::at(text, span, format!("expected {expected}, found {found_text}")).with_hint(hint);
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
            .with_hint(format!("did you mean \"{k}\"?"));
    }
    RuleError::at(text, span, format!("expected {expected}, found {found_text}"))
}

/// The keyword nearest to a word, if near enough to be a slip.
fn near_keyword(word: &str) -> Option<&'static str> {
    crate::engine::problem::near_match(word, KEYWORDS.iter().copied())
}

/// A hint when what goes wrong at `at` began earlier: a "(" still open there, or a name whose
/// closing quote is missing (so that it swallowed the rule's words and its own closing quote
/// opened a new text).
fn unclosed(text: &str, at: usize) -> Option<String> {
    let before = &text[..at];
    let mut open: Vec<usize> = Vec::new();
    let mut quoted: Option<usize> = None;
    let mut chars = before.char_indices().peekable();
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
        return Some(format!("the \"(\" at {} is not closed with \")\"", place(i)));
    }
    // A text in quotes just before the error that holds rule words ("x when level is "): its
    // own closing quote is likely missing.
    let (start, end) = last_text?;
    let inner = &text[start + 1..end - 1];
    let runs_on = [" when ", " then ", " is ", " and ", " or "].iter().any(|w| inner.contains(w));
    (runs_on && text[end..at].trim().is_empty())
        .then(|| format!("the text in quotes at {} runs on into the rule: is a closing quote missing?", place(start)))
}

/// A hint for common slips: a misspelt keyword, a name without quotes, a single `=`.
fn hint_for(found: &str, expected: &str) -> Option<String> {
    let word: String = found.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if KEYWORDS.contains(&word.as_str()) && !expected.contains(&format!("\"{word}\"")) {
        // A keyword where another was wanted is not a slip of spelling.
        return None;
    }
    if found.starts_with('=') {
        return Some("compare with is for names, or >, >=, <, <= for times and counts".into());
    }
    if found.starts_with('\'') {
        return Some("names go in double quotes".into());
    }
    if !word.is_empty() {
        if let Some(k) = near_keyword(&word) {
            return Some(format!("did you mean \"{k}\"?"));
        }
        if expected.contains("double quotes") {
            return Some(format!("names go in double quotes: \"{word}\""));
        }
    }
    None
}
