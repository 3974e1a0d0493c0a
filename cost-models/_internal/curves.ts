import type { Arith } from '../arith.js';

/**
 * Piecewise-linear interpolation through (xs[i], ys[i]) (xs increasing), written with max(·, 0) terms so it is
 * differentiable almost everywhere: f(x) = y0 + s_left·(x − x0) + Σ_k (s_{k+1} − s_k)·max(x − x_k, 0), where
 * s_left is the slope left of x0 and the last segment's slope continues to the right.
 */
export function piecewiseLinear<T>(A: Arith<T>, x: T, xs: readonly number[], ys: readonly number[], leftSlope: number): T {
  const slopes = [leftSlope];
  for (let k = 1; k < xs.length; k++) slopes.push((ys[k]! - ys[k - 1]!) / (xs[k]! - xs[k - 1]!));
  slopes.push(slopes[slopes.length - 1]!);
  let f = A.add(A.c(ys[0]!), A.mul(A.c(leftSlope), A.sub(x, A.c(xs[0]!))));
  for (let k = 0; k < xs.length; k++) {
    const ds = slopes[k + 1]! - slopes[k]!;
    if (ds !== 0) f = A.add(f, A.mul(A.c(ds), A.max(A.sub(x, A.c(xs[k]!)), A.c(0))));
  }
  return f;
}

/** A polynomial, coefficients highest power first (numpy `poly1d` order), by Horner's rule. */
export function polynomial<T>(A: Arith<T>, coeffs: readonly number[], x: T): T {
  let acc = A.c(coeffs[0] ?? 0);
  for (let i = 1; i < coeffs.length; i++) acc = A.add(A.mul(acc, x), A.c(coeffs[i]!));
  return acc;
}

/**
 * Float add and multiply energies of any (e, m), fitted through two anchors (fp16 = e5m10 and fp32 = e8m23,
 * Horowitz 2014), with p = m + 1 significand bits:
 *   add(e, m) = α·p·log2(p) + β·e     (alignment/normalisation shifter ~ p·log p, exponent adder ~ e)
 *   mul(e, m) = γ·p²        + δ·e     (array multiplier of the significands ~ p², exponent adder ~ e)
 * Both reproduce the anchors exactly and are increasing in e and m when the fitted coefficients are ≥ 0
 * (checked when a model is built). Not modelled: subnormal and special-value handling logic.
 */
export interface FloatFit {
  readonly add: readonly [number, number];
  readonly mul: readonly [number, number];
}

/** Solves the two 2×2 systems of `FloatFit` from the fp16/fp32 anchors; throws when a coefficient is negative. */
export function fitFloat(add: { fp16: number; fp32: number }, mul: { fp16: number; fp32: number }, where: string): FloatFit {
  const addFit = solve2(featAdd(10), 5, featAdd(23), 8, add.fp16, add.fp32);
  const mulFit = solve2(featMul(10), 5, featMul(23), 8, mul.fp16, mul.fp32);
  for (const [name, v] of [['floatAdd', addFit], ['floatMul', mulFit]] as const) {
    if (v[0] < 0 || v[1] < 0) {
      throw new RangeError(`${where}: ${name}: the fp16/fp32 anchors give a negative coefficient (${v.join(', ')}); energies must grow with e and m`);
    }
  }
  return { add: addFit, mul: mulFit };
}

/** Energy of a float add under a fit. */
export function floatAddFromFit(fit: FloatFit, e: number, m: number): number {
  return fit.add[0] * featAdd(m) + fit.add[1] * e;
}

/** Energy of a float multiply under a fit. */
export function floatMulFromFit(fit: FloatFit, e: number, m: number): number {
  return fit.mul[0] * featMul(m) + fit.mul[1] * e;
}

function featAdd(m: number): number {
  const p = m + 1;
  return p * Math.log2(p);
}

function featMul(m: number): number {
  return (m + 1) ** 2;
}

function solve2(a1: number, b1: number, a2: number, b2: number, y1: number, y2: number): [number, number] {
  const det = a1 * b2 - a2 * b1;
  return [(y1 * b2 - y2 * b1) / det, (a1 * y2 - a2 * y1) / det];
}
