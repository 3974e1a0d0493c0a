import type { FixedSpec, FloatSpec } from '../formats/formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { floatLayout } from '../formats/floatLayout.js';
import { floatRounder, roundFloatFast, type FloatRounder } from './floatRounder.js';
import { fixedRounder, roundFixedFast, type FixedRounder } from './fixedRounder.js';
import { pow2 } from '../_internal/bits.js';

/** The array operations (the same ids as `arith`). */
export type FastOp = 'add' | 'sub' | 'mul' | 'div' | 'sqrt' | 'fma';

const sf = new Float64Array(1);
const su = new Uint32Array(sf.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter

/**
 * Everything the double fast path of `arithArray` needs about one (format, mode): the allocation-free rounder of
 * the format and the constants of the exactness tests. Results are left in `value` and `flags` (fields, not
 * return values: see `FloatRounder.value`).
 */
export interface ArithFast {
  readonly fl: FloatRounder | undefined;
  readonly fx: FixedRounder | undefined;
  readonly isSr: boolean;
  readonly roundDown: boolean;
  /** Float: m (stored mantissa bits); the decision-point test is on 2^(E − m − 1). Fixed: unused. */
  readonly m: number;
  /** Fixed: 2^(f+1), which scales the half-quantum grid to the integers. */
  readonly halfScale: number;
  /** Every product of two values of the format is an exact double (2p ≤ 53 and no overflow/underflow). */
  readonly mulExact: boolean;
  /** Float: 2^−qSub, the subnormal quantum's inverse (membership test below 2^emin). */
  readonly invSub: number;
  readonly subOn: boolean;
  /** Float: masks of the 52 − m low mantissa bits of a double, in its high and low 32-bit words. */
  readonly maskHi: number;
  readonly maskLo: number;
  s: number;
  sigma: number;
  value: number;
  flags: number;
}

/**
 * The double fast path's plan for a format and mode, or undefined when the format is outside what it serves:
 * float formats with 2 ≤ p ≤ 26 whose values lie within 2^±500 (every sum, product, quotient and root of two
 * values, and its error term, is then a normal double or zero), and fixed formats with w ≤ 52 and |f| ≤ 400.
 */
export function arithFast(spec: FloatSpec | FixedSpec, mode: RoundingMode): ArithFast | undefined {
  if (spec.kind === 'float') {
    const L = floatLayout(spec);
    if (spec.m < 1 || spec.m > 25 || L.emax > 500 || L.emin - spec.m < -500) return undefined;
    const k = 52 - spec.m;
    return new FastPlan(mode, floatRounder(spec, mode), undefined, spec.m, 0, true, pow2(spec.m - L.emin), spec.subnormals === 'on',
      k >= 32 ? (1 << (k - 32)) - 1 : 0, k >= 32 ? -1 : (1 << k) - 1);
  }
  if (spec.w > 52 || spec.f > 400 || spec.f < -400) return undefined;
  return new FastPlan(mode, undefined, fixedRounder(spec, mode), 0, pow2(spec.f + 1), 2 * spec.w <= 53, 0, false, 0, 0);
}

/** A class (not an object literal) so that V8 keeps the double fields unboxed and the shape fixed. */
class FastPlan implements ArithFast {
  readonly isSr: boolean;
  readonly roundDown: boolean;
  s = 0.5;
  sigma = 0;
  value = 0.5;
  flags = 0;
  constructor(
    mode: RoundingMode,
    readonly fl: FloatRounder | undefined,
    readonly fx: FixedRounder | undefined,
    readonly m: number,
    readonly halfScale: number,
    readonly mulExact: boolean,
    readonly invSub: number,
    readonly subOn: boolean,
    readonly maskHi: number,
    readonly maskLo: number,
  ) {
    this.isSr = mode === 'sr';
    this.roundDown = mode === 'rdn';
  }
}

/** True when x is a value of the plan's format (the same answer as the handler's `isValue`, NaN and ±inf false). */
export function isMember(P: ArithFast, x: number): boolean {
  if (P.fx !== undefined) {
    const R = P.fx;
    const c = x * R.scale;
    return c >= R.lo && c <= R.hi && Math.floor(c) === c;
  }
  const R = P.fl!;
  if (x === 0) return R.hasNegZero || 1 / x > 0;
  const a = x < 0 ? -x : x;
  if (!(a <= R.maxFinite)) return false;
  if (a < R.minNormal) {
    if (!P.subOn) return false;
    const k = a * P.invSub;
    return Math.floor(k) === k;
  }
  // normal: the low 52 − m bits of the double's mantissa are zero
  sf[0] = a;
  return (su[HI]! & P.maskHi) === 0 && (su[HI ^ 1]! & P.maskLo) === 0;
}

/**
 * The exact result of the operation on values of the format as s + e, with s = fl(result) a finite double and
 * sigma the sign of e (−1, 0, +1); false when that is not known cheaply here (zero divisor, negative root,
 * overflow, a product or sum that the error-free transformations cannot cover). Exact zero results are left as
 * a signed zero by IEEE 754 §6.3 (−0 under `rdn` for a sum of opposite signs).
 * TwoSum: Knuth, TAOCP vol. 2 §4.2.2; TwoProduct with Veltkamp splitting: Dekker 1971.
 */
export function exactParts(P: ArithFast, op: FastOp, a: number, b: number, c: number): boolean {
  switch (op) {
    case 'add':
      return sum(P, a, b);
    case 'sub':
      return sum(P, a, -b);
    case 'mul':
      return product(P, a, b);
    case 'div': {
      if (b === 0) return false;
      const q = a / b;
      P.s = q;
      if (q === 0 || a === 0) {
        P.sigma = 0;
        return q === 0 && a === 0;
      }
      // a − q·b has the sign of (a/b − q)·b; exact through TwoProduct(q, b) = ph + pl and Sterbenz's lemma
      const ph = q * b;
      const pl = twoProductErr(q, b, ph);
      const d = a - ph - pl;
      P.sigma = d === 0 ? 0 : (d > 0) === (b > 0) ? 1 : -1;
      return true;
    }
    case 'sqrt': {
      if (a < 0) return false;
      const s = Math.sqrt(a);
      P.s = s;
      if (a === 0) {
        P.sigma = 0;
        return true;
      }
      const ph = s * s;
      const d = a - ph - twoProductErr(s, s, ph);
      P.sigma = d === 0 ? 0 : d > 0 ? 1 : -1;
      return true;
    }
    case 'fma': {
      if (!product(P, a, b) || P.sigma !== 0) return false;
      const p = P.s;
      if (p === 0 && c === 0) {
        const negP = 1 / p < 0;
        const negC = 1 / c < 0;
        P.s = negP === negC ? c : P.roundDown ? -0 : 0;
        P.sigma = 0;
        return true;
      }
      return sum(P, p, c);
    }
  }
}

function sum(P: ArithFast, a: number, b: number): boolean {
  const s = a + b;
  if (s - s !== 0) return false;
  const bv = s - a;
  const e = a - (s - bv) + (b - bv);
  if (s === 0) {
    // exact zero: equal signs keep theirs, else +0 (−0 rounding down)
    const na = 1 / a < 0;
    P.s = na === 1 / b < 0 ? a : P.roundDown ? -0 : 0;
    P.sigma = 0;
    return true;
  }
  P.s = s;
  P.sigma = e === 0 ? 0 : (e > 0) === (s > 0) ? 1 : -1;
  return true;
}

function product(P: ArithFast, a: number, b: number): boolean {
  const p = a * b;
  P.s = p;
  if (P.mulExact || p === 0) {
    P.sigma = 0;
    return true;
  }
  const e = twoProductErr(a, b, p);
  P.sigma = e === 0 ? 0 : (e > 0) === (p > 0) ? 1 : -1;
  return true;
}

/** The rounding error a·b − p of p = fl(a·b), exactly (Dekker's TwoProduct; no overflow or underflow here). */
function twoProductErr(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * True when rounding s (from `exactParts`) once into the format gives the correctly rounded exact result s + e,
 * with its flags, in the plan's mode. Why s decides: every rounding decision of a format with at most 26 bits
 * of precision compares the exact value with its grid points and the midpoints between them (also those of
 * tininess after rounding, on the unbounded-exponent grid), all doubles with at most p + 1 significant bits;
 * when s is none of them, the exact value lies in the same open interval between two of them (|e| is at most
 * half the gap from s to its neighbouring doubles), so every deterministic mode rounds both the same,
 * inexactly. False (the caller takes the exact BigInt path) when e ≠ 0 and s is such a point, and under `sr`
 * whenever e ≠ 0 (the draw is compared with the exact fraction).
 */
export function decidable(P: ArithFast): boolean {
  if (P.sigma === 0) return true;
  if (P.isSr) return false;
  const s = P.s;
  const a = s < 0 ? -s : s;
  if (P.fx !== undefined) {
    const k = a * P.halfScale;
    return Math.floor(k) !== k;
  }
  sf[0] = a;
  const E = ((su[HI]! >>> 20) & 0x7ff) - 1023;
  // a·2^(m+1−E), exact like the division by 2^(E−m−1) while that power is finite, and cheaper
  const k = E - P.m - 1 > -1024 ? a * pow2(P.m + 1 - E) : a / pow2(E - P.m - 1);
  return Math.floor(k) !== k;
}

/** Rounds s once into the format (after `decidable`), leaving the value and the flags in P; u is the sr draw. */
export function roundParts(P: ArithFast, u: number): void {
  if (P.fx !== undefined) {
    roundFixedFast(P.fx, P.s, u);
    P.value = P.fx.value;
    P.flags = P.fx.flags;
  } else {
    roundFloatFast(P.fl!, P.s, u);
    P.value = P.fl!.value;
    P.flags = P.fl!.flags;
  }
}
