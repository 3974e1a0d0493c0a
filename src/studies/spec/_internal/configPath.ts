/**
 * Config paths: `optimizer.lr`, `model.hidden[1]`, `policy.default.weight.format`, the same syntax the training
 * config validator uses in its messages (`config.model.hidden[1]: …`), so that an error can be traced back to
 * the grid axis that set the value.
 */

export type PathSegment = string | number;

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Keys that reach an object's prototype machinery when used on a plain object; never a config key. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses `a.b[2].c` into `['a', 'b', 2, 'c']`.
 * @throws RangeError naming the path when it is empty or malformed, or uses `__proto__`, `constructor` or
 *   `prototype` (a grid path `__proto__.x` would otherwise set `x` on Object.prototype).
 */
export function parseConfigPath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/gy;
  let i = 0;
  let expectKey = true;
  while (i < path.length) {
    if (!expectKey && path[i] === '.') {
      i++;
      expectKey = true;
      continue;
    }
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m) break;
    if (m[1] !== undefined) {
      if (!expectKey || !SEGMENT.test(m[1])) break;
      if (FORBIDDEN_KEYS.has(m[1])) throw new RangeError(`config path ${JSON.stringify(path)}: key '${m[1]}' is not allowed (reserved: ${[...FORBIDDEN_KEYS].join(', ')})`);
      out.push(m[1]);
    } else {
      if (expectKey) break; // an index follows a key or an index, never a '.' or the start
      out.push(Number(m[2]));
    }
    expectKey = false;
    i = re.lastIndex;
  }
  if (i !== path.length || out.length === 0 || expectKey) {
    throw new RangeError(
      `config path ${JSON.stringify(path)} is malformed; expected keys joined by '.' with optional [index], e.g. "policy.default.weight.format" or "model.hidden[0]"`,
    );
  }
  return out;
}

/** Formats segments back into the canonical path string. */
export function formatConfigPath(segs: readonly PathSegment[]): string {
  return segs.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}

type Json = unknown;

/**
 * Sets `value` at `segs` inside `root` (mutates), creating missing objects on the way. An index into a
 * non-array, or a key into a non-object, is an error.
 */
export function setAtPath(root: Record<string, Json>, segs: readonly PathSegment[], value: Json): void {
  let cur: Json = root;
  for (let k = 0; k < segs.length; k++) {
    const seg = segs[k]!;
    const last = k === segs.length - 1;
    if (typeof seg === 'number') {
      if (!Array.isArray(cur) || seg > cur.length) {
        throw new RangeError(`${formatConfigPath(segs.slice(0, k + 1))}: index ${seg} is out of range of the base config`);
      }
      if (last) cur[seg] = value;
      else cur = cur[seg] ??= typeof segs[k + 1] === 'number' ? [] : {};
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) {
        throw new RangeError(`${formatConfigPath(segs.slice(0, k))}: is not an object in the base config, cannot set key '${seg}'`);
      }
      if (FORBIDDEN_KEYS.has(seg)) throw new RangeError(`${formatConfigPath(segs.slice(0, k + 1))}: key '${seg}' is not allowed`);
      const obj = cur as Record<string, Json>;
      if (last) obj[seg] = value;
      else {
        // own properties only: an inherited member (toString, …) is not a config value
        if (!Object.hasOwn(obj, seg) || obj[seg] === undefined || obj[seg] === null) obj[seg] = typeof segs[k + 1] === 'number' ? [] : {};
        cur = obj[seg];
      }
    }
  }
}

/** The value at `segs`, or undefined when any step is missing. */
export function getAtPath(root: Json, segs: readonly PathSegment[]): Json {
  let cur: Json = root;
  for (const seg of segs) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<PathSegment, Json>)[seg];
  }
  return cur;
}
