// The objects of api.d.ts, built from what src/packed.rs packed: every number and flag in `n` (a
// Uint32Array view of the module's memory, valid during the call only), every string in `s`, one
// after the other (each one's length in UTF-16 units is the next number). Each reader takes the
// fields in the order the DTO of src/dto.rs packs them: change both together. Object literals
// keep the key order of api.d.ts (and of the objects serde-wasm-bindgen made before).

class Reader {
  /** @param {Uint32Array} n @param {string} s */
  constructor(n, s) {
    this.n = n;
    this.s = s;
    this.i = 0;
    this.at = 0;
  }
  num() {
    return this.n[this.i++];
  }
  flag() {
    return this.n[this.i++] === 1;
  }
  str() {
    const start = this.at;
    this.at += this.n[this.i++];
    return this.s.slice(start, this.at);
  }
  /** A flag, then the value when it is set; `null` otherwise. */
  opt(read) {
    return this.n[this.i++] === 1 ? read(this) : null;
  }
  /** A count, then each item. */
  list(read) {
    const items = [];
    for (let k = this.n[this.i++]; k > 0; k--) items.push(read(this));
    return items;
  }
}

const num = (r) => r.num();
const str = (r) => r.str();

const edit = (r) => ({ start: r.num(), end: r.num(), text: r.str() });
const fix = (r) => ({ title: r.str(), applicability: r.str(), edits: r.list(edit) });

function diagnostic(r) {
  const d = {
    code: r.str(),
    severity: r.str(),
    message: r.str(),
    rfc: r.str(),
    line: r.num(),
    column: r.num(),
    endLine: r.num(),
    endColumn: r.num(),
    start: r.num(),
    end: r.num(),
    wholeFile: r.flag(),
  };
  // `fix?: Fix`: left out, not null, when there is none.
  if (r.flag()) d.fix = fix(r);
  return d;
}

const field = (r, value) => ({ state: r.str(), value: r.opt(value), raw: r.opt(str), line: r.opt(num), start: r.opt(num), end: r.opt(num) });
const mxEntry = (r) => ({ pattern: r.str(), valid: r.flag(), line: r.num(), start: r.num(), end: r.num() });
const extension = (r) => ({ name: r.str(), value: r.str() });
const policy = (r) => ({
  version: field(r, str),
  mode: field(r, str),
  maxAge: field(r, num),
  mx: r.list(mxEntry),
  requiresMx: r.flag(),
  extensions: r.list(extension),
});
const uncovered = (r) => ({ severity: r.str(), consequence: r.str() });

/** `PolicyResult`. */
export function unpackPolicyResult(n, s) {
  const r = new Reader(n, s);
  return { valid: r.flag(), diagnostics: r.list(diagnostic), value: r.opt(policy) };
}

/** `PolicyAnalysis`, its `coverage` `null` (the lint package sets it afterwards). */
export function unpackPolicyAnalysis(n, s) {
  const r = new Reader(n, s);
  return { valid: r.flag(), diagnostics: r.list(diagnostic), value: r.opt(policy), coverage: null, uncovered: r.opt(uncovered) };
}

/** `Vocabulary`. */
export function unpackVocabulary(n, s) {
  const r = new Reader(n, s);
  return {
    severities: r.list((r) => ({ severity: r.str(), label: r.str(), symbol: r.str() })),
    modes: r.list((r) => ({ mode: r.str(), meaning: r.str(), uncovered: uncovered(r) })),
  };
}
