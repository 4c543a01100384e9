//! The browser app (`escalation-lab-app`): the entry point Trunk builds from `index.html`; the
//! app itself is `escalation_lab::ui`. Natively the binary is an empty `main`.

#[cfg(target_arch = "wasm32")]
fn main() {
    escalation_lab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
