import type { FloatSpec } from './formatSpec.js';
import type { FormatFamily } from './formatFamily.js';
import { floatHandler } from './floatHandler.js';
import { floatLayout } from './floatLayout.js';
import { badFormat, enumArg, intArg, type SpecArgs } from './specArgs.js';
import { codeHex } from './codeHex.js';
import { quantizeArrayFast } from '../fastpath/quantizeArrayFast.js';
import { F32 } from './float32Facts.js';

/**
 * The `float` family as a plug-in: `float(e=E,m=M[,subnormals=on|off|ftz][,specials=ieee|fn|fnuz|none]
 * [,overflow=inf|saturate|nan])`, 1 ≤ E ≤ 11, 0 ≤ M ≤ 52. Overflow defaults to `inf` for ieee and `saturate`
 * otherwise; `specials=none` allows only `saturate`. Rounding, encode and decode are `floatHandler`'s
 * (minifloat.ts); this module adds the spec grammar, description, facts, float32 check, cost view and array kernel.
 *
 * Not modelled: formats whose values are not all binary64 doubles (e.g. e=11 with specials=fn) are rejected.
 * @example floatFamily.names.float!.build('float(e=4,m=3)', new Map([['e','4'],['m','3']]), ctx) // {kind:'float', e:4, m:3, …}
 * References: IEEE 754-2019; OCP OFP8 rev 1.0; OCP Microscaling Formats v1.0 §5.
 */
export const floatFamily: FormatFamily<FloatSpec> = {
  ...floatHandler,
  kind: 'float',
  names: { float: { keys: ['e', 'm', 'subnormals', 'specials', 'overflow'], build: buildFloat } },
  toString(spec) {
    let s = `float(e=${spec.e},m=${spec.m}`;
    if (spec.subnormals !== 'on') s += `,subnormals=${spec.subnormals}`;
    if (spec.specials !== 'ieee') s += `,specials=${spec.specials}`;
    if (spec.overflow !== (spec.specials === 'ieee' ? 'inf' : 'saturate')) s += `,overflow=${spec.overflow}`;
    return s + ')';
  },
  describe(spec) {
    const L = floatLayout(spec);
    const bits = L.nbits;
    const enc = (x: number) => codeHex(floatHandler.encode(spec, x), bits);
    return [
      ['layout', `sign 1 | exponent ${spec.e} | mantissa ${spec.m}`],
      ['precision p', String(L.p)],
      ['bias', String(L.bias)],
      ['exponent range', `emin ${L.emin} .. emax ${L.emax}`],
      ['max finite', `${L.maxFinite} (${enc(L.maxFinite)})`],
      ['min normal', `${L.minNormal} (${enc(L.minNormal)})`],
      ['subnormals', spec.subnormals === 'on' ? `${L.minSubnormal} .. ${L.minNormal - L.minSubnormal}` : spec.subnormals === 'off' ? 'none (values below min normal round within {0, min normal})' : 'flushed to zero after rounding'],
      ['zero', L.hasNegZero ? `+0 ${codeHex(0n, bits)}, -0 ${enc(-0)}` : `+0 ${codeHex(0n, bits)} (no -0)`],
      ['infinity', L.hasInf ? `+inf ${enc(Infinity)}, -inf ${enc(-Infinity)}` : 'none'],
      ['NaN', L.nanCode === undefined ? 'none' : nanCodes(spec, bits, L.nanCode)],
      ['overflow', spec.overflow],
    ];
  },
  facts(spec) {
    const L = floatLayout(spec);
    return {
      bits: L.nbits,
      bitsPerElement: L.nbits,
      p: L.p,
      emin: L.emin,
      emax: L.emax,
      max: L.maxFinite,
      min: -L.maxFinite,
      tiny: L.minNormal,
      smallestSubnormal: spec.subnormals === 'on' ? L.minSubnormal : L.minNormal,
      eps: 2 ** -spec.m,
    };
  },
  float32Limitation(spec) {
    if (spec.m > F32.sigBits - 1) return `m = ${spec.m} > 23 stored mantissa bits`;
    const L = floatLayout(spec);
    if (L.maxFinite > F32.max) return `largest finite value 2^${L.emax}·(2−…) exceeds float32's 3.4028235e38`;
    if (L.emin - spec.m < F32.minExp) return `smallest quantum 2^${L.emin - spec.m} is below float32's 2^−149`;
    return undefined;
  },
  operand: (spec) => ({ kind: 'float', bits: 1 + spec.e + spec.m, e: spec.e, m: spec.m }),
  quantizeArray: quantizeArrayFast,
};

function nanCodes(spec: FloatSpec, bits: number, canonical: bigint): string {
  if (spec.specials === 'fnuz') return `${codeHex(canonical, bits)} only`;
  if (spec.specials === 'fn') return `${codeHex(canonical, bits)} and ${codeHex(canonical | (1n << BigInt(spec.e + spec.m)), bits)}`;
  return `exponent all ones with mantissa != 0 (canonical quiet NaN ${codeHex(canonical, bits)})`;
}

function buildFloat(text: string, a: SpecArgs): FloatSpec {
  const e = intArg(text, a, 'e', 1, 11);
  const m = intArg(text, a, 'm', 0, 52);
  const subnormals = enumArg(text, a, 'subnormals', ['on', 'off', 'ftz'] as const, 'on');
  const specials = enumArg(text, a, 'specials', ['ieee', 'fn', 'fnuz', 'none'] as const, 'ieee');
  const overflow = enumArg(text, a, 'overflow', ['inf', 'saturate', 'nan'] as const, specials === 'ieee' ? 'inf' : 'saturate');
  if (specials === 'none' && overflow !== 'saturate') {
    throw badFormat(text, `specials=none encodes no inf or NaN, so overflow must be saturate; got ${overflow}`);
  }
  if (specials === 'fn' && m === 0 && e === 1) throw badFormat(text, 'specials=fn with e=1,m=0 leaves no finite nonzero value');
  const bias = specials === 'fnuz' ? 2 ** (e - 1) : 2 ** (e - 1) - 1;
  const emax = (specials === 'ieee' ? 2 ** e - 2 : 2 ** e - 1) - bias;
  const emin = 1 - bias;
  if (emax > 1023 || emin - m < -1074) {
    throw badFormat(text, `values fall outside binary64 (emax ${emax}, smallest quantum 2^${emin - m}); use e ≤ 10 or specials=ieee`);
  }
  return { kind: 'float', e, m, subnormals, specials, overflow };
}
