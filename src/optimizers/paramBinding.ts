import * as tf from '@tensorflow/tfjs';
import type { RoleQuantizer } from '../quantizers/roleQuantizer.js';
import { isQuantizedLayer } from '../layers/quantizedLayer.js';

/**
 * One trainable parameter as lowbit's optimizers see it: the variable, its quantizers and whether clipping applies.
 * @example
 * // what an optimizer receives per parameter: the variable, its quantizers and whether clipping applies
 * for (const b of bindings) console.log(b.name);
 */
export interface ParamBinding {
  /** The tf.Variable name (the key of `tf.variableGrads`' grads map), e.g. `dense_1/kernel`. */
  name: string;
  variable: tf.LayerVariable;
  /** Weight clipping applies (kernels; not biases or BatchNorm's γ, β). */
  clip: boolean;
  /** Multiplies the learning rate of this parameter (BinaryConnect's Glorot scale; default 1). */
  lrScale?: number;
  /** dL/dW is rounded into this format before the optimizer sees it (`gradient` role). */
  gradient?: RoleQuantizer;
  /** The stored parameter is rounded into this format after each update (`update` role). */
  update?: RoleQuantizer;
  /** The quantizer of one optimizer-state slot (`momentum` role), e.g. slot `m` of Adam. */
  momentum?: (slot: string) => RoleQuantizer | undefined;
}

/**
 * The trainable parameters of a model, in layer order, bound to their layer's `gradient`, `momentum` and
 * `update` quantizers (each parameter and slot has its own quantizer and DFXP state, as Courbariaux et al.'s
 * separate dE/dW, dE/db, update_W and update_b groups). Parameters of other layers are bound without quantizers.
 */
export function bindParams(model: tf.LayersModel): ParamBinding[] {
  const out: ParamBinding[] = [];
  for (const layer of model.layers) {
    if (isQuantizedLayer(layer)) {
      for (const p of layer.quantizedParams()) {
        if (!p.variable.trainable) continue;
        const q = layer.quant;
        out.push({
          name: (p.variable.read() as tf.Variable).name,
          variable: p.variable,
          clip: p.clip,
          gradient: q.quantizer('gradient', p.name),
          update: q.quantizer('update', p.name),
          momentum: (slot) => q.quantizer('momentum', p.name, slot),
        });
      }
    } else {
      for (const v of layer.trainableWeights) out.push({ name: (v.read() as tf.Variable).name, variable: v, clip: false });
    }
  }
  return out;
}
