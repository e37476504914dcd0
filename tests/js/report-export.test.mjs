// The live check's Markdown export (web/src/report-export.js) on a hand-made report: the exact
// document, and text from the report (which comes from DNS answers and policy bodies, i.e. from
// whoever runs the checked domain) never turning into Markdown structure.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { reportJson, reportMarkdown } from '../../web/src/report-export.js';
import { loadCheckPackage } from './load.mjs';

// The statuses in the core's words, as the page passes them (web/src/vocabulary.js).
const { statuses } = (await loadCheckPackage()).checkVocabulary();
const statusInfo = (status) => statuses.find((s) => s.status === status);

const REPORT = {
  domain: 'example.com',
  checkedAt: Date.UTC(2026, 10, 29, 12, 0, 0),
  proxy: null,
  checks: [
    {
      id: 'sts-record',
      title: 'The _mta-sts TXT record',
      status: 'pass',
      diagnostics: [],
      reproduce: 'dig +short TXT _mta-sts.example.com',
    },
    {
      id: 'policy-syntax',
      title: 'Policy | syntax',
      status: 'fail',
      diagnostics: [
        { severity: 'error', code: 'policy/mode-invalid', message: 'The value `a|b` is not a mode; *use* [enforce](x) <b>\n# not a heading' },
      ],
      reproduce: 'curl -sv https://mta-sts.example.com/.well-known/mta-sts.txt',
    },
  ],
  mxHosts: ['mx1.example.com', 'odd`host'],
};

test('the Markdown export: table, one section per check, findings, commands, MX hosts', () => {
  assert.equal(
    reportMarkdown(REPORT, '1.2.3', statusInfo),
    [
      '# MTA-STS check of `example.com`',
      '',
      'Checked 2026-11-29T12:00:00.000Z with mtasts 1.2.3.',
      '',
      '| Check | Status |',
      '|---|---|',
      '| The \\_mta-sts TXT record | ✔ pass |',
      '| Policy \\| syntax | ✖ fail |',
      '',
      '## The \\_mta-sts TXT record: ✔ pass',
      '',
      'Reproduce:',
      '',
      '```sh',
      'dig +short TXT _mta-sts.example.com',
      '```',
      '',
      '## Policy \\| syntax: ✖ fail',
      '',
      '- **error** `policy/mode-invalid`: The value `a\\|b` is not a mode; \\*use\\* \\[enforce\\](x) \\<b\\> \\# not a heading',
      '',
      'Reproduce:',
      '',
      '```sh',
      'curl -sv https://mta-sts.example.com/.well-known/mta-sts.txt',
      '```',
      '',
      '## MX hosts',
      '',
      '- `mx1.example.com`',
      '- `` odd`host ``',
      '',
    ].join('\n'),
  );
});

test('the Markdown export names the proxy the policy came through', () => {
  const md = reportMarkdown({ ...REPORT, proxy: 'https://proxy.example/fetch' }, '1.2.3', statusInfo);
  assert.match(md, /^The policy was fetched through the proxy `https:\/\/proxy\.example\/fetch`\.$/m);
  assert.doesNotMatch(reportMarkdown(REPORT, '1.2.3', statusInfo), /proxy/);
});

test('the JSON export is the report as it is', () => {
  assert.deepEqual(JSON.parse(reportJson(REPORT)), REPORT);
});
