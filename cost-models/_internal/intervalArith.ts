import type { Arith } from '../arith.js';

/**
 * A closed interval [lo, hi] of reals. `lo` NaN marks "may be undefined" (√ or log of a negative, 0/0, a negative
 * base to a fractional power); an infinite bound marks "may be unbounded".
 */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

const NAN: Interval = { lo: NaN, hi: NaN };
const iv = (lo: number, hi: number): Interval => (Number.isNaN(lo) || Number.isNaN(hi) ? NAN : { lo, hi });
const bad = (...xs: Interval[]) => xs.some((x) => Number.isNaN(x.lo));
const hull = (xs: number[]): Interval => (xs.some(Number.isNaN) ? NAN : iv(Math.min(...xs), Math.max(...xs)));

function mul(x: Interval, y: Interval): Interval {
  if (bad(x, y)) return NAN;
  return hull([x.lo * y.lo, x.lo * y.hi, x.hi * y.lo, x.hi * y.hi]);
}

function div(x: Interval, y: Interval): Interval {
  if (bad(x, y)) return NAN;
  if (y.lo <= 0 && y.hi >= 0) return NAN; // the divisor may be 0: unbounded or 0/0
  return hull([x.lo / y.lo, x.lo / y.hi, x.hi / y.lo, x.hi / y.hi]);
}

/** x^n for an integer n (any sign of x). */
function powInt(x: Interval, n: number): Interval {
  if (n === 0) return iv(1, 1);
  if (n < 0) return div(iv(1, 1), powInt(x, -n));
  const a = x.lo ** n;
  const b = x.hi ** n;
  if (n % 2 === 1 || x.lo >= 0) return iv(Math.min(a, b), Math.max(a, b));
  if (x.hi <= 0) return iv(b, a);
  return iv(0, Math.max(a, b));
}

function pow(x: Interval, y: Interval): Interval {
  if (bad(x, y)) return NAN;
  if (y.lo === y.hi && Number.isInteger(y.lo)) return powInt(x, y.lo);
  if (x.lo < 0) return NAN; // a negative base to a fractional power is undefined
  if (x.lo === 0 && y.lo <= 0) return iv(0, Infinity); // 0 to a power ≤ 0: 1 or unbounded
  // for x > 0, x^y = exp(y·ln x) is monotone in each argument, so its extremes are at the corners
  return hull([x.lo ** y.lo, x.lo ** y.hi, x.hi ** y.lo, x.hi ** y.hi]);
}

const mono = (f: (v: number) => number) => (x: Interval) => (bad(x) ? NAN : iv(f(x.lo), f(x.hi)));
const logOf = (f: (v: number) => number) => (x: Interval) => (bad(x) || x.lo < 0 ? NAN : iv(f(x.lo), f(x.hi)));

/**
 * Interval arithmetic as an `Arith`: evaluating a cost formula with it encloses every value the formula takes
 * over a box of inputs (the natural interval extension; Moore, Kearfott & Cloud, "Introduction to Interval
 * Analysis", SIAM 2009, ch. 5). The enclosure may be wider than the true range (the dependency problem: x − x
 * gives [−w, w]), never narrower, up to rounding.
 *
 * Not modelled: directed (outward) rounding. Bounds are computed in double precision with round-to-nearest, so a
 * bound may be off by a rounding error; callers treat a value within rounding of 0 as 0 and re-check every
 * evaluated value at run time.
 * @example intervalArith.mul({ lo: -1, hi: 2 }, { lo: 3, hi: 4 }) // { lo: -4, hi: 8 }
 */
export const intervalArith: Arith<Interval> = {
  c: (x) => iv(x, x),
  add: (x, y) => (bad(x, y) ? NAN : iv(x.lo + y.lo, x.hi + y.hi)),
  sub: (x, y) => (bad(x, y) ? NAN : iv(x.lo - y.hi, x.hi - y.lo)),
  mul,
  div,
  pow,
  sqrt: (x) => (bad(x) || x.lo < 0 ? NAN : iv(Math.sqrt(x.lo), Math.sqrt(x.hi))),
  exp: mono(Math.exp),
  log: logOf(Math.log),
  log2: logOf(Math.log2),
  abs: (x) => (bad(x) ? NAN : x.lo >= 0 ? x : x.hi <= 0 ? iv(-x.hi, -x.lo) : iv(0, Math.max(-x.lo, x.hi))),
  max: (x, y) => (bad(x, y) ? NAN : iv(Math.max(x.lo, y.lo), Math.max(x.hi, y.hi))),
  min: (x, y) => (bad(x, y) ? NAN : iv(Math.min(x.lo, y.lo), Math.min(x.hi, y.hi))),
  ceil: mono(Math.ceil),
  floor: mono(Math.floor),
  meanGrid: (x) => x,
};
