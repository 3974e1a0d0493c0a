import type { TernarySpec } from './formatSpec.js';
import type { FormatHandler } from './formatHandler.js';
import { decodeTernary, encodeTernary, isTernaryValue, roundTernary, roundTernaryRational } from './ternary.js';
import { DETERMINISTIC_MODES } from '../rounding/roundingMode.js';

/** Registry entry of the `ternary` family ({−S, 0, +S}). Every deterministic mode is the threshold rule. */
export const ternaryHandler: FormatHandler<TernarySpec> = {
  round: roundTernary,
  roundRational: roundTernaryRational,
  isValue: isTernaryValue,
  encode: encodeTernary,
  decode: decodeTernary,
  bits: () => 2,
  modes: [...DETERMINISTIC_MODES, 'sr'],
};
