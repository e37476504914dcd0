// The mtasts page: a composition of the mtasts elements (web/src/define.js) — <mta-sts-policy>,
// <mta-sts-match>, two <mta-sts-record> and <mta-sts-domain-check> — wired together through their
// properties and events, plus what only the page has: the examples, permalinks, the live region
// and the offline service worker.
//
// Privacy: everything but the live check runs here, in the page; no request is made while typing.
// Security: the Content-Security-Policy forbids inline code, and every piece of data reaches the
// DOM as text (src/dom.js), never as markup.
//
// Served as modules from web/ (development) or bundled into one file in dist/ (scripts/build.sh).
import { configure, loadCore } from './src/core.js';
import { define } from './src/define.js';
import { h } from './src/dom.js';
import { EXAMPLES } from './src/examples.js';
import { decodeState, encodeState } from './src/permalink.js';

const $ = (id) => /** @type {any} */ (document.getElementById(id));
const one = (selector) => /** @type {any} */ (document.querySelector(selector));
const root = document.documentElement;

// The packages are named relative to this module, so the same line works bundled (dist/main.js)
// and as modules (web/main.js).
configure({ base: new URL('./', import.meta.url) });
define();

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

const policy = one('mta-sts-policy');
const match = one('mta-sts-match');
const sts = one('mta-sts-record[kind="sts"]');
const tlsrpt = one('mta-sts-record[kind="tlsrpt"]');
const live = one('mta-sts-domain-check');

let core;
try {
  core = await loadCore();
  await Promise.all([policy, match, sts, tlsrpt, live].map((el) => el.ready));
} catch (err) {
  $('version').textContent = 'unavailable';
  const status = $('status');
  status.textContent = `Could not load the validator: ${err instanceof Error ? err.message : err}`;
  status.hidden = false;
  root.dataset.wasm = 'failed';
  throw err;
}
$('version').textContent = core.version();

// ---- policy and match preview ----------------------------------------------------------------
let firstValidation = true;
policy.addEventListener('mta-sts-validated', () => {
  announce(policy.summary, { wait: firstValidation ? 0 : 800 });
  if (firstValidation) {
    firstValidation = false;
    performance.mark('mtasts:first-validation');
  }
});
// The policy analyses the hosts typed into the match preview; the preview draws that analysis.
match.addEventListener('mta-sts-hosts-change', (/** @type {any} */ e) => {
  policy.hosts = e.detail.text;
});
policy.addEventListener('mta-sts-analyzed', (/** @type {any} */ e) => {
  match.analysis = e.detail.analysis;
});

/** Both halves of the MX hosts: the preview's input and the policy's analysis. */
function setHosts(text) {
  match.hosts = text;
  policy.hosts = text;
}

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
            setHosts(example.hosts);
            policy.value = example.text;
            announce(`Loaded the example "${example.label}". ${policy.summary}`);
          },
        },
      },
      example.label,
    ),
  );
}

// The skip link lands in the editor (inside the element's shadow root, out of a fragment's reach).
$('skip-link').addEventListener('click', (/** @type {Event} */ e) => {
  e.preventDefault();
  policy.focusEditor();
});

// ---- live check ------------------------------------------------------------------------------
// What was found goes into the other tools: the policy into the editor (where the policy-syntax
// locations point), the records into their checkers, the MX hosts into the match preview.
live.addEventListener('mta-sts-checked', (/** @type {any} */ e) => {
  const report = e.detail;
  if (typeof report.policy?.text === 'string') policy.value = report.policy.text;
  sts.value = report.sts?.text ?? '';
  tlsrpt.value = report.tlsrpt?.text ?? '';
  if (Array.isArray(report.mxHosts) && report.mxHosts.length) setHosts(report.mxHosts.join(', '));
});
live.addEventListener('mta-sts-locate', (/** @type {any} */ e) => policy.select(e.detail.start, e.detail.end));

// ---- generator --------------------------------------------------------------------------------
// "Check in the validator": the generated policy goes into the editor as one undoable edit, its
// MX hosts into the match preview.
one('mta-sts-generator').addEventListener('mta-sts-use-policy', (/** @type {any} */ e) => {
  e.preventDefault();
  setHosts(e.detail.hosts.join(', '));
  policy.replaceText(e.detail.policy);
  $('policy-section').scrollIntoView();
  policy.focusEditor();
  announce(`Loaded the generated policy into the editor (Ctrl+Z undoes it). ${policy.summary}`);
});

// ---- permalink -------------------------------------------------------------------------------
function currentState() {
  return { policy: policy.value, sts: sts.value, tlsrpt: tlsrpt.value, hosts: match.hosts, domain: live.domain };
}

/** Puts a permalink's inputs in place (never starts a live check: a link makes no request). */
function applyState(state) {
  sts.value = state.sts;
  tlsrpt.value = state.tlsrpt;
  setHosts(state.hosts);
  live.domain = state.domain;
  policy.value = state.policy;
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
  setHosts(EXAMPLES[0].hosts);
  policy.value = EXAMPLES[0].text;
}
root.dataset.wasm = 'ready';

// The app shell and the wasm are cached for offline use after this first visit (sw.js).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch(() => {
    // No service worker (private mode, file://): the page works, only not offline.
  });
}
