import { floatLayout } from '../../simulators/formats/floatLayout.js';
import { fixedCodeRange } from '../../simulators/formats/fixedPoint.js';
import { floorLog2, pow2 } from '../../simulators/_internal/bits.js';
import type { Rng } from '../../simulators/random/rng.js';
import { randomInt } from './randomCode.js';
import { squareCase } from './tieCases.js';
import { codeNear, randomFinite } from './_internal/pick.js';
import { qAdd, qDiv, qMul, qNeg, qOf, qPow2, qSub, type Q } from './_internal/rational.js';
import type { ScalarSpec, TestOp } from './testOp.js';

/**
 * The results near which rounding decides overflow and underflow, as exact rationals. Floats: max, the overflow
 * boundary max + ulp(max)/2, the smallest normal, the underflow boundary minNormal − minSubnormal/2, the smallest
 * subnormal and half of it (with subnormals off: half the smallest normal). Fixed point: the ends of the range and
 * half an lsb beyond them, and half an lsb.
 */
export function thresholds(spec: ScalarSpec): Q[] {
  if (spec.kind === 'fixed') {
    const [lo, hi] = fixedCodeRange(spec);
    const lsb = qPow2(-spec.f);
    const half = qPow2(-spec.f - 1);
    const max = qMul({ n: BigInt(hi), d: 1n }, lsb);
    const min = qMul({ n: BigInt(lo), d: 1n }, lsb);
    return [max, qAdd(max, half), min, qSub(min, half), half];
  }
  const L = floatLayout(spec);
  const max = qOf(L.maxFinite);
  const ulpMaxExp = floorLog2(L.maxFinite) - spec.m;
  const out = [max, qAdd(max, qPow2(ulpMaxExp - 1)), qOf(L.minNormal)];
  if (spec.subnormals === 'on') {
    out.push(qSub(qOf(L.minNormal), qPow2(L.emin - spec.m - 1)), qOf(L.minSubnormal), qPow2(L.emin - spec.m - 1));
  } else {
    out.push(qOf(pow2(L.emin - 1)));
  }
  return out;
}

/**
 * Operands whose exact result lands on or next to a threshold of the result format: one or two operands drawn at
 * random, the last one solved from the target (b = T − a for add, T / a for mul, a / T for div, c = T − a·b for
 * fma; a = T for convert; sqrt neither overflows nor underflows, so it gets exact squares), rounded into the operand format
 * and moved by a code half of the time. Undefined when the solved operand is no finite value of the format.
 * @example thresholdCase(testOp('mul', 'float16'), new Rng(1)) // e.g. [0x5a3cn, 0x5d0an] whose product is near 65504
 */
export function thresholdCase(t: TestOp, rng: Rng): bigint[] | undefined {
  const ts = thresholds(t.spec);
  let T = ts[randomInt(rng, ts.length)]!;
  if (rng.uniform() < 0.5 && !(t.spec.kind === 'fixed' && !t.spec.signed)) T = qNeg(T);
  const s = t.operandSpec;
  const a = randomFinite(s, rng, true);
  let solved: Q | undefined;
  switch (t.op) {
    case 'add':
      solved = qSub(T, qOf(a.x));
      break;
    case 'sub':
      solved = qSub(qOf(a.x), T);
      break;
    case 'mul':
      solved = qDiv(T, qOf(a.x));
      break;
    case 'div':
      solved = qDiv(qOf(a.x), T);
      break;
    case 'sqrt':
      return squareCase(t, rng);
    case 'convert':
      return fromQ(s, T, rng);
    case 'fma': {
      const b = randomFinite(s, rng, true);
      const c = codeNear(s, qSub(T, qMul(qOf(a.x), qOf(b.x))), rng);
      return c === undefined ? undefined : [a.code, b.code, c];
    }
  }
  if (solved === undefined) return undefined;
  const b = codeNear(s, solved, rng);
  if (b === undefined) return undefined;
  return (t.op === 'add' || t.op === 'mul') && rng.uniform() < 0.5 ? [b, a.code] : [a.code, b];
}

function fromQ(spec: ScalarSpec, q: Q, rng: Rng): bigint[] | undefined {
  if (q.n < 0n && spec.kind === 'fixed' && !spec.signed) return undefined;
  const c = codeNear(spec, q, rng);
  return c === undefined ? undefined : [c];
}
