//! The Rules tab: the scenario's escalation rules as text, highlighted as they are typed, with
//! every problem underlined at its span and listed with its line, column and hint; the matrix
//! and triggers shown as the rules they mean; and how often each rule fired in the last run,
//! with the rules that never fired flagged; *Format* (or Shift+Alt+F in the text) lays the text
//! out in the canonical form, comments kept, as one undoable edit.

use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::common::names;
use super::quick_fix::QuickFix;
use crate::engine::document::TriggerDoc;
use crate::engine::order;
use crate::engine::rules::as_rules::rules_of;
use crate::engine::rules::lower::{Vocabulary, lower};
use crate::engine::rules::syntax::{TokenKind, tokens};
use crate::engine::rules::{self, RuleError};
use crate::ui::fields::use_store;
use crate::ui::format;
use crate::ui::store::Action;

const POINTER: &str = "/rules";
const EXAMPLE: &str = "rule \"P1 waiting: tell the team lead\"\n  when priority is \"P1\" and waiting > 10m\n  then notify \"team_lead\"\n";

/// The rule text's problems with their spans, against the names of the document, and whether
/// any is a syntax error.
fn check(doc: &Value, text: &str) -> (Vec<RuleError>, Vec<RuleError>, bool) {
    // Every syntax error at once, and the names of the rules that parsed checked too.
    let (file, mut errors) = rules::parse_all(text);
    let syntax = !errors.is_empty();
    let (levels, categories, priorities) =
        (names(doc, "/levels"), names(doc, "/categories"), names(doc, "/priorities"));
    let (calendars, mut attributes) = (names(doc, "/calendars"), names(doc, "/attributes"));
    if doc.get("triage").is_some() {
        attributes.extend(["impact", "urgency"].map(String::from));
    }
    let tags: Vec<String> = doc
        .pointer("/workload/tags")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let vocabulary = Vocabulary {
        levels: &levels,
        categories: &categories,
        priorities: &priorities,
        calendars: &calendars,
        attributes: &attributes,
        tags: &tags,
    };
    match lower(text, &file, &vocabulary) {
        Ok(l) if errors.is_empty() => (Vec::new(), l.warnings, syntax),
        Ok(_) => (errors, Vec::new(), syntax),
        Err(more) => {
            errors.extend(more);
            order::sort_by_key(&mut errors, |e| e.span.0);
            (errors, Vec::new(), syntax)
        }
    }
}

/// Replaces the rule text by its canonical layout, comments kept, as an undo step of its own
/// (the steps of typing before and after it are sealed off); nothing when the text has errors.
fn format_text(store: &crate::ui::store::Store, text: &str) {
    let Ok(formatted) = rules::format(text) else { return };
    if formatted != text && !formatted.trim().is_empty() {
        store.dispatch(Action::Seal);
        store.dispatch(Action::Set(POINTER.into(), Value::String(formatted)));
        store.dispatch(Action::Seal);
    }
}

/// The text highlighted line by line, with error spans marked. Each line is a component that
/// redraws only when its text or marks change, so a keystroke in a 200-rule text redraws one
/// line. (Tokens never cross a line: names and comments end at the line's end.)
fn highlighted(text: &str, errors: &[RuleError]) -> Html {
    let mut lines = Vec::new();
    let mut start = 0;
    for (n, line) in text.split('\n').enumerate() {
        let end = start + line.len();
        let mut marks: Vec<(usize, usize)> = Vec::new();
        for &(a, b) in errors.iter().map(|e| &e.span) {
            if a == b {
                if (start..=end).contains(&a) {
                    marks.push((a - start, a - start));
                }
            } else if a.max(start) < b.min(end) {
                marks.push((a.max(start) - start, b.min(end) - start));
            }
        }
        lines.push(html! { <CodeLine key={n} text={AttrValue::from(line.to_string())} marks={marks} /> });
        start = end + 1;
    }
    html! { <>{ for lines }</> }
}

