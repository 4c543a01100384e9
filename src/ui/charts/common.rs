//! The frame every chart of the page shares (a `<figure>` with its caption and downloads), and
//! the few pieces of a chart still built as Yew nodes; scales, ticks, texts and the palette are
//! [`crate::figures::common`]'s, re-exported here.

use yew::prelude::*;

pub use crate::figures::common::*;

/// A figure drawn as markup (`crate::figures`), in its frame: SVG and PNG downloads when it has
/// a drawing.
pub fn framed(f: &crate::figures::Figure) -> Html {
    frame(f.id, f.title, &f.guide, raw(&f.body), f.drawing.is_some())
}

/// Markup written by `crate::figures`, inserted as it is (its texts are escaped there).
pub fn raw(markup: &str) -> Html {
    Html::from_html_unchecked(AttrValue::from(markup.to_string()))
}

/// The frame of every chart: a `<figure>` whose `<figcaption>` holds the title, the SVG and PNG
/// downloads and a one-line reading guide, then the chart, then notes.
pub fn figure(id: &'static str, title: &str, guide: &str, body: Html) -> Html {
    frame(id, title, guide, body, true)
}

/// The same frame for figures that are tables and cards rather than a drawing: nothing to
/// download as SVG or PNG (their figures are in the CSV downloads).
pub fn panel(id: &'static str, title: &str, guide: &str, body: Html) -> Html {
    frame(id, title, guide, body, false)
}

fn frame(id: &'static str, title: &str, guide: &str, body: Html, drawing: bool) -> Html {
    html! {
        <figure class="chart" id={id}>
            <figcaption>
                <h3 class="chart-title">{ title.to_string() }</h3>
                if drawing { <ChartExport {id} /> }
                if !guide.is_empty() { <p class="chart-guide">{ guide.to_string() }</p> }
            </figcaption>
            { body }
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct ExportProps {
    id: &'static str,
}

/// Buttons that download a chart as SVG or PNG; a failure is reported in the notice banner.
#[component]
fn ChartExport(props: &ExportProps) -> Html {
    let store = use_context::<crate::ui::store::Store>().expect("store");
    let save = |png: bool| {
        let (store, id) = (store.clone(), props.id);
        Callback::from(move |_| {
            let result =
                if png { crate::ui::export::download_png(id, id) } else { crate::ui::export::download_svg(id, id) };
            if let Err(message) = result {
                store.dispatch(crate::ui::store::Action::Notify(Some(crate::ui::store::Notice {
                    kind: crate::ui::store::NoticeKind::Error,
                    title: "Export".into(),
                    lines: vec![message],
                })));
            }
        })
    };
    html! {
        <span class="chart-export" role="group" aria-label="Download this chart">
            <button class="button small" data-export="svg" onclick={save(false)} title="Download as SVG">{ "SVG" }</button>
            <button class="button small" data-export="png" onclick={save(true)} title="Download as PNG">{ "PNG" }</button>
        </span>
    }
}

/// What a chart shows when there is nothing to draw.
pub fn empty(message: &str) -> Html {
    raw(&crate::figures::common::empty(message))
}
