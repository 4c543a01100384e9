//! Compare policies: the current scenario kept as baseline A, then changed (B), and both run on
//! the same issues in the worker (`engine::compare`): what B changes in the settings, in words,
//! then every KPI side by side with the difference and its 95% confidence interval, and whether
//! it is significant.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::compare::{KpiDifference, Verdict, settings_diff};
use crate::engine::report::Estimate;
use crate::ui::engine::use_engine_handle;
use crate::ui::format;
use crate::ui::store::{Action, RunState, Store, Tool};

/// A figure in the KPI's unit.
fn show(e: &Estimate, unit: &str) -> String {
    format::estimate(e, |v| match unit {
        "min" => format::minutes(v),
        "%" => format!("{}%", format::trim(v, 1)),
        _ => format::trim(v, if v.abs() >= 100.0 { 0 } else { 2 }),
    })
}

fn verdict(r: &KpiDifference) -> (&'static str, &'static str) {
    match r.verdict() {
        Verdict::Better => ("better", "B better"),
        Verdict::Worse => ("worse", "B worse"),
        Verdict::Different => ("different", "differs"),
        Verdict::NoDifference => ("same", "—"),
        Verdict::CannotTell => ("unknown", "cannot tell (1 replication)"),
    }
}

#[component]
pub fn CompareCard() -> Html {
    let store = use_context::<Store>().expect("store");
    let engine = use_engine_handle();
    let keep = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::SetBaseline(Some(store.doc.clone()))))
    };
    let forget = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::SetBaseline(None)))
    };
    let run = {
        let store = store.clone();
        Callback::from(move |_| {
            if let Some(a) = store.baseline.clone() {
                engine.compare(&store, &a);
            }
        })
    };
    // What B changes from A, worked out again only when either document changes.
    let settings = {
        let (a, b) = (store.baseline.clone(), store.doc.clone());
        use_memo((store.revision, store.baseline.as_ref().map(|a| Rc::as_ptr(a) as usize)), move |_| {
            a.map(|a| settings_diff(&a, &b).lines())
        })
    };
    let running = matches!(store.run, RunState::Running { .. });
    let name = |doc: &serde_json::Value| doc.get("name").and_then(|n| n.as_str()).unwrap_or("unnamed").to_string();
    html! {
        <section class="compare-card" id="compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{ "Compare policies" }</h2>
            { match &store.baseline {
                None => html! {
                    <>
                    <p class="hint">{ "Keep this scenario as baseline A, change it (a timer, staff, a rule), then compare: both run on the same issues, so differences are the policy's, not chance's." }</p>
                    <button id="keep-baseline" class="button" onclick={keep}>{ "Keep as baseline A" }</button>
                    </>
                },
                Some(a) => html! {
                    <>
                    <p class="hint">{ format!(
                        "A: “{}” as kept. B: the scenario as it is now{}. Replications and seeds are A's.",
                        name(a),
                        if Rc::ptr_eq(a, &store.doc) || **a == *store.doc { " (no change yet)" } else { "" }
                    ) }</p>
                    if let Some(lines) = settings.as_ref() {
                        <div class="settings-diff" id="compare-settings">
                            <p class="hint">{ "What B changes from A:" }</p>
                            <ul>{ for lines.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                        </div>
                    }
                    <div class="compare-actions">
                        <button id="compare-run" class="button primary" onclick={run}
                            disabled={running || !store.checked.runnable}>{ if store.tool == Some(Tool::Compare) { "Comparing…" } else { "Compare A and B" } }</button>
                        <button id="keep-baseline" class="button" onclick={keep}>{ "Keep current as A" }</button>
                        <button id="forget-baseline" class="button" onclick={forget}>{ "Forget A" }</button>
                    </div>
                    </>
                },
            } }
            if let Some((c, revision)) = &store.comparison {
                <ComparisonTable comparison={c.clone()} stale={*revision != store.revision} />
            }
        </section>
    }
}

#[derive(Properties)]
struct TableProps {
    comparison: Rc<crate::engine::compare::Comparison>,
    stale: bool,
}

impl PartialEq for TableProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.comparison, &other.comparison) && self.stale == other.stale
    }
}

#[component]
fn ComparisonTable(props: &TableProps) -> Html {
    let c = &props.comparison;
    let count = |v: Verdict| c.rows.iter().filter(|r| r.verdict() == v).count();
    let (better, worse) = (count(Verdict::Better), count(Verdict::Worse));
    let unknown = count(Verdict::CannotTell);
    let summary = match (better, worse, unknown) {
        (_, _, 1..) => format!(
            "With one replication there is no confidence interval: {unknown} figure(s) differ, but chance cannot be ruled out. Use 2 or more replications."
        ),
        (0, 0, _) => "No significant difference between A and B in any figure.".to_string(),
        _ => format!("B is significantly better in {better} figure(s) and worse in {worse}."),
    };
    let legend = if c.replications < 2 {
        format!(" {} paired replication from seed {}.", c.replications, c.seed)
    } else {
        format!(
            " {} paired replications from seed {}; ± is the 95% confidence half-width; — means no significant difference.",
            c.replications, c.seed
        )
    };
    html! {
        <div class={classes!("comparison", props.stale.then_some("stale"))}>
            <p id="compare-summary">
                <strong>{ summary }</strong>
                { legend }
                if props.stale { <em>{ " The scenario has changed since: compare again." }</em> }
            </p>
            <p id="compare-goals" class="goal-verdict" data-a-met={c.goals_a.met().to_string()} data-b-met={c.goals_b.met().to_string()}>
                { c.goals_sentence() }
            </p>
            <div class="table-scroll">
                <table id="compare-table">
                    <thead><tr>
                        <th scope="col">{ "Figure" }</th><th scope="col">{ "A" }</th>
                        <th scope="col">{ "B" }</th><th scope="col">{ "B − A" }</th><th scope="col">{ "Verdict" }</th>
                    </tr></thead>
                    <tbody>
                        { for c.rows.iter().map(|r| {
                            let (class, text) = verdict(r);
                            html! {
                                <tr class={class} data-kpi={r.kpi.clone()} data-of={r.of.clone()} data-verdict={class}>
                                    <th scope="row">{ format!("{}: {}", r.of, r.kpi) }</th>
                                    <td>{ show(&r.a, &r.unit) }</td><td>{ show(&r.b, &r.unit) }</td>
                                    <td>{ show(&r.difference, &r.unit) }</td><td>{ text }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            if !c.unpaired.is_empty() {
                <p class="hint">{ format!("Not compared: {}.", c.unpaired.join(", ")) }</p>
            }
        </div>
    }
}
