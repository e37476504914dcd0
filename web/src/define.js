// Registers the mtasts elements under their names: `define()`, called by the entry modules
// (web/main.js, web/mta-sts-check.js) once they have said where the wasm is. Kept apart from the
// classes (as github/relative-time-element does) so that importing a class never defines
// anything, and an embedder can register a class under another name.
//
// The reports reader and the generator are not in the first load: ./lazy.js imports their
// classes on first use (`whenNear`, `loadElement`).
import { MtaStsCheckElement } from './check-widget.js';
import { MtaStsDomainCheckElement } from './live-check.js';
import { MtaStsMatchElement } from './match-preview.js';
import { PolicyEditorElement } from './policy-editor.js';
import { MtaStsPolicyElement } from './policy-panel.js';
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

/** Defines every element whose name is still free (another copy on the page keeps its own). */
export function define() {
  for (const [name, element] of Object.entries(ELEMENTS)) {
    if (!customElements.get(name)) customElements.define(name, element);
  }
}
