#!/usr/bin/env node
// Makes the wasm-bindgen output folder an npm package: writes its package.json (name, version,
// description, license and repository from crates/mtasts-wasm/Cargo.toml via `cargo metadata`,
// so there is one source of truth) and copies the package README. Run by scripts/build.sh.
//
//   node scripts/write-package.mjs OUT_DIR

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CRATE = 'mtasts-wasm';
/** The files wasm-bindgen writes for `--out-name mtasts_wasm --target web`. */
const FILES = ['mtasts_wasm.js', 'mtasts_wasm.d.ts', 'mtasts_wasm_bg.wasm', 'mtasts_wasm_bg.wasm.d.ts'];

const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/write-package.mjs OUT_DIR');
  process.exit(2);
}
for (const file of FILES) {
  if (!existsSync(path.join(out, file))) throw new Error(`${out}/${file} is missing: run wasm-bindgen first`);
}

const metadata = JSON.parse(
  execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  }),
);
const crate = metadata.packages.find((p) => p.name === CRATE);
if (!crate) throw new Error(`cargo metadata knows no package ${CRATE}`);

const pkg = {
  name: CRATE,
  version: crate.version,
  description: crate.description,
  license: crate.license,
  repository: { type: 'git', url: crate.repository },
  keywords: ['mta-sts', 'tls-rpt', 'smtp', 'email', 'validator', 'rfc8461', 'rfc8460', 'webassembly'],
  type: 'module',
  // The glue keeps the instance in module state but does nothing on import; the widget's module
  // defines the custom elements when imported.
  sideEffects: ['./embed/mta-sts-check.js'],
  main: './mtasts_wasm.js',
  types: './mtasts_wasm.d.ts',
  exports: {
    '.': { types: './mtasts_wasm.d.ts', default: './mtasts_wasm.js' },
    // Node and some bundlers need the module's path: import.meta.resolve('mtasts-wasm/mtasts_wasm_bg.wasm').
    './mtasts_wasm_bg.wasm': './mtasts_wasm_bg.wasm',
    './package.json': './package.json',
    // The <mta-sts-check> widget (docs/EMBED.md): scripts/build.sh copies dist/embed/ here. Its
    // module finds its wasm, the live-check package and codes.json next to it in embed/.
    './mta-sts-check.js': './embed/mta-sts-check.js',
    './embed/*': './embed/*',
  },
  // snippets/: src/unpack.js, which the glue imports (it turns the packed results into objects).
  files: [...FILES, 'snippets/', 'README.md', 'embed/'],
  engines: { node: '>=20' },
};

writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
copyFileSync(path.join(ROOT, 'crates', CRATE, 'README.md'), path.join(out, 'README.md'));
