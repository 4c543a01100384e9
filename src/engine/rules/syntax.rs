//! The parsed form of a rule text, and its canonical printed form; `tokens` splits a text for
//! highlighting.
//!
//! Every name and value keeps the span it came from, for diagnostics; spans take no part in
//! equality, so a rule set printed and parsed again equals the original.

use std::fmt::{self, Write};

use crate::engine::time::format_duration;

mod tokens;

pub use tokens::{TokenKind, one_line, tokens};

/// Byte offsets `[start, end)` into the rule text.
#[derive(Clone, Copy, Debug, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A value and where it was written. Compares by value only.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A quoted name (of a level, category, priority, calendar, attribute or role) in the text.
pub type Name = Spanned<String>;

/// A whole rule text: rule sets in order. Rules before the first `ruleset` line form a set of
/// their own, unnamed, with the all-match policy.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RuleFile {
    pub sets: Vec<RuleSet>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RuleSet {
    pub name: Option<Name>,
    pub hit: HitPolicy,
    pub rules: Vec<Rule>,
}

/// What happens when several rules of a set hold at the same moment (as DMN hit policies).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HitPolicy {
    /// Only the first rule, in written order, acts.
    First,
    /// Every rule acts, in written order.
    All,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub name: Name,
    pub when: Spanned<Expr>,
    pub then: Vec<Spanned<Action>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Or(Vec<Spanned<Expr>>),
    And(Vec<Spanned<Expr>>),
    Not(Box<Spanned<Expr>>),
    Test(Test),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// `arrives`: the moment the issue arrives (only then, not at later level changes).
    Arrives,
    /// `category is "x"`, `category in ["x", "y"]`.
    Category(Vec<Name>),
    /// `priority is "P1"`, `priority in [...]`.
    Priority(Vec<Name>),
    /// `priority at least "P2"`: P2 or more urgent.
    PriorityAtLeast(Name),
    /// `level is "Team lead"`: the issue is at (queued or in service at) one of these levels.
    Level(Vec<Name>),
    /// `impact is "high"`, `attribute "customer tier" in ["gold"]`.
    Attribute { name: Name, values: Vec<Name> },
    /// `tags contain "lawsuit"`.
    Tag(Name),
    /// `resolved`: the issue has been resolved (usually written `not resolved`).
    Resolved,
    /// `service ends unresolved`: a service at the level just ended without resolving the issue.
    ServiceEndsUnresolved,
    /// `in business hours`, optionally of a named calendar.
    InBusinessHours(Option<Name>),
    /// `age > 24h`, `waiting >= 30m`, `time at level > 2bh`; business time is counted on the
    /// named calendar (`age > 16bh on "UK office"`), or on the scenario's only calendar.
    Time { measure: Measure, compare: Compare, limit: Spanned<Duration>, calendar: Option<Name> },
    /// `sla.resolution.elapsed >= 80%`.
    SlaElapsed { target: SlaClock, compare: Compare, percent: Spanned<f64> },
    /// `escalations >= 2`, `reopens > 0`.
    Count { counter: Counter, compare: Compare, value: Spanned<u32> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Since the issue arrived.
    Age,
    /// In the current level's queue.
    Waiting,
    /// Since the issue entered its current level (queue and service).
    TimeAtLevel,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlaClock {
    Response,
    Resolution,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counter {
    Escalations,
    Reopens,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compare {
    Greater,
    AtLeast,
    Less,
    AtMost,
}

/// A duration in milliseconds, of elapsed time or of business time (`8bh`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Duration {
    pub ms: u64,
    pub business: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// `route to "L"`: enter at this level (on arrival) or move there.
    RouteTo(Name),
    /// `escalate`: to the next level of the category's path.
    EscalateNext,
    /// `escalate to "L"`.
    EscalateTo(Name),
    /// `set priority "P1"`.
    SetPriority(Name),
    /// `raise priority`: one step more urgent.
    RaisePriority,
    /// `notify "Team lead"`, optionally costing that role's time: `notify "Team lead" costing 10m`.
    Notify {
        role: Name,
        cost: Option<Spanned<Duration>>,
    },
    /// `pause sla` / `resume sla`: stop and restart the SLA clocks (pending: the requester has
    /// the issue); `hold sla`: on hold (a third party has it), only the agent-work clock stops.
    PauseSla,
    ResumeSla,
    HoldSla,
    /// `close as resolved`.
    CloseResolved,
    /// `loop back to "L1" 2 times`: go through the escalation again from that level, at most
    /// that many times per issue (after a waiting or time-at-level timer).
    LoopBack {
        to: Name,
        times: Spanned<u32>,
    },
}

/// One line of the canonical text, and the part of the rules it prints.
#[derive(Clone, Copy, Debug)]
pub enum Line<'a> {
    /// `ruleset "name" first match`.
    Header(&'a Name, HitPolicy),
    /// `rule "name"`.
    Rule(&'a Rule),
    /// `  when CONDITION`.
    When(&'a Rule),
    /// `  then ACTION; ACTION`.
    Then(&'a Rule),
}

impl RuleFile {
    /// The lines of the canonical text in order, each with whether a blank line comes before it:
    /// one rule set header per named set, each rule on three lines, a blank line between rules
    /// and before a header, none right after a header. The printer writes them; the formatter
    /// (`rules::format`) puts the comments among them.
    pub fn lines(&self) -> Vec<(bool, Line<'_>)> {
        let mut out = Vec::new();
        let mut blank = false;
        for set in &self.sets {
            if let Some(name) = &set.name {
                out.push((blank, Line::Header(name, set.hit)));
                blank = false;
            }
            for rule in &set.rules {
                out.extend([(blank, Line::Rule(rule)), (false, Line::When(rule)), (false, Line::Then(rule))]);
                blank = true;
            }
        }
        out
    }
}

impl fmt::Display for RuleFile {
    /// The canonical text: its [`lines`](RuleFile::lines), each ended by a line break.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (blank, line) in self.lines() {
            if blank {
                f.write_char('\n')?;
            }
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Line::Header(name, hit) => {
                let hit = match hit {
                    HitPolicy::First => "first",
                    HitPolicy::All => "all",
                };
                write!(f, "ruleset {} {hit} match", quote(&name.value))
            }
            Line::Rule(rule) => write!(f, "rule {}", quote(&rule.name.value)),
            Line::When(rule) => write!(f, "  when {}", ExprText(&rule.when.value, 0)),
            Line::Then(rule) => {
                f.write_str("  then ")?;
                for (i, action) in rule.then.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{}", action.value)?;
                }
                Ok(())
            }
        }
    }
}

/// A condition in its canonical text.
pub fn expr_text(e: &Expr) -> String {
    ExprText(e, 0).to_string()
}

/// An expression printed inside an operator of binding strength `outer` (0 = none, 1 = or,
/// 2 = and, 3 = not), with parentheses where the reading would otherwise change.
struct ExprText<'a>(&'a Expr, u8);

impl fmt::Display for ExprText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (inner, parts, sep) = match self.0 {
            Expr::Or(parts) => (1, parts, " or "),
            Expr::And(parts) => (2, parts, " and "),
            Expr::Not(e) => return write!(f, "not {}", ExprText(&e.value, 3)),
            Expr::Test(t) => return write!(f, "{t}"),
        };
        let wrap = self.1 >= inner;
        if wrap {
            f.write_char('(')?;
        }
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                f.write_str(sep)?;
            }
            write!(f, "{}", ExprText(&p.value, inner))?;
        }
        if wrap {
            f.write_char(')')?;
        }
        Ok(())
    }
}

