import { dotKernel } from './_dot/dotKernel.js';
import { dotPlan, operand, type DotOptions } from './_dot/dotPlan.js';
import { isNarrow } from './_dot/exactSteps.js';
import { matmulWasm } from '../fastpath/dotWasm.js';

export type { DotOptions } from './_dot/dotPlan.js';
export type { DotOrder } from './_dot/dotKernel.js';

/**
 * A dot product as low-precision hardware computes it, bit for bit: each product a_i·b_i is formed exactly and
 * rounded once into `options.product`; each addition acc + p is formed exactly and rounded once into
 * `options.accumulator`, in the summation order `options.order` (sequential, pairwise tree, or blocked partial
 * sums; see `DotOptions`). Int8×int8 products are exact in fixed(w=16,f=0), so an int8 MAC into a wrapping
 * 24-bit register is `{product: int16, accumulator: fixed(w=24,f=0,overflow=wrap)}`; a shift-and-add multiplier
 * is the same with power-of-two operands (the exact product is an exponent add, then one rounding).
 *
 * The operands are used as given: they are assumed to be values of the operand formats already (quantize them
 * first, e.g. with `quantizeArray`). The sum starts from +0; exact zero sums are +0 (−0 under `rdn`, or when both
 * addends are −0), as in `arith`. Infinite or NaN products and sums follow `arith` (IEEE rules; inf becomes NaN
 * in a float format without infinities and the clamp value in a fixed format; NaN becomes 0 in fixed point).
 * Under `sr` every rounding takes one draw: the n products in index order, then the additions in evaluation
 * order (pairwise: left subtree, right subtree, then their sum).
 * A fused multiply-add chain (acc + a·b rounded once) is the case of a product format that holds every exact
 * product (e.g. float32 for fp8 operands).
 * Exactness: products and sums are computed in doubles where Dekker's TwoProduct and Knuth's TwoSum show them
 * exact, in BigInt otherwise. Not modelled: flags (only the value is returned).
 * @example dot([1, 2, 3], [4, 5, 6], { product: parseFormat('int16'), accumulator: parseFormat('int32') }) // 32
 * @throws RangeError / TypeError for arrays of different lengths, non-numbers, bad formats, orders or modes.
 */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>, options: DotOptions): number {
  const A = operand('dot', 'a', a);
  const B = operand('dot', 'b', b);
  if (A.length !== B.length) throw new RangeError(`dot: a and b must have the same length; got ${A.length} and ${B.length}`);
  const plan = dotPlan('dot', options, A.length);
  const narrow = isNarrow(A) && isNarrow(B);
  // round to nearest even of float formats with p ≤ 24: WebAssembly SIMD, the same bits (see fastpath/dotWasm.ts)
  const fast = narrow ? matmulWasm(plan.prod.spec, plan.acc.spec, plan.prod.mode, plan.order, A, B, 1, A.length, 1) : undefined;
  if (fast) return fast[0]!;
  return dotKernel(plan, A, 0, B, 0, A.length, narrow);
}
