// DOM helpers for the whole page. Everything that comes from the user or from the validator is
// put into the page as text: `h()` appends strings as text nodes and sets properties, never
// markup, so a pasted `<img onerror=…>` stays the characters it is. Nothing here (or anywhere in
// web/) assigns innerHTML, outerHTML or insertAdjacentHTML.
import { severities, severityInfo, worse } from './vocabulary.js';

export { worse };

/**
 * Creates an element. `props`: `class`, `dataset` (object), `on` (object of event listeners),
 * names with a dash (`aria-label`, `data-x`) and `role`/`for`/`scope` as attributes, anything
 * else as a property (`type`, `disabled`, `hidden`, `tabIndex`, `title`, ...). `null`,
 * `undefined` and `false` props and children are skipped; string children become text nodes.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any>} [props]
 * @param {...(Node | string | number | null | undefined | false | Array<any>)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) if (v != null) el.dataset[k] = String(v);
    } else if (key === 'on') {
      for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    } else if (key.includes('-') || key === 'role' || key === 'for' || key === 'scope') {
      el.setAttribute(key, value === true ? '' : String(value));
    } else el[key] = value;
  }
  append(el, children);
  return el;
}

/** Appends children (nested arrays flattened, empty ones skipped; strings as text). */
function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(typeof child === 'number' ? String(child) : child);
  }
}

/**
 * Sets `el`'s text, or leaves it when it already reads so. Each keystroke redraws the verdict and
 * the lists; a write that changes nothing still makes the browser style and lay the element out
 * again inside the keystroke.
 */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Shows or hides `el`, touching its `hidden` attribute only when that changes (see setText). */
export function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}

/** A message with its `backticked` parts as <code> elements (text only). */
export function messageNodes(message) {
  return String(message)
    .split('`')
    .map((part, i) => (i % 2 === 0 ? part : h('code', {}, part)));
}

/** "1 error", "2 warnings". */
export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `<span class="sev" data-severity>` with the core's symbol and word for the severity: never
 * colour alone. The symbol is decoration (aria-hidden); the word carries the meaning.
 */
export function severityBadge(severity) {
  const s = severityInfo(severity);
  return h('span', { class: 'sev', dataset: { severity } }, h('span', { class: 'icon', 'aria-hidden': 'true' }, s.symbol), ` ${s.label}`);
}

/** Counts by severity (keyed by the core's names) and the summary text, worst first:
 * "2 errors, 1 warning, 1 note". */
export function countDiagnostics(diagnostics) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const s of severities()) counts[s.severity] = 0;
  for (const d of diagnostics) counts[severityInfo(d.severity).severity]++;
  const parts = severities()
    .filter((s) => counts[s.severity])
    .map((s) => plural(counts[s.severity], s.label.toLowerCase()));
  return { ...counts, text: parts.join(', ') };
}

/** Copies text to the clipboard; resolves to whether it worked (it needs a user gesture). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Offers `text` as a file download (a blob: URL, revoked right after). */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
