//! Keeping work: the scenario autosaved to `localStorage` under a versioned key (and a mark while
//! a run is under way, so that a reload can say it stopped one), and files imported and exported.
//! Storage that is full or disabled is reported, never ignored.

use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// The autosave key; the suffix changes when the saved shape changes.
pub const KEY: &str = "escalation-lab/scenario/v1";
/// Present while a run the user started is under way.
pub const RUNNING_KEY: &str = "escalation-lab/run-in-progress/v1";

/// What autosave keeps: the document, the preset it came from, and the scenario kept as
/// baseline A for comparisons (absent in saves from before there was one).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Saved {
    pub doc: Value,
    pub preset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Value>,
}

/// The page's `localStorage`, or why there is none. (Reached through web-sys rather than
/// gloo's storage, which panics when storage is disabled.)
fn local_storage() -> Result<web_sys::Storage, String> {
    let unavailable =
        |why: String| format!("browser storage is not available ({why}); edits will not be kept across reloads");
    let window = web_sys::window().ok_or_else(|| unavailable("no window".into()))?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err(unavailable("disabled".into())),
        Err(e) => Err(unavailable(js_error_name(&e))),
    }
}

fn js_error_name(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.name()))
}

/// Loads the autosaved scenario. `Ok(None)` when nothing is saved; `Err` with a sentence when
/// storage cannot be read or what it holds is damaged.
pub fn load() -> Result<Option<Saved>, String> {
    let storage = local_storage()?;
    let text =
        storage.get_item(KEY).map_err(|e| format!("browser storage could not be read ({})", js_error_name(&e)))?;
    let Some(text) = text else { return Ok(None) };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("the saved scenario could not be read ({e}); starting from a preset"))
}

/// Saves the scenario; `Err` with a sentence if storage is full or disabled.
pub fn save(doc: &Value, preset: Option<&str>, baseline: Option<&Value>) -> Result<(), String> {
    let storage = local_storage()?;
    let saved = Saved { doc: doc.clone(), preset: preset.map(str::to_string), baseline: baseline.cloned() };
    let text = serde_json::to_string(&saved).expect("a JSON value serializes");
    storage.set_item(KEY, &text).map_err(|e| match js_error_name(&e).as_str() {
        "QuotaExceededError" => {
            "browser storage is full: the latest edits are not saved; export the scenario to keep it".to_string()
        }
        name => format!("browser storage refused the scenario ({name}); export the scenario to keep it"),
    })
}

/// Marks a run the user started as under way (or, `false`, as ended), so that a page closed or
/// reloaded during it can say so when it opens again. Best effort: storage trouble is reported
/// by autosave.
pub fn mark_running(running: bool) {
    let Ok(storage) = local_storage() else { return };
    let _ = if running { storage.set_item(RUNNING_KEY, "1") } else { storage.remove_item(RUNNING_KEY) };
}

/// Whether a run was marked under way when the page was last closed or reloaded.
pub fn was_running() -> bool {
    local_storage().is_ok_and(|s| s.get_item(RUNNING_KEY).ok().flatten().is_some())
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |what: &str| format!("could not export the file: {what}");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| fail("no Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("no object URL"))?;
    let document = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| fail("no element"))?.dyn_into().map_err(|_| fail("no anchor"))?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A file name from a scenario's name: lower case, words joined by dashes.
pub fn file_name(doc: &Value) -> String {
    let name = doc.get("name").and_then(Value::as_str).unwrap_or("scenario");
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.push(crate::engine::words::lower(c));
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    format!("{}.json", if out.is_empty() { "scenario" } else { out })
}
