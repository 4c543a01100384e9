//! From rule text to [`RuleFile`], with errors that say where (line:column and span), what was
//! expected, and how to fix it. Never panics, whatever the text.

use pest::Parser as _;
use pest::iterators::Pair;

use super::syntax::*;
use crate::engine::time::parse_duration;

#[derive(pest_derive::Parser)]
#[grammar = "engine/rules/rules.pest"]
struct Grammar;

/// Parentheses nested deeper than this are refused before parsing, so that no text can exhaust
/// the stack (in wasm there is no guard page to catch it).
pub const MAX_NESTING: usize = 40;

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
}

impl RuleError {
    pub fn at(text: &str, span: Span, message: impl Into<String>) -> RuleError {
        let (line, column) = line_column(text, span.start);
        RuleError { span: (span.start, span.end), line, column, message: message.into(), hint: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> RuleError {
        self.hint = Some(hint.into());
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

/// Parses a whole rule text.
pub fn parse(text: &str) -> Result<RuleFile, RuleError> {
    if text.len() > MAX_TEXT {
        return Err(RuleError::at(text, Span { start: MAX_TEXT, end: text.len() }, "the rule text is too long")
            .with_hint(format!("keep it under {} KB", MAX_TEXT / 1024)));
    }
    check_nesting(text)?;
    let mut pairs = Grammar::parse(Rule::file, text).map_err(|e| syntax_error(text, e))?;
    let file = pairs.next().expect("the file rule matched");
    let mut sets: Vec<RuleSet> = Vec::new();
    for item in file.into_inner() {
        match item.as_rule() {
            Rule::ruleset => {
                let mut parts = significant(item);
                let name = string(parts.next().expect("a ruleset has a name"));
                let hit = match parts.next().expect("a ruleset has a hit policy").into_inner().next() {
                    Some(p) if p.as_rule() == Rule::kw_first => HitPolicy::First,
                    _ => HitPolicy::All,
                };
                sets.push(RuleSet { name: Some(name), hit, rules: Vec::new() });
            }
            Rule::rule => {
                let rule = rule(text, item)?;
                match sets.last_mut() {
                    Some(set) => set.rules.push(rule),
                    None => sets.push(RuleSet { name: None, hit: HitPolicy::All, rules: vec![rule] }),
                }
            }
            _ => {}
        }
    }
    Ok(RuleFile { sets })
}

/// Parses a bare condition (a trigger's `only_if`).
pub fn parse_condition(text: &str) -> Result<Spanned<Expr>, RuleError> {
    if text.len() > MAX_TEXT {
        return Err(RuleError::at(text, Span { start: MAX_TEXT, end: text.len() }, "the condition is too long"));
    }
    check_nesting(text)?;
    let mut pairs = Grammar::parse(Rule::condition, text).map_err(|e| syntax_error(text, e))?;
    let condition = pairs.next().expect("the condition rule matched");
    let e = condition.into_inner().find(|p| p.as_rule() == Rule::expr).expect("a condition holds an expression");
    expr(text, e)
}

fn check_nesting(text: &str) -> Result<(), RuleError> {
    let mut depth = 0usize;
    // `not`s since the last other word: each nests the condition one level deeper too.
    let mut nots = 0usize;
    let mut word_start = None;
    let mut in_string = false;
    let mut escaped = false;
    let mut in_comment = false;
    let too_deep = |at: usize, nots: usize| {
        let (message, hint) = if nots > 0 {
            ("conditions are nested too deeply", format!("at most {MAX_NESTING} levels of parentheses and \"not\""))
        } else {
            ("parentheses are nested too deeply", format!("at most {MAX_NESTING} levels"))
        };
        Err(RuleError::at(text, Span { start: at, end: at + 1 }, message).with_hint(hint))
    };
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if !in_comment && !in_string && (c.is_alphanumeric() || c == '_') {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = word_start.take() {
            if &text[start..i] == "not" {
                nots += 1;
                if depth + nots > MAX_NESTING {
                    return too_deep(start, nots);
                }
            } else {
                nots = 0;
            }
        }
        if in_comment {
            in_comment = c != '\n';
            continue;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '#' => in_comment = true,
            '(' => {
                depth += 1;
                if depth + nots > MAX_NESTING {
                    return too_deep(i, nots);
                }
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The children that carry meaning: keywords dropped.
fn significant(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| !is_keyword(p.as_rule()))
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span { start: s.start(), end: s.end() }
}

fn string(pair: Pair<'_, Rule>) -> Name {
    let span = span_of(&pair);
    let raw = pair.into_inner().next().map_or("", |t| t.as_str());
    let mut out = String::with_capacity(raw.len());
    let mut escaped = false;
    for c in raw.chars() {
        if escaped || c != '\\' {
            out.push(c);
            escaped = false;
        } else {
            escaped = true;
        }
    }
    Spanned::new(out, span)
}

fn rule(text: &str, pair: Pair<'_, Rule>) -> Result<super::syntax::Rule, RuleError> {
    let mut parts = significant(pair);
    let name = string(parts.next().expect("a rule has a name"));
    let when = expr(text, parts.next().expect("a rule has a condition"))?;
    let actions = parts.next().expect("a rule has actions");
    let then = actions.into_inner().map(|a| action(text, a)).collect::<Result<Vec<_>, _>>()?;
    Ok(super::syntax::Rule { name, when, then })
}

fn expr(text: &str, pair: Pair<'_, Rule>) -> Result<Spanned<Expr>, RuleError> {
    let span = span_of(&pair);
    let value = match pair.as_rule() {
        Rule::expr | Rule::and_expr => {
            let or = pair.as_rule() == Rule::expr;
            let mut parts: Vec<Spanned<Expr>> = significant(pair).map(|p| expr(text, p)).collect::<Result<_, _>>()?;
            if parts.len() == 1 {
                return Ok(parts.pop().expect("one part"));
            }
            if or { Expr::Or(parts) } else { Expr::And(parts) }
        }
        Rule::negation => Expr::Not(Box::new(expr(text, significant(pair).next().expect("not has an operand"))?)),
        _ => Expr::Test(test(text, pair)?),
    };
    Ok(Spanned::new(value, span))
}

fn membership(pair: Pair<'_, Rule>) -> Vec<Name> {
    significant(pair).map(string).collect()
}

fn compare(pair: &Pair<'_, Rule>) -> Compare {
    match pair.as_str() {
        ">=" => Compare::AtLeast,
        "<=" => Compare::AtMost,
        "<" => Compare::Less,
        _ => Compare::Greater,
    }
}

fn test(text: &str, pair: Pair<'_, Rule>) -> Result<Test, RuleError> {
    let kind = pair.as_rule();
    let mut parts = significant(pair);
    let mut next = || parts.next().expect("the grammar gives every part");
    Ok(match kind {
        Rule::arrives_test => Test::Arrives,
        Rule::category_test => Test::Category(membership(next())),
        Rule::priority_test => Test::Priority(membership(next())),
        Rule::priority_at_least => Test::PriorityAtLeast(string(next())),
        Rule::level_test => Test::Level(membership(next())),
        Rule::tag_test => Test::Tag(string(next())),
        Rule::resolved_test => Test::Resolved,
        Rule::unresolved_service => Test::ServiceEndsUnresolved,
        Rule::business_hours => Test::InBusinessHours(parts.next().map(string)),
        Rule::sla_test => {
            let target = match next().into_inner().next().map(|p| p.as_rule()) {
                Some(Rule::kw_response) => SlaClock::Response,
                _ => SlaClock::Resolution,
            };
            let compare = compare(&next());
            let p = next();
            let span = span_of(&p);
            let number = p.as_str().trim_end_matches('%');
            let value: f64 = number.parse().map_err(|_| RuleError::at(text, span, "not a percentage"))?;
            if !(0.0..=1000.0).contains(&value) {
                return Err(RuleError::at(text, span, format!("{value}% is not a sensible share of an SLA target"))
                    .with_hint("use 0% to 1000%"));
            }
            Test::SlaElapsed { target, compare, percent: Spanned::new(value, span) }
        }
        Rule::time_test => {
            let measure_pair = next();
            let first = measure_pair.clone().into_inner().next().map(|p| p.as_rule());
            let measure = match first {
                Some(Rule::kw_age) => Measure::Age,
                Some(Rule::kw_waiting) => Measure::Waiting,
                _ => Measure::TimeAtLevel,
            };
            let compare = compare(&next());
            let limit = duration(text, next())?;
            let calendar = parts.next().map(string);
            Test::Time { measure, compare, limit, calendar }
        }
        Rule::count_test => {
            let counter = match next().into_inner().next().map(|p| p.as_rule()) {
                Some(Rule::kw_escalations) => Counter::Escalations,
                _ => Counter::Reopens,
            };
            let compare = compare(&next());
            let p = next();
            let span = span_of(&p);
            let value: u32 = p.as_str().parse().map_err(|_| {
                RuleError::at(text, span, format!("{} is too large a count", p.as_str())).with_hint("use at most 1000")
            })?;
            if value > 1000 {
                return Err(
                    RuleError::at(text, span, format!("{value} is too large a count")).with_hint("use at most 1000")
                );
            }
            Test::Count { counter, compare, value: Spanned::new(value, span) }
        }
        Rule::attribute_test => {
            let first = next();
            let name = if first.as_rule() == Rule::attribute_name {
                Spanned::new(first.as_str().to_string(), span_of(&first))
            } else {
                string(first)
            };
            Test::Attribute { name, values: membership(next()) }
        }
        other => unreachable_rule(other),
    })
}

fn action(text: &str, pair: Pair<'_, Rule>) -> Result<Spanned<Action>, RuleError> {
    let span = span_of(&pair);
    let kind = pair.as_rule();
    let mut parts = significant(pair);
    let value = match kind {
        Rule::route => Action::RouteTo(string(parts.next().expect("route names a level"))),
        Rule::escalate_to => Action::EscalateTo(string(parts.next().expect("escalate to names a level"))),
        Rule::escalate_next => Action::EscalateNext,
        Rule::set_priority => Action::SetPriority(string(parts.next().expect("set priority names one"))),
        Rule::raise_priority => Action::RaisePriority,
        Rule::notify => {
            let role = string(parts.next().expect("notify names a role"));
            let cost = parts.next().map(|p| duration(text, p)).transpose()?;
            Action::Notify { role, cost }
        }
        Rule::pause_sla => Action::PauseSla,
        Rule::resume_sla => Action::ResumeSla,
        Rule::close => Action::CloseResolved,
        other => unreachable_rule(other),
    };
    Ok(Spanned::new(value, span))
}

/// The grammar and this walk are written together; a rule the walk does not know is a bug in
/// this file, found by the table-driven tests, never by a user.
fn unreachable_rule(r: Rule) -> ! {
    unreachable!("the rule walk does not handle {r:?}")
}

fn duration(text: &str, pair: Pair<'_, Rule>) -> Result<Spanned<Duration>, RuleError> {
    let span = span_of(&pair);
    let s = pair.as_str();
    let units: Vec<&str> = pair.into_inner().filter(|p| p.as_rule() == Rule::unit).map(|u| u.as_str()).collect();
    let business = units.contains(&"bh");
    if business && units.iter().any(|&u| u != "bh") {
        return Err(RuleError::at(text, span, format!("\"{s}\" mixes business hours with clock time"))
            .with_hint("write business time in bh only, e.g. 8bh or 1.5bh"));
    }
    let ms = if business {
        let hours: f64 = s.split("bh").filter(|p| !p.is_empty()).filter_map(|p| p.parse::<f64>().ok()).sum();
        let ms = (hours * 3_600_000.0).round();
        if ms.is_nan() || ms >= 1e15 {
            return Err(RuleError::at(text, span, format!("\"{s}\" is too long a duration")));
        }
        ms as u64
    } else {
        parse_duration(s).map_err(|e| RuleError::at(text, span, e.to_string()))?
    };
    if ms == 0 {
        return Err(RuleError::at(text, span, "a zero duration never passes")
            .with_hint("to act at once, leave the time condition out"));
    }
    Ok(Spanned::new(Duration { ms, business }, span))
}

fn is_keyword(r: Rule) -> bool {
    keyword_text(r).is_some()
}

/// The word a keyword rule matches.
fn keyword_text(r: Rule) -> Option<&'static str> {
    Some(match r {
        Rule::kw_ruleset => "ruleset",
        Rule::kw_rule => "rule",
        Rule::kw_when => "when",
        Rule::kw_then => "then",
        Rule::kw_first => "first",
        Rule::kw_all => "all",
        Rule::kw_match => "match",
        Rule::kw_and => "and",
        Rule::kw_or => "or",
        Rule::kw_not => "not",
        Rule::kw_category => "category",
        Rule::kw_priority => "priority",
        Rule::kw_at => "at",
        Rule::kw_least => "least",
        Rule::kw_level => "level",
        Rule::kw_tags => "tags",
        Rule::kw_contain => "contain",
        Rule::kw_resolved => "resolved",
        Rule::kw_service => "service",
        Rule::kw_ends => "ends",
        Rule::kw_unresolved => "unresolved",
        Rule::kw_in => "in",
        Rule::kw_business => "business",
        Rule::kw_hours => "hours",
        Rule::kw_sla => "sla",
        Rule::kw_response => "response",
        Rule::kw_resolution => "resolution",
        Rule::kw_elapsed => "elapsed",
        Rule::kw_age => "age",
        Rule::kw_waiting => "waiting",
        Rule::kw_time => "time",
        Rule::kw_escalations => "escalations",
        Rule::kw_reopens => "reopens",
        Rule::kw_attribute => "attribute",
        Rule::kw_is => "is",
        Rule::kw_route => "route",
        Rule::kw_to => "to",
        Rule::kw_escalate => "escalate",
        Rule::kw_set => "set",
        Rule::kw_raise => "raise",
        Rule::kw_notify => "notify",
        Rule::kw_costing => "costing",
        Rule::kw_pause => "pause",
        Rule::kw_resume => "resume",
        Rule::kw_close => "close",
        Rule::kw_as => "as",
        Rule::kw_on => "on",
        Rule::kw_arrives => "arrives",
        _ => return None,
    })
}

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

fn syntax_error(text: &str, e: pest::error::Error<Rule>) -> RuleError {
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
