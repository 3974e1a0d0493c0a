import { exactAdd, exactDiv, exactFma, exactMul, exactSqrt, type Exact } from '../../simulators/arith/exactOps.js';
import { floatLayout } from '../../simulators/formats/floatLayout.js';
import { RationalMagnitude } from '../../simulators/_internal/magnitude.js';
import { doubleToDyadic } from '../../simulators/_internal/bits.js';
import { FLAG_O } from '../../simulators/_internal/flags.js';
import { codeValue } from './codes.js';
import { expectedResult, type CaseResult } from './oracle.js';
import type { ScalarSpec, TestOp } from './testOp.js';

/**
 * The two results stochastic rounding may give for one case, and the exact probability of the upper one.
 * `pNum/pDen` is 0 when the result is exact or not finite, or when both neighbours have the same code (they may
 * still differ in flags: rounding to max, or saturating to it, raises overflow only in the second case).
 */
export interface SrNeighbours {
  lo: CaseResult;
  hi: CaseResult;
  pNum: bigint;
  pDen: bigint;
}

/** The largest double below 1: as the draw u it takes the lower neighbour whenever p < 1 − 2^−53. */
const U_MAX = 1 - 2 ** -53;

/**
 * Stochastic-rounding candidates of a case (test/fixtures/vectors/README.md): lo is the exact result truncated on the
 * format's grid, hi the next grid point away from zero, taken with probability p = (|x| − |lo|)/ulp exactly; a
 * candidate beyond the largest finite value becomes the overflow value of the policy (so above max + ulp both are).
 * Each candidate carries the flags lowbit raises when it is chosen, with tininess decided in the same direction
 * (toward zero for lo, away for hi). For sqrt the exact root is a 140-bit stand-in, so p is exact to 2^−140.
 * @example srNeighbours(testOp('add', 'float16'), [0x3c00n, 0x0001n]).pDen // 2^-24 / 2^-10 → 1/16384
 */
export function srNeighbours(t: TestOp, codes: readonly bigint[]): SrNeighbours {
  const hi = expectedResult(t, codes, 'sr', 0);
  const ex = exactResult(t, codes.map((c) => codeValue(t.operandSpec, c)));
  if (ex.kind !== 'finite') return { lo: hi, hi, pNum: 0n, pDen: 1n };
  const q = quantumExp(t.spec, new RationalMagnitude(ex.num, ex.den).floorLog2());
  // p = frac(|x| / 2^q) = r / den
  let num = ex.num;
  let den = ex.den;
  if (q >= 0) den <<= BigInt(q);
  else num <<= BigInt(-q);
  const r = num % den;
  if (r === 0n) return { lo: hi, hi, pNum: 0n, pDen: 1n };
  let lo: CaseResult;
  if (r * 2n ** 53n < den * (2n ** 53n - 1n)) {
    lo = expectedResult(t, codes, 'sr', U_MAX);
  } else {
    // p ≥ 1 − 2^−53: no draw takes lo in lowbit's sr, but it is still the lower neighbour; truncation gives it,
    // except that a truncated value beyond max overflows exactly as the upper one does
    const z = expectedResult(t, codes, 'rtz');
    lo = z.flags & FLAG_O ? hi : z;
  }
  // one result either way (e.g. both saturate to max): no choice to make, so p = 0 as the vectors write it
  if (lo.code === hi.code) return { lo, hi, pNum: 0n, pDen: 1n };
  const g = gcd(r, den);
  return { lo, hi, pNum: r / g, pDen: den / g };
}

/** Exponent of the grid spacing at the exact result: the float quantum (subnormal range included) or 2^−f. */
function quantumExp(spec: ScalarSpec, e: number): number {
  if (spec.kind === 'fixed') return -spec.f;
  const L = floatLayout(spec);
  if (e < L.emin && spec.subnormals === 'off') return L.emin;
  return Math.max(e, L.emin) - spec.m;
}

/** The exact result before rounding, as `arith` computes it (a conversion's input is exact already). */
function exactResult(t: TestOp, xs: readonly number[]): Exact {
  const [a, b, c] = xs as [number, number, number];
  switch (t.op) {
    case 'add':
      return exactAdd(a, b, false);
    case 'sub':
      return exactAdd(a, -b, false);
    case 'mul':
      return exactMul(a, b);
    case 'div':
      return exactDiv(a, b);
    case 'sqrt':
      return exactSqrt(a, t.spec.kind === 'float' ? floatLayout(t.spec).emin - t.spec.m : -t.spec.f);
    case 'fma':
      return exactFma(a, b, c, false);
    case 'convert': {
      if (!Number.isFinite(a) || a === 0) return { kind: 'zero', neg: false };
      const d = doubleToDyadic(a);
      return d.exp >= 0
        ? { kind: 'finite', neg: d.neg, num: d.mant << BigInt(d.exp), den: 1n }
        : { kind: 'finite', neg: d.neg, num: d.mant, den: 1n << BigInt(-d.exp) };
    }
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}
