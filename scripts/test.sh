#!/usr/bin/env bash
# Sets up what is missing (scripts/setup.sh: seconds when all is there), then runs every check:
# formatting; clippy with warnings as errors on the host and on wasm32; the native tests; the
# browser tests (wasm-bindgen-test in headless Chromium); and the end-to-end tests, which build
# the release app with Trunk and drive it in headless Chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n=== %s\n' "$*"; }

step "set-up"
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
# Sourced: puts node_modules/.bin (wasm-opt) and ~/.cargo/bin (trunk, wasm-bindgen) on PATH.
source scripts/setup.sh

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy (host)"
cargo clippy --all-targets --locked -- -D warnings

step "cargo clippy (wasm32: library, app, worker, browser tests)"
cargo clippy --lib --bins --test browser --target wasm32-unknown-unknown --locked -- -D warnings

step "cargo test (native)"
# The property tests draw the same cases on every run of this script, so a check passes or fails
# for the code, not for the draw; `cargo test` alone draws new cases each time (to explore more,
# set PROPTEST_CASES, and to replay a draw, PROPTEST_RNG_SEED).
PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261206}" cargo test --locked

step "browser tests (wasm-bindgen-test, headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --locked --target wasm32-unknown-unknown --test browser

step "release build (trunk)"
release_build
python3 scripts/standalone.py dist

step "end-to-end tests (playwright-core, headless Chromium)"
node --test --test-concurrency=1 tests/e2e/

echo
echo "all checks passed"
