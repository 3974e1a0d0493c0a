import { exactAdd, exactMul } from '../exactOps.js';
import { roundDouble, roundExact, type SideRounder } from './sideRounder.js';

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter for binary64
const BIG = 2 ** 995;
const TINY = 2 ** -900;
const NARROW_MIN = 2 ** -480;
const NARROW_MAX = 2 ** 480;

/**
 * a·b computed exactly and rounded once into the product format (result in `S.value`). When `narrow` (both operands have at most 26
 * significant bits and exponents within ±480, see `isNarrow`) the double product is the exact product. Otherwise
 * Dekker's TwoProduct (Veltkamp splitting, valid without overflow or underflow in the partial products: Dekker
 * 1971, "A floating-point technique for extending the available precision") tells whether the double product
 * is exact; if not, the product is formed in BigInt (`exactMul`).
 */
export function roundedProduct(S: SideRounder, a: number, b: number, narrow: boolean, u: number): void {
  const p = a * b;
  if (narrow) {
    roundDouble(S, p, u);
    return;
  }
  const ap = p < 0 ? -p : p;
  if (ap >= TINY && ap < BIG && a < BIG && a > -BIG && b < BIG && b > -BIG) {
    let c = SPLIT * a;
    const ah = c - (c - a);
    const al = a - ah;
    c = SPLIT * b;
    const bh = c - (c - b);
    const bl = b - bh;
    const err = ah * bh - p + ah * bl + al * bh + al * bl;
    if (err === 0) {
      roundDouble(S, p, u);
      return;
    }
  } else if ((a === 0 || b === 0) && a - a === 0 && b - b === 0) {
    roundDouble(S, p, u);
    return;
  }
  roundExact(S, exactMul(a, b), u);
}

/**
 * x + y computed exactly and rounded once into the accumulator format (result in `S.value`). Knuth's TwoSum gives the rounding error e
 * of s = fl(x + y) exactly when nothing overflows (Knuth, TAOCP vol. 2, §4.2.2, Theorem B); e = 0 means s is the
 * exact sum. Otherwise the sum is formed in BigInt (`exactAdd`). An exact zero sum is +0, or −0 under `rdn`,
 * except that two zeros of the same sign keep it (IEEE 754-2019 §6.3).
 */
export function roundedSum(S: SideRounder, x: number, y: number, roundDown: boolean, u: number): void {
  const s = x + y;
  if (s - s === 0) {
    const bv = s - x;
    const e = x - (s - bv) + (y - bv);
    if (e === 0) {
      if (s !== 0) {
        roundDouble(S, s, u);
        return;
      }
      const sameZero = x === 0 && y === 0 && 1 / x < 0 === 1 / y < 0;
      roundDouble(S, sameZero ? x : roundDown ? -0 : 0, u);
      return;
    }
  }
  roundExact(S, exactAdd(x, y, roundDown), u);
}

/**
 * True when every element is 0 or a finite double with at most 26 significant bits and |x| in [2^−480, 2^480]:
 * the product of two such doubles is then exact (≤ 52 significant bits, no overflow or underflow). The bit count
 * is Veltkamp's split: x has at most 26 significant bits exactly when its high part c − (c − x), c = (2^27+1)·x,
 * is x itself.
 */
export function isNarrow(xs: Float64Array): boolean {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x === 0) continue;
    const ax = x < 0 ? -x : x;
    if (!(ax >= NARROW_MIN && ax <= NARROW_MAX)) return false;
    const c = SPLIT * x;
    if (c - (c - x) !== x) return false;
  }
  return true;
}
