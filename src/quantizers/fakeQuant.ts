import * as tf from '@tensorflow/tfjs';
import { estimatorGrad } from './estimators.js';
import type { EstimatorSpec } from './estimatorSpec.js';
import { ownedData } from './_internal/ownedData.js';

/** Rounds a Float32Array (which it owns and may overwrite) and returns the result (a simulator call). */
export type ArrayQuantizer = (values: Float32Array) => Float32Array;

/**
 * The graph op behind every lowbit quantizer: forward `q = fwd(x)` computed by the simulator on the tensor's
 * data, backward `dL/dx = estimator(x, bwd(dL/dq))`. `fwd` or `bwd` may be null (identity in that direction).
 *
 * The data round trip (`dataSync`, then a new tensor) is one memcpy each way on the cpu and wasm backends; no
 * tensor op is rounded, so nothing backpropagates through `tf.round` (whose gradient is zero, tfjs
 * `Round_grad.ts`). The quantizers round in place on an array the op owns (`ownedData`): the cpu backend keeps the
 * array a tensor is made from, so it must never be one the backend already holds.
 */
export function fakeQuant(x: tf.Tensor, fwd: ArrayQuantizer | null, bwd: ArrayQuantizer | null, estimator: EstimatorSpec): tf.Tensor {
  if (fwd === null && bwd === null && estimator.kind === 'identity') return x.clone();
  const op = tf.customGrad((...args: unknown[]) => {
    const input = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([input]);
    const value = fwd === null ? input.clone() : tf.tensor(fwd(ownedData(input)), input.shape, 'float32');
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const g = dy as tf.Tensor;
        if (bwd === null) return [estimatorGrad(estimator, saved[0]!, g)];
        const gq = tf.tensor(bwd(ownedData(g)), g.shape, 'float32');
        const out = estimatorGrad(estimator, saved[0]!, gq);
        gq.dispose();
        return [out];
      },
    };
  });
  return op(x);
}
