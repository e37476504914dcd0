// The live domain check panel: "Domain" + "Check", then each check of the report going from
// pending to pass / warning / fail / could-not-verify / skipped, with its findings and a command
// to reproduce it. The fetched policy opens in the editor, the real MX hosts go to the match
// preview, the report exports as JSON and Markdown, and the last result per domain is kept in
// localStorage (with a way to forget it) so the next check can tell an `id` that was not bumped.
//
// It drives `checkDomain(domain, { resolvers, timeoutMs, proxy, previous, onProgress, pastedPolicy })` of
// the second wasm package (web/pkg-check/, too big for the first load: `loadCheck` imports it when
// the first check starts), and only when it is there: a build without it shows the panel disabled. This
// is the only part of the page that makes network requests, and only when "Check" is pressed. The
// checks, their titles, the statuses and the overall verdict are the core's (checkVocabulary() and
// the report's `overall`); the domain is read by the core too (normalizeDomain).
import { renderDiagnostics } from './diagnostics.js';
import { copyText, download, h } from './dom.js';
import { reportJson, reportMarkdown } from './report-export.js';
import { forgetPrevious, loadPrevious, savePrevious } from './store.js';
import { checkList, setCheckVocabulary, statusInfo } from './vocabulary.js';

/** How a check waiting for its answer is shown: a state of this page, not a status of the core. */
const PENDING = Object.freeze({ symbol: '⋯', label: 'Pending' });

/**
 * @param {HTMLElement} root the #live section
 * @param {{ loadCheck?: () => Promise<any>, normalizeDomain: (input: string) => { domain: string | null },
 *   version: string, onPolicy: (text: string) => void,
 *   onRecords: (records: { sts: string, tlsrpt: string }) => void,
 *   onMxHosts: (hosts: string[]) => void, onLocatePolicy: (d: any) => void,
 *   announce: (text: string) => void }} deps
 */
