#!/usr/bin/env bash
# Makes sure the real `pre-commit` (PyPI, version $PRE_COMMIT_VERSION from scripts/env.sh) is
# installed in its own venv under the tools folder, and prints the path of its executable.
# Used by `scripts/setup.sh --pre-commit` and by the test that runs the project's hooks through it
# (crates/mtasts-cli/tests/cli/repos.rs). Idempotent: when the venv answers with the pinned
# version, nothing is done.
#
# Exit status: 0 with the path on stdout; 3 when PyPI cannot be reached (the test then skips,
# saying so); 1 for any other failure (no python3 with venv: `scripts/setup.sh --pre-commit`
# installs Debian's python3-venv).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

say() { printf 'pre-commit.sh: %s\n' "$*" >&2; }
bin="$PRE_COMMIT_ROOT/bin/pre-commit"

if [[ "$("$bin" --version 2>/dev/null || true)" == "pre-commit $PRE_COMMIT_VERSION" ]]; then
  echo "$bin"
  exit 0
fi

python3 -c 'import ensurepip, venv' 2>/dev/null || {
  say "python3 with the venv module is needed (Debian: python3-venv; scripts/setup.sh --pre-commit installs it)"
  exit 1
}
say "installing pre-commit $PRE_COMMIT_VERSION into $PRE_COMMIT_ROOT"
rm -rf "$PRE_COMMIT_ROOT"
mkdir -p "$(dirname "$PRE_COMMIT_ROOT")"
python3 -m venv "$PRE_COMMIT_ROOT" >&2
if ! "$PRE_COMMIT_ROOT/bin/python" -m pip install --quiet --disable-pip-version-check \
  "pre-commit==$PRE_COMMIT_VERSION" >&2; then
  # Tell an unreachable index (skip) from a broken install (fail): ask the index for the name.
  if ! "$PRE_COMMIT_ROOT/bin/python" -m pip download --quiet --no-deps --disable-pip-version-check \
    -d "$PRE_COMMIT_ROOT/probe" "pre-commit==$PRE_COMMIT_VERSION" >/dev/null 2>&1; then
    rm -rf "$PRE_COMMIT_ROOT"
    say "PyPI cannot be reached: pre-commit $PRE_COMMIT_VERSION was not installed"
    exit 3
  fi
  rm -rf "$PRE_COMMIT_ROOT"
  say "pip could not install pre-commit $PRE_COMMIT_VERSION"
  exit 1
fi
have="$("$bin" --version 2>/dev/null || true)"
[[ "$have" == "pre-commit $PRE_COMMIT_VERSION" ]] || {
  say "the installed pre-commit answers '$have', expected 'pre-commit $PRE_COMMIT_VERSION'"
  exit 1
}
echo "$bin"