#[derive(Properties, PartialEq)]
struct LineProps {
    text: AttrValue,
    /// Error ranges within the line (byte offsets); an empty range is a point marker.
    marks: Vec<(usize, usize)>,
}

#[component]
fn CodeLine(props: &LineProps) -> Html {
    let text = props.text.as_str();
    let marks = &props.marks;
    let mut cuts: Vec<usize> = vec![0, text.len()];
    let toks = tokens(text);
    cuts.extend(toks.iter().flat_map(|(s, _)| [s.start, s.end]));
    cuts.extend(marks.iter().flat_map(|&(a, b)| [a, b]).filter(|&c| c <= text.len() && text.is_char_boundary(c)));
    order::sort_dedup(&mut cuts);
    let kind_at =
        |at: usize| toks.iter().find(|(s, _)| s.start <= at && at < s.end).map_or(TokenKind::Space, |(_, k)| *k);
    let mut pieces = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if marks.contains(&(a, a)) {
            pieces.push(html! { <span class="rule-error point"></span> });
        }
        let class = match kind_at(a) {
            TokenKind::Keyword => "tok-keyword",
            TokenKind::Name => "tok-name",
            TokenKind::Number => "tok-number",
            TokenKind::Comment => "tok-comment",
            TokenKind::Punctuation => "tok-punct",
            TokenKind::Word => "tok-word",
            TokenKind::Space => "",
        };
        let bad = marks.iter().any(|&(x, y)| x <= a && b <= y && x < y);
        if class.is_empty() && !bad {
            pieces.push(html! { { &text[a..b] } });
        } else {
            pieces.push(html! { <span class={classes!(class, bad.then_some("rule-error"))}>{ &text[a..b] }</span> });
        }
    }
    if marks.iter().any(|&(a, b)| a == b && a >= text.len()) {
        pieces.push(html! { <span class="rule-error point"></span> });
    }
    html! { <div class="code-line">{ for pieces }{ "\u{200b}" }</div> }
}

/// Puts the caret on a span of the text area and brings it into view.
fn select(span: (usize, usize), text: &str) {
    let Some(area) =
        gloo::utils::document().get_element_by_id("rules-text").and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
    else {
        return;
    };
    // The text area counts UTF-16 units.
    let units = |at: usize| text.get(..at.min(text.len())).map_or(0, |s| s.encode_utf16().count()) as u32;
    let _ = area.focus();
    let _ = area.set_selection_range(units(span.0), units(span.1.max(span.0)));
}

