//! The app's own settings, kept in `localStorage` apart from the scenario (they belong to this
//! browser, not to the work): for now, how many engine workers runs are shared over.

use serde::{Deserialize, Serialize};

/// The settings' key; the suffix changes when their shape changes.
pub const KEY: &str = "escalation-lab/settings/v1";
/// The most workers the pool takes, whatever the machine.
const MOST_WORKERS: usize = 8;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Settings {
    /// Engine workers chosen by the user; absent: as many as the machine has cores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    workers: Option<usize>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load() -> Settings {
    let text = storage().and_then(|s| s.get_item(KEY).ok().flatten());
    text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

/// The most workers this browser may use: its `navigator.hardwareConcurrency`, 1 to 8.
pub fn most_workers() -> usize {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
    (cores as usize).clamp(1, MOST_WORKERS)
}

/// The engine workers to use: the user's choice, at most [`most_workers`].
pub fn workers() -> usize {
    let most = most_workers();
    load().workers.map_or(most, |n| n.clamp(1, most))
}

/// Keeps the user's choice of workers (`None`: as many as the machine has); `Err` with a
/// sentence when storage is unavailable or refuses it.
pub fn set_workers(workers: Option<usize>) -> Result<(), String> {
    let storage = storage().ok_or("browser storage is not available: the choice is not kept")?;
    let text = serde_json::to_string(&Settings { workers }).expect("settings serialize");
    storage.set_item(KEY, &text).map_err(|_| "browser storage refused the settings".to_string())
}
