// Reads the declarations of web/pkg/mtasts_wasm.d.ts (the subset of TypeScript that
// crates/mtasts-wasm/src/api.d.ts and wasm-bindgen write) and checks JavaScript values against
// them, so a test can prove that what the functions return is exactly what their declared
// return types say: every required field present with the declared type, no undeclared field.

/** Parsed declarations: interfaces, type aliases and function signatures. */
export function parseDeclarations(source) {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const interfaces = new Map();
  const aliases = new Map();
  const functions = new Map();

  for (const m of text.matchAll(/export interface (\w+)(?:<([\w, ]+)>)?(?: extends ([\w<>, ]+))?\s*\{([^}]*)\}/g)) {
    const [, name, params, base, body] = m;
    const fields = new Map();
    for (const field of body.split(';').map((f) => f.trim()).filter(Boolean)) {
      const fm = /^(?:readonly\s+)?(\w+)(\?)?\s*:\s*([\s\S]+)$/.exec(field);
      if (!fm) throw new Error(`interface ${name}: cannot read field \`${field}\``);
      // Parsed when first checked: wasm-bindgen's own `InitOutput` holds function types.
      fields.set(fm[1], { optional: Boolean(fm[2]), source: fm[3] });
    }
    interfaces.set(name, {
      params: params ? params.split(',').map((p) => p.trim()) : [],
      base: base ? parseType(base) : null,
      fields,
    });
  }
  for (const m of text.matchAll(/export type (\w+)(?:<([\w, ]+)>)?\s*=\s*([^;]+);/g)) {
    aliases.set(m[1], { params: m[2] ? m[2].split(',').map((p) => p.trim()) : [], source: m[3] });
  }
  for (const m of text.matchAll(/export (?:default )?function (\w+)\s*\(([^)]*)\)\s*:\s*([^;]+);/g)) {
    functions.set(m[1], { params: m[2].trim(), returns: m[3].trim() });
  }
  return { interfaces, aliases, functions };
}

/** Parses a type expression: unions, `T[]`, `readonly`, string literals, names with type arguments. */
export function parseType(source) {
  const tokens = source.match(/"[^"]*"|[\w.]+|\[\]|[|<>,()]/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];

  function union() {
    if (peek() === '|') next();
    const alternatives = [postfix()];
    while (peek() === '|') {
      next();
      alternatives.push(postfix());
    }
    return alternatives.length === 1 ? alternatives[0] : { kind: 'union', alternatives };
  }
  function postfix() {
    let type = primary();
    while (peek() === '[]') {
      next();
      type = { kind: 'array', element: type };
    }
    return type;
  }
  function primary() {
    const token = next();
    if (token === undefined) throw new Error(`unexpected end of type \`${source}\``);
    if (token === 'readonly') return postfix();
    if (token === '(') {
      const inner = union();
      if (next() !== ')') throw new Error(`expected ) in \`${source}\``);
      return inner;
    }
    if (token.startsWith('"')) return { kind: 'literal', value: token.slice(1, -1) };
    if (['string', 'number', 'boolean', 'null', 'undefined'].includes(token)) return { kind: 'primitive', name: token };
    const args = [];
    if (peek() === '<') {
      next();
      args.push(union());
      while (peek() === ',') {
        next();
        args.push(union());
      }
      if (next() !== '>') throw new Error(`expected > in \`${source}\``);
    }
    return { kind: 'ref', name: token, args };
  }

  const type = union();
  if (i !== tokens.length) throw new Error(`cannot read type \`${source}\` (stopped at \`${tokens[i]}\`)`);
  return type;
}

/**
 * The problems of `value` against `type` (an empty list when it conforms). `seen` collects the
 * names of the interfaces and aliases that were checked.
 */
export function check(decls, value, type, where = 'value', seen = new Set(), env = new Map()) {
  switch (type.kind) {
    case 'primitive':
      if (type.name === 'null') return value === null ? [] : [`${where}: expected null, got ${show(value)}`];
      if (type.name === 'undefined') return value === undefined ? [] : [`${where}: expected undefined`];
      return typeof value === type.name ? [] : [`${where}: expected ${type.name}, got ${show(value)}`];
    case 'literal':
      return value === type.value ? [] : [`${where}: expected "${type.value}", got ${show(value)}`];
    case 'array':
      if (!Array.isArray(value)) return [`${where}: expected an array, got ${show(value)}`];
      return value.flatMap((v, i) => check(decls, v, type.element, `${where}[${i}]`, seen, env));
    case 'union': {
      const failures = type.alternatives.map((alt) => check(decls, value, alt, where, seen, env));
      return failures.some((f) => f.length === 0) ? [] : [`${where}: matches no alternative: ${failures.flat().join('; ')}`];
    }
    case 'ref': {
      if (env.has(type.name)) return check(decls, value, env.get(type.name), where, seen, env);
      const alias = decls.aliases.get(type.name);
      if (alias) {
        seen.add(type.name);
        alias.type ??= parseType(alias.source);
        return check(decls, value, alias.type, where, seen, bind(alias.params, type.args, env));
      }
      const iface = decls.interfaces.get(type.name);
      if (!iface) return [`${where}: unknown type ${type.name}`];
      seen.add(type.name);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return [`${where}: expected a ${type.name} object, got ${show(value)}`];
      }
      const fields = allFields(decls, iface);
      const scope = bind(iface.params, type.args, env);
      const problems = [];
      for (const key of Object.keys(value)) {
        if (!fields.has(key)) problems.push(`${where}.${key}: not declared in ${type.name}`);
      }
      for (const [key, field] of fields) {
        if (!(key in value) || value[key] === undefined) {
          if (!field.optional) problems.push(`${where}.${key}: missing (required in ${type.name})`);
          continue;
        }
        field.type ??= parseType(field.source);
        problems.push(...check(decls, value[key], field.type, `${where}.${key}`, seen, scope));
      }
      return problems;
    }
    default:
      return [`${where}: unsupported type ${JSON.stringify(type)}`];
  }
}

function allFields(decls, iface) {
  const fields = new Map();
  if (iface.base) {
    const base = decls.interfaces.get(iface.base.name);
    if (!base) throw new Error(`unknown base interface ${iface.base.name}`);
    for (const [k, v] of allFields(decls, base)) fields.set(k, v);
  }
  for (const [k, v] of iface.fields) fields.set(k, v);
  return fields;
}

function bind(params, args, env) {
  const scope = new Map(env);
  params.forEach((p, i) => scope.set(p, args[i] ?? { kind: 'primitive', name: 'undefined' }));
  return scope;
}

function show(value) {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
