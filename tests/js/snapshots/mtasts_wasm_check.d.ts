/* tslint:disable */
/* eslint-disable */

/** A stable diagnostic code of the registry (`crates/mtasts/src/code.rs`). */
export type Code = /* every code of crates/mtasts/src/code.rs */;

/** How serious a finding is, worst first: an `error` means at least one conforming sender rejects or ignores what was published; a `warning` is accepted but risky; `info` is advice. */
export type Severity =
| "error"
| "warning"
| "info";

/** The policy `mode` (RFC 8461 §5); `vocabulary()` gives each one's meaning. */
export type Mode =
| "enforce"
| "testing"
| "none";



/** The checks of `checkDomain`, in the order of `CheckReport.checks` (`checkVocabulary()` describes each). */
export type CheckId =
| "sts-record"
| "tlsrpt-record"
| "mx"
| "policy-host"
| "policy-host-tls"
| "policy-fetch"
| "policy-syntax"
| "mx-coverage"
| "mx-tls"
| "consistency";

/** The verdict of one check, best to worst (`overallStatus` combines several by this order). `could-not-verify`: what was needed could not be seen from here, neither a pass nor a fail; `skipped`: not applicable, or nothing to check. */
export type CheckStatus =
| "skipped"
| "pass"
| "warning"
| "could-not-verify"
| "fail";



/** `safe`: the intent is unambiguous and "fix all" applies it; `unsafe`: offered, never applied in bulk. */
export type Applicability = "safe" | "unsafe";

/** Replace the UTF-16 code units `start..end` of the checked text with `text`. */
export interface TextEdit {
    start: number;
    end: number;
    text: string;
}

/** A repair for a diagnostic: edits on the original text, applied together. */
export interface Fix {
    title: string;
    applicability: Applicability;
    edits: TextEdit[];
}

/**
 * One finding. `line`/`column` and `endLine`/`endColumn` are 1-based (columns count Unicode
 * scalar values, so `é` and an emoji are one column each; the end is exclusive); `start`/`end`
 * are UTF-16 offsets into the checked text, as `String.prototype.slice`, a textarea's
 * `setSelectionRange`, CodeMirror and Monaco count.
 */
export interface Diagnostic {
    /** Stable code such as `policy/mode-invalid`. */
    code: Code;
    severity: Severity;
    message: string;
    /** The RFC section the rule comes from, e.g. `RFC 8461 §3.2`. */
    rfc: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    start: number;
    end: number;
    /** A problem of the whole text (a required field missing), not of a place in it: show it apart from the lines (its position is 1:1, offset 0, and means nothing). */
    wholeFile: boolean;
    /** Present when the intent is clear enough to offer a repair. */
    fix?: Fix;
}

/** What `applyFixes` needs of a diagnostic: its fix, if any (a whole `Diagnostic` will do). */
export interface FixableDiagnostic {
    fix?: Fix | null;
}

/** What `lintPolicy` puts in its result (`value` and `fixes` default to `true`) and how it reads the text. Unknown keys are an error. */
export interface LintOptions {
    /** Include the policy as read (`value`); with `false`, `value` is `null`. */
    value?: boolean;
    /** Include each diagnostic's `fix`. */
    fixes?: boolean;
    /** `"served"` (default): the body as the policy host serves it. `"file"`: a local source file, whose Jekyll/Hugo front matter is skipped with a `policy/front-matter` note. */
    origin?: "served" | "file";
}

/** One `mx` line of the policy. `start`/`end` are UTF-16 offsets of the pattern. */
export interface MxEntry {
    pattern: string;
    /** Whether it is a valid `mx` pattern. */
    valid: boolean;
    line: number;
    start: number;
    end: number;
}

/** An extension field (a name other than the registered ones); senders ignore it. */
export interface Extension {
    name: string;
    value: string;
}

/** Whether a once-only field is there with a valid value, there with an invalid one, or absent. */
export type FieldState = "valid" | "invalid" | "missing";

/**
 * One once-only field of the policy (its first occurrence). `value` when `valid`; `raw`, the
 * value as written, when `invalid`; `line` and the UTF-16 offsets of the value when present.
 */
export interface PolicyField<T> {
    state: FieldState;
    value: T | null;
    raw: string | null;
    line: number | null;
    start: number | null;
    end: number | null;
}

