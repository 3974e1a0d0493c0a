import * as tf from '@tensorflow/tfjs';
import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { matmul } from '../../../simulators/arith/matmul.js';
import { Rng } from '../../../simulators/random/rng.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';

/**
 * The accumulator of one layer: every dot product's running sum is rounded into `format` after each addition
 * (products exact: float32 operands multiply exactly in float64), sequential order, with `rounding` (an `sr`
 * generator is seeded once per layer and advanced by every call).
 */
export interface AccumulatorSpec {
  key: string;
  format: FormatSpec;
  rounding: RoundingMode;
  rng?: Rng;
}

/** float64 holds every product of two float32 numbers exactly (≤ 48 significant bits, exponents within range). */
const EXACT_PRODUCT = parseFormat('float64');

/** C = A·B (row-major, M×K by K×N) through the simulators' matmul, returned as float32 (nearest). */
export function simMatMul(a: Float32Array, b: Float32Array, M: number, K: number, N: number, acc: AccumulatorSpec): Float32Array {
  const c = matmul(a, b, M, K, N, { product: EXACT_PRODUCT, accumulator: acc.format, rounding: acc.rounding, ...(acc.rng ? { rng: acc.rng } : {}) });
  return Float32Array.from(c);
}

/** Row-major transpose of an R×C matrix. */
export function transpose(a: Float32Array, R: number, C: number): Float32Array {
  const t = new Float32Array(R * C);
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) t[j * R + i] = a[i * C + j]!;
  return t;
}

/**
 * x·W (x: [..., K], W: [K, N]) with every dot product accumulated in the accumulator format by the simulator,
 * in the forward pass and in both backward products (dL/dx = dL/dz·Wᵀ, dL/dW = xᵀ·dL/dz). Exact and slow: about
 * 10^6 multiply-accumulates per second (docs/training.md), so keep it to small layers and batches.
 * The accumulated value leaves the kernel rounded to float32 (nearest), exactly when float32 holds the format.
 */
export function accumulatorMatMul(x: tf.Tensor, w: tf.Tensor, acc: AccumulatorSpec): tf.Tensor {
  const op = tf.customGrad((...args: unknown[]) => {
    const [xi, wi] = args as [tf.Tensor, tf.Tensor];
    const save = args[2] as tf.GradSaveFunc;
    save([xi, wi]);
    const [K, N] = wi.shape as [number, number];
    const M = xi.size / K;
    const z = simMatMul(xi.dataSync() as Float32Array, wi.dataSync() as Float32Array, M, K, N, acc);
    return {
      value: tf.tensor(z, [...xi.shape.slice(0, -1), N], 'float32'),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor, tf.Tensor];
        const g = (dy as tf.Tensor).dataSync() as Float32Array;
        const xd = xs.dataSync() as Float32Array;
        const wd = ws.dataSync() as Float32Array;
        const dx = simMatMul(g, transpose(wd, K, N), M, N, K, acc);
        const dw = simMatMul(transpose(xd, M, K), g, K, M, N, acc);
        return [tf.tensor(dx, xs.shape, 'float32'), tf.tensor(dw, ws.shape, 'float32')];
      },
    };
  });
  return op(x, w);
}
