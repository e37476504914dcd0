#!/usr/bin/env bash
# The GitHub Action's step (action.yml), also usable as a plain CI step anywhere: lints the
# MTA-STS policy files, zone files and octodns configs under MTASTS_PATHS and, when
# MTASTS_SINCE names a git revision (a pull request's base), checks that a changed policy
# comes with a new `id`. Writes SARIF to MTASTS_SARIF and the readable report to the log.
#
#   MTASTS        the mtasts binary (default: mtasts on PATH)
#   MTASTS_PATHS  files or directories, space-separated (default: .)
#   MTASTS_SINCE  a git revision to compare with (default: none, lint only)
#   MTASTS_MX     the domain's MX hosts, space-separated (optional, with MTASTS_SINCE)
#   MTASTS_SARIF  where the SARIF log goes (default: mtasts.sarif)
#
# Exit status: mtasts's own (0 clean, 1 errors found, 2 could not check).
set -uo pipefail

mtasts="${MTASTS:-mtasts}"
args=(lint)
if [ -n "${MTASTS_SINCE:-}" ]; then
  args+=(--since "$MTASTS_SINCE")
  for host in ${MTASTS_MX:-}; do
    args+=(--mx "$host")
  done
fi
read -r -a paths <<<"${MTASTS_PATHS:-.}"

"$mtasts" "${args[@]}" --format sarif "${paths[@]}" >"${MTASTS_SARIF:-mtasts.sarif}"
"$mtasts" "${args[@]}" --format text --color never "${paths[@]}"
