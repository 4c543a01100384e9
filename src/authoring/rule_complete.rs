//! Completion in the rule editor: what may be written at the caret, by the grammar of
//! `docs/rules.md`, with the scenario's names of the right kind. It reads the pieces before the
//! caret (the highlighter's quick scan, so any text, however broken, gets an answer), finds the
//! rule's part (`ruleset`, `rule`, `when`, `then`) and the last few pieces, and offers what may
//! follow them, filtered by the word being typed.

use super::rule_names::RuleNames;
use crate::engine::rules::syntax::{Span, TokenKind, quote, tokens};

/// What may replace `span` of the text: the word being typed and its candidates, best first.
#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    /// Byte offsets of the text the chosen item replaces (empty at the caret when no word is
    /// being typed).
    pub span: (usize, usize),
    pub items: Vec<Item>,
}

/// One candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// What the list shows.
    pub label: String,
    /// What goes into the text.
    pub insert: String,
    /// What is selected in `insert` once it is in (an empty range: the caret).
    pub select: (usize, usize),
    /// What the candidate is, in a word or two ("level", "keyword", "minutes").
    pub detail: &'static str,
}

/// The kinds of name the grammar takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Level,
    Category,
    Priority,
    Calendar,
    Tag,
    Attribute,
    /// A value of the attribute with this index in [`RuleNames::attributes`].
    Value(usize),
}

impl NameKind {
    pub fn word(self) -> &'static str {
        match self {
            NameKind::Level => "level",
            NameKind::Category => "category",
            NameKind::Priority => "priority",
            NameKind::Calendar => "calendar",
            NameKind::Tag => "tag",
            NameKind::Attribute => "attribute",
            NameKind::Value(_) => "value",
        }
    }

    pub fn names(self, names: &RuleNames) -> &[String] {
        match self {
            NameKind::Level => &names.levels,
            NameKind::Category => &names.categories,
            NameKind::Priority => &names.priorities,
            NameKind::Calendar => &names.calendars,
            NameKind::Tag => &names.tags,
            NameKind::Attribute => &names.attributes,
            NameKind::Value(i) => names.values.get(i).map_or(&[], Vec::as_slice),
        }
    }
}

/// What the grammar takes at a place.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Want {
    Words(&'static [&'static str]),
    Names(NameKind),
    /// The attributes that can be written bare (`impact is "high"`).
    PlainAttributes,
    Snippets,
}

const TOP: &[&str] = &["rule", "ruleset"];
const TEST_START: &[&str] = &[
    "not",
    "arrives",
    "resolved",
    "service ends unresolved",
    "category",
    "priority",
    "level",
    "tags contain",
    "in business hours",
    "age",
    "waiting",
    "time at level",
    "sla.resolution.elapsed",
    "sla.response.elapsed",
    "escalations",
    "reopens",
    "attribute",
];
const AFTER_TEST: &[&str] = &["and", "or", "then"];
const AFTER_DURATION: &[&str] = &["and", "or", "then", "on"];
const COMPARE: &[&str] = &[">", ">=", "<", "<="];
const MEMBERSHIP: &[&str] = &["is", "in"];
const ACTION_START: &[&str] = &[
    "escalate",
    "escalate to",
    "route to",
    "notify",
    "set priority",
    "raise priority",
    "pause sla",
    "resume sla",
    "hold sla",
    "close as resolved",
    "loop back to",
];
const UNITS: &[(&str, &str)] = &[
    ("m", "minutes"),
    ("h", "hours"),
    ("d", "days"),
    ("w", "weeks"),
    ("s", "seconds"),
    ("ms", "milliseconds"),
    ("bh", "business hours"),
];

/// A piece of the text before the caret.
#[derive(Clone, Copy)]
struct Piece<'a> {
    kind: TokenKind,
    text: &'a str,
}

impl Piece<'_> {
    fn is(&self, word: &str) -> bool {
        matches!(self.kind, TokenKind::Keyword | TokenKind::Punctuation) && self.text == word
    }
}

