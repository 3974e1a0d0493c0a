import type { FloatSpec } from '../../simulators/formats/formatSpec.js';
import { isSignalingNaNCode as isSnan } from '../../simulators/codec.js';
import { handlerFor } from '../../simulators/registry.js';
import type { ScalarSpec } from './testOp.js';

/**
 * Bit codes of a scalar format as the test files write them: float codes are sign | exponent | mantissa, fixed-point
 * codes the w-bit two's complement (or unsigned) pattern; BigInt, so float64 codes are exact.
 */

/** Width of a code in bits. */
export function codeBits(spec: ScalarSpec): number {
  return spec.kind === 'float' ? 1 + spec.e + spec.m : spec.w;
}

/** Number of hex digits of a code in a test line: ceil(bits / 4) (TestFloat: f16 4, f32 8, f64 16). */
export function hexDigits(spec: ScalarSpec): number {
  return Math.ceil(codeBits(spec) / 4);
}

/** A code as upper-case hex, zero-padded to the format's width, without `0x` (TestFloat's line format). */
export function codeToHex(spec: ScalarSpec, code: bigint): string {
  return code.toString(16).toUpperCase().padStart(hexDigits(spec), '0');
}

/** The value of a code (a NaN code gives NaN, whatever its payload). */
export function codeValue(spec: ScalarSpec, code: bigint): number {
  return handlerFor(spec).decode(spec, code);
}

/** True for every NaN code of a float format (any sign and payload). Fixed point has no NaN. */
export function isNaNCode(spec: ScalarSpec, code: bigint): boolean {
  return spec.kind === 'float' && Number.isNaN(handlerFor(spec).decode(spec, code));
}

/** True for a signalling NaN code (lowbit's model: `ieee` formats with m ≥ 2, quiet bit = top mantissa bit clear). */
export function isSignalingNaNCode(spec: ScalarSpec, code: bigint): boolean {
  return isSnan(spec, code);
}

/** A signalling NaN code (positive, payload 1) of an IEEE-style format with m ≥ 2, else undefined. */
export function signalingNaNCode(spec: FloatSpec): bigint | undefined {
  if (spec.specials !== 'ieee' || spec.m < 2) return undefined;
  return ((((1n << BigInt(spec.e)) - 1n) << BigInt(spec.m)) | 1n);
}