/**
 * The policy as far as it could be read: each once-only field as its first occurrence has it.
 * Trust it only when the result is `valid`.
 */
export interface Policy {
    version: PolicyField<string>;
    mode: PolicyField<Mode>;
    /** Seconds. */
    maxAge: PolicyField<number>;
    /** Every `mx` line, valid or not, in file order. */
    mx: MxEntry[];
    /** Whether an `mx` line is required (unless the mode is `none`). */
    requiresMx: boolean;
    extensions: Extension[];
}

/** The result of `lintPolicy`. `valid` is `true` when no diagnostic is an error. */
export interface PolicyResult {
    valid: boolean;
    /** Every finding, by position. */
    diagnostics: Diagnostic[];
    /** The policy as read; `null` when `options.value` is `false`. */
    value: Policy | null;
}

/** A `v=STSv1` record as read (RFC 8461 §3.1). */
export interface StsRecord {
    /** The first valid `id`. */
    id: string | null;
    extensions: Extension[];
}

/** A `v=TLSRPTv1` record as read (RFC 8460 §3). */
export interface TlsRptRecord {
    /** Every valid report URI, from every `rua` field. */
    rua: string[];
    extensions: Extension[];
}

/** The result of checking a set of TXT records. `valid` is `true` when no diagnostic is an error. */
export interface RecordsResult<T> {
    valid: boolean;
    /** Every finding, by position in `text`. */
    diagnostics: Diagnostic[];
    /** The one record senders would use, when exactly one has the right version. */
    value: T | null;
    /**
     * What positions refer to: the text given, or for an array of records, the records joined by
     * `\n` (line N is record N).
     */
    text: string;
    /** Every record read, in input order. */
    records: ReadRecord[];
}

/** One TXT record as read from the input. */
export interface ReadRecord {
    /** The record as senders see it: its character-strings joined, unquoted. */
    value: string;
    /** 1-based line of `text` where it starts. */
    line: number;
    /** Where it is in `text`, in UTF-16 code units. */
    start: number;
    end: number;
    /** `value`: written as the value itself; `quoted`: as `dig` or a zone file prints it. */
    form: "value" | "quoted";
    /** Whether it is the one record senders use. */
    used: boolean;
}

/** The result of `lintStsRecords`. */
export type StsResult = RecordsResult<StsRecord>;

/** The result of `lintTlsRptRecord`. */
export type TlsRptResult = RecordsResult<TlsRptRecord>;

/** Why a host does or does not match an `mx` pattern. */
export type MatchReason =
| "exact"
| "wildcard"
| "wildcard-too-many-labels"
| "wildcard-zero-labels"
| "suffix-differs"
| "different-host"
| "invalid-pattern"
| "invalid-host";

/** The verdict of `matchMx`, with its explanation. */
export interface MxMatch {
    matched: boolean;
    reason: MatchReason;
    /** The explanation as a sentence. */
    explanation: string;
    /** The host as compared: lowercase A-labels without a trailing dot (as given when invalid). */
    host: string;
    /** The label the `*` covered (or would have to cover), when the pattern is a wildcard. */
    wildcardLabel?: string;
}

/** One pattern's verdict on one host. */
export interface PatternMatch extends MxMatch {
    pattern: string;
}

/** How one MX host fares against every valid pattern of the policy. */
export interface HostCoverage {
    /** The host as given. */
    host: string;
    /** The first pattern that matches it, or `null` when none does. */
    matchedBy: string | null;
    /** The verdict of each valid pattern, in policy order. */
    results: PatternMatch[];
    /**
     * What was typed, when it is not a bare host name (`host:25`, `smtp://host`, an IP address): with
     * `notAHostName`, show `message` (a typo to correct, with the host to use) instead of what an
     * uncovered host means for senders.
     */
    hint: HostInputHint | null;
}

/** What was typed where a host name is expected, when it is not a bare host name. */
export interface HostInputHint {
    kind: "url" | "email" | "ip-address" | "port" | "brackets" | "preference" | "trailing-dot";
    /** `false` only for `trailing-dot`: a host name after all (the dot is ignored when matching). */
    notAHostName: boolean;
    /** The host name to use instead, when the input holds one. */
    host: string | null;
    /** A sentence for people. */
    message: string;
}