/// The candidates at byte offset `caret` of `text`.
pub fn complete(text: &str, caret: usize, names: &RuleNames) -> Completion {
    let caret = floor_boundary(text, caret);
    let all = tokens(text);
    let at = all.iter().find(|(s, _)| s.start < caret && caret <= s.end).copied();
    let (span, prefix, quoted) = match at {
        Some((s, TokenKind::Word | TokenKind::Keyword)) => ((s.start, s.end), text[s.start..caret].to_string(), false),
        // After a closed name the caret is past it, not in it.
        Some((s, TokenKind::Name)) if !(caret == s.end && closed(&text[s.start..s.end])) => {
            ((s.start, s.end), unescape(&text[s.start + 1..caret.max(s.start + 1)]), true)
        }
        Some((s, TokenKind::Number)) => return units(text, caret, s, &all),
        _ => ((caret, caret), String::new(), false),
    };
    let before = significant(text, &all, span.0);
    let mut items = Vec::new();
    for want in wants(&before, names) {
        match want {
            Want::Words(words) if !quoted => {
                items.extend(words.iter().map(|w| word(w, if w.contains(' ') { "keywords" } else { "keyword" })));
            }
            Want::Names(kind) => {
                items.extend(kind.names(names).iter().map(|n| Item {
                    label: n.clone(),
                    insert: quote(n),
                    select: (quote(n).len(), quote(n).len()),
                    detail: kind.word(),
                }));
            }
            Want::PlainAttributes if !quoted => {
                items.extend(
                    names
                        .attributes
                        .iter()
                        .filter(|a| crate::engine::rules::syntax::is_plain_attribute(a))
                        .map(|a| word(a, "attribute")),
                );
            }
            Want::Snippets if !quoted => {
                // A new rule starts on a line of its own.
                let line_start = text[..span.0].rfind('\n').map_or(0, |i| i + 1);
                let lead = if text[line_start..span.0].trim().is_empty() { "" } else { "\n\n" };
                for (label, body, name) in [
                    ("rule … when … then …", "rule \"new rule\"\n  when waiting > 30m\n  then escalate\n", "new rule"),
                    ("ruleset … first match", "ruleset \"new set\" first match\n", "new set"),
                ] {
                    let at = lead.len() + body.find(name).expect("the name is in the body");
                    items.push(Item {
                        label: label.into(),
                        insert: format!("{lead}{body}"),
                        select: (at, at + name.len()),
                        detail: "snippet",
                    });
                }
            }
            _ => {}
        }
    }
    // A keyword goes in with the space after it, unless one follows already.
    let spaced = text[span.1..].starts_with(char::is_whitespace);
    for item in &mut items {
        if matches!(item.detail, "keyword" | "keywords" | "attribute") && !spaced {
            item.insert.push(' ');
            item.select = (item.insert.len(), item.insert.len());
        }
    }
    Completion { span, items: filtered(items, &prefix) }
}

/// Whether `item` is already typed out in full where it would go (`arrives` typed, `arrives `
/// offered): accepting it would change nothing but a space, so Enter there starts a new line
/// instead, as a writer who has finished the word expects.
pub fn typed_out(text: &str, completion: &Completion, item: &Item) -> bool {
    let (a, b) = completion.span;
    text.get(a..b.max(a)).is_some_and(|typed| !typed.is_empty() && typed == item.insert.trim_end())
}

/// The text with `item` put in place of `completion.span`, and the selection after it (byte
/// offsets).
pub fn apply(text: &str, completion: &Completion, item: &Item) -> (String, (usize, usize)) {
    let (a, b) = completion.span;
    let (a, b) = (floor_boundary(text, a), floor_boundary(text, b.max(a)));
    let out = format!("{}{}{}", &text[..a], item.insert, &text[b..]);
    (out, (a + item.select.0, a + item.select.1))
}

/// The kind of the quoted name (or bare attribute word) at byte offset `at`, with its span and
/// value, as the grammar reads it there.
pub fn name_at(text: &str, at: usize, names: &RuleNames) -> Option<(NameKind, String, Span)> {
    let all = tokens(text);
    let (span, kind) = all.iter().find(|(s, _)| s.start <= at && at < s.end).copied()?;
    let value = match kind {
        TokenKind::Name => {
            let inner = &text[span.start + 1..span.end];
            unescape(inner.strip_suffix('"').unwrap_or(inner))
        }
        TokenKind::Word => {
            let word = &text[span.start..span.end];
            return names.attributes.iter().any(|a| a == word).then(|| (NameKind::Attribute, word.to_string(), span));
        }
        _ => return None,
    };
    let before = significant(text, &all, span.start);
    wants(&before, names).into_iter().find_map(|w| match w {
        Want::Names(kind) => Some((kind, value.clone(), span)),
        _ => None,
    })
}

/// Units after a number in a duration's place; nothing elsewhere (a count, a share).
fn units(text: &str, caret: usize, number: Span, all: &[(Span, TokenKind)]) -> Completion {
    let before = significant(text, all, number.start);
    let duration = match before.as_slice() {
        [.., p] if p.is("costing") => true,
        [.., subject, op] if op.is(">") || op.is("<") => measure(&before[..before.len() - 1], subject),
        [.., subject, op, eq] if (op.is(">") || op.is("<")) && eq.is("=") => {
            measure(&before[..before.len() - 2], subject)
        }
        _ => false,
    };
    let written = &text[number.start..caret];
    let letters = written.len() - written.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len();
    let start = caret - letters;
    if !duration || start == number.start {
        return Completion { span: (caret, caret), items: Vec::new() };
    }
    let items = UNITS
        .iter()
        .map(|(u, what)| Item { label: (*u).into(), insert: (*u).into(), select: (u.len(), u.len()), detail: what })
        .collect();
    Completion { span: (start, number.end), items: filtered(items, &text[start..caret]) }
}

