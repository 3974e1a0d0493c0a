import { floatLayout } from '../../simulators/formats/floatLayout.js';
import type { FloatSpec } from '../../simulators/formats/formatSpec.js';
import { handlerFor } from '../../simulators/registry.js';
import { RationalMagnitude } from '../../simulators/_internal/magnitude.js';
import { floorLog2, pow2 } from '../../simulators/_internal/bits.js';
import type { Rng } from '../../simulators/random/rng.js';
import { randomInt } from './randomCode.js';
import { codeNear, exactCode, randomFinite } from './_internal/pick.js';
import { qMul, qOf } from './_internal/rational.js';
import type { ScalarSpec, TestOp } from './testOp.js';

/** Exponent of half an ulp of a nonzero value of magnitude 2^e in a float format (subnormal range included). */
function halfUlpExp(spec: FloatSpec, e: number): number {
  return Math.max(e, floatLayout(spec).emin) - spec.m - 1;
}

/** A random odd multiple (1, 3, 5 or 7) of 2^k, with a random sign. */
function oddMultiple(rng: Rng, k: number): number {
  return (rng.uniform() < 0.5 ? -1 : 1) * (2 * randomInt(rng, 4) + 1) * pow2(k);
}

/**
 * Operands whose exact result is a tie of the result format (halfway between two neighbours), where the operation
 * can make one: add/sub (a and an odd multiple of half its ulp), mul (1.5·2^j times an odd significand below 1.25: a
 * tie unless the product leaves the normal range), fma (short significands, so a·b is exact, plus an odd half ulp), convert (a
 * midpoint of the result format that the source format holds). Fixed point: products with ±0.5, quotients by ±2.
 * Binary division and square roots never give ties, so they get sqrt's exact squares and their neighbours instead.
 * Undefined when the construction lands outside the format; the rounding mode then decides the rest.
 * @example tieCase(testOp('add', 'float16'), new Rng(1)) // e.g. [0x3c00n, 0x1000n]: 1 + 2^-11, halfway
 */
export function tieCase(t: TestOp, rng: Rng): bigint[] | undefined {
  const s = t.operandSpec;
  if (t.op === 'sqrt' || (t.op === 'div' && s.kind === 'float')) return squareCase(t, rng);
  if (t.op === 'convert') return convertTie(t, rng);
  if (s.kind === 'fixed') return fixedTie(t, rng);
  const a = randomFinite(s, rng, true);
  switch (t.op) {
    case 'add':
    case 'sub': {
      const b = exactCode(s, oddMultiple(rng, halfUlpExp(s, floorLog2(Math.abs(a.x)))));
      return b === undefined ? undefined : [a.code, b];
    }
    case 'mul': {
      // 1.5·2^j (mantissa 10…0, a normal exponent) times a significand below 1.25 whose last bit is set: the
      // exact product's significand is below 1.875 with one bit too many, a tie
      const field = BigInt(1 + randomInt(rng, Math.max(1, 2 ** s.e - 2)));
      const hi = s.m > 0 ? 1n << BigInt(s.m - 1) : 0n;
      const x15 = (BigInt(rng.uint32() & 1) << BigInt(s.e + s.m)) | (field << BigInt(s.m)) | hi;
      const b = s.m > 0 ? (a.code & ~(hi | (hi >> 1n))) | 1n : a.code;
      return finiteCode(s, x15) && finiteCode(s, b) ? [x15, b] : undefined;
    }
    default: {
      // fma: short significands make a·b exact in p bits; c an odd multiple of half the ulp of a·b
      const keep = BigInt(Math.floor((s.m - 1) / 2));
      const mask = ~((1n << (BigInt(s.m) - keep)) - 1n);
      const a2 = a.code & mask;
      const b2 = randomFinite(s, rng, true).code & mask;
      if (!finiteCode(s, a2) || !finiteCode(s, b2)) return undefined;
      const xa = handlerFor(s).decode(s, a2);
      const xb = handlerFor(s).decode(s, b2);
      if (xa === 0 || xb === 0) return undefined;
      const e = new RationalMagnitude(...abs(qMul(qOf(xa), qOf(xb)))).floorLog2();
      const c = exactCode(s, oddMultiple(rng, halfUlpExp(s, e)));
      return c === undefined ? undefined : [a2, b2, c];
    }
  }
}

function abs(q: { n: bigint; d: bigint }): [bigint, bigint] {
  return [q.n < 0n ? -q.n : q.n, q.d];
}

/** True when a code is a finite value of the format. */
function finiteCode(spec: ScalarSpec, code: bigint): boolean {
  const h = handlerFor(spec);
  const x = h.decode(spec, code);
  return Number.isFinite(x) && h.isValue(spec, x);
}

function convertTie(t: TestOp, rng: Rng): bigint[] | undefined {
  const y = randomFinite(t.spec, rng);
  let mid: number;
  if (t.spec.kind === 'float') {
    const e = y.x === 0 ? floatLayout(t.spec).emin : floorLog2(Math.abs(y.x));
    mid = y.x + oddMultiple(rng, halfUlpExp(t.spec, e));
  } else {
    mid = y.x + (rng.uniform() < 0.5 ? -1 : 1) * pow2(-t.spec.f - 1);
  }
  const a = exactCode(t.operandSpec, mid);
  return a === undefined ? undefined : [a];
}

function fixedTie(t: TestOp, rng: Rng): bigint[] | undefined {
  const s = t.spec.kind === 'fixed' ? t.spec : undefined;
  if (!s || t.op === 'add' || t.op === 'sub') return undefined; // fixed sums are exact
  const a = randomFinite(s, rng, true);
  const odd = a.code | 1n;
  const sign = s.signed && rng.uniform() < 0.5 ? -1 : 1;
  const bx = t.op === 'div' ? 2 * sign : 0.5 * sign;
  const b = exactCode(s, bx);
  if (b === undefined) return undefined;
  if (t.op === 'fma') return [odd, b, randomFinite(s, rng).code];
  return [odd, b];
}

/** sqrt (and float div) operands: an exact square v² (or product v·w over w) and its code neighbours. */
export function squareCase(t: TestOp, rng: Rng): bigint[] | undefined {
  const s = t.operandSpec;
  const v = randomFinite(s, rng, true);
  const w = t.op === 'sqrt' ? v : randomFinite(s, rng, true);
  const prod = codeNear(s, qMul(qOf(Math.abs(v.x)), qOf(w.x)), rng);
  if (prod === undefined) return undefined;
  return t.op === 'sqrt' ? [prod] : [prod, w.code];
}
