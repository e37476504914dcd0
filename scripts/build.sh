#!/usr/bin/env bash
# Builds the web app (`npm run build`):
#   crates/mtasts-wasm --cargo (wasm32, release)--> .wasm --wasm-bindgen --target web-->
#   web/pkg/ --wasm-opt -Oz (npm binaryen)--> web/pkg/, then web/ is copied to dist/, a static
#   folder ready to deploy. The same with `--no-default-features` into web/pkg-editor/
#   (mtasts_wasm_editor.js: analyzePolicy without the MX match, applyFixes and the vocabulary,
#   what the page and the widget load first; web/pkg/ is imported on the first record, match or
#   domain), with `--features check` into web/pkg-check/
#   (mtasts_wasm_check.js: everything plus `checkDomain`, loaded by the page only for a live
#   check), and with `--features tools` into web/pkg-tools/ (the reports reader and the
#   generator, loaded when one of them is first used). codes.json (`mtasts codes --format json`)
#   goes to dist/ and web/. web/pkg/, web/pkg-check/, web/pkg-tools/, web/codes.json and dist/
#   are build output (gitignored).
#
# dist/embed/ is the <mta-sts-check> widget, ready to copy (docs/EMBED.md).
#
# web/pkg/ is also the npm package `mtasts-wasm` (scripts/write-package.mjs writes its
# package.json and README): `npm pack ./web/pkg` makes the tarball.
#
# Runs scripts/setup.sh first unless MTASTS_SKIP_SETUP=1 (scripts/test.sh has just run it).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$MTASTS_ROOT"

[[ "${MTASTS_SKIP_SETUP:-0}" == 1 ]] || bash scripts/setup.sh

say() { printf 'build: %s\n' "$*"; }
die() {
  printf 'build: error: %s\n' "$*" >&2
  exit 1
}

# Binaryen 132 from npm, never another wasm-opt that may be on PATH (Debian's 108 produces
# modules that fail at page load).
wasm_opt="$MTASTS_ROOT/node_modules/.bin/wasm-opt"
[[ -x "$wasm_opt" ]] || die "$wasm_opt is missing: run scripts/setup.sh"
[[ "$("$wasm_opt" --version)" == "wasm-opt version 132"* ]] ||
  die "$wasm_opt is not binaryen 132: run scripts/setup.sh"

target_dir="${CARGO_TARGET_DIR:-$MTASTS_ROOT/target}"
wasm_out="$target_dir/$WASM_TARGET/release/mtasts_wasm.wasm"

# Build into a scratch folder of its own and swap it in at the end: a failed build never leaves
# a half package behind in web/pkg/, and two builds at once don't share a folder.
mkdir -p "$target_dir"
scratch="$(mktemp -d "$target_dir/web-build.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

