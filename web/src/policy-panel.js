// Everything around the policy editor: the summary banner, the diagnostics list with "Apply fix"
// and "Fix all", and the parsed policy table.
import { renderDiagnostics } from './diagnostics.js';
import { countDiagnostics, h, messageNodes } from './dom.js';
import { setSummary } from './records.js';
import { modeInfo, severityInfo } from './vocabulary.js';

/** The parsed table lists at most this many `mx` patterns. */
const MAX_MX = 50;

/**
 * @param {{ editor: any, summary: HTMLElement, list: HTMLElement, fixAll: HTMLButtonElement,
 *   applyFixes: (text: string, what: any) => string }} parts
 * @returns {(result: any, text: string) => string} renders one lint result; returns the verdict
 *   sentence (for the live region)
 */
export function policyPanel({ editor, summary, fileProblems, list, fixAll, applyFixes }) {
  fixAll.addEventListener('click', () => editor.replaceText(applyFixes(editor.value, 'all-safe')));
  const onLocate = (d) => editor.select(d.start, d.end);
  const onFix = (d) => editor.replaceText(applyFixes(editor.value, [d]));

  return function render(result) {
    if (!result) {
      setSummary(summary, 'empty', 'Paste or type a policy file to check it.');
      showFileProblems(fileProblems, []);
      list.replaceChildren();
      fixAll.disabled = true;
      fixAll.textContent = 'Fix all';
      return 'Policy file is empty.';
    }
    const counts = countDiagnostics(result.diagnostics);
    const text = result.valid
      ? `✔ Valid policy${counts.text ? ` (${counts.text})` : ''}`
      : `✖ Not valid: ${counts.text}`;
    setSummary(summary, result.valid ? 'valid' : 'invalid', text);
    showFileProblems(fileProblems, result.diagnostics.filter((d) => d.wholeFile));
    renderDiagnostics(list, result.diagnostics, { onLocate, onFix });
    const safe = result.diagnostics.filter((d) => d.fix?.applicability === 'safe').length;
    fixAll.disabled = safe === 0;
    fixAll.textContent = safe ? `Fix all (${safe} safe fix${safe === 1 ? '' : 'es'})` : 'Fix all';
    return result.valid ? `Policy valid${counts.text ? `, ${counts.text}` : ''}.` : `Policy not valid: ${counts.text}.`;
  };
}

/** The problems of the whole file, under the verdict (the core flags them `wholeFile`). */
function showFileProblems(el, problems) {
  el.replaceChildren(...problems.map((d) => h('li', { dataset: { code: d.code, severity: d.severity } }, ...messageNodes(d.message))));
  el.hidden = problems.length === 0;
}

/**
 * One once-only field (a `PolicyField` of analyzePolicy's value): its valid value as `shown`
 * gives it, the value as written marked invalid, or missing. Hook: data-state on the cell.
 */
function fieldCell(field, shown) {
  if (field?.state === 'valid') return { state: 'valid', content: shown(field.value) };
  if (field?.state === 'invalid') {
    return {
      state: 'invalid',
      content: [
        field.raw ? h('code', {}, field.raw) : null,
        h('span', { class: 'tag', dataset: { severity: 'error' } }, `${severityInfo('error').symbol} invalid (line ${field.line})`),
      ],
    };
  }
  return { state: 'missing', content: h('span', { class: 'missing' }, '✖ missing') };
}

/** The parsed policy (the `Policy` value of analyzePolicy) as rows of `tbody`. */
export function renderPolicyTable(tbody, policy) {
  const rows = [];
  rows.push(fieldRow('version', policy?.version, (v) => h('code', {}, v)));
  rows.push(fieldRow('mode', policy?.mode, (m) => [h('code', {}, m), h('span', { class: 'note' }, ` — ${modeInfo(m)?.meaning ?? ''}`)]));
  rows.push(fieldRow('max_age', policy?.maxAge, (n) => [h('code', {}, String(n)), ` seconds = ${days(n)}`]));
  const mx = policy?.mx ?? [];
  // A huge policy lists its first patterns only (invalid ones first: those need attention).
  const shown = mx.length > MAX_MX ? [...mx.filter((m) => !m.valid), ...mx.filter((m) => m.valid)].slice(0, MAX_MX) : mx;
  rows.push(
    row(
      'mx',
      mx.length
        ? h(
            'ul',
            { class: 'mx-list' },
            mx.length > MAX_MX ? h('li', { class: 'note' }, `${mx.length} patterns (${mx.filter((m) => !m.valid).length} invalid); the first ${MAX_MX}:`) : null,
            shown.map((m) =>
              h(
                'li',
                { dataset: { valid: String(m.valid) } },
                h('code', {}, m.pattern),
                m.valid ? null : h('span', { class: 'tag', dataset: { severity: 'error' } }, `${severityInfo('error').symbol} invalid (line ${m.line})`),
              ),
            ),
          )
        : policy && !policy.requiresMx
          ? h('span', { class: 'note' }, 'none (not needed with mode none)')
          : h('span', { class: 'missing' }, '✖ missing'),
    ),
  );
  for (const ext of policy?.extensions ?? []) {
    rows.push(row(ext.name, [h('code', {}, ext.value), h('span', { class: 'note' }, ' — extension field, ignored by senders')]));
  }
  tbody.replaceChildren(...rows);
}

/** A row of the table; `state` (of a once-only field) goes to the cell's data-state. */
function row(name, value, state = null) {
  return h('tr', { dataset: { field: name } }, h('th', { scope: 'row' }, h('code', {}, name)), h('td', { dataset: { state } }, value));
}

/** The row of a once-only field. */
function fieldRow(name, field, shown) {
  const { state, content } = fieldCell(field, shown);
  return row(name, content, state);
}

function days(seconds) {
  const d = seconds / 86400;
  const text = Number.isInteger(d) ? String(d) : d.toFixed(d < 1 ? 3 : 1);
  return `${text} day${d === 1 ? '' : 's'}`;
}