/** The result of `coverage`. */
export interface Coverage {
    /** The valid `mx` patterns of the policy, in order: the ones matched against. */
    patterns: string[];
    /** The invalid `mx` patterns, which take no part. */
    ignoredPatterns: string[];
    /** One row per host, in input order. */
    hosts: HostCoverage[];
    /** Valid patterns that match no host. */
    unusedPatterns: string[];
}

/** What `analyzePolicy` is given besides the text; unknown keys are an error. */
export interface AnalyzeOptions {
    /** MX host names to match the policy's `mx` patterns against; default none. */
    hosts?: readonly string[];
    /** Include each diagnostic's `fix`; default `true`. */
    fixes?: boolean;
    /**
     * Include `value`, `coverage` and `uncovered`; default `true`. `false` gives the diagnostics
     * alone (those three `null`): what an editor asks on each keystroke into a large policy.
     */
    value?: boolean;
}

/** What happens to mail for an MX host no `mx` pattern covers, under a mode. */
export interface Uncovered {
    severity: Severity;
    /** A clause that follows "… is covered by no `mx` pattern:". */
    consequence: string;
}

/** The result of `analyzePolicy`: one parse of the policy. */
export interface PolicyAnalysis {
    /** `true` when no diagnostic is an error. */
    valid: boolean;
    diagnostics: Diagnostic[];
    /** The policy as read; `null` with `value: false`. */
    value: Policy | null;
    /** The valid `mx` patterns against `options.hosts`; `null` with `value: false`. */
    coverage: Coverage | null;
    /** What an uncovered host means under the policy's mode (or without a valid mode); `null` with `value: false`. */
    uncovered: Uncovered | null;
}

/** A severity with the words the core shows it with. */
export interface SeverityInfo {
    severity: Severity;
    /** `Error`, `Warning`, `Note`. */
    label: string;
    /** Shown beside the label, never instead of it. */
    symbol: string;
}

/** A mode with its meaning. */
export interface ModeInfo {
    mode: Mode;
    /** What the mode tells senders, one sentence. */
    meaning: string;
    uncovered: Uncovered;
}

/** The result of `vocabulary()`. */
export interface Vocabulary {
    /** Worst first. */
    severities: SeverityInfo[];
    modes: ModeInfo[];
}

/** The result of `normalizeDomain`: the domain (lowercase A-labels), or why there is none. */
export interface DomainInput {
    domain: string | null;
    error: string | null;
    /** A record name or the policy host typed in place of the mail domain (`mta-sts.firm.co.uk`): show `message` beside the input. */
    hint: DomainHint | null;
}

/** The mail domain a typed name belongs to. */
export interface DomainHint {
    /** The domain to use, e.g. `firm.co.uk`. */
    suggestion: string;
    /** "… did you mean `firm.co.uk`?" */
    message: string;
}


/** Where the policy that was checked came from. */
export type PolicySource = "fetched" | "pasted";

/** Which text the positions of a check's diagnostics refer to: `CheckReport.sts.text`, `.tlsrpt.text`, `.policy.text`, or none. */
export type PositionsIn = "sts" | "tlsrpt" | "policy" | "none";

/** One check of `checkDomain`, as the core describes it. */
export interface CheckInfo {
    id: CheckId;
    title: string;
    /** What the check looks at and why, one sentence. */
    purpose: string;
    positions: PositionsIn;
}

/** A status with the words the core shows it with. */
export interface CheckStatusInfo {
    status: CheckStatus;
    /** `Pass`, `Could not verify`… */
    label: string;
    /** Shown beside the label, never instead of it. */
    symbol: string;
}

/** The result of `checkVocabulary()`. */
export interface CheckVocabulary {
    /** In the order of `CheckReport.checks`. */
    checks: CheckInfo[];
    /** Best to worst: the order `overallStatus` combines by. */
    statuses: CheckStatusInfo[];
}

