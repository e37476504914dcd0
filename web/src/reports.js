// <mta-sts-reports>: TLS-RPT aggregate reports (RFC 8460 §4) read in the browser. The user drops
// files or a folder (or picks them); nothing leaves the page. Each file's bytes go as they are to
// the core's reader (`ReportsReader.add`), which opens them as `mtasts reports` does (JSON; gzip
// inflated in the wasm, capped; a mail's attachments; an mbox export's messages), folds each
// report into one summary and drops it. The reading runs in slices of at most SLICE_MS between
// which the page paints and answers input (5,000 files take about a second).
// What is shown is the core's `mtasts-reports/1` JSON (the text `mtasts reports --format json`
// prints for the same files): figures, the readiness verdict with its blockers, a per-day chart
// of successful and failed sessions (SVG built with DOM calls), sortable tables, the policies
// senders applied, and the problems of each file. Exports: that JSON and the core's Markdown.
//
// The reader lives in the tools package (web/pkg-tools/), imported on the first files only.
//
// Property `policy`: the policy published now (text); when set, each policy senders applied is
// compared with it. Property `summary`: the last `mtasts-reports/1` object, or null.
// Methods: `readFiles(files)` (File objects, or { name, file } pairs).
// Event: `mta-sts-reports-read` (MtaStsReportsReadEvent, detail: the summary) after each reading.
// Parts: drop, pick-files, pick-folder, summary, verdict, chart, table, problems, export.
import { loadTools } from './core.js';
import { copyText, download, h, messageNodes, plural } from './dom.js';
import { MtaStsElement } from './element.js';
import { MtaStsReportsReadEvent } from './events.js';
import { BASE, sheets } from './styles.js';
import { severityInfo } from './vocabulary.js';

// Its styles live here, not in ./styles.js: they load with this element, not in the first load.
/** <mta-sts-reports>: the drop zone, the per-day chart and the tables. */
const REPORTS = `
.drop {
  border: 2px dashed var(--_border); border-radius: var(--_radius); padding: 1rem; text-align: center;
  background: var(--_surface);
}
/* A year of reports makes tables of hundreds of rows: off screen, they are not laid out or painted
   until scrolled to (drawing them all at once kept the page busy for most of a second). */
#reports-output .table-scroll { content-visibility: auto; contain-intrinsic-size: auto 24rem; }
.drop[data-over='true'] { border-color: var(--_accent); background: color-mix(in srgb, var(--_accent) 10%, transparent); }
.drop p { margin: 0.25rem 0; }
.pickers { display: flex; flex-wrap: wrap; gap: 0.5rem; justify-content: center; margin-top: 0.5rem; }
.file-input { clip-path: inset(50%); height: 1px; overflow: hidden; position: absolute; width: 1px; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.5rem 0; }
.figures { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; margin: 0.5rem 0; }
.figures div { display: flex; flex-direction: column; }
.figures dt { color: var(--_muted); font-size: 0.85rem; }
.figures dd { font-size: 1.2rem; font-weight: 700; margin: 0; }
.blockers { padding-left: 1.25rem; }
.blockers li { margin: 0.35rem 0; }
.advice { color: var(--_muted); }
.chart { display: block; height: 12rem; max-width: 100%; width: 100%; }
.chart .ok { fill: var(--_valid); }
.chart .fail { fill: var(--_error); }
.chart .axis { stroke: var(--_border); stroke-width: 1; }
.chart text { fill: var(--_muted); font: 10px var(--_font); }
.legend { display: flex; gap: 1rem; font-size: 0.85rem; color: var(--_muted); margin: 0.25rem 0; }
.swatch { display: inline-block; height: 0.75rem; margin-right: 0.3rem; vertical-align: middle; width: 0.75rem; }
.swatch.ok { background: var(--_valid); }
.swatch.fail { background: var(--_error); }
.table-scroll { max-width: 100%; overflow-x: auto; }
.data th, .data td { border: 1px solid var(--_border); padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
.data td.num, .data th.num { text-align: right; font-variant-numeric: tabular-nums; }
.data thead th { background: var(--_surface); white-space: nowrap; }
.data th button.sort {
  background: none; border: 0; color: inherit; font-weight: 700; min-height: 0; padding: 0;
}
.data th button.sort::after { content: ' ↕'; color: var(--_muted); }
.data th[aria-sort='ascending'] button.sort::after { content: ' ▲'; color: var(--_fg); }
.data th[aria-sort='descending'] button.sort::after { content: ' ▼'; color: var(--_fg); }
.policy-text {
  background: var(--_field); border: 1px solid var(--_border); border-radius: var(--_radius);
  font: 0.85rem/1.5 var(--_mono); margin: 0.25rem 0; overflow-x: auto; padding: 0.3rem 0.5rem; white-space: pre;
}
.problems { list-style: none; padding: 0; }
.problems li { border-left: 4px solid var(--sev, var(--_muted)); margin: 0.3rem 0; padding: 0.1rem 0.6rem; }
.problems .where { color: var(--_muted); font-family: var(--_mono); font-size: 0.85rem; overflow-wrap: anywhere; }
`;

