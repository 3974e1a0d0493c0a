import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ByteInput, toBytes } from '../../../src/methods/byteInput.js';
import { ShiftBatchNorm } from '../../../src/methods/shiftBatchNorm.js';
import { methodPolicy } from '../../../src/methods/methodPolicies.js';
import { QDense } from '../../../src/layers/qDense.js';
import { QConv2D } from '../../../src/layers/qConv2D.js';
import { BatchNorm } from '../../../src/layers/batchNorm.js';
import { resolveLayerRoles } from '../../../src/policy/compilePolicy.js';
import { Rng } from '../../../simulators/random/rng.js';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';
import { runTraining } from '../../../src/training/runTraining.js';
import { loadDataset } from '../../../src/datasets/loadDataset.js';
import { exportXnorModel } from '../../../src/xnor/exportXnor.js';
import { readXnorModel, writeXnorModel } from '../../../src/xnor/xnorModelCodec.js';
import { runXnor, type XnorResult } from '../../../src/xnor/runXnor.js';

const CONFIG = join(import.meta.dirname, '..', '..', '..', 'experiments', 'binarynet', 'cnn-mnist.json');

/** Float32 bit patterns, for exact comparison (distinguishes −0 and NaN payloads). */
const bitsOf = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** TF.js logits, and the last layer's integer pre-activation (its ±1 input times its binarized kernel). */
function tfjsOutputs(model: tf.LayersModel, x: Float32Array, n: number): { logits: Float32Array; s: Float32Array } {
  return tf.tidy(() => {
    const input = tf.tensor(x, [n, ...(model.inputs[0]!.shape.slice(1) as number[])]);
    const logits = (model.predict(input, { batchSize: 100 }) as tf.Tensor).dataSync() as Float32Array;
    const at = model.layers.findIndex((l) => l.name === 'output');
    let a: tf.Tensor = input;
    for (const l of model.layers.slice(0, at)) a = l.apply(a, { training: false }) as tf.Tensor;
    const last = model.layers[at] as QDense;
    const w = last.quant.param('weight', last.quantizedParams()[0]!.variable.read(), false);
    return { logits, s: tf.matMul(a, w).dataSync() as Float32Array };
  });
}

/** runXnor with each kernel, checked equal; the default (simd) result. */
function runXnorModelAll(xm: ReturnType<typeof readXnorModel>, bytes: Uint8Array, n: number): XnorResult {
  const res = runXnor(xm, bytes, n, { chunk: 64 });
  for (const kernel of ['i64', 'js'] as const) expect(runXnor(xm, bytes, n, { kernel })).toEqual(res);
  return res;
}

/** Argmax per row, first maximum on ties (tf.argMax). */
function argmax(logits: Float32Array, C: number): number[] {
  return Array.from({ length: logits.length / C }, (_, i) => {
    let best = 0;
    for (let j = 1; j < C; j++) if (logits[i * C + j]! > logits[i * C + best]!) best = j;
    return best;
  });
}

/** Negates γ, the moving mean and the kernel of every `step`-th channel: the same function, decreasing batch norms. */
function flipChannels(model: tf.LayersModel, conv: string, bn: string, step: number): void {
  const [k] = model.getLayer(conv).getWeights();
  const kv = k!.dataSync().slice();
  const [g, b, m, v] = model.getLayer(bn).getWeights().map((t) => t.dataSync().slice());
  const F = g!.length;
  for (let j = 0; j < F; j += step) {
    g![j] = -g![j]!;
    m![j] = -m![j]!;
    for (let i = j; i < kv.length; i += F) kv[i] = -kv[i]!;
  }
  model.getLayer(conv).setWeights([tf.tensor(kv, k!.shape)]);
  model.getLayer(bn).setWeights([g!, b!, m!, v!].map((a) => tf.tensor1d(a)));
}

const policy = methodPolicy('binaryNet');
const q = (name: string, type: string, p = policy) => ({ name, precision: resolveLayerRoles(p, name, type), seed: name.length });

/**
 * A CNN off buildModel's path: 9×11×3 bytes → 3×2 conv, stride 2, bias and relu → max pool (2, stride 1) BEFORE
 * the batch norm + sign → 3×3 conv with 40 filters → shift BN + sign → 'same' max pool on a 4×5 map → dense.
 * Random weights and batch-norm statistics, about half the γ negative.
 */
