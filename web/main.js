// The mtasts page: a composition of the mtasts elements (web/src/define.js) — <mta-sts-policy>,
// <mta-sts-match>, two <mta-sts-record> and <mta-sts-domain-check> — wired together through their
// properties and events, plus what only the page has: the examples, permalinks, the live region
// and the offline service worker.
//
// What the user typed is never replaced unasked: a live check's findings fill only the boxes that
// hold nothing of theirs, and an example or a found policy loaded on request is one edit Ctrl+Z
// undoes (see "whose text is where" below).
//
// Privacy: everything but the live check runs here, in the page; no request is made while typing.
// Security: the Content-Security-Policy forbids inline code, and every piece of data reaches the
// DOM as text (src/dom.js), never as markup.
//
// Served as modules from web/ (development) or bundled into one file in dist/ (scripts/build.sh).
import { configure, lintNow, loadCore, loadLint } from './src/core.js';
import { define } from './src/define.js';
import { whenNear } from './src/lazy.js';
import { h, setHidden } from './src/dom.js';
import { EXAMPLES } from './src/examples.js';
import { decodeState, encodeState, LinkError } from './src/permalink.js';

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
// The reports reader and the generator load when they come near the viewport: watched from now,
// when the elements above them have their size.
for (const el of document.querySelectorAll('mta-sts-reports, mta-sts-generator')) whenNear(el);

// ---- whose text is where ---------------------------------------------------------------------
// What the user typed is never replaced by the page. The editor holds an example (`example`, as
// loaded), a policy a live check put there, or the user's own text; the MX hosts come from an
// example, a check or the user (`hostsFrom`); each record box remembers what a check put into it.

/** The example whose text the editor was given (null: none), and whether its hosts were taken
 * away because its text was replaced. */
let example = /** @type {(typeof EXAMPLES)[number] | null} */ (null);
let exampleHostsRemoved = false;
/** Where the MX hosts came from: 'example', 'check', 'user' (typed, or a permalink) or 'none'. */
let hostsFrom = 'none';
/** The policy text a live check last put into the editor. */
let loadedPolicy = /** @type {string | null} */ (null);
/** The text a live check last put into each record box. */
const filledRecord = new Map();
/** Whether the edit under way replaces the editor's whole text (select all, then paste or type). */
let replacingAll = false;

/** Whether the editor holds nothing the user typed (empty, an example or what a check loaded). */
function editorUntouched() {
  const text = policy.value;
  return text === '' || text === example?.text || text === loadedPolicy;
}

/** Both halves of the MX hosts: the preview's input and the policy's analysis. */
function setHosts(text, from) {
  match.hosts = text;
  policy.hosts = text;
  hostsFrom = text ? from : 'none';
}

// ---- policy and match preview ----------------------------------------------------------------
const exampleNote = $('example-note');
let firstValidation = true;
policy.addEventListener('mta-sts-validated', (/** @type {any} */ e) => {
  announce(policy.summary, { wait: firstValidation ? 0 : 800 });
  if (firstValidation) {
    firstValidation = false;
    performance.mark('mtasts:first-validation');
  }
  const text = e.detail.text;
  setHidden(exampleNote, !example || text !== example.text);
  // The example's hosts belong to its text: they go when the text is emptied or replaced as a
  // whole (hosts typed by the user stay), and come back if an undo brings the example back.
  if (hostsFrom === 'example' && (text === '' || replacingAll)) {
    setHosts('', 'none');
    exampleHostsRemoved = true;
  } else if (exampleHostsRemoved && hostsFrom === 'none' && example && text === example.text) {
    setHosts(example.hosts, 'example');
    exampleHostsRemoved = false;
  }
  replacingAll = false;
  live.editorText = text;
});
policy.addEventListener('beforeinput', (/** @type {InputEvent} */ e) => {
  const ta = /** @type {HTMLTextAreaElement} */ (e.composedPath()[0]);
  replacingAll = ta instanceof HTMLTextAreaElement && ta.value !== '' && ta.selectionStart === 0 && ta.selectionEnd === ta.value.length;
});
// The policy analyses the hosts typed into the match preview; the preview draws that analysis.
match.addEventListener('mta-sts-hosts-change', (/** @type {any} */ e) => {
  policy.hosts = e.detail.text;
  hostsFrom = e.detail.text.trim() ? 'user' : 'none';
  exampleHostsRemoved = false;
});
policy.addEventListener('mta-sts-analyzed', (/** @type {any} */ e) => {
  match.analysis = e.detail.analysis;
});

