import type { BinarySpec } from './formatSpec.js';
import type { FormatFamily } from './formatFamily.js';
import { decodeBinary, encodeBinary, isBinaryValue, roundBinary, roundBinaryRational } from './binary.js';
import { numArg } from './specArgs.js';
import { DETERMINISTIC_MODES } from '../rounding/roundingMode.js';

/**
 * The `binary` family, `binary[(scale=S)]` = {−S, +S} with sign(0) = +S (rounding in binary.ts). Every
 * deterministic mode is the sign function. Cost view `binary`: a product with it is a mux, two binaries an XNOR.
 * @example binaryFamily.toString({kind:'binary',scale:1}, ctx) // 'binary'
 */
export const binaryFamily: FormatFamily<BinarySpec> = {
  kind: 'binary',
  names: { binary: { keys: ['scale'], build: (text, a) => ({ kind: 'binary', scale: numArg(text, a, 'scale', (x) => x > 0, 'a finite number > 0', 1) }) } },
  toString: (spec) => (spec.scale === 1 ? 'binary' : `binary(scale=${spec.scale})`),
  round: roundBinary,
  roundRational: roundBinaryRational,
  isValue: isBinaryValue,
  encode: encodeBinary,
  decode: decodeBinary,
  bits: () => 1,
  modes: [...DETERMINISTIC_MODES, 'sr'],
  describe: (spec) => [['values', `{-${spec.scale}, +${spec.scale}}, sign(0) = +${spec.scale}`]],
  facts: (spec) => ({ bits: 1, bitsPerElement: 1, max: spec.scale, min: -spec.scale, tiny: spec.scale }),
  float32Limitation: (spec) => (Math.fround(spec.scale) === spec.scale ? undefined : `scale = ${spec.scale} is not a float32`),
  operand: () => ({ kind: 'binary', bits: 1 }),
};
