//! The grammar, read by recursive descent (the grammar itself is in docs/rules.md): a rule text
//! into rule sets, a condition into its tree. Each part returns `None` when the text does not
//! fit; the rule it belongs to then reports what was expected and skips to where it can go on
//! (the rule's `when` or `then`, the next action after a `;`, or the next `rule`), so that one
//! pass finds every error.

use super::reader::{Expected, Reader};
use super::values::{count, duration, percent};
use super::{MAX_NESTING, RuleError};
use crate::engine::rules::syntax::{
    Action, Compare, Counter, Expr, HitPolicy, Measure, Name, Rule, RuleFile, RuleSet, SlaClock, Span, Spanned, Test,
};

pub(super) struct Parser<'t> {
    pub(super) r: Reader<'t>,
    /// Parentheses and `not`s around the condition being read, and how many of them are `not`s.
    depth: usize,
    nots: usize,
}

impl<'t> Parser<'t> {
    pub(super) fn new(text: &'t str) -> Parser<'t> {
        Parser { r: Reader::new(text), depth: 0, nots: 0 }
    }

    /// A whole rule text: the rule sets with the rules that have no error.
    pub(super) fn file(&mut self) -> RuleFile {
        let mut sets: Vec<RuleSet> = Vec::new();
        while !self.r.at_end() && !self.r.too_many_errors() {
            self.r.item_start = self.r.next_at();
            if self.r.keyword("ruleset") {
                if let Some(set) = self.ruleset() {
                    sets.push(set);
                }
            } else if self.r.keyword("rule") {
                if let Some(rule) = self.rule() {
                    match sets.last_mut() {
                        Some(set) => set.rules.push(rule),
                        None => sets.push(RuleSet { name: None, hit: HitPolicy::All, rules: vec![rule] }),
                    }
                }
            } else {
                let at = self.r.next_at();
                self.r.note(at, Expected::End);
                self.r.recover(&[]);
            }
        }
        RuleFile { sets }
    }

    /// A bare condition and the end of the text.
    pub(super) fn condition(&mut self) -> Option<Spanned<Expr>> {
        let e = self.expr();
        if e.is_some() && self.r.at_end() {
            return e;
        }
        if e.is_some() {
            let at = self.r.next_at();
            self.r.note(at, Expected::End);
        }
        self.r.recover(&[]);
        None
    }

    /// `ruleset "name" first match`, after the keyword. A header with an error still names its
    /// set when its name was read, so that the rules after it are not taken for another set's.
    fn ruleset(&mut self) -> Option<RuleSet> {
        let name = self.r.string();
        let mut hit = HitPolicy::All;
        let ok = name.is_some() && {
            let at = self.r.skip();
            let policy = match self.r.peek_word() {
                "first" => Some(HitPolicy::First),
                "all" => Some(HitPolicy::All),
                _ => None,
            };
            match policy {
                Some(p) => {
                    hit = p;
                    self.r.pos += if p == HitPolicy::First { 5 } else { 3 };
                    self.r.keyword("match")
                }
                None => {
                    self.r.note(at, Expected::Hit);
                    false
                }
            }
        };
        if !ok {
            self.r.recover(&[]);
        }
        name.map(|name| RuleSet { name: Some(name), hit, rules: Vec::new() })
    }

    /// `rule "name" when ... then ...`, after the keyword; `None` when it has an error (reported).
    fn rule(&mut self) -> Option<Rule> {
        let errors_before = self.r.error_count;
        let mut broken = false;
        let name = self.r.string();
        if name.is_none() {
            self.r.recover(&["when", "then"]);
            broken = true;
        }
        let mut when = None;
        if self.r.keyword("when") {
            when = self.expr();
            if when.is_none() {
                self.r.recover(&["then"]);
                broken = true;
            }
        } else if !broken {
            self.r.recover(&["then"]);
            broken = true;
        }
        let mut then = Vec::new();
        if self.r.keyword("then") {
            then = self.actions();
            // What follows a rule is another, a rule set or the end.
            if !self.r.at_end() && !self.r.peek_keyword("rule") && !self.r.peek_keyword("ruleset") {
                let at = self.r.next_at();
                for what in [Expected::Keyword("ruleset"), Expected::Keyword("rule"), Expected::End] {
                    self.r.note(at, what);
                }
                self.r.recover(&[]);
            }
        } else if !broken {
            self.r.recover(&[]);
        }
        let (Some(name), Some(when)) = (name, when) else { return None };
        (self.r.error_count == errors_before && !then.is_empty()).then_some(Rule { name, when, then })
    }

    /// Actions separated by `;` (a last `;` allowed); one with an error is skipped to the next
    /// `;`, and a missing `;` between two actions is reported and read past.
    fn actions(&mut self) -> Vec<Spanned<Action>> {
        let mut out = Vec::new();
        loop {
            match self.action() {
                Some(a) => out.push(a),
                None => self.r.recover(&[";"]),
            }
            if !self.r.punct(b';', Some(Expected::Semicolon)) {
                if is_action_word(self.r.peek_word()) && !self.r.too_many_errors() {
                    self.r.report();
                    continue;
                }
                break;
            }
            if self.r.at_end() || self.r.peek_keyword("rule") || self.r.peek_keyword("ruleset") {
                let at = self.r.next_at();
                self.r.note(at, Expected::Action);
                break;
            }
        }
        out
    }

    fn action(&mut self) -> Option<Spanned<Action>> {
        let start = self.r.skip();
        let word = self.r.peek_word();
        if !is_action_word(word) {
            self.r.note(start, Expected::Action);
            return None;
        }
        self.r.pos += word.len();
        let value = match word {
            "route" => {
                self.r.keyword("to").then_some(())?;
                Action::RouteTo(self.r.string()?)
            }
            "escalate" => {
                if self.r.keyword("to") {
                    Action::EscalateTo(self.r.string()?)
                } else {
                    Action::EscalateNext
                }
            }
            "set" => {
                self.r.keyword("priority").then_some(())?;
                Action::SetPriority(self.r.string()?)
            }
            "raise" => {
                self.r.keyword("priority").then_some(())?;
                Action::RaisePriority
            }
            "notify" => {
                let role = self.r.string()?;
                let cost = if self.r.keyword("costing") { Some(self.duration()?) } else { self.r.end_optional() };
                Action::Notify { role, cost }
            }
            "pause" => {
                self.r.keyword("sla").then_some(())?;
                Action::PauseSla
            }
            "resume" => {
                self.r.keyword("sla").then_some(())?;
                Action::ResumeSla
            }
            "hold" => {
                self.r.keyword("sla").then_some(())?;
                Action::HoldSla
            }
            "loop" => {
                (self.r.keyword("back") && self.r.keyword("to")).then_some(())?;
                let to = self.r.string()?;
                let times = count(&mut self.r)?;
                self.r.keyword("times").then_some(())?;
                Action::LoopBack { to, times }
            }
            _ => {
                (self.r.keyword("as") && self.r.keyword("resolved")).then_some(())?;
                Action::CloseResolved
            }
        };
        Some(Spanned::new(value, Span { start, end: self.r.pos }))
    }

    /// Alternatives joined by `or`.
    fn expr(&mut self) -> Option<Spanned<Expr>> {
        let start = self.r.skip();
        let mut parts = vec![self.and_expr()?];
        while self.r.keyword("or") {
            parts.push(self.and_expr()?);
        }
        Some(self.joined(parts, start, Expr::Or))
    }

    /// Factors joined by `and`.
    fn and_expr(&mut self) -> Option<Spanned<Expr>> {
        let start = self.r.skip();
        let mut parts = vec![self.factor()?];
        while self.r.keyword("and") {
            parts.push(self.factor()?);
        }
        Some(self.joined(parts, start, Expr::And))
    }

    /// One part stands for itself; several are joined, spanning from `start` to where the last
    /// ends. A single part is read past the spaces after it, where the next `and` or `or` was
    /// looked for: the span of a list it ends then takes them in, as spans always have.
    fn joined(
        &mut self,
        mut parts: Vec<Spanned<Expr>>,
        start: usize,
        join: fn(Vec<Spanned<Expr>>) -> Expr,
    ) -> Spanned<Expr> {
        if parts.len() == 1 {
            self.r.skip();
            return parts.pop().expect("one part");
        }
        Spanned::new(join(parts), Span { start, end: self.r.pos })
    }

    /// `not` factor, `(` condition `)`, or a test. A group's span is its condition's, without
    /// the parentheses.
    fn factor(&mut self) -> Option<Spanned<Expr>> {
        let start = self.r.skip();
        if self.r.peek_keyword("not") {
            let mark = self.r.mark();
            self.enter(start, true)?;
            self.r.pos += 3;
            let inner = self.factor();
            self.leave(true);
            match inner {
                Some(inner) => return Some(Spanned::new(Expr::Not(Box::new(inner)), Span { start, end: self.r.pos })),
                // `not is "x"` tests an attribute named "not".
                None => {
                    let failed_at = self.r.pos;
                    self.r.pos = start;
                    if !self.followed_by_membership("not") {
                        self.r.pos = failed_at;
                        return None;
                    }
                    self.r.rewind(mark);
                }
            }
        }
        if self.r.text.as_bytes().get(start) == Some(&b'(') {
            self.enter(start, false)?;
            self.r.pos += 1;
            let inner = self.expr();
            self.leave(false);
            let inner = inner?;
            return self.r.punct(b')', None).then_some(inner);
        }
        let test = self.test(start)?;
        Some(Spanned::new(Expr::Test(test), Span { start, end: self.r.pos }))
    }

    /// One level deeper into a condition, refused past [`MAX_NESTING`] so that no text can
    /// exhaust the stack (in wasm there is no guard page to catch it).
    fn enter(&mut self, at: usize, not: bool) -> Option<()> {
        let nots = self.nots + usize::from(not);
        if self.depth + 1 > MAX_NESTING {
            let len = if not { 3 } else { 1 };
            let (message, hint) = if nots > 0 {
                ("conditions are nested too deeply", format!("at most {MAX_NESTING} levels of parentheses and \"not\""))
            } else {
                ("parentheses are nested too deeply", format!("at most {MAX_NESTING} levels"))
            };
            let e = RuleError::at(self.r.text, Span { start: at, end: at + len }, message).with_hint(hint);
            self.r.fail_with(e);
            return None;
        }
        self.depth += 1;
        self.nots = nots;
        Some(())
    }

    fn leave(&mut self, not: bool) {
        self.depth -= 1;
        self.nots -= usize::from(not);
    }

    /// A test. One led by a keyword is read as that test; when that fails and the word is
    /// followed by `is` or `in`, it is read as an attribute of that name (`tags is "x"`).
    fn test(&mut self, start: usize) -> Option<Test> {
        let word = self.r.peek_word();
        let keyword_led = self.keyword_test(word);
        if keyword_led.is_some() {
            return keyword_led;
        }
        self.r.pos = start;
        let is_keyword = crate::engine::rules::syntax::KEYWORDS.contains(&word);
        let plain = word.as_bytes().first().is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
        if !plain || (is_keyword && !self.followed_by_membership(word)) {
            if !is_keyword || !starts_test(word) {
                self.r.note(start, Expected::Condition);
            }
            return None;
        }
        self.r.pos += word.len();
        let name = Spanned::new(word.to_string(), Span { start, end: self.r.pos });
        let values = self.membership()?;
        Some(Test::Attribute { name, values })
    }

    fn followed_by_membership(&mut self, word: &str) -> bool {
        let back = self.r.pos;
        self.r.pos += word.len();
        let next = self.r.peek_word();
        self.r.pos = back;
        next == "is" || next == "in"
    }

    /// The test led by the keyword `word`, if one is and it reads.
    fn keyword_test(&mut self, word: &str) -> Option<Test> {
        if !starts_test(word) {
            return None;
        }
        self.r.pos += word.len();
        Some(match word {
            "arrives" => Test::Arrives,
            "resolved" => Test::Resolved,
            "category" => Test::Category(self.membership()?),
            "level" => Test::Level(self.membership()?),
            "priority" => {
                if self.r.keyword("at") {
                    self.r.keyword("least").then_some(())?;
                    Test::PriorityAtLeast(self.r.string()?)
                } else {
                    Test::Priority(self.membership()?)
                }
            }
            "tags" => {
                self.r.keyword("contain").then_some(())?;
                Test::Tag(self.r.string()?)
            }
            "service" => {
                (self.r.keyword("ends") && self.r.keyword("unresolved")).then_some(())?;
                Test::ServiceEndsUnresolved
            }
            "in" => {
                (self.r.keyword("business") && self.r.keyword("hours")).then_some(())?;
                let calendar = if self.r.text[self.r.next_at()..].starts_with('"') {
                    Some(self.r.string()?)
                } else {
                    let at = self.r.next_at();
                    self.r.note(at, Expected::Name);
                    self.r.end_optional()
                };
                Test::InBusinessHours(calendar)
            }
            "sla" => {
                self.r.punct(b'.', Some(Expected::Dot)).then_some(())?;
                let at = self.r.next_at();
                let target = match self.r.peek_word() {
                    "response" => SlaClock::Response,
                    "resolution" => SlaClock::Resolution,
                    _ => {
                        self.r.note(at, Expected::SlaClock);
                        return None;
                    }
                };
                self.r.pos = at + if target == SlaClock::Response { 8 } else { 10 };
                self.r.punct(b'.', Some(Expected::Dot)).then_some(())?;
                self.r.keyword("elapsed").then_some(())?;
                let compare = self.compare()?;
                Test::SlaElapsed { target, compare, percent: percent(&mut self.r)? }
            }
            "age" | "waiting" | "time" => {
                let measure = match word {
                    "age" => Measure::Age,
                    "waiting" => Measure::Waiting,
                    _ => {
                        (self.r.keyword("at") && self.r.keyword("level")).then_some(())?;
                        Measure::TimeAtLevel
                    }
                };
                let compare = self.compare()?;
                let limit = self.duration()?;
                let calendar = if self.r.keyword("on") { Some(self.r.string()?) } else { self.r.end_optional() };
                Test::Time { measure, compare, limit, calendar }
            }
            "escalations" | "reopens" => {
                let counter = if word == "escalations" { Counter::Escalations } else { Counter::Reopens };
                let compare = self.compare()?;
                Test::Count { counter, compare, value: count(&mut self.r)? }
            }
            _ => {
                let name = self.r.string()?;
                Test::Attribute { name, values: self.membership()? }
            }
        })
    }

    /// `is "x"` or `in ["x", "y"]` (a last comma allowed).
    fn membership(&mut self) -> Option<Vec<Name>> {
        if self.r.keyword("is") {
            return Some(vec![self.r.string()?]);
        }
        if !self.r.keyword("in") {
            return None;
        }
        self.r.punct(b'[', Some(Expected::ListOpen)).then_some(())?;
        let mut names = vec![self.r.string()?];
        loop {
            if self.r.punct(b']', None) {
                return Some(names);
            }
            if !self.r.punct(b',', Some(Expected::ListNext)) {
                return None;
            }
            if self.r.punct(b']', None) {
                return Some(names);
            }
            names.push(self.r.string()?);
        }
    }

    fn compare(&mut self) -> Option<Compare> {
        let at = self.r.skip();
        let rest = &self.r.text.as_bytes()[at..];
        let (c, len) = match rest {
            [b'>', b'=', ..] => (Compare::AtLeast, 2),
            [b'<', b'=', ..] => (Compare::AtMost, 2),
            [b'>', ..] => (Compare::Greater, 1),
            [b'<', ..] => (Compare::Less, 1),
            _ => {
                self.r.note(at, Expected::Compare);
                return None;
            }
        };
        self.r.pos += len;
        Some(c)
    }

    fn duration(&mut self) -> Option<Spanned<crate::engine::rules::syntax::Duration>> {
        duration(&mut self.r)
    }
}

pub(super) fn is_action_word(word: &str) -> bool {
    matches!(word, "route" | "escalate" | "set" | "raise" | "notify" | "pause" | "resume" | "hold" | "close" | "loop")
}

pub(super) fn starts_test(word: &str) -> bool {
    matches!(
        word,
        "arrives"
            | "resolved"
            | "category"
            | "level"
            | "priority"
            | "tags"
            | "service"
            | "in"
            | "sla"
            | "age"
            | "waiting"
            | "time"
            | "escalations"
            | "reopens"
            | "attribute"
    )
}
