// <mta-sts-generator>: from MX hosts (typed, or pasted `dig +short MX` output) or a provider's
// preset to a working set-up: the policy (with "Download mta-sts.txt", a blob: URL), the
// `_mta-sts` and `_smtp._tls` records (zone-file lines and the host/value a DNS panel asks for),
// what to publish in which order, the policy host's configuration for a server, and a dated
// rollout plan from `testing` to `enforce`. A second form handles changes to a published policy
// (an edit, an MX change, decommissioning), each with a new `id`. Everything is made and
// re-checked by the core (generateSetUp, rolloutPlan, editPolicy, mxChange, decommission of the
// tools package, web/pkg-tools/); the time is `Date.now()` (or the `now` property).
//
// The tools package is imported on the first use: when the focus first enters the
// element (not a passing pointer: reading the page loads nothing), or at once when `hosts` or `provider` is set.
//
// Attributes (mirrored by properties): `domain`, `hosts` (spaces, commas or lines), `provider`
// (a preset name), `rua`, `server`. Property `now` (Unix ms; null: the clock). Property `setUp`:
// the last result. Method `generate()`.
// Events: `mta-sts-generated` (MtaStsGeneratedEvent, detail: the SetUp) after each generation;
// `mta-sts-use-policy` (MtaStsUsePolicyEvent, detail { policy, hosts }) when "Check in the
// validator" is pressed: the page loads the policy into its editor as one undoable edit.
// Parts: form, output, policy, records, button.
import { loadTools } from './core.js';
import { copyText, h, messageNodes } from './dom.js';
import { MtaStsElement } from './element.js';
import { MtaStsGeneratedEvent, MtaStsUsePolicyEvent } from './events.js';
import { BASE, sheets } from './styles.js';

// Its styles live here, not in ./styles.js: they load with this element, not in the first load.
/** <mta-sts-generator>: the form and the generated files and records. */
const GENERATOR = `
.grid { display: grid; gap: 0 1rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
select {
  background: var(--_field); border: 1px solid var(--_border); border-radius: var(--_radius);
  color: var(--_fg); font: inherit; max-width: 100%; min-height: 2.25rem; padding: 0.3rem 0.5rem; width: 100%;
}
fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); margin: 0.5rem 0; padding: 0.25rem 0.75rem 0.5rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
.choice { align-items: center; display: flex; gap: 0.4rem; font-weight: 400; margin: 0.25rem 0; }
.choice input { margin: 0; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.5rem 0; align-items: center; }
a.button {
  background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); color: var(--_fg);
  display: inline-block; font-size: 0.95rem; line-height: 1.5; min-height: 2.25rem; padding: 0.3rem 0.8rem; text-decoration: none;
}
a.button:hover { border-color: var(--_fg); }
.output-block { margin: 0.75rem 0; }
.output-head { align-items: center; display: flex; flex-wrap: wrap; gap: 0.5rem; justify-content: space-between; }
.output-head h3 { margin: 0.5rem 0; }
pre.file {
  background: var(--_field); border: 1px solid var(--_border); border-radius: var(--_radius);
  font: 0.85rem/1.5 var(--_mono); margin: 0.25rem 0; max-height: 24rem; overflow: auto; padding: 0.4rem 0.6rem; white-space: pre;
}
.records th, .records td { border: 1px solid var(--_border); padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
.records td code { overflow-wrap: anywhere; }
.records thead th { background: var(--_surface); }
.steps li { margin: 0.4rem 0; }
.steps .date { font-weight: 700; font-variant-numeric: tabular-nums; }
`;

export class MtaStsGeneratorElement extends MtaStsElement {
  static styles = sheets(BASE, GENERATOR);
  static observedAttributes = ['domain', 'hosts', 'provider', 'rua', 'server'];

  #els = /** @type {any} */ (null);
  #tools = /** @type {any} */ (null);
  #setUp = /** @type {any} */ (null);
  #blobUrl = '';
  /** @type {number | null} */
  now = null;

