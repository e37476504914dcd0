// Permalinks: the page's inputs in the URL fragment, which browsers never send to a server.
// Format: `#s=` + base64url of the deflate-raw-compressed JSON `{ p, s, t, m, d }` (policy,
// _mta-sts record, TLS-RPT record, MX hosts, domain; empty ones left out), or `#j=` + base64url of
// the plain JSON where CompressionStream is missing. Anything else in the fragment is ignored.

const KEYS = { policy: 'p', sts: 's', tlsrpt: 't', hosts: 'm', domain: 'd' };

/** The fragment (without `#`) for `state` ({ policy, sts, tlsrpt, hosts, domain }). */
export async function encodeState(state) {
  const short = {};
  for (const [name, key] of Object.entries(KEYS)) if (state[name]) short[key] = state[name];
  const json = new TextEncoder().encode(JSON.stringify(short));
  if (typeof CompressionStream === 'function') {
    return `s=${toBase64Url(await pipe(json, new CompressionStream('deflate-raw')))}`;
  }
  return `j=${toBase64Url(json)}`;
}

/**
 * The state in a fragment (with or without `#`), `null` when there is none, or throws when there is
 * one that cannot be read. Only string values are taken.
 */
export async function decodeState(fragment) {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const packed = params.get('s');
  const plain = params.get('j');
  if (packed == null && plain == null) return null;
  let bytes = fromBase64Url(packed ?? plain);
  if (packed != null) bytes = await pipe(bytes, new DecompressionStream('deflate-raw'));
  const short = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  const state = {};
  for (const [name, key] of Object.entries(KEYS)) state[name] = typeof short?.[key] === 'string' ? short[key] : '';
  return state;
}

async function pipe(bytes, transform) {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function toBase64Url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const s = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}
