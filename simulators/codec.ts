import type { FormatSpec } from './formats/formatSpec.js';
import { handlerFor } from './registry.js';

/**
 * The bit code of a value of the format (codes up to 64 bits wide, as BigInt): sign|exponent|mantissa for floats,
 * the w-bit two's complement pattern for fixed point.
 * @throws RangeError when x is not a value of the format (quantize it first).
 * @example encode(parseFormat('float8_e4m3fn'), 448) // 0x7en
 */
export function encode(spec: FormatSpec, x: number): bigint {
  if (typeof x !== 'number') throw new TypeError(`encode: x must be a number; got ${typeof x}`);
  return handlerFor(spec).encode(spec, x);
}

/**
 * The value of a bit code.
 * @throws RangeError when the code is outside 0..2^bits−1.
 * @example decode(parseFormat('float8_e4m3fn'), 0x7en) // 448
 */
export function decode(spec: FormatSpec, code: bigint | number): number {
  if (typeof code === 'number') {
    if (!Number.isSafeInteger(code)) throw new RangeError(`decode: code must be a non-negative integer; got ${code}`);
    code = BigInt(code);
  }
  if (typeof code !== 'bigint') throw new TypeError(`decode: code must be a bigint or integer; got ${typeof code}`);
  return handlerFor(spec).decode(spec, code);
}

/**
 * True when x is exactly a value of the format.
 * @example
 * isValue(parseFormat('float8_e4m3fn'), 0.3125) // true
 * isValue(parseFormat('float8_e4m3fn'), 0.3) // false
 */
export function isValue(spec: FormatSpec, x: number): boolean {
  return handlerFor(spec).isValue(spec, x);
}

/**
 * True when the code is a signalling NaN of the format (IEEE 754-2008 §6.2.1: the quiet bit is the top mantissa
 * bit). Only `ieee` float formats with m ≥ 2 have signalling NaNs.
 * @throws RangeError when the code is out of range for the format.
 * @example isSignalingNaNCode(parseFormat('float32'), 0x7f800001n) // true; 0x7fc00000n is quiet
 */
export function isSignalingNaNCode(spec: FormatSpec, code: bigint): boolean {
  const h = handlerFor(spec);
  return Number.isNaN(h.decode(spec, code)) && (h.isSignalingNaN?.(spec, code) ?? false);
}

/**
 * A result at the code level: the result's code (undefined for a NaN in a format without a NaN code), its value, flags.
 * @example
 * const { code, value, flags }: CodeResult = quantizeCode(parseFormat('float8_e4m3fn'), parseFormat('float16'), 0x3c00n);
 */
export interface CodeResult {
  code: bigint | undefined;
  value: number;
  flags: number;
}

/**
 * The code of a result value: `encode`, except that a NaN gives the format's canonical quiet NaN code (sign 0,
 * ieee: only the quiet bit set) and undefined in a format without NaN encodings (e.g. `specials=none`).
 * @example resultCode(parseFormat('float16'), NaN) // 0x7e00n
 */
export function resultCode(spec: FormatSpec, value: number): bigint | undefined {
  const h = handlerFor(spec);
  if (Number.isNaN(value) && !h.isValue(spec, value)) return undefined;
  return h.encode(spec, value);
}
