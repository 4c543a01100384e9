//! *Embed in a page*, in the Share link box: the writer picks the charts, read-only, and up to
//! four sliders — each a knob of the scenario chosen by its own names (staff at a level, the
//! arrival rate, a wait timer) with a range that holds the scenario's value — and gets the
//! `<iframe>` to paste. Sliders can be written as text instead (`authoring::embed::Slider::parse`).
//! While the sliders do not read or do not fit the scenario, the error is shown at them and the
//! last code that worked stays in view, marked as not including them.

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::authoring::embed::{
    EMBED_CHARTS, Embed, MAX_SLIDERS, Slider, Theme, View, knob_text, slider_knobs, sliders_from_text,
};
use crate::engine::Document;
use crate::engine::sweep::Knob;
use crate::ui::fields::use_store;
use crate::ui::whatif::knob_label;

/// A slider as the picker holds it: the knob, and its range as typed.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    knob: Knob,
    from: String,
    to: String,
    step: String,
}

impl Row {
    fn of(s: &Slider) -> Row {
        Row { knob: s.knob.clone(), from: s.min.to_string(), to: s.max.to_string(), step: s.step.to_string() }
    }

    /// The knob with the range suggested for it in `doc`.
    fn suggested(knob: Knob, doc: Option<&Document>) -> Row {
        match doc.and_then(|d| Slider::suggested(&knob, d)) {
            Some(s) => Row::of(&s),
            None => Row { knob, from: "0".into(), to: "1".into(), step: "1".into() },
        }
    }

    fn slider(&self) -> Result<Slider, String> {
        let number = |what: &str, text: &str| {
            crate::engine::number::parse(text.trim())
                .ok_or_else(|| format!("{what} must be a number, not “{}”", text.trim()))
        };
        Slider::new(
            self.knob.clone(),
            number("from", &self.from)?,
            number("to", &self.to)?,
            number("step", &self.step)?,
        )
    }

    /// The row as the text form writes it, even when its range does not read.
    fn text(&self) -> String {
        match self.slider() {
            Ok(s) => s.to_text(),
            Err(_) => format!("{}:{}..{}:{}", knob_text(&self.knob), self.from, self.to, self.step),
        }
    }
}

fn group(k: &Knob) -> &'static str {
    match k {
        Knob::ExtraStaff { .. } => "Staff added at a level",
        Knob::ArrivalRate => "Arrival rate",
        Knob::Timer { .. } => "Wait timer of a trigger",
    }
}

#[derive(Properties, PartialEq)]
pub struct SnippetProps {
    /// The current scenario as a link's fragment.
    pub fragment: AttrValue,
    /// The page's address without query and fragment.
    pub page: AttrValue,
}

