#!/usr/bin/env bash
# Sets up what is missing (scripts/setup.sh), builds the browser app for release (wasm-opt
# included) into dist/, and serves it at http://127.0.0.1:8080/ until interrupted.
#
#   env PORT   port to serve on (default 8080)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT="${PORT:-8080}"

# Sourced, not run: it puts node_modules/.bin (wasm-opt) on this shell's PATH for Trunk.
source scripts/setup.sh

echo "serve: release build (trunk)"
release_build
python3 scripts/standalone.py dist

echo "serve: http://127.0.0.1:$PORT/ (Ctrl-C stops)"
exec python3 -m http.server --bind 127.0.0.1 "$PORT" --directory dist
