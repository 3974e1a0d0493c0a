import { roundedProduct, roundedSum } from './exactSteps.js';
import type { SideRounder } from './sideRounder.js';
import { roundFloatFast } from '../../fastpath/floatRounder.js';
import { roundFixedFast } from '../../fastpath/fixedRounder.js';

/**
 * How the rounded products are summed (see `DotOptions.order`).
 * @example
 * dot(a, b, { product: parseFormat('float16'), accumulator: parseFormat('float16'), order: { blocked: 32 } })
 */
export type DotOrder = 'sequential' | 'pairwise' | { blocked: number };

/** Everything one dot product needs, built once per `dot` or `matmul` call. */
export interface DotPlan {
  readonly prod: SideRounder;
  readonly acc: SideRounder;
  readonly order: DotOrder;
  readonly roundDown: boolean;
  readonly isSr: boolean;
  readonly draw: () => number;
  /** Scratch for the rounded products (length ≥ the dot length). */
  products: Float64Array;
}

/**
 * The dot product of a[aOff + i] and b[bOff + i], i < n: every product rounded once into the product
 * format (in index order), then summed in the plan's order with every addition rounded once into the accumulator
 * format. Under `sr` each rounding takes the next draw: the n products first, then the additions in the order
 * they are evaluated.
 */
export function dotKernel(P: DotPlan, a: Float64Array, aOff: number, b: Float64Array, bOff: number, n: number, narrow: boolean): number {
  const p = P.products;
  if (narrow) narrowProducts(P, a, aOff, b, bOff, n);
  else {
    const S = P.prod;
    for (let i = 0; i < n; i++) {
      roundedProduct(S, a[aOff + i]!, b[bOff + i]!, false, P.isSr ? P.draw() : 0);
      p[i] = S.value;
    }
  }
  const order = P.order;
  if (order === 'sequential') return sequential(P, p, 0, n);
  if (order === 'pairwise') return n === 1 ? add(P, 0, p[0]!) : n === 0 ? 0 : pairwise(P, p, 0, n);
  const C = order.blocked;
  if (n <= C) return sequential(P, p, 0, n);
  let acc = 0;
  // partial sums are formed first, in chunk order, then added up in the same order
  const partials = new Float64Array(Math.ceil(n / C));
  for (let k = 0; k < partials.length; k++) partials[k] = sequential(P, p, k * C, Math.min(n, (k + 1) * C));
  for (let k = 0; k < partials.length; k++) acc = add(P, acc, partials[k]!);
  return acc;
}

function add(P: DotPlan, x: number, y: number): number {
  roundedSum(P.acc, x, y, P.roundDown, P.isSr ? P.draw() : 0);
  return P.acc.value;
}

/** Products of operands whose double product is exact (`isNarrow`), rounded by the format's rounder directly. */
function narrowProducts(P: DotPlan, a: Float64Array, aOff: number, b: Float64Array, bOff: number, n: number): void {
  const p = P.products;
  const { fl, fx } = P.prod;
  const isSr = P.isSr;
  for (let i = 0; i < n; i++) {
    const x = a[aOff + i]! * b[bOff + i]!;
    const u = isSr ? P.draw() : 0;
    if (fx !== undefined) {
      roundFixedFast(fx, x, u);
      p[i] = fx.value;
    } else {
      roundFloatFast(fl!, x, u);
      p[i] = fl!.value;
    }
  }
}

/**
 * ((0 + p[lo]) + p[lo+1]) + … + p[hi−1], each addition rounded into the accumulator format; +0 when empty. The
 * common case, a nonzero sum that TwoSum shows exact, is rounded here directly; the rest goes to `roundedSum`.
 */
function sequential(P: DotPlan, p: Float64Array, lo: number, hi: number): number {
  const S = P.acc;
  const { fl, fx } = S;
  const { roundDown, isSr } = P;
  let acc = 0;
  for (let i = lo; i < hi; i++) {
    const y = p[i]!;
    const u = isSr ? P.draw() : 0;
    const s = acc + y;
    const bv = s - acc;
    if (s !== 0 && s - s === 0 && acc - (s - bv) + (y - bv) === 0) {
      if (fx !== undefined) {
        roundFixedFast(fx, s, u);
        acc = fx.value;
      } else {
        roundFloatFast(fl!, s, u);
        acc = fl!.value;
      }
    } else {
      roundedSum(S, acc, y, roundDown, u);
      acc = S.value;
    }
  }
  return acc;
}

/** The halving tree over p[lo..hi), hi − lo ≥ 2: the left half takes ⌊n/2⌋ elements; a leaf is a product. */
function pairwise(P: DotPlan, p: Float64Array, lo: number, hi: number): number {
  const n = hi - lo;
  if (n === 1) return p[lo]!;
  const mid = lo + (n >> 1);
  const left = pairwise(P, p, lo, mid);
  const right = pairwise(P, p, mid, hi);
  return add(P, left, right);
}
