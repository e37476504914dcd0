// The wildcard match preview: for each MX host typed into "MX host", each valid `mx` pattern of
// the current policy says matched / not matched and why, with the label the `*` covers
// highlighted. Hosts that no pattern covers and patterns that cover no host stand out; what an
// uncovered host means (and how serious it is) is the core's, by the policy's mode.
// Stable hooks: every verdict cell has data-pattern, data-host and data-matched; each host row
// has data-host and data-covered; each pattern heading data-pattern and data-unused.
//
// <mta-sts-match>: the "MX host" input and the preview, in a shadow root. It draws the coverage
// part of a policy analysis given to its `analysis` property (a <mta-sts-policy> computes it, for
// the hosts it is given: the element holding both passes `hosts` on and `analysis` back).
// Attribute `hosts` (mirrored by the property): the hosts typed, spaces or commas between them.
// Event: `mta-sts-hosts-change` (MtaStsHostsChangeEvent, detail { hosts, text }) as the user types.
// Parts: input, preview, table.
import { loadLint } from './core.js';
import { h, messageNodes } from './dom.js';
import { MtaStsElement } from './element.js';
import { MtaStsHostsChangeEvent } from './events.js';
import { BASE, MATCH, sheets } from './styles.js';
import { severityInfo } from './vocabulary.js';

export class MtaStsMatchElement extends MtaStsElement {
  static styles = sheets(BASE, MATCH);
  static observedAttributes = ['hosts'];

  #els = /** @type {any} */ (null);
  #analysis = null;

  /** The hosts as typed (the input's text once rendered). */
  get hosts() {
    return this.#els ? this.#els.input.value : this.stringAttr('hosts');
  }
  set hosts(v) {
    this.setStringAttr('hosts', v);
    if (this.#els) this.#els.input.value = String(v ?? '');
  }
  get analysis() {
    return this.#analysis;
  }
  set analysis(a) {
    this.#analysis = a;
    if (this.#els && a) this.#draw();
  }

  render() {
    const input = h('input', {
      id: 'mx-hosts',
      type: 'text',
      part: 'input',
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: false,
      'aria-describedby': 'mx-hint',
    });
    input.value = this.stringAttr('hosts');
    const output = h('div', { id: 'match-preview', class: 'match-preview', part: 'preview' });
    this.shadowRoot.replaceChildren(
      h(
        'p',
        { class: 'hint', id: 'mx-hint' },
        'Which ',
        h('code', {}, 'mx'),
        ' pattern of the policy covers each of your MX hosts. Separate several hosts with spaces or commas.',
      ),
      h('label', { for: 'mx-hosts' }, 'MX host'),
      input,
      output,
    );
    this.#els = { input, output };
    input.addEventListener('input', () => this.#changed());
    if (this.#analysis) this.#draw();
    // The MX match is in the lint package (web/pkg/), not in the first load: it is loaded when the
    // preview is first seen or typed into.
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen.disconnect();
      this.#loadMatch();
    });
    seen.observe(this);
    input.addEventListener('focus', () => this.#loadMatch(), { once: true });
  }

  #loadMatch() {
    loadLint().catch((err) => {
      this.#els.output.replaceChildren(h('p', { class: 'hint' }, `The MX match could not be loaded: ${err instanceof Error ? err.message : err}`));
    });
  }

  /** Whether the table is wider than its box is a matter of layout: measured, not guessed. */
  #resize = new ResizeObserver(() => this.#showScrollCue());

  #draw() {
    renderMatchPreview(this.#els.output, this.#analysis, { typed: parseHosts(this.#els.input.value).length > 0 });
    this.#resize.disconnect();
    const scroller = this.#els.output.querySelector('.table-scroll');
    if (scroller) {
      this.#resize.observe(scroller);
      this.#resize.observe(scroller.firstElementChild);
    }
  }

  /** The cue over a table that scrolls sideways (a phone): shown only while it does. */
  #showScrollCue() {
    const scroller = this.#els.output.querySelector('.table-scroll');
    const cue = this.#els.output.querySelector('.scroll-cue');
    if (!scroller || !cue) return;
    const overflows = scroller.scrollWidth > scroller.clientWidth + 1;
    cue.hidden = !overflows;
    scroller.dataset.overflow = String(overflows);
  }

  update(name) {
    if (name === 'hosts' && this.#els.input.value !== this.stringAttr('hosts')) {
      this.#els.input.value = this.stringAttr('hosts');
      this.#changed();
    }
  }

  #changed() {
    const text = this.#els.input.value;
    this.dispatchEvent(new MtaStsHostsChangeEvent({ hosts: parseHosts(text), text }));
  }
}

