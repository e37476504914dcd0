
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
