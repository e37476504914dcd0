// The live domain check: <mta-sts-domain-check>, "Domain" + "Check", then each check of the
// report going from pending to pass / warning / fail / could-not-verify / skipped, with its
// findings and a command to reproduce it; the report exports as JSON and Markdown, and the last
// result per domain is kept in localStorage (with a way to forget it) so the next check can tell
// an `id` that was not bumped.
//
// It drives `checkDomain(domain, { resolvers, timeoutMs, proxy, api, previous, onProgress, pastedPolicy })` of
// the second wasm package (web/pkg-check/, too big for the first load: ./core.js imports it when
// the first check starts). This is the only part of the page that makes network requests, and only
// when "Check" is pressed (or on connect with `auto`). The checks, their titles, the statuses and
// the overall verdict are the core's (checkVocabulary() and the report's `overall`); the domain is
// read by the core too (normalizeDomain).
//
// Attributes (mirrored by properties): `domain` (the domain input's text), `auto` (check on
// connect, and again when `domain` changes), `resolver` (DoH URLs, spaces or commas), `proxy` (a
// policy proxy URL, docs/PROXY.md), `timeout` (seconds per request). Served by `mtasts serve`
// (its `GET /api/` answers), the check goes through that API: the policy without CORS and the
// certificates of the policy host and every MX host (core.js `serveApi`).
// Methods: `check()`. Property `report` (the last CheckReport or null); property `editorText`,
// set by an element that shows the policy in an editor beside this one: the editor's text (null:
// no editor). While the report's policy is not what the editor holds, an "Open the fetched
// (pasted) policy in the editor" button offers it: nothing is put into an editor unasked.
// Events: `mta-sts-checked` (MtaStsCheckedEvent, detail: the report) when a check ends;
// `mta-sts-locate` (detail { start, end }) when a finding's place in the fetched policy is asked
// for; `mta-sts-open-policy` (detail { text, source }) when that button is pressed.
// Parts: form, domain-input, check-button, status, cause, level, checks, check.
import { loadCheck, loadLint, lintNow, onLint, serveApi } from './core.js';
import { renderDiagnostics } from './diagnostics.js';
import { copyText, download, h, messageNodes } from './dom.js';
import { MtaStsElement } from './element.js';
import { MtaStsCheckedEvent, MtaStsLocateEvent, MtaStsOpenPolicyEvent } from './events.js';
import { reportJson, reportMarkdown } from './report-export.js';
import { forgetPrevious, loadPrevious, savePrevious } from './store.js';
import { BASE, LIVE, sheets } from './styles.js';
import { checkList, statusInfo } from './vocabulary.js';

/** How a check waiting for its answer is shown: a state of this page, not a status of the core. */
const PENDING = Object.freeze({ symbol: '⋯', label: 'Pending' });

export class MtaStsDomainCheckElement extends MtaStsElement {
  static styles = sheets(BASE, LIVE);
  static observedAttributes = ['domain', 'resolver', 'proxy', 'timeout', 'auto'];

  #els = /** @type {any} */ (null);
  /** Each check's number; a check still running when another starts is ignored from then on. */
  #generation = 0;
  #report = null;
  /** The text of the editor beside this element, or null when there is none. */
  #editorText = /** @type {string | null} */ (null);
  /** One row per check, by id; new ids are appended. */
  #rows = new Map();
  #onNetwork = () => this.#updateNetwork();