function handBuiltCnn(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      new ByteInput({ name: 'bytes', inputShape: [9, 11, 3] }),
      new QConv2D({ ...q('conv_1', 'QConv2D'), filters: 6, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ name: 'pool_1', poolSize: 2, strides: 1 }),
      new BatchNorm(q('conv_bn_1', 'BatchNorm')),
      new QConv2D({ ...q('conv_2', 'QConv2D'), filters: 40, kernelSize: 3, padding: 'same', useBias: false }),
      new ShiftBatchNorm(q('conv_bn_2', 'BatchNorm')),
      tf.layers.maxPooling2d({ name: 'pool_2', poolSize: 2, strides: 2, padding: 'same' }),
      tf.layers.flatten({ name: 'flatten' }),
      new QDense({ ...q('dense_1', 'QDense'), units: 33, useBias: false }),
      new BatchNorm(q('bn_1', 'BatchNorm')),
      new QDense({ ...q('output', 'QDense'), units: 4 }),
    ],
  });
  const r = new Rng(9);
  const u = (n: number, f: () => number) => tf.tensor1d(Float32Array.from({ length: n }, f));
  const [k1] = model.getLayer('conv_1').getWeights();
  model.getLayer('conv_1').setWeights([k1!, u(6, () => (r.uniform() - 0.5) * 200)]);
  for (const [name, n, mean, sd] of [['conv_bn_1', 6, 1000, 200], ['conv_bn_2', 40, 16, 7], ['bn_1', 33, 30, 15]] as const) {
    const lo = name === 'conv_bn_1' ? 0 : -mean / 2; // conv_1's relu output is ≥ 0
    model.getLayer(name).setWeights([u(n, () => r.uniform() * 2 - 1), u(n, () => r.uniform() - 0.5), u(n, () => lo + r.uniform() * mean), u(n, () => sd * sd)]);
  }
  model.getLayer('output').setWeights([model.getLayer('output').getWeights()[0]!, u(4, () => r.uniform() - 0.5)]);
  return model;
}

