import { convOutputLength } from '../layers/convGeometry.js';
import type { ModelSpec } from './trainConfig.js';

/**
 * Memory a config's model needs in training (`modelFootprint`).
 * @example
 * modelFootprint({ type: 'mlp', hidden: [256, 256] }, { inputShape: [28, 28, 1], numClasses: 10, batchSize: 100 }).bytes
 */
export interface ModelFootprint {
  /** Trainable parameters. */
  params: number;
  /** Values of every layer output for one example (the input included). */
  activationsPerExample: number;
  /** Estimated bytes in training: 4·(6·params + 3·batch·activations). */
  bytes: number;
}

/**
 * Default memory budget of a training config (MiB): models that need more are refused at validation.
 * @example
 * validateTrainConfig({ ...config, memoryBudgetMiB: 4 * DEFAULT_MEMORY_BUDGET_MIB })
 */
export const DEFAULT_MEMORY_BUDGET_MIB = 1024;

/**
 * The memory a model of a config needs in training, from its spec alone (nothing is allocated): the parameter
 * count and the layer outputs of `buildModel`'s layers, priced at 4 bytes per value, six copies of each parameter
 * (the parameter, its forward rounded copy, its gradient, up to two optimizer slots, the update's array) and three
 * of each output of a batch (the output, its rounded copy, its error).
 * Not modelled: the data set (bounded by its size limits), tfjs' workspace, the simulators' accumulator path.
 * @example modelFootprint({ type: 'mlp', hidden: [3_000_000], activation: 'relu', batchNorm: false }, { inputShape: [28, 28, 1], numClasses: 10, batchSize: 100 }).bytes // ≈ 5.7e10
 */
export function modelFootprint(spec: ModelSpec, o: { inputShape: readonly number[]; numClasses: number; batchSize: number }): ModelFootprint {
  const pieces = spec.maxoutPieces ?? 1;
  const bias = spec.batchNorm ? 0 : 1;
  let params = 0;
  let acts = o.inputShape.reduce((a, b) => a * b, 1);
  let [h, w, c] = [o.inputShape[0] ?? 1, o.inputShape[1] ?? 1, o.inputShape[2] ?? 1];
  const post = (size: number, units: number) => {
    if (spec.batchNorm) {
      params += 2 * units;
      acts += size;
    }
    if (pieces > 1) acts += size / pieces;
  };
  if (spec.type === 'cnn') {
    for (const l of spec.conv) {
      const f = l.filters * pieces;
      const pad = l.type === 'conv' ? l.padding : 'same';
      [h, w] = [convOutputLength(h, l.kernelSize, l.strides, pad), convOutputLength(w, l.kernelSize, l.strides, pad)];
      const k2 = l.type === 'shift' ? 1 : l.kernelSize ** 2;
      params += k2 * c * f + bias * f + (l.type === 'sal' ? k2 * c * f : l.type === 'salShared' ? k2 * c : 0);
      acts += h * w * f;
      post(h * w * f, f);
      c = f / pieces;
      if (l.pool) {
        [h, w] = [convOutputLength(h, l.pool, l.pool, 'valid'), convOutputLength(w, l.pool, l.pool, 'valid')];
        acts += h * w * c;
      }
    }
  }
  let n = spec.type === 'cnn' ? Math.max(h, 0) * Math.max(w, 0) * c : acts;
  for (const units of spec.hidden) {
    const u = units * pieces;
    params += n * u + bias * u;
    acts += u;
    post(u, u);
    n = units;
  }
  params += n * o.numClasses + o.numClasses;
  acts += o.numClasses;
  return { params, activationsPerExample: acts, bytes: 4 * (6 * params + 3 * o.batchSize * acts) };
}
