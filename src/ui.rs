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

/// Shows a panic's message in the page (and in the console), instead of leaving a silently
/// frozen UI.
mod panic_banner {
    use std::panic::PanicHookInfo;

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
        let _ = banner.set_attribute("role", "alert");
        let _ = body.append_child(&banner);
    }
}
