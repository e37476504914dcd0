// The events the mtasts elements dispatch. Each is an Event subclass that bubbles and is
// composed (it leaves the shadow roots it starts in), carrying its data in `detail`.

/** `mta-sts-validated`: a policy or record was validated (each change of its text). */
export class MtaStsValidatedEvent extends Event {
  /**
   * @param {{ kind: 'policy' | 'sts' | 'tlsrpt', verdict: 'empty' | 'valid' | 'invalid',
   *   diagnostics: any[], text: string, result: any }} detail `verdict` is the core's `valid`
   *   read as a word, `result` the whole answer of the wasm API (analyzePolicy,
   *   lintStsRecords or lintTlsRptRecord; null when empty)
   */
  constructor(detail) {
    super('mta-sts-validated', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** `mta-sts-checked`: a live check finished; `detail` is the report (checkDomain's CheckReport). */
export class MtaStsCheckedEvent extends Event {
  /** @param {any} report */
  constructor(report) {
    super('mta-sts-checked', { bubbles: true, composed: true });
    this.detail = report;
  }
}

/** `mta-sts-hosts-change`: the MX hosts typed into a match preview changed. */
export class MtaStsHostsChangeEvent extends Event {
  /** @param {{ hosts: string[], text: string }} detail */
  constructor(detail) {
    super('mta-sts-hosts-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** `mta-sts-locate`: the user asked to see a place in the policy text (UTF-16 `start`..`end`). */
export class MtaStsLocateEvent extends Event {
  /** @param {{ start: number, end: number }} detail */
  constructor(detail) {
    super('mta-sts-locate', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** `mta-sts-analyzed`: the full analysis (typed policy, coverage of the hosts) is drawn. */
export class MtaStsAnalyzedEvent extends Event {
  /** @param {any} analysis analyzePolicy's full answer */
  constructor(analysis) {
    super('mta-sts-analyzed', { bubbles: true, composed: true });
    this.detail = { analysis };
  }
}

/** `mta-sts-open-policy`: the user asked to open the policy a live check read (fetched or pasted)
 * in the editor; the element holding both does it, as one undoable edit. */
export class MtaStsOpenPolicyEvent extends Event {
  /** @param {{ text: string, source: 'fetched' | 'pasted' }} detail */
  constructor(detail) {
    super('mta-sts-open-policy', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** `mta-sts-reports-read`: files were read into the reports summary; `detail` is the
 * `mtasts-reports/1` object (what `mtasts reports --format json` prints for the same files). */
export class MtaStsReportsReadEvent extends Event {
  /** @param {any} summary */
  constructor(summary) {
    super('mta-sts-reports-read', { bubbles: true, composed: true });
    this.detail = summary;
  }
}

/** `mta-sts-generated`: the generator made a set-up; `detail` is generateSetUp's `SetUp`. */
export class MtaStsGeneratedEvent extends Event {
  /** @param {any} setUp */
  constructor(setUp) {
    super('mta-sts-generated', { bubbles: true, composed: true });
    this.detail = setUp;
  }
}

/** `mta-sts-use-policy`: the user asked to check a generated policy in the validator. The page
 * (or the widget) loads `policy` into its editor as one undoable edit and `hosts` into the match
 * preview. Cancelable: `preventDefault()` tells the generator it was handled. */
export class MtaStsUsePolicyEvent extends Event {
  /** @param {{ policy: string, hosts: string[] }} detail */
  constructor(detail) {
    super('mta-sts-use-policy', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}
