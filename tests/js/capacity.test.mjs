// What a text field of the page holds (web/src/capacity.js): lines counted as a textarea shows
// them, and the size a refusal names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIELD_LIMITS, lineCount, overCapacity, refusal } from '../../web/src/capacity.js';

test('lines are counted as wc -l counts them, a last line without a break included', () => {
  for (const [text, lines] of [
    ['', 0],
    ['a', 1],
    ['a\n', 1],
    ['a\nb', 2],
    ['a\r\nb', 2],
    ['a\rb\r', 2],
    ['\r\n\r\n', 2],
    ['\n\r', 2],
    ['\n\nx', 3],
  ]) {
    assert.equal(lineCount(text), lines, JSON.stringify(text));
  }
});

test('a text fits up to the limits and is refused past them, with its size', () => {
  const { lines, chars } = FIELD_LIMITS;
  for (const [name, text, size] of [
    ['empty', '', null],
    ['the most lines', 'mx: a.bc\n'.repeat(lines), null],
    ['one line more', 'mx: a.bc\n'.repeat(lines) + 'x', `${(lines + 1).toLocaleString('en')} lines`],
    ['CRLF lines count once', '\r\n'.repeat(lines), null],
    ['lone CRs count', '\r'.repeat(lines + 1), `${(lines + 1).toLocaleString('en')} lines`],
    ['the most characters', 'x'.repeat(chars), null],
    ['one character more', 'x'.repeat(chars + 1), '65,537 characters'],
  ]) {
    assert.equal(overCapacity(text), size, name);
  }
});

test('a refusal says the size, the limits and what to use instead', () => {
  assert.equal(
    refusal('50,003 lines'),
    'the text has 50,003 lines; a field here holds at most 500 lines and 65,536 characters. Check a text this long with the command line: mtasts lint FILE.',
  );
});
