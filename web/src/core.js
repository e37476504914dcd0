// Where the elements get the validator from: the editor package (web/pkg-editor/: analyzePolicy
// without the MX match, applyFixes, the vocabulary; its glue bundled with the entry module, its
// wasm loaded by the first element that needs it: the first load), the lint package (web/pkg/,
// the npm package: every lint export, imported on first use of the records, the match preview or
// the domain box), the live-check package (web/pkg-check/, imported only when the first check
// starts) and the tools package (web/pkg-tools/: the reports reader and the generator, imported
// when <mta-sts-reports> or <mta-sts-generator> is first used). All are named by URLs relative to one base folder, which the entry module sets
// from its own `import.meta.url` (web/main.js for the page, web/mta-sts-check.js for the widget),
// so the same code works as modules in web/, bundled in dist/ and copied from dist/embed/.
// An embedder can move the files: `configure({ base })` (or the widget's `base` attribute or its
// static `MtaStsCheckElement.base`) before the first element loads anything.
//
// The wasm-bindgen glue keeps one instance per page: every element on a page shares it (the API
// is pure functions of their arguments, so two widgets never see each other's inputs).
import init, * as editorPackage from '../pkg-editor/mtasts_wasm_editor.js';
import { setCheckVocabulary, setVocabulary } from './vocabulary.js';

/** @type {URL | null} */
let base = null;
/** @type {Promise<any> | null} */
let lint = null;
/** @type {Promise<any> | null} */
let lintFull = null;
/** The lint package once loaded (null before). */
let lintLoaded = /** @type {any} */ (null);
/** @type {Array<(lint: any) => void>} */
const lintListeners = [];
/** @type {Promise<any> | null} */
let check = null;
/** @type {Promise<any> | null} */
let tools = null;
/** @type {Promise<string | null> | null} */
let api = null;

/**
 * Sets the folder that holds pkg/, pkg-check/ and codes.json. Only the first call counts, and
 * only before anything was loaded; returns whether it took effect.
 * @param {{ base: string | URL }} options
 */
export function configure({ base: url }) {
  if (base || lint) return false;
  base = new URL(url, document.baseURI);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return true;
}

/** The configured base (or the document's folder when nothing was configured). */
export function baseUrl() {
  return base ?? new URL('./', document.baseURI);
}

/** A file next to the packages: `codes.json`, `pkg/…`. */
export function assetUrl(path) {
  return new URL(path, baseUrl());
}

/**
 * The editor package, initialised (its vocabulary installed), once per page: what every element
 * renders with. A failed load is tried again by the next call.
 * @returns {Promise<any>}
 */
export function loadCore() {
  lint ??= (async () => {
    // The glue is bundled with the entry module (one request less); only the .wasm is fetched.
    await init({ module_or_path: assetUrl('pkg-editor/mtasts_wasm_editor_bg.wasm') });
    setVocabulary(editorPackage.vocabulary());
    return editorPackage;
  })().catch((err) => {
    lint = null;
    throw err;
  });
  return lint;
}

/**
 * The lint package (web/pkg/: the records, `analyzePolicy` with the MX match, `normalizeDomain`),
 * imported and initialised on first use, once per page; then every `onLint` callback runs. A
 * failed load is tried again by the next call.
 * @returns {Promise<any>}
 */
export function loadLint() {
  lintFull ??= (async () => {
    const mod = await import(assetUrl('pkg/mtasts_wasm.js').href);
    await mod.default({ module_or_path: assetUrl('pkg/mtasts_wasm_bg.wasm') });
    lintLoaded = mod;
    for (const listener of lintListeners.splice(0)) listener(mod);
    return mod;
  })().catch((err) => {
    lintFull = null;
    throw err;
  });
  return lintFull;
}

/** The lint package if it is loaded, else null (nothing is loaded). */
export function lintNow() {
  return lintLoaded;
}

/** Calls `listener(lint)` once the lint package is loaded (at once if it is). */
export function onLint(listener) {
  if (lintLoaded) listener(lintLoaded);
  else lintListeners.push(listener);
}

/**
 * The live-check package (`checkDomain`), imported and initialised when the first check starts,
 * once per page; its vocabulary is installed. A failed load is tried again by the next check.
 * @returns {Promise<any>}
 */
export function loadCheck() {
  check ??= (async () => {
    const mod = await import(assetUrl('pkg-check/mtasts_wasm_check.js').href);
    await mod.default({ module_or_path: assetUrl('pkg-check/mtasts_wasm_check_bg.wasm') });
    setCheckVocabulary(mod.checkVocabulary());
    return mod;
  })().catch((err) => {
    check = null;
    throw err;
  });
  return check;
}

/**
 * The base URL of the `mtasts serve` API (docs/PROXY.md) when the page is served by it, else
 * null: asked once per page with `GET /api/` on the origin that serves the page's files (a page
 * embedding the widget from elsewhere never asks its own host). Only routing: what the API
 * answers is judged by the core.
 * @returns {Promise<string | null>}
 */
export function serveApi() {
  api ??= (async () => {
    const url = new URL('/api/', baseUrl());
    if (url.origin !== globalThis.location?.origin) return null;
    try {
      const response = await fetch(url, { cache: 'no-store', credentials: 'same-origin', redirect: 'error' });
      if (!response.ok) return null;
      const info = await response.json();
      return info?.api === 'mtasts-serve/1' ? url.pathname : null;
    } catch {
      return null;
    }
  })();
  return api;
}

/**
 * The tools package (`ReportsReader`, `generateSetUp`, …: web/pkg-tools/), imported and
 * initialised on the first use of the reports reader or the generator, once per page. A failed
 * load is tried again by the next call.
 * @returns {Promise<any>}
 */
export function loadTools() {
  tools ??= (async () => {
    const mod = await import(assetUrl('pkg-tools/mtasts_wasm_tools.js').href);
    await mod.default({ module_or_path: assetUrl('pkg-tools/mtasts_wasm_tools_bg.wasm') });
    return mod;
  })().catch((err) => {
    tools = null;
    throw err;
  });
  return tools;
}
