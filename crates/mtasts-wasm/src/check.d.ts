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
