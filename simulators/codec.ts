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

/** True when x is exactly a value of the format. */
export function isValue(spec: FormatSpec, x: number): boolean {
  return handlerFor(spec).isValue(spec, x);
}
