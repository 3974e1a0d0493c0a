import type { FixedSpec } from './formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { Rem, roundUp } from '../_internal/decide.js';
import { FLAG_O, FLAG_V, FLAG_X } from '../_internal/flags.js';
import { DoubleMagnitude, type Magnitude } from '../_internal/magnitude.js';
import { ldexp, pow2 } from '../_internal/bits.js';

/** A rounded fixed-point result: the integer code (two's complement value, not raw bits), its value, flags. */
export interface FixedResult {
  code: number;
  value: number;
  flags: number;
}

/** Smallest and largest code of a fixed format. */
export function fixedCodeRange(spec: FixedSpec): [number, number] {
  return spec.signed ? [-(2 ** (spec.w - 1)), 2 ** (spec.w - 1) - 1] : [0, 2 ** spec.w - 1];
}

/**
 * Rounds a double into a fixed-point format: value = code·2^−f, the code a w-bit integer.
 *
 * The value is rounded once on the 2^−f grid in the given mode; then, if the code is out of range, `saturate`
 * clamps it and `wrap` reduces it modulo 2^w (two's complement). Flags: `x` when the rounding was inexact,
 * `o` when the range was exceeded (so an in-grid out-of-range value raises `o` alone, as in the oracle).
 * Stochastic rounding takes the candidate farther from zero when u < (distance from the nearer one)/lsb,
 * so the upper candidate has probability exactly (x − floor)/lsb.
 * Not modelled: NaN has no code; it gives code 0 with the invalid flag `v`. ±inf clamp to the range with `o`
 * under either overflow mode.
 * @example roundFixed({kind:'fixed',signed:true,w:8,f:4,overflow:'saturate'}, 1.03, 'rne').value // 1
 */
export function roundFixed(spec: FixedSpec, x: number, mode: RoundingMode, u = 0): FixedResult {
  if (Number.isNaN(x)) return { code: 0, value: 0, flags: FLAG_V };
  const [lo, hi] = fixedCodeRange(spec);
  if (x === Infinity || x === -Infinity) {
    const code = x > 0 ? hi : lo;
    return { code, value: code * pow2(-spec.f), flags: FLAG_O };
  }
  if (x === 0) return { code: 0, value: 0, flags: 0 };
  // a scaled value beyond 2^53 (or beyond the double range, for large f) is split exactly on BigInts
  return roundFixedMagnitude(spec, x < 0, new DoubleMagnitude(Math.abs(x)), mode, u);
}

/** Rounds an exact nonzero magnitude with a sign into the fixed format (shared with exact arithmetic). */
export function roundFixedMagnitude(spec: FixedSpec, neg: boolean, mag: Magnitude, mode: RoundingMode, u: number): FixedResult {
  const [lo, hi] = fixedCodeRange(spec);
  const s = mag.split(-spec.f, u);
  const up = roundUp(mode, neg, s.I % 2 === 1, s.rem, s.srHi);
  let flags = s.rem === Rem.Zero ? 0 : FLAG_X;
  const n = up ? s.I + 1 : s.I;
  let code = (neg ? -n : n) || 0;
  if (code < lo || code > hi) {
    flags |= FLAG_O;
    if (spec.overflow === 'saturate') code = code < lo ? lo : hi;
    else code = wrapCode(spec, neg, s.Ibig !== undefined ? s.Ibig + (up ? 1n : 0n) : BigInt(n));
  }
  return { code, value: code * pow2(-spec.f), flags };
}

/** Reduces a signed integer magnitude modulo 2^w into the code range (two's complement when signed). */
function wrapCode(spec: FixedSpec, neg: boolean, mag: bigint): number {
  const mod = 1n << BigInt(spec.w);
  let c = (neg ? -mag : mag) % mod;
  if (c < 0n) c += mod;
  if (spec.signed && c >= mod >> 1n) c -= mod;
  return Number(c);
}

/** True when x is a value of the fixed format. */
export function isFixedValue(spec: FixedSpec, x: number): boolean {
  if (!Number.isFinite(x)) return false;
  // ldexp, not x·2^f: 2^f itself is no double for f > 1023, though every value code·2^−f is
  const c = ldexp(x, spec.f);
  const [lo, hi] = fixedCodeRange(spec);
  return Number.isInteger(c) && c >= lo && c <= hi && ldexp(c, -spec.f) === x;
}

/** The integer code of a value of the format (exact: see `isFixedValue`). */
export function fixedValueToCode(spec: FixedSpec, x: number): number {
  return ldexp(x, spec.f);
}

/** Raw w-bit pattern of a code (two's complement for signed formats). */
export function fixedCodeToBits(spec: FixedSpec, code: number): bigint {
  const b = BigInt(code);
  return b < 0n ? b + (1n << BigInt(spec.w)) : b;
}

/** Code of a raw w-bit pattern. */
export function fixedBitsToCode(spec: FixedSpec, bits: bigint): number {
  if (bits < 0n || bits >> BigInt(spec.w) !== 0n) {
    throw new RangeError(`decode: code must be an integer in 0..2^${spec.w}-1; got ${bits}`);
  }
  return Number(spec.signed && bits >> BigInt(spec.w - 1) === 1n ? bits - (1n << BigInt(spec.w)) : bits);
}
