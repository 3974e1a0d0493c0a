import type { Pow2Spec } from './formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { Rem, roundUp } from '../_internal/decide.js';
import { FLAG_O, FLAG_U, FLAG_V, FLAG_X } from '../_internal/flags.js';
import { DoubleMagnitude, RationalMagnitude, type Magnitude } from '../_internal/magnitude.js';
import { floorLog2, pow2 } from '../_internal/bits.js';

/** A rounded pow2 result: the value (0 or ±2^k, an exact double) and the flags raised. */
export interface Pow2Result {
  value: number;
  flags: number;
}

/**
 * Rounds a double into `pow2(min=L,max=H)` = {0} ∪ {±2^k : L ≤ k ≤ H}, the operand set of a bit-shift
 * multiplier (Lin et al. 2016 §2.3; Miyashita et al. 2016 log quantisation).
 *
 * The candidates of |x| are its two neighbours in the set: 2^k ≤ |x| < 2^(k+1) for L ≤ k, and {0, 2^L} for
 * |x| < 2^L. Truth table (a = |x|, lower neighbour lo, upper hi = 2·lo, or 2^L when lo = 0):
 *
 * | mode   | picks hi when                                                                   |
 * |--------|---------------------------------------------------------------------------------|
 * | rne    | a > (lo+hi)/2 (the linear midpoint 1.5·lo); at the tie: hi when its code is even  |
 * | rna    | a ≥ (lo+hi)/2                                                                   |
 * | rhu    | a > midpoint, or a = midpoint and x > 0                                          |
 * | rtz    | never                                                                           |
 * | raz    | always (a not in the set)                                                       |
 * | rup    | x > 0                                                                           |
 * | rdn    | x < 0                                                                           |
 * | rto    | hi's code is odd (truncate, then force the code's last bit to 1 if inexact)      |
 * | sr     | u < (a − lo)/(hi − lo), i.e. P(hi) = a/2^k − 1 above 2^L (Lin et al.): E[q] = x   |
 * | log    | log2 a rounds up: a ≥ √2·lo (see below)                                         |
 *
 * "Even"/"odd" refer to the code's magnitude index (zero is 0, 2^k is k − L + 1; see `encodePow2`), as
 * ml_dtypes rounds float8_e8m0fnu to nearest-even on the exponent field: with one significant bit the IEEE
 * "even significand" is undefined. So the tie between 0 and 2^L goes to 0, and `rto` picks 2^L there.
 *
 * `log` is BinaryNet's AP2 (Courbariaux et al. 2016 §4.3): sign(x)·2^round(log2|x|), clipped to [L, H].
 * Zero stands where 2^(L−1) would be in the log grid, so |x| < 2^(L−½) gives 0 and 2^(L−½) ≤ |x| < 2^L gives
 * 2^L. Ties (|x| = √2·2^k) cannot occur: √2 is irrational, so no double or rational input lands on one.
 *
 * Overflow is decided after rounding with an unbounded exponent, as for floats: a result above 2^H saturates
 * to ±2^H and raises `o` (so |x| ≥ 2^(H+1), and 2^H < |x| < 2^(H+1) when it rounds up; for `log`, |x| ≥ √2·2^H). `u` (underflow) is
 * raised for every nonzero |x| < 2^L (tininess before rounding: the set has no value there); `x` when the
 * value changed. Zero is unsigned: ±0 and any input that rounds to zero give +0.
 * Not modelled: NaN has no code; it gives 0 with the invalid flag `v`. ±inf saturate with `o`.
 * @example roundPow2({kind:'pow2',min:-4,max:3}, 0.3, 'rne').value // 0.25
 * @example roundPow2({kind:'pow2',min:-4,max:3}, 0.7, 'log').value // 0.5 (0.7 < √2·0.5)
 */
export function roundPow2(spec: Pow2Spec, x: number, mode: RoundingMode, u = 0): Pow2Result {
  if (Number.isNaN(x)) return { value: 0, flags: FLAG_V };
  if (x === 0) return { value: 0, flags: 0 };
  if (x === Infinity || x === -Infinity) return { value: x > 0 ? pow2(spec.max) : -pow2(spec.max), flags: FLAG_O };
  return roundPow2Magnitude(spec, x < 0, new DoubleMagnitude(Math.abs(x)), mode, u);
}

