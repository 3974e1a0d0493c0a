import fc from 'fast-check';

/**
 * Generators of hostile and ordinary inputs for the CLI fuzz: strings that have broken parsers before (prototype
 * keys, path escapes, huge and special numbers), JSON mutations of valid files, numeric stdin lines, format specs
 * and cost formulas. `canary` is a folder outside the fuzz's work folder: hostile paths point into it.
 */
export function hostileStrings(canary: string): fc.Arbitrary<string> {
  return fc.constantFrom(
    '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
    '../x', '../../../../etc/hostname', '/etc/hostname', `${canary}/x`, `../canary/x`, '..', '.', '', ' ', '\0',
    'a'.repeat(5000), '😀', '\u202e', 'nan', 'inf', '-0', '1e999999', '0x1p-1074', '-1', '3000000',
    '{x}', '{size(zeros(40000,40000))[1]}', '$x', 'runs', '/proc/x', '/sys/x', 'C:\\x', 'a/b/../../..',
  );
}

/** Any JSON-able value, with the hostile strings and extreme numbers mixed in. */
export function anyValue(canary: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: hostileStrings(canary) },
    { weight: 2, arbitrary: fc.constantFrom(0, -1, 1, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 31, 3e6, 1e-320, 1e9, null, true, false, [], {}) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.integer({ min: -100, max: 100_000 }) },
  );
}

/** Every [path, value] of a JSON tree (objects and arrays), the root first. */
function nodes(v: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  const out = [path];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...nodes(x, [...path, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...nodes(x, [...path, k]));
  return out;
}

function getAt(v: unknown, path: Array<string | number>): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)?.[k], v);
}

/** One mutation: [which node, which operation, a value, a key]. */
export type Mutation = [number, number, unknown, string];

/** Applies mutations to a deep copy of `base`; returns JSON text (some mutations are textual). */
export function mutateJson(base: unknown, muts: Mutation[], textCut?: [number, number, string]): string {
  let v: unknown = structuredClone(base);
  let protoKey: string | undefined;
  for (const [which, op, value, key] of muts) {
    const all = nodes(v);
    const path = all[which % all.length]!;
    const parent = path.length ? getAt(v, path.slice(0, -1)) : undefined;
    const last = path[path.length - 1];
    const here = getAt(v, path);
    switch (op % 6) {
      case 0: // replace the value
        if (path.length === 0) v = value;
        else (parent as Record<string | number, unknown>)[last!] = value;
        break;
      case 1: // delete it
        if (Array.isArray(parent)) parent.splice(last as number, 1);
        else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[last as string];
        break;
      case 2: // add a key (own property, even __proto__)
        if (here && typeof here === 'object' && !Array.isArray(here)) Object.defineProperty(here, key, { value, enumerable: true, writable: true, configurable: true });
        else if (Array.isArray(here)) here.push(value);
        break;
      case 3: // grow an array or repeat a string
        if (Array.isArray(here)) here.push(...here.slice(0, 3));
        else if (typeof here === 'string' && parent) (parent as Record<string | number, unknown>)[last!] = here.repeat(3);
        break;
      case 4: // change a number's magnitude
        if (typeof here === 'number' && parent) (parent as Record<string | number, unknown>)[last!] = [0, -here, here * 1000, here + 0.5, 1e6 * here][Math.abs(which) % 5];
        break;
      default:
        protoKey = key;
    }
  }
  let text = JSON.stringify(v) ?? 'null';
  if (protoKey !== undefined && text.startsWith('{')) text = `{${JSON.stringify(['__proto__', 'constructor', 'prototype'][protoKey.length % 3])}: {"polluted": 1},${text.slice(1)}`.replace(',}', '}');
  if (textCut) {
    const [at, len, ins] = textCut;
    const i = at % (text.length + 1);
    text = text.slice(0, i) + ins + text.slice(i + (len % 4));
  }
  return text;
}

