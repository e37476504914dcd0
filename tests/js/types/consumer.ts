// A TypeScript user of the npm package, compiled with `tsc --strict --noEmit` by
// tests/js/package.test.mjs against web/pkg/ resolved as `mtasts-wasm` (package.json `exports`
// and `types`), and web/pkg-check/ (checkDomain) by relative path. It must compile, and every
// `@ts-expect-error` must be needed: that proves the declarations are precise (an `any` anywhere would make those lines compile and fail the check).
import init, {
  applyFixes,
  coverage,
  lintPolicy,
  lintStsRecords,
  lintTlsRptRecord,
  matchMx,
  version,
} from 'mtasts-wasm';
// The live check is the second package (web/pkg-check/, linked as ./pkg-check by the test).
import { checkDomain } from './pkg-check/mtasts_wasm_check.js';
import type {
  CheckDomainOptions,
  CheckId,
  CheckItem,
  CheckProgress,
  CheckReport,
  CheckStatus,
  CheckedPolicy,
} from './pkg-check/mtasts_wasm_check.js';
import type {
  Applicability,
  Code,
  Coverage,
  Diagnostic,
  Extension,
  Fix,
  HostCoverage,
  LintOptions,
  MatchReason,
  Mode,
  MxEntry,
  MxMatch,
  PatternMatch,
  Policy,
  PolicyResult,
  Severity,
  StsRecord,
  StsResult,
  TextEdit,
  TlsRptRecord,
  TlsRptResult,
} from 'mtasts-wasm';

export async function useEverything(wasm: Uint8Array): Promise<string[]> {
  await init({ module_or_path: wasm });
  const out: string[] = [version()];

  const options: LintOptions = { value: false, fixes: true };
  const result: PolicyResult = lintPolicy('version: STSv1\n', options);
  const valid: boolean = result.valid;
  out.push(String(valid));
  // @ts-expect-error `valid` is a boolean, not a number: the result is not `any`
  const notANumber: number = result.valid;
  void notANumber;

  for (const d of result.diagnostics) {
    const diagnostic: Diagnostic = d;
    const code: Code = diagnostic.code;
    const severity: Severity = diagnostic.severity;
    const spans: number[] = [d.line, d.column, d.endLine, d.endColumn, d.start, d.end];
    out.push(code, severity, d.message, d.rfc, spans.join());
    // @ts-expect-error `fix` is optional: narrow it first
    out.push(d.fix.title);
    const fix: Fix | undefined = d.fix;
    if (fix) {
      const applicability: Applicability = fix.applicability;
      const edits: TextEdit[] = fix.edits;
      out.push(applicability, fix.title, ...edits.map((e) => `${e.start}-${e.end}:${e.text}`));
    }
  }
  // @ts-expect-error not a registered code
  const noSuchCode: Code = 'policy/no-such-code';
  void noSuchCode;

  const policy: Policy | null = result.value;
  if (policy) {
    const mode: Mode | null = policy.mode.value;
    const maxAge: number | null = policy.maxAge.value;
    const version: string | null = policy.version.state === 'invalid' ? policy.version.raw : policy.version.value;
    // @ts-expect-error a field is valid, invalid or missing
    if (policy.maxAge.state === 'absent') out.push('never');
    const mx: MxEntry[] = policy.mx;
    const extensions: Extension[] = policy.extensions;
    out.push(String(mode), String(maxAge), String(version), ...mx.map((m) => `${m.pattern}${m.valid}${m.line}${m.start}${m.end}`));
    out.push(...extensions.map((e) => `${e.name}=${e.value}`));
    // @ts-expect-error modes are lowercase literals
    if (policy.mode.value === 'Enforce') out.push('never');
  }

  // @ts-expect-error unknown option
  lintPolicy('x', { valu: true });
  // @ts-expect-error the text is a string
  lintPolicy(42);

  const sts: StsResult = lintStsRecords(['v=STSv1; id=20240101']);
  const stsRecord: StsRecord | null = sts.value;
  out.push(sts.text, String(stsRecord?.id), ...(stsRecord?.extensions ?? []).map((e) => e.name));
  const pasted: StsResult = lintStsRecords('"v=STSv1; " "id=1"');
  out.push(...pasted.records.map((r) => `${r.line}:${r.form}:${r.used}:${r.value}`));
  // @ts-expect-error the input is text or an array of strings
  lintStsRecords(42);

  const tls: TlsRptResult = lintTlsRptRecord('"v=TLSRPTv1; " "rua=mailto:tlsrpt@example.com"');
  lintTlsRptRecord(['v=TLSRPTv1; rua=mailto:tlsrpt@example.com']);
  const tlsRecord: TlsRptRecord | null = tls.value;
  const rua: string[] = tlsRecord?.rua ?? [];
  out.push(tls.text, ...rua);

  const fixedAll: string = applyFixes('Mode: enforce\n', 'all-safe');
  const fixedChosen: string = applyFixes('Mode: enforce\n', result.diagnostics);
  const fixedShaped: string = applyFixes('x', [{ fix: null }, {}]);
  out.push(fixedAll, fixedChosen, fixedShaped);
  // @ts-expect-error only "all-safe" or a list of diagnostics
  applyFixes('x', 'all');

  const match: MxMatch = matchMx('*.example.com', 'mx.example.com');
  const reason: MatchReason = match.reason;
  const label: string | undefined = match.wildcardLabel;
  out.push(String(match.matched), reason, match.explanation, match.host, String(label));
  // @ts-expect-error not a reason
  const noSuchReason: MatchReason = 'close-enough';
  void noSuchReason;

  const cover: Coverage = coverage('version: STSv1\n', ['mx.example.com']);
  const rows: HostCoverage[] = cover.hosts;
  for (const row of rows) {
    const matchedBy: string | null = row.matchedBy;
    const results: PatternMatch[] = row.results;
    out.push(row.host, String(matchedBy), ...results.map((r) => `${r.pattern}:${r.reason}`));
  }
  out.push(...cover.patterns, ...cover.ignoredPatterns, ...cover.unusedPatterns);

  const progress: CheckProgress[] = [];
  const checkOptions: CheckDomainOptions = {
    resolvers: ['https://dns.example/dns-query'],
    timeoutMs: 3000,
    previous: { id: '20240101', policyHash: null },
    onProgress: (event) => progress.push(event),
    pastedPolicy: null,
  };
  const report: CheckReport = await checkDomain('example.com', checkOptions);
  const overall: CheckStatus = report.overall;
  const checks: CheckItem[] = report.checks;
  const ids: CheckId[] = checks.map((c) => c.id);
  out.push(...ids);
  // @ts-expect-error not a check of the report
  const noSuchCheck: CheckId = 'dnssec';
  void noSuchCheck;
  const policyChecked: CheckedPolicy | null = report.policy;
  out.push(report.domain, overall, ...checks.map((c) => `${c.id}:${c.status}:${c.reproduce}`), String(policyChecked?.source));
  out.push(...progress.map((p) => `${p.requestId} ${p.kind} ${p.name} ${p.status} ${p.elapsedMs} ${p.report.overall}`));
  out.push(String(report.previous?.policyHash), String(report.sts?.value?.id), String(report.coverage?.unusedPatterns));
  // @ts-expect-error not a status
  const noSuchStatus: CheckStatus = 'unknown';
  void noSuchStatus;
  // @ts-expect-error timeoutMs is a number of milliseconds
  void checkDomain('example.com', { timeoutMs: '5s' });
  // @ts-expect-error the result is a promise
  const notAwaited: CheckReport = checkDomain('example.com');
  void notAwaited;
  return out;
}