#[component]
pub fn RulesTab() -> Html {
    let store = use_store();
    let text = store.get(POINTER).and_then(Value::as_str).unwrap_or("").to_string();
    let (mut errors, mut warnings, syntax_errors) = check(&store.doc, &text);
    if errors.is_empty() {
        // What only the whole scenario can tell (a level off a category's path, say): the
        // engine's problems placed in the rule text; its warnings beside the rules' own.
        errors.extend(store.checked.at("rules").filter(|p| p.is_error()).map(|p| placed(&text, p)));
        let more: Vec<RuleError> = store
            .checked
            .at("rules")
            .filter(|p| !p.is_error())
            .filter(|p| {
                !warnings.iter().any(|w| {
                    (Some(w.line), Some(w.column)) == (p.line, p.column) && w.to_string_without_place() == p.message
                })
            })
            .map(|p| placed(&text, p))
            .collect();
        warnings.extend(more);
    }
    let errors = Rc::new(errors);
    let fix_keys = super::quick_fix::use_fix_keys(errors.clone());
    let lines = text.lines().count().max(1) + 1;
    let oninput = {
        let store = store.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            if text.trim().is_empty() {
                store.dispatch(Action::Remove(POINTER.into()));
            } else {
                store.dispatch(Action::Set(POINTER.into(), Value::String(text)));
            }
        })
    };
    let triggers: Vec<TriggerDoc> =
        store.get("/triggers").and_then(|t| serde_json::from_str(&t.to_string()).ok()).unwrap_or_default();
    let as_rules = (!triggers.is_empty()).then(|| rules_of(&triggers, &names(&store.doc, "/priorities")).to_string());
    let move_in = {
        let (store, text, as_rules) = (store.clone(), text.clone(), as_rules.clone());
        Callback::from(move |_| {
            let Some(moved) = &as_rules else { return };
            let mut doc = (*store.doc).clone();
            if let Some(map) = doc.as_object_mut() {
                map.shift_remove("triggers");
                let joined = if text.trim().is_empty() { moved.clone() } else { format!("{moved}\n{text}") };
                map.insert("rules".into(), Value::String(joined));
            }
            store.dispatch(Action::Edit(doc));
        })
    };
    let on_format = {
        let (store, text) = (store.clone(), text.clone());
        Callback::from(move |_| format_text(&store, &text))
    };
    // Shift+Alt+F formats; the quick-fix keys (Ctrl+., Alt+Enter) make the fix at the caret.
    let onkeydown = {
        let store = store.clone();
        Callback::from(move |e: KeyboardEvent| {
            // By the key's place, not its character: Alt changes the character on some layouts.
            if e.shift_key() && e.alt_key() && !e.ctrl_key() && !e.meta_key() && e.code() == "KeyF" {
                e.prevent_default();
                format_text(&store, &e.target_unchecked_into::<HtmlTextAreaElement>().value());
            } else {
                fix_keys.emit(e);
            }
        })
    };
    let format_title = if syntax_errors {
        "The rules have syntax errors: fix them first (a text with errors is not formatted)"
    } else {
        "Lay the rules out in the canonical form, comments kept (Shift+Alt+F in the text)"
    };
    let add_example = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::Set(POINTER.into(), Value::String(EXAMPLE.into()))))
    };
    let fired = fired_counts(&store, &text);
    html! {
        <section class="editor-section rules-tab" aria-labelledby="rules-title">
            <header class="section-head">
                <h2 id="rules-title">{ "Rules" }</h2>
                <p class="hint">{ "Policies in words: " }<code>{ "rule \"name\" when … then …" }</code>{ ". Each rule is checked at one moment its condition names (a waiting time, an age, a share of an SLA target, or a service that ends unresolved), after the triggers. A ruleset line chooses what happens when several rules hold at once: first match or all match." }</p>
            </header>
            <div class="rule-editor" style={format!("--lines: {lines}")}>
                <pre class="rule-highlight" aria-hidden="true">{ highlighted(&text, &errors) }</pre>
                <textarea id="rules-text" aria-label="Rule text" spellcheck="false" autocomplete="off" autocapitalize="off"
                    aria-invalid={(!errors.is_empty()).to_string()} aria-describedby="rules-problems"
                    value={text.clone()} {oninput} {onkeydown} placeholder={EXAMPLE} />
                <super::rule_assist::RuleCompletion />
            </div>
            <super::rule_assist::RuleExplain fired={Rc::new(fired.clone())} />
            if !text.trim().is_empty() {
                <div class="list-foot">
                    <button id="rules-format" onclick={on_format} disabled={syntax_errors} title={format_title}
                        aria-keyshortcuts="Shift+Alt+F">{ "Format" }</button>
                </div>
            }
            <RuleProblems {errors} warnings={Rc::new(warnings)} text={text.clone()} />
            if text.trim().is_empty() {
                <div class="list-foot">
                    <button class="add" id="rules-example" onclick={add_example}>{ "+ Start from an example" }</button>
                </div>
            }
            if !fired.is_empty() {
                <section class="subsection" aria-labelledby="rules-fired-h">
                    <h3 id="rules-fired-h">{ "In the last run" }</h3>
                    <ul class="rule-counts" id="rule-counts">
                        { for fired.iter().map(|(name, n)| html! {
                            <li class={classes!((*n == 0.0).then_some("dead"))} data-rule={name.clone()}>
                                <span class="rule-name">{ name }</span>
                                <span class="rule-fired">{
                                    if *n == 0.0 { "never fired: check its condition".to_string() }
                                    else { format!("fired {} times per replication", format::trim(*n, 1)) }
                                }</span>
                            </li>
                        }) }
                    </ul>
                </section>
            }
            <super::walk::TryIssue />
            if let Some(shown) = as_rules {
                <details class="subsection matrix-as-rules">
                    <summary>{ "The matrix and triggers, as rules" }</summary>
                    <p class="hint">{ "What the wait cells and the triggers list mean, written in the rule language. Moving them here gives the same results." }</p>
                    <pre class="rule-highlight static">{ highlighted(&shown, &[]) }</pre>
                    <button id="rules-move-triggers" onclick={move_in}>{ "Move the triggers into the rules" }</button>
                </details>
            }
        </section>
    }
}

