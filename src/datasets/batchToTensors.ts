import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIDE, NUM_CLASSES, PIXELS, type Split } from './dataset.js';

/** Tensor layout of a batch: 'image' = [b, 28, 28, 1] (NHWC, for conv nets), 'flat' = [b, 784] (MLPs). */
export type BatchLayout = 'image' | 'flat';

/** A batch as tensors; the caller disposes both. */
export interface TensorBatch {
  xs: tf.Tensor;
  /** One-hot float32 labels, [b, 10]. */
  ys: tf.Tensor2D;
}

/**
 * Copies the examples `indices` of `split` (in that order) into fresh tensors: pixels as `layout`, labels
 * one-hot. Built from typed arrays in JS, so no intermediate tensors are created (nothing to tidy).
 * @example const { xs, ys } = batchToTensors(ds.train, [0, 1, 2], 'flat'); // xs [3, 784], ys [3, 10]
 */
export function batchToTensors(split: Split, indices: ArrayLike<number>, layout: BatchLayout = 'image'): TensorBatch {
  if (layout !== 'image' && layout !== 'flat') {
    throw new RangeError(`batchToTensors: layout must be 'image' or 'flat'; got ${JSON.stringify(layout)}`);
  }
  const b = indices.length;
  const x = new Float32Array(b * PIXELS);
  const y = new Float32Array(b * NUM_CLASSES);
  for (let k = 0; k < b; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= split.n) {
      throw new RangeError(`batchToTensors: indices[${k}] must be an integer in [0, ${split.n - 1}]; got ${i}`);
    }
    x.set(split.x.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
    y[k * NUM_CLASSES + split.y[i]!] = 1;
  }
  const shape = layout === 'image' ? [b, IMAGE_SIDE, IMAGE_SIDE, 1] : [b, PIXELS];
  return { xs: tf.tensor(x, shape, 'float32'), ys: tf.tensor2d(y, [b, NUM_CLASSES], 'float32') };
}
