// A node:test reporter for scripts/test.sh: prints each failure (and each skip with its reason),
// then one plain line per test file, `NAME: N passed, N failed[, N skipped]` (NAME is the file
// name without `.test.mjs`), the form scripts/test.sh adds up. Passing tests stay quiet, like
// the Rust corpus runner.
//
//   node --test --test-reporter=./tests/js/reporter.mjs --test-reporter-destination=stdout FILES

import path from 'node:path';

/** Per file: { passed, failed, skipped }. */
const counts = new Map();

function tally(file) {
  const name = path.basename(file ?? 'unknown').replace(/\.test\.m?js$/, '');
  if (!counts.has(name)) counts.set(name, { passed: 0, failed: 0, skipped: 0 });
  return counts.get(name);
}

function indent(text, by = '    ') {
  return String(text)
    .split('\n')
    .map((line) => by + line)
    .join('\n');
}

export default async function* reporter(source) {
  for await (const event of source) {
    const { type, data } = event;
    // Suites (describe) report too, and `node --test` reports each file as a test around the
    // tests in it: only tests count, and a file that fails on its own (it does not load, it
    // crashes) counts as one failure.
    const isSuite = data?.details?.type === 'suite';
    const isFile = data?.file !== undefined && data.name === data.file;
    switch (type) {
      case 'test:pass': {
        if (isSuite || isFile) break;
        const t = tally(data.file);
        if (data.skip !== undefined && data.skip !== false) {
          t.skipped += 1;
          yield `SKIP ${data.name}${typeof data.skip === 'string' ? `: ${data.skip}` : ''}\n`;
        } else if (data.todo !== undefined && data.todo !== false) {
          t.skipped += 1;
        } else {
          t.passed += 1;
        }
        break;
      }
      case 'test:fail': {
        if (isSuite && data.details?.error?.failureType === 'subtestsFailed') break;
        const t = tally(data.file);
        if (isFile && t.failed > 0) break;
        t.failed += 1;
        const error = data.details?.error;
        const cause = error?.cause ?? error;
        yield `FAIL ${data.name}\n${indent(cause?.message ?? cause ?? 'failed')}\n`;
        break;
      }
      case 'test:stdout':
      case 'test:stderr':
        yield data.message;
        break;
      case 'test:diagnostic':
        // node:test's own totals (`tests 12`, `pass 12`, ...) are replaced by the lines below.
        if (data.nesting > 0) yield `# ${data.message}\n`;
        break;
      default:
        break;
    }
  }
  for (const [name, { passed, failed, skipped }] of counts) {
    yield `${name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
  }
}
