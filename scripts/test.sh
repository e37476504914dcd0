#!/usr/bin/env bash
# `npm test`: every test of the project, in this order, after scripts/setup.sh --browser --servers --pre-commit:
#   1. rust       cargo test --workspace --features mtasts-wasm/check (native: core, CLI, and the wasm crate's portable tests;
#                 the CLI's repos.rs runs the hooks through the real pre-commit that setup installed)
#      gates      cargo fmt --all --check; cargo clippy --workspace --all-targets --all-features -D warnings
#                 (each counts as one test)
#   2. build      the wasm build (scripts/build.sh): web/pkg/, web/pkg-check/ and dist/
#   3. wasm       wasm-bindgen-test for crates/mtasts-wasm: in Node and in headless Chromium
#   4. js         node:test on the built npm package (tests/js/): the corpus through the JS API
#                 (`conformance: …`), the package, its types and tsc (`package: …`)
#   5. fixtures   node:test for the live-check fixtures (tests/fixtures/: local DoH server, policy host),
#                 and every scenario through `mtasts check` against them (native-check.test.mjs)
#   6. e2e        Playwright (tests/e2e/) against dist/ served by scripts/serve.mjs
# Every step runs even when an earlier one failed (except js and e2e, which need the build), so one
# run shows every failure. Logs go to target/test-logs/. The last line is the plain
# `N passed, N failed` that CI counts: the sum of cargo's `test result:` lines, the plain
# `name: N passed, N failed` lines of `harness = false` runners, and Playwright's JSON report.
# A step that fails without reporting a failed test (a compile error, a crash) counts as one
# failure. Exit status: 0 when nothing failed.
set -uo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$MTASTS_ROOT" || exit 1

target_dir="${CARGO_TARGET_DIR:-$MTASTS_ROOT/target}"
logs="$target_dir/test-logs"
rm -rf "$logs"
mkdir -p "$logs"

total_passed=0
total_failed=0
total_skipped=0
summary=()

say() { printf '\ntest: === %s\n' "$*"; }

# record NAME STATUS PASSED FAILED SKIPPED SECONDS [VERDICT]
record() {
  local name=$1 status=$2 passed=$3 failed=$4 skipped=$5 seconds=$6 verdict=${7:-}
  if ((status != 0 && failed == 0)); then failed=1; fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
  [[ -n "$verdict" ]] || verdict="$( ((failed == 0)) && echo ok || echo FAIL)"
  summary+=("$(printf '%-6s %-5s %4d passed %4d failed %4d skipped %5ds' "$name" "$verdict" \
    "$passed" "$failed" "$skipped" "$seconds")")
}

# cargo_counts LOG: "passed failed ignored" summed over the libtest summaries
# (`test result: ok. 3 passed; 0 failed; 1 ignored; ...`) and the plain lines of `harness = false`
# runners (`corpus: 334 passed, 0 failed[, 2 skipped]`, alone on a line; such a runner prints
# that line and no libtest summary).
cargo_counts() {
  awk '/^test result: / || /^[A-Za-z0-9_-]+: [0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$/ {
         for (i = 1; i < NF; i++) {
           if ($(i + 1) ~ /^passed/) p += $i
           if ($(i + 1) ~ /^failed/) f += $i
           if ($(i + 1) ~ /^(ignored|skipped)/) s += $i
         }
       }
       END { printf "%d %d %d\n", p, f, s }' "$1"
}

# run_cargo NAME LOG COMMAND...: runs a cargo test command, teeing its output to LOG.
run_cargo() {
  local name=$1 log=$2 start=$SECONDS status
  shift 2
  "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  read -r passed failed skipped < <(cargo_counts "$log")
  record "$name" "$status" "$passed" "$failed" "$skipped" $((SECONDS - start))
}

say "setup (scripts/setup.sh --browser --servers --pre-commit)"
if ! bash scripts/setup.sh --browser --servers --pre-commit; then
  echo "test: setup failed, nothing was tested"
  echo "0 passed, 1 failed"
  exit 1
fi

say "rust: cargo test --workspace"
# --features mtasts-wasm/check: the live check's DNS wire-format tests too (src/dns_wire.rs and
# tests/dns_wire.rs, natively; step 3 runs them again in Node).
run_cargo rust "$logs/rust.log" cargo test --workspace --features mtasts-wasm/check --no-fail-fast

