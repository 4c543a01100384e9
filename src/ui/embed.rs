//! The embed view (`?embed=1`, the scenario in the fragment): a compact page for documentation —
//! the scenario's name, its sliders, a run line and the charts the address names; with a link
//! into the full app unless it is read-only. It reads nothing from and writes nothing to the
//! visitor's storage, and makes no network request.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::authoring::embed::{Embed, HEIGHT_MESSAGE, Slider, Theme, View, full_app_link, read_source, source_allowed};
use crate::engine::Document;
use crate::engine::share;
use crate::figures::Chart;
use crate::ui::charts::{Drawn, FiredCounts, KpiCards};
use crate::ui::engine::{use_engine_handle, use_progress};
use crate::ui::format;
use crate::ui::store::{Action, RunState, Store};
use crate::ui::whatif::knob_label;

/// What the page's address asks for: `None` outside an embed.
pub fn requested() -> Option<Result<Embed, String>> {
    let search = web_sys::window()?.location().search().ok()?;
    Embed::from_query(search.strip_prefix('?').unwrap_or(&search))
}

/// The scenario of an embed's `src=` file: fetched from the page's own site (anything else is
/// refused before any request), then read and checked (`authoring::embed::read_source`).
pub async fn fetch_source(src: &str) -> Result<(Value, Document), String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let location = window.location();
    let href = location.href().map_err(|_| "the page has no address".to_string())?;
    let page_origin = location.origin().unwrap_or_else(|_| "null".into());
    let url = web_sys::Url::new_with_base(src, &href).map_err(|_| format!("src={src} is not an address"))?;
    source_allowed(&url.origin(), &url.protocol(), &page_origin)?;
    let unreachable = |_| format!("{src} could not be fetched from {}", url.href());
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str(&url.href())).await.map_err(unreachable)?.unchecked_into();
    if !response.ok() {
        return Err(format!("{src}: the server answered {} {}", response.status(), response.status_text()));
    }
    let body = response.text().map_err(|_| format!("{src} has no text"))?;
    let text =
        JsFuture::from(body).await.map_err(|_| format!("{src} could not be read"))?.as_string().unwrap_or_default();
    read_source(src, &text)
}

/// The slider's value in the scenario as written (staff added: 0), within its range.
fn start(slider: &Slider, doc: &Document) -> f64 {
    slider.knob.current(doc).unwrap_or(slider.min).clamp(slider.min, slider.max)
}

/// The scenario with every slider at its value.
fn with_values(base: &Document, sliders: &[Slider], values: &[f64]) -> Result<Value, String> {
    let mut doc = base.clone();
    for (s, &v) in sliders.iter().zip(values) {
        if s.knob.current(&doc) != Some(v) {
            doc = s.knob.apply(&doc, v)?;
        }
    }
    Ok(crate::engine::document::to_value(&doc))
}

#[derive(Properties)]
pub struct EmbedProps {
    pub embed: Rc<Embed>,
    /// The scenario as the link carries it; sliders apply to it.
    pub base: Rc<Document>,
}

impl PartialEq for EmbedProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.embed, &other.embed) && Rc::ptr_eq(&self.base, &other.base)
    }
}

/// Puts the page in the embed's theme: the system's (no attribute), or light or dark whatever
/// the system says (`data-theme` on the root element; the style sheets follow it).
fn apply_theme(theme: Theme) {
    let Some(root) = gloo::utils::document().document_element() else { return };
    let _ = match theme {
        Theme::Auto => root.remove_attribute("data-theme"),
        Theme::Light | Theme::Dark => root.set_attribute("data-theme", theme.name()),
    };
}

/// Tells the page around the embed (if any) the height of `content` now and whenever it
/// changes, as `{ type: HEIGHT_MESSAGE, height }` (CSS pixels, rounded up): the snippet's script
/// sizes the frame from it. Any page may read a height, so it is posted to every origin; the
/// snippet takes only those from its own frame. Returns the observer, to disconnect.
fn post_heights(content: &web_sys::Element) -> Option<web_sys::ResizeObserver> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    if parent == window {
        return None;
    }
    let measured = content.clone();
    let post = Closure::<dyn Fn()>::new(move || {
        let Some(window) = web_sys::window() else { return };
        // The content's bottom edge in the page, and whatever margin or padding the body keeps below it.
        let mut height = measured.get_bounding_client_rect().bottom() + window.scroll_y().unwrap_or(0.0);
        if let Some(style) = gloo::utils::document().body().and_then(|b| window.get_computed_style(&b).ok().flatten()) {
            for side in ["margin-bottom", "padding-bottom"] {
                let px = style.get_property_value(side).unwrap_or_default();
                height += crate::engine::number::parse(px.trim_end_matches("px")).unwrap_or(0.0);
            }
        }
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.ceil().into());
        let _ = parent.post_message(&message, "*");
    });
    let observer = web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()).ok()?;
    observer.observe(content);
    // The observer holds the callback for as long as the embed lives.
    post.forget();
    Some(observer)
}