/** Rounds an exact nonzero magnitude with a sign into the pow2 format (shared by double and rational input). */
export function roundPow2Magnitude(spec: Pow2Spec, neg: boolean, mag: Magnitude, mode: RoundingMode, u: number): Pow2Result {
  const k = mag.floorLog2();
  const tiny = k < spec.min ? FLAG_U | FLAG_X : 0;
  let e: number; // exponent of the result; e < min means 0
  let flags: number;
  if (mode === 'log') {
    e = atLeastSqrt2(mag, k) ? k + 1 : k;
    if (e < spec.min) e = -Infinity;
    flags = tiny | (e === k && isPowerOfTwo(mag, k) ? 0 : FLAG_X);
  } else {
    // quantum 2^q: the lower neighbour is I·2^q (I = 1 above 2^L, 0 below), the upper one (I+1)·2^q
    const q = Math.max(k, spec.min);
    const s = mag.split(q, u);
    const loIndex = k < spec.min ? 0 : k - spec.min + 1;
    const up = roundUp(mode, neg, loIndex % 2 === 1, s.rem, s.srHi);
    if (s.I === 0) e = up ? q : -Infinity;
    else e = up ? q + 1 : q;
    flags = tiny | (s.rem === Rem.Zero ? 0 : FLAG_X);
  }
  if (e > spec.max) return { value: neg ? -pow2(spec.max) : pow2(spec.max), flags: FLAG_O | FLAG_X };
  if (e === -Infinity) return { value: 0, flags };
  return { value: neg ? -pow2(e) : pow2(e), flags };
}

/** mag ≥ √2·2^k for 2^k ≤ mag < 2^(k+1), decided exactly (never equal: √2 is irrational). */
function atLeastSqrt2(mag: Magnitude, k: number): boolean {
  if (mag instanceof DoubleMagnitude) {
    // r = a/2^k ∈ [1, 2) is exact; Math.SQRT2 is the smallest double above √2, so r ≥ √2 ⇔ r ≥ Math.SQRT2
    return mag.a / pow2(k) >= Math.SQRT2;
  }
  if (mag instanceof RationalMagnitude) {
    // (num/den)² ≥ 2·4^k ⇔ num² ≥ 2·den²·4^k, moved to whichever side keeps integer shifts
    const n2 = mag.num * mag.num;
    const d2 = mag.den * mag.den;
    return k >= 0 ? n2 >= d2 << BigInt(2 * k + 1) : n2 << BigInt(-2 * k) >= d2 << 1n;
  }
  throw new TypeError('roundPow2: log rounding needs a DoubleMagnitude or RationalMagnitude');
}

/** True when mag = 2^k exactly (given 2^k ≤ mag < 2^(k+1)). */
function isPowerOfTwo(mag: Magnitude, k: number): boolean {
  return mag.split(k, 0).rem === Rem.Zero;
}

/** True when x is a value of the format: 0 (either sign) or ±2^k with min ≤ k ≤ max. */
export function isPow2Value(spec: Pow2Spec, x: number): boolean {
  if (x === 0) return true;
  if (!Number.isFinite(x)) return false;
  const a = Math.abs(x);
  const k = floorLog2(a);
  return k >= spec.min && k <= spec.max && a === pow2(k);
}

/** Code width of a pow2 format: sign + ceil(log2(max − min + 2)) index bits (as `formatBits`). */
export function pow2Bits(spec: Pow2Spec): number {
  return 1 + Math.ceil(Math.log2(spec.max - spec.min + 2));
}

/**
 * Bit code of a value: sign bit (MSB, 1 for negative) | magnitude index, where index 0 is zero and index
 * i = k − min + 1 is 2^k (1 ≤ i ≤ max − min + 1). This is the layout of `float(e, m=0, subnormals=off)` with the
 * exponent field as the index. Zero always encodes as 0 (the pattern 1 00…0 is a redundant zero that decodes
 * to +0); indices above max − min + 1 are unused.
 * @throws RangeError when x is not a value of the format (quantize first).
 * @example encodePow2({kind:'pow2',min:-1,max:1}, -2) // 0b111n (sign 1, index 3)
 */
export function encodePow2(spec: Pow2Spec, x: number): bigint {
  if (!isPow2Value(spec, x)) throw new RangeError(`encode: ${x} is not a value of pow2(min=${spec.min},max=${spec.max}); quantize it first`);
  if (x === 0) return 0n;
  const index = BigInt(floorLog2(Math.abs(x)) - spec.min + 1);
  return x < 0 ? (1n << BigInt(pow2Bits(spec) - 1)) | index : index;
}

/**
 * The value of a bit code (see `encodePow2` for the layout).
 * @throws RangeError when the code is outside 0..2^bits−1 or its index is unused.
 */
export function decodePow2(spec: Pow2Spec, code: bigint): number {
  const nb = pow2Bits(spec);
  if (typeof code !== 'bigint' || code < 0n || code >> BigInt(nb) !== 0n) {
    throw new RangeError(`decode: code must be an integer in 0..2^${nb}-1; got ${code}`);
  }
  const sign = code >> BigInt(nb - 1) === 1n;
  const index = Number(code & ((1n << BigInt(nb - 1)) - 1n));
  if (index === 0) return 0;
  if (index > spec.max - spec.min + 1) {
    throw new RangeError(`decode: code ${code} has magnitude index ${index}, unused in pow2(min=${spec.min},max=${spec.max}); allowed indices 0..${spec.max - spec.min + 1}`);
  }
  const v = pow2(spec.min + index - 1);
  return sign ? -v : v;
}
