import { doubleToDyadic } from '../_internal/bits.js';

/**
 * The exact result of an arithmetic operation on doubles, before any rounding:
 * a signed zero, a nonzero rational ±num/den (BigInt, both > 0), an infinity, or NaN (with `invalid` for the
 * IEEE invalid-operation cases; `divByZero` for x/0 with x finite nonzero).
 */
export type Exact =
  | { kind: 'zero'; neg: boolean }
  | { kind: 'finite'; neg: boolean; num: bigint; den: bigint }
  | { kind: 'inf'; neg: boolean; divByZero?: boolean }
  | { kind: 'nan'; invalid: boolean };

/** Signed dyadic integer·2^exp of a finite double. */
interface Dy {
  m: bigint; // signed
  e: number;
}

function dy(x: number): Dy {
  const d = doubleToDyadic(x);
  return { m: d.neg ? -d.mant : d.mant, e: d.exp };
}

function fromSignedDyadic(m: bigint, e: number): Exact {
  const neg = m < 0n;
  const a = neg ? -m : m;
  return e >= 0 ? { kind: 'finite', neg, num: a << BigInt(e), den: 1n } : { kind: 'finite', neg, num: a, den: 1n << BigInt(-e) };
}

const isNeg = (x: number): boolean => x < 0 || Object.is(x, -0);

/** Sign of an exact zero sum: equal signs keep theirs; otherwise +0, except −0 under round-down (IEEE 754 §6.3). */
function zeroSum(negA: boolean, negB: boolean, roundDown: boolean): Exact {
  return { kind: 'zero', neg: negA === negB ? negA : roundDown };
}

function addDy(a: Dy, b: Dy): { m: bigint; e: number } {
  const e = Math.min(a.e, b.e);
  return { m: (a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e)), e };
}

/** Exact a + b (roundDown: the mode is toward −∞, which makes exact zero sums −0). */
export function exactAdd(a: number, b: number, roundDown: boolean): Exact {
  if (Number.isNaN(a) || Number.isNaN(b)) return { kind: 'nan', invalid: false };
  const ia = !Number.isFinite(a);
  const ib = !Number.isFinite(b);
  if (ia && ib && a !== b) return { kind: 'nan', invalid: true };
  if (ia) return { kind: 'inf', neg: a < 0 };
  if (ib) return { kind: 'inf', neg: b < 0 };
  if (a === 0 && b === 0) return zeroSum(isNeg(a), isNeg(b), roundDown);
  const s = addDy(dy(a), dy(b));
  if (s.m === 0n) return { kind: 'zero', neg: roundDown };
  return fromSignedDyadic(s.m, s.e);
}

/** Exact a · b. */
export function exactMul(a: number, b: number): Exact {
  if (Number.isNaN(a) || Number.isNaN(b)) return { kind: 'nan', invalid: false };
  const neg = isNeg(a) !== isNeg(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    if (a === 0 || b === 0) return { kind: 'nan', invalid: true };
    return { kind: 'inf', neg };
  }
  if (a === 0 || b === 0) return { kind: 'zero', neg };
  const da = dy(a);
  const db = dy(b);
  return fromSignedDyadic(da.m * db.m, da.e + db.e);
}

/** Exact a / b. */
export function exactDiv(a: number, b: number): Exact {
  if (Number.isNaN(a) || Number.isNaN(b)) return { kind: 'nan', invalid: false };
  const neg = isNeg(a) !== isNeg(b);
  const ia = !Number.isFinite(a);
  const ib = !Number.isFinite(b);
  if (ia && ib) return { kind: 'nan', invalid: true };
  if (ia) return { kind: 'inf', neg };
  if (ib) return { kind: 'zero', neg };
  if (b === 0) return a === 0 ? { kind: 'nan', invalid: true } : { kind: 'inf', neg, divByZero: true };
  if (a === 0) return { kind: 'zero', neg };
  const da = doubleToDyadic(a);
  const db = doubleToDyadic(b);
  const d = da.exp - db.exp;
  return {
    kind: 'finite',
    neg,
    num: d >= 0 ? da.mant << BigInt(d) : da.mant,
    den: d >= 0 ? db.mant : db.mant << BigInt(-d),
  };
}

/** Integer square root: floor(sqrt(n)) for n ≥ 0 (Newton's iteration on BigInt). */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * sqrt(a), exact when a is a perfect square; otherwise a rational stand-in that lies strictly between the same two
 * grid points 2^-guard apart as the true root (guard = 140 bits below the root's leading bit), so every rounding
 * decision at a coarser quantum is the true one. `minExp` is the finest quantum exponent a caller may round at.
 */
export function exactSqrt(a: number, minExp: number): Exact {
  if (Number.isNaN(a)) return { kind: 'nan', invalid: false };
  if (a === 0) return { kind: 'zero', neg: isNeg(a) };
  if (a < 0) return { kind: 'nan', invalid: true };
  if (a === Infinity) return { kind: 'inf', neg: false };
  let { mant: m, exp: e } = doubleToDyadic(a);
  if (e % 2 !== 0) {
    m <<= 1n;
    e -= 1;
  }
  // root = sqrt(m · 4^k) · 2^(e/2 − k); pick k so the unit 2^(e/2−k) is ≥ 140 bits finer than the root and minExp
  const rootExp = Math.floor((m.toString(2).length - 1) / 2) + e / 2;
  const unitExp = Math.min(rootExp - 140, minExp - 4);
  const k = Math.max(0, e / 2 - unitExp);
  const n = m << BigInt(2 * k);
  const s = isqrt(n);
  const exactRoot = s * s === n;
  const t = e / 2 - k; // value = (s or s+½) · 2^t
  const num0 = exactRoot ? s : 2n * s + 1n;
  const den0 = exactRoot ? 1n : 2n;
  return t >= 0 ? { kind: 'finite', neg: false, num: num0 << BigInt(t), den: den0 } : { kind: 'finite', neg: false, num: num0, den: den0 << BigInt(-t) };
}

/** Exact a·b + c with a single rounding left to the caller (fma(0, ±inf, c) is invalid even for a NaN c). */
export function exactFma(a: number, b: number, c: number, roundDown: boolean): Exact {
  const pInvalid = (a === 0 && !Number.isFinite(b) && !Number.isNaN(b)) || (b === 0 && !Number.isFinite(a) && !Number.isNaN(a));
  if (pInvalid) return { kind: 'nan', invalid: true };
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(c)) return { kind: 'nan', invalid: false };
  const p = exactMul(a, b);
  if (p.kind === 'inf') {
    if (!Number.isFinite(c) && isNeg(c) !== p.neg) return { kind: 'nan', invalid: true };
    return p;
  }
  if (!Number.isFinite(c)) return { kind: 'inf', neg: c < 0 };
  if (p.kind === 'zero') {
    if (c === 0) return zeroSum(p.neg, isNeg(c), roundDown);
    return fromSignedDyadic(dy(c).m, dy(c).e);
  }
  const da = dy(a);
  const db = dy(b);
  const prod = { m: da.m * db.m, e: da.e + db.e };
  if (c === 0) return fromSignedDyadic(prod.m, prod.e);
  const s = addDy(prod, dy(c));
  if (s.m === 0n) return { kind: 'zero', neg: roundDown };
  return fromSignedDyadic(s.m, s.e);
}