impl fmt::Display for Test {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Test::Arrives => f.write_str("arrives"),
            Test::Category(v) => write!(f, "category {}", Membership(v)),
            Test::Priority(v) => write!(f, "priority {}", Membership(v)),
            Test::PriorityAtLeast(p) => write!(f, "priority at least {}", quote(&p.value)),
            Test::Level(v) => write!(f, "level {}", Membership(v)),
            Test::Attribute { name, values } => {
                if is_plain_attribute(&name.value) {
                    write!(f, "{} {}", name.value, Membership(values))
                } else {
                    write!(f, "attribute {} {}", quote(&name.value), Membership(values))
                }
            }
            Test::Tag(t) => write!(f, "tags contain {}", quote(&t.value)),
            Test::Resolved => f.write_str("resolved"),
            Test::ServiceEndsUnresolved => f.write_str("service ends unresolved"),
            Test::InBusinessHours(None) => f.write_str("in business hours"),
            Test::InBusinessHours(Some(c)) => write!(f, "in business hours {}", quote(&c.value)),
            Test::Time { measure, compare, limit, calendar } => {
                let m = match measure {
                    Measure::Age => "age",
                    Measure::Waiting => "waiting",
                    Measure::TimeAtLevel => "time at level",
                };
                write!(f, "{m} {compare} {}", limit.value)?;
                match calendar {
                    Some(c) => write!(f, " on {}", quote(&c.value)),
                    None => Ok(()),
                }
            }
            Test::SlaElapsed { target, compare, percent } => {
                let t = match target {
                    SlaClock::Response => "response",
                    SlaClock::Resolution => "resolution",
                };
                write!(f, "sla.{t}.elapsed {compare} {}%", percent.value)
            }
            Test::Count { counter, compare, value } => {
                let c = match counter {
                    Counter::Escalations => "escalations",
                    Counter::Reopens => "reopens",
                };
                write!(f, "{c} {compare} {}", value.value)
            }
        }
    }
}

