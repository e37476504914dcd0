// Loads the npm package built into web/pkg/ by `npm run build`, the way a Node user does:
// the glue as an ES module, the wasm bytes passed to `init`.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** web/pkg/, the npm package. */
export const PKG_DIR = new URL('../../web/pkg/', import.meta.url);

/** @returns {Promise<typeof import('../../web/pkg/mtasts_wasm.js')>} the initialised package */
export async function loadPackage() {
  const glue = new URL('mtasts_wasm.js', PKG_DIR);
  if (!existsSync(glue)) throw new Error('web/pkg/ has no build: run `npm run build` first (npm test does)');
  const api = await import(glue.href);
  await api.default({ module_or_path: await readFile(new URL('mtasts_wasm_bg.wasm', PKG_DIR)) });
  return api;
}
