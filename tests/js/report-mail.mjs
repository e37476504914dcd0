// Report mails as senders send them, for the tests that give mails to the reports reader
// (tests/js/tools.test.mjs, tests/e2e/ui-reports.spec.mjs).
import { gzipSync } from 'node:zlib';

/** A report mail as senders send it (RFC 8460 §5.3): multipart/report, the gzipped report
 * attached in base64. */
export function reportMail(report, name) {
  const attachment = gzipSync(Buffer.from(report)).toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    'From: noreply-smtp-tls-reporting@google.com',
    'To: tlsrpt@example.com',
    `Subject: Report Domain: example.com Submitter: google.com Report-ID: <${name}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type="tlsrpt"; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset="UTF-8"',
    '',
    'This is an aggregate TLS report.',
    '--b1',
    `Content-Type: application/tlsrpt+gzip; name="${name}.json.gz"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${name}.json.gz"`,
    '',
    attachment,
    '--b1--',
    '',
  ].join('\r\n');
}
