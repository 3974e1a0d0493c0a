/**
 * Training throughput (examples/s) of lowbit's TF.js backends: cpu, stock wasm, wasm with only the missing
 * kernels added, and wasm with all lowbit kernels. Models: MLP 784-1024-1024-10 and a small CNN
 * conv3x3(32)-pool-conv3x3(64)-pool-dense-10, SGD on random seeded data, batch 100 (cpu CNN: batch 4, since it
 * runs at about 1 example/s). Printed as ratios against stock wasm and cpu from this same run.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/initBackend.js';
import { registerLowbitKernels, unregisterLowbitKernels } from '../../src/backend/registerLowbitKernels.js';

type Variant = 'cpu' | 'wasm stock' | 'wasm + missing' | 'wasm lowbit';
const VARIANTS: Variant[] = ['cpu', 'wasm stock', 'wasm + missing', 'wasm lowbit'];

function mlp(): tf.Sequential {
  return tf.sequential({ layers: [
    tf.layers.dense({ inputShape: [784], units: 1024, activation: 'relu' }),
    tf.layers.dense({ units: 1024, activation: 'relu' }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ] });
}

function cnn(): tf.Sequential {
  return tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ] });
}

async function useVariant(v: Variant): Promise<void> {
  if (v === 'cpu') {
    await initBackend('cpu');
    return;
  }
  await initBackend('wasm', { lowbitKernels: v === 'wasm lowbit' });
  if (v === 'wasm + missing') registerLowbitKernels({ kinds: ['missing'] });
}

/**
 * Examples/s of SGD steps: one warm-up step, then steps until 2 s have passed (at least 2, at most 20);
 * the median step time is used, so a burst of load from other processes moves the figure less.
 */
async function throughput(build: () => tf.Sequential, image: boolean, batch: number): Promise<number> {
  const model = build();
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const xs = tf.randomUniform(image ? [batch, 28, 28, 1] : [batch, 784], 0, 1, 'float32', 7);
  const ys = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 8) as tf.Tensor1D, 10));
  try {
    await model.trainOnBatch(xs, ys);
    const times: number[] = [];
    const t0 = performance.now();
    while (times.length < 20 && (times.length < 2 || performance.now() - t0 < 2000)) {
      const t = performance.now();
      await model.trainOnBatch(xs, ys);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const mid = times.length >> 1;
    const median = times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
    return batch / (median / 1000);
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
  }
}

export async function bench(): Promise<void> {
  for (const [label, build, image] of [['MLP 784-1024-1024-10', mlp, false], ['CNN c32-p-c64-p-d10', cnn, true]] as const) {
    const rate = new Map<Variant, number>();
    const rows: string[] = [];
    for (const v of VARIANTS) {
      await useVariant(v);
      const batch = v === 'cpu' && image ? 4 : 100;
      try {
        rate.set(v, await throughput(build, image, batch));
        rows.push(`${v}\t${batch}`);
      } catch (e) {
        rows.push(`${v}\t${batch}\tfails: ${(e as Error).message.split('\n')[0]?.slice(0, 80)}`);
      }
    }
    unregisterLowbitKernels();
    console.log(`\n${label} (examples/s; ratios against wasm stock and cpu measured in this run)`);
    console.log('variant\tbatch\tex/s\t×wasm stock\t×cpu');
    for (const row of rows) {
      const v = row.split('\t')[0] as Variant;
      const r = rate.get(v);
      if (r === undefined) { console.log(row); continue; }
      const ratio = (base: Variant): string => (rate.has(base) ? (r / rate.get(base)!).toFixed(2) : 'n/a');
      console.log(`${row}\t${r.toFixed(1)}\t${ratio('wasm stock')}\t${ratio('cpu')}`);
    }
  }
  await initBackend('wasm');
}
