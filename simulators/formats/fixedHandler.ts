import type { FixedSpec } from './formatSpec.js';
import type { FormatHandler } from './formatHandler.js';
import { fixedBitsToCode, fixedCodeToBits, fixedValueToCode, isFixedValue, roundFixed, roundFixedMagnitude } from './fixedPoint.js';
import { RationalMagnitude } from '../_internal/magnitude.js';
import { DETERMINISTIC_MODES } from '../rounding/roundingMode.js';
import { pow2 } from '../_internal/bits.js';

/** Registry entry of the `fixed` family (signed and unsigned). */
export const fixedHandler: FormatHandler<FixedSpec> = {
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
};
