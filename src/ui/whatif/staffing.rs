//! What the staffing helper found, shown in the *What if* card: head-counts per level and shift
//! before and after, every goal with the staff found, and *Apply these staff* (one edit).

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::sweep::Staffing;
use crate::ui::format;
use crate::ui::store::{Action, Store};

#[derive(Properties)]
pub struct StaffingProps {
    pub found: Rc<Staffing>,
    /// The scenario changed since the search.
    pub stale: bool,
}

impl PartialEq for StaffingProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.found, &other.found) && self.stale == other.stale
    }
}

/// The scenario with the staff found, if its staff are still those the search started from.
fn applied(doc: &serde_json::Value, f: &Staffing) -> Result<serde_json::Value, String> {
    let mut doc = doc.clone();
    let changed = "the scenario's staff changed since the search: run it again";
    for (i, c) in f.levels.iter().enumerate() {
        let level = doc.pointer_mut(&format!("/levels/{i}")).ok_or(changed)?;
        if level.get("name").and_then(serde_json::Value::as_str) != Some(c.level.as_str()) {
            return Err(changed.into());
        }
        match c.staff {
            Some((before, after)) => {
                if level.get("staff").and_then(serde_json::Value::as_u64) != Some(u64::from(before)) {
                    return Err(changed.into());
                }
                level["staff"] = after.into();
            }
            None => {
                for (j, s) in c.shifts.iter().enumerate() {
                    let shift = level.pointer_mut(&format!("/shifts/{j}")).ok_or(changed)?;
                    if shift.get("staff").and_then(serde_json::Value::as_u64) != Some(u64::from(s.before)) {
                        return Err(changed.into());
                    }
                    shift["staff"] = s.after.into();
                }
            }
        }
    }
    Ok(doc)
}

/// What the staffing helper found: head-counts per level and shift, every goal with them, and
/// an Apply action (one edit, undone like any other).
#[component]
pub fn StaffingResult(props: &StaffingProps) -> Html {
    let store = use_context::<Store>().expect("store");
    let f = &props.found;
    let problem = use_state(|| None::<String>);
    let apply = {
        let (store, f, problem) = (store.clone(), f.clone(), problem.clone());
        Callback::from(move |_| match applied(&store.doc, &f) {
            Ok(doc) => {
                problem.set(None);
                store.dispatch(Action::Edit(doc));
            }
            Err(message) => problem.set(Some(message)),
        })
    };
    let any_change = f.levels.iter().any(crate::engine::sweep::LevelChange::changed);
    let rows = f.levels.iter().flat_map(|c| {
        let row = |shift: String, before: u32, after: u32| {
            let change = i64::from(after) - i64::from(before);
            html! {
                <tr data-level={c.level.clone()} data-shift={shift.clone()} data-before={before.to_string()} data-after={after.to_string()}>
                    <th scope="row">{ &c.level }</th><td>{ shift }</td><td>{ before }</td><td>{ after }</td>
                    <td>{ if change == 0 { "0".to_string() } else { format!("{change:+}") } }</td>
                </tr>
            }
        };
        match c.staff {
            Some((b, a)) => vec![row(String::new(), b, a)],
            None => c.shifts.iter().map(|s| row(s.when.clone(), s.before, s.after)).collect(),
        }
    });
    let goals = f.judgement.checks.iter().map(|c| {
        let what = crate::engine::goals::measure_words(c.measure);
        let standing = c.standing().words();
        html! {
            <tr data-priority={c.priority.clone()} data-standing={standing}>
                <th scope="row">{ &c.priority }</th><td>{ what }</td><td>{ format::percent(c.goal) }</td>
                <td>{ format::estimate(&c.attainment, |v| format!("{}%", format::trim(v * 100.0, 1))) }</td><td>{ standing }</td>
            </tr>
        }
    });
    html! {
        <div id="staffing" data-met={f.met.to_string()}>
            <p><strong>{ f.note.clone() }</strong></p>
            <p class="hint">{ format!("Searched for {} ({} runs). {}", f.optimised, f.runs, f.judgement.sentence()) }</p>
            <table class="staffing-table">
                <thead><tr><th scope="col">{ "Level" }</th><th scope="col">{ "Shift" }</th><th scope="col">{ "Staff now" }</th><th scope="col">{ if f.met { "Found" } else { "Closest" } }</th><th scope="col">{ "Change" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <table class="staffing-goals">
                <thead><tr><th scope="col">{ "Priority" }</th><th scope="col">{ "Target" }</th><th scope="col">{ "Goal" }</th><th scope="col">{ "With these staff" }</th><th scope="col"><span class="visually-hidden">{ "Standing" }</span></th></tr></thead>
                <tbody>{ for goals }</tbody>
            </table>
            <p>
                <button id="staffing-apply" class="button" onclick={apply} disabled={props.stale || !any_change}
                    title={if props.stale { "The scenario has changed since the search" } else { "Set these staff in the scenario (Undo takes them back)" }}>
                    { "Apply these staff" }
                </button>
            </p>
            if let Some(p) = &*problem { <p class="problem error" role="alert">{ p.clone() }</p> }
        </div>
    }
}
