// The first page: validates the "Policy file" textarea as you type and lists the diagnostics
// with their line numbers. Everything is built with DOM APIs and textContent (never innerHTML
// with data). The full UI is its own issue; this proves the pipeline end to end.
import init, { lintPolicy, version } from './pkg/mtasts_wasm.js';

const statusEl = document.getElementById('status');
const versionEl = document.getElementById('version');
const textarea = /** @type {HTMLTextAreaElement} */ (document.getElementById('policy'));
const summaryEl = document.getElementById('summary');
const listEl = document.getElementById('diagnostics');

/** "1 error", "2 warnings". */
function count(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The message with its `code spans` as <code> elements. */
function messageNodes(message) {
  return message.split('`').map((part, i) => {
    if (i % 2 === 0) return document.createTextNode(part);
    const code = document.createElement('code');
    code.textContent = part;
    return code;
  });
}

/** One list item per diagnostic; its location selects the span in the textarea. */
function diagnosticItem(d) {
  const li = document.createElement('li');
  li.dataset.code = d.code;
  li.dataset.severity = d.severity;
  li.dataset.line = String(d.line);

  const location = document.createElement('button');
  location.type = 'button';
  location.className = 'location';
  location.textContent = `Line ${d.line}, column ${d.column}`;
  location.title = 'Select in the policy';
  location.addEventListener('click', () => {
    textarea.focus();
    textarea.setSelectionRange(d.start, d.end); // UTF-16 offsets, as the textarea counts
  });

  const severity = document.createElement('span');
  severity.className = 'severity';
  severity.textContent = d.severity;

  const code = document.createElement('span');
  code.className = 'code';
  code.textContent = d.code;

  const message = document.createElement('p');
  message.append(...messageNodes(d.message));

  const detail = document.createElement('p');
  detail.className = 'detail';
  detail.textContent = d.fix ? `${d.rfc} · fix: ${d.fix.title.replaceAll('`', '')}` : d.rfc;

  li.append(location, ': ', severity, ' ', code, message, detail);
  return li;
}

function render() {
  const text = textarea.value;
  if (text === '') {
    summaryEl.textContent = 'Paste or type a policy file to check it.';
    delete summaryEl.dataset.valid;
    listEl.replaceChildren();
    return;
  }
  // No value needed here; fixes are shown by title.
  const { valid, diagnostics } = lintPolicy(text, { value: false });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const notes = diagnostics.length - errors - warnings;
  const counts = [];
  if (errors) counts.push(count(errors, 'error'));
  if (warnings) counts.push(count(warnings, 'warning'));
  if (notes) counts.push(count(notes, 'note'));
  summaryEl.textContent = valid ? (counts.length ? `valid (${counts.join(', ')})` : 'valid') : counts.join(', ');
  summaryEl.dataset.valid = String(valid);
  listEl.replaceChildren(...diagnostics.map(diagnosticItem));
}

try {
  // Fetches ./pkg/mtasts_wasm_bg.wasm next to the glue (served as application/wasm).
  await init();
  versionEl.textContent = version();
  textarea.disabled = false;
  textarea.addEventListener('input', render);
  render();
  document.documentElement.dataset.wasm = 'ready';
} catch (err) {
  versionEl.textContent = 'unavailable';
  summaryEl.textContent = '';
  statusEl.textContent = `Could not load the validator: ${err instanceof Error ? err.message : err}`;
  statusEl.hidden = false;
  document.documentElement.dataset.wasm = 'failed';
  throw err;
}