#[component]
pub fn EmbedView(props: &EmbedProps) -> Html {
    let store = use_context::<Store>().expect("store");
    let embed = props.embed.clone();
    let root = use_node_ref();
    {
        let (root, theme) = (root.clone(), embed.theme);
        use_effect_with((), move |()| {
            apply_theme(theme);
            let observer = root.cast::<web_sys::Element>().and_then(|e| post_heights(&e));
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
            }
        });
    }
    let values = {
        let (embed, base) = (embed.clone(), props.base.clone());
        use_state(move || embed.sliders.iter().map(|s| start(s, &base)).collect::<Vec<f64>>())
    };
    let problem = use_state(|| None::<String>);
    let progress = use_progress(&store.run);
    let name = store.doc.get("name").and_then(Value::as_str).unwrap_or("Escalation scenario").to_string();
    let sliders = embed.sliders.iter().enumerate().map(|(i, s)| {
        let oninput = {
            let (values, problem, store, embed, base) =
                (values.clone(), problem.clone(), store.clone(), embed.clone(), props.base.clone());
            Callback::from(move |e: InputEvent| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                let Some(v) = crate::engine::number::parse(&input.value()) else { return };
                let mut next = (*values).clone();
                next[i] = v;
                match with_values(&base, &embed.sliders, &next) {
                    Ok(doc) => {
                        problem.set(None);
                        store.dispatch(Action::Edit(doc));
                    }
                    Err(message) => problem.set(Some(message)),
                }
                values.set(next);
            })
        };
        let id = format!("embed-slider-{i}");
        let v = values.get(i).copied().unwrap_or(s.min);
        html! {
            <div class="embed-slider">
                <label for={id.clone()}>{ knob_label(&s.knob) }</label>
                <input type="range" id={id} min={s.min.to_string()} max={s.max.to_string()} step={s.step.to_string()}
                    value={v.to_string()} {oninput} />
                <output class="embed-value">{ format::trim(v, 2) }</output>
            </div>
        }
    });
    let status = match (&store.run, &store.report) {
        (RunState::Running { .. }, _) => format!("Running… {:.0}%", progress * 100.0),
        (_, Some(r)) if store.report_is_current() => {
            format!(
                "{} replication(s) of {} h simulated in this browser.",
                r.replications,
                format::trim(r.horizon_hours, 0)
            )
        }
        _ if !store.checked.runnable => "This scenario has errors and cannot run.".into(),
        (_, Some(_)) => "Changed since the last run: press Run to update the charts.".into(),
        _ => "Waiting to run…".into(),
    };
    let running = !matches!(store.run, RunState::Idle);
    let run = {
        let (store, engine) = (store.clone(), use_engine_handle());
        Callback::from(move |_| engine.run(&store, false))
    };
    // Compressing the scenario once per edit, not on every progress message.
    let fragment = {
        let doc = store.doc.clone();
        use_memo(store.revision, move |_| share::encode(&doc.to_string()))
    };
    // The page itself (the folder's app, or standalone.html), not its folder: from file:// a
    // folder is a directory listing.
    let full_app = (!embed.readonly).then(|| {
        let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        full_app_link(&href, &fragment)
    });
    let charts = store.report.clone().map(|report| {
        embed
            .charts
            .iter()
            .map(|c| match c.as_str() {
                "summary" => {
                    html! { <p class="bottleneck-summary" id="bottleneck-summary">{ &report.bottleneck_summary }</p> }
                }
                "kpi" => html! { <KpiCards report={report.clone()} /> },
                "rules" => html! { <FiredCounts report={report.clone()} /> },
                name => match Chart::parse(name) {
                    Ok(chart) => html! { <Drawn report={report.clone()} {chart} /> },
                    Err(_) => Html::default(),
                },
            })
            .collect::<Html>()
    });
    html! {
        <div class="embed" ref={root}>
            <header class="embed-head">
                <h1>{ name }</h1>
                if let Some(href) = full_app {
                    <a class="button small" href={href} target="_blank" rel="noopener">{ "Open in Escalation Lab" }</a>
                }
            </header>
            if !embed.sliders.is_empty() {
                <div class="embed-sliders">{ for sliders }</div>
            }
            if let Some(p) = &*problem { <p class="problem error" role="alert">{ p.clone() }</p> }
            if embed.view != View::Charts {
                <div class={classes!("embed-view", format!("embed-{}", embed.view.name()))}>
                    <crate::ui::editor::Embedded view={embed.view} editable={embed.editable} issue={embed.issue.clone()} />
                </div>
            }
            if !embed.charts.is_empty() {
                <div class="embed-run">
                    <button id="run" class="button primary" disabled={running || !store.checked.runnable} onclick={run}>{ "Run" }</button>
                    <p class="embed-status" id="run-status" data-state={if running { "running" } else { "idle" }}>{ status }</p>
                </div>
                <section class={classes!("results", (!store.report_is_current()).then_some("stale"))} id="results">
                    { charts.unwrap_or_default() }
                </section>
            }
        </div>
    }
}
