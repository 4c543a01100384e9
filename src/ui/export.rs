//! Results leave the page: CSV tables of the report, each chart as SVG or PNG.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlImageElement};

use crate::ui::storage;

/// Style properties a chart's look depends on, copied from the page onto the exported SVG so
/// that it looks the same without the page's stylesheets.
const PROPERTIES: [&str; 14] = [
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
    "visibility",
    "display",
];

/// The chart in `<figure id=id>` as a standalone SVG document, with its styles inlined.
pub fn chart_svg(id: &str) -> Result<(String, f64, f64), String> {
    let fail = |what: &str| format!("could not export the chart: {what}");
    let document = gloo::utils::document();
    let window = gloo::utils::window();
    let svg = document
        .query_selector(&format!("#{id} svg.chart-svg"))
        .ok()
        .flatten()
        .ok_or_else(|| fail("it has nothing drawn"))?;
    let copy: Element =
        svg.clone_node_with_deep(true).map_err(|_| fail("no copy"))?.dyn_into().map_err(|_| fail("no element"))?;
    let (from, to) = (
        svg.query_selector_all("*").map_err(|_| fail("no elements"))?,
        copy.query_selector_all("*").map_err(|_| fail("no elements"))?,
    );
    for i in 0..from.length() {
        let (Some(a), Some(b)) = (from.item(i), to.item(i)) else { continue };
        let (Ok(a), Ok(b)) = (a.dyn_into::<Element>(), b.dyn_into::<Element>()) else { continue };
        let Ok(Some(style)) = window.get_computed_style(&a) else { continue };
        let inline: String = PROPERTIES
            .iter()
            .filter_map(|p| style.get_property_value(p).ok().filter(|v| !v.is_empty()).map(|v| format!("{p}:{v};")))
            .collect();
        let _ = b.set_attribute("style", &inline);
    }
    let view: Vec<f64> =
        svg.get_attribute("viewBox").unwrap_or_default().split(' ').filter_map(crate::engine::number::parse).collect();
    let (w, h) = match view.as_slice() {
        [_, _, w, h] => (*w, *h),
        _ => (800.0, 400.0),
    };
    let background = window
        .get_computed_style(&svg)
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value("--surface").ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "#ffffff".into());
    let _ = copy.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    let _ = copy.set_attribute("width", &w.to_string());
    let _ = copy.set_attribute("height", &h.to_string());
    let _ = copy.set_attribute("style", &format!("background:{background}"));
    Ok((copy.outer_html(), w, h))
}

/// Downloads the chart as `stem.svg`.
pub fn download_svg(id: &str, stem: &str) -> Result<(), String> {
    let (svg, _, _) = chart_svg(id)?;
    storage::download(&format!("{stem}.svg"), &svg, "image/svg+xml")
}

/// Downloads the chart as `stem.png`, drawn at twice its size.
pub fn download_png(id: &str, stem: &str) -> Result<(), String> {
    let fail = |what: &str| format!("could not export the chart: {what}");
    let (svg, w, h) = chart_svg(id)?;
    let image = HtmlImageElement::new().map_err(|_| fail("no image"))?;
    let (image2, name) = (image.clone(), format!("{stem}.png"));
    let onload = Closure::once_into_js(move || {
        let document = gloo::utils::document();
        let Ok(canvas) = document.create_element("canvas").map(JsCast::unchecked_into::<HtmlCanvasElement>) else {
            return;
        };
        canvas.set_width((w * 2.0) as u32);
        canvas.set_height((h * 2.0) as u32);
        let Ok(Some(context)) = canvas.get_context("2d") else { return };
        let context: CanvasRenderingContext2d = context.unchecked_into();
        let _ = context.draw_image_with_html_image_element_and_dw_and_dh(&image2, 0.0, 0.0, w * 2.0, h * 2.0);
        if let Ok(url) = canvas.to_data_url() {
            let a: web_sys::HtmlAnchorElement = match document.create_element("a") {
                Ok(a) => a.unchecked_into(),
                Err(_) => return,
            };
            a.set_href(&url);
            a.set_download(&name);
            a.click();
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    let url = format!("data:image/svg+xml;charset=utf-8,{}", js_sys::encode_uri_component(&svg));
    image.set_src(&url);
    Ok(())
}
