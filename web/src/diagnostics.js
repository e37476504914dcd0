// The list of diagnostics shown beside the policy editor and under each record checker. Each
// item carries the stable hooks data-code, data-severity and data-line; its location button puts
// the caret on the span, and a diagnostic with a fix gets an "Apply fix" button.
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
  const place = where ? where(d) : `Line ${d.line}, column ${d.column}`;
  const location = place === ''
    ? null
    : onLocate
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
    { class: 'diagnostic', dataset: { code: d.code, severity: d.severity, line: d.line } },
    h('p', { class: 'head' }, severityBadge(d.severity), ' ', location, location && ' ', h('code', { class: 'code' }, d.code)),
    h('p', { class: 'message' }, ...messageNodes(d.message)),
    h('p', { class: 'rfc' }, d.rfc),
    fix,
  );
}