  get domain() {
    return this.#els ? this.#els.domain.value : this.stringAttr('domain');
  }
  set domain(v) {
    this.setStringAttr('domain', v);
  }
  get hosts() {
    return this.#els ? this.#els.hosts.value : this.stringAttr('hosts');
  }
  set hosts(v) {
    this.setStringAttr('hosts', v);
  }
  get provider() {
    return this.#els ? this.#els.provider.value : this.stringAttr('provider');
  }
  set provider(v) {
    this.setStringAttr('provider', v);
  }
  get rua() {
    return this.#els ? this.#els.rua.value : this.stringAttr('rua');
  }
  set rua(v) {
    this.setStringAttr('rua', v);
  }
  get server() {
    return this.#els ? this.#els.server.value : this.stringAttr('server');
  }
  set server(v) {
    this.setStringAttr('server', v);
  }
  get setUp() {
    return this.#setUp;
  }

  render() {
    const text = (id, props = {}) => h('input', { id, type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: false, ...props });
    const domain = text('gen-domain', { placeholder: 'example.com' });
    const hosts = h('textarea', { id: 'gen-hosts', rows: 3, spellcheck: false, autocomplete: 'off', autocapitalize: 'off', 'aria-describedby': 'gen-hosts-hint' });
    const provider = h('select', { id: 'gen-provider', 'aria-describedby': 'gen-provider-hint' }, h('option', { value: '' }, 'None: use the MX hosts above'));
    const mode = h('select', { id: 'gen-mode' }, h('option', { value: 'testing' }, 'testing (start here)'), h('option', { value: 'enforce' }, 'enforce'));
    const rua = text('gen-rua', { placeholder: 'tlsrpt@example.com', 'aria-describedby': 'gen-rua-hint' });
    const wildcards = h('input', { type: 'checkbox', id: 'gen-wildcards' });
    const server = h('select', { id: 'gen-server' }, h('option', { value: '' }, 'None'));
    const button = h('button', { type: 'submit', id: 'gen-button', part: 'button' }, 'Generate');
    const form = h(
      'form',
      { id: 'gen-form', part: 'form', novalidate: true },
      h(
        'div',
        { class: 'grid' },
        h('div', {}, h('label', { for: 'gen-domain' }, 'Mail domain'), domain),
        h('div', {}, h('label', { for: 'gen-rua' }, 'TLS reports to (optional)'), rua, h('p', { class: 'hint', id: 'gen-rua-hint' }, 'An address or mailto:/https: URI; separate several with spaces.')),
      ),
      h('label', { for: 'gen-hosts' }, 'MX hosts'),
      hosts,
      h('p', { class: 'hint', id: 'gen-hosts-hint' }, 'One per line, or paste the output of ', h('code', {}, 'dig +short MX example.com'), '.'),
      h(
        'div',
        { class: 'grid' },
        h('div', {}, h('label', { for: 'gen-provider' }, 'Or a mail provider'), provider, h('p', { class: 'hint', id: 'gen-provider-hint' }, 'Its MX host names and patterns replace the hosts above.')),
        h('div', {}, h('label', { for: 'gen-mode' }, 'Mode'), mode),
        h('div', {}, h('label', { for: 'gen-server' }, 'Policy host runs on'), server),
      ),
      h('label', { class: 'choice' }, wildcards, 'Cover hosts that share a parent with one *. pattern (it also covers hosts you did not list)'),
      h('div', { class: 'actions' }, button),
    );
    const error = h('p', { id: 'gen-error', class: 'banner', dataset: { valid: 'false' }, role: 'alert', hidden: true });
    const output = h('div', { id: 'gen-output', part: 'output' });
    const announcer = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', id: 'gen-announcer' });
    const change = this.#changeForm();
    this.shadowRoot.replaceChildren(
      h('p', { class: 'hint' }, 'Makes the policy, both TXT records and the web server configuration from your MX hosts; every output is checked by the validator before it is shown. Nothing leaves this page.'),
      form,
      error,
      output,
      change.details,
      announcer,
    );
    this.#els = { form, domain, hosts, provider, mode, rua, wildcards, server, button, error, output, announcer, change };
    for (const name of MtaStsGeneratorElement.observedAttributes) this.#fromAttribute(name);

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.generate();
    });
    const warm = () => this.#load().catch(() => {});
    this.addEventListener('focusin', warm, { once: true });
    if (this.hasAttribute('hosts') || this.hasAttribute('provider')) this.generate();
  }

  /** Fills the domain and the MX hosts where the user has typed nothing (from a live check's
   * report: the hosts are the MX records as found), without generating. */
  prefill({ domain = '', hosts = [] }) {
    const els = this.#els;
    if (!els) return;
    if (!els.domain.value.trim() && domain) els.domain.value = domain;
    if (!els.hosts.value.trim() && hosts.length) els.hosts.value = hosts.join('\n');
  }

  update(name) {
    this.#fromAttribute(name);
    if ((name === 'hosts' || name === 'provider') && (this.hosts.trim() || this.provider)) this.generate();
  }

  #fromAttribute(name) {
    const els = this.#els;
    const value = this.getAttribute(name) ?? '';
    if (name === 'domain') els.domain.value = value;
    if (name === 'hosts') els.hosts.value = value;
    if (name === 'rua') els.rua.value = value;
    // Selects get their options with the tools package; the wanted value is kept until then.
    if (name === 'provider' || name === 'server') {
      els[name].dataset.want = value;
      els[name].value = value;
    }
  }

  /** The tools package, and the form's choices from its vocabulary (once). */
  async #load() {
    if (this.#tools) return this.#tools;
    const tools = await loadTools();
    if (!this.#tools) {
      this.#tools = tools;
      const v = tools.generatorVocabulary();
      const { provider, server, mode } = this.#els;
      provider.append(...v.providers.map((p) => h('option', { value: p.name }, p.title)));
      server.append(...v.servers.map((s) => h('option', { value: s }, s)));
      for (const select of [provider, server]) if (select.dataset.want) select.value = select.dataset.want;
      const chosen = mode.value;
      mode.replaceChildren(...v.modes.map((m, i) => h('option', { value: m }, i === 0 ? `${m} (start here)` : m)));
      if (v.modes.includes(chosen)) mode.value = chosen;
    }
    return this.#tools;
  }

  #options() {
    const { domain, hosts, provider, mode, rua, wildcards, server } = this.#els;
    return {
      now: this.now ?? Date.now(),
      domain: domain.value.trim() || null,
      hosts: hosts.value.trim() ? [hosts.value] : [],
      provider: provider.value || null,
      mode: mode.value,
      rua: rua.value.split(/[\s,]+/).filter(Boolean),
      wildcards: wildcards.checked,
      server: server.value || null,
    };
  }

  /** Generates from the form; resolves to the SetUp, or null (the core's reason shown). */
  async generate() {
    const { error, output, announcer } = this.#els;
    let tools;
    try {
      tools = await this.#load();
    } catch (err) {
      this.#fail(`Could not load the generator: ${err instanceof Error ? err.message : err}`);
      return null;
    }
    const options = this.#options();
    let setUp;
    try {
      setUp = tools.generateSetUp(options);
    } catch (err) {
      this.#fail(err instanceof Error ? err.message : String(err));
      return null;
    }
    error.hidden = true;
    this.#setUp = setUp;
    output.replaceChildren(...this.#renderSetUp(setUp, tools, options));
    announcer.textContent = `Generated a ${setUp.mode} policy with ${setUp.patterns.length} mx pattern${setUp.patterns.length === 1 ? '' : 's'}, id ${setUp.id}.`;
    this.dispatchEvent(new MtaStsGeneratedEvent(setUp));
    return setUp;
  }

  #fail(message) {
    const { error, output, announcer } = this.#els;
    error.textContent = `✖ ${message}`;
    error.hidden = false;
    output.replaceChildren();
    this.#setUp = null;
    announcer.textContent = '';
  }

  #renderSetUp(s, tools, options) {
    if (this.#blobUrl) URL.revokeObjectURL(this.#blobUrl);
    this.#blobUrl = URL.createObjectURL(new Blob([s.policy], { type: 'text/plain' }));
    const use = h('button', { type: 'button', id: 'gen-use' }, 'Check in the validator');
    use.addEventListener('click', () => {
      const handled = !this.dispatchEvent(new MtaStsUsePolicyEvent({ policy: s.policy, hosts: s.hosts }));
      this.#els.announcer.textContent = handled ? 'The policy is in the validator.' : 'Nothing on this page takes the policy.';
    });
    const blocks = [
      block(
        'gen-policy',
        'mta-sts.txt',
        s.policyUrl ? ['Serve it at ', h('code', {}, s.policyUrl), ' with status 200 and Content-Type: text/plain.'] : null,
        h('pre', { class: 'file', part: 'policy' }, s.policy),
        [h('a', { class: 'button', id: 'gen-download', href: this.#blobUrl, download: 'mta-sts.txt' }, 'Download mta-sts.txt'), copyButton('gen-copy-policy', 'Copy policy', s.policy, this), use],
      ),
      block(
        'gen-records',
        'DNS records',
        'As a DNS provider\'s panel asks for them (the value without quotes), or as zone-file lines.',
        h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'records', part: 'records' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Host'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Copy')))),
            h(
              'tbody',
              {},
              s.records.map((r, i) =>
                h('tr', { dataset: { host: r.host } }, h('td', {}, r.type), h('td', {}, h('code', {}, r.host)), h('td', {}, h('code', {}, r.value)), h('td', {}, copyButton(`gen-copy-record-${i}`, `Copy ${r.host} value`, r.value, this, 'Copy value'))),
              ),
            ),
          ),
        ),
        null,
      ),
      block('gen-zone', 'Zone-file lines', null, h('pre', { class: 'file' }, s.zone), [copyButton('gen-copy-zone', 'Copy zone-file lines', s.zone, this)]),
      block('gen-order', 'Publish in this order', null, h('ol', { class: 'steps' }, s.publishOrder.map((step) => h('li', {}, ...messageNodes(step)))), null),
    ];
    if (s.snippet) {
      for (const [i, f] of s.snippet.files.entries()) {
        blocks.push(block(`gen-file-${i}`, f.path, null, h('pre', { class: 'file', dataset: { path: f.path } }, f.contents), [copyButton(`gen-copy-file-${i}`, `Copy ${f.path}`, f.contents, this)]));
      }
    }
    const planButton = h('button', { type: 'button', id: 'gen-plan-button' }, 'Show a dated rollout plan');
    const plan = h('div', { id: 'gen-plan' });
    planButton.addEventListener('click', () => {
      try {
        const steps = tools.rolloutPlan(options);
        plan.replaceChildren(steps.length ? stepsList(steps) : '');
      } catch (err) {
        plan.replaceChildren(h('p', { class: 'banner', dataset: { valid: 'false' } }, String(err instanceof Error ? err.message : err)));
      }
      planButton.hidden = true;
      plan.querySelector('ol')?.setAttribute('tabindex', '-1');
      /** @type {HTMLElement | null} */ (plan.querySelector('ol'))?.focus();
    });
    blocks.push(h('div', { class: 'output-block' }, h('h3', {}, 'From testing to enforce'), planButton, plan));
    return blocks;
  }

  /** The change workflow: an edit, an MX change or decommissioning of a published policy. */
  #changeForm() {
    const kind = h('select', { id: 'chg-kind' }, h('option', { value: 'edit' }, 'I edited the policy (new id)'), h('option', { value: 'mx' }, 'My MX hosts are about to change'), h('option', { value: 'decommission' }, 'Retire MTA-STS (mode: none)'));
    const policy = h('textarea', { id: 'chg-policy', rows: 6, spellcheck: false, autocomplete: 'off', autocapitalize: 'off' });
    const oldId = h('input', { id: 'chg-old-id', type: 'text', autocomplete: 'off', spellcheck: false, placeholder: '20240101000000' });
    const hosts = h('textarea', { id: 'chg-hosts', rows: 2, spellcheck: false, autocomplete: 'off', autocapitalize: 'off' });
    const hostsRow = h('div', { hidden: true }, h('label', { for: 'chg-hosts' }, 'MX hosts after the change'), hosts);
    const policyLabel = h('label', { for: 'chg-policy' }, 'The new policy');
    const run = h('button', { type: 'submit', id: 'chg-button' }, 'Plan the change');
    const result = h('div', { id: 'chg-result' });
    const form = h('form', { id: 'chg-form', novalidate: true }, h('label', { for: 'chg-kind' }, 'What changes'), kind, policyLabel, policy, h('label', { for: 'chg-old-id' }, 'The id published now (optional)'), oldId, hostsRow, h('div', { class: 'actions' }, run));
    kind.addEventListener('change', () => {
      hostsRow.hidden = kind.value !== 'mx';
      policyLabel.textContent = kind.value === 'edit' ? 'The new policy' : 'The policy published now';
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const tools = await this.#load();
        const options = { now: this.now ?? Date.now(), domain: this.#els.domain.value.trim() || null, policy: policy.value, oldId: oldId.value.trim() || null, hosts: hosts.value.trim() ? [hosts.value] : [] };
        const change = kind.value === 'edit' ? tools.editPolicy(options) : kind.value === 'mx' ? tools.mxChange(options) : tools.decommission(options);
        result.replaceChildren(
          change.newId ? h('p', { class: 'banner', dataset: { valid: 'true' } }, `New id: ${change.newId}${change.oldId ? ` (was ${change.oldId})` : ''}`) : null,
          change.addedPatterns.length ? h('p', {}, 'mx lines to add: ', change.addedPatterns.map((p) => h('code', {}, `mx: ${p} `))) : null,
          stepsList(change.steps),
        );
      } catch (err) {
        result.replaceChildren(h('p', { class: 'banner', dataset: { valid: 'false' }, role: 'alert' }, `✖ ${err instanceof Error ? err.message : err}`));
      }
    });
    const details = h('details', { class: 'output-block', id: 'gen-change' }, h('summary', {}, 'Change a published policy'), form, result);
    return { details, kind, policy, oldId, hosts, result };
  }

  disconnectedCallback() {
    if (this.#blobUrl) URL.revokeObjectURL(this.#blobUrl);
    this.#blobUrl = '';
  }
}

