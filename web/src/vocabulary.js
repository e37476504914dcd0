// The core's vocabulary, as the wasm packages give it: severities (worst first) with their words
// and symbols, the modes and their meanings (`vocabulary()` of web/pkg/), and the live check's
// checks and statuses (`checkVocabulary()` of web/pkg-check/, installed when it loads). Nothing in
// web/ lists these by hand: every module asks here.

/** @type {{ severities: any[], modes: any[] } | null} */
let core = null;
/** @type {{ checks: any[], statuses: any[] } | null} */
let checks = null;

/** Installs the result of the lint package's `vocabulary()` (main.js does, right after init). */
export function setVocabulary(vocabulary) {
  core = vocabulary;
}

/** Installs the result of the check package's `checkVocabulary()`. */
export function setCheckVocabulary(vocabulary) {
  checks = vocabulary;
}

function need(v, what) {
  if (!v) throw new Error(`the ${what} vocabulary is not installed`);
  return v;
}

/** Every severity, worst first: `{ severity, label, symbol }`. */
export function severities() {
  return need(core, 'core').severities;
}

/** The `{ severity, label, symbol }` of one severity (the least serious for an unknown one). */
export function severityInfo(severity) {
  const all = severities();
  return all.find((s) => s.severity === severity) ?? all[all.length - 1];
}

/** The worse of two severities (`undefined` counts as none), by the core's order. */
export function worse(a, b) {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const all = severities();
  const rank = (s) => all.findIndex((x) => x.severity === s);
  return rank(b) !== -1 && rank(b) < rank(a) ? b : a;
}

/** The `{ mode, meaning, uncovered }` of a mode, or undefined. */
export function modeInfo(mode) {
  return need(core, 'core').modes.find((m) => m.mode === mode);
}

/** The checks of a live check, in report order: `{ id, title, purpose, positions }`. */
export function checkList() {
  return need(checks, 'check').checks;
}

/** The `{ status, label, symbol }` of a check status, or undefined. */
export function statusInfo(status) {
  return need(checks, 'check').statuses.find((s) => s.status === status);
}
