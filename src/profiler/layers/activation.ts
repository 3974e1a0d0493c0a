import { sizeOf, type LayerEnv, type LayerHandler } from '../layerHandler.js';
import { activationBackward, activationForward, normalizeActivation } from './activationOps.js';

const NO_PARAMS = () => ({ weight: 0, bias: 0 });
const same = (inputs: readonly (readonly number[])[]) => [...inputs[0]!];

/** Which activation a layer class applies (Activation: its `activation`; ReLU: relu or relu6 by `max_value`). */
function activationOf(env: LayerEnv): string {
  switch (env.className) {
    case 'ReLU': {
      const max = env.cfg.num('max_value');
      return max === undefined ? 'relu' : 'relu6';
    }
    case 'LeakyReLU':
      return 'leakyrelu';
    case 'Softmax':
      return 'softmax';
    case 'ELU':
      return 'elu';
    default:
      return normalizeActivation(env, 'activation', env.cfg.get('activation'));
  }
}

/**
 * Activation, ReLU (any `max_value` costs as relu6: two comparisons), LeakyReLU, ELU, Softmax layers: the costs of
 * `activationForward` / `activationBackward` on the layer's input values.
 */
export const activationHandler: LayerHandler = {
  kind: 'compute',
  stashesInput: true,
  outputShape: same,
  params: NO_PARAMS,
  forward: (env) => activationForward(activationOf(env), sizeOf(env.inputShapes[0]!), env.inputs[0]!),
  backward: (env) => activationBackward(activationOf(env), sizeOf(env.inputShapes[0]!), env.role('error'), env.inputs[0]!),
};
