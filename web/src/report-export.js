// A live check's report as JSON (what checkDomain returned, as is) and as Markdown (for a ticket
// or a chat): one section per check with its verdict, findings and reproduce command. Statuses are
// written in the core's words (`statusInfo`: a `CheckStatusInfo` of checkVocabulary() by status).

export function reportJson(report) {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Markdown; text from the report is put in code spans or escaped, so it cannot add markup.
 * @param {(status: string) => { symbol: string, label: string } | undefined} statusInfo
 */
export function reportMarkdown(report, toolVersion, statusInfo) {
  const word = (status) => {
    const s = statusInfo(status);
    return s ? `${s.symbol} ${s.label.toLowerCase()}` : status;
  };
  const out = [];
  out.push(`# MTA-STS check of ${code(report.domain)}`, '');
  const when = report.checkedAt ? new Date(report.checkedAt).toISOString() : new Date().toISOString();
  out.push(`Checked ${when} with mtasts ${toolVersion}.`, '');
  if (report.proxy) out.push(`The policy was fetched through the proxy ${code(report.proxy)}.`, '');
  out.push('| Check | Status |', '|---|---|');
  for (const c of report.checks ?? []) out.push(`| ${escape(c.title)} | ${word(c.status)} |`);
  out.push('');
  for (const c of report.checks ?? []) {
    out.push(`## ${escape(c.title)}: ${word(c.status)}`, '');
    for (const d of c.diagnostics ?? []) out.push(`- **${d.severity}** ${code(d.code)}: ${escape(d.message)}`);
    if (c.diagnostics?.length) out.push('');
    if (c.reproduce) out.push('Reproduce:', '', '```sh', c.reproduce, '```', '');
  }
  if (report.mxHosts?.length) out.push('## MX hosts', '', ...report.mxHosts.map((m) => `- ${code(m)}`), '');
  return out.join('\n');
}

/** A code span that holds any text (backticks included). */
function code(text) {
  const s = String(text ?? '');
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return fence.length > 1 || s.startsWith('`') || s.endsWith('`') ? `${fence} ${s} ${fence}` : `${fence}${s}${fence}`;
}

/** Markdown-escapes plain text, keeping the messages' own `code spans`. */
function escape(text) {
  return String(text ?? '')
    .replace(/\n/g, ' ')
    .split('`')
    .map((part, i) => (i % 2 ? part.replaceAll('|', '\\|') : part.replace(/[\\*_[\]<>|#]/g, (c) => `\\${c}`)))
    .join('`');
}
