#!/usr/bin/env bash
# The app's download: the release build (`release_build`, scripts/setup.sh), then each file of
# dist/ a browser fetches for the module, gzipped at level 9, and their total in bytes.
#
#   scripts/download-size.sh                 the build of this tree
#   scripts/download-size.sh PATCH...        also the same build with the patches applied, in a
#                                            copy of the tree at HEAD: the difference is what the
#                                            code the patches take out costs to download
#
# A patch that leaves a feature out by its entry points (a component not rendered, a request not
# answered, a section of the format skipped) measures everything only that feature reaches: the
# compiler and wasm-opt drop what nothing calls. What it still reaches through data (a variant
# matched but never made) stays counted in both builds, so such a figure is a lower bound.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh >/dev/null

# Prints "file bytes" per file of the dist folder $1, then "total bytes".
sizes() {
  local total=0 f n
  for f in "$1"/*.wasm "$1"/*.js; do
    [ -e "$f" ] || continue
    n="$(gzip -9c "$f" | wc -c)"
    total=$((total + n))
    printf '  %-48s %9d\n' "$(basename "$f")" "$n"
  done
  printf '  %-48s %9d\n' total "$total"
}

total_of() { sizes "$1" | awk '$1 == "total" { print $2 }'; }

# Builds in the current folder, its output shown only if the build fails.
build() {
  local log
  log="$(mktemp)"
  if ! release_build >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

build
printf 'download (gzip -9), this tree:\n'
sizes dist
[ $# -gt 0 ] || exit 0

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  printf 'download-size: the tree has uncommitted changes; the patched copy is of HEAD without them\n' >&2
fi
# A target folder of its own: the final module's path in a shared one does not depend on the
# source folder, so a build of one tree would leave its module where the other's is looked for.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}/download-size"
copy="$(mktemp -d)"
trap 'git worktree remove --force "$copy" >/dev/null 2>&1 || rm -rf "$copy"' EXIT
git worktree add --quiet --detach "$copy" HEAD
for patch in "$@"; do
  git -C "$copy" apply "$(realpath "$patch")"
done
# The copy has no node_modules of its own: wasm-opt and terser come from this tree's (on PATH).
(cd "$copy" && build)
printf 'download (gzip -9), HEAD with %s:\n' "$*"
sizes "$copy/dist"
python3 - "$(total_of dist)" "$(total_of "$copy/dist")" <<'PY'
import sys
this, without = int(sys.argv[1]), int(sys.argv[2])
print(f"difference: {this - without} bytes ({(this - without) / 1000:.1f} KB) the patches take out")
PY
