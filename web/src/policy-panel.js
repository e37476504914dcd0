// <mta-sts-policy>: the policy editor with its verdict, the problems list ("Apply fix", "Fix all")
// and the parsed table ("As senders read it"), in a shadow root. One call of the core per change
// (`analyzePolicy` with the MX hosts of the `hosts` attribute): diagnostics, the typed policy and
// the coverage of the hosts come from one parse.
//
// Attributes (each mirrored by a property): `policy` the initial text (used until the text is
// set or typed), `hosts` MX hosts (spaces or commas) whose coverage is analysed, `label` the
// editor's label ("Policy file"), `compact` one column and no parsed table, `domain` the domain
// the hint's policy URL names (a placeholder without it).
// Properties: `value` (the text; setting it replaces it at once, no undo), `analysis` (the last
// full analysis), `verdict`, `summary` (the verdict as a sentence, for a live region).
// Methods: `replaceText(text, { keepFocus })` (one undoable edit), `select(start, end)`,
// `focusEditor()`.
// A text over OFF_THREAD is analysed in a worker (./off-thread.js), so pasting megabytes never
// blocks the tab; smaller ones at once. When the validator fails (throws, traps, its worker dies),
// the verdict says "Could not validate" with the reason: never the previous verdict.
// Events: `mta-sts-validated` (MtaStsValidatedEvent) after each change; `mta-sts-analyzed`
// (detail: { analysis }) when the parsed table and coverage are drawn (right after a change, or
// after a pause in typing on a policy over 16 KiB).
// Parts: editor, verdict, problems, fix-all, table.
import { renderDiagnostics } from './diagnostics.js';
import { countDiagnostics, h, messageNodes, setHidden, setText } from './dom.js';
import { lintNow, onLint } from './core.js';
import { MtaStsElement } from './element.js';
import { MtaStsAnalyzedEvent, MtaStsValidatedEvent } from './events.js';
import { parseHosts } from './match-preview.js';
import { setSummary } from './records.js';
import { BASE, EDITOR, POLICY, sheets } from './styles.js';
import { available, offThread } from './off-thread.js';
import { modeInfo, severityInfo } from './vocabulary.js';

/** The parsed table lists at most this many `mx` patterns. */
const MAX_MX = 50;
/** Above this size the parsed table and the coverage are drawn after a pause in typing. */
const LARGE = 16 * 1024;
/**
 * Above this size the text is analysed in a worker. A policy up to the 64 KiB senders accept is
 * linted within a frame (~3 ms); more is a paste of something else, whose lint, copied answer and
 * drawing could block the tab for longer.
 */
const OFF_THREAD = 64 * 1024 + 1;

export class MtaStsPolicyElement extends MtaStsElement {
  static styles = sheets(BASE, EDITOR, POLICY);
  static observedAttributes = ['hosts', 'label', 'policy', 'domain'];

  #els = /** @type {any} */ (null);
  #secondaryTimer = 0;
  #analysis = null;
  #summary = '';
  #verdict = 'empty';
  /** Whether the text was set or typed (then the `policy` attribute no longer applies). */
  #touched = false;

  get policy() {
    return this.stringAttr('policy');
  }
  set policy(v) {
    this.setStringAttr('policy', v);
  }
  get hosts() {
    return this.stringAttr('hosts');
  }
  set hosts(v) {
    this.setStringAttr('hosts', v);
  }
  get label() {
    return this.stringAttr('label', 'Policy file');
  }
  set label(v) {
    this.setStringAttr('label', v);
  }
  get domain() {
    return this.stringAttr('domain');
  }
  set domain(v) {
    this.setStringAttr('domain', v);
  }
  get compact() {
    return this.boolAttr('compact');
  }
  set compact(v) {
    this.setBoolAttr('compact', v);
  }