/// Each rule of the text with its fire count in the last report (rules compiled into several
/// triggers add up), when the report is of this text.
fn fired_counts(store: &crate::ui::store::Store, text: &str) -> Vec<(String, f64)> {
    let (Some(report), Ok(file)) = (store.report.as_ref(), rules::parse(text)) else { return Vec::new() };
    let mut out: Vec<(String, f64)> = Vec::new();
    for rule in file.sets.iter().flat_map(|s| &s.rules) {
        let name = &rule.name.value;
        let prefix = format!("{name} #");
        let counts: Vec<f64> = report
            .triggers
            .iter()
            .filter(|t| t.trigger == *name || t.trigger.strip_prefix(&prefix).is_some_and(|n| n.parse::<u32>().is_ok()))
            .map(|t| t.fired)
            .collect();
        if !counts.is_empty() {
            out.push((name.clone(), counts.iter().sum()));
        }
    }
    out
}

/// An engine problem in the rules as a rule error at its line and column (the word there).
fn placed(text: &str, p: &crate::engine::Problem) -> RuleError {
    let (line, column) = (p.line.unwrap_or(1).max(1), p.column.unwrap_or(1).max(1));
    let start = text.split_inclusive('\n').take(line - 1).map(str::len).sum::<usize>().min(text.len());
    let start = text[start..].char_indices().nth(column - 1).map_or(text.len(), |(i, _)| start + i);
    let end = text[start..].find(char::is_whitespace).map_or(text.len(), |n| start + n);
    RuleError { span: (start, end.max(start)), line, column, message: p.message.clone(), hint: None, fix: None }
}

#[derive(Properties, PartialEq)]
struct ProblemsProps {
    errors: Rc<Vec<RuleError>>,
    warnings: Rc<Vec<RuleError>>,
    text: AttrValue,
}

#[component]
fn RuleProblems(props: &ProblemsProps) -> Html {
    let list = props.errors.iter().map(|e| (e, true)).chain(props.warnings.iter().map(|w| (w, false)));
    if props.errors.is_empty() && props.warnings.is_empty() {
        return html! { <p class="problems-none" id="rules-problems">{ if props.text.trim().is_empty() { "No rules yet." } else { "The rules are valid." } }</p> };
    }
    html! {
        <ul class="rule-problems" id="rules-problems">
            { for list.map(|(e, error)| {
                let (span, text) = (e.span, props.text.to_string());
                let onclick = Callback::from(move |_| select(span, &text));
                html! {
                    <li class={if error { "problem error" } else { "problem warning" }}>
                        <button class="link" {onclick}>
                            <span class="severity">{ if error { "Error" } else { "Warning" } }</span>
                            <span class="problem-place">{ format!("line {}, column {}", e.line, e.column) }</span>
                            <span>{ &e.message }</span>
                            if let Some(h) = &e.hint { <span class="hint">{ h }</span> }
                        </button>
                        if let Some(fix) = &e.fix { <QuickFix fix={(**fix).clone()} text={props.text.clone()} /> }
                    </li>
                }
            }) }
        </ul>
    }
}
