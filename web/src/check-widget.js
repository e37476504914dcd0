// <mta-sts-check>: the embeddable widget (docs/EMBED.md). It composes the page's own elements in
// its shadow root: <mta-sts-domain-check> (the live check) and <mta-sts-policy> with
// <mta-sts-match> (the policy validator and the MX match preview), by `view`.
//
// Attributes (each mirrored by a property):
//   domain    the domain to check (pre-filled in the domain box)
//   auto      check `domain` as soon as the widget is connected (and when `domain` changes)
//   view      policy | domain | both (default both) | generator (the generator only) | all
//             (the three: a generated policy's "Check in the validator" loads it into the editor)
//   resolver  DNS-over-HTTPS resolver URLs, spaces or commas between them
//   proxy     a policy proxy URL (docs/PROXY.md)
//   policy    the policy text the editor starts with
//   compact   one column, no parsed table, less padding
//   theme     light | dark; without it the widget follows the host page's color-scheme
//   base      the folder holding pkg/, pkg-check/ and codes.json (default: next to the module);
//             read once, by the first widget that loads (also `MtaStsCheckElement.base`)
//   lang      the standard attribute: messages are in English today; a hook for translations
// Events (they come from the inner elements, composed, so listeners on the widget see them):
//   mta-sts-validated  detail { kind, verdict, diagnostics, text, result } on each change
//   mta-sts-checked    detail: the live check's full report
//   mta-sts-generated, mta-sts-use-policy  from the generator (view generator or all)
// Parts: frame, domain, policy, heading, and (exported from the inner elements) verdict,
// problems, editor, input, domain-input, check-button, status, checks, check, table.
import { configure, lintNow, loadLint } from './core.js';
import { loadElement } from './lazy.js';
import { h } from './dom.js';
import { MtaStsElement } from './element.js';
import { BASE, CHECK, sheets } from './styles.js';

const VIEWS = /** @type {const} */ (['both', 'policy', 'domain', 'generator', 'all']);
/** The parts of the inner elements that the widget exports to the host page. */
const INNER_PARTS = 'verdict, problems, problem, fix-all, editor, input, preview, table, domain-input, check-button, status, checks, check, form, button';

export class MtaStsCheckElement extends MtaStsElement {
  static styles = sheets(BASE, CHECK);
  static observedAttributes = ['domain', 'auto', 'view', 'resolver', 'proxy', 'policy', 'compact'];
  /** Where pkg/, pkg-check/ and codes.json are (a URL or a string); set by the entry module to
   * its own folder, or by an embedder before the first widget connects. */
  static base = /** @type {string | URL | null} */ (null);

  #els = /** @type {any} */ (null);
  /** The policy text a check last put into the editor (not the user's: the next check may replace it). */
  #loaded = /** @type {string | null} */ (null);

