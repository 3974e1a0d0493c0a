import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';
import { runTraining } from '../../../src/training/runTraining.js';
import { buildModel } from '../../../src/training/buildModel.js';
import { ShiftAttention2D } from '../../../src/shift/shiftAttention2D.js';
import { ShiftConv2D } from '../../../src/shift/shiftConv2D.js';

const config = (conv: unknown[]) => validateTrainConfig({
  model: { type: 'cnn', conv, hidden: [] },
  dataset: { name: 'synthetic', trainSize: 40, testSize: 20, seed: 1 },
  optimizer: { type: 'adam', lr: 0.001 },
  epochs: 1, batchSize: 20, seed: 3, backend: 'wasm',
});

describe('lowbit train with shift layers and SALs (model.conv[i].type)', () => {
  it('builds ShiftConv2D / ShiftAttention2D as quantized layers: their activation and the policy roles are their own', () => {
    const c = config([{ filters: 4, kernelSize: 3, type: 'shift', pool: 2 }, { filters: 6, kernelSize: 3, type: 'salShared', tau0: 1, tauFinal: 5 }]);
    const policy = { default: { weight: { format: 'int8' }, activation: { format: 'fixed(w=8,f=4)' } } };
    const m = buildModel(c.model, { inputShape: [28, 28, 1], numClasses: 10, policy, seed: 3, salIters: 7 });
    expect(m.layers.map((l) => `${l.name}:${l.getClassName()}`)).toEqual([
      'conv_1:ShiftConv2D', 'pool_1:MaxPooling2D', 'conv_2:ShiftAttention2D', 'flatten:Flatten', 'output:QDense',
    ]);
    const sal = m.layers[2] as ShiftAttention2D;
    expect([sal.shared, sal.tau0, sal.tauFinal, sal.totalIters, sal.activation]).toEqual([true, 1, 5, 7, 'relu']);
    const shift = m.layers[0] as ShiftConv2D;
    expect(shift).toBeInstanceOf(ShiftConv2D);
    expect(Object.keys(shift.quant.layerRoles)).toEqual(['weight', 'activation']);
    // regression (issue 12): shift layers and SALs ignored the policy in training; their outputs are now on its grid
    const y = tf.tidy(() => Array.from((m.predict(tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 2)) as tf.Tensor).dataSync()));
    expect(y.length).toBe(10);
    const out = tf.tidy(() => Array.from((shift.apply(tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 2)) as tf.Tensor).dataSync()));
    expect(out.every((v) => Number.isInteger(v * 16) && v >= 0)).toBe(true);
    m.dispose();
  });

  it('trains a SAL net, advances τ every step, rounds at the end and records the test error before and after', async () => {
    const { record, model } = await runTraining(config([{ filters: 4, kernelSize: 3, type: 'sal', pool: 2 }]));
    expect(record.status).toBe('ok');
    const sal = model!.layers[0] as ShiftAttention2D;
    expect(sal.rounded).toBe(true);
    expect(sal.tau()).toBeCloseTo(70, 4); // 2 steps of a 2-step schedule: τ_final
    expect(record.sal!.testErrorBeforeRounding).toBe(record.final.testError);
    expect(record.sal!.testErrorAfterRounding).toBeGreaterThanOrEqual(0);
    expect(Object.keys(record.sal!.rounding)).toEqual(['conv_1']);
    model!.dispose();
  });

  it('rejects a shift layer with valid padding', () => {
    const bad = config([{ filters: 4, kernelSize: 3, type: 'shift', padding: 'valid' }]);
    expect(() => buildModel(bad.model, { inputShape: [28, 28, 1], numClasses: 10, policy: {}, seed: 1 })).toThrow(
      new RangeError("buildModel: model.conv[0] (type shift): padding must be 'same'; got \"valid\""));
  });
});
