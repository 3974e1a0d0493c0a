import type {
  BinarySpec,
  DfixedSpec,
  FixedSpec,
  FloatSpec,
  FormatSpec,
  Pow2Spec,
  TernarySpec,
} from './formatSpec.js';
import { FORMAT_PRESETS, PRESET_IDS } from './presets.js';

/**
 * Parses a format spec string or preset id into a `FormatSpec`. The grammar is a contract shared by the CLI and
 * experiment configs:
 *
 * - `float(e=E,m=M[,subnormals=on|off|ftz][,specials=ieee|fn|fnuz|none][,overflow=inf|saturate|nan])`,
 *   1 ≤ E ≤ 11, 0 ≤ M ≤ 52; overflow defaults to `inf` for ieee and `saturate` otherwise; `specials=none`
 *   allows only `overflow=saturate`.
 * - `fixed(w=W,f=F[,overflow=saturate|wrap])`, `ufixed(...)`: 1 ≤ W ≤ 53 (values stay exact doubles).
 * - `dfixed(w=W[,f=F][,overflow=saturate|wrap])`.
 * - `pow2(min=L,max=H)`, `binary[(scale=S)]`, `ternary(threshold=T[,scale=S])`.
 * - a preset id from `FORMAT_PRESETS`.
 *
 * Not modelled: float formats whose values are not all binary64 doubles (e.g. e=11 with specials=fn) are rejected.
 * @throws RangeError naming the argument, the value given and what is allowed.
 * @example parseFormat('float8_e4m3fn') // {kind:'float', e:4, m:3, subnormals:'on', specials:'fn', overflow:'saturate'}
 */
export function parseFormat(text: string): FormatSpec {
  if (typeof text !== 'string') {
    throw new TypeError(`parseFormat: format must be a string; got ${typeof text}`);
  }
  const s = text.trim();
  const preset = FORMAT_PRESETS[s];
  if (preset !== undefined) return parseFormat(preset);
  const m = /^([a-z][a-z0-9]*)\s*(?:\((.*)\))?$/s.exec(s);
  if (!m) throw bad(text, `not a format spec; expected a preset (${PRESET_IDS.join(', ')}) or NAME(key=value,...)`);
  const family = m[1]!;
  const args = parseArgs(text, m[2]);
  const builder = BUILDERS[family];
  if (!builder) {
    throw bad(text, `unknown format '${family}'; expected a preset (${PRESET_IDS.join(', ')}) or one of ${Object.keys(BUILDERS).join(', ')}`);
  }
  const spec = builder(text, args);
  const unknown = [...args.keys()].filter((k) => !(ALLOWED_KEYS[family] ?? []).includes(k));
  if (unknown.length) throw bad(text, `unknown key '${unknown[0]}' for ${family}; allowed keys: ${ALLOWED_KEYS[family]!.join(', ')}`);
  return spec;
}

const ALLOWED_KEYS: Record<string, string[]> = {
  float: ['e', 'm', 'subnormals', 'specials', 'overflow'],
  fixed: ['w', 'f', 'overflow'],
  ufixed: ['w', 'f', 'overflow'],
  dfixed: ['w', 'f', 'overflow'],
  pow2: ['min', 'max'],
  binary: ['scale'],
  ternary: ['threshold', 'scale'],
};

type Args = Map<string, string>;

const BUILDERS: Record<string, (text: string, a: Args) => FormatSpec> = {
  float: buildFloat,
  fixed: (t, a) => buildFixed(t, a, true),
  ufixed: (t, a) => buildFixed(t, a, false),
  dfixed: buildDfixed,
  pow2: buildPow2,
  binary: buildBinary,
  ternary: buildTernary,
};

function bad(text: string, why: string): RangeError {
  return new RangeError(`format ${JSON.stringify(text)}: ${why}`);
}

function parseArgs(text: string, body: string | undefined): Args {
  const out: Args = new Map();
  if (body === undefined || body.trim() === '') return out;
  for (const part of body.split(',')) {
    const kv = /^\s*([a-z]+)\s*=\s*([^=\s]+)\s*$/.exec(part);
    if (!kv) throw bad(text, `malformed argument '${part.trim()}'; expected key=value`);
    if (out.has(kv[1]!)) throw bad(text, `key '${kv[1]}' given twice`);
    out.set(kv[1]!, kv[2]!);
  }
  return out;
}

function intArg(text: string, a: Args, key: string, lo: number, hi: number, dflt?: number): number {
  const raw = a.get(key);
  if (raw === undefined) {
    if (dflt === undefined) throw bad(text, `missing key '${key}' (an integer in ${lo}..${hi})`);
    return dflt;
  }
  if (!/^[+-]?\d+$/.test(raw) || Number(raw) < lo || Number(raw) > hi) {
    throw bad(text, `${key} must be an integer in ${lo}..${hi}; got ${raw}`);
  }
  return Number(raw);
}

function numArg(text: string, a: Args, key: string, ok: (x: number) => boolean, what: string, dflt?: number): number {
  const raw = a.get(key);
  if (raw === undefined) {
    if (dflt === undefined) throw bad(text, `missing key '${key}' (${what})`);
    return dflt;
  }
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x) || !ok(x)) throw bad(text, `${key} must be ${what}; got ${raw}`);
  return x;
}