/** One check of `checkDomain`. */
export interface CheckItem {
    id: CheckId;
    title: string;
    status: CheckStatus;
    /**
     * The findings. Positions of `sts-record` diagnostics refer to `report.sts.text`, of
     * `tlsrpt-record` to `report.tlsrpt.text`, of `policy-syntax` to `report.policy.text`; the
     * check's own findings (and every other check's) sit at line 1, column 1 with an empty range.
     */
    diagnostics: Diagnostic[];
    /** A shell command that shows the same thing (`dig …`, `curl …`), to copy. */
    reproduce: string;
    /** `reproduce` first, then the other commands that show it: `openssl s_client` for certificates, and Windows equivalents. */
    commands: ReproduceCommand[];
}

/** One command to copy, for one platform. */
export interface ReproduceCommand {
    /** `posix`: Linux, macOS, WSL; `windows`: PowerShell or cmd. */
    platform: "posix" | "windows";
    /** What it shows, a few words (`the certificate of mx1.example.com (STARTTLS on port 25)`). */
    shows: string;
    /** The command line. */
    text: string;
}

/** How far a domain has deployed MTA-STS, as senders see it; `unknown` when the answers needed were not seen. */
export type DeploymentLevel = "unknown" | "none" | "testing" | "enforce";

/** The deployment level at a glance, with the one next step. */
export interface Deployment {
    level: DeploymentLevel;
    /** `seen`: from answers seen here; `pasted`: from pasted text, "as far as seen"; `unseen`: no level claimed. */
    basis: "seen" | "pasted" | "unseen";
    /** A valid `_smtp._tls` record exists; `null`: its lookup failed. */
    tlsrpt: boolean | null;
    /** The `_mta-sts` answer was DNSSEC-validated (AD); `null`: no answer seen. */
    dnssec: boolean | null;
    /** One line for people, e.g. `Testing + TLS-RPT`. */
    summary: string;
    /** The one next step. */
    next: NextStep;
}

/** The next step's stable id. */
export type NextStepId =
| "check-connection"
| "look-up-record"
| "paste-policy"
| "start-testing"
| "fix-record"
| "serve-policy"
| "leave-mode-none"
| "cover-mx"
| "fix-mx-tls"
| "change-id"
| "add-tlsrpt"
| "enforce"
| "raise-max-age"
| "keep";

/** The one next step: a stable id and a sentence naming this domain's names. */
export interface NextStep {
    id: NextStepId;
    text: string;
}

/** The policy as checked: a `PolicyResult` with the text its positions refer to. */
export interface CheckedPolicy extends PolicyResult {
    /** The policy text (bytes that are not UTF-8 shown as U+FFFD). */
    text: string;
    /** `pasted`: from `options.pastedPolicy` (the body `curl` printed, when its whole output was pasted), used because the fetch could not be seen into. */
    source: PolicySource;
}

/**
 * What to keep of a check for the next check of the same domain (e.g. in `localStorage`), and
 * to pass back as `options.previous`: it catches an `id` not changed with the policy.
 */
export interface PreviousCheck {
    /** The `id` of the `_mta-sts` record. */
    id: string | null;
    /** A hash of the fetched policy body: 16 hex digits. */
    policyHash: string | null;
}

/** The result of `checkDomain`. */
export interface CheckReport {
    /** The domain checked, in A-labels. */
    domain: string;
    /** When the check started, in Unix milliseconds. */
    checkedAt: number;
    /** The statuses of all checks combined by the core's rule (see `overallStatus`). */
    overall: CheckStatus;
    /** Whether the policy fetch could not be seen from here, so the body is worth pasting. */
    wantsPastedPolicy: boolean;
    checks: CheckItem[];
    /** The `_mta-sts` TXT records as a set, when any was found. */
    sts: StsResult | null;
    /** The `_smtp._tls` TXT records, when any was found. */
    tlsrpt: TlsRptResult | null;
    /** The policy, when one was fetched (or pasted) and checked. */
    policy: CheckedPolicy | null;
    /** The MX hosts by preference (the domain itself when it has no MX: implicit MX). */
    mxHosts: string[];
    /** How the policy's `mx` patterns cover `mxHosts`, when both are known. */
    coverage: Coverage | null;
    /** What to keep for the next check of this domain; `null` when nothing was found. */
    previous: PreviousCheck | null;
    /** The proxy or `mtasts serve` API the policy was fetched through (`options.proxy`, `options.api`), or `null`: fetched directly. */
    proxy: string | null;
    /**
     * The `_mta-sts` TXT records as answered, one per line in `dig` presentation form (each string quoted, quotes
     * inside a value escaped): what to give `lintStsRecords`, which reads it back to the values senders see.
     * (`sts.text` holds the values joined, which `sts` positions refer to.)
     */
    stsDig: string | null;
    /** The `_smtp._tls` TXT records in the same form, for `lintTlsRptRecord`. */
    tlsrptDig: string | null;
    /** Why nothing could be checked, said once (`check/resolvers-unreachable`); the rows it explains carry no finding. */
    cause: Diagnostic | null;
    /** The deployment level senders would apply, with TLS-RPT, DNSSEC and the next step. */
    level: Deployment;
}

