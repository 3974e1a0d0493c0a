import { doubleToDyadic } from '../../../simulators/_internal/bits.js';

/** An exact rational n/d (d > 0), for building operands whose results land on a chosen target. */
export interface Q {
  n: bigint;
  d: bigint;
}

/** A finite double as an exact rational. */
export function qOf(x: number): Q {
  const { neg, mant, exp } = doubleToDyadic(x);
  const n = neg ? -mant : mant;
  return exp >= 0 ? { n: n << BigInt(exp), d: 1n } : { n, d: 1n << BigInt(-exp) };
}

/** 2^k exactly. */
export function qPow2(k: number): Q {
  return k >= 0 ? { n: 1n << BigInt(k), d: 1n } : { n: 1n, d: 1n << BigInt(-k) };
}

export const qAdd = (a: Q, b: Q): Q => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
export const qSub = (a: Q, b: Q): Q => ({ n: a.n * b.d - b.n * a.d, d: a.d * b.d });
export const qMul = (a: Q, b: Q): Q => ({ n: a.n * b.n, d: a.d * b.d });
export const qNeg = (a: Q): Q => ({ n: -a.n, d: a.d });

/** a / b, or undefined when b is 0. */
export function qDiv(a: Q, b: Q): Q | undefined {
  if (b.n === 0n) return undefined;
  return b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n };
}
