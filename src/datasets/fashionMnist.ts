import { join } from 'node:path';
import { IMAGE_SIDE, NUM_CLASSES, PIXELS, type Dataset, type ResolvedDatasetSpec, type Split } from './dataset.js';
import { readIdxGz } from './idx.js';
import { gather, seededPermutation } from './_internal/permutation.js';

/** Where Debian's `dataset-fashion-mnist` package installs the four files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The four standard file names (identical for the original MNIST distribution). */
export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

const INSTALL_HINT = `Install Fashion-MNIST with \`apt-get install dataset-fashion-mnist\` (files go to ${FASHION_MNIST_DIR}), ` +
  'or set spec.path to a folder holding the four gzipped IDX files.';

/** Reads one images+labels pair and checks they agree: [n, 28, 28] bytes, n labels in [0, 10). */
function readPair(dir: string, images: string, labels: string): { pixels: Uint8Array; labels: Uint8Array; n: number } {
  const im = readIdxGz(join(dir, images), INSTALL_HINT);
  const lb = readIdxGz(join(dir, labels), INSTALL_HINT);
  const [n, h, w] = im.dims;
  if (im.dims.length !== 3 || h !== IMAGE_SIDE || w !== IMAGE_SIDE) {
    throw new Error(`loadDataset: ${join(dir, images)} has dims [${im.dims}]; expected [n, 28, 28]`);
  }
  if (lb.dims.length !== 1 || lb.dims[0] !== n) {
    throw new Error(`loadDataset: ${join(dir, labels)} has dims [${lb.dims}]; expected [${n}] to match ${images}`);
  }
  const bad = lb.data.findIndex((v) => v >= NUM_CLASSES);
  if (bad >= 0) throw new Error(`loadDataset: ${join(dir, labels)} has label ${lb.data[bad]} at ${bad}; expected 0..9`);
  return { pixels: im.data, labels: lb.data, n: n! };
}

/** All examples, or a seeded subset of `size` kept in file order (so size = n gives the whole split). */
function subset(pair: { pixels: Uint8Array; labels: Uint8Array; n: number }, size: number, seed: number, key: string,
  file: string): Split {
  if (size > pair.n) throw new RangeError(`loadDataset: spec.${key} is ${size} but ${file} holds only ${pair.n} examples`);
  const order = size === pair.n ? Int32Array.from({ length: size }, (_, i) => i)
    : seededPermutation(pair.n, seed).subarray(0, size).sort();
  return gather(pair.pixels, pair.labels, order, PIXELS, 1 / 255);
}

/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, arXiv:1708.07747), or any folder with the four standard IDX
 * files (the original MNIST too). Pixels are bytes ÷ 255. Without sizes the full splits are returned in file
 * order (60,000 / 10,000 for both datasets); with `trainSize`/`testSize` a seeded subset, still in file order.
 * The test subset uses seed + 1 so that the two subsets are drawn independently.
 */
export function loadIdxFolder(spec: ResolvedDatasetSpec, sized: { train: boolean; test: boolean }): Dataset {
  const dir = spec.path ?? FASHION_MNIST_DIR;
  const tr = readPair(dir, IDX_FILES.trainImages, IDX_FILES.trainLabels);
  const te = readPair(dir, IDX_FILES.testImages, IDX_FILES.testLabels);
  const train = subset(tr, sized.train ? spec.trainSize : tr.n, spec.seed, 'trainSize', IDX_FILES.trainImages);
  const test = subset(te, sized.test ? spec.testSize : te.n, spec.seed + 1, 'testSize', IDX_FILES.testImages);
  return {
    name: spec.name, source: dir, spec: { ...spec, trainSize: train.n, testSize: test.n, path: dir },
    train, test, inputShape: [28, 28, 1], numClasses: 10,
  };
}
