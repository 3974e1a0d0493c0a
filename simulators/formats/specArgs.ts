/**
 * The `key=value` arguments of a format spec string, `NAME(key=value,...)`, and the checks every family builder
 * uses on them. Values may nest (`scaled(elem=float(e=4,m=3),scale=float32,block=32)`): a comma inside
 * parentheses belongs to the value. Lookups go through a `Map`, so a key like `constructor` is just an unknown key.
 *
 * Every error is a RangeError `format "<text>": <why>` naming the key, the value given and what is allowed.
 * @example parseSpecArgs('f(a=1,b=g(x=2,y=3))', 'a=1,b=g(x=2,y=3)').get('b') // 'g(x=2,y=3)'
 */
export type SpecArgs = Map<string, string>;

/** The error every format parser throws: `format "<text>": <why>`. */
export function badFormat(text: string, why: string): RangeError {
  return new RangeError(`format ${JSON.stringify(text)}: ${why}`);
}

/** Splits `body` at the commas outside parentheses. */
export function splitTopLevel(text: string, body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth < 0) throw badFormat(text, `unbalanced ')' in '${body}'`);
    } else if (ch === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw badFormat(text, `unbalanced '(' in '${body}'`);
  parts.push(body.slice(start));
  return parts;
}

/** Parses the argument list of a spec string (the text between the outer parentheses). */
export function parseSpecArgs(text: string, body: string | undefined): SpecArgs {
  const out: SpecArgs = new Map();
  if (body === undefined || body.trim() === '') return out;
  for (const part of splitTopLevel(text, body)) {
    const kv = /^\s*([a-zA-Z]+)\s*=\s*(\S(?:.*\S)?)\s*$/s.exec(part);
    if (!kv || (!kv[2]!.includes('(') && /[=\s]/.test(kv[2]!))) throw badFormat(text, `malformed argument '${part.trim()}'; expected key=value`);
    if (out.has(kv[1]!)) throw badFormat(text, `key '${kv[1]}' given twice`);
    out.set(kv[1]!, kv[2]!);
  }
  return out;
}

/** An integer argument in lo..hi (or the default when absent and one is given). */
export function intArg(text: string, a: SpecArgs, key: string, lo: number, hi: number, dflt?: number): number {
  const raw = a.get(key);
  if (raw === undefined) {
    if (dflt === undefined) throw badFormat(text, `missing key '${key}' (an integer in ${lo}..${hi})`);
    return dflt;
  }
  if (!/^[+-]?\d+$/.test(raw) || Number(raw) < lo || Number(raw) > hi) {
    throw badFormat(text, `${key} must be an integer in ${lo}..${hi}; got ${raw}`);
  }
  return Number(raw);
}

/** A finite number argument accepted by `ok` (described by `what`). */
export function numArg(text: string, a: SpecArgs, key: string, ok: (x: number) => boolean, what: string, dflt?: number): number {
  const raw = a.get(key);
  if (raw === undefined) {
    if (dflt === undefined) throw badFormat(text, `missing key '${key}' (${what})`);
    return dflt;
  }
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x) || !ok(x)) throw badFormat(text, `${key} must be ${what}; got ${raw}`);
  return x;
}

/** One of a fixed list of words. */
export function enumArg<T extends string>(text: string, a: SpecArgs, key: string, allowed: readonly T[], dflt: T): T {
  const raw = a.get(key);
  if (raw === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(raw)) throw badFormat(text, `${key} must be one of ${allowed.join('|')}; got ${raw}`);
  return raw as T;
}