function enumArg<T extends string>(text: string, a: Args, key: string, allowed: readonly T[], dflt: T): T {
  const raw = a.get(key);
  if (raw === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(raw)) throw bad(text, `${key} must be one of ${allowed.join('|')}; got ${raw}`);
  return raw as T;
}

function buildFloat(text: string, a: Args): FloatSpec {
  const e = intArg(text, a, 'e', 1, 11);
  const m = intArg(text, a, 'm', 0, 52);
  const subnormals = enumArg(text, a, 'subnormals', ['on', 'off', 'ftz'] as const, 'on');
  const specials = enumArg(text, a, 'specials', ['ieee', 'fn', 'fnuz', 'none'] as const, 'ieee');
  const overflow = enumArg(text, a, 'overflow', ['inf', 'saturate', 'nan'] as const, specials === 'ieee' ? 'inf' : 'saturate');
  if (specials === 'none' && overflow !== 'saturate') {
    throw bad(text, `specials=none encodes no inf or NaN, so overflow must be saturate; got ${overflow}`);
  }
  if (specials === 'fn' && m === 0 && e === 1) throw bad(text, 'specials=fn with e=1,m=0 leaves no finite nonzero value');
  const bias = specials === 'fnuz' ? 2 ** (e - 1) : 2 ** (e - 1) - 1;
  const emax = (specials === 'ieee' ? 2 ** e - 2 : 2 ** e - 1) - bias;
  const emin = 1 - bias;
  if (emax > 1023 || emin - m < -1074) {
    throw bad(text, `values fall outside binary64 (emax ${emax}, smallest quantum 2^${emin - m}); use e ≤ 10 or specials=ieee`);
  }
  return { kind: 'float', e, m, subnormals, specials, overflow };
}

function buildFixed(text: string, a: Args, signed: boolean): FixedSpec {
  const w = intArg(text, a, 'w', 1, 53);
  const f = intArg(text, a, 'f', -1000, 1074);
  const overflow = enumArg(text, a, 'overflow', ['saturate', 'wrap'] as const, 'saturate');
  if (w - f > 1024) throw bad(text, `w − f must be ≤ 1024 so that values are doubles; got ${w - f}`);
  return { kind: 'fixed', signed, w, f, overflow };
}

function buildDfixed(text: string, a: Args): DfixedSpec {
  const w = intArg(text, a, 'w', 2, 53);
  const f = intArg(text, a, 'f', -1000, 1074, w - 1 - 5);
  const overflow = enumArg(text, a, 'overflow', ['saturate', 'wrap'] as const, 'saturate');
  return { kind: 'dfixed', w, f, overflow };
}

function buildPow2(text: string, a: Args): Pow2Spec {
  const min = intArg(text, a, 'min', -1074, 1023);
  const max = intArg(text, a, 'max', -1074, 1023);
  if (min > max) throw bad(text, `min must be ≤ max; got min=${min}, max=${max}`);
  return { kind: 'pow2', min, max };
}

function buildBinary(text: string, a: Args): BinarySpec {
  return { kind: 'binary', scale: numArg(text, a, 'scale', (x) => x > 0, 'a finite number > 0', 1) };
}

function buildTernary(text: string, a: Args): TernarySpec {
  const threshold = numArg(text, a, 'threshold', (x) => x >= 0, 'a finite number ≥ 0', 0.5);
  const scale = numArg(text, a, 'scale', (x) => x > 0, 'a finite number > 0', 1);
  return { kind: 'ternary', threshold, scale };
}

/**
 * The canonical spec string of a format (defaults omitted), which `parseFormat` reads back to an equal spec.
 * @example formatToString(parseFormat('float8_e4m3fn')) // 'float(e=4,m=3,specials=fn)'
 */
export function formatToString(spec: FormatSpec): string {
  switch (spec.kind) {
    case 'float': {
      let s = `float(e=${spec.e},m=${spec.m}`;
      if (spec.subnormals !== 'on') s += `,subnormals=${spec.subnormals}`;
      if (spec.specials !== 'ieee') s += `,specials=${spec.specials}`;
      if (spec.overflow !== (spec.specials === 'ieee' ? 'inf' : 'saturate')) s += `,overflow=${spec.overflow}`;
      return s + ')';
    }
    case 'fixed':
      return `${spec.signed ? 'fixed' : 'ufixed'}(w=${spec.w},f=${spec.f}${spec.overflow === 'wrap' ? ',overflow=wrap' : ''})`;
    case 'dfixed':
      return `dfixed(w=${spec.w},f=${spec.f}${spec.overflow === 'wrap' ? ',overflow=wrap' : ''})`;
    case 'pow2':
      return `pow2(min=${spec.min},max=${spec.max})`;
    case 'binary':
      return spec.scale === 1 ? 'binary' : `binary(scale=${spec.scale})`;
    case 'ternary':
      return `ternary(threshold=${spec.threshold}${spec.scale === 1 ? '' : `,scale=${spec.scale}`})`;
  }
}

/** The preset id whose spec equals this one, if any (e.g. 'float8_e4m3fn'). */
export function presetName(spec: FormatSpec): string | undefined {
  const s = formatToString(spec);
  return PRESET_IDS.find((id) => formatToString(parseFormat(FORMAT_PRESETS[id]!)) === s);
}
