# shellcheck shell=bash disable=SC2034  # (variables used by the scripts that source this)
# Shared settings for the scripts in this folder; source it, don't run it.
#
# Pinned tool versions live here and nowhere else. wasm-bindgen 0.2.129: the newest whose CLI
# installs with `--locked` from the registry here; binaryen 132 (package.json), never Debian's 108,
# whose wasm-opt output fails at page load.
# The wasm-bindgen CLI must equal the `wasm-bindgen` crate pinned in crates/mtasts-wasm/Cargo.toml.

MTASTS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WASM_TARGET=wasm32-unknown-unknown
WASM_BINDGEN_VERSION=0.2.129

# Tools are installed outside the clone (CI works in a fresh clone each time), one folder per
# version, so two versions never overwrite each other.
MTASTS_TOOLS_DIR="${MTASTS_TOOLS_DIR:-$HOME/.cache/mtasts-tools}"
WASM_BINDGEN_ROOT="$MTASTS_TOOLS_DIR/wasm-bindgen-$WASM_BINDGEN_VERSION"
# The real pre-commit from PyPI, for the test that runs the project's hooks through it
# (scripts/pre-commit.sh installs it into its own venv).
PRE_COMMIT_VERSION=4.7.0
PRE_COMMIT_ROOT="$MTASTS_TOOLS_DIR/pre-commit-$PRE_COMMIT_VERSION"

# wasm-bindgen first; node_modules/.bin brings binaryen's wasm-opt and playwright. Debian's own
# binaryen (if installed) must never win: its wasm-opt 108 breaks the page at load. rustup's
# folder comes last, for a shell that has not picked it up yet.
export PATH="$WASM_BINDGEN_ROOT/bin:$MTASTS_ROOT/node_modules/.bin:$PATH:$HOME/.cargo/bin"

# Features the wasm32 target enables by default. `strip = true` removes the target-features
# section, so wasm-opt has to be told them explicitly.
WASM_OPT_FEATURES=(
  --enable-bulk-memory --enable-bulk-memory-opt --enable-multivalue --enable-mutable-globals
  --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext
)

# Playwright must never download a browser: it runs Debian's /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