/** Mutations of a JSON file, with an occasional textual corruption. */
export function jsonMutations(canary: string): fc.Arbitrary<{ muts: Mutation[]; cut?: [number, number, string] }> {
  const mut = fc.tuple(fc.nat(), fc.nat(), anyValue(canary), fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'name'), fc.string({ maxLength: 6 })));
  return fc.record(
    { muts: fc.array(mut, { minLength: 0, maxLength: 3 }), cut: fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('', '{', '}', ',', '"', ']', 'x', '\\', '\u0000')) },
    { requiredKeys: ['muts'] },
  );
}

/** Format spec strings: presets, well-formed families with wild parameters, and junk. */
export function formatSpecs(presets: readonly string[], canary: string): fc.Arbitrary<string> {
  const n = fc.integer({ min: -2000, max: 2000 });
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...presets) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom('float(e=%,m=%)', 'fixed(w=%,f=%)', 'ufixed(w=%,f=%)', 'dfixed(w=%,f=%)', 'int%', 'uint%', 'pow2(min=%,max=%)', 'float(e=%,m=%,specials=fn)', 'float(e=%,m=%,overflow=saturate,subnormals=ftz)', 'ternary(threshold=%)', 'binary(scale=%)'), n, n).map(([t, a, b]) => t.replace('%', String(a)).replace('%', String(b))) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('float(e=4,m=3)', 'int8', 'fixed(w=8,f=4)'), fc.nat(), fc.string({ maxLength: 4 })).map(([s, i, x]) => s.slice(0, i % (s.length + 1)) + x + s.slice(i % (s.length + 1))) },
    { weight: 2, arbitrary: hostileStrings(canary) },
  );
}

/** One stdin line of numbers: decimals, hex floats, specials, long digit strings, junk. */
export function numberText(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.double().map((x) => String(x)) },
    { weight: 2, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.constantFrom('nan', '-nan', 'inf', '-inf', 'snan', 'NaN', 'Infinity', '1e999999999', '-1e-999999999', '-0', '0x1p-1074', '0x1.fffffffffffffp1023', '0x', '1e', '.', '+', '--1', '0b101', '1_000', ' 1 ', '1,5', '٣') },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('0.', '1', '-0.', '9.'), fc.integer({ min: 1, max: 3000 }), fc.constantFrom('0', '3', '9', '1')).map(([a, k, d]) => a + d.repeat(k)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
}

/** Stdin text: a few lines of 1–3 numbers each (arity errors included), sometimes with CRLF or no final newline. */
export function stdinText(): fc.Arbitrary<string> {
  const line = fc.array(numberText(), { minLength: 0, maxLength: 3 }).map((xs) => xs.join(' '));
  return fc.tuple(fc.array(line, { minLength: 0, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([ls, nl, end]) => ls.join(nl) + (end ? nl : ''));
}

/** A cost formula: a random expression over symbols, units, operators and (allowed or not) functions. */
export function costExpression(): fc.Arbitrary<string> {
  const { expr } = fc.letrec<{ expr: string; leaf: string }>((tie) => ({
    leaf: fc.oneof(
      fc.constantFrom('b', 'c', 'm', 'e', 'n', 's', 'b_in', 'b_w', 'x', 'pi', 'Infinity', 'NaN'),
      fc.constantFrom('0', '1', '-1', '0.5', '8', '65536', '1e300', '1e-300'),
      fc.constantFrom('1 pJ', '0.01 pJ', '2 fJ', '1 nJ', '1 J', '3 eV', '1 pJ/bit', '1 bit', '1 W', '1 m'),
    ),
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tie('leaf'),
      fc.tuple(tie('expr'), fc.constantFrom(' + ', ' - ', ' * ', ' / ', ' ^ '), tie('expr')).map(([a, o, b]) => `(${a}${o}${b})`),
      fc.tuple(fc.constantFrom('sqrt', 'log', 'log2', 'log10', 'exp', 'abs', 'ceil', 'floor', 'sin', 'zeros', 'size', 'evaluate', 'import'), tie('expr')).map(([f, a]) => `${f}(${a})`),
      fc.tuple(fc.constantFrom('max', 'min'), tie('expr'), tie('expr')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    ),
  }));
  return fc.oneof({ weight: 5, arbitrary: expr.map((e) => `1 pJ * ${e}`) }, { weight: 2, arbitrary: expr }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
}