# package OUT NAME [CARGO_ARGS...]: cargo build -> wasm-bindgen -> wasm-opt into OUT as NAME.js.
# Both builds write the same target/…/mtasts_wasm.wasm, so each is post-processed at once; the
# second cargo build reuses every dependency the two share.
package() {
  local out=$1 name=$2
  shift 2
  say "cargo build --release --target $WASM_TARGET -p mtasts-wasm $*"
  cargo build --release --target "$WASM_TARGET" -p mtasts-wasm "$@"
  say "wasm-bindgen --target web ($name)"
  wasm-bindgen --target web --out-dir "$out" --out-name "$name" "$wasm_out"
  say "wasm-opt -Oz ($name)"
  "$wasm_opt" -Oz "${WASM_OPT_FEATURES[@]}" "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
}
# web/pkg-editor/: what the first view and a keystroke in the editor need, the first load.
out_editor="$scratch/pkg-editor"
package "$out_editor" mtasts_wasm_editor --no-default-features
# web/pkg/: every lint export (no live check): the npm package, imported by the page on first use
# of the records, the match preview or the domain box.
out="$scratch/pkg"
package "$out" mtasts_wasm
# web/pkg-check/: everything plus `checkDomain`, imported by the page when a live check starts.
out_check="$scratch/pkg-check"
package "$out_check" mtasts_wasm_check --features check
# web/pkg-tools/: everything plus the reports reader and the generator, imported by the page when
# <mta-sts-reports> or <mta-sts-generator> is first used (never in the first load).
out_tools="$scratch/pkg-tools"
package "$out_tools" mtasts_wasm_tools --features tools
say "package.json"
node scripts/write-package.mjs "$out"
# codes.json: the long form of every diagnostic code, which the page shows under "More about
# this" (web/src/diagnostics.js). Rendered by the native CLI (the core's `docs` feature), so
# the text stays out of the wasm; web/codes.json serves the same to the dev server.
say "codes.json (mtasts codes --format json)"
cargo run --quiet -p mtasts-cli -- codes --format json >"$scratch/codes.json"
# dist/: the page as it is deployed. Type declarations and the package manifest are for npm
# users, not for the page.
cp -R web "$scratch/dist"
rm -rf "$scratch/dist/pkg" "$scratch/dist/pkg-editor" "$scratch/dist/pkg-check" "$scratch/dist/pkg-tools"
cp "$scratch/codes.json" "$scratch/dist/codes.json"
cp -R "$out" "$scratch/dist/pkg"
cp -R "$out_editor" "$scratch/dist/pkg-editor"
cp -R "$out_check" "$scratch/dist/pkg-check"
cp -R "$out_tools" "$scratch/dist/pkg-tools"
find "$scratch/dist" -name '*.d.ts' -delete
rm -f "$scratch/dist/pkg/package.json" "$scratch/dist/pkg/README.md"
# The page's modules (web/main.js, web/src/ and the editor package's glue) as one minified ES
# module, by esbuild from npm: one request instead of a dozen, and about half the bytes. The
# elements imported on first use (src/lazy.js: the reports reader, the generator) are split into
# chunks of their own (chunks/), with what they alone use. The page names its .wasm itself;
# dist/pkg/, dist/pkg-check/ and dist/pkg-tools/ are not bundled: the page imports them by URL
# (not followed by esbuild) on first use (src/core.js).
esbuild="$MTASTS_ROOT/node_modules/.bin/esbuild"
[[ -x "$esbuild" ]] || die "$esbuild is missing: run scripts/setup.sh"
# bundle ENTRY OUTDIR: ENTRY as OUTDIR/<its name>, its lazy imports as OUTDIR/chunks/.
bundle() {
  "$esbuild" "$1" --bundle --splitting --format=esm --minify --target=es2022 \
    --legal-comments=none --log-level=warning --outdir="$2" --entry-names='[name]' \
    --chunk-names='chunks/[name]-[hash]'
}
say "esbuild web/main.js -> dist/main.js (bundled, minified)"
bundle "$scratch/dist/main.js" "$scratch/bundle"
mv "$scratch/bundle/main.js" "$scratch/dist/main.js"
mv "$scratch/bundle/chunks" "$scratch/dist/chunks"
# The lint worker (web/lint-worker.js: large texts validated off the main thread) with the glue
# bundled in, beside main.js; it fetches the same pkg/ .wasm.
say "esbuild web/lint-worker.js -> dist/lint-worker.js (bundled, minified)"
"$esbuild" "$scratch/dist/lint-worker.js" --bundle --format=esm --minify --target=es2022 \
  --legal-comments=none --log-level=warning --outfile="$scratch/dist/lint-worker.bundle.js"
