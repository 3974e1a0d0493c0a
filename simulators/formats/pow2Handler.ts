import type { Pow2Spec } from './formatSpec.js';
import type { FormatHandler } from './formatHandler.js';
import { decodePow2, encodePow2, isPow2Value, pow2Bits, roundPow2, roundPow2Magnitude } from './pow2.js';
import { RationalMagnitude } from '../_internal/magnitude.js';
import { DETERMINISTIC_MODES } from '../rounding/roundingMode.js';

/** Registry entry of the `pow2` family (power-of-two shift operands); the only family that accepts `log`. */
export const pow2Handler: FormatHandler<Pow2Spec> = {
  round: roundPow2,
  roundRational: (spec, neg, num, den, mode, u) => roundPow2Magnitude(spec, neg, new RationalMagnitude(num, den), mode, u),
  isValue: isPow2Value,
  encode: encodePow2,
  decode: decodePow2,
  bits: pow2Bits,
  modes: [...DETERMINISTIC_MODES, 'sr', 'log'],
};
