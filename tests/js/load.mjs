// Loads the npm package built into web/pkg/ by `npm run build` (lint-only), or the package with
// checkDomain built into web/pkg-check/, the way a Node user does: the glue as an ES module, the
// wasm bytes passed to `init`.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** web/pkg/, the npm package. */
export const PKG_DIR = new URL('../../web/pkg/', import.meta.url);

/** web/pkg-check/, the same with the live check (`--features check`). */
export const PKG_CHECK_DIR = new URL('../../web/pkg-check/', import.meta.url);

/** web/pkg-tools/, the same with the reports reader and the generator (`--features tools`). */
export const PKG_TOOLS_DIR = new URL('../../web/pkg-tools/', import.meta.url);

async function load(dir, name) {
  const glue = new URL(`${name}.js`, dir);
  if (!existsSync(glue)) throw new Error(`${dir.pathname} has no build: run \`npm run build\` first (npm test does)`);
  const api = await import(glue.href);
  await api.default({ module_or_path: await readFile(new URL(`${name}_bg.wasm`, dir)) });
  return api;
}

/** @returns {Promise<typeof import('../../web/pkg/mtasts_wasm.js')>} the initialised package */
export function loadPackage() {
  return load(PKG_DIR, 'mtasts_wasm');
}

/** @returns {Promise<typeof import('../../web/pkg-check/mtasts_wasm_check.js')>} the initialised package with checkDomain */
export function loadCheckPackage() {
  return load(PKG_CHECK_DIR, 'mtasts_wasm_check');
}

/** @returns {Promise<typeof import('../../web/pkg-tools/mtasts_wasm_tools.js')>} the initialised package with the reports reader and the generator */
export function loadToolsPackage() {
  return load(PKG_TOOLS_DIR, 'mtasts_wasm_tools');
}