/// Whether `subject` (the piece before a comparison) measures time: `age`, `waiting`, `time at
/// level`.
fn measure(before: &[Piece<'_>], subject: &Piece<'_>) -> bool {
    subject.is("age")
        || subject.is("waiting")
        || subject.is("level") && before.len() >= 2 && before[before.len() - 2].is("at")
}

/// What the grammar takes after `before` (the pieces before the word being typed).
fn wants(before: &[Piece<'_>], names: &RuleNames) -> Vec<Want> {
    let part = before.iter().rposition(|p| ["rule", "ruleset", "when", "then"].iter().any(|w| p.is(w)));
    let Some(part) = part else { return vec![Want::Words(TOP), Want::Snippets] };
    let after = &before[part + 1..];
    match before[part].text {
        "ruleset" => match after.len() {
            0 => Vec::new(),
            1 => vec![Want::Words(&["first", "all"])],
            2 => vec![Want::Words(&["match"])],
            _ => vec![Want::Words(TOP), Want::Snippets],
        },
        "rule" => match after.len() {
            1 => vec![Want::Words(&["when"])],
            _ => Vec::new(),
        },
        "when" => condition(after, names),
        _ => action(after),
    }
}

fn condition(after: &[Piece<'_>], names: &RuleNames) -> Vec<Want> {
    let n = after.len();
    let back = |k: usize| if k <= n && k > 0 { Some(after[n - k]) } else { None };
    let Some(last) = back(1) else { return vec![Want::Words(TEST_START), Want::PlainAttributes] };
    let prev = back(2);
    let prev_is = |w: &str| prev.is_some_and(|p| p.is(w));
    let test_start = |p: Option<Piece<'_>>| p.is_none_or(|p| ["and", "or", "not", "("].iter().any(|w| p.is(w)));
    if ["and", "or", "not", "("].iter().any(|w| last.is(w)) {
        return vec![Want::Words(TEST_START), Want::PlainAttributes];
    }
    if last.kind == TokenKind::Name {
        if prev_is("attribute") {
            return vec![Want::Words(MEMBERSHIP)];
        }
        return vec![Want::Words(AFTER_TEST)];
    }
    if last.kind == TokenKind::Word {
        return vec![Want::Words(MEMBERSHIP)];
    }
    if last.kind == TokenKind::Number {
        let duration = match &after[..n - 1] {
            [.., s, op] if op.is(">") || op.is("<") => measure(&after[..n - 2], s),
            [.., s, op, eq] if eq.is("=") => measure(&after[..n - 3], s) && (op.is(">") || op.is("<")),
            _ => false,
        };
        return vec![Want::Words(if duration { AFTER_DURATION } else { AFTER_TEST })];
    }
    match last.text {
        "category" | "level" if last.kind == TokenKind::Keyword => {
            if last.text == "level" && prev_is("at") {
                vec![Want::Words(COMPARE)]
            } else {
                vec![Want::Words(MEMBERSHIP)]
            }
        }
        "priority" => vec![Want::Words(&["is", "in", "at least"])],
        "is" => membership_kind(&after[..n - 1], names).map(Want::Names).into_iter().collect(),
        "in" if test_start(prev) => vec![Want::Words(&["business hours"])],
        "[" | "," => {
            let open = after.iter().rposition(|p| p.is("in"));
            open.and_then(|i| membership_kind(&after[..i], names)).map(Want::Names).into_iter().collect()
        }
        "at" if prev_is("priority") => vec![Want::Words(&["least"])],
        "at" => vec![Want::Words(&["level"])],
        "time" => vec![Want::Words(&["at level"])],
        "least" => vec![Want::Names(NameKind::Priority)],
        "tags" => vec![Want::Words(&["contain"])],
        "contain" => vec![Want::Names(NameKind::Tag)],
        "business" => vec![Want::Words(&["hours"])],
        "hours" => vec![Want::Names(NameKind::Calendar), Want::Words(AFTER_TEST)],
        "on" => vec![Want::Names(NameKind::Calendar)],
        "service" => vec![Want::Words(&["ends unresolved"])],
        "ends" => vec![Want::Words(&["unresolved"])],
        "." if prev_is("sla") => vec![Want::Words(&["resolution", "response"])],
        "." => vec![Want::Words(&["elapsed"])],
        "age" | "waiting" | "elapsed" | "escalations" | "reopens" => vec![Want::Words(COMPARE)],
        "attribute" => vec![Want::Names(NameKind::Attribute)],
        "arrives" | "resolved" | "unresolved" | "]" | ")" | "%" => vec![Want::Words(AFTER_TEST)],
        _ => Vec::new(),
    }
}

/// The kind of name a membership (`is`, `in [...]`) takes after `subject` (the pieces before it).
fn membership_kind(subject: &[Piece<'_>], names: &RuleNames) -> Option<NameKind> {
    let last = subject.last()?;
    let attribute = |name: &str| names.attributes.iter().position(|a| a == name).map(NameKind::Value);
    match last.kind {
        TokenKind::Keyword => match last.text {
            "category" => Some(NameKind::Category),
            "level" => Some(NameKind::Level),
            "priority" => Some(NameKind::Priority),
            _ => None,
        },
        TokenKind::Word => attribute(last.text),
        TokenKind::Name => attribute(&unescape(last.text.trim_start_matches('"').trim_end_matches('"'))),
        _ => None,
    }
}

fn action(after: &[Piece<'_>]) -> Vec<Want> {
    let after = after.iter().rposition(|p| p.is(";")).map_or(after, |i| &after[i + 1..]);
    const AFTER_ACTION: [Want; 2] = [Want::Words(&[";", "rule", "ruleset"]), Want::Snippets];
    let Some(last) = after.last() else { return vec![Want::Words(ACTION_START)] };
    let prev = after.len().checked_sub(2).map(|i| after[i]);
    let prev_is = |w: &str| prev.is_some_and(|p| p.is(w));
    if last.kind == TokenKind::Name {
        let mut out = if prev_is("notify") { vec![Want::Words(&["costing"])] } else { Vec::new() };
        out.extend(AFTER_ACTION);
        return out;
    }
    match last.text {
        "escalate" => vec![Want::Words(&["to", ";", "rule", "ruleset"]), Want::Snippets],
        "route" => vec![Want::Words(&["to"])],
        "to" | "notify" => vec![Want::Names(NameKind::Level)],
        "set" => vec![Want::Words(&["priority"])],
        "priority" if prev_is("set") => vec![Want::Names(NameKind::Priority)],
        "raise" => vec![Want::Words(&["priority"])],
        "pause" | "resume" | "hold" => vec![Want::Words(&["sla"])],
        "close" => vec![Want::Words(&["as"])],
        "loop" => vec![Want::Words(&["back"])],
        "back" => vec![Want::Words(&["to"])],
        "as" => vec![Want::Words(&["resolved"])],
        "priority" | "sla" | "resolved" => AFTER_ACTION.to_vec(),
        _ if last.kind == TokenKind::Number => AFTER_ACTION.to_vec(),
        _ => Vec::new(),
    }
}

/// The pieces before byte `end`, without spaces and comments.
fn significant<'a>(text: &'a str, all: &[(Span, TokenKind)], end: usize) -> Vec<Piece<'a>> {
    all.iter()
        .take_while(|(s, _)| s.end <= end)
        .filter(|(_, k)| !matches!(k, TokenKind::Space | TokenKind::Comment))
        .map(|&(span, kind)| Piece { kind, text: &text[span.start..span.end] })
        .collect()
}

fn word(w: &str, detail: &'static str) -> Item {
    Item { label: w.into(), insert: w.into(), select: (w.len(), w.len()), detail }
}

/// The items whose label starts with `prefix` (regardless of case), then those that hold it
/// elsewhere; each group in its own order.
fn filtered(items: Vec<Item>, prefix: &str) -> Vec<Item> {
    let prefix = crate::engine::words::lowered(prefix);
    let (mut first, mut then) = (Vec::new(), Vec::new());
    for item in items {
        let label = crate::engine::words::lowered(&item.label);
        if label.starts_with(&prefix) {
            first.push(item);
        } else if label.contains(&prefix) {
            then.push(item);
        }
    }
    first.extend(then);
    first
}

/// A name's text between its quotes, escapes undone (an unfinished one too).
fn unescape(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(d) = chars.next() {
                out.push(d);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a name as the scan found it ends with its closing quote.
fn closed(name: &str) -> bool {
    let Some(inner) = name.get(1..).and_then(|n| n.strip_suffix('"')) else { return false };
    (inner.len() - inner.trim_end_matches('\\').len()) % 2 == 0
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

#[cfg(test)]
#[path = "rule_complete/tests.rs"]
mod tests;
