import * as tf from '@tensorflow/tfjs';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ByteInput } from '../../src/methods/byteInput.js';
import { ShiftBatchNorm } from '../../src/methods/shiftBatchNorm.js';
import { methodPolicy } from '../../src/methods/methodPolicies.js';
import { QDense } from '../../src/layers/qDense.js';
import { resolveLayerRoles } from '../../src/policy/compilePolicy.js';
import { saveModel } from '../../src/io/saveLoad.js';
import { zooModel } from '../../src/zoo/zoo.js';
import { Rng } from '../../simulators/random/rng.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The folders of one fuzz session: `work` (cwd of every case, the only place writes may go) and `canary`. */
export interface FuzzFolders {
  root: string;
  work: string;
  canary: string;
  fixtures: string;
}

/** Every file under the canary folder with its size and mtime: compared after the fuzz (nothing may change). */
export function canarySnapshot(canary: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const st = lstatSync(p);
      out.push(`${p} ${st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(canary);
  return out.sort().join('\n');
}

/** A tiny training config (synthetic data, 1 epoch): trains in well under a second. */
export const TINY_CONFIG = {
  name: 'tiny',
  model: { type: 'mlp', hidden: [4] },
  dataset: { name: 'synthetic', trainSize: 40, testSize: 20, seed: 1 },
  policy: { default: { weight: { format: 'float16' }, activation: { format: 'bfloat16' } } },
  optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 },
  epochs: 1,
  batchSize: 20,
  seed: 1,
  backend: 'cpu',
};

/** A one-point study over the tiny config. */
export const TINY_STUDY = {
  name: 'tiny',
  description: 'fuzz',
  base: TINY_CONFIG,
  grid: [{ name: 'format', path: 'policy.default.weight.format', values: ['float16'] }],
  quick: { epochs: 1 },
};

/** A run folder as `lowbit train` writes it, with an untrained BinaryNet-style MLP (784 bytes → 8 → 10). */
async function makeBinaryRun(dir: string): Promise<void> {
  const policy = methodPolicy('binaryNet');
  const q = (name: string, type: string) => ({ name, precision: resolveLayerRoles(policy, name, type), seed: 3 });
  const model = tf.sequential({
    layers: [
      new ByteInput({ name: 'bytes', inputShape: [784] }),
      new QDense({ ...q('dense_1', 'QDense'), units: 8, useBias: false }),
      new ShiftBatchNorm(q('bn_1', 'BatchNorm')),
      new QDense({ ...q('output', 'QDense'), units: 10 }),
    ],
  });
  const r = new Rng(2);
  const u = (f: () => number) => tf.tensor1d(Float32Array.from({ length: 8 }, f));
  model.getLayer('bn_1').setWeights([u(() => r.uniform() - 0.3), u(() => r.uniform() - 0.5), u(() => (r.uniform() - 0.5) * 3000), u(() => 1e6)]);
  await saveModel(model, join(dir, 'model'), { policy });
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ config: { dataset: { name: 'synthetic', trainSize: 10, testSize: 20, seed: 4 } }, backend: 'cpu' }));
  model.dispose();
}

/** Creates the fuzz folders and the fixtures every case starts from (valid files that mutations break). */
export async function makeFixtures(exportBinary: (run: string, out: string) => Promise<void>): Promise<FuzzFolders> {
  const root = mkdtempSync(join(tmpdir(), 'lowbit-fuzz-'));
  const work = join(root, 'work');
  const canary = join(root, 'canary');
  const fixtures = join(work, 'fixtures');
  for (const d of [work, canary, fixtures]) mkdirSync(d, { recursive: true });
  writeFileSync(join(canary, 'keep.txt'), 'nothing may write here\n');
  writeFileSync(join(fixtures, 'file.txt'), 'a plain file\n');
  await makeBinaryRun(join(fixtures, 'run'));
  await exportBinary(join(fixtures, 'run'), join(fixtures, 'net.xnor.json'));
  writeFileSync(join(fixtures, 'model.json'), JSON.stringify({ modelTopology: zooModel('lenet5'), weightsManifest: [{ paths: ['weights.bin'], weights: [] }] }));
  writeFileSync(join(fixtures, 'cfg.json'), JSON.stringify(TINY_CONFIG));
  writeFileSync(join(fixtures, 'study.json'), JSON.stringify(TINY_STUDY));
  // a trial module for study runs: the trainer's validator, and a trial that returns at once (no training)
  writeFileSync(
    join(fixtures, 'stubTrial.mts'),
    `export { validateConfig } from ${JSON.stringify(join(ROOT, 'src/studies/trial/trainTrial.ts'))};\n` +
      `export async function runTrial() { return { status: 'ok', epochs: [{ epoch: 1, trainLoss: 1, testError: 0.5, seconds: 0 }], finalTestError: 0.5 }; }\n`,
  );
  return { root, work, canary, fixtures };
}

/** A repository JSON file, parsed (the bases that configs and specs are mutated from). */
export function repoJson(rel: string): unknown {
  return JSON.parse(readFileSync(join(ROOT, rel), 'utf8'));
}