/** Files read at most in one go (a year of daily reports from a dozen senders is ~5,000), as
 * `mtasts reports` caps them. */
const MAX_FILES = 50_000;
const SVG = 'http://www.w3.org/2000/svg';
/** Files read from the file store in one go (small ones: a larger file is read alone). */
const BATCH = 512;
/** A file up to this size is read whole with its batch. */
const SMALL = 1 << 20;
/** The longest the reading keeps the page busy before it lets it paint and answer input. */
const SLICE_MS = 40;

export class MtaStsReportsElement extends MtaStsElement {
  static styles = sheets(BASE, REPORTS);

  #els = /** @type {any} */ (null);
  #summary = /** @type {any} */ (null);
  #reader = /** @type {any} */ (null);
  #policy = '';
  /** Each reading's number: a reading started while another runs replaces it. */
  #generation = 0;

  get summary() {
    return this.#summary;
  }
  get policy() {
    return this.#policy;
  }
  set policy(text) {
    this.#policy = String(text ?? '');
  }

  render() {
    const files = h('input', { type: 'file', id: 'pick-files-input', class: 'file-input', multiple: true, tabIndex: -1, 'aria-hidden': 'true', accept: '.json,.gz,.json.gz,.eml,.mbox,application/json,application/gzip,message/rfc822,application/mbox' });
    const folder = h('input', { type: 'file', id: 'pick-folder-input', class: 'file-input', multiple: true, tabIndex: -1, 'aria-hidden': 'true' });
    folder.setAttribute('webkitdirectory', '');
    const pickFiles = h('button', { type: 'button', id: 'pick-files', part: 'pick-files button' }, 'Choose files…');
    const pickFolder = h('button', { type: 'button', id: 'pick-folder', part: 'pick-folder button' }, 'Choose a folder…');
    const drop = h(
      'div',
      { class: 'drop', id: 'drop', part: 'drop' },
      h('p', {}, h('strong', {}, 'Drop TLS-RPT reports here'), ' (', h('code', {}, '.json'), ' or ', h('code', {}, '.json.gz'), ' files, the mails they came in as ', h('code', {}, '.eml'), ' or an mbox export, or a folder of them).'),
      h('p', { class: 'hint' }, 'They are read in this page and never uploaded.'),
      h('div', { class: 'pickers' }, pickFiles, pickFolder),
      files,
      folder,
    );
    const status = h('p', { id: 'reports-status', class: 'hint', role: 'status', 'aria-live': 'polite' });
    const output = h('div', { id: 'reports-output' });
    this.shadowRoot.replaceChildren(drop, status, output);
    this.#els = { drop, files, folder, status, output };

    pickFiles.addEventListener('click', () => files.click());
    pickFolder.addEventListener('click', () => folder.click());
    for (const input of [files, folder]) {
      input.addEventListener('change', () => {
        const list = [...input.files].map((file) => ({ name: file.webkitRelativePath || file.name, file }));
        input.value = '';
        this.readFiles(list);
      });
    }
    drop.addEventListener('dragover', (e) => {
      e.preventDefault();
      drop.dataset.over = 'true';
    });
    drop.addEventListener('dragleave', () => delete drop.dataset.over);
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      delete drop.dataset.over;
      droppedFiles(e.dataTransfer).then((list) => this.readFiles(list));
    });
  }

  /**
   * Reads files into a fresh summary (the previous one is replaced).
   * @param {Iterable<File | { name: string, file: File }>} input
   */
  async readFiles(input) {
    const generation = ++this.#generation;
    const { status } = this.#els;
    // Sorted by name, as `mtasts reports` reads a folder; hidden files (.DS_Store) are not reports.
    const list = [...input]
      .map((f) => (f instanceof File ? { name: f.name, file: f } : f))
      .filter((f) => !f.name.split('/').some((part) => part.startsWith('.')))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (list.length === 0) {
      status.textContent = 'No file to read.';
      return null;
    }
    if (list.length > MAX_FILES) {
      status.textContent = `More than ${MAX_FILES} files: choose fewer at a time.`;
      return null;
    }
    status.textContent = `Reading ${plural(list.length, 'file')}…`;
    let tools;
    try {
      tools = await loadTools();
    } catch (err) {
      status.textContent = `Could not load the reports reader: ${err instanceof Error ? err.message : err}`;
      return null;
    }
    if (generation !== this.#generation) return null;
    this.#reader?.free();
    const reader = new tools.ReportsReader();
    this.#reader = reader;
    const max = tools.maxFileLength();
    const started = performance.now();
    // Each read from the browser's file store costs a round trip to its browser process: the
    // files are read BATCH at a time as one Blob (a report is a few KiB; the next batch is read
    // while this one is handed over), then handed to the reader in name order, a wasm call each,
    // yielding to the page every SLICE_MS.
    let slice = performance.now();
    let next = batchBytes(list.slice(0, BATCH));
    for (let at = 0; at < list.length; at += BATCH) {
      const batch = list.slice(at, at + BATCH);
      const all = await next;
      if (generation !== this.#generation) return null;
      if (at + BATCH < list.length) next = batchBytes(list.slice(at + BATCH, at + 2 * BATCH));
      let offset = 0;
      for (const { name, file } of batch) {
        if (performance.now() - slice > SLICE_MS) {
          await yieldToPage();
          if (generation !== this.#generation) return null;
          slice = performance.now();
        }
        if (file.size <= SMALL) {
          reader.add(name, all.subarray(offset, (offset += file.size)));
          continue;
        }
        // One byte over the cap is enough for the core to say the file is too large.
        const bytes = new Uint8Array(await file.slice(0, max + 1).arrayBuffer());
        if (generation !== this.#generation) return null;
        reader.add(name, bytes);
        slice = performance.now();
      }
      status.textContent = `Read ${Math.min(at + BATCH, list.length)} of ${list.length} files…`;
    }
    await yieldToPage();
    if (generation !== this.#generation) return null;
    const summary = JSON.parse(reader.json(this.#policy || undefined));
    await yieldToPage();
    if (generation !== this.#generation) return null;
    this.#summary = summary;
    this.dataset.ms = String(Math.round(performance.now() - started));
    this.#show(summary);
    status.textContent = `Read ${plural(summary.files, 'file')}: ${plural(summary.reports, 'report')}. ${summary.ready_for_enforce ? 'Ready for enforce.' : 'Not ready for enforce yet.'}`;
    this.dispatchEvent(new MtaStsReportsReadEvent(summary));
    return summary;
  }

  /** The core's Markdown of the last reading. */
  markdown() {
    return this.#reader ? this.#reader.markdown(this.#policy || undefined) : '';
  }

  /** The `mtasts-reports/1` JSON text of the last reading. */
  json() {
    return this.#reader ? this.#reader.json(this.#policy || undefined) : '';
  }

  #show(s) {
    const exportJson = h('button', { type: 'button', id: 'export-json', on: { click: () => download('tlsrpt-summary.json', this.json(), 'application/json') } }, 'Export summary as JSON');
    const exportMd = h('button', { type: 'button', id: 'export-md', on: { click: () => download('tlsrpt-summary.md', this.markdown(), 'text/markdown') } }, 'Export summary as Markdown');
    const copyMd = h('button', { type: 'button', id: 'copy-md' }, 'Copy summary as Markdown');
    copyMd.addEventListener('click', async () => {
      const ok = await copyText(this.markdown());
      copyMd.textContent = ok ? 'Copied' : 'Copy failed';
      this.#els.status.textContent = ok ? 'Summary copied as Markdown.' : 'Could not copy the summary.';
    });
    const rate = (r) => (r == null ? '–' : `${(r * 100).toFixed(2)}%`);
    const parts = [
      h(
        'dl',
        { class: 'figures', id: 'figures', part: 'summary' },
        figure('Files', s.files, 'files'),
        figure('Reports', s.reports, 'reports'),
        figure('Duplicates', s.duplicates, 'duplicates'),
        figure('Successful sessions', s.sessions.successful, 'successful'),
        figure('Failed sessions', s.sessions.failed, 'failed'),
        figure('Success rate', rate(s.sessions.success_rate), 'rate'),
      ),
      verdict(s),
      h('div', { class: 'actions', part: 'export' }, exportJson, exportMd, copyMd),
    ];
    if (s.by_day.length) {
      parts.push(
        h('h3', { id: 'chart-heading' }, 'Sessions per day'),
        h('p', { class: 'legend', 'aria-hidden': 'true' }, h('span', {}, h('span', { class: 'swatch ok' }), 'successful'), h('span', {}, h('span', { class: 'swatch fail' }), 'failed')),
        chart(s.by_day),
        sortableTable('by-day', 'Sessions per day', [
          { label: 'Day', key: 'day' },
          { label: 'Successful', key: 'successful', num: true },
          { label: 'Failed', key: 'failed', num: true },
          { label: 'Success', key: 'success_rate', num: true, show: rate },
          { label: 'Organisations', key: 'organizations', show: (o) => o.join(', ') },
        ], s.by_day),
      );
    }
    if (s.by_organization.length) {
      parts.push(
        h('h3', {}, 'By reporting organisation'),
        sortableTable('by-organization', 'By reporting organisation', [
          { label: 'Organisation', key: 'organization' },
          { label: 'Reports', key: 'reports', num: true },
          { label: 'Successful', key: 'successful', num: true },
          { label: 'Failed', key: 'failed', num: true },
          { label: 'Success', key: 'success_rate', num: true, show: rate },
        ], s.by_organization),
      );
    }
    if (s.by_policy.length) {
      parts.push(
        h('h3', {}, 'By policy'),
        sortableTable('by-policy', 'By policy', [
          { label: 'Type', key: 'policy_type' },
          { label: 'Domain', key: 'policy_domain' },
          { label: 'Successful', key: 'successful', num: true },
          { label: 'Failed', key: 'failed', num: true },
          { label: 'Success', key: 'success_rate', num: true, show: rate },
        ], s.by_policy),
      );
    }
    if (s.result_types.length) {
      parts.push(
        h('h3', {}, 'Failures by result type'),
        sortableTable('by-result-type', 'Failures by result type', [
          { label: 'Result type', key: 'result_type', code: true },
          { label: 'Failed', key: 'failed', num: true },
          { label: 'First', key: 'first_day' },
          { label: 'Last', key: 'last_day' },
          { label: 'What happened, what to fix', key: 'explanation', show: (_, row) => [...messageNodes(row.explanation), ' ', ...messageNodes(row.advice)] },
        ], s.result_types),
        h('h3', {}, 'Failures by receiving MX host'),
        sortableTable('by-mx', 'Failures by receiving MX host', [
          { label: 'MX host', key: 'mx', code: true },
          { label: 'Failed', key: 'failed', num: true },
          { label: 'Result types', key: 'by_result_type', show: (t) => Object.entries(t).map(([k, v]) => `${k} ${v}`).join(', ') },
        ], s.by_mx),
      );
    }
    if (s.policies_seen.length) parts.push(h('h3', {}, 'Policies senders applied'), policiesSeen(s.policies_seen));
    if (s.problems.length) parts.push(h('h3', {}, 'Problems in the input'), problems(s));
    this.#els.output.replaceChildren(...parts);
  }
}

/** One figure of the summary. */
function figure(label, value, key) {
  return h('div', { dataset: { figure: key } }, h('dt', {}, label), h('dd', {}, String(value)));
}

/** The readiness verdict and what blocks it. */
function verdict(s) {
  const window = s.window ? ` (${s.window.from} to ${s.window.to})` : '';
  return h(
    'div',
    { id: 'verdict', part: 'verdict' },
    h('p', { class: 'banner', dataset: { valid: String(s.ready_for_enforce) } }, s.ready_for_enforce ? `✔ Ready for enforce${window}: no STS-related failure in the window.` : `✖ Not ready for enforce${window}.`),
    s.blockers.length
      ? h(
          'ul',
          { class: 'blockers' },
          s.blockers.map((b) => h('li', { dataset: { kind: b.kind } }, h('span', {}, ...messageNodes(b.message)), h('br'), h('span', { class: 'advice' }, 'What to do: ', ...messageNodes(b.advice)))),
        )
      : null,
  );
}

/** The per-day chart: one bar per day, successful sessions below failed ones, as SVG. The
 * same figures are in the table under it (the accessible form); the chart is a picture. */
function chart(days) {
  const W = 800;
  const H = 180;
  const bottom = 160;
  const max = Math.max(1, ...days.map((d) => d.successful + d.failed));
  const step = W / days.length;
  const width = Math.max(1, step * 0.8);
  const svg = svgEl('svg', { class: 'chart', id: 'chart', part: 'chart', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-labelledby': 'chart-heading chart-desc' });
  const failedDays = days.filter((d) => d.failed > 0).length;
  svg.append(svgEl('desc', { id: 'chart-desc' }, `${days.length} days from ${days[0].day} to ${days.at(-1).day}; ${failedDays} with failed sessions. The table below has every figure.`));
  svg.append(svgEl('line', { class: 'axis', x1: 0, y1: bottom, x2: W, y2: bottom }));
  for (const [i, d] of days.entries()) {
    const x = i * step + (step - width) / 2;
    const okH = (d.successful / max) * (bottom - 10);
    const failH = (d.failed / max) * (bottom - 10);
    const g = svgEl('g', { 'data-day': d.day, 'data-successful': d.successful, 'data-failed': d.failed });
    g.append(svgEl('title', {}, `${d.day}: ${d.successful} successful, ${d.failed} failed`));
    g.append(svgEl('rect', { class: 'ok', x, y: bottom - okH, width, height: okH }));
    // A day with any failure shows at least a sliver of red, however many successes it had.
    g.append(svgEl('rect', { class: 'fail', x, y: bottom - okH - (d.failed ? Math.max(failH, 2) : 0), width, height: d.failed ? Math.max(failH, 2) : 0 }));
    svg.append(g);
  }
  svg.append(svgEl('text', { x: 0, y: H - 4 }, days[0].day), svgEl('text', { x: W, y: H - 4, 'text-anchor': 'end' }, days.at(-1).day));
  return svg;
}

/** An SVG element; attributes set with setAttribute (no style attribute: the CSP allows no inline styles). */
function svgEl(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text != null) el.textContent = text;
  return el;
}

/**
 * A table whose columns sort on a click (or Enter/Space) of their heading, ascending then
 * descending; `aria-sort` says which.
 * @param {string} id @param {string} caption
 * @param {{ label: string, key: string, num?: boolean, code?: boolean, show?: (v: any, row: any) => any }[]} columns
 * @param {any[]} rows
 */
function sortableTable(id, caption, columns, rows) {
  const tbody = h('tbody');
  const heads = columns.map((c, i) => {
    const button = h('button', { type: 'button', class: 'sort', dataset: { key: c.key } }, c.label);
    const th = h('th', { scope: 'col', class: c.num ? 'num' : null }, button);
    button.addEventListener('click', () => sortBy(i));
    return th;
  });
  let order = [...rows];
  const fill = () =>
    tbody.replaceChildren(
      ...order.map((row) =>
        h(
          'tr',
          {},
          columns.map((c, i) => {
            const v = row[c.key];
            const shown = c.show ? c.show(v, row) : String(v ?? '–');
            const content = c.code ? h('code', {}, shown) : shown;
            return i === 0 ? h('th', { scope: 'row', class: c.num ? 'num' : null }, content) : h('td', { class: c.num ? 'num' : null }, content);
          }),
        ),
      ),
    );
  const sortBy = (i) => {
    const th = heads[i];
    const dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    for (const other of heads) other.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', dir);
    const key = columns[i].key;
    const value = (row) => (Array.isArray(row[key]) ? row[key].join(', ') : typeof row[key] === 'object' && row[key] ? Object.values(row[key]).reduce((a, b) => a + b, 0) : row[key]);
    order = [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const c = x == null ? -1 : y == null ? 1 : typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
      return dir === 'ascending' ? c : -c;
    });
    fill();
  };
  fill();
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-label': caption, tabIndex: 0 },
    h('table', { class: 'data', id, part: 'table' }, h('caption', { class: 'visually-hidden' }, `${caption} (select a column heading to sort)`), h('thead', {}, h('tr', {}, heads)), tbody),
  );
}

/** Each distinct policy senders reported, with our rules' findings and the comparison. */
function policiesSeen(policies) {
  return h(
    'ul',
    { class: 'problems', id: 'policies-seen' },
    policies.map((p) =>
      h(
        'li',
        { dataset: { current: p.current == null ? null : String(p.current) } },
        h('p', {}, h('code', {}, p.policy_domain), ` ${p.first_day} to ${p.last_day}, reported by ${p.organizations.join(', ')}: ${p.successful} successful, ${p.failed} failed.`),
        h('pre', { class: 'policy-text' }, p.text),
        p.diagnostics.map((d) => h('p', { dataset: { severity: d.severity } }, h('span', { class: 'sev' }, severityInfo(d.severity).symbol), ' ', h('code', {}, d.code), ': ', ...messageNodes(d.message))),
        p.note ? h('p', { class: 'notice' }, ...messageNodes(p.note)) : p.current ? h('p', {}, 'The current policy.') : null,
      ),
    ),
  );
}

/** The problems of the input, by file (the core lists at most 20 per code and counts the rest). */
function problems(s) {
  const listed = {};
  for (const p of s.problems) listed[p.code] = (listed[p.code] ?? 0) + 1;
  const more = Object.entries(s.problem_counts)
    .filter(([code, n]) => n > (listed[code] ?? 0))
    .map(([code, n]) => h('li', { class: 'note' }, `… and ${n - (listed[code] ?? 0)} more `, h('code', {}, code)));
  return h(
    'ul',
    { class: 'problems', id: 'problems', part: 'problems' },
    s.problems.map((p) =>
      h(
        'li',
        { dataset: { severity: p.severity, code: p.code } },
        h('span', { class: 'where' }, p.whole_file ? p.file : `${p.file}:${p.line}:${p.column}`),
        h('br'),
        h('span', { class: 'sev' }, severityInfo(p.severity).symbol),
        ' ',
        h('code', {}, p.code),
        ': ',
        ...messageNodes(p.message),
      ),
    ),
    more,
  );
}

/**
 * The small files of a batch (up to SMALL bytes each) read as one Blob, one after the other.
 * @param {{ file: Blob }[]} batch
 */
async function batchBytes(batch) {
  return new Uint8Array(await new Blob(batch.map(({ file }) => (file.size <= SMALL ? file : new Blob()))).arrayBuffer());
}

/** Lets the page paint and handle input before the reading goes on. */
function yieldToPage() {
  const scheduler = /** @type {any} */ (globalThis).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The files of a drop, folders walked (their relative paths as names).
 * @param {DataTransfer | null} transfer
 * @returns {Promise<{ name: string, file: File }[]>}
 */
async function droppedFiles(transfer) {
  if (!transfer) return [];
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
  if (entries.length === 0) return [...transfer.files].map((file) => ({ name: file.name, file }));
  const out = [];
  const walk = async (entry, prefix) => {
    if (out.length > MAX_FILES) return;
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      out.push({ name: `${prefix}${entry.name}`, file });
      return;
    }
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
    }
  };
  for (const entry of entries) await walk(entry, '');
  return out;
}
