import type { FormatSpec } from '../formatSpec.js';
import type { FormatHandler, Rounded } from '../formatHandler.js';
import type { RoundingMode } from '../../rounding/roundingMode.js';
import type { ExactValue } from '../blockOps.js';
import { RationalMagnitude } from '../../_internal/magnitude.js';
import { doubleToDyadic, floorLog2, pow2 } from '../../_internal/bits.js';

/**
 * Exact helpers of block quantization over `ExactValue`s (doubles or rationals): special tests, floor(log2|v|),
 * exact comparisons of magnitudes, and the two roundings a block needs, v / 2^e and v / d, decided exactly
 * (no intermediate double rounding) and fast on doubles.
 */

/** A non-negative exact rational. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

export const isSpecial = (v: ExactValue): boolean => typeof v === 'number' && !Number.isFinite(v);
export const isZero = (v: ExactValue): boolean => (typeof v === 'number' ? v === 0 : v.num === 0n);
export const isNeg = (v: ExactValue): boolean => (typeof v === 'number' ? v < 0 || Object.is(v, -0) : v.num < 0n);

/** |v| as an exact rational (v finite). */
export function absRatio(v: ExactValue): Ratio {
  if (typeof v !== 'number') return { num: v.num < 0n ? -v.num : v.num, den: v.den };
  if (v === 0) return { num: 0n, den: 1n };
  const d = doubleToDyadic(v);
  return d.exp >= 0 ? { num: d.mant << BigInt(d.exp), den: 1n } : { num: d.mant, den: 1n << BigInt(-d.exp) };
}

/** floor(log2 |v|) for a finite nonzero v. */
export function absFloorLog2(v: ExactValue): number {
  if (typeof v === 'number') return floorLog2(Math.abs(v));
  return new RationalMagnitude(v.num < 0n ? -v.num : v.num, v.den).floorLog2();
}

/** Compares |a| and |b| exactly (both finite): −1, 0 or 1. */
export function compareAbs(a: ExactValue, b: ExactValue): number {
  if (typeof a === 'number' && typeof b === 'number') {
    const x = Math.abs(a);
    const y = Math.abs(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const p = absRatio(a);
  const q = absRatio(b);
  const l = p.num * q.den;
  const r = q.num * p.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** |v| exactly. */
export function absValue(v: ExactValue): ExactValue {
  return typeof v === 'number' ? Math.abs(v) : v.num < 0n ? { num: -v.num, den: v.den } : v;
}

/** The largest |v| of a list of finite values (exact), or 0 for none. */
export function maxAbs(vs: readonly ExactValue[]): ExactValue {
  let best: ExactValue = 0;
  for (const v of vs) if (compareAbs(v, best) > 0) best = v;
  return absValue(best);
}

/**
 * Rounds v·2^−e into the format once (v finite). On doubles the scaling is exact unless it underflows, in which
 * case the exact rational is rounded instead.
 */
export function roundScaledPow2(h: FormatHandler, spec: FormatSpec, v: ExactValue, e: number, mode: RoundingMode, u: number): Rounded {
  if (typeof v === 'number') {
    if (v === 0) return h.round(spec, v, mode, u);
    const y = v * pow2(-e);
    // y·2^e is exact (it scales up), so it equals v exactly when the scaling lost nothing
    if (Number.isFinite(y) && y * pow2(e) === v && y !== 0) return h.round(spec, y, mode, u);
  }
  const r = absRatio(v);
  if (r.num === 0n) return h.round(spec, isNeg(v) ? -0 : 0, mode, u);
  const num = e < 0 ? r.num << BigInt(-e) : r.num;
  const den = e > 0 ? r.den << BigInt(e) : r.den;
  return h.roundRational(spec, isNeg(v), num, den, mode, u);
}

const F = new Float64Array(1);
const B = new BigInt64Array(F.buffer);

/** The next double toward +inf (x finite, positive). */
function nextUp(x: number): number {
  F[0] = x;
  B[0]! += 1n;
  return F[0]!;
}

/** The next double toward −inf (x finite, positive). */
function nextDown(x: number): number {
  F[0] = x;
  B[0]! -= 1n;
  return F[0]!;
}

/**
 * Rounds the exact quotient v / d into the format once (v finite, d a positive finite double). A power-of-two d
 * scales exactly. On doubles under a deterministic mode, the double quotient r = RN(v/d) brackets the exact one
 * (it lies within [prev(r), next(r)]); rounding is monotone, so when both ends round to the same result, that is
 * the result. Otherwise (near a rounding boundary, under `sr`, or for rationals) the exact rational is rounded.
 */
export function roundQuotient(h: FormatHandler, spec: FormatSpec, v: ExactValue, d: number, mode: RoundingMode, u: number): Rounded {
  const ed = floorLog2(d);
  if (d === pow2(ed)) return roundScaledPow2(h, spec, v, ed, mode, u);
  if (isZero(v)) return h.round(spec, isNeg(v) ? -0 : 0, mode, u);
  if (typeof v === 'number' && mode !== 'sr') {
    const a = Math.abs(v);
    const r = a / d;
    if (r > 0 && Number.isFinite(r) && r >= 2 ** -1000 && r <= 2 ** 1000) {
      const lo = h.round(spec, v < 0 ? -nextDown(r) : nextDown(r), mode, u);
      const hi = h.round(spec, v < 0 ? -nextUp(r) : nextUp(r), mode, u);
      if (Object.is(lo.value, hi.value) && lo.flags === hi.flags) {
        // the value is decided; the inexact flag too, unless the exact quotient is that very value
        const g = Math.abs(lo.value);
        if (g * d !== a || !Number.isFinite(g)) return lo;
        const pg = absRatio(g);
        const pd = absRatio(d);
        const pa = absRatio(a);
        return pg.num * pd.num * pa.den === pa.num * pg.den * pd.den ? h.round(spec, lo.value, mode, u) : lo;
      }
    }
  }
  const p = absRatio(v);
  const q = absRatio(d);
  return h.roundRational(spec, isNeg(v), p.num * q.den, p.den * q.num, mode, u);
}