  get value() {
    return this.#els ? this.#els.editor.value : this.policy;
  }
  set value(text) {
    this.#touched = true;
    if (this.#els) this.#els.editor.value = text;
    else this.policy = text;
  }
  get analysis() {
    return this.#analysis;
  }
  get verdict() {
    return this.#verdict;
  }
  get summary() {
    return this.#summary;
  }

  render() {
    const editor = /** @type {any} */ (
      h('mta-sts-policy-editor', { 'input-id': 'policy', label: this.label, describedby: 'policy-hint summary file-problems', part: 'editor' })
    );
    const summary = h('p', { id: 'summary', class: 'banner', part: 'verdict', dataset: { state: 'empty' } });
    const fileProblems = h('ul', { id: 'file-problems', class: 'file-problems', 'aria-label': 'Problems of the whole file', hidden: true });
    const fixAll = h('button', { type: 'button', id: 'fix-all', part: 'fix-all button', disabled: true }, 'Fix all');
    const list = h('ol', { id: 'diagnostics', class: 'diagnostics', part: 'problems', 'aria-labelledby': 'diagnostics-heading' });
    const table = h('table', { id: 'policy-table', class: 'kv', part: 'table', 'aria-labelledby': 'parsed-heading' }, h('tbody'));
    const hint = h('p', { class: 'hint', id: 'policy-hint' });
    this.shadowRoot.replaceChildren(
      hint,
      h(
        'div',
        { class: 'layout' },
        h('div', { class: 'main' }, editor, summary, fileProblems),
        h(
          'div',
          { class: 'side' },
          h('div', { class: 'side-head' }, h('h3', { id: 'diagnostics-heading' }, 'Problems'), fixAll),
          list,
        ),
      ),
      h('div', { class: 'parsed' }, h('h3', { id: 'parsed-heading' }, 'As senders read it'), table),
    );
    this.#els = { editor, hint, summary, fileProblems, fixAll, list, table };
    this.#hint();
    fixAll.addEventListener('click', async () => {
      const text = editor.value;
      try {
        const fixed = await this.#call('applyFixes', [text, 'all-safe']);
        if (editor.value === text) editor.replaceText(fixed);
      } catch (err) {
        setSummary(summary, 'invalid', `✖ Could not apply the fixes: ${err instanceof Error ? err.message : err}`);
      }
    });
    editor.addEventListener('mtasts-lint', (/** @type {any} */ e) => {
      e.stopPropagation();
      this.#rendered(e.result, e.text, e.error);
    });
    editor.value = this.policy;
    editor.lint = (text) => this.#analyze(text);
    // The hosts are matched once the lint package is there (the match preview loads it).
    onLint(() => {
      if (parseHosts(this.hosts).length) editor.validate();
    });
  }

  update(name) {
    if (name === 'label') this.#els.editor.label = this.label;
    if (name === 'hosts') this.#els.editor.validate();
    if (name === 'policy' && !this.#touched) this.#els.editor.value = this.policy;
    if (name === 'domain') this.#hint();
  }

  /** "The content of https://mta-sts.DOMAIN/.well-known/mta-sts.txt" (the domain if one is set). */
  #hint() {
    const domain = this.domain.trim();
    this.#els.hint.replaceChildren(
      'The content of ',
      h('code', {}, 'https://mta-sts.', domain || h('var', {}, 'your-domain'), '/.well-known/mta-sts.txt'),
      ', checked as you type.',
    );
  }

  /** Replaces the text as one edit of the editor's undo history (Ctrl+Z brings the old text back). */
  replaceText(text, options = {}) {
    this.#touched = true;
    if (this.#els) this.#els.editor.replaceText(text, options);
    else this.policy = text;
  }

  /** Puts the caret on `start..end` (UTF-16 offsets) of the text. */
  select(start, end = start) {
    this.#els?.editor.select(start, end);
  }

  focusEditor() {
    this.#els?.editor.textarea?.focus();
  }

  /**
   * One call per change. On a large policy the keystroke asks for the diagnostics alone and the
   * pause in typing for the rest (#updateSecondary).
   */
  #analyze(text, { full = text.length <= LARGE } = {}) {
    return this.#call('analyzePolicy', [text, { hosts: parseHosts(this.hosts), value: full }]);
  }

