import * as tf from '@tensorflow/tfjs';
import { loadDataset, type DatasetSpec } from '../../src/index.js';
import { type TensorSplit } from '../../src/bitpruning/index.js';

/** A dataset's two splits as tensors (images NHWC or flat), plus the resolved spec for the result file. */
export interface TensorDataset {
  train: TensorSplit;
  test: TensorSplit;
  spec: Record<string, unknown>;
  source: string;
  dispose(): void;
}

/**
 * Loads a lowbit dataset (e.g. a seeded Fashion-MNIST subset) and copies both splits into tensors once: x as
 * [n, 28, 28, 1] ('image') or [n, 784] ('flat'), y as int32 labels. Small subsets only (the whole split is one tensor).
 * @example const ds = loadTensorDataset({ name: 'fashion-mnist', trainSize: 6000, testSize: 2000, seed: 1 }, 'image')
 */
export function loadTensorDataset(spec: DatasetSpec, layout: 'image' | 'flat'): TensorDataset {
  const ds = loadDataset(spec);
  const split = (s: { x: Float32Array; y: Uint8Array; n: number }): TensorSplit => ({
    x: layout === 'image' ? tf.tensor4d(s.x, [s.n, 28, 28, 1]) : tf.tensor2d(s.x, [s.n, 784]),
    y: tf.tensor1d(Int32Array.from(s.y), 'int32'),
  });
  const train = split(ds.train);
  const test = split(ds.test);
  return {
    train, test, spec: { ...ds.spec }, source: ds.source,
    dispose: () => tf.dispose([train.x, train.y, test.x, test.y]),
  };
}