#[component]
pub fn EmbedSnippet(props: &SnippetProps) -> Html {
    let store = use_store();
    let charts = use_state(|| Embed::default().charts);
    let readonly = use_state(|| false);
    // What the embed shows above its charts, and whether the reader may change it.
    let view = use_state(|| (View::Charts, false));
    let theme = use_state(|| Theme::Auto);
    let rows = use_state(Vec::<Row>::new);
    let as_text = use_state(|| false);
    let text = use_state(String::new);
    // The sliders of the last code that worked, shown while the sliders as edited do not.
    let last_good = use_mut_ref(Vec::<Slider>::new);
    // The scenario read once per edit, not on every progress message the box re-renders for.
    let doc = {
        let doc = store.doc.clone();
        use_memo(store.revision, move |_| crate::ui::store::document_of(&doc))
    };
    let doc = (*doc).as_ref();
    let knobs = doc.map(slider_knobs).unwrap_or_default();

    let sliders = if *as_text {
        sliders_from_text(&text)
    } else {
        rows.iter().enumerate().map(|(i, r)| r.slider().map_err(|e| format!("slider {}: {e}", i + 1))).collect()
    };
    let checked = sliders.and_then(|sliders| {
        let (shown, editable) = *view;
        let e = Embed {
            view: shown,
            editable,
            charts: (*charts).clone(),
            readonly: *readonly,
            sliders,
            theme: *theme,
            ..Embed::default()
        };
        match doc {
            Some(d) => e.check_against(d).map(|()| e),
            None => Ok(e),
        }
    });
    let (embed, problem) = match checked {
        Ok(e) => {
            last_good.borrow_mut().clone_from(&e.sliders);
            (e, None)
        }
        Err(message) => (
            Embed {
                view: view.0,
                editable: view.1,
                charts: (*charts).clone(),
                readonly: *readonly,
                sliders: last_good.borrow().clone(),
                theme: *theme,
                ..Embed::default()
            },
            Some(message),
        ),
    };
    let name = store.doc.get("name").and_then(Value::as_str).unwrap_or("Escalation scenario");
    let code = embed.snippet(&props.page, &props.fragment, name);
    let on_view = {
        let view = view.clone();
        Callback::from(move |e: Event| {
            let chosen = e.target_unchecked_into::<HtmlSelectElement>().value();
            let (name, editable) = chosen.strip_suffix("-edit").map_or((chosen.as_str(), false), |n| (n, true));
            if let Some((v, _)) = View::ALL.iter().find(|(_, n)| *n == name) {
                view.set((*v, editable));
            }
        })
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |e: Event| {
            let name = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some((t, _)) = Theme::ALL.iter().find(|(_, n)| *n == name) {
                theme.set(*t);
            }
        })
    };

    let toggle = |name: &'static str| {
        let charts = charts.clone();
        Callback::from(move |_| {
            let mut next = (*charts).clone();
            match next.iter().position(|c| c == name) {
                Some(i) => {
                    next.remove(i);
                }
                None => next.push(name.to_string()),
            }
            charts.set(next);
        })
    };
    let edit_row = |i: usize, change: fn(&mut Row, String)| {
        let rows = rows.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*rows).clone();
            if let Some(r) = next.get_mut(i) {
                change(r, e.target_unchecked_into::<HtmlInputElement>().value());
                rows.set(next);
            }
        })
    };
    let picker = rows.iter().enumerate().map(|(i, row)| {
        let on_knob = {
            let (rows, knobs, doc) = (rows.clone(), knobs.clone(), doc.cloned());
            Callback::from(move |e: Event| {
                let chosen = e.target_unchecked_into::<HtmlSelectElement>().value().parse::<usize>().ok();
                let mut next = (*rows).clone();
                if let (Some(k), Some(r)) = (chosen.and_then(|c| knobs.get(c)), next.get_mut(i)) {
                    *r = Row::suggested(k.clone(), doc.as_ref());
                    rows.set(next);
                }
            })
        };
        let remove = {
            let rows = rows.clone();
            Callback::from(move |_| {
                let mut next = (*rows).clone();
                next.remove(i);
                rows.set(next);
            })
        };
        let selected = knobs.iter().position(|k| *k == row.knob);
        let groups = ["Staff added at a level", "Arrival rate", "Wait timer of a trigger"];
        let id = |part: &str| format!("embed-slider-{i}-{part}");
        html! {
            <div class="embed-slider-row" data-slider={i.to_string()}>
                <select id={id("knob")} aria-label={format!("What slider {} moves", i + 1)} onchange={on_knob}>
                    if selected.is_none() {
                        <option selected=true disabled=true>{ format!("{} (not in the scenario)", knob_label(&row.knob)) }</option>
                    }
                    { for groups.iter().map(|g| html! {
                        <optgroup label={*g}>
                            { for knobs.iter().enumerate().filter(|(_, k)| group(k) == *g).map(|(j, k)| html! {
                                <option value={j.to_string()} selected={selected == Some(j)}>{ knob_label(k) }</option>
                            }) }
                        </optgroup>
                    }) }
                </select>
                <label>{ "from" }<input id={id("from")} type="number" step="any" value={row.from.clone()}
                    oninput={edit_row(i, |r, v| r.from = v)} /></label>
                <label>{ "to" }<input id={id("to")} type="number" step="any" value={row.to.clone()}
                    oninput={edit_row(i, |r, v| r.to = v)} /></label>
                <label>{ "step" }<input id={id("step")} type="number" step="any" min="0" value={row.step.clone()}
                    oninput={edit_row(i, |r, v| r.step = v)} /></label>
                <button class="button small" id={id("remove")} aria-label={format!("Remove slider {}", i + 1)} onclick={remove}>{ "Remove" }</button>
            </div>
        }
    });
    let add = {
        let (rows, knobs, doc) = (rows.clone(), knobs.clone(), doc.cloned());
        Callback::from(move |_| {
            let mut next = (*rows).clone();
            let unused = knobs.iter().find(|k| !next.iter().any(|r| r.knob == **k)).or(knobs.first());
            if let Some(k) = unused {
                next.push(Row::suggested(k.clone(), doc.as_ref()));
                rows.set(next);
            }
        })
    };
    let switch = {
        let (as_text, text, rows, last_good) = (as_text.clone(), text.clone(), rows.clone(), last_good.clone());
        Callback::from(move |_| {
            if *as_text {
                // Back to the picker with the sliders the text says, or the last that worked.
                let sliders = sliders_from_text(&text).unwrap_or_else(|_| last_good.borrow().clone());
                rows.set(sliders.iter().map(Row::of).collect());
            } else {
                text.set(rows.iter().map(Row::text).collect::<Vec<_>>().join("\n"));
            }
            as_text.set(!*as_text);
        })
    };
    // An example that fits this scenario, for the text form's empty box.
    let example = doc
        .map(|d| {
            let level = knobs.iter().find(|k| matches!(k, Knob::ExtraStaff { .. }));
            [level, Some(&Knob::ArrivalRate)]
                .into_iter()
                .flatten()
                .filter_map(|k| Slider::suggested(k, d))
                .map(|s| s.to_text())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let problem_id = "embed-sliders-problem";
    html! {
        <details class="embed-snippet">
            <summary>{ "Embed in a page" }</summary>
            <label class="embed-view-pick">{ "Show " }
                <select id="embed-view" onchange={on_view}>
                    { for [
                        ("charts", "the charts"),
                        ("matrix", "the matrix, read-only"),
                        ("matrix-edit", "the matrix, for the reader to change"),
                        ("rules", "the rules, read-only"),
                        ("rules-edit", "the rules, for the reader to change"),
                        ("try", "Try an issue (add &issue=… to choose it)"),
                    ].iter().map(|(value, words)| {
                        let now = format!("{}{}", view.0.name(), if view.1 { "-edit" } else { "" });
                        html! { <option value={*value} selected={now == *value}>{ *words }</option> }
                    }) }
                </select>
                { " above the charts" }
            </label>
            <fieldset>
                <legend>{ "Charts" }</legend>
                { for EMBED_CHARTS.iter().map(|(c, what)| html! {
                    <label class="check" title={*what}>
                        <input type="checkbox" data-chart={*c} checked={charts.iter().any(|x| x == c)} onchange={toggle(c)} />
                        { *c }
                    </label>
                }) }
            </fieldset>
            <label class="check">
                <input type="checkbox" id="embed-readonly" checked={*readonly}
                    onchange={{ let r = readonly.clone(); Callback::from(move |_| r.set(!*r)) }} />
                { "Read-only (no link into the full app)" }
            </label>
            <label class="embed-theme">{ "Colours " }
                <select id="embed-theme" onchange={on_theme}>
                    { for Theme::ALL.iter().map(|(t, n)| html! {
                        <option value={*n} selected={*theme == *t}>{ match t {
                            Theme::Auto => "the reader's system setting",
                            Theme::Light => "light",
                            Theme::Dark => "dark",
                        } }</option>
                    }) }
                </select>
            </label>
            <fieldset class="embed-slider-picker">
                <legend>{ format!("Sliders for the reader (up to {MAX_SLIDERS})") }</legend>
                if *as_text {
                    <label for="embed-sliders" class="hint">{ "One per line: staff:LEVEL:FROM..TO:STEP, rate:FROM..TO:STEP or timer:TRIGGER:PRIORITY:FROM..TO:STEP, names as the scenario writes them." }</label>
                    <textarea id="embed-sliders" rows="3" placeholder={example} value={(*text).clone()}
                        aria-invalid={problem.is_some().to_string()} aria-describedby={problem_id}
                        oninput={{ let t = text.clone(); Callback::from(move |e: InputEvent| t.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())) }} />
                } else {
                    { for picker }
                    if knobs.is_empty() {
                        <p class="hint">{ "Sliders are chosen from the scenario's levels and timers: fix the scenario's errors first." }</p>
                    }
                    <button class="button small" id="embed-slider-add" onclick={add}
                        disabled={rows.len() >= MAX_SLIDERS || knobs.is_empty()}>{ "Add a slider" }</button>
                }
                <label class="check">
                    <input type="checkbox" id="embed-sliders-as-text" checked={*as_text} onchange={switch} />
                    { "Write the sliders as text" }
                </label>
                if let Some(message) = &problem {
                    <p class="problem error" role="alert" id={problem_id}>{ message.clone() }</p>
                }
            </fieldset>
            <textarea id="embed-code" class={classes!(problem.is_some().then_some("stale"))} readonly=true rows="7"
                aria-label="Embed code" aria-describedby={problem.is_some().then_some("embed-code-stale")} value={code} />
            if problem.is_some() {
                <p class="hint stale-note" id="embed-code-stale">{ "This is the last code that worked: it leaves out the sliders as they are now, until the error above is fixed." }</p>
            }
            <p class="hint">{ "The script after the frame fits the frame's height to what the embed shows. Served from a web server, the embed loads from this address. For pages opened from file://, copy standalone.html (the whole app in one file, built beside index.html) next to them and point src at it." }</p>
        </details>
    }
}
