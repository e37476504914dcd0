// The two TXT record checkers: `_mta-sts` (RFC 8461 §3.1) and `_smtp._tls` (TLS-RPT, RFC 8460 §3).
// Both hand the pasted text as it is (a value, `dig` output, zone-file lines) to the core, which
// reads the records out of it and reports positions in that same text; the lines are shown with
// the exact spans underlined, and the record senders use below them.
import { overCapacity, refusal } from './capacity.js';
import { loadLint, lintNow } from './core.js';
import { renderDiagnostics } from './diagnostics.js';
import { countDiagnostics, h, worse } from './dom.js';
import { MtaStsElement } from './element.js';
import { MtaStsValidatedEvent } from './events.js';
import { BASE, RECORD, sheets } from './styles.js';

/** What differs between the two kinds: the API call, the words, the example (of `domain`). */
const KINDS = {
  sts: {
    lint: (core, text) => core.lintStsRecords(text),
    name: '_mta-sts',
    owner: '_mta-sts',
    suffix: ' TXT record',
    placeholder: () => 'v=STSv1; id=20240601T120000',
  },
  tlsrpt: {
    lint: (core, text) => core.lintTlsRptRecord(text),
    name: 'TLS-RPT',
    owner: '_smtp._tls',
    suffix: ' TXT record (TLS-RPT)',
    placeholder: (domain) => `v=TLSRPTv1; rua=mailto:tlsrpt@${domain}`,
  },
};

/**
 * <mta-sts-record kind="sts|tlsrpt">: one TXT record checker in a shadow root, validated on every
 * input. Attributes (mirrored by properties): `kind` (sts, the default, or tlsrpt), `record` the
 * initial text, `domain` the domain its hint's `dig` command and its placeholder name (example.com).
 * Property `value` (the text; setting it validates). Event: `mta-sts-validated`
 * (MtaStsValidatedEvent, kind "sts" or "tlsrpt"). Parts: input, verdict, preview, problems.
 */
export class MtaStsRecordElement extends MtaStsElement {
  static styles = sheets(BASE, RECORD);
  static observedAttributes = ['kind', 'record', 'domain'];

  #els = /** @type {any} */ (null);
  /** Why the last text given by `value` was not put into the textarea, until the next edit. */
  #refused = '';

  get kind() {
    return this.enumAttr('kind', /** @type {const} */ (['sts', 'tlsrpt']));
  }
  set kind(v) {
    this.setStringAttr('kind', v);
  }
  get record() {
    return this.stringAttr('record');
  }
  set record(v) {
    this.setStringAttr('record', v);
  }
  get domain() {
    return this.stringAttr('domain').trim() || 'example.com';
  }
  set domain(v) {
    this.setStringAttr('domain', v);
  }
  get value() {
    return this.#els ? this.#els.textarea.value : this.record;
  }
  set value(text) {
    if (!this.#els) return void (this.record = text);
    const s = String(text ?? '');
    // More than a field holds (./capacity.js) is not put into the textarea; the verdict says why.
    const size = overCapacity(s);
    this.#refused = size ? refusal(size) : '';
    this.#els.textarea.value = size ? '' : s;
    this.validate();
  }
  /** The textarea (for a page that wants to focus it). */
  get textarea() {
    return this.#els?.textarea ?? null;
  }

  render() {
    const textarea = h('textarea', {
      id: 'record',
      rows: 2,
      part: 'input',
      spellcheck: false,
      autocomplete: 'off',
      autocapitalize: 'off',
      'aria-describedby': 'hint record-summary',
    });
    textarea.value = this.record;
    const label = h('label', { for: 'record' });
    const hint = h('p', { class: 'hint', id: 'hint' });
    const summary = h('p', { id: 'record-summary', class: 'summary banner', part: 'verdict', dataset: { state: 'empty' } });
    const preview = h('div', { class: 'record-preview', part: 'preview', tabIndex: 0, role: 'group', 'aria-label': 'The records as read', hidden: true });
    const list = h('ol', { class: 'diagnostics', part: 'problems' });
    this.shadowRoot.replaceChildren(label, hint, textarea, summary, preview, list);
    this.#els = { textarea, label, hint, summary, preview, list };
    textarea.addEventListener('input', () => {
      this.#refused = '';
      this.validate();
    });
    this.#words();
    this.validate();
  }

  update(name) {
    if (name === 'record') this.value = this.record;
    else {
      this.#words();
      this.validate();
    }
  }

  /** The label, hint and placeholder of the kind. */
  #words() {
    const k = KINDS[this.kind];
    const { label, hint, textarea, list } = this.#els;
    label.replaceChildren(h('code', {}, k.owner), k.suffix);
    hint.replaceChildren('As published, or the output of ', h('code', {}, `dig +short TXT ${k.owner}.${this.domain}`), ' pasted as is.');
    textarea.placeholder = k.placeholder(this.domain);
    list.setAttribute('aria-label', `Problems in the ${k.name} record`);
  }

  /** Validates the text and redraws the verdict, the records as read and the problems. */
  validate() {
    if (!this.#els) return;
    const k = KINDS[this.kind];
    const { textarea, summary, preview, list } = this.#els;
    const text = textarea.value;
    const done = (verdict, result) =>
      this.dispatchEvent(new MtaStsValidatedEvent({ kind: this.kind, verdict, diagnostics: result?.diagnostics ?? [], text, result }));
    if (text.trim() === '') {
      if (this.#refused) setSummary(summary, 'invalid', `✖ Could not validate: ${this.#refused}`);
      else setSummary(summary, 'empty', `Paste the ${k.name} record (or dig +short TXT output) to check it.`);
      preview.hidden = true;
      list.replaceChildren();
      textarea.setAttribute('aria-invalid', String(Boolean(this.#refused)));
      return done(this.#refused ? 'invalid' : 'empty', null);
    }
    // The record linters are in the lint package (web/pkg/), loaded on the first record to check.
    const lint = lintNow();
    if (!lint) {
      setSummary(summary, 'empty', `Loading the ${k.name} record checker…`);
      loadLint().then(
        () => this.validate(),
        (err) => setSummary(summary, 'invalid', `✖ Could not load the validator: ${err instanceof Error ? err.message : err}`),
      );
      return;
    }
    let result;
    try {
      result = k.lint(lint, text);
    } catch (err) {
      // Never about the text (the core reports every problem of it): the validator itself failed.
      setSummary(summary, 'invalid', `✖ Could not validate: ${err instanceof Error ? err.message : err}`);
      preview.hidden = true;
      list.replaceChildren();
      textarea.setAttribute('aria-invalid', 'true');
      return done('invalid', null);
    }
    const counts = countDiagnostics(result.diagnostics);
    setSummary(
      summary,
      result.valid ? 'valid' : 'invalid',
      result.valid ? `✔ Valid ${k.name} record${counts.text ? ` (${counts.text})` : ''}` : `✖ Not valid: ${counts.text}`,
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
        textarea.value = this.core.applyFixes(result.text, [d]);
        this.validate();
        textarea.focus();
      },
    });
    done(result.valid ? 'valid' : 'invalid', result);
  }
}

/** Sets a summary banner: its state (empty, valid, invalid) and text. */
export function setSummary(el, state, text) {
  // Unchanged, nothing is written (dom.js setText): the verdict is redrawn on every keystroke.
  if (el.dataset.state === state && el.textContent === text) return;
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
