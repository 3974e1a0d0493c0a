import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ByteInput, toBytes } from '../../../src/methods/byteInput.js';
import { ShiftBatchNorm } from '../../../src/methods/shiftBatchNorm.js';
import { methodPolicy } from '../../../src/methods/methodPolicies.js';
import { QDense } from '../../../src/layers/qDense.js';
import { BatchNorm } from '../../../src/layers/batchNorm.js';
import { resolveLayerRoles } from '../../../src/policy/compilePolicy.js';
import { fit } from '../../../src/training/fit.js';
import { createOptimizer } from '../../../src/optimizers/createOptimizer.js';
import { loadDataset } from '../../../src/datasets/loadDataset.js';
import { exportXnorModel } from '../../../src/xnor/exportXnor.js';
import { readXnorModel, writeXnorModel } from '../../../src/xnor/xnorModelCodec.js';
import { runXnor } from '../../../src/xnor/runXnor.js';

const policy = methodPolicy('binaryNet');
const q = (name: string, type: string) => ({ name, precision: resolveLayerRoles(policy, name, type), seed: name.length });

/** BinaryNet-style MLP: 8-bit input, 784-96-64-10, batch norm (standard, then shift-based) and sign, batch norm on the logits. */
function binaryMlp(): tf.Sequential {
  return tf.sequential({
    layers: [
      new ByteInput({ name: 'bytes', inputShape: [784] }),
      new QDense({ ...q('dense_1', 'QDense'), units: 96, useBias: false }),
      new BatchNorm(q('bn_1', 'BatchNorm')),
      new QDense({ ...q('dense_2', 'QDense'), units: 64, useBias: false }),
      new ShiftBatchNorm(q('bn_2', 'BatchNorm')),
      new QDense({ ...q('output', 'QDense'), units: 10 }),
      new BatchNorm({ name: 'output_bn' }),
    ],
  });
}

/** Float32 bit patterns, for exact comparison (distinguishes −0 and NaN payloads). */
const bitsOf = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);