say "gates: cargo fmt --check, cargo clippy -D warnings"
# Each gate is one test: passed when clean, failed (its output is in the log) when not.
start=$SECONDS
gates_passed=0
gates_failed=0
gate() {
  echo "test: $*"
  "$@" 2>&1 | tee -a "$logs/gates.log"
  if ((PIPESTATUS[0] == 0)); then
    gates_passed=$((gates_passed + 1))
  else
    echo "test: FAILED: $*"
    gates_failed=$((gates_failed + 1))
  fi
}
gate cargo fmt --all --check
gate cargo clippy --workspace --all-targets --all-features -- -D warnings
record gates 0 "$gates_passed" "$gates_failed" 0 $((SECONDS - start))

say "build: scripts/build.sh"
start=$SECONDS
MTASTS_SKIP_SETUP=1 bash scripts/build.sh 2>&1 | tee "$logs/build.log"
build_status=${PIPESTATUS[0]}
record build "$build_status" 0 0 0 $((SECONDS - start))

say "wasm: wasm-bindgen-test in Node and headless Chromium (crates/mtasts-wasm)"
# chromedriver leaves ~12 MB per run in TMPDIR: keep it under target/ and start clean.
wasm_tmp="$target_dir/tmp/wasm-bindgen-test"
rm -rf "$wasm_tmp"
mkdir -p "$wasm_tmp"
# --tests: unit and integration tests, not doctests (those are native-only, run in step 1).
# The runner reads crates/mtasts-wasm/webdriver.json (cargo runs tests in the crate folder).
# --features check: the live check's modules and their tests too (the build of web/pkg-check/).
run_cargo wasm "$logs/wasm.log" env \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver \
  TMPDIR="$wasm_tmp" \
  cargo test --target "$WASM_TARGET" -p mtasts-wasm --features check --tests --no-fail-fast

say "js: node --test tests/js (corpus conformance through the JS API; the npm package and its types)"
start=$SECONDS
if ((build_status != 0)); then
  echo "test: not run: the wasm build failed (counted above)"
  record js 0 0 0 0 0 "SKIP"
else
  # tests/js/reporter.mjs prints failures, skips and `conformance: N passed, N failed, N skipped`,
  # `package: …` (cargo_counts reads them).
  node --test --test-reporter=./tests/js/reporter.mjs --test-reporter-destination=stdout \
    tests/js/*.test.mjs 2>&1 | tee "$logs/js.log"
  status=${PIPESTATUS[0]}
  read -r passed failed skipped < <(cargo_counts "$logs/js.log")
  record js "$status" "$passed" "$failed" "$skipped" $((SECONDS - start))
fi

say "fixtures: node --test tests/fixtures (local DoH server and HTTPS policy host)"
# Needs no build. The count reporter prints `fixtures: N passed, N failed` (cargo_counts reads it).
start=$SECONDS
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./tests/fixtures/count-reporter.mjs --test-reporter-destination=stdout \
  tests/fixtures/fixtures.test.mjs tests/fixtures/native-check.test.mjs tests/fixtures/portfolio.test.mjs 2>&1 | tee "$logs/fixtures.log"
status=${PIPESTATUS[0]}
read -r passed failed skipped < <(cargo_counts "$logs/fixtures.log")
record fixtures "$status" "$passed" "$failed" "$skipped" $((SECONDS - start))

say "e2e: Playwright (tests/e2e)"
start=$SECONDS
if ((build_status != 0)); then
  echo "test: not run: the wasm build failed (counted above)"
  record e2e 0 0 0 0 0 "SKIP"
else
  e2e_tmp="$target_dir/tmp/e2e"
  rm -rf "$e2e_tmp"
  mkdir -p "$e2e_tmp"
  report="$logs/playwright.json"
  TMPDIR="$e2e_tmp" PLAYWRIGHT_JSON_OUTPUT_NAME="$report" \
    playwright test --reporter=line,json 2>&1 | tee "$logs/e2e.log"
  status=${PIPESTATUS[0]}
  # stats: expected = passed, unexpected = failed, flaky = passed on retry, skipped.
  read -r passed failed skipped < <(node -e '
    const fs = require("node:fs");
    try {
      const { stats: s } = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      console.log(s.expected + s.flaky, s.unexpected, s.skipped);
    } catch { console.log(0, 0, 0); }' "$report")
  record e2e "$status" "$passed" "$failed" "$skipped" $((SECONDS - start))
fi

printf '\ntest: === summary (logs in %s)\n' "${logs#"$MTASTS_ROOT"/}"
printf 'test: %s\n' "${summary[@]}"
if ((total_skipped > 0)); then
  echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
else
  echo "$total_passed passed, $total_failed failed"
fi
((total_failed == 0))
