// The mtasts page: the policy editor, the record checkers, the MX match preview, the live domain
// check, permalinks and the offline service worker, wired to the wasm package.
//
// Privacy: everything but the live check runs here, in the page; no request is made while typing.
// Security: the Content-Security-Policy forbids inline code, and every piece of data reaches the
// DOM as text (src/dom.js), never as markup.
//
// Served as modules from web/ (development) or bundled into one file in dist/ (scripts/build.sh).
import init, * as wasm from './pkg/mtasts_wasm.js';
import './src/define.js';
import { h } from './src/dom.js';
import { EXAMPLES } from './src/examples.js';
import { setupLiveCheck } from './src/live-check.js';
import { parseHosts, renderMatchPreview } from './src/match-preview.js';
import { decodeState, encodeState } from './src/permalink.js';
import { policyPanel, renderPolicyTable } from './src/policy-panel.js';
import { recordLinters, setupRecordChecker } from './src/records.js';
import { setVocabulary } from './src/vocabulary.js';

const $ = (id) => /** @type {any} */ (document.getElementById(id));
const root = document.documentElement;

/** Above this size the parsed table and the match preview are drawn after a pause in typing. */
const LARGE = 16 * 1024;

/** The live region: verdicts while typing are announced once typing pauses, and only when
 * they change; actions are announced at once. */
const announcer = $('announcer');
let announceTimer = 0;
let lastAnnounced = '';
function announce(text, { wait = 0 } = {}) {
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    if (wait && text === lastAnnounced) return;
    lastAnnounced = text;
    announcer.textContent = text;
  }, wait);
}

try {
  // The .wasm is named relative to this module, so the same line works bundled (dist/main.js)
  // and as modules (web/main.js).
  await init({ module_or_path: new URL('./pkg/mtasts_wasm_bg.wasm', import.meta.url) });
} catch (err) {
  $('version').textContent = 'unavailable';
  $('summary').textContent = '';
  const status = $('status');
  status.textContent = `Could not load the validator: ${err instanceof Error ? err.message : err}`;
  status.hidden = false;
  root.dataset.wasm = 'failed';
  throw err;
}
const version = wasm.version();
$('version').textContent = version;
// Severities and modes in the core's words (src/vocabulary.js), before anything is drawn.
setVocabulary(wasm.vocabulary());

// ---- policy editor ---------------------------------------------------------------------------
const editor = $('policy-editor');
const hostsInput = $('mx-hosts');
const renderPanel = policyPanel({
  editor,
  summary: $('summary'),
  fileProblems: $('file-problems'),
  list: $('diagnostics'),
  fixAll: $('fix-all'),
  applyFixes: wasm.applyFixes,
});

let secondaryTimer = 0;
let firstValidation = true;
editor.addEventListener('mtasts-lint', (/** @type {any} */ e) => {
  const verdict = renderPanel(e.result);
  announce(verdict, { wait: firstValidation ? 0 : 800 });
  // The parsed table and the match preview come from the same analysis; they are drawn right
  // after this keystroke's paint, or after a pause on a large file.
  clearTimeout(secondaryTimer);
  secondaryTimer = setTimeout(updateSecondary, e.text.length > LARGE ? 250 : 0);
  if (firstValidation) {
    firstValidation = false;
    performance.mark('mtasts:first-validation');
  }
});

/**
 * One call per change: diagnostics, the typed policy and the coverage of the MX hosts typed. On
 * a large policy the keystroke asks for the diagnostics alone (no object per `mx` line to build
 * and drop), and the pause in typing asks for the rest (`updateSecondary`).
 */
function analyze(text, { full = text.length <= LARGE } = {}) {
  return wasm.analyzePolicy(text, { hosts: parseHosts(hostsInput.value), value: full });
}

function updateSecondary() {
  const start = performance.now();
  // The editor holds no analysis of an empty text; the hosts still get their (empty) coverage.
  const text = editor.value;
  const analysis = editor.result?.value ? editor.result : analyze(text, { full: true });
  renderPolicyTable($('policy-table').tBodies[0], text === '' ? null : analysis.value);
  renderMatchPreview($('match-preview'), analysis);
  // Its cost, for scripts/bench-web.mjs (the last one only).
  performance.clearMeasures('mtasts:deferred');
  performance.measure('mtasts:deferred', { start });
}

/** The hosts changed: analyze again (the editor's `mtasts-lint` then redraws everything). */
function updateMatchPreview() {
  editor.validate();
}
hostsInput.addEventListener('input', updateMatchPreview);

