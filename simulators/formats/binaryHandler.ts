import type { BinarySpec } from './formatSpec.js';
import type { FormatHandler } from './formatHandler.js';
import { decodeBinary, encodeBinary, isBinaryValue, roundBinary, roundBinaryRational } from './binary.js';
import { DETERMINISTIC_MODES } from '../rounding/roundingMode.js';

/** Registry entry of the `binary` family (±scale). Every deterministic mode is the sign function. */
export const binaryHandler: FormatHandler<BinarySpec> = {
  round: roundBinary,
  roundRational: roundBinaryRational,
  isValue: isBinaryValue,
  encode: encodeBinary,
  decode: decodeBinary,
  bits: () => 1,
  modes: [...DETERMINISTIC_MODES, 'sr'],
};
