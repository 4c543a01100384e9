//! The browser app (`escalation-lab-app`): the entry point Trunk builds from `index.html`; the
//! app itself is `escalation_lab::ui`. The same module runs the engine worker: in a worker there
//! is no window, so `main` does nothing and the loader (`static/engine-worker.js`) calls
//! [`start_engine_worker`] instead. Natively the binary is an empty `main`.

#[cfg(target_arch = "wasm32")]
fn main() {
    if web_sys::window().is_some() {
        escalation_lab::ui::start();
    }
}

/// Makes this module the engine worker; called by `static/engine-worker.js` inside the worker.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start_engine_worker() {
    escalation_lab::ui::worker::register();
}

/// Makes this module a member of the page's pool of engine workers; called by
/// `static/engine-worker.js` inside a worker the pool started, once it has the page's module.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start_pool_member() {
    escalation_lab::ui::worker::member::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
