import type { FormatSpec } from './formatSpec.js';
import type { FamilyContext } from './formatFamily.js';
import { PRESET_IDS, presetSpec } from './presets.js';
import { badFormat, parseSpecArgs } from './specArgs.js';
import { familyForName, familyNames, handlerFor } from '../registry.js';

/**
 * Parses a format spec string or preset id into a `FormatSpec`. The grammar is a contract shared by the CLI and
 * experiment configs: a preset id (`FORMAT_PRESETS`) or `NAME(key=value,...)`, where NAME is a spec name of a
 * registered family and the keys are that name's (values may nest: `scaled(elem=int8,scale=float32,block=32)`):
 *
 * - `float(e=E,m=M[,subnormals=on|off|ftz][,specials=ieee|fn|fnuz|none][,overflow=inf|saturate|nan])`;
 * - `fixed(w=W,f=F[,overflow=saturate|wrap])`, `ufixed(...)`, `dfixed(w=W[,f=F][,overflow=…])`;
 * - `pow2(min=L,max=H)`, `binary[(scale=S)]`, `ternary(threshold=T[,scale=S])`;
 * - the block-scaled families' specs (see their modules).
 *
 * Lookups of user strings go through own-property maps, so `constructor` or `__proto__` are unknown names.
 * @throws RangeError naming the argument, the value given and what is allowed.
 * @example parseFormat('float8_e4m3fn') // {kind:'float', e:4, m:3, subnormals:'on', specials:'fn', overflow:'nan'}
 */
export function parseFormat(text: string): FormatSpec {
  if (typeof text !== 'string') {
    throw new TypeError(`parseFormat: format must be a string; got ${typeof text}`);
  }
  const s = text.trim();
  const preset = presetSpec(s);
  if (preset !== undefined) return parseFormat(preset);
  const m = /^([a-z][a-z0-9]*)\s*(?:\((.*)\))?$/s.exec(s);
  if (!m) throw badFormat(text, `not a format spec; expected a preset (${PRESET_IDS.join(', ')}) or NAME(key=value,...)`);
  const name = m[1]!;
  const family = familyForName(name);
  if (!family) {
    throw badFormat(text, `unknown format '${name}'; expected a preset (${PRESET_IDS.join(', ')}) or one of ${familyNames().join(', ')}`);
  }
  const args = parseSpecArgs(text, m[2]);
  const entry = family.names[name]!;
  const unknown = [...args.keys()].filter((k) => !entry.keys.includes(k));
  if (unknown.length) throw badFormat(text, `unknown key '${unknown[0]}' for ${name}; allowed keys: ${entry.keys.join(', ') || '(none)'}`);
  return entry.build(text, args, CONTEXT);
}

/**
 * The canonical spec string of a format (defaults omitted), which `parseFormat` reads back to an equal spec.
 * @example formatToString(parseFormat('float8_e4m3fn')) // 'float(e=4,m=3,specials=fn,overflow=nan)'
 */
export function formatToString(spec: FormatSpec): string {
  return handlerFor(spec).toString(spec, CONTEXT);
}

let presetByString: Map<string, string> | undefined;

/**
 * The preset id whose spec equals this one, if any (e.g. 'float8_e4m3fn').
 * @example
 * presetName(parseFormat('float(e=8,m=7)')) // 'bfloat16'
 */
export function presetName(spec: FormatSpec): string | undefined {
  if (!presetByString) {
    presetByString = new Map();
    for (const id of PRESET_IDS) {
      const key = formatToString(parseFormat(presetSpec(id)!));
      if (!presetByString.has(key)) presetByString.set(key, id);
    }
  }
  return presetByString.get(formatToString(spec));
}

/** The context family builders and printers call back into. */
export const CONTEXT: FamilyContext = {
  parse: parseFormat,
  toString: formatToString,
  name: (spec) => presetName(spec) ?? formatToString(spec),
};
