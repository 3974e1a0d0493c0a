/**
 * Run names: readable, filesystem-safe and unique, from a grid point's axis labels, e.g.
 * `weight=fixed(w=8,f=4)__seed=1`. A study with no axis has the one run `base`.
 *
 * Safe characters are `A-Z a-z 0-9 . _ , = ( ) + @ % -`; anything else becomes `_`. Names longer than 120
 * characters are cut and end in a hash of the full name; a name that is still taken gets `~2`, `~3`, ….
 */

const UNSAFE = /[^A-Za-z0-9._,=()+@%-]/g;
const MAX = 120;

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** A readable label for an axis value: strings as they are, numbers and booleans printed, the rest as compact JSON. */
export function valueLabel(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v)) return v.map(valueLabel).join(',');
  return JSON.stringify(v);
}

/** Makes one label filesystem-safe. */
export function safeLabel(s: string): string {
  const t = s.replace(UNSAFE, '_');
  return t === '' || t === '.' || t === '..' ? `_${t}` : t;
}

/**
 * Names every point from its ordered `[axisName, label]` pairs, unique within the list.
 * @example runNames([[['weight', 'fixed(w=8,f=4)'], ['seed', '1']]]) // ['weight=fixed(w=8,f=4)__seed=1']
 */
export function runNames(points: ReadonlyArray<ReadonlyArray<readonly [string, string]>>): string[] {
  const taken = new Set<string>();
  return points.map((pairs) => {
    let name = pairs.length === 0 ? 'base' : pairs.map(([k, v]) => `${safeLabel(k)}=${safeLabel(v)}`).join('__');
    if (name.length > MAX) name = `${name.slice(0, MAX - 9)}~${fnv1a(name)}`;
    let unique = name;
    for (let k = 2; taken.has(unique); k++) unique = `${name}~${k}`;
    taken.add(unique);
    return unique;
  });
}
