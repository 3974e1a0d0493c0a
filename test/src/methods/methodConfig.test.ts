import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { METHOD_SCHEMA, methodFactories, methodTraining } from '../../../src/methods/methodConfig.js';
import { QDense } from '../../../src/layers/qDense.js';
import { BatchNorm } from '../../../src/layers/batchNorm.js';
import { QbpDense } from '../../../src/methods/qbpDense.js';
import { ShiftBatchNorm } from '../../../src/methods/shiftBatchNorm.js';
import { ByteInput } from '../../../src/methods/byteInput.js';
import { bindParams } from '../../../src/optimizers/paramBinding.js';
import { glorotLrScale } from '../../../src/methods/glorotLrScale.js';
import { deriveSeed } from '../../../src/quantizers/deriveSeed.js';

const binary = { weight: { format: 'binary' } };

function model(method: object): tf.Sequential {
  const f = methodFactories(METHOD_SCHEMA.parse(method));
  const layers: tf.layers.Layer[] = [];
  if (f.input) layers.push(f.input({ inputShape: [6] }));
  layers.push(f.dense({ name: 'dense_1', units: 4, useBias: false, precision: binary, ...(layers.length ? {} : { inputShape: [6] }) }));
  layers.push(f.batchNorm({ name: 'bn_1' }));
  layers.push(f.dense({ name: 'output', units: 3, precision: binary }));
  if (f.outputNorm) layers.push(f.outputNorm({ name: 'output_bn' }));
  return tf.sequential({ layers });
}

describe('method section of a training config', () => {
  it('has strict keys and defaults', () => {
    expect(METHOD_SCHEMA.parse({})).toEqual({ loss: 'softmaxCrossEntropy', glorotLrScale: false, shiftBatchNorm: false, outputBatchNorm: false, testWeights: 'quantized', kernelInit: 'glorot' });
    expect(METHOD_SCHEMA.safeParse({ los: 'squaredHinge' }).success).toBe(false);
    expect(METHOD_SCHEMA.parse({ qbp: {} }).qbp).toEqual({ expMin: -4, expMax: 3 });
    expect(METHOD_SCHEMA.safeParse({ bnnPlus: { kind: 'R3', lambda: 1 } }).success).toBe(false);
  });

  it('factories build the method layers', () => {
    const plain = model({});
    expect(plain.layers.map((l) => l.constructor.name)).toEqual(['QDense', 'BatchNorm', 'QDense']);
    const m = model({ inputBits: 8, qbp: {}, shiftBatchNorm: true, outputBatchNorm: true });
    expect(m.layers.map((l) => (l.constructor as { className?: string }).className)).toEqual(['ByteInput', 'QbpDense', 'ShiftBatchNorm', 'QbpDense', 'ShiftBatchNorm']);
    expect(m.layers[0]).toBeInstanceOf(ByteInput);
    expect(m.layers[1]).toBeInstanceOf(QbpDense);
    expect(m.layers[2]).toBeInstanceOf(ShiftBatchNorm);
    expect(plain.layers[1]).toBeInstanceOf(BatchNorm);
    expect(plain.layers[0]).toBeInstanceOf(QDense);
    plain.dispose();
    m.dispose();
  });

  it('training side: loss, Glorot LR scale on kernels only, U(−1, 1) kernels, BNN+ penalty and α', () => {
    const m = model({ outputBatchNorm: true });
    const mt = methodTraining(METHOD_SCHEMA.parse({ loss: 'squaredHinge', glorotLrScale: true, kernelInit: 'uniform', bnnPlus: { kind: 'R2', lambda: 0.1 } }), m, 7);
    const y = tf.tensor2d([[1, 0, 0]]);
    const z = tf.tensor2d([[0.5, -2, 0.3]]);
    expect(mt.loss(y, z).dataSync()[0]).toBeCloseTo((0.25 + 0 + 1.69) / 3, 6);
    const bindings = bindParams(m);
    mt.scaleBindings(bindings);
    for (const b of bindings) {
      const s = (b as { lrScale?: number }).lrScale;
      if (b.clip) expect(s).toBeCloseTo(glorotLrScale(b.variable.shape as number[]), 10);
      else expect(s).toBeUndefined();
    }
    const k = m.getLayer('dense_1').getWeights()[0]!.dataSync();
    const want = tf.randomUniform([6, 4], -1, 1, 'float32', deriveSeed(7, 'dense_1', 'uniformInit') % 2 ** 31);
    expect(Array.from(k)).toEqual(Array.from(want.dataSync()));
    want.dispose();
    const again = model({ outputBatchNorm: true });
    methodTraining(METHOD_SCHEMA.parse({ kernelInit: 'uniform' }), again, 7);
    expect(Array.from(again.getLayer('dense_1').getWeights()[0]!.dataSync())).toEqual(Array.from(k));
    expect(mt.extraParams.map((b) => b.clip)).toEqual([false, false]);
    expect(mt.penalty!().dataSync()[0]).toBeGreaterThan(0);
    expect(Object.keys(mt.record().bnnPlusAlpha as object)).toEqual(['dense_1', 'output']);
    const ce = methodTraining(undefined, again);
    expect(ce.loss(y, z).dataSync()[0]).toBeCloseTo(tf.losses.softmaxCrossEntropy(y, z).dataSync()[0]!, 6);
    expect(ce.penalty).toBeUndefined();
    mt.dispose();
    tf.dispose([y, z]);
    m.dispose();
    again.dispose();
  });

  it("testWeights 'real': the weight role at training, the real weights at inference (saved with the layer)", () => {
    const real = model({ testWeights: 'real' });
    const quant = model({});
    quant.setWeights(real.getWeights());
    const [dense, dq] = [real.getLayer('dense_1') as QDense, quant.getLayer('dense_1') as QDense];
    const k = dense.quantizedParams()[0]!.variable.read();
    const atTest = tf.tidy(() => Array.from(dense.quant.param('weight', k, false).dataSync()));
    const atTrain = tf.tidy(() => Array.from(dense.quant.param('weight', k, true).dataSync()));
    expect(atTest).toEqual(Array.from(k.dataSync()));
    expect(atTrain).toEqual(Array.from(k.dataSync(), (v) => (v >= 0 ? 1 : -1)));
    expect(tf.tidy(() => Array.from(dq.quant.param('weight', k, false).dataSync()))).toEqual(atTrain);
    expect(dense.getConfig()).toMatchObject({ testWeights: 'real' });
    expect(dq.getConfig().testWeights).toBeUndefined();
    real.dispose();
    quant.dispose();
  });
});
