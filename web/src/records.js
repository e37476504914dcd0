// The two TXT record checkers: `_mta-sts` (RFC 8461 §3.1) and `_smtp._tls` (TLS-RPT, RFC 8460 §3).
// Both hand the pasted text as it is (a value, `dig` output, zone-file lines) to the core, which
// reads the records out of it and reports positions in that same text; the lines are shown with
// the exact spans underlined, and the record senders use below them.
import { renderDiagnostics } from './diagnostics.js';
import { countDiagnostics, h, worse } from './dom.js';

/** The checkers' lint functions over the wasm package: the pasted text goes in as it is. */
export function recordLinters(wasm) {
  return {
    sts: (text) => wasm.lintStsRecords(text),
    tlsrpt: (text) => wasm.lintTlsRptRecord(text),
  };
}

/**
 * Wires one checker: validates `root`'s textarea on every input.
 * @param {HTMLElement} root contains textarea, .summary, .record-preview, ol.diagnostics
 * @param {(text: string) => any} lint
 * @param {{ applyFixes: (text: string, ds: any[]) => string, name: string }} options
 * @returns {{ validate: () => void, textarea: HTMLTextAreaElement }}
 */
export function setupRecordChecker(root, lint, { applyFixes, name }) {
  const textarea = root.querySelector('textarea');
  const summary = root.querySelector('.summary');
  const preview = root.querySelector('.record-preview');
  const list = root.querySelector('ol.diagnostics');

  function validate() {
    const text = textarea.value;
    if (text.trim() === '') {
      setSummary(summary, 'empty', `Paste the ${name} record (or dig +short TXT output) to check it.`);
      preview.hidden = true;
      list.replaceChildren();
      textarea.setAttribute('aria-invalid', 'false');
      return;
    }
    let result;
    try {
      result = lint(text);
    } catch (err) {
      // Never about the text (the core reports every problem of it): the validator itself failed.
      setSummary(summary, 'invalid', `✖ Could not validate: ${err instanceof Error ? err.message : err}`);
      preview.hidden = true;
      list.replaceChildren();
      textarea.setAttribute('aria-invalid', 'true');
      return;
    }
    const counts = countDiagnostics(result.diagnostics);
    setSummary(
      summary,
      result.valid ? 'valid' : 'invalid',
      result.valid ? `✔ Valid ${name} record${counts.text ? ` (${counts.text})` : ''}` : `✖ Not valid: ${counts.text}`,
    );
    textarea.setAttribute('aria-invalid', String(!result.valid));
    const used = result.records.find((r) => r.used);
    preview.replaceChildren(
      ...markedLines(result.text, result.diagnostics),
      ...(used ? [h('div', { class: 'record-used' }, `Senders read: ${used.value}`)] : []),
    );
    preview.hidden = result.text === '';
    // Positions and fixes refer to the text as pasted, quoted `dig` lines included.
    renderDiagnostics(list, result.diagnostics, {
      onFix: (d) => {
        textarea.value = applyFixes(result.text, [d]);
        validate();
        textarea.focus();
      },
    });
  }

  textarea.addEventListener('input', validate);
  validate();
  return { validate, textarea };
}

/** Sets a summary banner: its state (empty, valid, invalid) and text. */
export function setSummary(el, state, text) {
  el.dataset.state = state;
  if (state === 'empty') delete el.dataset.valid;
  else el.dataset.valid = String(state === 'valid');
  el.textContent = text;
}

/** The records as read, one line each, with each diagnostic's span underlined. */
function markedLines(text, diagnostics) {
  const lines = [];
  let offset = 0;
  const rows = text.split('\n');
  // A final line break ends the last line; it does not start an empty one.
  if (rows.length > 1 && rows.at(-1) === '') rows.pop();
  for (const [i, line] of rows.entries()) {
    const end = offset + line.length;
    const marks = diagnostics.filter((d) => d.line === i + 1);
    const cuts = new Set([0, line.length]);
    for (const d of marks) cuts.add(clamp(d.start - offset, line.length)).add(clamp(d.end - offset, line.length));
    const sorted = [...cuts].sort((a, b) => a - b);
    const row = h('div', { class: 'record-line' }, h('span', { class: 'record-number' }, `${i + 1}`));
    for (let k = 0; k < sorted.length; k++) {
      const at = sorted[k];
      for (const d of marks) {
        if (d.start === d.end && d.start - offset === at) row.append(h('span', { class: 'pe-point', dataset: { severity: d.severity } }));
      }
      const next = sorted[k + 1];
      if (next === undefined) break;
      let severity;
      for (const d of marks) if (d.start - offset <= at && d.end - offset >= next && d.end > d.start) severity = worse(severity, d.severity);
      const piece = line.slice(at, next);
      row.append(severity ? h('span', { class: 'pe-mark', dataset: { severity } }, piece) : piece);
    }
    lines.push(row);
    offset = end + 1;
  }
  return lines;
}

function clamp(n, max) {
  return Math.max(0, Math.min(n, max));
}
