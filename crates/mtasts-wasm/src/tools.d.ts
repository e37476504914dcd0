
/** Options of `generateSetUp` and `rolloutPlan`. */
export interface SetUpOptions {
  /** The moment to generate for, Unix milliseconds (`Date.now()`): the `id` is made from it. */
  now: number;
  /** The policy domain (`example.com`); without it records use names relative to the zone. */
  domain?: string | null;
  /** MX hosts: names, or pasted `dig +short MX` output (several per entry). */
  hosts?: readonly string[];
  /** A provider preset (`generatorVocabulary().providers[].name`); replaces `hosts`. */
  provider?: string | null;
  /** `testing` (the default) or `enforce`. */
  mode?: string | null;
  /** Where TLS reports go: addresses (get `mailto:`) or `mailto:`/`https:` URIs. */
  rua?: readonly string[];
  /** Cover hosts sharing a parent with one `*.` pattern. */
  wildcards?: boolean;
  /** A server or service (`generatorVocabulary().servers`) for the policy host's configuration. */
  server?: string | null;
  /** The server's folder holding `.well-known/mta-sts.txt` (nginx, apache, caddy). */
  webroot?: string | null;
  /** Days of `testing` in `rolloutPlan` (14). */
  testingDays?: number;
}

/** Options of `editPolicy`, `mxChange` and `decommission`. */
export interface ChangeOptions {
  now: number;
  domain?: string | null;
  /** `editPolicy`: the new policy; the others: the policy published now. */
  policy: string;
  /** The `id` of the `_mta-sts` record published now. */
  oldId?: string | null;
  /** `mxChange`: the MX hosts after the change. */
  hosts?: readonly string[];
}

/** A record to publish. */
export interface GeneratedRecord {
  /** Relative to the domain, as DNS panels ask for it: `_mta-sts`, `_smtp._tls`. */
  host: string;
  /** `_mta-sts.example.com.` (or `host` without a domain). */
  owner: string;
  type: "TXT" | "CNAME";
  /** The value without quotes (what a DNS panel wants). */
  value: string;
  ttl: number;
  /** The zone-file line (quoted character-strings). */
  zoneLine: string;
}

export interface GeneratedFile {
  path: string;
  contents: string;
}

export interface ServerSnippet {
  server: string;
  files: GeneratedFile[];
  notes: string[];
}

/** `generateSetUp`'s result. */
export interface SetUp {
  domain: string | null;
  hosts: string[];
  patterns: string[];
  mode: Mode;
  maxAge: number;
  id: string;
  /** mta-sts.txt, LF line endings. */
  policy: string;
  policyUrl: string | null;
  records: GeneratedRecord[];
  /** Every record's zone-file line, one per line. */
  zone: string;
  /** What to do, in order (the snippet's notes first). */
  publishOrder: string[];
  snippet: ServerSnippet | null;
}

/** One step of a plan or change. */
export interface PlanStep {
  /** Not before this moment, Unix milliseconds. */
  when: number;
  /** The same as `YYYY-MM-DD` (UTC). */
  date: string;
  action: string;
  policy: string | null;
  records: GeneratedRecord[];
}

export interface PolicyChange {
  oldId: string | null;
  newId: string | null;
  policy: string;
  addedPatterns: string[];
  steps: PlanStep[];
}

export interface ProviderInfo {
  name: string;
  title: string;
  patterns: string[];
}

export interface GeneratorVocabulary {
  providers: ProviderInfo[];
  servers: string[];
  /** The modes a new set-up may start in. */
  modes: Mode[];
  testingMaxAge: number;
  steadyMaxAge: number;
}
