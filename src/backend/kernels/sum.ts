import * as tf from '@tensorflow/tfjs';
import { callKernel, f32, type WasmKernelArgs } from '../_internal/wasmInfo.js';
import { requireStockKernel } from '../_internal/stockKernels.js';

/** True when `axes` are exactly 0..k−1 for some 0 < k < rank (a reduction over the leading axes). */
function leadingAxes(axes: number[], rank: number): boolean {
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.length > 0 && sorted.length < rank && sorted.every((a, i) => a === i);
}

/**
 * `Sum` for the wasm backend with a fast path for float32 reductions over the leading axes, e.g. the bias
 * gradient Σ_{n,h,w} dy[n,h,w,c] of every conv layer. Stock wasm first transposes the reduced axes to the
 * end (a full copy), which made this about 3× the cost of an elementwise op; here one pass adds each row
 * into a float64 accumulator (tfjs-backend-cpu also sums in JS numbers). Every other case (other axes,
 * int32, full reductions) goes to the stock kernel unchanged.
 */
export function sumKernel({ inputs, backend, attrs }: WasmKernelArgs<'x'>): tf.TensorInfo {
  const { x } = inputs;
  const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(axis, x.shape);
  if (x.dtype !== 'float32' || !leadingAxes(axes, rank)) {
    return callKernel(requireStockKernel(tf.Sum), backend, inputs, attrs ?? {});
  }
  const rest = x.shape.slice(axes.length);
  const inner = tf.util.sizeFromShape(rest);
  const rows = tf.util.sizeFromShape(x.shape) / Math.max(1, inner);
  const acc = new Float64Array(inner);
  const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...rest] : rest, 'float32');
  const xv = f32(backend, x);
  for (let r = 0, o = 0; r < rows; r++) for (let c = 0; c < inner; c++, o++) acc[c] += xv[o]!;
  f32(backend, out).set(acc);
  return out;
}
