// <mta-sts-policy-editor>: a plain <textarea> with a highlight layer behind it and a gutter beside
// it, validated on every keystroke. The textarea stays the real editor (native caret, selection,
// undo, IME, spellcheck off, screen readers); the layer only draws underlines under the exact
// span of each diagnostic, and the gutter shows line numbers with one marker per line carrying
// the worst severity of that line.
//
// A paste or drop past what a field holds is refused before the textarea takes it (./capacity.js).
//
// Cost per keystroke is independent of the policy's size apart from the lint itself: the layer
// and the line numbers are drawn for the lines in view (and a margin) only, each layer line
// positioned by its number and kept when neither its text nor its marks changed; scrolling draws
// the lines that come into view. The gutter markers (one per line with a problem, bounded by the
// core's cap per code) are all drawn: they are the gutter's keyboard stops.
//
// The lint may answer at once or with a promise (<mta-sts-policy> validates a large text in a
// worker): only the answer for the current text is drawn. When it throws or rejects (a stack
// overflow, a wasm trap, a worker that died), nothing of the previous answer stays: the marks go
// and `mtasts-lint` carries the error, which the holder shows as "could not validate".
//
// The class is defined here and registered in ./define.js (the github/relative-time-element way),
// so an embedder can register it under another name. It renders into its own children, not a
// shadow root of its own: it is a part of <mta-sts-policy>, whose shadow root holds it with the
// verdict and the problems list its textarea's aria-describedby names, and adopts its styles
// (EDITOR in ./styles.js).
//
// Attributes (the API; each has a property of the same name):
//   label        the label text, default "Policy file"
//   rows         visible lines, default 14
//   input-id     id given to the textarea (for <label for>, tests), default `${id}-input`
//   describedby  ids put into the textarea's aria-describedby
// Properties: `value` (the text; setting it validates; a text over a field's capacity is
// refused: the editor is left empty and `mtasts-lint` carries why), `lint` (text → PolicyResult
// or a promise of one, usually the wasm `lintPolicy` bound to `{ value: false }`; setting it
// validates),
// `result` (the last PolicyResult, null while empty or after an error), `error` (what the last
// validation threw, else null), `textarea`.
// Methods: `select(start, end)` (UTF-16 offsets: focus, select, scroll to it), `replaceText(text,
// { keepFocus })` (replaces the text as one undoable edit, e.g. to apply a fix, or past 40 changed
// lines at once without an undo step; `keepFocus` puts the keyboard focus back where it was),
// `validate()`.
//
// @event mtasts-lint - MtastsLintEvent after every validation: `.result` (PolicyResult or null
//   when empty or failed), `.text` and `.error` (the Error the lint threw, else null). Bubbles inside the shadow root that holds the editor (not composed:
//   the holder turns it into its public `mta-sts-validated`).
// @cssproperty --mta-sts-editor-line-height - line height of text, numbers and marks (1.5rem)
// Parts are plain classes (light DOM): .pe-frame, .pe-gutter, .pe-marker, .pe-code, .pe-layer,
// .pe-mark, .pe-point, .pe-tooltip. Stable hooks on each gutter marker: data-line, data-severity
// (worst of the line), data-code (every code of the line, space-separated, in order).

import { guardFields, lineCount, overCapacity, refusal } from './capacity.js';
import { h, messageNodes, setHidden } from './dom.js';
import { severityInfo, worse } from './vocabulary.js';

/** Dispatched after each validation. */
export class MtastsLintEvent extends Event {
  /**
   * @param {object | null} result the PolicyResult, or null when the text is empty or the lint failed
   * @param {string} text the text that was checked
   * @param {Error | null} error what the lint threw (then `result` is null)
   */
  constructor(result, text, error = null) {
    super('mtasts-lint', { bubbles: true });
    this.result = result;
    this.text = text;
    this.error = error;
  }
}

let instances = 0;
/** Lines drawn above and below the ones in view, so a short scroll shows drawn lines at once. */
const MARGIN = 40;
/** The longest insertion `replaceText` makes as an undoable edit (see there). */
const MAX_UNDOABLE_LINES = 40;

