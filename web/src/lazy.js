// The elements that are not in the first load: the reports reader and the generator. Their
// classes are imported (a chunk of their own in dist/; their tools package loads later still, on
// their first use) when one of them comes near the viewport (`whenNear`, which web/main.js sets
// up once the page's other elements have rendered, so that the place of each is where it will
// stay), or when `loadElement(name)` asks for it (the widget, on `view`). Until
// then the element is an empty, undefined tag. No element class is imported here, so any module
// can import this one.

/** The elements whose class is imported on first use, by their name. */
export const LAZY_ELEMENTS = {
  'mta-sts-reports': () => import('./reports.js').then((m) => m.MtaStsReportsElement),
  'mta-sts-generator': () => import('./generator.js').then((m) => m.MtaStsGeneratorElement),
};

/**
 * Imports and defines a lazy element's class (once; a failed import is tried again by the next
 * call). Resolves when `name` is defined.
 * @param {keyof typeof LAZY_ELEMENTS} name
 */
export function loadElement(name) {
  if (customElements.get(name)) return Promise.resolve();
  loading[name] ??= LAZY_ELEMENTS[name]().then(
    (element) => {
      if (!customElements.get(name)) customElements.define(name, element);
    },
    (err) => {
      delete loading[name];
      throw err;
    },
  );
  return loading[name];
}
/** @type {Record<string, Promise<void>>} */
const loading = {};

/** Loads `el`'s class when `el` comes within a screen of the viewport (an undefined element has
 * no size; its place is where its content will be). */
export function whenNear(el) {
  const name = /** @type {keyof typeof LAZY_ELEMENTS} */ (el.localName);
  if (customElements.get(name)) return;
  const near = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      near.disconnect();
      loadElement(name).catch(() => {});
    },
    { rootMargin: '50% 0px' },
  );
  near.observe(el);
}
