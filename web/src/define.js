// Registers the page's custom elements under their names. Kept apart from the classes (as
// github/relative-time-element does) so that importing a class never defines anything.
import { PolicyEditorElement } from './policy-editor.js';

if (!customElements.get('mtasts-policy-editor')) {
  customElements.define('mtasts-policy-editor', PolicyEditorElement);
}
