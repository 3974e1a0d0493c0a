import type { Pow2Spec } from './formatSpec.js';
import type { FormatFamily } from './formatFamily.js';
import { decodePow2, encodePow2, isPow2Value, pow2Bits, roundPow2, roundPow2Magnitude } from './pow2.js';
import { badFormat, intArg } from './specArgs.js';
import { RationalMagnitude } from '../_internal/magnitude.js';
import { DETERMINISTIC_MODES } from '../rounding/roundingMode.js';
import { pow2 } from '../_internal/bits.js';
import { F32 } from './float32Facts.js';

/**
 * The `pow2` family, `pow2(min=L,max=H)` = {0} ∪ {±2^k : L ≤ k ≤ H} (power-of-two shift operands; rounding in
 * pow2.ts); the only family that accepts `log`. Storage 1 + ⌈log2(H − L + 2)⌉ bits (sign + exponent index, zero
 * taking one index). Cost view `pow2` with span H − L: a product with it is a shift.
 * @example pow2Family.facts({kind:'pow2',min:-4,max:3}, ctx).max // 8
 */
export const pow2Family: FormatFamily<Pow2Spec> = {
  kind: 'pow2',
  names: {
    pow2: {
      keys: ['min', 'max'],
      build(text, a) {
        const min = intArg(text, a, 'min', -1074, 1023);
        const max = intArg(text, a, 'max', -1074, 1023);
        if (min > max) throw badFormat(text, `min must be ≤ max; got min=${min}, max=${max}`);
        return { kind: 'pow2', min, max };
      },
    },
  },
  toString: (spec) => `pow2(min=${spec.min},max=${spec.max})`,
  round: roundPow2,
  roundRational: (spec, neg, num, den, mode, u) => roundPow2Magnitude(spec, neg, new RationalMagnitude(num, den), mode, u),
  isValue: isPow2Value,
  encode: encodePow2,
  decode: decodePow2,
  bits: pow2Bits,
  modes: [...DETERMINISTIC_MODES, 'sr', 'log'],
  describe: (spec) => [
    ['values', `{0} ∪ {±2^k : ${spec.min} ≤ k ≤ ${spec.max}}`],
    ['max', String(pow2(spec.max))],
    ['min nonzero', String(pow2(spec.min))],
  ],
  facts: (spec) => ({
    bits: pow2Bits(spec),
    bitsPerElement: pow2Bits(spec),
    p: 1,
    emin: spec.min,
    emax: spec.max,
    max: pow2(spec.max),
    min: -pow2(spec.max),
    tiny: pow2(spec.min),
    smallestSubnormal: pow2(spec.min),
    eps: 1,
  }),
  float32Limitation(spec) {
    if (spec.min < F32.minExp) return `min = ${spec.min} < −149`;
    if (spec.max > 127) return `max = ${spec.max} > 127`;
    return undefined;
  },
  operand: (spec) => ({ kind: 'pow2', bits: pow2Bits(spec), span: spec.max - spec.min }),
};
