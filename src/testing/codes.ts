import type { FloatSpec } from '../../simulators/formats/formatSpec.js';
import { floatLayout } from '../../simulators/formats/floatLayout.js';
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

/**
 * True for a signalling NaN: an IEEE-style format (specials=ieee) whose code has the all-ones exponent, a nonzero
 * mantissa and the quiet bit (the top mantissa bit, IEEE 754-2019 §6.2.1) clear. `fn` and `fnuz` formats have a
 * single NaN code, which lowbit treats as quiet; a format with m = 1 has no signalling NaN.
 */
export function isSignalingNaNCode(spec: ScalarSpec, code: bigint): boolean {
  if (spec.kind !== 'float' || spec.specials !== 'ieee' || spec.m < 1) return false;
  const m = BigInt(spec.m);
  const ef = (code >> m) & ((1n << BigInt(spec.e)) - 1n);
  const mf = code & ((1n << m) - 1n);
  return ef === (1n << BigInt(spec.e)) - 1n && mf !== 0n && (mf >> (m - 1n)) === 0n;
}

/** A signalling NaN code (positive, payload 1) of an IEEE-style format with m ≥ 2, else undefined. */
export function signalingNaNCode(spec: FloatSpec): bigint | undefined {
  if (spec.specials !== 'ieee' || spec.m < 2) return undefined;
  return ((((1n << BigInt(spec.e)) - 1n) << BigInt(spec.m)) | 1n);
}

/**
 * The code lowbit gives a result value: the canonical quiet NaN for NaN (ieee: sign 0, quiet bit set, payload 0),
 * else the value's own code; `null` when the result is NaN in a format that encodes no NaN (`specials=none`).
 */
export function resultCode(spec: ScalarSpec, value: number): bigint | null {
  if (Number.isNaN(value)) {
    if (spec.kind !== 'float') return null;
    return floatLayout(spec).nanCode ?? null;
  }
  return handlerFor(spec).encode(spec, value);
}
