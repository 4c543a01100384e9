//! The engine Web Worker (`escalation-lab-worker`): the app's second Trunk binary, so that
//! simulations never run on the UI thread; the worker itself is `escalation_lab::ui::worker`.
//! Natively the binary is an empty `main`.

#[cfg(target_arch = "wasm32")]
fn main() {
    escalation_lab::ui::worker::register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
