import type { FormatSpec } from './formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';

/**
 * A rounded scalar: the value (always an exact double) and the flags raised (see `_internal/flags.ts`).
 * @example
 * const { value, flags }: Rounded = quantizeWithFlags(parseFormat('float16'), 0.1);
 */
export interface Rounded {
  value: number;
  flags: number;
}

/**
 * The scalar operations of a format family: rounding, codes and modes. A `FormatFamily` (formatFamily.ts) is a
 * handler plus everything else about the family; dispatch goes through the `kind → family` map in `registry.ts`,
 * never through chains of type tests. A block family rounds a scalar as a block of one element.
 */
export interface FormatHandler<S extends FormatSpec = FormatSpec> {
  /** Rounds a double; `u` is the uniform draw used by `sr`. */
  round(spec: S, x: number, mode: RoundingMode, u: number): Rounded;
  /** Rounds the exact rational ±num/den (num, den > 0) once. */
  roundRational(spec: S, neg: boolean, num: bigint, den: bigint, mode: RoundingMode, u: number): Rounded;
  /** True when x is a value of the format. */
  isValue(spec: S, x: number): boolean;
  /** The bit code of a value of the format. */
  encode(spec: S, x: number): bigint;
  /** The value of a bit code. */
  decode(spec: S, code: bigint): number;
  /** Width of a code in bits. */
  bits(spec: S): number;
  /** True when the code is a signalling NaN (IEEE 754-2008 §6.2.1); absent for families without sNaNs. */
  isSignalingNaN?(spec: S, code: bigint): boolean;
  /** Rounding modes the format accepts. */
  modes: readonly RoundingMode[];
}
