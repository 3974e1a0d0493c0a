import type * as tf from '@tensorflow/tfjs';
import { isQuantizedLayer } from '../layers/quantizedLayer.js';
import { createOptimizer, type OptimizerSpec } from '../optimizers/createOptimizer.js';
import type { TrainingExtension } from '../training/fit.js';
import { LsqQuantizer } from './lsqQuantizer.js';

/**
 * The learned scales (LSQ, `amax=learned`) of a model as a training extension of the one loop: one parameter group
 * of every forward role's scale, trained by an optimizer of the run's type and learning rate (LSQ trains the step
 * sizes with the weights), kept positive after each step. Undefined when the model has no learned scale.
 * @example await fit(model, data, { …, extensions: [lsqTraining(model, config.optimizer)].filter(Boolean) })
 */
export function lsqTraining(model: tf.LayersModel, optimizer: OptimizerSpec): TrainingExtension | undefined {
  const qs: LsqQuantizer[] = [];
  for (const l of model.layers) {
    if (!isQuantizedLayer(l)) continue;
    for (const role of ['weight', 'bias', 'activation'] as const) {
      const q = l.quant.has(role) ? l.quant.quantizer(role) : undefined;
      if (q instanceof LsqQuantizer) qs.push(q);
    }
  }
  if (qs.length === 0) return undefined;
  const bindings = qs.map((q) => ({ name: (q.scale().read() as tf.Variable).name, variable: q.scale(), clip: false }));
  return { groups: [{ name: 'learned scales (LSQ)', bindings, optimizer: createOptimizer({ ...optimizer, lrDecay: 1 }), project: () => qs.forEach((q) => q.project()) }] };
}
