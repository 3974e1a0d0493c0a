import type * as tf from '@tensorflow/tfjs';
import { isQuantizedLayer } from '../layers/quantizedLayer.js';
import type { LearnedQuantizer } from '../quantizers/learnedQuantizer.js';

/**
 * One learned width of a model: the layer, the role, its group name (`<layer>/<role>`) and its quantizer.
 * @example
 * for (const w of learnedWidths(model)) console.log(w.group, w.quantizer.values());
 */
export interface LearnedWidth {
  layer: string;
  role: 'weight' | 'bias' | 'activation';
  /** `<layer>/<role>`: the key of `finalBits` and of the trajectory in run.json. */
  group: string;
  quantizer: LearnedQuantizer;
}

/**
 * Every learned width of a model (roles with a `learned(...)` format), in layer order, weight before bias before
 * activation.
 * @example learnedWidths(model).map((w) => w.group) // ['dense_1/weight', 'dense_1/activation', 'output/weight']
 */
export function learnedWidths(model: tf.LayersModel): LearnedWidth[] {
  const out: LearnedWidth[] = [];
  for (const l of model.layers) {
    if (!isQuantizedLayer(l)) continue;
    for (const q of l.quant.learned()) {
      const role = q.role.role as LearnedWidth['role'];
      out.push({ layer: l.name, role, group: `${l.name}/${role}`, quantizer: q });
    }
  }
  return out;
}

/**
 * The widths by group (a number, or one per channel): what `finalBits` records.
 * @example
 * widthValues(model) // { 'dense_1/weight': 5.3, 'dense_1/activation': 8.1, … }
 */
export function widthValues(model: tf.LayersModel): Record<string, number | number[]> {
  return Object.fromEntries(learnedWidths(model).map((w) => [w.group, w.quantizer.values()]));
}