const examples = $('examples');
for (const example of EXAMPLES) {
  examples.append(
    h(
      'button',
      {
        type: 'button',
        dataset: { example: example.id },
        on: {
          click: () => {
            hostsInput.value = example.hosts;
            editor.value = example.text;
            announce(`Loaded the example "${example.label}". ${renderPanel(editor.result)}`);
          },
        },
      },
      example.label,
    ),
  );
}

// ---- records ---------------------------------------------------------------------------------
const linters = recordLinters(wasm);
const sts = setupRecordChecker($('sts-checker'), linters.sts, { applyFixes: wasm.applyFixes, name: '_mta-sts' });
const tlsrpt = setupRecordChecker($('tlsrpt-checker'), linters.tlsrpt, { applyFixes: wasm.applyFixes, name: 'TLS-RPT' });

// ---- live check ------------------------------------------------------------------------------
/** The package with `checkDomain` (web/pkg-check/: the lint API plus the live check, a module
 * about twice this one's size), imported and initialised when the first check starts, once. Named
 * by a URL relative to this module (so the line works bundled and as modules, and esbuild leaves
 * it out of dist/main.js). A failed load is tried again by the next check. */
let checkPackage = null;
function loadCheck() {
  checkPackage ??= (async () => {
    const mod = await import(new URL('./pkg-check/mtasts_wasm_check.js', import.meta.url).href);
    await mod.default({ module_or_path: new URL('./pkg-check/mtasts_wasm_check_bg.wasm', import.meta.url) });
    return mod;
  })().catch((err) => {
    checkPackage = null;
    throw err;
  });
  return checkPackage;
}

const live = setupLiveCheck($('live'), {
  loadCheck,
  normalizeDomain: wasm.normalizeDomain,
  version,
  announce,
  onPolicy: (text) => {
    editor.value = text;
  },
  onLocatePolicy: (d) => editor.select(d.start, d.end),
  onRecords: (records) => {
    sts.textarea.value = records.sts;
    sts.validate();
    tlsrpt.textarea.value = records.tlsrpt;
    tlsrpt.validate();
  },
  onMxHosts: (hosts) => {
    hostsInput.value = hosts.join(', ');
    updateMatchPreview();
  },
});

// ---- permalink -------------------------------------------------------------------------------
function currentState() {
  return {
    policy: editor.value,
    sts: sts.textarea.value,
    tlsrpt: tlsrpt.textarea.value,
    hosts: hostsInput.value,
    domain: live.domainInput.value,
  };
}

/** Puts a permalink's inputs in place (never starts a live check: a link makes no request). */
function applyState(state) {
  editor.value = state.policy;
  sts.textarea.value = state.sts;
  sts.validate();
  tlsrpt.textarea.value = state.tlsrpt;
  tlsrpt.validate();
  hostsInput.value = state.hosts;
  live.domainInput.value = state.domain;
  live.domainInput.dispatchEvent(new Event('input'));
  editor.validate();
}

async function restoreFromFragment({ atLoad = false } = {}) {
  const status = $('status');
  status.hidden = true;
  if (!location.hash) return false;
  try {
    const state = await decodeState(location.hash);
    if (!state) return false;
    applyState(state);
    return true;
  } catch {
    status.textContent = `The link could not be read: it may have been cut short.${atLoad ? ' The page starts with an example instead.' : ''}`;
    status.hidden = false;
    return false;
  }
}

$('share').addEventListener('click', async () => {
  const url = new URL(location.href);
  url.hash = await encodeState(currentState());
  history.replaceState(null, '', url);
  const field = $('share-url');
  field.value = url.href;
  field.hidden = false;
  let copied = false;
  try {
    await navigator.clipboard.writeText(url.href);
    copied = true;
  } catch {
    field.select();
  }
  const message = copied
    ? 'Link copied. It holds your inputs in its #fragment, which browsers never send to a server.'
    : 'Copy the link below. It holds your inputs in its #fragment, which browsers never send to a server.';
  $('share-status').textContent = message;
});
addEventListener('hashchange', () => restoreFromFragment());

// ---- start -----------------------------------------------------------------------------------
if (!(await restoreFromFragment({ atLoad: true }))) {
  editor.value = EXAMPLES[0].text;
  hostsInput.value = EXAMPLES[0].hosts;
}
editor.lint = analyze;
updateSecondary();
root.dataset.wasm = 'ready';

// The app shell and the wasm are cached for offline use after this first visit (sw.js).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch(() => {
    // No service worker (private mode, file://): the page works, only not offline.
  });
}