mv "$scratch/dist/lint-worker.bundle.js" "$scratch/dist/lint-worker.js"
# dist/embed/: the <mta-sts-check> widget as static files to copy into a control panel
# (docs/EMBED.md): one minified module (the elements and the editor package's glue) with the
# generator's chunk, the editor .wasm it fetches at once, the lint package it imports on the first
# record, match or domain, the live-check package it imports on the first check, and codes.json.
# Every URL inside is relative to mta-sts-check.js, so the folder works wherever it is put.
say "esbuild web/mta-sts-check.js -> dist/embed/ (the widget)"
embed="$scratch/dist/embed"
mkdir -p "$embed/pkg-editor" "$embed/pkg" "$embed/pkg-check" "$embed/pkg-tools"
bundle "$scratch/dist/mta-sts-check.js" "$embed"
cp "$out_editor/mtasts_wasm_editor_bg.wasm" "$embed/pkg-editor/"
# Each glue imports its snippets/ (crates/mtasts-wasm/src/unpack.js), so they go along.
cp -R "$out/mtasts_wasm.js" "$out/mtasts_wasm_bg.wasm" "$out/snippets" "$embed/pkg/"
cp "$scratch/dist/lint-worker.js" "$embed/lint-worker.js"
cp -R "$out_check/mtasts_wasm_check.js" "$out_check/mtasts_wasm_check_bg.wasm" "$out_check/snippets" "$embed/pkg-check/"
cp -R "$out_tools/mtasts_wasm_tools.js" "$out_tools/mtasts_wasm_tools_bg.wasm" "$out_tools/snippets" "$embed/pkg-tools/"
cp "$scratch/codes.json" "$embed/codes.json"
rm -rf "$scratch/dist/src" "$scratch/dist/mta-sts-check.js"
# The npm package carries the widget too (`import 'mtasts-wasm/mta-sts-check.js'`).
cp -R "$embed" "$out/embed"
# The service worker's cache is named after this build (a hash of everything else in dist/), so
# a new build replaces the cached app shell and wasm (web/sw.js).
build_id="$(cd "$scratch/dist" && find . -type f ! -name sw.js -print0 | sort -z | xargs -0 sha256sum |
  sha256sum | cut -c1-12)"
sed -i "s/__MTASTS_BUILD__/$build_id/" "$scratch/dist/sw.js"
# … and lists every file of the page (not the widget's folder nor the demo), which it caches as
# one set.
set_files="$(cd "$scratch/dist" && find . -type f ! -name sw.js ! -path './embed/*' ! -name 'embed-demo.*' | sed 's|^\./||' |
  sort | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>process.stdout.write(JSON.stringify(s.split("\n").filter(Boolean))))')"
node -e 'const fs=require("fs");const [f,l]=process.argv.slice(1);const t=fs.readFileSync(f,"utf8");if(!t.includes("/* __MTASTS_FILES__ */ []"))process.exit(1);fs.writeFileSync(f,t.replace("/* __MTASTS_FILES__ */ []",l))' \
  "$scratch/dist/sw.js" "$set_files" || die "web/sw.js has no /* __MTASTS_FILES__ */ [] to fill"

rm -rf web/pkg web/pkg-editor web/pkg-check web/pkg-tools dist
mv "$out" web/pkg
mv "$out_editor" web/pkg-editor
mv "$out_check" web/pkg-check
mv "$out_tools" web/pkg-tools
mv "$scratch/codes.json" web/codes.json
mv "$scratch/dist" dist

size_line() {
  printf 'build:   %-24s %7d B raw %7d B gzip\n' "$(basename "$1")" "$(stat -c %s "$1")" \
    "$(gzip -9 -c "$1" | wc -c)"
}
say "wrote web/pkg/ and dist/"
size_line dist/pkg-editor/mtasts_wasm_editor_bg.wasm
size_line dist/pkg/mtasts_wasm_bg.wasm
size_line dist/pkg/mtasts_wasm.js
size_line dist/pkg-check/mtasts_wasm_check_bg.wasm
size_line dist/pkg-check/mtasts_wasm_check.js
size_line dist/pkg-tools/mtasts_wasm_tools_bg.wasm
size_line dist/pkg-tools/mtasts_wasm_tools.js
size_line dist/main.js
size_line dist/style.css
size_line dist/index.html
size_line dist/sw.js
size_line dist/lint-worker.js
size_line dist/embed/mta-sts-check.js
size_line dist/codes.json
