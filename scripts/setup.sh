#!/usr/bin/env bash
# Installs what the browser app's build and tests need, skipping whatever is already there (a few
# seconds then; about 10 minutes on a fresh machine, mostly compiling Trunk). Only the package
# registries are used: tools that download their own binaries do not work on this machine kind.
#
#   Rust target  wasm32-unknown-unknown                    (rustup)
#   rust-src     the standard library's source, and the crates it uses (rustup, cargo fetch),
#                for the release build of the app (`release_build` below)
#   trunk        0.21.14                                   (cargo install --locked; ~7 min)
#   wasm-bindgen wasm-bindgen-cli at Cargo.lock's version  (cargo install, NOT --locked; ~2 min)
#   wasm-opt     npm binaryen@132.0.0, terser and playwright-core (npm ci, from package-lock.json)
#   chromium     chromium + chromium-driver                (apt-get, as root or through sudo)
#
# Trunk finds wasm-opt on PATH, in node_modules/.bin. Source this script to get that PATH in your
# shell (`source scripts/setup.sh`, as scripts/serve.sh does); run as a command, it only installs.
#
# Versions to keep in step: trunk 0.22 needs a newer rustc than 1.95; wasm-bindgen-cli must equal
# the wasm-bindgen crate in Cargo.lock exactly; Debian's binaryen (108) and the `wasm-opt` crate
# (116) are too old for wasm-bindgen 0.2.130's output.

# Everything runs in a subshell so that sourcing this file neither changes the caller's shell
# options nor exits it on a failure: only the PATH export at the bottom reaches the caller.
(
  set -euo pipefail
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

  TRUNK_VERSION=0.21.14

  say() { printf 'setup: %s\n' "$*"; }

  as_root() {
    if [ "$(id -u)" -eq 0 ]; then
      "$@"
    elif command -v sudo >/dev/null; then
      sudo "$@"
    else
      say "need root for: $*" >&2
      return 1
    fi
  }

  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rust target wasm32-unknown-unknown: present"
  else
    say "rust target wasm32-unknown-unknown: adding"
    rustup target add wasm32-unknown-unknown
  fi

  # The release build compiles the standard library itself (release_build below): its source, and
  # the crates.io packages it depends on, which Trunk's offline build cannot fetch.
  if rustup component list --installed | grep -q '^rust-src'; then
    say "rust-src: present"
  else
    say "rust-src: adding"
    rustup component add rust-src
  fi
  # Quick when they are there (nothing is downloaded).
  RUSTC_BOOTSTRAP=1 cargo fetch --quiet --manifest-path "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"

  have_trunk="$(trunk --version 2>/dev/null || true)"
  if [ "$have_trunk" = "trunk $TRUNK_VERSION" ]; then
    say "trunk $TRUNK_VERSION: present"
  else
    say "trunk $TRUNK_VERSION: installing (found: ${have_trunk:-none}; takes about 7 minutes)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi

  # Trunk uses the wasm-bindgen on PATH only if it is exactly the crate's version in Cargo.lock.
  bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  if [ -z "$bindgen_version" ]; then
    say "no wasm-bindgen in Cargo.lock" >&2
    exit 1
  fi
  have_bindgen="$(wasm-bindgen --version 2>/dev/null || true)"
  if [ "$have_bindgen" = "wasm-bindgen $bindgen_version" ]; then
    say "wasm-bindgen-cli $bindgen_version: present"
  else
    # Not --locked: the CLI's own lockfile pins a webpki-roots version the registry here lacks.
    say "wasm-bindgen-cli $bindgen_version: installing (found: ${have_bindgen:-none}; takes about 2 minutes)"
    cargo install wasm-bindgen-cli --version "$bindgen_version"
  fi

  # npm writes node_modules/.package-lock.json on every install: older than package-lock.json
  # means the lockfile changed since.
  if [ -f node_modules/.package-lock.json ] && ! [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm packages (binaryen, terser, playwright-core): present"
  else
    say "npm packages (binaryen, terser, playwright-core): npm ci"
    npm ci --no-audit --no-fund
  fi

  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "chromium + chromium-driver: present"
  else
    say "chromium + chromium-driver: installing from Debian"
    packages=(chromium chromium-driver)
    export DEBIAN_FRONTEND=noninteractive
    if ! as_root apt-get install -y --no-install-recommends "${packages[@]}"; then
      say "apt-get install failed: updating the package lists and retrying"
      as_root apt-get update
      as_root apt-get install -y --no-install-recommends "${packages[@]}"
    fi
  fi

  say "done: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{ print $3 }')"
) || { status=$?; printf 'setup: failed\n' >&2; return "$status" 2>/dev/null || exit "$status"; }

# Trunk runs `wasm-opt` from PATH; cargo-installed tools live in ~/.cargo/bin.
export PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The release build of the app into dist/ (Trunk, then wasm-opt as index.html says), with the
# standard library compiled for size in the same build, and panics that stop the module at once
# instead of formatting a message: 56 KB less to download (gzipped) than with the prebuilt
# library, whose code is tuned for speed and carries the panic machinery. Both are unstable options
# of the toolchain, taken on the stable one through RUSTC_BOOTSTRAP; they change only how the
# module is compiled, not what it computes (the end-to-end tests check the browser's reports against
# the native runner's bit for bit). If that build fails, the app is built the ordinary way, larger.
# (`--offline` goes after the verb: `trunk --offline build` would read `build` as its value.)
# Then the module's imports get short names (scripts/short_imports.py: 7 KB less), and the glue
# is minified (terser, as an ES module: its exports keep their names; 2.3 KB less).
release_build() {
  if ! RUSTC_BOOTSTRAP=1 \
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    trunk build --release --offline "$@"; then
    printf 'build: the size-tuned build failed (above); building with the prebuilt standard library\n' >&2
    trunk build --release --offline "$@" || return
  fi
  python3 scripts/short_imports.py dist || printf 'build: the imports keep their long names (above)\n' >&2
  local glue
  for glue in dist/escalation-lab-app-*.js; do
    case "$glue" in *_bg.js) continue ;; esac
    if terser "$glue" --module --compress --mangle -o "$glue.min"; then
      mv "$glue.min" "$glue"
    else
      rm -f "$glue.min"
      printf 'build: the glue %s stays as written (above)\n' "$glue" >&2
    fi
  done
}
