import type { ValueQuantizer } from '../../../src/quantizers/valueQuantizer.js';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, saveModel } from '../../../src/io/saveLoad.js';
import { fileSystemHandler } from '../../../src/io/fileSystemHandler.js';
import { UnsafePathError } from '../../../src/io/unsafePathError.js';
import { buildModel } from '../../../src/training/buildModel.js';
import { fit } from '../../../src/training/fit.js';
import { createOptimizer } from '../../../src/optimizers/createOptimizer.js';
import type { PolicySpec } from '../../../src/policy/policySpec.js';
import type { QDense } from '../../../src/layers/qDense.js';
import { blobs } from '../training/_blobs.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tmp = () => mkdtempSync(join(tmpdir(), 'lowbit-io-'));

describe('saveModel / loadModel', () => {
  it('save then load gives identical predictions (DFXP ranges, BatchNorm, Maxout, dropout, presets)', async () => {
    const policy: PolicySpec = {
      default: { weight: { format: 'dfixed(w=8)' }, activation: { format: 'float8_e4m3fn' }, update: { format: 'dfixed(w=12)' } },
      rules: [{ match: { type: 'BatchNorm' }, roles: { weight: { format: 'bfloat16' } } }],
    };
    const data = blobs();
    const model = buildModel({ type: 'mlp', hidden: [8], activation: 'relu', batchNorm: true, maxoutPieces: 2, dropout: { hidden: 0.2 } }, {
      inputShape: [20],
      numClasses: 10,
      policy,
      seed: 2,
      dfixed: { updateEvery: 3, maxOverflowRate: 1e-4 },
    });
    await fit(model, data, { epochs: 2, batchSize: 30, seed: 1, optimizer: createOptimizer({ type: 'adam', lr: 0.01 }) });
    const dir = tmp();
    await saveModel(model, dir, { policy, extra: { note: 'x' } });
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const { model: loaded, policy: p2, extra } = await loadModel(dir);
    expect(p2).toEqual(policy);
    expect(extra).toEqual({ note: 'x' });
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(model.layers.map((l) => l.getClassName()));
    const f0 = ((model.getLayer('dense_1') as QDense).quant.quantizer('weight') as ValueQuantizer).dynamic!.f;
    expect(((loaded.getLayer('dense_1') as QDense).quant.quantizer('weight') as ValueQuantizer).dynamic!.f).toBe(f0);
    const x = tf.tensor2d(data.test.x, [data.test.n, 20]);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    tf.dispose(x);
    loaded.dispose();
    model.dispose();
  });

  it('the handler works with tf.loadLayersModel directly; model.json holds the lowbit policy', async () => {
    const model = buildModel({ type: 'mlp', hidden: [3], activation: 'tanh', batchNorm: false }, { inputShape: [4], numClasses: 2, policy: {}, seed: 1 });
    const dir = tmp();
    await saveModel(model, dir, { policy: { default: { activation: { format: 'float16' } } } });
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.userDefinedMetadata.lowbit.policy).toEqual({ default: { activation: { format: 'float16' } } });
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const raw = await tf.loadLayersModel(fileSystemHandler(dir));
    expect(raw.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(model.getWeights().map((w) => Array.from(w.dataSync())));
  });

  it('rejects bad input with messages naming it', async () => {
    await expect(loadModel(join(tmp(), 'nothing'))).rejects.toThrow(/fileSystemHandler.load: no model.json in ".*nothing"/);
    expect(() => fileSystemHandler('')).toThrow('fileSystemHandler: dir must be a non-empty path string; got ""');
    const plain = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    const dir = tmp();
    await plain.save(fileSystemHandler(dir));
    await expect(loadModel(dir)).rejects.toThrow('holds a TF.js model without lowbit metadata');
    await expect(saveModel(plain, tmp(), { policy: { bad: 1 } as never })).rejects.toThrow('saveModel: meta.policy.bad: unknown key');
  });

  it('regression: a model.json weightsManifest path such as ../../../../etc/hostname is refused, never opened', async () => {
    const model = buildModel({ type: 'mlp', hidden: [3], activation: 'tanh', batchNorm: false }, { inputShape: [4], numClasses: 2, policy: {}, seed: 1 });
    const dir = tmp();
    await saveModel(model, dir, { policy: {} });
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    for (const bad of ['../../../../etc/hostname', '/etc/hostname', '../weights.bin']) {
      json.weightsManifest[0].paths = [bad];
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      const load = loadModel(dir);
      await expect(load).rejects.toThrow(UnsafePathError);
      await expect(loadModel(dir)).rejects.toThrow(/weightsManifest path 0: ".*" leaves the folder/);
    }
    json.weightsManifest = [{ paths: 'weights.bin', weights: [] }];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    await expect(loadModel(dir)).rejects.toThrow(/weightsManifest\[0\] must have a 'paths' array of strings/);
    writeFileSync(join(dir, 'model.json'), '{ nope');
    await expect(loadModel(dir)).rejects.toThrow(/model\.json is not valid JSON/);
  });

  it('regression: saving into a run folder whose model/ is a planted symlink writes nothing through it', async () => {
    const model = buildModel({ type: 'mlp', hidden: [3], activation: 'tanh', batchNorm: false }, { inputShape: [4], numClasses: 2, policy: {}, seed: 1 });
    const run = tmp();
    const elsewhere = tmp();
    symlinkSync(elsewhere, join(run, 'model'));
    await expect(saveModel(model, join(run, 'model'), { policy: {} }, { root: run })).rejects.toThrow(UnsafePathError);
    expect(readdirSync(elsewhere)).toEqual([]);
    mkdirSync(join(run, 'real'));
    await saveModel(model, join(run, 'real', 'model'), { policy: {} }, { root: run });
    expect(readdirSync(join(run, 'real', 'model')).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it('regression (fuzz): a model.json whose topology tfjs cannot rebuild is a RangeError (bad input), not an internal error', async () => {
    const model = buildModel({ type: 'mlp', hidden: [3], activation: 'tanh', batchNorm: false }, { inputShape: [4], numClasses: 2, policy: {}, seed: 1 });
    const dir = tmp();
    await saveModel(model, dir, { policy: {} });
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    json.modelTopology = { ',ssName': 'Sequential', config: {} };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    await expect(loadModel(dir)).rejects.toThrow(RangeError);
    await expect(loadModel(dir)).rejects.toThrow(/^loadModel: ".*" holds a model tfjs cannot load: /);
  });
});
