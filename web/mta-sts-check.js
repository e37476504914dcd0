// The embeddable widget's module (docs/EMBED.md): `<script type="module" src=".../mta-sts-check.js">`
// defines <mta-sts-check> (and the elements it is built from). The wasm and the live-check package
// are found next to this file (pkg/, pkg-check/, codes.json), whether it is web/mta-sts-check.js
// or the bundle dist/embed/mta-sts-check.js; an embedder who moves them sets the widget's `base`
// attribute or `MtaStsCheckElement.base` (exported here) before the first widget connects.
import { MtaStsCheckElement } from './src/check-widget.js';
import { define } from './src/define.js';

MtaStsCheckElement.base ??= new URL('./', import.meta.url);
define();

export { MtaStsCheckElement };
export { MtaStsCheckedEvent, MtaStsGeneratedEvent, MtaStsReportsReadEvent, MtaStsUsePolicyEvent, MtaStsValidatedEvent } from './src/events.js';
