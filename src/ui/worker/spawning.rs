//! Starting gloo engine workers from the page: one per trainer playback, one per ticket export
//! read. Each runs this app's own module through the loader at [`SCRIPT_PATH`], told which module
//! that is (its file name carries a hash of its content); the pool's members (`ui/pool.rs`) start
//! through the same loader ([`loader`]).

use gloo::worker::{Spawnable, WorkerBridge};
use wasm_bindgen::JsValue;

use super::{Answer, EngineWorker, Played, Reading, SCRIPT_PATH, codec};

/// Spawns a worker for trainer playback, with `on_played` receiving its answers: a worker of its
/// own, so that playback and runs never wait for each other. Dropping the bridge ends it.
pub fn spawn_playback(on_played: impl Fn(u32, Played) + 'static) -> WorkerBridge<EngineWorker> {
    spawn_answering(move |answer| {
        if let Answer::Playback(id, played) = answer {
            on_played(id, played);
        }
    })
}

/// Spawns a worker to read a ticket export, with `on_reading` receiving its progress and result:
/// a worker of its own, since a read runs to its end once started; dropping the bridge cancels it.
pub fn spawn_history(on_reading: impl Fn(u32, Reading) + 'static) -> WorkerBridge<EngineWorker> {
    spawn_answering(move |answer| {
        if let Answer::History(id, reading) = answer {
            on_reading(id, reading);
        }
    })
}

fn spawn_answering(on_answer: impl Fn(Answer) + 'static) -> WorkerBridge<EngineWorker> {
    EngineWorker::spawner().encoding::<codec::Bytes>().callback(on_answer).spawn_with_loader(&loader())
}

/// The workers' loader: the one-file build (`scripts/standalone.py`, for pages opened from
/// file://) gives it as a Blob URL; otherwise it is told which glue to load: this module's own,
/// whose name carries a hash of its content (Trunk.toml).
pub fn loader() -> String {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("escalationLabWorkerUrl"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| GLUE.with(|meta| loader_url(&meta.url())))
}

/// The worker loader's URL naming the glue to load (its URL, encoded as a query value).
fn loader_url(glue: &str) -> String {
    format!("{SCRIPT_PATH}?glue={}", String::from(js_sys::encode_uri_component(glue)))
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `import.meta` of this module's JavaScript glue (an ES module), whose `url` is the glue's.
    type ImportMeta;
    #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
    static GLUE: ImportMeta;
    #[wasm_bindgen(method, getter)]
    fn url(this: &ImportMeta) -> String;
}
