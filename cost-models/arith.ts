/**
 * The arithmetic a cost formula is written in. Every energy formula of lowbit is generic over `Arith<T>`, so the
 * same code prices a trace with plain numbers (`numberArith`, the pure cost models) and builds a differentiable
 * tfjs scalar of real-valued bitlengths (`src/cost/tfArith.ts`). Values may be scalars or, in the tensor form,
 * per-channel vectors and `[a-channels, b-channels]` grids; `meanGrid` reduces them to one value.
 * @example
 * numberArith.add(numberArith.c(2), numberArith.c(3)) // 5 (plain numbers; tfArith does the same on tfjs scalars)
 */
export interface Arith<T> {
  /** The constant x. */
  c(x: number): T;
  /** a + b. */
  add(a: T, b: T): T;
  /** a − b. */
  sub(a: T, b: T): T;
  /** a · b. */
  mul(a: T, b: T): T;
  /** a / b. */
  div(a: T, b: T): T;
  /** a to the power b. */
  pow(a: T, b: T): T;
  /** √a. */
  sqrt(a: T): T;
  /** e to the power a. */
  exp(a: T): T;
  /** Natural logarithm. */
  log(a: T): T;
  /** log₂ a. */
  log2(a: T): T;
  /** |a|. */
  abs(a: T): T;
  /** The larger of a and b. */
  max(a: T, b: T): T;
  /** The smaller of a and b. */
  min(a: T, b: T): T;
  /** Piecewise constant: its derivative is zero (tfjs `ceil`/`floor` gradients). */
  ceil(a: T): T;
  /** ⌊a⌋. */
  floor(a: T): T;
  /**
   * Mean over a per-channel value: a vector, or an `[A, B]` grid of channel pairs of which only the pairs in the
   * same of `groups` equal groups count (groups = 1: all pairs). Scalars pass through.
   */
  meanGrid(a: T, groups: number): T;
}

/**
 * `Arith` over JavaScript numbers: the pure cost models.
 * @example horowitz45nm.intAddPj(numberArith, 8) // 0.03
 */
export const numberArith: Arith<number> = {
  c: (x) => x,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b),
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
  log2: Math.log2,
  abs: Math.abs,
  max: Math.max,
  min: Math.min,
  ceil: Math.ceil,
  floor: Math.floor,
  meanGrid: (a) => a,
};
