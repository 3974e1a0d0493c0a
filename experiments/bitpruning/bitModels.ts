import * as tf from '@tensorflow/tfjs';
import { BitConv2D, BitDense, type BitGranularity, type BitlengthBank } from '../../src/bitpruning/index.js';

/** The two architectures of the BitPruning study. */
export type BitModelName = 'mlp' | 'cnn';

/** The model names, in table order. */
export const BIT_MODEL_NAMES: readonly BitModelName[] = ['mlp', 'cnn'];

/**
 * The study's networks, with learned bitlengths on every weight tensor and every hidden activation (the logits stay
 * float), or as float twins with the same shapes and seeds when `bank` is undefined:
 * - mlp: 784 → 256 → 256 → 10, ReLU (input flat);
 * - cnn: conv3×3(16) → maxpool2 → conv3×3(32) → maxpool2 → flatten → dense(128) → dense(10), ReLU, 'same'
 *   (input 28×28×1).
 */
export function bitModel(name: BitModelName, bank: BitlengthBank | undefined, granularity: BitGranularity, seed: number): tf.Sequential {
  const m = tf.sequential();
  const dense = (units: number, layerName: string, s: number, last = false, inputShape?: number[]) => (bank
    ? new BitDense({ name: layerName, units, bank, granularity, seed: s, activation: last ? 'linear' : 'relu', quantizeOutput: !last, ...(inputShape ? { inputShape } : {}) })
    : tf.layers.dense({ name: layerName, units, activation: last ? 'linear' : 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: s }), ...(inputShape ? { inputShape } : {}) }));
  const conv = (filters: number, layerName: string, s: number, inputShape?: number[]) => (bank
    ? new BitConv2D({ name: layerName, filters, kernelSize: 3, padding: 'same', activation: 'relu', bank, granularity, seed: s, ...(inputShape ? { inputShape } : {}) })
    : tf.layers.conv2d({ name: layerName, filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: s }), ...(inputShape ? { inputShape } : {}) }));
  if (name === 'mlp') {
    m.add(dense(256, 'fc1', seed, false, [784]));
    m.add(dense(256, 'fc2', seed + 1));
    m.add(dense(10, 'fc3', seed + 2, true));
    return m;
  }
  m.add(conv(16, 'conv1', seed, [28, 28, 1]));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(conv(32, 'conv2', seed + 1));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(dense(128, 'fc1', seed + 2));
  m.add(dense(10, 'fc2', seed + 3, true));
  return m;
}
