// What the page remembers between visits, in this browser only (localStorage): per domain, the
// `previous` of the last live check (its policy `id` and hash), so the next check can tell an
// `id` that was not bumped. Nothing else is stored. Every access tolerates a storage that is
// disabled or full.

const PREFIX = 'mtasts.previous.';

/** The stored entry for `domain`: `{ previous, checkedAt, overall }`, or null. */
export function loadPrevious(domain) {
  try {
    const raw = localStorage.getItem(PREFIX + domain);
    const entry = raw ? JSON.parse(raw) : null;
    return entry && typeof entry === 'object' && entry.previous ? entry : null;
  } catch {
    return null;
  }
}

/** Stores the entry for `domain`; returns whether it was stored. */
export function savePrevious(domain, entry) {
  try {
    localStorage.setItem(PREFIX + domain, JSON.stringify(entry));
    return true;
  } catch {
    return false;
  }
}

/** Forgets what is stored for `domain`. */
export function forgetPrevious(domain) {
  try {
    localStorage.removeItem(PREFIX + domain);
  } catch {
    // nothing stored, nothing to forget
  }
}
