import type { FixedSpec } from './formatSpec.js';
import type { FormatFamily } from './formatFamily.js';
import { fixedBitsToCode, fixedCodeRange, fixedCodeToBits, fixedValueToCode, isFixedValue, roundFixed, roundFixedMagnitude } from './fixedPoint.js';
import { badFormat, enumArg, intArg, type SpecArgs } from './specArgs.js';
import { RationalMagnitude } from '../_internal/magnitude.js';
import { DETERMINISTIC_MODES } from '../rounding/roundingMode.js';
import { pow2 } from '../_internal/bits.js';
import { quantizeArrayFast } from '../fastpath/quantizeArrayFast.js';
import { F32 } from './float32Facts.js';

/**
 * The `fixed` family (signed `fixed(w=W,f=F[,overflow=saturate|wrap])` and unsigned `ufixed(...)`): value =
 * code·2^−F with a W-bit two's complement (or unsigned) code, 1 ≤ W ≤ 53; F may be negative or larger than W.
 * Rounding and codes are fixedPoint.ts's; this module is the family's registry entry and owns its grammar,
 * description, facts, float32 check (significant bits ≤ 24: w − 1 signed, w unsigned), cost view (`int`) and
 * array kernel.
 * @example fixedFamily.operand({kind:'fixed',signed:true,w:8,f:0,overflow:'saturate'}) // { kind: 'int', bits: 8 }
 */
export const fixedFamily: FormatFamily<FixedSpec> = {
  kind: 'fixed',
  names: {
    fixed: { keys: ['w', 'f', 'overflow'], build: (t, a) => buildFixed(t, a, true) },
    ufixed: { keys: ['w', 'f', 'overflow'], build: (t, a) => buildFixed(t, a, false) },
  },
  toString: (spec) => `${spec.signed ? 'fixed' : 'ufixed'}(w=${spec.w},f=${spec.f}${spec.overflow === 'wrap' ? ',overflow=wrap' : ''})`,
  round: roundFixed,
  roundRational: (spec, neg, num, den, mode, u) => roundFixedMagnitude(spec, neg, new RationalMagnitude(num, den), mode, u),
  isValue: isFixedValue,
  encode: (spec, x) => {
    if (!isFixedValue(spec, x)) throw new RangeError(`encode: ${x} is not a value of the format; quantize it first`);
    return fixedCodeToBits(spec, fixedValueToCode(spec, x));
  },
  decode: (spec, code) => fixedBitsToCode(spec, code) * pow2(-spec.f),
  bits: (spec) => spec.w,
  modes: [...DETERMINISTIC_MODES, 'sr'],
  describe(spec) {
    const [lo, hi] = fixedCodeRange(spec);
    return [
      ['layout', `${spec.signed ? "two's complement" : 'unsigned'} ${spec.w}-bit code, value = code * 2^${-spec.f}`],
      ['lsb', String(pow2(-spec.f))],
      ['min', `${lo * pow2(-spec.f)} (code ${lo})`],
      ['max', `${hi * pow2(-spec.f)} (code ${hi})`],
      ['overflow', spec.overflow],
    ];
  },
  facts(spec) {
    const [lo, hi] = fixedCodeRange(spec);
    const lsb = pow2(-spec.f);
    return { bits: spec.w, bitsPerElement: spec.w, p: spec.signed ? spec.w - 1 : spec.w, max: hi * lsb, min: lo * lsb, tiny: lsb, smallestSubnormal: lsb, eps: lsb };
  },
  float32Limitation: fixedFloat32Limitation,
  operand: (spec) => ({ kind: 'int', bits: spec.w }),
  quantizeArray: quantizeArrayFast,
};

/**
 * Why float32 cannot hold every value of a fixed format: more than 24 significant bits, a step below 2^−149, or a
 * largest magnitude beyond float32's. A signed w-bit code has magnitude at most 2^(w−1) (the most negative code, a
 * power of two), so a 25-bit signed format still fits; an unsigned one needs w ≤ 24 (AQT's `bits <= 22` made exact).
 */
export function fixedFloat32Limitation(spec: FixedSpec): string | undefined {
  const sig = spec.signed ? spec.w - 1 : spec.w;
  if (sig > F32.sigBits) return `${sig} significant bits (w = ${spec.w}${spec.signed ? ', signed' : ''}) > 24`;
  if (-spec.f < F32.minExp) return `step 2^${-spec.f} is below float32's 2^−149`;
  const maxMag = spec.signed ? 2 ** (spec.w - 1 - spec.f) : (2 ** spec.w - 1) * 2 ** -spec.f;
  if (maxMag > F32.max) return `largest magnitude ${maxMag} exceeds float32's 3.4028235e38`;
  return undefined;
}

function buildFixed(text: string, a: SpecArgs, signed: boolean): FixedSpec {
  const w = intArg(text, a, 'w', 1, 53);
  const f = intArg(text, a, 'f', -1000, 1074);
  const overflow = enumArg(text, a, 'overflow', ['saturate', 'wrap'] as const, 'saturate');
  if (w - f > 1024) throw badFormat(text, `w − f must be ≤ 1024 so that values are doubles; got ${w - f}`);
  return { kind: 'fixed', signed, w, f, overflow };
}
