import * as tf from '@tensorflow/tfjs';

/** Backends whose `dataSync` returns a fresh copy (wasm slices its heap); cpu returns its own storage. */
const COPYING_BACKENDS = new Set(['wasm']);

/**
 * A tensor's float32 values in an array the caller owns and may overwrite: the `dataSync` result itself where
 * the backend returns a fresh copy (wasm), a copy of it elsewhere (the cpu backend hands out its storage).
 */
export function ownedData(t: tf.Tensor): Float32Array {
  const d = t.dataSync() as Float32Array;
  return COPYING_BACKENDS.has(tf.getBackend()) ? d : d.slice();
}
