// The live domain check panel: "Domain" + "Check", then each check of the report going from
// pending to pass / warning / fail / could-not-verify / skipped, with its findings and a command
// to reproduce it. The fetched policy opens in the editor, the real MX hosts go to the match
// preview, the report exports as JSON and Markdown, and the last result per domain is kept in
// localStorage (with a way to forget it) so the next check can tell an `id` that was not bumped.
//
// It drives `checkDomain(domain, { resolvers, timeoutMs, proxy, previous, onProgress, pastedPolicy })` of
// the second wasm package (web/pkg-check/, too big for the first load: `loadCheck` imports it when
// the first check starts), and only when it is there: a build without it shows the panel disabled. This
// is the only part of the page that makes network requests, and only when "Check" is pressed.
import { renderDiagnostics } from './diagnostics.js';
import { copyText, download, h } from './dom.js';
import { reportJson, reportMarkdown } from './report-export.js';
import { forgetPrevious, loadPrevious, savePrevious } from './store.js';

/** The checks of the core's report (crates/mtasts/src/check), shown pending until they report. */
const KNOWN_CHECKS = [
  ['sts-record', '_mta-sts TXT record'],
  ['tlsrpt-record', '_smtp._tls TXT record (TLS-RPT)'],
  ['mx', 'MX records'],
  ['policy-host', 'Policy host'],
  ['policy-fetch', 'Policy fetch'],
  ['policy-syntax', 'Policy syntax'],
  ['mx-coverage', 'MX coverage'],
  ['consistency', 'Consistency'],
];

export const STATUS = Object.freeze({
  pending: { icon: '⋯', word: 'Pending', rank: -1 },
  skipped: { icon: '–', word: 'Skipped', rank: 0 },
  pass: { icon: '✔', word: 'Pass', rank: 0 },
  warning: { icon: '▲', word: 'Warning', rank: 1 },
  'could-not-verify': { icon: '?', word: 'Could not verify', rank: 2 },
  fail: { icon: '✖', word: 'Fail', rank: 3 },
});

/** The worst status of a report's checks, ranked as the core's `CheckReport::overall`. */
export function overallStatus(checks) {
  let worst = 'skipped';
  for (const c of checks) if ((STATUS[c.status]?.rank ?? 0) > STATUS[worst].rank) worst = c.status;
  return checks.some((c) => c.status === 'pass') && worst === 'skipped' ? 'pass' : worst;
}

/** A best guess at the domain a check will be about, to find its stored result before the
 * check runs (the report's own `domain` is what gets stored). */
export function domainKey(input) {
  let s = input.trim();
  if (!s.includes('/') && s.includes('@')) s = s.slice(s.lastIndexOf('@') + 1);
  try {
    return new URL(s.includes('://') ? s : `http://${s}`).hostname.replace(/\.$/, '').toLowerCase();
  } catch {
    return s.toLowerCase();
  }
}

/**
 * @param {HTMLElement} root the #live section
 * @param {{ loadCheck?: () => Promise<any>, version: string, onPolicy: (text: string) => void,
 *   onRecords: (records: { sts: string, tlsrpt: string }) => void,
 *   onMxHosts: (hosts: string[]) => void, onLocatePolicy: (d: any) => void,
 *   announce: (text: string) => void }} deps
 */
export function setupLiveCheck(root, { loadCheck, version, onPolicy, onRecords, onMxHosts, onLocatePolicy, announce }) {
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
    for (const [checkId, title] of KNOWN_CHECKS) setCheck({ id: checkId, title, status: 'pending', diagnostics: [], reproduce: '' });
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
      const { checkDomain } = await loadCheck();
      if (id !== generation) return;
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
    const overall = STATUS[report.overall] ? report.overall : overallStatus(report.checks ?? []);
    const failed = (report.checks ?? []).filter((c) => c.status === 'fail').length;
    const sentence = `${report.domain}: ${STATUS[overall].word.toLowerCase()}${failed ? ` (${failed} check${failed === 1 ? '' : 's'} failed)` : ''}`;
    showStatus(overall, `${STATUS[overall].icon} ${sentence}`);
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
    onRecords({ sts: report.sts?.text ?? '', tlsrpt: report.tlsrpt?.text ?? '' });
    if (Array.isArray(report.mxHosts) && report.mxHosts.length) onMxHosts(report.mxHosts);

    const fetchCheck = (report.checks ?? []).find((c) => c.id === 'policy-fetch');
    paste.hidden = fetchCheck?.status !== 'could-not-verify';
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
    if (lastReport) download(`mtasts-${lastReport.domain}.md`, reportMarkdown(lastReport, version), 'text/markdown');
  });
  $('copy-md').addEventListener('click', async (e) => {
    if (!lastReport) return;
    const ok = await copyText(reportMarkdown(lastReport, version));
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
  const s = STATUS[check.status] ?? STATUS.pending;
  const children = [
    h(
      'p',
      { class: 'check-head' },
      h('span', { class: 'status', dataset: { status: check.status } }, h('span', { class: 'icon', 'aria-hidden': 'true' }, s.icon), ` ${s.word}`),
      ' ',
      h('strong', {}, check.title),
    ),
  ];
  if (check.diagnostics?.length) {
    const ol = h('ol', { class: 'diagnostics' });
    // policy-syntax positions are those of the policy text, which is put in the editor; the
    // other checks' findings either have no position or one in a record.
    renderDiagnostics(
      ol,
      check.diagnostics,
      check.id === 'policy-syntax' ? { onLocate: onLocatePolicy } : { where: () => '' },
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