  get domain() {
    return this.#els ? this.#els.domainInput.value : this.stringAttr('domain');
  }
  set domain(v) {
    this.setStringAttr('domain', v);
  }
  get auto() {
    return this.boolAttr('auto');
  }
  set auto(v) {
    this.setBoolAttr('auto', v);
  }
  get resolver() {
    return this.stringAttr('resolver');
  }
  set resolver(v) {
    this.setStringAttr('resolver', v);
  }
  get proxy() {
    return this.stringAttr('proxy');
  }
  set proxy(v) {
    this.setStringAttr('proxy', v);
  }
  get timeout() {
    return this.intAttr('timeout', 0);
  }
  set timeout(v) {
    this.setStringAttr('timeout', v);
  }
  get report() {
    return this.#report;
  }
  get editorText() {
    return this.#editorText;
  }
  set editorText(text) {
    this.#editorText = typeof text === 'string' ? text : null;
    if (this.#els) this.#showOpen();
  }

  render() {
    const input = (id, props = {}) =>
      h('input', { id, type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: false, ...props });
    const domainInput = input('domain', { name: 'domain', inputmode: 'url', placeholder: 'example.com', part: 'domain-input', 'aria-describedby': 'live-hint' });
    domainInput.value = this.stringAttr('domain');
    const resolvers = input('resolvers', { 'aria-describedby': 'resolvers-hint' });
    resolvers.value = this.resolver;
    const timeout = h('input', { id: 'timeout', type: 'number', min: 1, max: 120, step: 1, inputmode: 'numeric' });
    if (this.timeout) timeout.value = String(this.timeout);
    const proxy = input('proxy', { type: 'url', 'aria-describedby': 'proxy-hint' });
    proxy.value = this.proxy;
    const button = h('button', { type: 'submit', id: 'check-button', part: 'check-button button' }, 'Check');
    const form = h(
      'form',
      { id: 'live-form', class: 'live-form', part: 'form', novalidate: true },
      h('label', { for: 'domain' }, 'Domain'),
      h('div', { class: 'input-row' }, domainInput, button),
      h(
        'details',
        { class: 'options' },
        h('summary', {}, 'Options'),
        h('label', { for: 'resolvers' }, 'DNS-over-HTTPS resolvers'),
        resolvers,
        h('p', { class: 'hint', id: 'resolvers-hint' }, 'URLs separated by spaces, tried in order. Empty: the default resolvers.'),
        h('label', { for: 'timeout' }, 'Timeout per request (seconds)'),
        timeout,
        h('label', { for: 'proxy' }, 'Policy proxy'),
        proxy,
        h(
          'p',
          { class: 'hint', id: 'proxy-hint' },
          'Optional. A server that fetches the policy as a sender would and shows this page what it saw (its protocol is in the project\'s docs/PROXY.md): most policy hosts do not let a page read the policy itself. Empty: fetch directly.',
        ),
      ),
    );
    const network = h('p', { id: 'live-network', class: 'notice', role: 'status', hidden: true });
    const status = h('p', { id: 'live-status', class: 'banner', part: 'status', hidden: true });
    // The core's whole-report cause (nothing could be looked up) and deployment level: shown
    // first, above the rows.
    const cause = h('p', { id: 'live-cause', class: 'notice', part: 'cause', hidden: true });
    const level = h('div', { id: 'live-level', class: 'level', part: 'level', hidden: true });
    const domainHint = h('p', { id: 'live-domain-hint', class: 'hint domain-hint', role: 'status', hidden: true });
    const list = h('ol', { id: 'live-checks', class: 'checks', part: 'checks', 'aria-label': 'Checks' });
    const pasteInput = h('textarea', { id: 'live-paste-input', rows: 5, spellcheck: false, autocomplete: 'off', autocapitalize: 'off' });
    const pasteCheck = h('button', { type: 'button', id: 'live-paste-check' }, 'Check again with this body');
    const paste = h(
      'div',
      { id: 'live-paste', class: 'live-paste', hidden: true },
      h(
        'label',
        { for: 'live-paste-input' },
        'Policy body, or the whole output of ',
        h('code', {}, 'curl -sv'),
        ' or ',
        h('code', {}, 'curl -i'),
        ' (then its status and headers are checked too)',
      ),
      pasteInput,
      pasteCheck,
    );
    const openPolicy = h('button', { type: 'button', id: 'live-open-policy' });
    const open = h(
      'p',
      { id: 'live-open', class: 'live-open', hidden: true },
      openPolicy,
      ' ',
      h('span', { class: 'hint' }, 'Replaces the text in the editor; Ctrl+Z there brings it back.'),
    );
    const exportJson = h('button', { type: 'button', id: 'export-json' }, 'Export JSON');
    const exportMd = h('button', { type: 'button', id: 'export-md' }, 'Export Markdown');
    const copyMd = h('button', { type: 'button', id: 'copy-md' }, 'Copy as Markdown');
    const actions = h('div', { id: 'live-actions', class: 'actions', hidden: true }, exportJson, exportMd, copyMd);
    const stored = h('div', { id: 'live-stored', class: 'stored', hidden: true });
    const announcer = h('div', { id: 'live-announcer', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    this.shadowRoot.replaceChildren(
      h(
        'p',
        { class: 'hint', id: 'live-hint' },
        'Looks up the domain\'s records over DNS-over-HTTPS and fetches its policy, from your browser. This is the only part that uses the network, and only when you press Check.',
      ),
      form,
      domainHint,
      network,
      status,
      cause,
      level,
      open,
      list,
      paste,
      actions,
      stored,
      announcer,
    );
    this.#els = {
      form,
      domainInput,
      domainHint,
      resolvers,
      timeout,
      proxy,
      button,
      network,
      status,
      cause,
      level,
      open,
      openPolicy,
      list,
      paste,
      pasteInput,
      actions,
      stored,
      announcer,
    };
    this.dataset.available = 'true';

    // The domain is read by the lint package's normalizeDomain (web/pkg/, loaded on the first
    // domain typed); what was typed meanwhile is read when it is there.
    domainInput.addEventListener('input', () => {
      if (!lintNow()) loadLint().catch(() => {});
      this.#showStored();
      this.#showDomainHint();
    });
    onLint(() => {
      this.#showStored();
      this.#showDomainHint();
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.check();
    });
    openPolicy.addEventListener('click', () => {
      const policy = this.#report?.policy;
      if (typeof policy?.text === 'string') this.dispatchEvent(new MtaStsOpenPolicyEvent({ text: policy.text, source: policy.source }));
    });
    pasteCheck.addEventListener('click', () => {
      if (pasteInput.value.trim()) this.#run(pasteInput.value);
    });
    exportJson.addEventListener('click', () => {
      const r = this.#report;
      if (r) download(`mtasts-${r.domain}.json`, reportJson(r), 'application/json');
    });
    exportMd.addEventListener('click', () => {
      const r = this.#report;
      if (r) download(`mtasts-${r.domain}.md`, reportMarkdown(r, this.core.version(), statusInfo), 'text/markdown');
    });
    copyMd.addEventListener('click', async () => {
      if (!this.#report) return;
      const ok = await copyText(reportMarkdown(this.#report, this.core.version(), statusInfo));
      copyMd.textContent = ok ? 'Copied' : 'Copy failed';
      this.#announce(ok ? 'Report copied as Markdown.' : 'Could not copy the report.');
    });
    this.#showStored();
  }

  connected() {
    addEventListener('online', this.#onNetwork);
    addEventListener('offline', this.#onNetwork);
    this.#updateNetwork();
    if (this.auto && this.domain.trim()) this.check();
  }

  disconnectedCallback() {
    removeEventListener('online', this.#onNetwork);
    removeEventListener('offline', this.#onNetwork);
  }

  update(name) {
    const els = this.#els;
    if (name === 'domain') {
      els.domainInput.value = this.stringAttr('domain');
      this.#showStored();
      if (this.auto && this.domain.trim()) this.check();
    }
    if (name === 'resolver') els.resolvers.value = this.resolver;
    if (name === 'proxy') els.proxy.value = this.proxy;
    if (name === 'timeout') els.timeout.value = this.timeout ? String(this.timeout) : '';
  }

  /** Starts a check of the domain typed (a running one is dropped). */
  check() {
    return this.#run();
  }

  /** The stored-result key of `input` (the core's reading of the domain), or null. */
  #domainKey(input) {
    return lintNow()?.normalizeDomain(input).domain ?? null;
  }

  #announce(text) {
    this.#els.announcer.textContent = text;
  }

  #updateNetwork() {
    const online = navigator.onLine;
    this.dataset.online = String(online);
    const { network, button } = this.#els;
    if (!online) {
      network.textContent =
        'You are offline: live checks need a network connection. Checking a pasted policy, the records and the MX match preview work offline.';
    }
    network.hidden = online;
    // Not disabled while a check runs (that would drop the keyboard focus): pressing Check again
    // starts over.
    button.disabled = !online;
  }

  #showStored() {
    const { stored, domainInput } = this.#els;
    const key = this.#domainKey(domainInput.value);
    const entry = key ? loadPrevious(key) : null;
    if (!entry) {
      stored.replaceChildren();
      stored.hidden = true;
      return;
    }
    const when = new Date(entry.checkedAt).toLocaleString();
    stored.replaceChildren(
      h(
        'p',
        {},
        'This browser remembers the last check of ',
        h('code', {}, key),
        ` (${when}${entry.previous?.id ? `, policy id ${entry.previous.id}` : ''}), to tell whether the id was bumped when the policy changes. It is stored only here.`,
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'live-forget',
          on: {
            click: () => {
              forgetPrevious(key);
              this.#showStored();
              this.#announce(`Forgot the stored result for ${key}.`);
            },
          },
        },
        `Forget ${key}`,
      ),
    );
    stored.hidden = false;
  }

  /** The "Open … in the editor" button: while the report's policy is not the editor's text. */
  #showOpen() {
    const { open, openPolicy } = this.#els;
    const policy = this.#report?.policy;
    const offer = this.#editorText !== null && typeof policy?.text === 'string' && policy.text !== this.#editorText;
    if (offer) openPolicy.textContent = `Open the ${policy.source} policy in the editor`;
    // Hiding the focused button would drop the keyboard focus: it stays until focus leaves.
    if (!offer && open.contains(this.shadowRoot.activeElement)) return;
    open.hidden = !offer;
  }

  /** The core's hint when a record name or the policy host was typed for the domain
   * (`mta-sts.firm.co.uk`: did you mean `firm.co.uk`?), with a button that takes it. */
  #showDomainHint() {
    const { domainInput, domainHint } = this.#els;
    const hint = domainInput.value.trim() ? (lintNow()?.normalizeDomain(domainInput.value).hint ?? null) : null;
    domainHint.hidden = !hint;
    if (!hint) return domainHint.replaceChildren();
    const use = h('button', { type: 'button', class: 'use-suggestion' }, `Use ${hint.suggestion}`);
    use.addEventListener('click', () => {
      domainInput.value = hint.suggestion;
      domainInput.dispatchEvent(new Event('input'));
      domainInput.focus();
    });
    domainHint.replaceChildren(...messageNodes(hint.message), ' ', use);
  }

  /** The deployment level and its one next step, and the whole-report cause, from the core. */
  #showLevel(report) {
    const { cause, level } = this.#els;
    cause.hidden = !report.cause;
    cause.replaceChildren(...(report.cause ? messageNodes(report.cause.message) : []));
    const deployment = report.level;
    level.hidden = !deployment;
    if (!deployment) return level.replaceChildren();
    level.dataset.level = deployment.level;
    level.replaceChildren(
      h('p', { class: 'level-summary' }, h('strong', {}, 'Deployment: '), deployment.summary),
      h('p', { class: 'level-next' }, h('strong', {}, 'Next step: '), ...messageNodes(deployment.next.text)),
    );
  }

  #setCheck(check) {
    const row = checkRow(check, (d) => this.dispatchEvent(new MtaStsLocateEvent({ start: d.start, end: d.end })));
    const old = this.#rows.get(check.id);
    if (old) old.replaceWith(row);
    else this.#els.list.append(row);
    this.#rows.set(check.id, row);
  }

