import * as tf from '@tensorflow/tfjs';

/**
 * One split of a classification data set: n examples of `x` (row-major, n·prod(inputShape)) and labels `y`.
 * @example
 * const { x, y, n }: DataSplit = loadDataset({ name: 'mnist' }).train;
 */
export interface DataSplit {
  x: Float32Array;
  y: Uint8Array;
  n: number;
}

/**
 * What the training loop needs of a data set (structurally the `Dataset` of `loadDataset`).
 * @example
 * await runTraining(config, { data: loadDataset({ name: 'synthetic', trainSize: 200, testSize: 50, seed: 1 }) })
 */
export interface TrainData {
  train: DataSplit;
  test: DataSplit;
  inputShape: number[];
  numClasses: number;
}

/** Copies the examples `idx` of a split into a new split (used for validation hold-out). */
export function subset(s: DataSplit, idx: ArrayLike<number>): DataSplit {
  const d = s.x.length / s.n;
  const x = new Float32Array(idx.length * d);
  const y = new Uint8Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    x.set(s.x.subarray(idx[i]! * d, (idx[i]! + 1) * d), i * d);
    y[i] = s.y[idx[i]!]!;
  }
  return { x, y, n: idx.length };
}

/**
 * The tensors of one batch: x with shape [b, ...exampleShape] and one-hot labels [b, numClasses]. The caller
 * disposes them.
 */
export function batchTensors(s: DataSplit, idx: ArrayLike<number>, exampleShape: number[], numClasses: number): { x: tf.Tensor; y: tf.Tensor } {
  const d = s.x.length / s.n;
  const b = idx.length;
  const x = new Float32Array(b * d);
  const y = new Float32Array(b * numClasses);
  for (let i = 0; i < b; i++) {
    x.set(s.x.subarray(idx[i]! * d, (idx[i]! + 1) * d), i * d);
    y[i * numClasses + s.y[idx[i]!]!] = 1;
  }
  return { x: tf.tensor(x, [b, ...exampleShape], 'float32'), y: tf.tensor2d(y, [b, numClasses], 'float32') };
}

/** Fraction of misclassified examples (argmax of the logits), computed in batches at inference (training=false). */
export function errorRate(model: tf.LayersModel, s: DataSplit, exampleShape: number[], numClasses: number, batchSize = 500): number {
  if (s.n === 0) return NaN;
  let wrong = 0;
  for (let start = 0; start < s.n; start += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, s.n - start) }, (_, i) => start + i);
    const { x, y } = batchTensors(s, idx, exampleShape, numClasses);
    const pred = tf.tidy(() => tf.argMax(model.apply(x, { training: false }) as tf.Tensor, -1));
    const labels = pred.dataSync();
    for (let i = 0; i < idx.length; i++) if (labels[i] !== s.y[idx[i]!]) wrong++;
    tf.dispose([x, y, pred]);
  }
  return wrong / s.n;
}