/** The record type of a lookup, or `FETCH` for the policy fetch. */
export type CheckRequestKind = "TXT" | "MX" | "A" | "AAAA" | "CNAME" | "FETCH";

/** Passed to `options.onProgress` each time one request of the check has completed. */
export interface CheckProgress {
    requestId: number;
    kind: CheckRequestKind;
    /** The name looked up, or the URL fetched. */
    name: string;
    /** `failed`: no answer (timeout, network failure, or nothing visible from the browser). */
    status: "done" | "failed";
    /** Milliseconds from the start of the check (every request starts then) to this answer. */
    elapsedMs: number;
    /** The report so far: checks still waiting for an answer are `could-not-verify`. */
    report: CheckReport;
}

/** Options of `checkDomain`; all optional. Unknown keys are an error. */
export interface CheckDomainOptions {
    /**
     * DNS-over-HTTPS (RFC 8484) endpoints, asked in order until one answers; default
     * `["https://cloudflare-dns.com/dns-query", "https://dns.google/dns-query"]`.
     */
    resolvers?: readonly string[];
    /** Time limit of each request, in milliseconds; default 5000. */
    timeoutMs?: number;
    /** `report.previous` of the last check of this domain. */
    previous?: PreviousCheck | null;
    /** Called as each request completes (an exception it throws is ignored). */
    onProgress?: (event: CheckProgress) => void;
    /**
     * What the `policy-fetch` check's `curl` command showed: the body alone, or the whole `curl -sv` /
     * `curl -i` output, whose status and `Content-Type` are then judged too (`check/pasted-response`).
     * Used in place of the fetch when the browser could not read the policy (never over a fetch that was seen).
     */
    pastedPolicy?: string | null;
    /**
     * Fetch the policy through this proxy instead of directly (docs/PROXY.md): `GET
     * <proxy>?url=<policy URL>`, answered with what the proxy saw upstream in `Mtasts-Upstream-*`
     * headers. Most policy hosts send no CORS header, so a browser alone can only say
     * `could-not-verify` for them; a proxy sees what a sender sees.
     */
    proxy?: string | null;
    /**
     * The `mtasts serve` API's base URL, `/api/` (docs/PROXY.md): the policy is fetched through
     * `GET <api>policy?domain=D` (no CORS needed) and the TLS probes of the policy host and of every
     * MX host are answered by `GET <api>tls?domain=D&host=H&service=S`, so the report judges the
     * certificates too (`policy-host-tls`, `mx-tls`). The page passes it when `GET /api/` answers.
     */
    api?: string | null;
}



/**
 * Everything an editor shows on a keystroke, from one parse of the policy: its diagnostics, the
 * policy as read (each once-only field valid, invalid or missing) and how its valid `mx`
 * patterns cover `options.hosts`, with what an uncovered host means under its mode.
 */
export function analyzePolicy(text: string, options?: AnalyzeOptions): PolicyAnalysis;

/**
 * Applies fixes to `text`: those of the given diagnostics (all of each one's edits, offsets in
 * UTF-16 units of `text`; a fix overlapping an earlier one is skipped), or with `"all-safe"`
 * every safe fix of the policy file, re-checking until nothing changes (as `mtasts fix` does).
 * Throws when an edit is out of range for `text`.
 */
export function applyFixes(text: string, diagnostics: readonly FixableDiagnostic[] | "all-safe"): string;

