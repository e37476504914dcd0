// Registers the mtasts elements under their names: `define()`, called by the entry modules
// (web/main.js, web/mta-sts-check.js) once they have said where the wasm is. Kept apart from the
// classes (as github/relative-time-element does) so that importing a class never defines
// anything, and an embedder can register a class under another name.
//
// The reports reader and the generator are not in the first load: ./lazy.js imports their
// classes when one of them comes near the viewport.
import { MtaStsCheckElement } from './check-widget.js';
import { MtaStsDomainCheckElement } from './live-check.js';
import { MtaStsMatchElement } from './match-preview.js';
import { PolicyEditorElement } from './policy-editor.js';
import { MtaStsPolicyElement } from './policy-panel.js';
import { LAZY_ELEMENTS, whenNear } from './lazy.js';
import { MtaStsRecordElement } from './records.js';

/** Every element defined at once, by its name. */
export const ELEMENTS = {
  'mta-sts-policy-editor': PolicyEditorElement,
  'mta-sts-policy': MtaStsPolicyElement,
  'mta-sts-match': MtaStsMatchElement,
  'mta-sts-record': MtaStsRecordElement,
  'mta-sts-domain-check': MtaStsDomainCheckElement,
  'mta-sts-check': MtaStsCheckElement,
};

/** Defines every element whose name is still free (another copy on the page keeps its own), and
 * watches the document's lazy elements to load their class when they come near the viewport. */
export function define() {
  for (const [name, element] of Object.entries(ELEMENTS)) {
    if (!customElements.get(name)) customElements.define(name, element);
  }
  for (const name of Object.keys(LAZY_ELEMENTS)) {
    for (const el of document.querySelectorAll(name)) whenNear(el);
  }
}
