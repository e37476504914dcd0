// The list of diagnostics shown beside the policy editor and under each record checker. Each
// item carries the stable hooks data-code, data-severity and data-line; its location button puts
// the caret on the span, a diagnostic with a fix gets an "Apply fix" button, and "More about
// this" opens the code's long form (codes.json, written by scripts/build.sh from
// `mtasts codes --format json`, next to the packages (./core.js), cached by the service worker
// like the rest of the page).
import { assetUrl } from './core.js';
import { h, messageNodes, severityBadge } from './dom.js';

/** More items than this are summarised ("… and N more"): the list is for reading, not a dump. */
const MAX_ITEMS = 300;

/**
 * Renders `diagnostics` into the list element `list`.
 * @param {HTMLElement} list an <ol> or <ul>
 * @param {any[]} diagnostics as the wasm package returns them
 * @param {{ onLocate?: (d: any) => void, onFix?: (d: any) => void, where?: (d: any) => string }} [options]
 *   `where` names the location (default "Line L, column C"; "" for none)
 */
export function renderDiagnostics(list, diagnostics, options = {}) {
  const items = diagnostics.slice(0, MAX_ITEMS).map((d) => diagnosticItem(d, options));
  if (diagnostics.length > MAX_ITEMS) {
    items.push(h('li', { class: 'more' }, `… and ${diagnostics.length - MAX_ITEMS} more`));
  }
  list.replaceChildren(...items);
}

function diagnosticItem(d, { onLocate, onFix, where }) {
  const place = d.wholeFile ? 'Whole file' : where ? where(d) : `Line ${d.line}, column ${d.column}`;
  const location = place === ''
    ? null
    : onLocate && !d.wholeFile
    ? h('button', { type: 'button', class: 'location link', title: 'Show in the text', on: { click: () => onLocate(d) } }, place)
    : h('span', { class: 'location' }, place);
  let fix = null;
  if (d.fix && onFix) {
    const title = d.fix.title.replaceAll('`', '');
    fix = h(
      'p',
      { class: 'fix' },
      h(
        'button',
        { type: 'button', class: 'apply-fix', 'aria-label': `Apply fix: ${title}`, on: { click: () => onFix(d) } },
        'Apply fix',
      ),
      ' ',
      h('span', { class: 'fix-title' }, ...messageNodes(d.fix.title)),
      d.fix.applicability === 'unsafe' ? h('span', { class: 'unsafe' }, ' (check the result)') : null,
    );
  }
  return h(
    'li',
    { class: 'diagnostic', dataset: d.wholeFile ? { code: d.code, severity: d.severity, wholeFile: 'true' } : { code: d.code, severity: d.severity, line: d.line } },
    h('p', { class: 'head' }, severityBadge(d.severity), ' ', location, location && ' ', h('code', { class: 'code' }, d.code)),
    h('p', { class: 'message' }, ...messageNodes(d.message)),
    h('p', { class: 'rfc' }, d.rfc),
    fix,
    moreAbout(d.code),
  );
}

/** The long forms by code, fetched once, when the first "More about this" is opened. */
let longForms = null;

function loadLongForms() {
  longForms ??= fetch(assetUrl('codes.json'))
    .then((response) => {
      if (!response.ok) throw new Error(`codes.json: HTTP ${response.status}`);
      return response.json();
    })
    .then((doc) => new Map(doc.codes.map((entry) => [entry.code, entry])))
    .catch((error) => {
      longForms = null; // try again on the next opening
      throw error;
    });
  return longForms;
}

/** A closed <details> whose body is filled from codes.json when it is opened (again after a
 * failed load). */
function moreAbout(code) {
  const body = h('div', { class: 'long-form' });
  const details = h(
    'details',
    { class: 'more', on: { toggle: () => details.open && !body.dataset.state && fillLongForm(body, code) } },
    h('summary', {}, 'More about this'),
    body,
  );
  return details;
}

async function fillLongForm(body, code) {
  body.dataset.state = 'loading';
  body.replaceChildren(h('p', {}, 'Loading…'));
  try {
    const entry = (await loadLongForms()).get(code);
    body.replaceChildren(entry ? longFormNodes(entry) : h('p', {}, `No explanation of ${code} in this build.`));
    body.dataset.state = 'loaded';
  } catch {
    body.replaceChildren(h('p', {}, 'The explanation could not be loaded; close and open again to retry.'));
    delete body.dataset.state;
  }
}

/** The sections of a long form as a description list; examples as preformatted text. */
function longFormNodes(entry) {
  const example = (e) => [
    h('p', { class: 'example-label' }, ...messageNodes(e.label), e.escaped ? ' (\\n, \\r, \\xHH… stand for invisible bytes)' : ''),
    h('pre', { class: 'example', dataset: { language: e.language } }, e.text),
  ];
  return h(
    'dl',
    {},
    h('dt', {}, 'What it means'),
    h('dd', {}, ...messageNodes(entry.what)),
    h('dt', {}, 'Why it matters'),
    h('dd', {}, ...messageNodes(entry.why)),
    h('dt', {}, 'Example'),
    h('dd', {}, example(entry.example)),
    entry.fixed && h('dt', {}, 'Fixed'),
    entry.fixed && h('dd', {}, example(entry.fixed)),
  );
}