/** Lists (uncovered hosts, unused and invalid patterns) show this many items at most. */
const MAX_LISTED = 20;
/** The table shows this many pattern columns at most. */
const MAX_COLUMNS = 30;

/** The host names in the input: separated by spaces, commas, semicolons or new lines. */
export function parseHosts(text) {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}

/**
 * Renders the coverage part of a policy analysis (analyzePolicy with the hosts of the "MX host"
 * input) into `output`.
 * @param {HTMLElement} output
 * @param {{ coverage: any, uncovered: { severity: string, consequence: string } }} analysis
 * @param {{ typed?: boolean }} [options] whether any host is typed (the editor package's
 *   analysis has no coverage to tell)
 */
export function renderMatchPreview(output, { coverage: cov, uncovered: consequence }, { typed = true } = {}) {
  if (!typed || cov?.hosts.length === 0) {
    output.replaceChildren(h('p', { class: 'hint' }, 'Type one or more MX host names to see which mx pattern covers each.'));
    return;
  }
  if (!cov) {
    // The editor package's analysis (no coverage): the lint package is on its way.
    output.replaceChildren(h('p', { class: 'hint' }, 'Loading the MX match…'));
    return;
  }
  const miss = severityInfo(consequence.severity);
  const parts = [];
  if (cov.patterns.length === 0) {
    parts.push(h('p', { class: 'banner', dataset: { valid: 'false' } }, '✖ The policy has no valid mx pattern: no host is covered.'));
  }
  const uncovered = cov.hosts.filter((row) => row.matchedBy == null);
  const covered = cov.hosts.length - uncovered.length;
  const verdict = h(
    'p',
    { class: 'banner', id: 'match-summary', dataset: { valid: String(uncovered.length === 0) } },
    uncovered.length === 0
      ? `✔ Every host is covered (${covered} of ${cov.hosts.length}).`
      : `✖ ${uncovered.length} of ${cov.hosts.length} host${cov.hosts.length === 1 ? '' : 's'} covered by no pattern.`,
  );
  parts.push(verdict);

  const problems = [];
  const capped = (list, li) => [
    ...list.slice(0, MAX_LISTED).map(li),
    list.length > MAX_LISTED ? h('li', { class: 'note' }, `… and ${list.length - MAX_LISTED} more`) : null,
  ];
  problems.push(
    ...capped(uncovered, (row) =>
      // What was typed is not a host name (`host:25`, a URL, an address): the core says so and
      // names the host to type; no consequence for mail is claimed for a typo.
      row.hint?.notAHostName
        ? h(
            'li',
            { dataset: { severity: 'warning', host: row.host, hint: row.hint.kind } },
            h('span', { class: 'icon', 'aria-hidden': 'true' }, severityInfo('warning').symbol),
            ' ',
            ...messageNodes(row.hint.message),
          )
        : h(
        'li',
        { dataset: { severity: miss.severity, host: row.host } },
        h('span', { class: 'icon', 'aria-hidden': 'true' }, miss.symbol),
        ' ',
        h('code', {}, row.host),
        ' is covered by no mx pattern: ',
        ...messageNodes(`${consequence.consequence}.`),
      ),
    ),
  );
  problems.push(
    ...capped(cov.unusedPatterns, (pattern) =>
      h('li', { dataset: { severity: 'warning', pattern } }, h('span', { class: 'icon', 'aria-hidden': 'true' }, severityInfo('warning').symbol), ' ', h('code', {}, pattern), ' covers none of these hosts (stale, or a host is missing here).'),
    ),
    ...capped(cov.ignoredPatterns, (pattern) =>
      h('li', { dataset: { severity: 'info', pattern } }, h('span', { class: 'icon', 'aria-hidden': 'true' }, severityInfo('info').symbol), ' ', h('code', {}, pattern), ' is not a valid pattern and takes no part (see the policy diagnostics).'),
    ),
  );
  if (problems.length) parts.push(h('ul', { class: 'match-problems' }, problems));

  if (cov.patterns.length) {
    const unused = new Set(cov.unusedPatterns);
    // Many patterns: the table keeps the columns that match some host (and the first ones).
    let columns = cov.patterns;
    if (columns.length > MAX_COLUMNS) {
      columns = columns.filter((p) => !unused.has(p)).slice(0, MAX_COLUMNS);
      for (const p of cov.patterns) if (columns.length < MAX_COLUMNS && !columns.includes(p)) columns.push(p);
      parts.push(h('p', { class: 'hint' }, `The policy has ${cov.patterns.length} valid patterns; the table shows ${columns.length} of them, those that match a host first.`));
    }
    const shown = new Set(columns);
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, 'MX host'),
      columns.map((p) =>
        h(
          'th',
          { scope: 'col', dataset: { pattern: p, unused: String(unused.has(p)) } },
          h('code', {}, p),
          unused.has(p) ? h('span', { class: 'tag', dataset: { severity: 'warning' } }, `${severityInfo('warning').symbol} covers no host`) : null,
        ),
      ),
    );
    const rows = cov.hosts.map((row) =>
      h(
        'tr',
        { dataset: { host: row.host, covered: String(row.matchedBy != null) } },
        h(
          'th',
          { scope: 'row' },
          h('code', {}, row.host),
          row.matchedBy == null ? h('span', { class: 'tag', dataset: { severity: miss.severity } }, `${miss.symbol} not covered`) : h('span', { class: 'tag', dataset: { severity: 'pass' } }, '✔ covered'),
        ),
        row.results.filter((r) => shown.has(r.pattern)).map((r) => verdictCell(row.host, r)),
      ),
    );
    parts.push(
      h('p', { class: 'scroll-cue hint', hidden: true }, h('span', { 'aria-hidden': 'true' }, '⇆ '), 'The table is wider than the screen: scroll it sideways to see every pattern.'),
      h(
        'div',
        { class: 'table-scroll', role: 'region', 'aria-label': 'Matches of each host against each pattern', tabIndex: 0 },
        h('table', { class: 'match-table', part: 'table' }, h('thead', {}, head), h('tbody', {}, rows)),
      ),
    );
  }
  output.replaceChildren(...parts);
}

function verdictCell(host, r) {
  return h(
    'td',
    { dataset: { pattern: r.pattern, host, matched: String(r.matched), reason: r.reason } },
    h('span', { class: 'verdict' }, h('span', { class: 'icon', 'aria-hidden': 'true' }, r.matched ? '✔' : '✖'), r.matched ? ' match' : ' no match'),
    h('span', { class: 'matched-host' }, hostWithWildcard(r)),
    h('span', { class: 'explanation' }, ...messageNodes(r.explanation)),
  );
}

/** The compared host with the label(s) the `*` covers (or would have to cover) marked. */
function hostWithWildcard(r) {
  const label = r.wildcardLabel;
  if (label && r.host.startsWith(`${label}.`)) {
    return h('code', {}, h('mark', { class: 'wildcard', dataset: { matched: String(r.matched) }, title: 'covered by *' }, label), r.host.slice(label.length));
  }
  return h('code', {}, r.host);
}
