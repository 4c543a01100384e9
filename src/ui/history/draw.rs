//! Figures the worker wrote as markup (`worker::history::markup`), inserted as they are, with
//! their downloads handled here: one click handler on the container finds the button's figure
//! and downloads its CSV (sent with the markup), SVG or PNG, like the report's charts.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::ui::store::{Action, Notice, NoticeKind, Store};
use crate::ui::worker::Markup;

/// The figures of `m` in a `<div class=class>`.
pub fn markup(class: &'static str, m: &Markup, store: &Store) -> Html {
    let csvs = Rc::new(m.csvs.clone());
    let store = store.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let Some(button) = target.closest("[data-export]").ok().flatten() else { return };
        let Some(figure) = button.closest("figure").ok().flatten() else { return };
        let (id, kind) = (figure.id(), button.get_attribute("data-export").unwrap_or_default());
        let result = match kind.as_str() {
            "csv" => match csvs.iter().find(|(f, _)| *f == id) {
                Some((_, text)) => crate::ui::storage::download(&format!("{id}.csv"), text, "text/csv"),
                None => Ok(()),
            },
            "svg" => crate::ui::export::download_svg(&id, &id),
            "png" => crate::ui::export::download_png(&id, &id),
            _ => Ok(()),
        };
        if let Err(message) = result {
            store.dispatch(Action::Notify(Some(Notice {
                kind: NoticeKind::Error,
                title: "Export".into(),
                lines: vec![message],
            })));
        }
    });
    html! { <div {class} {onclick}>{ Html::from_html_unchecked(AttrValue::from(m.html.clone())) }</div> }
}