  /**
   * A call of the lint package about `args[0]`: in the worker for a large text, else at once. The
   * editor package matches no hosts (coverage null); once the match preview has loaded the lint
   * package, its analyzePolicy gives the same with the coverage (the worker always has it).
   */
  #call(name, args) {
    return args[0].length > OFF_THREAD && available() ? offThread(name, args) : (lintNow() ?? this.core)[name](...args);
  }

  #rendered(result, text, error) {
    if (text !== this.policy) this.#touched = true;
    const { summary, fileProblems, list, fixAll, editor } = this.#els;
    const onLocate = (d) => editor.select(d.start, d.end);
    const onFix = (d) => editor.replaceText(this.core.applyFixes(editor.value, [d]));
    if (error) {
      // Never about the text (the core reports every problem of it): the validator itself failed.
      setSummary(summary, 'invalid', `✖ Could not validate: ${error.message}`);
      showFileProblems(fileProblems, []);
      list.replaceChildren();
      fixAll.disabled = true;
      setText(fixAll, 'Fix all');
      this.#summary = `Could not validate the policy: ${error.message}`;
    } else if (!result) {
      setSummary(summary, 'empty', 'Paste or type a policy file to check it.');
      showFileProblems(fileProblems, []);
      list.replaceChildren();
      fixAll.disabled = true;
      setText(fixAll, 'Fix all');
      this.#summary = 'Policy file is empty.';
    } else {
      const counts = countDiagnostics(result.diagnostics);
      setSummary(summary, result.valid ? 'valid' : 'invalid', result.valid ? `✔ Valid policy${counts.text ? ` (${counts.text})` : ''}` : `✖ Not valid: ${counts.text}`);
      showFileProblems(fileProblems, result.diagnostics.filter((d) => d.wholeFile));
      renderDiagnostics(list, result.diagnostics, { onLocate, onFix });
      const safe = result.diagnostics.filter((d) => d.fix?.applicability === 'safe').length;
      fixAll.disabled = safe === 0;
      setText(fixAll, safe ? `Fix all (${safe} safe fix${safe === 1 ? '' : 'es'})` : 'Fix all');
      this.#summary = result.valid ? `Policy valid${counts.text ? `, ${counts.text}` : ''}.` : `Policy not valid: ${counts.text}.`;
    }
    this.#verdict = error ? 'invalid' : result ? (result.valid ? 'valid' : 'invalid') : 'empty';
    this.dispatchEvent(new MtaStsValidatedEvent({ kind: 'policy', verdict: this.#verdict, diagnostics: result?.diagnostics ?? [], text, result }));
    clearTimeout(this.#secondaryTimer);
    this.#secondaryTimer = setTimeout(() => this.#updateSecondary(), text.length > LARGE ? 250 : 0);
  }

  /** The parsed table and the coverage, from the same analysis (a full one on a large text). */
  async #updateSecondary() {
    const start = performance.now();
    const { editor, table } = this.#els;
    const text = editor.value;
    let analysis;
    try {
      analysis = editor.error ? null : editor.result?.value ? editor.result : await this.#analyze(text, { full: true });
    } catch {
      analysis = null; // the verdict already says why, or will for the text typed since
    }
    if (editor.value !== text) return; // typed since: that change schedules its own
    this.#analysis = analysis;
    renderPolicyTable(table.tBodies[0], text === '' ? null : (analysis?.value ?? null));
    if (analysis) this.dispatchEvent(new MtaStsAnalyzedEvent(analysis));
    // Its cost, for scripts/bench-web.mjs (the last one only).
    performance.clearMeasures('mtasts:deferred');
    performance.measure('mtasts:deferred', { start });
  }
}

/** The problems of the whole file, under the verdict (the core flags them `wholeFile`). */
function showFileProblems(el, problems) {
  if (problems.length === 0 && el.childElementCount === 0) return setHidden(el, true);
  el.replaceChildren(...problems.map((d) => h('li', { dataset: { code: d.code, severity: d.severity } }, ...messageNodes(d.message))));
  setHidden(el, problems.length === 0);
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
