#!/usr/bin/env bash
# `npm start`: set up, build, and serve dist/ on http://127.0.0.1:8080.
#   npm start                   port 8080
#   PORT=9000 npm start         or: npm start -- --port 9000
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$MTASTS_ROOT"

bash scripts/build.sh
exec node scripts/serve.mjs --root dist "$@"
