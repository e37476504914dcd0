// The base of every mtasts element: an open shadow root styled by constructable stylesheets
// (adoptedStyleSheets: nothing a Content-Security-Policy without 'unsafe-inline' blocks), typed
// attribute accessors, and the wasm core loaded once per page (./core.js) before the first render.
//
// A subclass declares `static styles` (sheets from ./styles.js), `static observedAttributes`,
// and implements `render()` (builds the shadow DOM once the core is there) and
// `update(name)` (an observed attribute changed after rendering). Attributes are the API; each
// has a property of the same name (camelCase) that reads and writes the attribute.
import { guardFields } from './capacity.js';
import { loadCore } from './core.js';

export class MtaStsElement extends HTMLElement {
  /** @type {CSSStyleSheet[]} */
  static styles = [];
  /** The lint package once loaded (the same object for every element). */
  core = /** @type {any} */ (null);
  /** Resolves when the element has rendered (after the core loaded). */
  ready = /** @type {Promise<void>} */ (Promise.resolve());
  #rendered = false;
  #resolveReady = /** @type {() => void} */ (() => {});

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = /** @type {typeof MtaStsElement} */ (this.constructor).styles;
    // No paste into its text fields may be longer than the browser lays out within a frame.
    guardFields(root);
    this.ready = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
  }

  connectedCallback() {
    if (this.#rendered) return this.connected?.();
    loadCore().then(
      (core) => {
        if (this.#rendered) return;
        this.#rendered = true;
        this.core = core;
        this.render();
        this.#resolveReady();
        if (this.isConnected) this.connected?.();
      },
      (err) => this.#failed(err),
    );
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (this.#rendered && oldValue !== newValue) this.update(name);
  }

  /** Whether render() has run. */
  get rendered() {
    return this.#rendered;
  }

  /** Builds the shadow DOM; called once, when the core is loaded. */
  render() {}

  /** @param {string} _name an observed attribute that changed after render() */
  update(_name) {}

  /** The core did not load: say so in the element, where the user looks. */
  #failed(err) {
    const p = document.createElement('p');
    p.setAttribute('part', 'error');
    p.className = 'banner';
    p.dataset.valid = 'false';
    p.textContent = `Could not load the validator: ${err instanceof Error ? err.message : err}`;
    this.shadowRoot?.replaceChildren(p);
    this.dispatchEvent(new Event('mta-sts-error', { bubbles: true, composed: true }));
  }

  // ---- typed attribute accessors ----------------------------------------------------------

  /** @param {string} name @param {string} fallback */
  stringAttr(name, fallback = '') {
    return this.getAttribute(name) ?? fallback;
  }
  /** @param {string} name @param {string | null | undefined} value */
  setStringAttr(name, value) {
    if (value == null) this.removeAttribute(name);
    else this.setAttribute(name, String(value));
  }
  /** @param {string} name */
  boolAttr(name) {
    return this.hasAttribute(name);
  }
  /** @param {string} name @param {unknown} value */
  setBoolAttr(name, value) {
    this.toggleAttribute(name, Boolean(value));
  }
  /**
   * One of `allowed` (the first when the attribute is missing or another word).
   * @template {string} T @param {string} name @param {readonly T[]} allowed @returns {T}
   */
  enumAttr(name, allowed) {
    const v = /** @type {T} */ ((this.getAttribute(name) ?? '').trim().toLowerCase());
    return allowed.includes(v) ? v : allowed[0];
  }
  /** @param {string} name @param {number} fallback a positive integer */
  intAttr(name, fallback) {
    const n = Number(this.getAttribute(name));
    return this.hasAttribute(name) && Number.isInteger(n) && n > 0 ? n : fallback;
  }
  /** The words of a space- or comma-separated list attribute. @param {string} name */
  listAttr(name) {
    return (this.getAttribute(name) ?? '').split(/[\s,]+/).filter(Boolean);
  }
}