export class PolicyEditorElement extends HTMLElement {
  static observedAttributes = ['label', 'rows', 'describedby'];

  /** @type {((text: string) => any) | null} */
  #lint = null;
  #result = null;
  /** @type {Error | null} */
  #error = null;
  /** Why the last text given by `value` was not put into the textarea, until the next edit. */
  #refused = /** @type {RangeError | null} */ (null);
  /** Counts validations: an answer that arrives after a newer text was given is dropped. */
  #run = 0;
  #pendingValue = '';
  #lineCount = 0;
  #scrollFrame = 0;
  /** The validated text the marks belong to, and the marks by line. */
  #text = '';
  /** @type {Map<number, { start: number, ranges: [number, number, string][], points: [number, string][] }>} */
  #lines = new Map();
  /** Layer rows drawn, by line: the key of what they show, and the element. */
  #rows = new Map();
  /** The first and last line drawn (numbers and layer), the window last measured. */
  #drawn = { first: 0, last: -1 };
  #view = { top: 0, height: 0, lineHeight: 0 };
  #uid = `mtasts-pe-${++instances}`;
  /** @type {Map<number, any[]>} diagnostics by line, for the markers' tooltips */
  #byLine = new Map();
  #els = /** @type {Record<string, any> | null} */ (null);

  get label() {
    return this.getAttribute('label') ?? 'Policy file';
  }
  set label(value) {
    this.setAttribute('label', value);
  }
  get rows() {
    const n = Number(this.getAttribute('rows'));
    return Number.isInteger(n) && n > 0 ? n : 14;
  }
  set rows(value) {
    this.setAttribute('rows', String(value));
  }
  get inputId() {
    return this.getAttribute('input-id') ?? `${this.id || this.#uid}-input`;
  }
  get describedby() {
    return this.getAttribute('describedby') ?? '';
  }
  set describedby(value) {
    this.setAttribute('describedby', value);
  }

  get lint() {
    return this.#lint;
  }
  set lint(fn) {
    this.#lint = typeof fn === 'function' ? fn : null;
    this.validate();
  }
  get value() {
    return this.#els ? this.#els.textarea.value : this.#pendingValue;
  }
  set value(text) {
    let s = String(text ?? '');
    // More than a field holds (./capacity.js) is not put into the textarea: the browser's layout
    // of it would block the tab. The editor is left empty, and says why instead of a verdict.
    const size = overCapacity(s);
    this.#refused = size ? new RangeError(refusal(size)) : null;
    if (size) s = '';
    if (this.#els) {
      this.#els.textarea.value = s;
      this.#els.textarea.setSelectionRange(0, 0);
      this.#syncScroll();
    } else this.#pendingValue = s;
    this.validate();
  }
  get result() {
    return this.#result;
  }
  get error() {
    return this.#error;
  }
  get textarea() {
    return this.#els?.textarea ?? null;
  }

