#!/usr/bin/env bash
# Writes docs/CODES.md (`npm run codes`): every diagnostic code with its long form, rendered by
# `mtasts codes --format markdown` from crates/mtasts/src/code.rs and crates/mtasts/docs/codes/.
# A test (crates/mtasts-cli/tests/cli/codes.rs) fails while the committed file differs.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$MTASTS_ROOT"

cargo run --quiet -p mtasts-cli -- codes --format markdown >docs/CODES.md.tmp
mv docs/CODES.md.tmp docs/CODES.md
echo "codes: wrote docs/CODES.md"