/**
 * Checks the MTA-STS set-up of a domain live, from here: the `_mta-sts` and `_smtp._tls` TXT
 * records, the MX hosts, the policy host's address and the policy itself, all requested at once
 * (DNS over HTTPS to `options.resolvers`, `fetch()` for the policy). `domain` may be a domain,
 * an email address or a URL; an IDN is converted to A-labels. Rejects with an `Error` when it
 * names no domain, or when an option is invalid. Failures to see something are never a pass
 * or a fail: they are reported as `could-not-verify`, with the command to run instead.
 */
export function checkDomain(domain: string, options?: CheckDomainOptions): Promise<CheckReport>;

/**
 * The checks of `checkDomain` in report order (id, title, purpose, which text positions refer
 * to) and every status from best to worst, with its label and symbol: the core's vocabulary.
 */
export function checkVocabulary(): CheckVocabulary;

/**
 * Which valid `mx` pattern of the policy covers each MX host, and which patterns cover none.
 * Invalid patterns take no part (they are listed in `ignoredPatterns`; `lintPolicy` says why).
 */
export function coverage(policyText: string, hosts: readonly string[]): Coverage;

/**
 * Checks an MTA-STS policy file (the body of `https://mta-sts.DOMAIN/.well-known/mta-sts.txt`,
 * RFC 8461 §3.2). Spans refer to `text`.
 */
export function lintPolicy(text: string, options?: LintOptions): PolicyResult;

/**
 * Checks the TXT records found at `_mta-sts.DOMAIN` as a set (RFC 8461 §3.1). `input` is text
 * as a user pastes it (values, `dig` output, zone-file lines; read by the core's
 * [`mtasts::record::intake`], positions in that text) or the records already joined (positions
 * in them joined by `\n`).
 */
export function lintStsRecords(input: string | readonly string[]): StsResult;

/**
 * Checks the TXT records found at `_smtp._tls.DOMAIN` as a set (RFC 8460 §3); `input` as for
 * `lintStsRecords`.
 */
export function lintTlsRptRecord(input: string | readonly string[]): TlsRptResult;

/**
 * Matches an MX host name against one `mx` pattern (RFC 8461 §4.1) and explains the verdict.
 * A U-label host (`mail.münchen.de`) is converted to A-labels first.
 */
export function matchMx(pattern: string, host: string): MxMatch;

/**
 * The domain a domain, email address or URL names, as the live check reads it (lowercase
 * A-labels, no trailing dot), or why it names none.
 */
export function normalizeDomain(input: string): DomainInput;

/**
 * The statuses of several checks as one: the worst, could-not-verify between warning and
 * fail, a pass over a skip (the core's rule; `CheckReport.overall` is made by it).
 */
export function overallStatus(statuses: readonly CheckStatus[]): CheckStatus;

/**
 * The version of this package, e.g. `"0.1.0"`: the workspace version it was built from.
 */
export function version(): string;

/**
 * The core's vocabulary: every severity (worst first, with its label and symbol) and every
 * mode (with its meaning and what an uncovered MX host means under it).
 */
export function vocabulary(): Vocabulary;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly analyzePolicy: (a: number, b: number, c: number) => void;
    readonly applyFixes: (a: number, b: number, c: number, d: number) => void;
    readonly checkDomain: (a: number, b: number, c: number) => number;
    readonly checkVocabulary: (a: number) => void;
    readonly coverage: (a: number, b: number, c: number, d: number) => void;
    readonly lintPolicy: (a: number, b: number, c: number) => void;
    readonly lintStsRecords: (a: number, b: number) => void;
    readonly lintTlsRptRecord: (a: number, b: number) => void;
    readonly matchMx: (a: number, b: number, c: number, d: number, e: number) => void;
    readonly normalizeDomain: (a: number, b: number, c: number) => void;
    readonly overallStatus: (a: number, b: number) => void;
    readonly version: (a: number) => void;
    readonly vocabulary: (a: number) => void;
    readonly __wasm_bindgen_func_elem_N: (a: number, b: number, c: number, d: number) => void;
    readonly __wasm_bindgen_func_elem_N: (a: number, b: number, c: number, d: number) => void;
    readonly __wbindgen_export: (a: number, b: number) => number;
    readonly __wbindgen_export2: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_export3: (a: number) => void;
    readonly __wbindgen_export4: (a: number, b: number) => void;
    readonly __wbindgen_add_to_stack_pointer: (a: number) => number;
    readonly __wbindgen_export5: (a: number, b: number, c: number) => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
