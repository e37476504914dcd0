#!/usr/bin/env bash
# Installs what `npm start` and `npm test` need, and nothing that is already there.
#
#   scripts/setup.sh            wasm32 target, wasm-bindgen-cli, node_modules
#   scripts/setup.sh --browser  the same, plus Debian's chromium and chromedriver (for tests)
#   scripts/setup.sh --servers  the same, plus Debian's nginx, apache2, caddy and curl (the
#                               generated server configurations are run by them in tests)
#   scripts/setup.sh --pre-commit  the same, plus the real pre-commit from PyPI in a venv of its
#                               own (scripts/pre-commit.sh; Debian's python3-venv when missing)
#
# Idempotent and quick when everything is in place: each step checks first, then installs, and
# says what it did. Versions come from scripts/env.sh.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

want_browser=0
want_servers=0
want_pre_commit=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --servers) want_servers=1 ;;
    --pre-commit) want_pre_commit=1 ;;
    -h | --help)
      sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      echo "setup: unknown argument '$arg' (try --help)" >&2
      exit 2
      ;;
  esac
done

say() { printf 'setup: %s\n' "$*"; }
die() {
  printf 'setup: error: %s\n' "$*" >&2
  exit 1
}

for tool in cargo rustup node npm; do
  command -v "$tool" >/dev/null || die "'$tool' is not on PATH; install Rust (rustup) and Node.js 20+ first"
done

# 1. The wasm32 target for the Rust toolchain in use (rust-toolchain files included).
if rustup target list --installed | grep -qx "$WASM_TARGET"; then
  say "rust target $WASM_TARGET: present"
else
  say "rust target $WASM_TARGET: installing"
  rustup target add "$WASM_TARGET"
fi

# 2. wasm-bindgen-cli, exactly the crate's version. `cargo install` trusts its own records, so ask
#    the binary itself, and force a reinstall when it answers wrong (or not at all).
wasm_bindgen="$WASM_BINDGEN_ROOT/bin/wasm-bindgen"
have="$("$wasm_bindgen" --version 2>/dev/null || true)"
if [[ "$have" == "wasm-bindgen $WASM_BINDGEN_VERSION" && -x "$WASM_BINDGEN_ROOT/bin/wasm-bindgen-test-runner" ]]; then
  say "wasm-bindgen $WASM_BINDGEN_VERSION: present in $WASM_BINDGEN_ROOT"
else
  say "wasm-bindgen $WASM_BINDGEN_VERSION: installing into $WASM_BINDGEN_ROOT (about 2 minutes; found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --force \
    --root "$WASM_BINDGEN_ROOT"
  have="$("$wasm_bindgen" --version 2>/dev/null || true)"
  [[ "$have" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]] ||
    die "installed wasm-bindgen answers '$have', expected 'wasm-bindgen $WASM_BINDGEN_VERSION'"
fi

# 3. node_modules, when missing or installed from another package.json / package-lock.json.
#    A stamp holding the manifests' hash tells; mtimes don't survive a fresh clone.
cd "$MTASTS_ROOT"
stamp=node_modules/.mtasts-setup-stamp
manifests_hash() {
  local files=(package.json)
  [[ ! -f package-lock.json ]] || files+=(package-lock.json)
  cat "${files[@]}" | sha256sum | cut -d' ' -f1
}
if [[ -f "$stamp" && "$(cat "$stamp")" == "$(manifests_hash)" && -x node_modules/.bin/wasm-opt &&
  -x node_modules/.bin/playwright ]]; then
  say "node_modules: up to date"
else
  if [[ -f package-lock.json ]]; then
    say "node_modules: missing or stale, running npm ci"
    npm ci --no-audit --no-fund
  else
    say "node_modules: no package-lock.json, running npm install"
    npm install --no-audit --no-fund
  fi
  # npm install may have written package-lock.json: hash what is there now.
  manifests_hash >"$stamp"
fi

# apt_install WHAT PACKAGE...: Debian's packages, for the tests that need them (never a download
# from elsewhere); run only when something is missing.
apt_install() {
  local what=$1
  shift
  command -v apt-get >/dev/null || die "$what is missing and there is no apt-get: install it (the tests need it)"
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "installing $what needs root (or sudo)"
    sudo=(sudo)
  fi
  say "$what: installing Debian's packages"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# 4. Chromium and its driver from Debian, for the browser tests only. Never a browser download.
#    openssl comes with them: the test fixtures (tests/fixtures/certs.mjs) make their CA with it.
if ((want_browser)); then
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] && command -v openssl >/dev/null; then
    say "chromium + chromedriver + openssl: present"
  else
    apt_install "chromium + chromedriver + openssl" chromium chromium-driver openssl
  fi
fi

# 5. The web servers whose generated configurations the CLI tests run (tests/cli/servers.rs):
#    Debian's packages, installed only when missing; a test fails without them, never skips.
if ((want_servers)); then
  if [[ -x /usr/sbin/nginx && -x /usr/sbin/apache2 && -x /usr/bin/caddy ]] && command -v curl >/dev/null &&
    command -v openssl >/dev/null; then
    say "nginx + apache2 + caddy + curl: present"
  else
    apt_install "nginx + apache2 + caddy + curl" nginx apache2 caddy curl openssl
  fi
fi

# 6. pre-commit from PyPI, for the test that runs the project's hooks through it
#    (tests/cli/repos.rs): Debian's python3-venv when python3 cannot make a venv, then
#    scripts/pre-commit.sh. PyPI out of reach is not fatal here: that test skips and says so.
if ((want_pre_commit)); then
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    apt_install "python3-venv" python3-venv
  fi
  status=0
  bin="$(bash "$MTASTS_ROOT/scripts/pre-commit.sh")" || status=$?
  case $status in
    0) say "pre-commit $PRE_COMMIT_VERSION: $bin" ;;
    3) say "pre-commit $PRE_COMMIT_VERSION: PyPI cannot be reached; the pre-commit test will skip" ;;
    *) die "pre-commit $PRE_COMMIT_VERSION could not be installed (scripts/pre-commit.sh)" ;;
  esac
fi

say "ready"