  get domain() {
    return this.stringAttr('domain');
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
  get view() {
    return this.enumAttr('view', VIEWS);
  }
  set view(v) {
    this.setStringAttr('view', v);
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
  get policy() {
    return this.stringAttr('policy');
  }
  set policy(v) {
    this.setStringAttr('policy', v);
  }
  get compact() {
    return this.boolAttr('compact');
  }
  set compact(v) {
    this.setBoolAttr('compact', v);
  }
  get theme() {
    return this.enumAttr('theme', /** @type {const} */ (['auto', 'light', 'dark']));
  }
  set theme(v) {
    this.setStringAttr('theme', v);
  }

  /** The inner elements (null before the first render). */
  get parts() {
    return this.#els;
  }
  /** The last live-check report, or null. */
  get report() {
    return this.#els?.domainCheck.report ?? null;
  }

  connectedCallback() {
    const base = this.getAttribute('base') ?? MtaStsCheckElement.base;
    if (base) configure({ base });
    super.connectedCallback();
  }

  render() {
    const domainCheck = /** @type {any} */ (h('mta-sts-domain-check', { exportparts: INNER_PARTS }));
    const policy = /** @type {any} */ (h('mta-sts-policy', { exportparts: INNER_PARTS }));
    const match = /** @type {any} */ (h('mta-sts-match', { exportparts: INNER_PARTS }));
    const domainView = h('section', { part: 'domain', 'aria-labelledby': 'domain-heading' }, h('h2', { id: 'domain-heading', part: 'heading' }, 'Check a domain'), domainCheck);
    const policyView = h(
      'section',
      { part: 'policy', 'aria-labelledby': 'policy-heading' },
      h('h2', { id: 'policy-heading', part: 'heading' }, 'Check a policy file'),
      policy,
      match,
    );
    // The generator is made only for the views that show it (its package loads on first use).
    const generatorView = h('section', { part: 'generator', 'aria-labelledby': 'generator-heading', hidden: true });
    this.shadowRoot.replaceChildren(h('div', { class: 'views', part: 'frame' }, domainView, policyView, generatorView));
    this.#els = { domainCheck, policy, match, domainView, policyView, generatorView };
    generatorView.addEventListener('mta-sts-use-policy', (/** @type {any} */ e) => {
      if (this.view !== 'all') return;
      e.preventDefault();
      match.hosts = e.detail.hosts.join(', ');
      policy.hosts = match.hosts;
      policy.replaceText(e.detail.policy);
      policy.focusEditor();
    });

    match.addEventListener('mta-sts-hosts-change', (/** @type {any} */ e) => {
      policy.hosts = e.detail.text;
    });
    policy.addEventListener('mta-sts-analyzed', (/** @type {any} */ e) => {
      match.analysis = e.detail.analysis;
    });
    domainCheck.addEventListener('mta-sts-locate', (/** @type {any} */ e) => {
      if (this.view === 'domain') return;
      const text = domainCheck.report?.policy?.text;
      if (typeof text === 'string' && policy.value !== text) policy.replaceText(text);
      policy.select(e.detail.start, e.detail.end);
    });
    domainCheck.addEventListener('mta-sts-checked', (/** @type {any} */ e) => this.#checked(e.detail));
    // The live check offers to open the policy it read while the editor holds something else.
    policy.addEventListener('mta-sts-validated', (/** @type {any} */ e) => {
      domainCheck.editorText = this.view === 'domain' ? null : e.detail.text;
    });
    domainCheck.addEventListener('mta-sts-open-policy', (/** @type {any} */ e) => policy.replaceText(e.detail.text));
    // The domain typed names the domain of the editor's hint.
    const showDomain = () => {
      const typed = domainCheck.domain.trim();
      const lint = lintNow();
      // normalizeDomain is the lint package's (loaded on the first domain typed).
      if (typed && !lint) return void loadLint().then(showDomain, () => {});
      policy.domain = typed ? lint.normalizeDomain(typed).domain : null;
    };
    domainCheck.addEventListener('input', showDomain);
    domainCheck.addEventListener('mta-sts-checked', showDomain);
    for (const name of MtaStsCheckElement.observedAttributes) this.update(name);
  }

  update(name) {
    const { domainCheck, policy, domainView, policyView } = this.#els;
    if (name === 'view') {
      const view = this.view;
      domainView.hidden = !['both', 'domain', 'all'].includes(view);
      policyView.hidden = !['both', 'policy', 'all'].includes(view);
      const { generatorView } = this.#els;
      generatorView.hidden = !['generator', 'all'].includes(view);
      if (!generatorView.hidden && !generatorView.firstChild) {
        generatorView.append(h('h2', { id: 'generator-heading', part: 'heading' }, 'Generate a set-up'), h('mta-sts-generator', { exportparts: INNER_PARTS }));
        // Not in the widget's first load: the generator's class is imported now (src/define.js).
        loadElement('mta-sts-generator').catch(() => {});
      }
      domainCheck.editorText = policyView.hidden ? null : policy.value;
    }
    if (name === 'domain' || name === 'resolver' || name === 'proxy') domainCheck.setAttribute(name, this.getAttribute(name) ?? '');
    // `auto` last: the inner element checks when it gets it, with the domain and options above.
    if (name === 'auto') domainCheck.auto = this.auto;
    if (name === 'policy') policy.policy = this.policy;
    if (name === 'compact') policy.compact = this.compact;
  }

  /**
   * A check ended: the MX hosts it found go to the match preview, and a fetched policy to an editor
   * the user has not typed into (what the user typed is never replaced; Ctrl+Z undoes the load;
   * the keyboard focus stays where it is). Otherwise the live check offers to open it.
   */
  #checked(report) {
    const { policy, match } = this.#els;
    if (Array.isArray(report.mxHosts) && report.mxHosts.length) {
      match.hosts = report.mxHosts.join(', ');
      policy.hosts = match.hosts;
    }
    const untouched = policy.value === '' || policy.value === this.policy || policy.value === this.#loaded;
    if (typeof report.policy?.text === 'string' && untouched) {
      this.#loaded = report.policy.text;
      policy.replaceText(report.policy.text, { keepFocus: true });
    }
  }
}
