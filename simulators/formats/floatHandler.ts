import type { FloatSpec } from './formatSpec.js';
import type { FormatHandler } from './formatHandler.js';
import { decodeFloat, encodeFloat, isFloatValue, isSignalingNaNFloat, roundFloat, roundMagnitude } from './minifloat.js';
import { floatLayout } from './floatLayout.js';
import { RationalMagnitude } from '../_internal/magnitude.js';
import { DETERMINISTIC_MODES } from '../rounding/roundingMode.js';

/** Registry entry of the `float` family. */
export const floatHandler: FormatHandler<FloatSpec> = {
  round: roundFloat,
  roundRational: (spec, neg, num, den, mode, u) =>
    roundMagnitude(spec, floatLayout(spec), neg, new RationalMagnitude(num, den), mode, u),
  isValue: isFloatValue,
  encode: encodeFloat,
  decode: decodeFloat,
  isSignalingNaN: isSignalingNaNFloat,
  bits: (spec) => 1 + spec.e + spec.m,
  modes: [...DETERMINISTIC_MODES, 'sr'],
};
