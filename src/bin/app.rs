//! The browser app (`escalation-lab-app`): the Yew entry point Trunk builds from `index.html`.
//! For now it renders a placeholder and starts the engine worker (`src/bin/worker.rs`), showing
//! "engine worker ready" once the worker has answered a ping.
//!
//! A panic shows up in the page, not only in the console, so a broken build cannot pass for a
//! slow one. Natively the binary is an empty `main`, so host builds and tests are unaffected.

// The worker's message types and `gloo` worker are shared by compiling its file here too; its own
// `main` (which registers the worker inside the worker) is not used by the app.
#[cfg(target_arch = "wasm32")]
#[expect(dead_code, reason = "the worker binary's `main` is compiled into the app but never called")]
#[path = "worker.rs"]
mod worker;

#[cfg(target_arch = "wasm32")]
mod app {
    use gloo::worker::Spawnable;
    use yew::prelude::*;

    use crate::worker::engine_worker::{EngineWorker, Request, Response, SCRIPT_PATH};

    /// How far the engine worker has come.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum WorkerStatus {
        /// Spawned, no answer yet.
        Starting,
        /// Answered the ping: it can take work.
        Ready,
    }

    /// Spawns the engine worker once, pings it, and reports its status. The bridge lives as long
    /// as the component: dropping it on unmount disconnects from the worker.
    #[hook]
    fn use_engine_worker() -> WorkerStatus {
        let status = use_state(|| WorkerStatus::Starting);
        {
            let status = status.clone();
            use_effect_with((), move |()| {
                let bridge = EngineWorker::spawner()
                    .callback(move |response| match response {
                        Response::Pong => status.set(WorkerStatus::Ready),
                    })
                    .spawn(SCRIPT_PATH);
                bridge.send(Request::Ping);
                move || drop(bridge)
            });
        }
        *status
    }

    /// The root component: a placeholder until the app proper exists.
    #[component]
    pub fn App() -> Html {
        let status = use_engine_worker();
        let (key, text) = match status {
            WorkerStatus::Starting => ("starting", "starting engine worker…"),
            WorkerStatus::Ready => ("ready", "engine worker ready"),
        };
        html! {
            <main class="app">
                <h1>{ "Escalation Lab — loading" }</h1>
                <p class="worker-status" data-status={key}>{ text }</p>
            </main>
        }
    }
}

/// Shows a panic's message in the page (and in the console), instead of leaving a silently
/// frozen UI. Hand-written rather than `console_error_panic_hook`, which only logs.
#[cfg(target_arch = "wasm32")]
mod panic_banner {
    use std::panic::PanicHookInfo;

    /// Installs the hook; call it first thing in `main`.
    pub fn install() {
        std::panic::set_hook(Box::new(report));
    }

    fn report(info: &PanicHookInfo<'_>) {
        let message = format!("Escalation Lab stopped on an internal error. Please reload the page.\n\n{info}");
        gloo::console::error!(message.clone());
        show(&message);
    }

    /// Appends a `<pre class="panic" role="alert">` to the body. Best effort: a panic hook has no
    /// one to report its own failures to.
    fn show(message: &str) {
        let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
        let (Some(body), Ok(banner)) = (document.body(), document.create_element("pre")) else { return };
        banner.set_class_name("panic");
        banner.set_text_content(Some(message));
        // Failures here are ignored on purpose: there is nothing left to report them to.
        let _ = banner.set_attribute("role", "alert");
        let _ = body.append_child(&banner);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    panic_banner::install();
    yew::Renderer::<app::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
