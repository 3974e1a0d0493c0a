import type { TernarySpec } from './formatSpec.js';
import type { FormatFamily } from './formatFamily.js';
import { decodeTernary, encodeTernary, isTernaryValue, roundTernary, roundTernaryRational } from './ternary.js';
import { numArg } from './specArgs.js';
import { DETERMINISTIC_MODES } from '../rounding/roundingMode.js';

/**
 * The `ternary` family, `ternary(threshold=T[,scale=S])` = {−S, 0, +S} (rounding in ternary.ts): every
 * deterministic mode is the threshold rule |x| > T → ±S. Cost view `ternary`: a product with it is a mux with zero.
 * @example ternaryFamily.toString({kind:'ternary',threshold:0.5,scale:1}, ctx) // 'ternary(threshold=0.5)'
 */
export const ternaryFamily: FormatFamily<TernarySpec> = {
  kind: 'ternary',
  names: {
    ternary: {
      keys: ['threshold', 'scale'],
      build: (text, a) => ({
        kind: 'ternary',
        threshold: numArg(text, a, 'threshold', (x) => x >= 0, 'a finite number ≥ 0', 0.5),
        scale: numArg(text, a, 'scale', (x) => x > 0, 'a finite number > 0', 1),
      }),
    },
  },
  toString: (spec) => `ternary(threshold=${spec.threshold}${spec.scale === 1 ? '' : `,scale=${spec.scale}`})`,
  round: roundTernary,
  roundRational: roundTernaryRational,
  isValue: isTernaryValue,
  encode: encodeTernary,
  decode: decodeTernary,
  bits: () => 2,
  modes: [...DETERMINISTIC_MODES, 'sr'],
  describe: (spec) => [['values', `{-${spec.scale}, 0, +${spec.scale}}`], ['threshold', String(spec.threshold)]],
  facts: (spec) => ({ bits: 2, bitsPerElement: 2, max: spec.scale, min: -spec.scale, tiny: spec.scale }),
  float32Limitation: (spec) => (Math.fround(spec.scale) === spec.scale ? undefined : `scale = ${spec.scale} is not a float32`),
  operand: () => ({ kind: 'ternary', bits: 2 }),
};