  #render(report, final) {
    for (const check of report.checks ?? []) this.#setCheck(check);
    if (!final) return;
    for (const [id, row] of this.#rows) {
      if (row.dataset.status === 'pending' && !(report.checks ?? []).some((c) => c.id === id)) {
        row.remove();
        this.#rows.delete(id);
      }
    }
  }

  async #run(pastedPolicy) {
    const { domainInput, list, actions, open, paste, pasteInput, resolvers, timeout, proxy, cause, level } = this.#els;
    const input = domainInput.value.trim();
    if (!input) {
      this.#showStatus('fail', 'Type a domain, an email address or a URL to check.');
      domainInput.focus();
      return;
    }
    if (!navigator.onLine) return this.#updateNetwork();
    const id = ++this.#generation;
    // The stored result's key is the lint package's reading of the domain (normalizeDomain).
    if (!lintNow()) await loadLint().catch(() => null);
    if (id !== this.#generation) return;
    list.replaceChildren();
    this.#rows.clear();
    list.setAttribute('aria-busy', 'true');
    actions.hidden = true;
    open.hidden = true;
    cause.hidden = true;
    level.hidden = true;
    // The paste box stays while the domain is checked again (what was typed there is kept for
    // it); another domain's check starts without the last one's text.
    if (this.#report && this.#domainKey(input) !== this.#report.domain) {
      paste.hidden = true;
      pasteInput.value = '';
    }
    this.#showStatus('pending', `Checking ${input}…`);

    const previous = loadPrevious(this.#domainKey(input))?.previous;
    const options = { previous, onProgress: (p) => id === this.#generation && this.#progress(p) };
    const urls = resolvers.value.split(/[\s,]+/).filter(Boolean);
    if (urls.length) options.resolvers = urls;
    const seconds = Number(timeout.value);
    if (seconds > 0) options.timeoutMs = seconds * 1000;
    const proxyUrl = proxy.value.trim();
    if (proxyUrl) options.proxy = proxyUrl;
    if (pastedPolicy) options.pastedPolicy = pastedPolicy;

    try {
      // Served by `mtasts serve`: the policy and the TLS probes go through its API (a proxy
      // chosen by hand goes first).
      const [{ checkDomain }, apiUrl] = await Promise.all([loadCheck(), proxyUrl ? null : serveApi()]);
      if (apiUrl) options.api = apiUrl;
      if (id !== this.#generation) return;
      for (const c of checkList()) this.#setCheck({ id: c.id, title: c.title, status: 'pending', diagnostics: [], reproduce: '' });
      const report = await checkDomain(input, options);
      if (id !== this.#generation) return;
      this.#finish(report);
    } catch (err) {
      if (id !== this.#generation) return;
      list.replaceChildren();
      this.#rows.clear();
      this.#showStatus('fail', `The check could not run: ${err instanceof Error ? err.message : err}`);
      this.#announce(`The check of ${input} could not run.`);
    } finally {
      if (id === this.#generation) list.removeAttribute('aria-busy');
    }
  }

  /**
   * Progress: `{ report }` after each request (the wasm package's CheckProgress), whose checks
   * still waiting for an answer read `could-not-verify`; those stay pending here until the final
   * report says whether that is their verdict. Also takes a bare report or a single check.
   */
  #progress(p) {
    const report = p?.report ?? p;
    if (report && Array.isArray(report.checks)) {
      this.#render({ checks: report.checks.map((c) => (c.status === 'could-not-verify' ? { ...c, status: 'pending', diagnostics: [] } : c)) }, false);
    } else if (p && typeof p.id === 'string' && typeof p.status === 'string') this.#setCheck(p);
  }

  #finish(report) {
    const { domainInput, paste, actions } = this.#els;
    this.#report = report;
    this.#render(report, true);
    // The verdict is the core's (`CheckReport.overall`, by `overallStatus`'s rule).
    const overall = report.overall;
    const worst = statusInfo(overall);
    const failed = (report.checks ?? []).filter((c) => c.status === 'fail').length;
    const sentence = `${report.domain}: ${worst.label.toLowerCase()}${failed ? ` (${failed} check${failed === 1 ? '' : 's'} failed)` : ''}`;
    this.#showStatus(overall, `${worst.symbol} ${sentence}`);
    this.#showLevel(report);
    this.#announce(`Live check of ${sentence}. ${report.level?.summary ?? ''}`);

    if (report.previous) {
      savePrevious(report.domain, { previous: report.previous, checkedAt: report.checkedAt ?? Date.now(), overall });
    }
    if (this.#domainKey(domainInput.value) !== report.domain && report.domain) domainInput.value = report.domain;
    this.#showStored();
    paste.hidden = !report.wantsPastedPolicy;
    actions.hidden = false;
    this.#showOpen();
    this.dispatchEvent(new MtaStsCheckedEvent(report));
  }

  #showStatus(state, text) {
    const { status } = this.#els;
    status.dataset.status = state;
    status.textContent = text;
    status.hidden = false;
  }
}

/** How a command's platform is named for people. */
const PLATFORMS = Object.freeze({ posix: 'Linux, macOS', windows: 'Windows' });

/** A button that copies `text` and says whether it could. */
function copyButton(text, label) {
  const copy = h('button', { type: 'button', class: 'copy', 'aria-label': label }, 'Copy');
  copy.addEventListener('click', async () => {
    copy.textContent = (await copyText(text)) ? 'Copied' : 'Select and copy';
  });
  return copy;
}

/** The row of one check. Hooks: data-check (id) and data-status. */
function checkRow(check, onLocatePolicy) {
  const s = check.status === 'pending' ? PENDING : statusInfo(check.status);
  const children = [
    h(
      'p',
      { class: 'check-head' },
      h('span', { class: 'status', dataset: { status: check.status } }, h('span', { class: 'icon', 'aria-hidden': 'true' }, s.symbol), ` ${s.label}`),
      ' ',
      h('strong', {}, check.title),
    ),
  ];
  if (check.diagnostics?.length) {
    const ol = h('ol', { class: 'diagnostics' });
    // Positions in the policy text (the core says which check has them) point into the editor,
    // where the policy is put; the other checks' findings have no position or one in a record.
    renderDiagnostics(
      ol,
      check.diagnostics,
      checkList().find((c) => c.id === check.id)?.positions === 'policy' ? { onLocate: onLocatePolicy } : { where: () => '' },
    );
    children.push(ol);
  }
  if (check.reproduce) {
    const copy = copyButton(check.reproduce, `Copy the command for ${check.title}`);
    children.push(h('div', { class: 'reproduce' }, h('span', { class: 'label' }, 'Reproduce: '), h('code', {}, check.reproduce), ' ', copy));
  }
  // The other commands that show the same (openssl for certificates, Windows equivalents): the
  // core's list, its first entry being `reproduce` itself.
  const more = (check.commands ?? []).slice(1);
  if (more.length) {
    const items = more.map((c) =>
      h(
        'li',
        { dataset: { platform: c.platform } },
        h('span', { class: 'label' }, `${PLATFORMS[c.platform] ?? c.platform}, ${c.shows}: `),
        h('code', {}, c.text),
        ' ',
        copyButton(c.text, `Copy the command for ${c.shows}`),
      ),
    );
    children.push(h('details', { class: 'commands' }, h('summary', {}, `More commands (${more.length})`), h('ul', {}, items)));
  }
  return h('li', { class: 'check', part: 'check', dataset: { check: check.id, status: check.status }, 'aria-busy': check.status === 'pending' ? 'true' : null }, children);
}
