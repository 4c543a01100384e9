//! From rule text to [`RuleFile`], with errors that say where (line:column and span), what was
//! expected, and how to fix it. Never panics, whatever the text.

use pest::Parser as _;
use pest::iterators::Pair;

use super::syntax::{
    Action, Compare, Counter, Duration, Expr, HitPolicy, Measure, Name, RuleFile, RuleSet, SlaClock, Span, Spanned,
    Test,
};
use crate::engine::time::parse_duration;
use syntax_error::syntax_error;

mod syntax_error;

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
