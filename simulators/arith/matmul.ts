import { dotKernel } from './_dot/dotKernel.js';
import { dotPlan, operand, type DotOptions } from './_dot/dotPlan.js';
import { isNarrow } from './_dot/exactSteps.js';
import { matmulWasm } from '../fastpath/dotWasm.js';

function dim(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`matmul: ${name} must be a non-negative integer; got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * C = A·B for row-major A (M×K) and B (K×N), every C[i][j] computed as `dot(A[i,:], B[:,j], options)`: products
 * rounded once into `options.product`, sums rounded into `options.accumulator` in `options.order`. Returns C as
 * a row-major Float64Array (M×N). Under `sr` the outputs draw in row-major order, each as `dot` does.
 * The operands are assumed to be values of their formats already (see `dot`).
 * @example matmul([1, 2, 3, 4], [1, 0, 0, 1], 2, 2, 2, { product: int16, accumulator: int32 }) // [1, 2, 3, 4]
 * @throws RangeError when a dimension is not a non-negative integer or an array length is not M·K / K·N.
 */
export function matmul(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  M: number,
  K: number,
  N: number,
  options: DotOptions,
): Float64Array {
  dim('M', M);
  dim('K', K);
  dim('N', N);
  const A = operand('matmul', 'A', a);
  const B = operand('matmul', 'B', b);
  if (A.length !== M * K) throw new RangeError(`matmul: A must have M·K = ${M * K} elements; got ${A.length}`);
  if (B.length !== K * N) throw new RangeError(`matmul: B must have K·N = ${K * N} elements; got ${B.length}`);
  const plan = dotPlan('matmul', options, K);
  const narrow = isNarrow(A) && isNarrow(B);
  // round to nearest even of float formats with p ≤ 24: WebAssembly SIMD, the same bits (see fastpath/dotWasm.ts)
  const fast = narrow ? matmulWasm(plan.prod.spec, plan.acc.spec, plan.prod.mode, plan.order, A, B, M, K, N) : undefined;
  if (fast) return fast;
  // columns of B made contiguous once
  const BT = new Float64Array(K * N);
  for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) BT[j * K + k] = B[k * N + j]!;
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) C[i * N + j] = dotKernel(plan, A, i * K, BT, j * K, K, narrow);
  return C;
}
