// Entry point of the page: loads the wasm package built into ./pkg/ by `npm run build`.
import init, { version } from './pkg/mtasts_wasm.js';

const versionEl = document.getElementById('version');
const statusEl = document.getElementById('status');

try {
  // Fetches ./pkg/mtasts_wasm_bg.wasm next to the glue (served as application/wasm).
  await init();
  versionEl.textContent = version();
  document.documentElement.dataset.wasm = 'ready';
} catch (err) {
  versionEl.textContent = 'unavailable';
  statusEl.textContent = `Could not load the validator: ${err instanceof Error ? err.message : err}`;
  statusEl.hidden = false;
  document.documentElement.dataset.wasm = 'failed';
  throw err;
}