/** Loads an example: its text (one edit Ctrl+Z undoes, when the editor held some) and its hosts. */
function loadExample(next) {
  example = next;
  if (policy.value === '') policy.value = next.text;
  else policy.replaceText(next.text, { keepFocus: true });
  exampleHostsRemoved = false;
  setHosts(next.hosts, 'example');
}

const examples = $('examples');
for (const item of EXAMPLES) {
  examples.append(
    h(
      'button',
      {
        type: 'button',
        dataset: { example: item.id },
        on: {
          click: () => {
            loadExample(item);
            announce(`Loaded the example "${item.label}". ${policy.summary}`);
          },
        },
      },
      item.label,
    ),
  );
}

// The skip link lands in the editor (inside the element's shadow root, out of a fragment's reach).
$('skip-link').addEventListener('click', (/** @type {Event} */ e) => {
  e.preventDefault();
  policy.focusEditor();
});

// ---- live check ------------------------------------------------------------------------------
// What was found goes into the other tools where they hold nothing the user typed: the policy
// into the editor (where the policy-syntax locations point; one undoable edit, the keyboard focus
// stays where it is), the records into their checkers, the MX hosts into the match preview.
// Otherwise the live check offers "Open the fetched policy in the editor" (mta-sts-open-policy).
live.addEventListener('mta-sts-checked', (/** @type {any} */ e) => {
  const report = e.detail;
  const text = report.policy?.text;
  if (typeof text === 'string' && editorUntouched()) openPolicy(text, { keepFocus: true });
  for (const [box, found] of [
    [sts, report.stsDig],
    [tlsrpt, report.tlsrptDig],
  ]) {
    if (typeof found !== 'string' || !(box.value === '' || box.value === filledRecord.get(box))) continue;
    box.value = found;
    filledRecord.set(box, found);
  }
  if (Array.isArray(report.mxHosts) && report.mxHosts.length && hostsFrom !== 'user') setHosts(report.mxHosts.join(', '), 'check');
});

/** Puts a policy the check read into the editor, as one edit Ctrl+Z undoes. */
function openPolicy(text, options = {}) {
  loadedPolicy = text;
  policy.replaceText(text, options);
}
live.addEventListener('mta-sts-open-policy', (/** @type {any} */ e) => openPolicy(e.detail.text));
// A finding's place is in the policy the check read: opened in the editor first if it is not there
// (the user asked for it, and Ctrl+Z undoes it).
live.addEventListener('mta-sts-locate', (/** @type {any} */ e) => {
  const text = live.report?.policy?.text;
  if (typeof text === 'string' && policy.value !== text) openPolicy(text);
  policy.select(e.detail.start, e.detail.end);
});

// The domain typed names the hints' and templates' domain (read by the core: an address or a URL
// gives its domain); nothing readable, their generic wording.
function showDomain() {
  const typed = live.domain.trim();
  const lint = lintNow();
  // normalizeDomain is the lint package's (loaded on the first domain typed).
  if (typed && !lint) return void loadLint().then(showDomain, () => {});
  const domain = typed ? (lint.normalizeDomain(typed).domain ?? null) : null;
  for (const el of [policy, sts, tlsrpt]) el.domain = domain;
}
live.addEventListener('input', showDomain);
live.addEventListener('mta-sts-checked', showDomain);

// ---- generator --------------------------------------------------------------------------------
// A live check's domain and MX hosts go into the generator's empty fields (nothing is generated
// until asked).
live.addEventListener('mta-sts-checked', (/** @type {any} */ e) => {
  const generator = one('mta-sts-generator');
  // Its class is loaded when it comes near the viewport (src/define.js): filled when it is there.
  customElements
    .whenDefined('mta-sts-generator')
    .then(() => generator.ready)
    .then(() => generator.prefill({ domain: e.detail.domain, hosts: e.detail.mxHosts ?? [] }));
});
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
  example = null;
  setHosts(state.hosts, 'user');
  live.domain = state.domain;
  policy.value = state.policy;
  showDomain();
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
  } catch (err) {
    const reason = err instanceof LinkError ? err.message : 'it may have been cut short';
    status.textContent = `The link could not be read: ${reason}.${atLoad ? ' The page starts with an example instead.' : ''}`;
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
if (!(await restoreFromFragment({ atLoad: true }))) loadExample(EXAMPLES[0]);
root.dataset.wasm = 'ready';

// The app shell and the wasm are cached for offline use after this first visit (sw.js).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch(() => {
    // No service worker (private mode, file://): the page works, only not offline.
  });
}