  connectedCallback() {
    if (!this.#els) this.#build();
  }

  attributeChangedCallback(name) {
    if (!this.#els) return;
    if (name === 'label') this.#els.label.textContent = this.label;
    if (name === 'rows') this.#els.textarea.rows = this.rows;
    if (name === 'describedby') this.#describe();
  }

  #build() {
    const textarea = h('textarea', {
      id: this.inputId,
      class: 'pe-input',
      rows: this.rows,
      spellcheck: false,
      autocomplete: 'off',
      autocapitalize: 'off',
      wrap: 'off',
      'aria-invalid': 'false',
    });
    textarea.value = this.#pendingValue;
    const label = h('label', { class: 'pe-label', for: textarea.id }, this.label);
    const numbers = h('div', { class: 'pe-numbers', 'aria-hidden': 'true' });
    const markers = h('div', { class: 'pe-markers', role: 'group', 'aria-label': 'Lines with problems' });
    const gutterContent = h('div', { class: 'pe-gutter-content' }, numbers, markers);
    const gutter = h('div', { class: 'pe-gutter' }, gutterContent);
    const layerContent = h('div', { class: 'pe-layer-content' });
    const layer = h('div', { class: 'pe-layer', 'aria-hidden': 'true' }, layerContent);
    const tooltip = h('div', { class: 'pe-tooltip', id: `${this.#uid}-tooltip`, role: 'tooltip', hidden: true });
    const frame = h('div', { class: 'pe-frame' }, gutter, h('div', { class: 'pe-code' }, layer, textarea), tooltip);
    this.replaceChildren(label, frame);
    this.#els = { textarea, label, numbers, markers, gutterContent, layerContent, tooltip, frame };
    guardFields(this);
    this.#describe();

    textarea.addEventListener('input', () => {
      this.#refused = null;
      this.validate();
    });
    textarea.addEventListener('scroll', () => this.#syncScroll(), { passive: true });
    new ResizeObserver(() => this.#syncScroll()).observe(textarea);
    markers.addEventListener('keydown', (e) => this.#markerKey(e));
    markers.addEventListener('click', (e) => {
      const marker = /** @type {HTMLElement} */ (e.target).closest('.pe-marker');
      const first = marker && this.#byLine.get(Number(marker.dataset.line))?.[0];
      if (first) this.select(first.start, first.end);
    });
    for (const type of ['focusin', 'mouseover']) {
      markers.addEventListener(type, (e) => {
        const marker = /** @type {HTMLElement} */ (e.target).closest('.pe-marker');
        if (marker) this.#showTooltip(marker);
      });
    }
    for (const type of ['focusout', 'mouseout']) markers.addEventListener(type, () => this.#hideTooltip());
    this.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.#hideTooltip();
    });
    this.validate();
  }

  #describe() {
    const ta = this.#els?.textarea;
    if (!ta) return;
    if (this.describedby) ta.setAttribute('aria-describedby', this.describedby);
    else ta.removeAttribute('aria-describedby');
  }

  /**
   * Lints the current text and redraws marks and markers; dispatches `mtasts-lint` (at once, or
   * when a lint that answers with a promise settles for the text still in the editor).
   */
  validate() {
    if (!this.#els || !this.#lint) return;
    const text = this.#els.textarea.value;
    const run = ++this.#run;
    if (text === '') return this.#settle(run, text, null, this.#refused);
    let answer;
    try {
      answer = this.#lint(text);
    } catch (err) {
      return this.#settle(run, text, null, err);
    }
    if (typeof answer?.then !== 'function') return this.#settle(run, text, answer, null);
    this.#els.textarea.setAttribute('aria-busy', 'true');
    answer.then(
      (/** @type {any} */ result) => this.#settle(run, text, result, null),
      (/** @type {unknown} */ err) => this.#settle(run, text, null, err),
    );
  }

  /** Draws the answer of validation `run` (unless a newer one started) and announces it. */
  #settle(run, text, result, err) {
    if (run !== this.#run || !this.#els) return;
    const { textarea } = this.#els;
    textarea.removeAttribute('aria-busy');
    // The markers are drawn anew (a hovered one is gone without a mouseout): a message about the
    // text as it was must not stay on screen.
    this.#hideTooltip();
    let error = err == null ? null : toError(err);
    try {
      if (error) throw error;
      this.#result = result;
      // A problem of the whole file has no place: it is listed, never marked on a line.
      this.#renderMarks(
        text,
        (result?.diagnostics ?? []).filter((/** @type {any} */ d) => !d.wholeFile),
      );
    } catch (thrown) {
      // Drawing can fail too (a text too large for the DOM): the same "could not validate".
      error ??= toError(thrown);
      this.#result = null;
      this.#renderMarks(text, []);
    }
    this.#error = error;
    const invalid = String(error ? true : this.#result ? !this.#result.valid : false);
    if (textarea.getAttribute('aria-invalid') !== invalid) textarea.setAttribute('aria-invalid', invalid);
    this.#syncScrollLater();
    this.dispatchEvent(new MtastsLintEvent(this.#result, text, error));
  }

  /**
   * Focuses the textarea, selects `start..end` (UTF-16 offsets, as diagnostics carry them) and
   * scrolls that line to the middle when it is out of view.
   */
  select(start, end = start) {
    const ta = this.#els?.textarea;
    if (!ta) return;
    ta.focus({ preventScroll: true });
    ta.setSelectionRange(start, end);
    const line = countLines(ta.value, start);
    const lh = parseFloat(getComputedStyle(ta).lineHeight) || 24;
    const top = (line - 1) * lh;
    if (top < ta.scrollTop || top + lh > ta.scrollTop + ta.clientHeight) {
      ta.scrollTop = Math.max(0, top - ta.clientHeight / 2);
    }
    this.#syncScroll();
    ta.scrollIntoView({ block: 'nearest' });
  }

  /**
   * Replaces the text with `next` as one edit of the textarea's own undo history (only the part
   * that differs is replaced, so the caret lands where the change is). Validates.
   */
  replaceText(next, { keepFocus = false } = {}) {
    const ta = this.#els?.textarea;
    if (!ta) {
      this.value = next;
      return;
    }
    const prev = ta.value;
    if (prev === next) return;
    // The edit needs the focus in the textarea; `keepFocus` gives it back afterwards (a load
    // the user did not start from the editor must not move their keyboard focus).
    const focused = keepFocus ? deepActiveElement() : null;
    const max = Math.min(prev.length, next.length);
    let a = 0;
    while (a < max && prev.charCodeAt(a) === next.charCodeAt(a)) a++;
    if (a > 0 && isHighSurrogate(prev.charCodeAt(a - 1))) a--;
    let b = 0;
    while (b < max - a && prev.charCodeAt(prev.length - 1 - b) === next.charCodeAt(next.length - 1 - b)) b++;
    if (b > 0 && isHighSurrogate(prev.charCodeAt(prev.length - 1 - b))) b--;
    const insert = next.slice(a, next.length - b);
    // An edit that takes the text past a field's limit (./capacity.js) is refused as a `value`
    // past it is; a text already past it (typed there) may still be edited, e.g. fixed.
    if (overCapacity(next) && !overCapacity(prev)) {
      this.value = next;
      return;
    }
    ta.focus({ preventScroll: true });
    ta.setSelectionRange(a, prev.length - b);
    // execCommand keeps Ctrl+Z working and fires `input` (which validates); where it is gone, set
    // the value instead. It inserts line by line, though (500 lines took 0.7–1 s in Chromium),
    // so a long insertion is set at once, without an undo step of its own.
    const long = lineCount(insert) > MAX_UNDOABLE_LINES;
    const done = !long && (insert === '' ? document.execCommand('delete') : document.execCommand('insertText', false, insert));
    if (!done || ta.value !== next) {
      ta.value = next;
      ta.setSelectionRange(a + insert.length, a + insert.length);
      this.validate();
    }
    if (focused && focused !== ta) /** @type {HTMLElement} */ (focused).focus({ preventScroll: true });
    else if (keepFocus && !focused) ta.blur();
  }

  /**
   * #syncScroll at the next frame: reading the textarea's scroll offsets right after an edit
   * forces a layout of all its text (~0.6 ms at 64 KiB), which the page's own updates after this
   * keystroke would invalidate and redo. A scroll the edit causes also fires `scroll`.
   */
  #syncScrollLater() {
    if (this.#scrollFrame) return;
    this.#scrollFrame = requestAnimationFrame(() => {
      this.#scrollFrame = 0;
      if (this.#els) this.#syncScroll();
    });
  }

  /** Moves the layer and the gutter with the textarea's scroll, then draws the lines in view. */
  #syncScroll() {
    const { textarea: ta, layerContent, gutterContent } = this.#els;
    layerContent.style.transform = `translate(${-ta.scrollLeft}px, ${-ta.scrollTop}px)`;
    gutterContent.style.transform = `translateY(${-ta.scrollTop}px)`;
    this.#view = { top: ta.scrollTop, height: ta.clientHeight, lineHeight: parseFloat(getComputedStyle(ta).lineHeight) || 24 };
    this.#paint();
  }

  /**
   * The line numbers and the layer rows of the lines in view (as last measured) and a margin.
   * A row whose line, text and marks are unchanged is kept as it is.
   */
  #paint() {
    const { lineHeight, top, height } = this.#view;
    const lh = lineHeight || 24;
    const shown = Math.max(this.rows, Math.ceil(height / lh));
    const first = Math.max(1, Math.floor(top / lh) + 1 - MARGIN);
    const last = Math.min(this.#lineCount, first + shown + 2 * MARGIN);
    if (first !== this.#drawn.first || last !== this.#drawn.last) {
      let numbers = '';
      for (let n = first; n <= last; n++) numbers += `${n}\n`;
      this.#els.numbers.textContent = numbers;
      this.#els.numbers.style.setProperty('--pe-row', String(first - 1));
    }
    this.#drawn = { first, last };
    const text = this.#text;
    const rows = new Map();
    for (const [n, entry] of this.#lines) {
      if (n < first || n > last) continue;
      const end = text.indexOf('\n', entry.start);
      const key = `${text.slice(entry.start, end === -1 ? text.length : end)}\0${JSON.stringify(entry.ranges)}${JSON.stringify(entry.points)}`;
      const kept = this.#rows.get(n);
      rows.set(n, kept?.key === key ? kept : { key, el: this.#lineLayer(text, n, entry) });
    }
    // In line order (what assistive tools and tests read); untouched when nothing moved.
    const els = [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row.el);
    const layer = this.#els.layerContent;
    if (els.length !== layer.children.length || els.some((el, i) => layer.children[i] !== el)) layer.replaceChildren(...els);
    this.#rows = rows;
  }

  #countLines(text) {
    let count = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    if (count === this.#lineCount) return;
    this.#lineCount = count;
    this.#drawn.first = 0;
    // Room for four digits at least (more lines than a paste may bring, ./capacity.js): a gutter
    // that widens narrows the textarea, whose text the browser then lays out all over again.
    this.#els.frame.style.setProperty('--pe-digits', String(String(Math.max(count, 1000)).length));
  }

  /** Finds the marks of each line and draws the gutter markers for `diagnostics`; the layer
   * rows are drawn by #paint. */
  #renderMarks(text, diagnostics) {
    this.#text = text;
    this.#countLines(text);
    /** @type {Map<number, { start: number, ranges: [number, number, string][], points: [number, string][] }>} */
    const lines = new Map();
    const lineOf = (n, start) => {
      let entry = lines.get(n);
      if (!entry) lines.set(n, (entry = { start, ranges: [], points: [] }));
      return entry;
    };
    this.#byLine = new Map();
    for (const d of diagnostics) {
      const list = this.#byLine.get(d.line);
      if (list) list.push(d);
      else this.#byLine.set(d.line, [d]);

      let s = Math.min(d.start, text.length);
      const e = Math.min(Math.max(d.end, s), text.length);
      let line = d.line;
      let lineStart = text.lastIndexOf('\n', s - 1) + 1;
      if (s === e) {
        lineOf(line, lineStart).points.push([s, d.severity]);
        continue;
      }
      // A span over several lines is drawn line by line; a span of just a line break (a blank
      // line's fix) is drawn as a point.
      for (;;) {
        const nl = text.indexOf('\n', s);
        const segEnd = nl === -1 || nl >= e ? e : nl;
        const entry = lineOf(line, lineStart);
        if (segEnd > s) entry.ranges.push([s, segEnd, d.severity]);
        else entry.points.push([s, d.severity]);
        if (segEnd === e || nl === -1) break;
        s = nl + 1;
        lineStart = s;
        line++;
        if (s >= e) break;
      }
    }

    this.#lines = lines;
    this.#paint();

    const markers = [];
    for (const [n, list] of this.#byLine) {
      let severity;
      for (const d of list) severity = worse(severity, d.severity);
      const s = severityInfo(severity);
      const marker = h(
        'button',
        {
          type: 'button',
          class: 'pe-marker',
          tabIndex: -1,
          dataset: { line: n, severity, code: [...new Set(list.map((d) => d.code))].join(' ') },
          // A short name; the messages are the description, from the tooltip shown on focus.
          'aria-label': `Line ${n}: ${list.length === 1 ? s.label.toLowerCase() : `${list.length} problems, worst ${s.label.toLowerCase()}`}`,
          'aria-describedby': `${this.#uid}-tooltip`,
        },
        s.symbol,
      );
      marker.style.setProperty('--pe-row', String(n - 1));
      markers.push(marker);
    }
    markers.sort((a, b) => Number(a.dataset.line) - Number(b.dataset.line));
    if (markers[0]) markers[0].tabIndex = 0;
    this.#els.markers.replaceChildren(...markers);
    setHidden(this.#els.markers, markers.length === 0);
  }

  /** One line of the layer: the text before the first mark (invisible), then the marks. */
  #lineLayer(text, n, { start, ranges, points }) {
    const cuts = new Set([start]);
    for (const [s, e] of ranges) cuts.add(s).add(e);
    for (const [p] of points) cuts.add(p);
    const sorted = [...cuts].sort((a, b) => a - b);
    const row = h('div', { class: 'pe-line' });
    row.style.setProperty('--pe-row', String(n - 1));
    for (let i = 0; i < sorted.length; i++) {
      const at = sorted[i];
      for (const [p, severity] of points) if (p === at) row.append(h('span', { class: 'pe-point', dataset: { severity } }));
      const next = sorted[i + 1];
      if (next === undefined) break;
      let severity;
      for (const [s, e, sev] of ranges) if (s <= at && e >= next) severity = worse(severity, sev);
      const piece = text.slice(at, next);
      row.append(severity ? h('span', { class: 'pe-mark', dataset: { severity } }, piece) : piece);
    }
    return row;
  }

  #showTooltip(marker) {
    const { tooltip, frame } = this.#els;
    const list = this.#byLine.get(Number(marker.dataset.line)) ?? [];
    tooltip.replaceChildren(
      ...list.map((d) =>
        h(
          'p',
          { dataset: { severity: d.severity } },
          h('span', { class: 'icon', 'aria-hidden': 'true' }, severityInfo(d.severity).symbol),
          h('span', { class: 'visually-hidden' }, `${severityInfo(d.severity).label}: `),
          ' ',
          ...messageNodes(d.message),
        ),
      ),
    );
    const m = marker.getBoundingClientRect();
    const f = frame.getBoundingClientRect();
    tooltip.style.top = `${m.bottom - f.top + 2}px`;
    tooltip.hidden = false;
  }

  #hideTooltip() {
    if (this.#els) setHidden(this.#els.tooltip, true);
  }

  /** Arrow keys move between markers (one tab stop for the whole gutter); Home/End jump. */
  #markerKey(e) {
    const all = [...this.#els.markers.querySelectorAll('.pe-marker')];
    const i = all.indexOf(/** @type {any} */ (e.target));
    if (i === -1) return;
    const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: all.length - 1 }[e.key];
    if (to === undefined || !all[to]) return;
    e.preventDefault();
    all[i].tabIndex = -1;
    all[to].tabIndex = 0;
    all[to].focus();
  }
}

/** The focused element, inside shadow roots too (null when it is the body). */
function deepActiveElement() {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el === document.body ? null : el;
}

/** What a lint threw or rejected with, as an Error. */
function toError(err) {
  return err instanceof Error ? err : new Error(String(err));
}

function isHighSurrogate(c) {
  return c >= 0xd800 && c <= 0xdbff;
}

/** The 1-based line of UTF-16 offset `at`. */
function countLines(text, at) {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