export function setupLiveCheck(root, { loadCheck, normalizeDomain, version, onPolicy, onRecords, onMxHosts, onLocatePolicy, announce }) {
  /** The domain a check of `input` will be about (the core's reading), to find its stored result
   * before the check runs; null when it names none. */
  const domainKey = (input) => normalizeDomain(input).domain;
  const $ = (id) => /** @type {any} */ (root.querySelector(`#${id}`));
  const form = $('live-form');
  const domainInput = $('domain');
  const button = $('check-button');
  const network = $('live-network');
  const status = $('live-status');
  const list = $('live-checks');
  const paste = $('live-paste');
  const pasteInput = $('live-paste-input');
  const actions = $('live-actions');
  const stored = $('live-stored');

  const available = typeof loadCheck === 'function';
  root.dataset.available = String(available);
  /** Each check's number; a check still running when another starts is ignored from then on. */
  let generation = 0;
  let lastReport = null;

  function updateNetwork() {
    const online = navigator.onLine;
    root.dataset.online = String(online);
    if (!available) {
      network.textContent = 'Live checks are not available in this build of the validator. Everything else on this page works.';
    } else if (!online) {
      network.textContent =
        'You are offline: live checks need a network connection. Checking a pasted policy, the records and the MX match preview work offline.';
    }
    network.hidden = available && online;
    // Not disabled while a check runs (that would drop the keyboard focus): pressing Check again
    // starts over.
    button.disabled = !available || !online;
  }
  addEventListener('online', updateNetwork);
  addEventListener('offline', updateNetwork);
  updateNetwork();

  function showStored() {
    const key = domainKey(domainInput.value);
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
              showStored();
              announce(`Forgot the stored result for ${key}.`);
            },
          },
        },
        `Forget ${key}`,
      ),
    );
    stored.hidden = false;
  }
  domainInput.addEventListener('input', showStored);
  showStored();

  /** One row per check, by id; new ids are appended. */
  const rows = new Map();
  function setCheck(check) {
    const row = checkRow(check, onLocatePolicy);
    const old = rows.get(check.id);
    if (old) old.replaceWith(row);
    else list.append(row);
    rows.set(check.id, row);
  }

  function render(report, final) {
    for (const check of report.checks ?? []) setCheck(check);
    if (!final) return;
    for (const [id, row] of rows) {
      if (row.dataset.status === 'pending' && !(report.checks ?? []).some((c) => c.id === id)) {
        row.remove();
        rows.delete(id);
      }
    }
  }

  async function run(pastedPolicy) {
    const input = domainInput.value.trim();
    if (!input) {
      showStatus('fail', 'Type a domain, an email address or a URL to check.');
      domainInput.focus();
      return;
    }
    if (!available || !navigator.onLine) return updateNetwork();
    const id = ++generation;
    list.replaceChildren();
    rows.clear();
    list.setAttribute('aria-busy', 'true');
    actions.hidden = true;
    if (!pastedPolicy) paste.hidden = true;
    showStatus('pending', `Checking ${input}…`);

    const previous = loadPrevious(domainKey(input))?.previous;
    const options = { previous, onProgress: (p) => id === generation && progress(p) };
    const resolvers = $('resolvers').value.split(/[\s,]+/).filter(Boolean);
    if (resolvers.length) options.resolvers = resolvers;
    const timeout = Number($('timeout').value);
    if (timeout > 0) options.timeoutMs = timeout * 1000;
    const proxy = $('proxy').value.trim();
    if (proxy) options.proxy = proxy;
    if (pastedPolicy) options.pastedPolicy = pastedPolicy;

    try {
      const { checkDomain, checkVocabulary } = await loadCheck();
      if (id !== generation) return;
      setCheckVocabulary(checkVocabulary());
      for (const c of checkList()) setCheck({ id: c.id, title: c.title, status: 'pending', diagnostics: [], reproduce: '' });
      const report = await checkDomain(input, options);
      if (id !== generation) return;
      finish(report);
    } catch (err) {
      if (id !== generation) return;
      list.replaceChildren();
      rows.clear();
      showStatus('fail', `The check could not run: ${err instanceof Error ? err.message : err}`);
      announce(`The check of ${input} could not run.`);
    } finally {
      if (id === generation) list.removeAttribute('aria-busy');
    }
  }

  /**
   * Progress: `{ report }` after each request (the wasm package's CheckProgress), whose checks
   * still waiting for an answer read `could-not-verify`; those stay pending here until the final
   * report says whether that is their verdict. Also takes a bare report or a single check.
   */
  function progress(p) {
    const report = p?.report ?? p;
    if (report && Array.isArray(report.checks)) {
      render({ checks: report.checks.map((c) => (c.status === 'could-not-verify' ? { ...c, status: 'pending', diagnostics: [] } : c)) }, false);
    } else if (p && typeof p.id === 'string' && typeof p.status === 'string') setCheck(p);
  }

  function finish(report) {
    lastReport = report;
    render(report, true);
    // The verdict is the core's (`CheckReport.overall`, by `overallStatus`'s rule).
    const overall = report.overall;
    const worst = statusInfo(overall);
    const failed = (report.checks ?? []).filter((c) => c.status === 'fail').length;
    const sentence = `${report.domain}: ${worst.label.toLowerCase()}${failed ? ` (${failed} check${failed === 1 ? '' : 's'} failed)` : ''}`;
    showStatus(overall, `${worst.symbol} ${sentence}`);
    announce(`Live check of ${sentence}.`);

    if (report.previous) {
      savePrevious(report.domain, { previous: report.previous, checkedAt: report.checkedAt ?? Date.now(), overall });
    }
    if (domainKey(domainInput.value) !== report.domain && report.domain) domainInput.value = report.domain;
    showStored();

    // What was found goes into the other tools: the policy into the editor (where the
    // policy-syntax locations point), the records into their checkers, the MX hosts into the
    // match preview.
    if (typeof report.policy?.text === 'string') onPolicy(report.policy.text);
    onRecords({ sts: report.stsDig ?? '', tlsrpt: report.tlsrptDig ?? '' });
    if (Array.isArray(report.mxHosts) && report.mxHosts.length) onMxHosts(report.mxHosts);

    paste.hidden = !report.wantsPastedPolicy;
    actions.hidden = false;
  }

  function showStatus(state, text) {
    status.dataset.status = state;
    status.textContent = text;
    status.hidden = false;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  $('live-paste-check').addEventListener('click', () => {
    if (pasteInput.value.trim()) run(pasteInput.value);
  });
  $('export-json').addEventListener('click', () => {
    if (lastReport) download(`mtasts-${lastReport.domain}.json`, reportJson(lastReport), 'application/json');
  });
  $('export-md').addEventListener('click', () => {
    if (lastReport) download(`mtasts-${lastReport.domain}.md`, reportMarkdown(lastReport, version, statusInfo), 'text/markdown');
  });
  $('copy-md').addEventListener('click', async (e) => {
    if (!lastReport) return;
    const ok = await copyText(reportMarkdown(lastReport, version, statusInfo));
    /** @type {HTMLElement} */ (e.currentTarget).textContent = ok ? 'Copied' : 'Copy failed';
    announce(ok ? 'Report copied as Markdown.' : 'Could not copy the report.');
  });

  return {
    /** The domain input, for permalinks. */
    domainInput,
    get report() {
      return lastReport;
    },
  };
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
    const copy = h('button', { type: 'button', class: 'copy', 'aria-label': `Copy the command for ${check.title}` }, 'Copy');
    copy.addEventListener('click', async () => {
      copy.textContent = (await copyText(check.reproduce)) ? 'Copied' : 'Select and copy';
    });
    children.push(h('div', { class: 'reproduce' }, h('span', { class: 'label' }, 'Reproduce: '), h('code', {}, check.reproduce), ' ', copy));
  }
  return h('li', { class: 'check', dataset: { check: check.id, status: check.status }, 'aria-busy': check.status === 'pending' ? 'true' : null }, children);
}
