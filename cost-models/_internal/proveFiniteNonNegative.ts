import type { Arith } from '../arith.js';
import { numberArith } from '../arith.js';
import { intervalArith, type Interval } from './intervalArith.js';

/** A box of inputs: each symbol's closed range [lo, hi]. */
export type Box = Readonly<Record<string, readonly [number, number]>>;

/** A formula over named inputs, generic over the arithmetic (numbers for points, intervals for boxes). */
export type BoxFormula = <T>(A: Arith<T>, at: Readonly<Record<string, T>>) => T;

/** The outcome: proved over the whole box, or a witness point / region where it fails. */
export type ProofResult =
  | { ok: true; boxes: number }
  | { ok: false; boxes: number; at: Record<string, number>; value: number }
  | { ok: false; boxes: number; region: Box; enclosure: Interval };

/** Boxes examined at most per formula: a few milliseconds; formulas that need more are refused as unproved. */
export const MAX_BOXES = 20_000;

const proved = (r: Interval) => Number.isFinite(r.lo) && Number.isFinite(r.hi) && r.lo >= 0;
const goodPoint = (v: number) => Number.isFinite(v) && v >= 0;

/** The corners (bounded count) and the centre of a box: the points tried for a witness. */
function probePoints(box: Box, keys: string[]): Array<Record<string, number>> {
  const pts: Array<Record<string, number>> = [];
  const n = Math.min(keys.length, 4);
  for (let mask = 0; mask < 1 << n; mask++) pts.push(Object.fromEntries(keys.map((k, i) => [k, box[k]![i < n && mask & (1 << i) ? 1 : 0]])));
  pts.push(Object.fromEntries(keys.map((k) => [k, mid(box[k]!)])));
  return pts;
}

/** Geometric midpoint on wide positive ranges (bit widths, capacities span decades), else arithmetic. */
function mid([lo, hi]: readonly [number, number]): number {
  return lo > 0 && hi / lo > 4 ? Math.sqrt(lo) * Math.sqrt(hi) : lo + (hi - lo) / 2;
}

/** How far a range is from a point: decades on positive ranges, width elsewhere. */
function size([lo, hi]: readonly [number, number]): number {
  return lo > 0 ? Math.log2(hi / lo) : hi - lo;
}

const TINY = 1e-9;

/**
 * Proves a formula finite and non-negative over a whole box by interval branch and bound: the interval extension
 * (`intervalArith`) encloses the formula's range over a box; where the enclosure is not inside [0, ∞) the box is
 * cut in two along its widest side and both halves are tried, until every piece is proved, or a corner or centre
 * point gives a non-finite or negative value (a witness), or a piece shrinks below 1e-9 relative width without
 * being proved (a region near a pole or a zero crossing), or `MAX_BOXES` pieces have been examined.
 *
 * Why intervals and not a sweep: widths reach the formulas as reals (b = √(b_in·b_w); BitPruning's learned
 * bitlengths), so the domain is a continuum and no finite grid covers it; interval arithmetic bounds every point
 * of a piece at once. A sound "yes" is exact up to rounding; "no" comes with the point or region that fails.
 *
 * Not modelled: directed rounding (see `intervalArith`); a formula that is ≥ 0 but whose enclosure keeps
 * straddling 0 (e.g. x − x + 1e-300) may be refused as unproved.
 * @example proveFiniteNonNegative((A, s) => A.sub(s.b!, A.c(2)), { b: [1, 8] }) // { ok: false, at: { b: 1 }, value: -1, … }
 */
export function proveFiniteNonNegative(f: BoxFormula, domain: Box): ProofResult {
  const keys = Object.keys(domain);
  const stack: Box[] = [domain];
  let boxes = 0;
  while (stack.length) {
    if (boxes >= MAX_BOXES) return { ok: false, boxes, region: stack.pop()!, enclosure: { lo: NaN, hi: NaN } };
    const box = stack.pop()!;
    boxes++;
    const at = Object.fromEntries(keys.map((k) => [k, { lo: box[k]![0], hi: box[k]![1] }]));
    const r = f(intervalArith, at);
    if (proved(r)) continue;
    for (const p of probePoints(box, keys)) {
      const v = f(numberArith, p);
      if (!goodPoint(v)) return { ok: false, boxes, at: p, value: v };
    }
    const widest = keys.reduce<string | undefined>((best, k) => (best === undefined || size(box[k]!) > size(box[best]!) ? k : best), undefined);
    const range = widest === undefined ? undefined : box[widest]!;
    if (!range || range[1] - range[0] <= TINY * Math.max(1, Math.abs(range[0]), Math.abs(range[1]))) {
      // a pole or zero crossing: the short decimal next to it (b = 5, not 4.9999999997) is usually the culprit
      const near = Object.fromEntries(keys.map((k) => [k, +mid(box[k]!).toPrecision(6)]));
      const v = f(numberArith, near);
      if (!goodPoint(v)) return { ok: false, boxes, at: near, value: v };
      return { ok: false, boxes, region: box, enclosure: r };
    }
    const m = mid(range);
    stack.push({ ...box, [widest!]: [m, range[1]] }, { ...box, [widest!]: [range[0], m] });
  }
  return { ok: true, boxes };
}
