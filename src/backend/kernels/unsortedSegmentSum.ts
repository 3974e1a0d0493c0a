import * as tf from '@tensorflow/tfjs';
import type { WasmKernelArgs } from '../_internal/wasmInfo.js';

/**
 * `UnsortedSegmentSum` for wasm (missing in tfjs 4.22; it is the gradient of `gather`, so embeddings and
 * gathers cannot train without it). out[s, …] = Σ_{i : segmentIds[i] = s} x[i, …], for x whose leading
 * axes have the shape of `segmentIds`. Ids outside [0, numSegments) contribute nothing (as in TensorFlow).
 * float32 sums accumulate in float64; int32 sums wrap like tfjs-backend-cpu's (ToInt32 of the exact sum).
 */
export function unsortedSegmentSumKernel({ inputs, backend, attrs }: WasmKernelArgs<'x' | 'segmentIds'>): tf.TensorInfo {
  const { x, segmentIds } = inputs;
  const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
  const numIds = tf.util.sizeFromShape(segmentIds.shape);
  const inner = numIds === 0 ? 0 : tf.util.sizeFromShape(x.shape) / numIds;
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const acc = new Float64Array(numSegments * inner);
  const out = backend.makeOutput(outShape, x.dtype);
  const xv = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  for (let i = 0; i < numIds; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let k = 0; k < inner; k++) acc[dst + k] += xv[src + k];
  }
  backend.typedArrayFromHeap(out).set(acc);
  return out;
}
