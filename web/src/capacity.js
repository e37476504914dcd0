// What a text field of the page holds, and the guard that refuses a paste or a drop past it.
//
// The fields are the browser's own <textarea> and <input>: their caret, selection, undo, IME and
// screen-reader support are why the editor is one. Their cost is the browser's too, and no page
// code can split it: Chromium lays a textarea's text out in one task whenever its value is
// replaced, some 20–40 µs per line plus the shaping of the characters (measured on the project's
// 2-core machine: 2,000 short lines 40–50 ms, 3,100 lines 100–130 ms, 20,000 empty lines ~0.5 s,
// one line of 1 MiB ~0.2 s; a 1 MiB policy of 50,000 lines took 6 s, then seconds more per key).
// A paste also goes through the browser's editing command, which costs more than setting the
// value: on an idle machine, pasting 2,424 short lines (the benchmarks' 64 KiB policy) into the
// editor took 160–280 ms, 1,000 lines 100–150 ms, 500 lines 76–83 ms; 500 lines of 130 characters
// (65 K) 71 ms, of 196 (97 K) 139 ms. So that no input the page accepts blocks the tab for more
// than 100 ms (issue 15), a field takes at most FIELD_LIMITS: far more lines than any published
// policy or record set has (the largest have tens), and the 64 KiB a policy may be. Anything
// longer is refused before the browser touches it, with its size and the way to check it (the
// command line reads up to 64 MiB). Keys are never refused: a text that grows past the limit by
// typing is analysed in the lint worker once over 64 KiB + 1 (./off-thread.js).
// scripts/bench-web.mjs measures the longest task of pastes at the limits.
//
// This decides nothing about the text's content: only how much of it a field takes.

/** At most this many lines and UTF-16 code units (64 Ki) in one field. */
export const FIELD_LIMITS = Object.freeze({ lines: 500, chars: 64 * 1024 });

/** Lines of `text`, as `wc -l` counts a file's: each ends with CRLF, CR or LF, or with the text. */
export function lineCount(text) {
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lines++;
    else if (c === 13) {
      lines++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  const last = text.charCodeAt(text.length - 1);
  return text === '' || last === 10 || last === 13 ? lines : lines + 1;
}

/** What a field holds and what to do with more, ending the sentences that refuse a text. */
const LIMITS_SENTENCE = `a field here holds at most ${FIELD_LIMITS.lines.toLocaleString('en')} lines and ${FIELD_LIMITS.chars.toLocaleString('en')} characters. Check a text this long with the command line: mtasts lint FILE`;

/**
 * How long `text` is ("50,003 lines", "150,012 characters") when it does not fit a field, else
 * null. Characters are UTF-16 code units, as the browser counts a field's length.
 * @param {string} text
 */
export function overCapacity(text) {
  if (text.length > FIELD_LIMITS.chars) return `${text.length.toLocaleString('en')} characters`;
  if (text.length <= FIELD_LIMITS.lines) return null;
  const lines = lineCount(text);
  return lines > FIELD_LIMITS.lines ? `${lines.toLocaleString('en')} lines` : null;
}

/** Why a text of `size` (from overCapacity) was refused, as a sentence. */
export function refusal(size) {
  return `the text has ${size}; ${LIMITS_SENTENCE}.`;
}

/** The paste and drop events already judged by a guard nearer the field. */
const judged = new WeakSet();

/** A text field of `target` (the event's target inside the root), else null. */
function textField(/** @type {EventTarget | null} */ target) {
  if (target instanceof HTMLTextAreaElement) return target;
  if (target instanceof HTMLInputElement && ['text', 'search', 'url', 'email'].includes(target.type)) return target;
  return null;
}

/**
 * Refuses a paste or a drop into any text field under `root` (a shadow root, a document or an
 * element; fields made later included) whose result would not fit FIELD_LIMITS: nothing is
 * inserted, and the field says why (its validation bubble, cleared by the next edit or when it
 * loses the focus). Typing is never refused: a key adds one line at a time, which costs a frame.
 * @param {ShadowRoot | Document | Element} root
 */
export function guardFields(root) {
  /** @param {Event} e @param {() => string | undefined} inserted what the edit inserts @param {string} done */
  const refuse = (e, inserted, done) => {
    const field = textField(e.target);
    // A field inside a guarded element inside another (the editor in its panel) is judged once:
    // reading the clipboard is a round trip to the browser.
    if (!field || judged.has(e)) return;
    judged.add(e);
    const text = inserted();
    if (!text) return;
    const value = field.value;
    const start = field.selectionStart ?? value.length;
    const end = field.selectionEnd ?? start;
    // An <input> takes one line: the browser drops the line breaks of what is pasted.
    const added = field instanceof HTMLInputElement ? text.replace(/[\r\n]/g, '') : text;
    const size = overCapacity(value.slice(0, start) + added + value.slice(end));
    if (!size) return;
    e.preventDefault();
    field.setCustomValidity(`Not ${done}: ${refusal(size)}`);
    field.reportValidity();
  };
  root.addEventListener('paste', (e) => refuse(e, () => /** @type {ClipboardEvent} */ (e).clipboardData?.getData('text/plain'), 'pasted'), true);
  root.addEventListener('drop', (e) => refuse(e, () => /** @type {DragEvent} */ (e).dataTransfer?.getData('text/plain'), 'dropped'), true);
  const clear = (/** @type {Event} */ e) => {
    const field = textField(e.target);
    if (field?.validationMessage) field.setCustomValidity('');
  };
  root.addEventListener('input', clear, true);
  root.addEventListener('focusout', clear, true);
}