/** A titled output block with its actions. */
function block(id, title, hint, body, actions) {
  return h(
    'section',
    { class: 'output-block', id, 'aria-labelledby': `${id}-h` },
    h('div', { class: 'output-head' }, h('h3', { id: `${id}-h` }, title), actions ? h('div', { class: 'actions' }, actions) : null),
    hint ? h('p', { class: 'hint' }, hint) : null,
    body,
  );
}

/** A button that copies `text` and says whether it worked. */
function copyButton(id, label, text, el, shown = 'Copy') {
  const b = h('button', { type: 'button', id, 'aria-label': label, class: 'copy' }, shown);
  b.addEventListener('click', async () => {
    const ok = await copyText(text);
    b.textContent = ok ? 'Copied' : 'Copy failed';
    el.shadowRoot.getElementById('gen-announcer').textContent = ok ? `${label}: copied.` : 'Could not copy.';
  });
  return b;
}

/** Dated steps (a rollout plan or a change). */
function stepsList(steps) {
  return h(
    'ol',
    { class: 'steps' },
    steps.map((s) =>
      h(
        'li',
        { dataset: { date: s.date } },
        h('span', { class: 'date' }, s.date),
        ' ',
        ...messageNodes(s.action),
        s.policy ? h('pre', { class: 'file' }, s.policy) : null,
        s.records.length ? h('pre', { class: 'file' }, s.records.map((r) => r.zoneLine).join('\n')) : null,
      ),
    ),
  );
}
