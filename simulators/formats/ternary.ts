import type { TernarySpec } from './formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { FLAG_O, FLAG_V, FLAG_X } from '../_internal/flags.js';
import { uBelow } from '../_internal/magnitude.js';
import { rationalOf } from './binary.js';

/** A rounded ternary result: −S, 0 or +S and the flags raised. */
export interface TernaryResult {
  value: number;
  flags: number;
}

/**
 * Ternarises a double into `ternary(threshold=T,scale=S)` = {−S, 0, +S} (ternary connect, Lin et al. 2016 §2.2;
 * thresholded form as in TWN, Li et al. 2016).
 *
 * | mode                    | result                                                              |
 * |-------------------------|---------------------------------------------------------------------|
 * | every deterministic one | sign(x)·S when |x| > T (strictly), else 0 (so |x| = T gives 0)      |
 * | sr                      | sign(x)·S when u < p, p = clip(|x|/S, 0, 1), else 0; T is not used   |
 *
 * Under `sr`, E[q] = x for |x| ≤ S (Lin et al.: S·sign(x)·Bernoulli(clip(|x|/S, 0, 1))); p is compared with u
 * exactly. The deterministic rule is a threshold, not a nearest rounding, so the directed modes (rtz, rup, …)
 * all give the same result. Flags: `x` when the value changed, `o` when |x| > S (outside the range).
 * Not modelled: NaN gives 0 and raises `v`. Zero is unsigned (−0 gives +0).
 * @example roundTernary({kind:'ternary',threshold:0.5,scale:1}, -0.7, 'rne').value // -1
 */
export function roundTernary(spec: TernarySpec, x: number, mode: RoundingMode, u = 0): TernaryResult {
  if (Number.isNaN(x)) return { value: 0, flags: FLAG_V };
  const S = spec.scale;
  const a = Math.abs(x);
  let nonzero: boolean;
  if (mode !== 'sr') nonzero = a > spec.threshold;
  else if (a >= S) nonzero = true;
  else {
    const p = a / S; // correctly rounded, so |p − a/S| ≤ 2^−53
    nonzero = Math.abs(u - p) > 1e-12 ? u < p : exactUBelowRatio(u, a, S);
  }
  const value = nonzero ? (x < 0 ? -S : S) : 0;
  return { value, flags: (a > S ? FLAG_O : 0) | (value !== x ? FLAG_X : 0) };
}

/** Ternarises the exact rational ±num/den (num, den > 0). */
export function roundTernaryRational(spec: TernarySpec, neg: boolean, num: bigint, den: bigint, mode: RoundingMode, u: number): TernaryResult {
  const [sn, sd] = rationalOf(spec.scale);
  const [tn, td] = rationalOf(spec.threshold);
  const aS = num * sd; // |x| vs S: compare num·sd with sn·den
  const S = sn * den;
  let nonzero: boolean;
  if (mode !== 'sr') nonzero = num * td > tn * den;
  else if (aS >= S) nonzero = true;
  else nonzero = uBelow(u, aS, S); // u < (num/den)/(sn/sd)
  const exact = nonzero && aS === S;
  return { value: nonzero ? (neg ? -spec.scale : spec.scale) : 0, flags: (aS > S ? FLAG_O : 0) | (exact ? 0 : FLAG_X) };
}

/** Exactly decides u < a/S for doubles 0 ≤ a < S. */
function exactUBelowRatio(u: number, a: number, S: number): boolean {
  const [an, ad] = rationalOf(a);
  const [sn, sd] = rationalOf(S);
  return uBelow(u, an * sd, sn * ad);
}

/** True when x is −S, 0 or +S. */
export function isTernaryValue(spec: TernarySpec, x: number): boolean {
  return x === 0 || x === spec.scale || x === -spec.scale;
}

/**
 * Bit code of a value: 2 bits, two's complement of x/S, so value = S·int2(code):
 * 00 → 0, 01 → +S, 11 → −S; 10 (−2) is unused. Read as signed 2-bit integers, code order is value order.
 * @throws RangeError when x is not −S, 0 or +S.
 * @example encodeTernary({kind:'ternary',threshold:0.5,scale:1}, -1) // 3n
 */
export function encodeTernary(spec: TernarySpec, x: number): bigint {
  if (!isTernaryValue(spec, x)) {
    throw new RangeError(`encode: ${x} is not a value of ternary(threshold=${spec.threshold},scale=${spec.scale}) (−S, 0, +S); quantize it first`);
  }
  return x === 0 ? 0n : x > 0 ? 1n : 3n;
}

/**
 * The value of a 2-bit code (see `encodeTernary`).
 * @throws RangeError for the unused code 2n and codes outside 0..3.
 */
export function decodeTernary(spec: TernarySpec, code: bigint): number {
  if (code === 0n) return 0;
  if (code === 1n) return spec.scale;
  if (code === 3n) return -spec.scale;
  throw new RangeError(`decode: code must be 0n (0), 1n (+S) or 3n (−S) for ternary formats; got ${String(code)}`);
}
