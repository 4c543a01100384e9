#!/usr/bin/env bash
# Sets up what the checks need (idempotent: seconds when all is there), then runs every check:
# formatting, clippy with warnings as errors on the host and on wasm32, and the native tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n=== %s\n' "$*"; }

step "toolchain"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed | grep -q '^clippy' || rustup component add clippy

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy (host)"
cargo clippy --all-targets --locked -- -D warnings

step "cargo clippy (wasm32: library, app and worker)"
cargo clippy --lib --bins --target wasm32-unknown-unknown --locked -- -D warnings

step "cargo test"
cargo test --locked

echo
echo "all checks passed"
