#!/usr/bin/env bash
# `npm start`: set up, build, and serve dist/ on http://127.0.0.1:8080 through `mtasts serve`,
# so the page's live check also gets the policy without CORS and the TLS certificates of the
# policy host and every MX host (its same-origin API, docs/PROXY.md). Every step is idempotent:
# a second run rebuilds nothing that is current.
#   npm start                   port 8080
#   PORT=9000 npm start         or: npm start -- --port 9000
#   npm start -- --resolver 9.9.9.9      any other option goes to `mtasts serve` (docs/CLI.md)
# dist/ itself stays a static site: `node scripts/serve.mjs` (npm run serve) serves it without the API.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$MTASTS_ROOT"

port="${PORT:-8080}"
args=()
while (($#)); do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port > 65535)); then
  echo "start: invalid port '$port': expected a number from 0 to 65535" >&2
  exit 1
fi

bash scripts/build.sh
cargo build --quiet -p mtasts-cli
exec "${CARGO_TARGET_DIR:-$MTASTS_ROOT/target}/debug/mtasts" serve --root dist --listen "127.0.0.1:$port" "${args[@]}"
