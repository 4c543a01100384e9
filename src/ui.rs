//! The browser app: a Yew single-page app over the engine. The scenario being edited is a JSON
//! document ([`store`]); editors change it field by field through JSON pointers, the engine's
//! validation runs on every change and its problems are shown beside the fields they name; runs go
//! to the engine worker ([`worker`]), whose report the charts ([`charts`]) draw.
//!
//! Compiled for wasm32 only; the Trunk binary (`src/bin/app.rs`) is a thin entry point into
//! [`start`], and the same module registers the engine worker ([`worker::register`]).

pub mod app;
pub mod charts;
pub mod compare;
pub mod editor;
pub mod embed;
pub mod engine;
pub mod export;
pub mod fields;
pub mod focus;
pub mod format;
pub mod header;
pub mod history;
pub mod import;
pub mod pane;
pub mod pool;
pub mod presets;
pub mod raw;
pub mod results;
pub mod run_panel;
pub mod settings;
pub mod share;
pub mod storage;
pub mod store;
pub mod trainer;
pub mod undo;
pub mod whatif;
pub mod worker;

/// Starts the app: installs the panic hook, then renders into `<body>`.
pub fn start() {
    panic_banner::install();
    yew::Renderer::<app::App>::new().render();
}

/// Shows an internal error in the page (and in the console), instead of leaving a silently frozen
/// UI. The release build stops at once on a panic, without formatting a message (that machinery is
/// about 37 KB of the download): the panic becomes a WebAssembly trap, which the browser reports to
/// the page as an uncaught `RuntimeError`, from an event handler or from a future. Builds that do
/// format panics (the debug build, a release build with the prebuilt standard library) also show
/// the panic's message and place.
mod panic_banner {
    use std::panic::PanicHookInfo;
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};

    const HEADLINE: &str = "Escalation Lab stopped on an internal error. Please reload the page.";

    pub fn install() {
        std::panic::set_hook(Box::new(report));
        let Some(window) = web_sys::window() else { return };
        let on_error = Closure::<dyn Fn(web_sys::ErrorEvent)>::new(|e: web_sys::ErrorEvent| trapped(&e.error()));
        let on_rejection =
            Closure::<dyn Fn(web_sys::PromiseRejectionEvent)>::new(|e: web_sys::PromiseRejectionEvent| {
                trapped(&e.reason());
            });
        let _ = window.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("unhandledrejection", on_rejection.as_ref().unchecked_ref());
        // Listened to for the page's whole life.
        on_error.forget();
        on_rejection.forget();
    }

    fn report(info: &PanicHookInfo<'_>) {
        let message = format!("{HEADLINE}\n\n{info}");
        gloo::console::error!(message.clone());
        show(&message);
    }

    /// A trap of the app's module (and only that: a page's other errors are not the app's to report).
    fn trapped(error: &JsValue) {
        if let Some(trap) = error.dyn_ref::<js_sys::WebAssembly::RuntimeError>() {
            show(&format!("{HEADLINE}\n\n{}", String::from(trap.message())));
        }
    }

    /// Appends a `<pre class="panic" role="alert">` to the body, once: after a panic with a message,
    /// its trap reaches the page too. Best effort: there is no one to report this one's failures to.
    fn show(message: &str) {
        let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
        if document.query_selector("pre.panic").ok().flatten().is_some() {
            return;
        }
        let (Some(body), Ok(banner)) = (document.body(), document.create_element("pre")) else { return };
        banner.set_class_name("panic");
        banner.set_text_content(Some(message));
        let _ = banner.set_attribute("role", "alert");
        let _ = body.append_child(&banner);
    }
}
