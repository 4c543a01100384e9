//! Keeping work: the scenario autosaved to `localStorage` under a versioned key, and files
//! imported and exported. Storage that is full or disabled is reported, never ignored.

use gloo::storage::{LocalStorage, Storage, errors::StorageError};
use serde_json::Value;
use wasm_bindgen::JsCast;

/// The autosave key; the suffix changes when the saved shape changes.
pub const KEY: &str = "escalation-lab/scenario/v1";

/// What autosave keeps: the document and the preset it came from.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Saved {
    pub doc: Value,
    pub preset: Option<String>,
}

/// Loads the autosaved scenario. `Ok(None)` when nothing is saved; `Err` with a sentence when
/// storage cannot be read or what it holds is damaged.
pub fn load() -> Result<Option<Saved>, String> {
    match LocalStorage::get::<Saved>(KEY) {
        Ok(saved) => Ok(Some(saved)),
        Err(StorageError::KeyNotFound(_)) => Ok(None),
        Err(StorageError::SerdeError(e)) => {
            Err(format!("the saved scenario could not be read ({e}); starting from a preset"))
        }
        Err(e) => Err(format!("browser storage is not available ({e}); edits will not be kept across reloads")),
    }
}

/// Saves the scenario; `Err` with a sentence if storage is full or disabled.
pub fn save(doc: &Value, preset: Option<&str>) -> Result<(), String> {
    let saved = Saved { doc: doc.clone(), preset: preset.map(str::to_string) };
    LocalStorage::set(KEY, &saved).map_err(|e| match e {
        StorageError::JsError(js) if js.name == "QuotaExceededError" => {
            "browser storage is full: the latest edits are not saved; export the scenario to keep it".to_string()
        }
        e => format!("browser storage is not available ({e}); export the scenario to keep it"),
    })
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
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    format!("{}.json", if out.is_empty() { "scenario" } else { out })
}