describe('export-binary + XNOR inference of a binary CNN', () => {
  it('a pool before a batch norm + sign (OR, AND on decreasing channels), strided and asymmetric padding, a same pool: exact', () => {
    // Arrange
    const model = handBuiltCnn();
    const r = new Rng(10);
    const n = 200;
    const x = Float32Array.from({ length: n * 9 * 11 * 3 }, () => (r.uint32() & 255) / 255);
    // Act
    const xm = readXnorModel(JSON.parse(JSON.stringify(writeXnorModel(exportXnorModel(model)))));
    const res = runXnorModelAll(xm, toBytes(x), n);
    const tfjs = tfjsOutputs(model, x, n);
    // Assert
    expect(xm.layers.map((l) => l.kind)).toEqual(['bitPlaneConv2D', 'maxPool2D', 'xnorConv2D', 'maxPool2D', 'xnorDense', 'outputDense']);
    const [pool1, pool2] = [xm.layers[1]!, xm.layers[3]!];
    expect(pool1.kind === 'maxPool2D' && pool1.andChannels !== null).toBe(true); // before a BN with some γ < 0
    expect(pool2.kind === 'maxPool2D' && pool2.andChannels).toBe(null); // after the sign: OR only
    expect(Array.from(res.outputIntegers)).toEqual(Array.from(tfjs.s));
    expect(Array.from(bitsOf(res.logits))).toEqual(Array.from(bitsOf(tfjs.logits)));
    expect(Array.from(res.predictions)).toEqual(argmax(tfjs.logits, 4));
    expect(new Set(res.predictions).size).toBeGreaterThan(1); // the random network does not answer a constant
    model.dispose();
  });

  it('rejects what it cannot run exactly, naming the layer, its class and what is allowed', () => {
    const conv = (name: string, p = policy) => new QConv2D({ ...q(name, 'QConv2D', p), filters: 4, kernelSize: 3, padding: 'same', useBias: false });
    const head = (m: tf.layers.Layer[]) => tf.sequential({ layers: [new ByteInput({ name: 'bytes', inputShape: [6, 6, 1] }), ...m] });
    const out = () => [tf.layers.flatten({ name: 'flatten' }), new QDense({ ...q('output', 'QDense'), units: 2 })];
    const qnn = methodPolicy('qnn'); // 1-bit weights, 2-bit activations
    const cases: Array<[tf.Sequential, RegExp]> = [
      [head([conv('conv_1', qnn), new BatchNorm(q('conv_bn_1', 'BatchNorm', qnn)), ...out()]),
        /exportXnorModel: layer conv_bn_1 \(BatchNorm\) ends a hidden block, so its activation role must be binary with scale 1 and rounding 'rne'; got fixed\(w=2,f=1\) rounding 'rne'\. Multi-bit activations \(e\.g\. QNN's fixed\(w=2,f=1\)\) are not XNOR-exportable/],
      [head([conv('conv_1'), new BatchNorm(q('conv_bn_1', 'BatchNorm')), tf.layers.averagePooling2d({ name: 'avg', poolSize: 2 }), ...out()]),
        /exportXnorModel: layer avg \(AveragePooling2D\) is not supported here; allowed after ByteInput: QDense, QConv2D, then BatchNorm, ShiftBatchNorm, SeededDropout, Dropout, MaxPooling2D \(after a QConv2D\) or Flatten/],
      [head([conv('conv_1'), new BatchNorm({ name: 'plain_bn' }), tf.layers.maxPooling2d({ name: 'p', poolSize: 2 }), new BatchNorm(q('conv_bn_1', 'BatchNorm')), ...out()]),
        /exportXnorModel: layer p \(MaxPooling2D\) comes after plain_bn but before the sign of conv_1: a pool before the sign must follow the QConv2D directly \(or after the sign\)/],
      [head([conv('conv_1'), new BatchNorm(q('conv_bn_1', 'BatchNorm')), conv('conv_2')]), /exportXnorModel: the last layer conv_2 must be a QDense \(the logits\); got QConv2D/],
      [head([conv('conv_1'), ...out()]), /exportXnorModel: layer conv_1 \(QConv2D\) ends a hidden block, so its activation role must be binary .*; got none \(float32\)/],
    ];
    for (const [model, message] of cases) {
      expect(() => exportXnorModel(model)).toThrow(message);
      model.dispose();
    }
  });

  it('the BinaryNet CNN config, shrunk and trained a few batches: same logits (bitwise), last-layer integers and predictions on a whole test set', async () => {
    // Arrange: experiments/binarynet/cnn-mnist.json with 8 and 16 filters ('same' padding, pool 2 after BN + sign),
    // 32 hidden units, trained for 6 batches of 50 on 300 MNIST images (seeded), then some channels flipped
    const json = JSON.parse(readFileSync(CONFIG, 'utf8')) as { model: { conv: Array<Record<string, unknown>> } };
    const conv = [{ ...json.model.conv[0], filters: 8 }, { ...json.model.conv[1], filters: 16 }];
    const config = validateTrainConfig({ ...json, model: { ...json.model, conv, hidden: [32] }, epochs: 1, batchSize: 50 });
    const data = loadDataset({ name: 'mnist', trainSize: 300, testSize: 300, seed: 1 });
    const { record, model } = await runTraining({ ...config, backend: 'wasm' }, { data }); // wasm: XNNPACK convs, seconds
    expect(record.status, record.message).toBe('ok');
    flipChannels(model!, 'conv_1', 'conv_bn_1', 3);
    flipChannels(model!, 'conv_2', 'conv_bn_2', 5);
    const before = tf.memory().numTensors;
    // Act: export through JSON text, run with each kernel
    const spec = writeXnorModel(exportXnorModel(model!));
    const xm = readXnorModel(JSON.parse(JSON.stringify(spec)));
    const leaked = tf.memory().numTensors - before;
    const bytes = toBytes(data.test.x);
    const res = runXnorModelAll(xm, bytes, data.test.n);
    const tfjs = tfjsOutputs(model!, data.test.x, data.test.n);
    // Assert
    expect(leaked).toBe(0);
    expect(spec.version).toBe(2);
    expect(xm.layers.map((l) => l.kind)).toEqual(['bitPlaneConv2D', 'maxPool2D', 'xnorConv2D', 'maxPool2D', 'xnorDense', 'outputDense']);
    expect(xm.layers.map((l) => ('window' in l ? l.window.inputShape : null))).toEqual([[28, 28, 1], [28, 28, 8], [14, 14, 8], [14, 14, 16], null, null]);
    expect(Array.from(res.outputIntegers)).toEqual(Array.from(tfjs.s));
    expect(Array.from(bitsOf(res.logits))).toEqual(Array.from(bitsOf(tfjs.logits)));
    const tfPred = argmax(tfjs.logits, 10);
    expect(Array.from(res.predictions)).toEqual(tfPred);
    const err = tfPred.filter((p, i) => p !== data.test.y[i]).length / data.test.n;
    expect(err).toBeLessThan(0.8); // a few batches: above the 90 % error of chance
    model!.dispose();
  });
});
