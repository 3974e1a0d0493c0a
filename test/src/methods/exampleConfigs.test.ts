import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';
import { runTraining } from '../../../src/training/runTraining.js';
import { loadDataset } from '../../../src/datasets/loadDataset.js';
import { exportXnorModel } from '../../../src/xnor/exportXnor.js';
import { runXnor } from '../../../src/xnor/runXnor.js';
import { toBytes } from '../../../src/methods/byteInput.js';
import { loadStudySpec } from '../../../src/studies/spec/loadStudySpec.js';
import { expandGrid } from '../../../src/studies/spec/grid.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', 'experiments');
const METHODS = ['binaryconnect', 'lin2015', 'binarynet', 'qnn', 'bnnplus'];
const CONFIGS = METHODS.flatMap((m) => readdirSync(join(ROOT, m)).filter((f) => f.endsWith('.json') && f !== 'study.json').map((f) => `${m}/${f}`));

/** The config shrunk to a smoke test: 2 tiny layers, 1 epoch, synthetic data (same shape as MNIST). */
function shrink(json: Record<string, unknown>): unknown {
  const model = json.model as Record<string, unknown>;
  const small = model.type === 'cnn' ? { ...model, hidden: [8], conv: [{ filters: 4, kernelSize: 3, pool: 2 }] } : { ...model, hidden: [16, 16] };
  return { ...json, model: small, epochs: 1, batchSize: 50 };
}

describe('example configs of the binary methods', () => {
  const data = loadDataset({ name: 'synthetic', trainSize: 200, testSize: 100, seed: 3 });
  // convolutions are slow on the cpu backend: 40 examples are enough to run every op once
  const few = { ...data, train: { x: data.train.x.subarray(0, 40 * 784), y: data.train.y.subarray(0, 40), n: 40 }, test: { x: data.test.x.subarray(0, 20 * 784), y: data.test.y.subarray(0, 20), n: 20 } };

  it('there is one for each method on PI-MNIST and Fashion-MNIST', () => {
    for (const m of METHODS) {
      const names = CONFIGS.filter((c) => c.startsWith(`${m}/`));
      expect(names.some((c) => /pimnist/.test(c)), m).toBe(true);
      expect(names.some((c) => /fashion/.test(c)), m).toBe(true);
    }
  });

  it('binarynet/study.json expands to valid training configs (float32 and binary, seeds 1-3)', () => {
    const points = expandGrid(loadStudySpec(join(ROOT, 'binarynet', 'study.json')));
    expect(points.map((p) => p.name)).toEqual(
      ['float32', 'binary'].flatMap((t) => [1, 2, 3].map((s) => `tensors=${t}__seed=${s}`)),
    );
    for (const p of points) expect(() => validateTrainConfig(p.config)).not.toThrow();
  });

  for (const file of CONFIGS) {
    it(`${file}: validates and trains when shrunk`, async () => {
      const json = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;
      expect(() => validateTrainConfig(json)).not.toThrow();
      const config = validateTrainConfig(shrink(json));
      const { record, model } = await runTraining({ ...config, backend: 'cpu' }, { data: config.model.type === 'cnn' ? few : data });
      expect(record.status, record.message).toBe('ok');
      expect(Number.isFinite(record.epochs[0]!.trainLoss)).toBe(true);
      if (config.method?.inputBits && config.model.type === 'mlp') {
        if (config.policy.rules?.some((r) => r.roles.activation?.format === 'binary')) {
          // the whole pipeline: buildModel → export → XNOR equals the TF.js predictions on the tiny test set
          const xm = exportXnorModel(model!);
          const res = runXnor(xm, toBytes(data.test.x), data.test.n);
          const logits = tf.tidy(() => (model!.predict(tf.tensor2d(data.test.x, [data.test.n, 784])) as tf.Tensor).dataSync() as Float32Array);
          expect(Array.from(res.logits)).toEqual(Array.from(logits));
        }
      }
      model?.dispose();
    });
  }
});
