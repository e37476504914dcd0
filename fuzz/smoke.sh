#!/usr/bin/env bash
# Optional: a short run of every fuzz target (5 s each by default), to check the
# targets build and nothing regressed. Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz --locked`); NOT part of `npm test`. The long runs and
# their figures are in docs/ROBUSTNESS.md.
#
#   bash fuzz/smoke.sh            # every target, 5 s each
#   SECONDS_EACH=30 bash fuzz/smoke.sh policy fix
set -euo pipefail
cd "$(dirname "$0")"
each="${SECONDS_EACH:-5}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(policy fix sts_records tlsrpt_records presentation mx_match check_engine dns_answer coverage_work fix_apply)
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz/smoke.sh: needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz --locked)" >&2
  exit 2
fi
[ -d corpus ] || bash seed.sh
cargo +nightly fuzz build -s none
failed=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  if out=$(nice -n 10 cargo +nightly fuzz run -s none "$t" -- -max_total_time="$each" -max_len=4096 -timeout=10 2>&1); then
    echo "ok   $t: $(grep -E '^#[0-9]+[[:space:]]+DONE' <<<"$out" | tail -1)"
  else
    echo "FAIL $t"
    grep -E 'panicked|Test unit written|SUMMARY' <<<"$out" | head -5
    failed+=("$t")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "findings in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2; exit 1; }