describe('export-binary + XNOR inference', () => {
  it('a trained binary MLP gives the same logits (bit for bit) and predictions as the TF.js network on a whole test set', async () => {
    // Arrange: train briefly (fit's own per-epoch test on 100 examples), then negate γ, the moving mean and the
    // kernel column of every 7th unit (the same function, but a decreasing batch norm: flipped units), and zero
    // one γ (a constant unit)
    const ds = loadDataset({ name: 'mnist', trainSize: 1000, testSize: 2000, seed: 1 });
    const model = binaryMlp();
    const small = { ...ds, test: { x: ds.test.x.subarray(0, 100 * 784), y: ds.test.y.subarray(0, 100), n: 100 } };
    await fit(model, small, { epochs: 1, batchSize: 100, seed: 1, optimizer: createOptimizer({ type: 'adam', lr: 0.01, clip: 1 }) });
    for (const [dense, bn] of [['dense_1', 'bn_1'], ['dense_2', 'bn_2']]) {
      const [k] = model.getLayer(dense).getWeights();
      const [g, b, m, v] = model.getLayer(bn).getWeights().map((t) => t.dataSync().slice());
      const kv = k!.dataSync().slice();
      const units = g!.length;
      for (let j = 0; j < units; j += 7) {
        g![j] = -g![j]!;
        m![j] = -m![j]!;
        for (let i = j; i < kv.length; i += units) kv[i] = -kv[i]!;
      }
      g![3] = 0;
      model.getLayer(dense).setWeights([tf.tensor(kv, k!.shape)]);
      model.getLayer(bn).setWeights([g!, b!, m!, v!].map((a) => tf.tensor1d(a)));
    }
    // Act: export, write to JSON text and read back, run on bytes
    const xm = readXnorModel(JSON.parse(JSON.stringify(writeXnorModel(exportXnorModel(model)))));
    const bytes = toBytes(ds.test.x);
    const res = runXnor(xm, bytes, ds.test.n, { chunk: 300 });
    for (const kernel of ['i64', 'js'] as const) expect(runXnor(xm, bytes, ds.test.n, { kernel })).toEqual(res);
    const { logits, sOut } = tf.tidy(() => {
      const x = tf.tensor2d(ds.test.x, [ds.test.n, 784]);
      const out = model.predict(x, { batchSize: 500 }) as tf.Tensor;
      // integer pre-activation of the last layer: its ±1 input times its binary kernel, in TF.js
      let a: tf.Tensor = x;
      for (const l of model.layers.slice(0, -2)) a = l.apply(a, { training: false }) as tf.Tensor;
      const last = model.layers[model.layers.length - 2] as QDense;
      const w = last.quant.param('weight', last.quantizedParams()[0]!.variable.read(), false);
      return { logits: out.dataSync() as Float32Array, sOut: tf.matMul(a, w).dataSync() as Float32Array };
    });
    // Assert
    expect(xm.layers.map((l) => l.kind)).toEqual(['bitPlaneDense', 'xnorDense', 'outputDense']);
    expect(xm.layers[2]!.kind === 'outputDense' && xm.layers[2]!.table?.length).toBe(10 * 65);
    const hidden = exportXnorModel(model).layers.slice(0, 2);
    // the γ = 0 unit is constant: its threshold is one past an end of the range of s
    hidden.forEach((l, i) => {
      const end = i === 0 ? 255 * 784 : 96;
      expect([-end, end + 1]).toContain('thresholds' in l ? l.thresholds[3] : NaN);
    });
    expect(Array.from(res.outputIntegers)).toEqual(Array.from(sOut));
    expect(Array.from(bitsOf(res.logits))).toEqual(Array.from(bitsOf(logits)));
    const tfPred = Array.from({ length: ds.test.n }, (_, i) => {
      let best = 0;
      for (let j = 1; j < 10; j++) if (logits[i * 10 + j]! > logits[i * 10 + best]!) best = j;
      return best;
    });
    expect(Array.from(res.predictions)).toEqual(tfPred);
    const err = tfPred.filter((p, i) => p !== ds.test.y[i]).length / ds.test.n;
    expect(err).toBeLessThan(0.5); // trained: well above the 90 % error of chance
    model.dispose();
  });

  it('rejects layouts it cannot run exactly, naming the layer', () => {
    const noBytes = tf.sequential({ layers: [new QDense({ ...q('dense_1', 'QDense'), units: 4, inputShape: [8] }), new QDense({ ...q('output', 'QDense'), units: 2 })] });
    expect(() => exportXnorModel(noBytes)).toThrow(/exportXnorModel: the first layer must be ByteInput \(n-bit inputs through bit planes\); got QDense/);
    const floatW = tf.sequential({ layers: [new ByteInput({ inputShape: [8] }), new QDense({ name: 'f1', units: 4 }), new QDense({ ...q('output', 'QDense'), units: 2 })] });
    expect(() => exportXnorModel(floatW)).toThrow(/exportXnorModel: layer f1: its weight role must be binary with scale 1; got float32/);
    const sr = tf.sequential({
      layers: [new ByteInput({ inputShape: [8] }), new QDense({ name: 's1', units: 4, precision: { weight: { format: 'binary', rounding: 'sr' } } }), new QDense({ ...q('output', 'QDense'), units: 2 })],
    });
    expect(() => exportXnorModel(sr)).toThrow(/exportXnorModel: layer s1: weights rounded with 'sr' are random at inference/);
    const relu = tf.sequential({
      layers: [new ByteInput({ inputShape: [8] }), new QDense({ ...q('dense_1', 'QDense'), units: 4 }), tf.layers.reLU({ name: 'r' }), new QDense({ ...q('output', 'QDense'), units: 2 })],
    });
    expect(() => exportXnorModel(relu)).toThrow(/exportXnorModel: layer r \(ReLU\) is not supported here; allowed after ByteInput: QDense, QConv2D/);
    const qnn = methodPolicy('qnn'); // QNN W1A2: binary weights, 2-bit activations
    const qq = (name: string, type: string) => ({ name, precision: resolveLayerRoles(qnn, name, type), seed: 1 });
    const w1a2 = tf.sequential({ layers: [new ByteInput({ inputShape: [8] }), new QDense({ ...qq('dense_1', 'QDense'), units: 4, useBias: false }), new BatchNorm(qq('bn_1', 'BatchNorm')), new QDense({ ...qq('output', 'QDense'), units: 2 })] });
    expect(() => exportXnorModel(w1a2)).toThrow(/exportXnorModel: layer bn_1 \(BatchNorm\) ends a hidden block, so its activation role must be binary with scale 1 and rounding 'rne'; got fixed\(w=2,f=1\) rounding 'rne'/);
    for (const m of [noBytes, floatW, sr, relu, w1a2]) m.dispose();
  });
});
