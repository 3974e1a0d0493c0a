import * as tf from '@tensorflow/tfjs';
import { callKernel, disposeInfos, transposeInfo, type WasmBackendLike, type WasmKernelArgs } from '../_internal/wasmInfo.js';
import { requireStockKernel } from '../_internal/stockKernels.js';

/**
 * Relative cost per float of the two hidden steps, measured on this machine with tfjs-backend-wasm 4.22:
 * the stock Transpose kernel ≈ 10 ns, and the stock matmul's packing of its right operand ≈ 6 ns (it
 * re-packs whenever that operand's buffer is new, which a transposed temporary always is).
 */
const TRANSPOSE_COST = 10;
const PACK_COST = 6;

/** Permutation that swaps the last two axes of a rank-`r` tensor. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

const sizeOf = (t: tf.TensorInfo): number => tf.util.sizeFromShape(t.shape);
const tr = (backend: WasmBackendLike, t: tf.TensorInfo): tf.TensorInfo => transposeInfo(backend, t, swapLastTwo(t.shape.length));

/**
 * True when computing Cᵀ = op(B)ᵀ·op(A)ᵀ and transposing it back is cheaper than transposing the operands
 * of C = op(A)·op(B). Example: dx = dy·Wᵀ for a 1024×1024 W and batch 100 swaps (moves 0.3 M floats
 * instead of 2 M); dW = xᵀ·dy does not.
 */
export function cheaperSwapped(a: tf.TensorInfo, b: tf.TensorInfo, tA: boolean, tB: boolean, outSize: number): boolean {
  const sa = sizeOf(a);
  const sb = sizeOf(b);
  const direct = TRANSPOSE_COST * ((tA ? sa : 0) + (tB ? sb : 0)) + PACK_COST * sb;
  const swapped = TRANSPOSE_COST * ((tA ? 0 : sa) + (tB ? 0 : sb) + outSize) + PACK_COST * sa;
  return swapped < direct;
}

/**
 * `BatchMatMul` for the wasm backend that keeps every product on the stock XNNPACK path.
 *
 * Why: stock tfjs-backend-wasm 4.22 runs `transposeA`/`transposeB` products with naive loops (≈ 13× slower
 * than XNNPACK for 100×1024·1024×1024), and backprop through a dense layer always asks for dy·Wᵀ and xᵀ·dy.
 * Here transposed operands are materialised with the stock Transpose kernel and the stock non-transposed
 * kernel runs; when cheaper, it computes Cᵀ = op(B)ᵀ·op(A)ᵀ instead (an operand flagged transposed is then
 * used as it is) and transposes the result. Untransposed calls go straight to the stock kernel.
 *
 * Result equals op(A)·op(B) up to float32 summation order. Not covered: non-float32 dtypes (the stock kernel
 * rejects them too); batched products (batch > 1) stay on the stock kernel's slow loop.
 */
export function batchMatMulKernel({ inputs, backend, attrs }: WasmKernelArgs<'a' | 'b'>): tf.TensorInfo {
  const stock = requireStockKernel(tf.BatchMatMul);
  const { a, b } = inputs;
  const { transposeA: tA, transposeB: tB } = attrs as unknown as tf.BatchMatMulAttrs;
  if (!tA && !tB) return callKernel(stock, backend, { a, b }, { transposeA: false, transposeB: false });
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = tA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const n = tB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const batch = Math.max(sizeOf(a) / (a.shape[ra - 1]! * a.shape[ra - 2]!), sizeOf(b) / (b.shape[rb - 1]! * b.shape[rb - 2]!));
  const plain = { transposeA: false, transposeB: false };
  if (!cheaperSwapped(a, b, tA, tB, batch * m * n)) {
    const aT = tA ? tr(backend, a) : undefined;
    const bT = tB ? tr(backend, b) : undefined;
    try {
      return callKernel(stock, backend, { a: aT ?? a, b: bT ?? b }, plain);
    } finally {
      disposeInfos(backend, aT, bT);
    }
  }
  const left = tB ? undefined : tr(backend, b);
  const right = tA ? undefined : tr(backend, a);
  let cT: tf.TensorInfo | undefined;
  try {
    cT = callKernel(stock, backend, { a: left ?? b, b: right ?? a }, plain);
    return tr(backend, cT);
  } finally {
    disposeInfos(backend, left, right, cT);
  }
}
