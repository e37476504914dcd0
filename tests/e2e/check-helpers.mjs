// Shared by the specs that call checkDomain in the page (check*.spec.mjs; not a spec itself).

/** The engine's policy hash (FNV-1a, 64 bits, of the UTF-8 bytes), as `report.previous.policyHash`. */
export function policyHash(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

/** `options.previous` for a scenario's `previous` (`id` and the previous policy body). */
export function previousOption(previous) {
  return { id: previous.id ?? null, policyHash: policyHash(previous.policy ?? '') };
}

/** Opens the app page (production CSP) and imports the live-check package into
 * `globalThis.mtastsPackage`, as the page itself does on the first Check. */
export async function loadCheckPackage(page) {
  await page.goto('/');
  await page.evaluate(async () => {
    const wasm = await import('/pkg-check/mtasts_wasm_check.js');
    await wasm.default();
    globalThis.mtastsPackage = wasm;
  });
}
