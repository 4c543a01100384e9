//! The Matrix tab: the escalation matrix as process owners draw it. For one category, priorities
//! are rows and the levels of its path are columns, in path order. Row headers carry the SLA
//! targets of the chosen policy and the skip-level entry; each cell holds the time an issue of
//! that priority may wait in that level's queue before it is escalated (see [`super::waits`] for
//! how cells map to `queue_wait_over` triggers). Age, SLA-risk and not-resolved triggers of the
//! category are listed under the table.

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::Tab;
use super::categories::EntrySelect;
use super::common::{items, name_of, names, number, pct, priorities, problems_at, role_title, text_at};
use super::triggers::{condition_of, describe, template};
use super::waits::{self, CellRef, Reach, WaitAction, admits};
use super::windows::hourly;
use crate::ui::fields::{Field, FieldProblems, use_store};
use crate::ui::store::{Action, key};

#[derive(Properties, PartialEq)]
pub struct MatrixProps {
    pub on_tab: Callback<Tab>,
    /// Shown, not edited (a read-only embed): the category and policy shown can still be picked.
    #[prop_or_default]
    pub locked: bool,
}

/// The index of the first SLA policy that can apply to a category (its category scope admits it).
fn policy_for(doc: &Value, category: &str) -> Option<usize> {
    let policies = items(doc, "/sla");
    policies.iter().position(|s| admits(s, "categories", category)).or((!policies.is_empty()).then_some(0))
}

/// "10 staff" or "shifts, up to 6 on duty".
fn staffing(level: &Value) -> String {
    if let Some(n) = level.get("staff").and_then(Value::as_u64) {
        return format!("{n} staff");
    }
    let shifts = items(level, "/shifts");
    if shifts.is_empty() {
        return "no staff".into();
    }
    let peak = hourly(shifts, true).map_or(0.0, |g| g.iter().flatten().copied().fold(0.0, f64::max));
    format!("shifts, up to {} on duty", crate::ui::format::trim(peak, 1))
}

