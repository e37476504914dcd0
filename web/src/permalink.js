// Permalinks: the page's inputs in the URL fragment, which browsers never send to a server.
// Format: `#s=` + base64url of the deflate-raw-compressed JSON `{ p, s, t, m, d }` (policy,
// _mta-sts record, TLS-RPT record, MX hosts, domain; empty ones left out), or `#j=` + base64url of
// the plain JSON where CompressionStream is missing. Anything else in the fragment is ignored.
//
// A link is data from anyone: its size is checked before anything is decoded (MAX_LINK
// characters), and inflating stops as soon as the output passes MAX_STATE bytes, so a small
// link that inflates to gigabytes costs at most that. Each refusal is a LinkError whose message
// says why, in words for the page's status line.

/** The longest fragment read: a policy at the 64 KiB senders accept, incompressible, plus the
 * records and hosts, is under 100,000 characters of base64url. */
export const MAX_LINK = 256 * 1024;
/** The most the JSON of a link may inflate to. */
export const MAX_STATE = 1024 * 1024;

/** A link that cannot be read; `message` is the reason, a clause for "The link could not be read: …". */
export class LinkError extends Error {}

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
  const data = packed ?? plain;
  if (data.length > MAX_LINK) throw new LinkError(`it is ${data.length.toLocaleString('en')} characters long; links of this page hold at most ${MAX_LINK.toLocaleString('en')}`);
  let short;
  try {
    let bytes = fromBase64Url(data);
    if (packed != null) bytes = await inflate(bytes, MAX_STATE);
    if (bytes.length > MAX_STATE) throw new LinkError(tooLarge());
    short = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw err instanceof LinkError ? err : new LinkError('it may have been cut short');
  }
  const state = {};
  for (const [name, key] of Object.entries(KEYS)) state[name] = typeof short?.[key] === 'string' ? short[key] : '';
  return state;
}

function tooLarge() {
  return `it holds more than ${MAX_STATE / 1024 / 1024} MiB of inputs`;
}

/** `bytes` inflated (deflate-raw), read chunk by chunk: stops and throws past `cap` bytes. */
async function inflate(bytes, cap) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > cap) {
      reader.cancel().catch(() => {});
      throw new LinkError(tooLarge());
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
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