impl Compare {
    pub fn holds<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Compare::Greater => a > b,
            Compare::AtLeast => a >= b,
            Compare::Less => a < b,
            Compare::AtMost => a <= b,
        }
    }
}

impl fmt::Display for Compare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Compare::Greater => ">",
            Compare::AtLeast => ">=",
            Compare::Less => "<",
            Compare::AtMost => "<=",
        })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.business {
            // Business hours are written in hours (`8bh`, `1.5bh`).
            let hours = self.ms as f64 / 3_600_000.0;
            write!(f, "{hours}bh")
        } else {
            f.write_str(&format_duration(self.ms))
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::RouteTo(l) => write!(f, "route to {}", quote(&l.value)),
            Action::EscalateNext => f.write_str("escalate"),
            Action::EscalateTo(l) => write!(f, "escalate to {}", quote(&l.value)),
            Action::SetPriority(p) => write!(f, "set priority {}", quote(&p.value)),
            Action::RaisePriority => f.write_str("raise priority"),
            Action::Notify { role, cost: None } => write!(f, "notify {}", quote(&role.value)),
            Action::Notify { role, cost: Some(c) } => write!(f, "notify {} costing {}", quote(&role.value), c.value),
            Action::PauseSla => f.write_str("pause sla"),
            Action::ResumeSla => f.write_str("resume sla"),
            Action::HoldSla => f.write_str("hold sla"),
            Action::CloseResolved => f.write_str("close as resolved"),
            Action::LoopBack { to, times } => write!(f, "loop back to {} {} times", quote(&to.value), times.value),
        }
    }
}

struct Membership<'a>(&'a [Name]);

impl fmt::Display for Membership<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [one] => write!(f, "is {}", quote(&one.value)),
            many => {
                let items: Vec<String> = many.iter().map(|n| quote(&n.value)).collect();
                write!(f, "in [{}]", items.join(", "))
            }
        }
    }
}

/// The words of the language: an attribute with one of these names is written `attribute "name"`.
pub const KEYWORDS: &[&str] = &[
    "ruleset",
    "rule",
    "when",
    "then",
    "first",
    "all",
    "match",
    "and",
    "or",
    "not",
    "category",
    "priority",
    "at",
    "least",
    "level",
    "tags",
    "contain",
    "resolved",
    "service",
    "ends",
    "unresolved",
    "in",
    "business",
    "hours",
    "sla",
    "response",
    "resolution",
    "elapsed",
    "age",
    "waiting",
    "time",
    "escalations",
    "reopens",
    "attribute",
    "is",
    "route",
    "to",
    "escalate",
    "set",
    "raise",
    "notify",
    "costing",
    "pause",
    "resume",
    "hold",
    "close",
    "loop",
    "back",
    "times",
    "as",
    "on",
    "arrives",
];

/// Whether an attribute name can be written bare (`impact is "high"`).
pub fn is_plain_attribute(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

/// A name in double quotes, with `"` and `\` escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}