#[component]
pub fn MatrixTab(props: &MatrixProps) -> Html {
    let store = use_store();
    let doc = store.doc.clone();
    let categories = items(&doc, "/categories");
    let chosen = use_state(|| 0usize);
    let policy_choice = use_state(|| None::<usize>);
    let reach = use_state(|| Reach::All);
    if categories.is_empty() {
        let go = props.on_tab.reform(|_| Tab::Categories);
        return html! {
            <section class="editor-section matrix-tab">
                <h2>{ "Escalation matrix" }</h2>
                <p class="hint">{ "The matrix shows a category's escalation path. There is no category yet." }</p>
                <button type="button" class="button" onclick={go}>{ "Go to Categories" }</button>
            </section>
        };
    }
    let k = (*chosen).min(categories.len() - 1);
    let category = name_of(&categories[k]);
    let path: Vec<String> =
        items(&categories[k], "/path").iter().filter_map(Value::as_str).map(str::to_string).collect();
    let all_levels = names(&doc, "/levels");
    let all_categories = names(&doc, "/categories");
    let prios = priorities(&doc);
    let prio_names: Vec<String> = prios.iter().map(|(n, _)| n.clone()).collect();
    let policies = items(&doc, "/sla");
    let policy = policy_choice.filter(|s| *s < policies.len()).or_else(|| policy_for(&doc, &category));
    let level_value = |name: &str| items(&doc, "/levels").iter().find(|l| name_of(l) == name).cloned();

    let on_category = {
        let (chosen, policy_choice) = (chosen.clone(), policy_choice.clone());
        Callback::from(move |e: Event| {
            if let Ok(i) = e.target_unchecked_into::<HtmlSelectElement>().value().parse::<usize>() {
                chosen.set(i);
                policy_choice.set(None);
            }
        })
    };
    let on_policy = {
        let policy_choice = policy_choice.clone();
        Callback::from(move |e: Event| {
            policy_choice.set(e.target_unchecked_into::<HtmlSelectElement>().value().parse::<usize>().ok());
        })
    };
    let on_reach = {
        let reach = reach.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            reach.set(if v == "category" { Reach::Category } else { Reach::All });
        })
    };
    // The priority mix that applies to the category, for the row headers.
    let mix = categories[k].get("priority_mix").or_else(|| doc.pointer("/workload/priority_mix")).cloned();
    let off_path: Vec<String> = all_levels.iter().filter(|l| !path.contains(l)).cloned().collect();
    let entry_of = |p: &str| -> usize {
        categories[k]
            .get("entry")
            .and_then(|e| e.get(p))
            .and_then(Value::as_str)
            .and_then(|l| path.iter().position(|x| x == l))
            .unwrap_or(0)
    };
    let policy_name = policy.and_then(|s| policies.get(s)).map(name_of).unwrap_or_default();

    html! {
        <section class="editor-section matrix-tab" aria-labelledby="matrix-title">
            <header class="section-head matrix-head">
                <h2 id="matrix-title">{ "Escalation matrix" }</h2>
                <div class="matrix-controls">
                    if categories.len() > 1 {
                        <div class="field">
                            <label for="matrix-category">{ "Category" }</label>
                            <select id="matrix-category" onchange={on_category}>
                                { for categories.iter().enumerate().map(|(i, c)| html! {
                                    <option value={i.to_string()} selected={i == k}>{ format!("{} ({})", name_of(c), number(c.get("share")).map(pct).unwrap_or_default()) }</option>
                                }) }
                            </select>
                        </div>
                    } else {
                        <span class="matrix-category">{ format!("Category: {category}") }</span>
                    }
                    if categories.len() > 1 && !props.locked {
                        <div class="field">
                            <label for="matrix-reach">{ "Time edits apply to" }</label>
                            <select id="matrix-reach" onchange={on_reach}>
                                <option value="all" selected={*reach == Reach::All}>{ "every category" }</option>
                                <option value="category" selected={*reach == Reach::Category}>{ format!("{category} only") }</option>
                            </select>
                        </div>
                    }
                    if policies.len() > 1 {
                        <div class="field">
                            <label for="matrix-policy">{ "SLA targets from" }</label>
                            <select id="matrix-policy" onchange={on_policy}>
                                { for policies.iter().enumerate().map(|(i, s)| {
                                    let attrs = s.get("attributes").and_then(Value::as_object)
                                        .filter(|m| !m.is_empty())
                                        .map(|m| format!(" ({})", m.iter().map(|(a, v)| format!("{a} = {}", v.as_str().unwrap_or("?"))).collect::<Vec<_>>().join(", ")))
                                        .unwrap_or_default();
                                    html! { <option value={i.to_string()} selected={Some(i) == policy}>{ format!("{}{attrs}", name_of(s)) }</option> }
                                }) }
                            </select>
                        </div>
                    }
                </div>
            </header>
            <p class="matrix-legend" id="matrix-legend">
                { "Each cell is how long an issue of that priority may wait in that level's queue before it escalates to the next level (blank: it waits). Rows carry the SLA targets" }
                if !policy_name.is_empty() { { format!(" of “{policy_name}”") } }
                { " and where the priority enters the path." }
            </p>
            <fieldset class="matrix-lock" disabled={props.locked}>
                if path.is_empty() {
                    <p class="problem error">{ format!("Category “{category}” has no escalation path yet: add levels to it on the Categories tab.") }</p>
                } else {
                    <div class="matrix-scroll" tabindex="0" role="region" aria-label="Escalation matrix table (scrolls sideways)">
                        <table id="matrix" class="matrix" data-category={category.clone()} aria-describedby="matrix-legend">
                            <caption class="visually-hidden">{ format!("Escalation matrix for category {category}") }</caption>
                            <thead>
                                <tr>
                                    <th scope="col" class="corner">{ "Priority · SLA · entry" }</th>
                                    { for path.iter().enumerate().map(|(j, l)| {
                                        let lv = level_value(l);
                                        let role = lv.as_ref().map(|v| text_at(v, "/role")).filter(|r| !r.is_empty()).unwrap_or_else(|| "frontline".into());
                                        let resolve = lv.as_ref().and_then(|v| number(v.get("resolve_probability")));
                                        html! {
                                            <th scope="col" class="level-col" data-level={l.clone()}>
                                                <span class="step">{ j + 1 }</span>
                                                <span class="level-name">{ l }</span>
                                                <span class={classes!("role-badge", format!("role-{role}"))}>{ role_title(&role) }</span>
                                                <small class="level-stats">
                                                    { match &lv {
                                                        Some(v) => format!("{}{}", staffing(v), resolve.map(|r| format!(" · resolves {}", pct(r))).unwrap_or_default()),
                                                        None => "unknown level".to_string(),
                                                    } }
                                                </small>
                                            </th>
                                        }
                                    }) }
                                </tr>
                            </thead>
                            <tbody>
                                { for prios.iter().enumerate().map(|(pi, (p, label))| {
                                    let entry = entry_of(p);
                                    let share = mix.as_ref().and_then(|m| number(m.get(p)));
                                    html! {
                                        <tr data-priority={p.clone()}>
                                            <th scope="row" class="prio-head">
                                                <div class="prio-name">
                                                    <strong>{ p }</strong>
                                                    if label != p { <span class="prio-label">{ label }</span> }
                                                    if let Some(s) = share { <span class="prio-share" title="Share of this category's issues">{ pct(s) }</span> }
                                                </div>
                                                if let Some(s) = policy {
                                                    <div class="sla-pair">
                                                        <SlaInput policy={s} priority={p.clone()} target="first_response" short="Resp." />
                                                        <SlaInput policy={s} priority={p.clone()} target="resolution" short="Resol." />
                                                    </div>
                                                } else {
                                                    <span class="muted small">{ "no SLA policy" }</span>
                                                }
                                                <div class="entry-pick">
                                                    <span class="sla-tag" aria-hidden="true">{ "Enters" }</span>
                                                    <EntrySelect category={k} priority={p.clone()} />
                                                </div>
                                            </th>
                                            { for path.iter().enumerate().map(|(j, l)| html! {
                                                <MatrixCell category={category.clone()} level={l.clone()} priority={p.clone()}
                                                    column={j} row={pi} entry={entry} last={j + 1 == path.len()} reach={*reach}
                                                    levels={all_levels.clone()} categories={all_categories.clone()} priorities={prio_names.clone()} />
                                            }) }
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                    <p class="hint matrix-notes">
                        { match *reach {
                            Reach::All => "Unresolved issues move one step right. An edited time applies at that level to every category (trigger “<level> wait”);",
                            Reach::Category => "Unresolved issues move one step right. An edited time applies at that level to this category only (trigger “<level> wait (<category>)”);",
                        } }
                        { " a time set by another trigger names it, and editing the cell takes the cell over without changing any other." }
                        if !off_path.is_empty() { { format!(" Not on this path: {}.", off_path.join(", ")) } }
                    </p>
                }
                <OtherRules category={category.clone()} on_tab={props.on_tab.clone()} />
            </fieldset>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SlaInputProps {
    policy: usize,
    priority: String,
    target: &'static str,
    short: &'static str,
}

/// One SLA target in a row header.
#[component]
fn SlaInput(props: &SlaInputProps) -> Html {
    let pointer = format!("/sla/{}/targets/{}/{}", props.policy, key(&props.priority), props.target);
    let what = if props.target == "first_response" { "first response" } else { "resolution" };
    html! {
        <div class="sla-target">
            <span class="sla-tag" aria-hidden="true">{ props.short }</span>
            <Field label={format!("{} {what} target", props.priority)} hidden_label=true {pointer} optional=true placeholder="—" class="duration" />
        </div>
    }
}

#[derive(Properties, PartialEq, Clone)]
struct CellProps {
    category: String,
    level: String,
    priority: String,
    /// Position on the path.
    column: usize,
    row: usize,
    /// Position on the path where this priority enters.
    entry: usize,
    last: bool,
    reach: Reach,
    levels: Vec<String>,
    categories: Vec<String>,
    priorities: Vec<String>,
}

impl CellProps {
    fn cell(&self) -> CellRef<'_> {
        CellRef {
            category: &self.category,
            level: &self.level,
            priority: &self.priority,
            reach: self.reach,
            levels: &self.levels,
            categories: &self.categories,
            priorities: &self.priorities,
        }
    }
}

/// One matrix cell: the time-to-escalate, editable, with where it comes from.
#[component]
fn MatrixCell(props: &CellProps) -> Html {
    let store = use_store();
    let waits = waits::cell(&store.doc, &props.cell());
    let shown_source = waits.effective().or_else(|| waits.own_source()).cloned();
    let value = waits.shown();
    let oninput = {
        let (store, props) = (store.clone(), props.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            store.dispatch(Action::Edit(waits::set_wait(&store.doc, &props.cell(), &text)));
        })
    };
    let problems = shown_source
        .as_ref()
        .map(|s| problems_at(&store, &format!("/triggers/{}/when/queue_wait_over/{}", s.trigger, key(&props.priority))))
        .unwrap_or_default();
    let state = match props.column.cmp(&props.entry) {
        std::cmp::Ordering::Less => Some("skipped"),
        std::cmp::Ordering::Equal => Some("entry"),
        std::cmp::Ordering::Greater => None,
    };
    let mut notes: Vec<(&'static str, String)> = Vec::new();
    if let Some(s) = &shown_source {
        if !s.own {
            notes.push(("from", format!("via “{}”", s.name)));
        }
        if let WaitAction::To(l) = &s.action {
            notes.push(("to", format!("→ {l}")));
        }
        if let Some(o) = waits.own_source().filter(|o| o.trigger != s.trigger) {
            notes.push(("sooner", format!("“{}” also has {}, later", o.name, o.after)));
        }
        if props.last && s.action == WaitAction::Next {
            notes.push(("noop", "last level: no effect".into()));
        }
    }
    for n in &waits.sources {
        match &n.action {
            WaitAction::Notify(l) => notes.push(("notify", format!("notifies {l} after {}", n.after))),
            WaitAction::LoopBack(l, times) => {
                notes.push(("loop", format!("back to {l} after {} (at most {times}×, “{}”)", n.after, n.name)));
            }
            _ => {}
        }
    }
    let id = format!("mx-{}-{}", props.row, props.column);
    let describe = format!("{id}-problems");
    let invalid = !problems.is_empty();
    html! {
        <td class={classes!("wait-cell", state, value.is_empty().then_some("empty"), invalid.then_some("invalid"))}
            data-level={props.level.clone()} data-priority={props.priority.clone()}>
            if let Some(st) = state {
                <span class={classes!("cell-mark", st)}>
                    { match (st, props.entry) { ("entry", 0) => "entry", ("entry", _) => "skip-level entry", _ => "skipped" } }
                </span>
            }
            <label for={id.clone()} class="visually-hidden">{ format!("{} at {}: escalate after waiting", props.priority, props.level) }</label>
            <input id={id} type="text" class="wait-input" {value} {oninput} placeholder="—" spellcheck="false"
                aria-invalid={invalid.to_string()} aria-describedby={invalid.then(|| describe.clone())} />
            // One element for however many notes: Yew matches unkeyed siblings from the end, so a
            // note appearing or going as the user types would otherwise re-create the input under
            // the cursor and lose its focus.
            <span class="cell-notes">
                { for notes.into_iter().map(|(class, text)| html! { <small class={classes!("cell-note", class)} title={text.clone()}>{ text }</small> }) }
            </span>
            <FieldProblems id={describe} {problems} />
        </td>
    }
}

#[derive(Properties, PartialEq)]
struct RulesProps {
    category: String,
    on_tab: Callback<Tab>,
}

/// Age, SLA-risk and not-resolved triggers that apply to the category, as badges.
#[component]
fn OtherRules(props: &RulesProps) -> Html {
    let store = use_store();
    let rules: Vec<(usize, String, String)> = items(&store.doc, "/triggers")
        .iter()
        .enumerate()
        .filter(|(_, t)| admits(t, "categories", &props.category))
        .map(|(i, t)| (i, condition_of(t), describe(t)))
        .filter(|(_, kind, _)| kind != "queue_wait_over")
        .collect();
    let add = |kind: &'static str, text: &'static str| {
        let (store, on_tab) = (store.clone(), props.on_tab.clone());
        let onclick = Callback::from(move |_| {
            store.dispatch(Action::Push("/triggers".into(), template(&store.doc, kind)));
            on_tab.emit(Tab::Triggers);
        });
        html! { <button type="button" class="button small add" {onclick}>{ text }</button> }
    };
    html! {
        <section class="matrix-rules" aria-labelledby="matrix-rules-h">
            <h3 id="matrix-rules-h">{ "Other escalation rules for this category" }</h3>
            if rules.is_empty() {
                <p class="hint">{ "No age, SLA-risk or not-resolved triggers apply." }</p>
            } else {
                <ul class="rule-badges">
                    { for rules.into_iter().map(|(i, kind, text)| {
                        let on_tab = props.on_tab.clone();
                        let name = name_of(items(&store.doc, "/triggers").get(i).unwrap_or(&Value::Null));
                        html! {
                            <li>
                                <button type="button" class={classes!("rule-badge", format!("kind-{kind}"))}
                                    onclick={Callback::from(move |_| on_tab.emit(Tab::Triggers))}
                                    title="Edit on the Triggers tab" aria-label={format!("Trigger {name}: {text} Edit on the Triggers tab")}>
                                    <span class="rule-kind">{ match kind.as_str() {
                                        "open_longer_than" => "Age",
                                        "sla_elapsed" => "SLA risk",
                                        "not_resolved" => "Not resolved",
                                        _ => "Trigger",
                                    } }</span>
                                    <span class="rule-name">{ name }</span>
                                    <span class="rule-text">{ text }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <div class="add-group" role="group" aria-label="Add a rule">
                { add("open_longer_than", "Add age trigger") }
                { add("sla_elapsed", "Add SLA-risk trigger") }
                { add("not_resolved", "Add not-resolved rule") }
            </div>
        </section>
    }
}
