import { mergeOps, mulGroup, noOps, sizeOf, type LayerEnv, type LayerHandler } from '../layerHandler.js';
import { activationBackward, activationForward, normalizeActivation } from './activationOps.js';
import type { LayerConfig } from '../_internal/layerConfig.js';

function channels(shape: readonly number[], cfg: LayerConfig): number {
  const axis = cfg.get('axis');
  const ax = Array.isArray(axis) && axis.length === 1 ? axis[0] : (axis ?? -1);
  if (ax !== -1 && ax !== shape.length) cfg.fail('axis', `must be the last axis (-1 or ${shape.length}); got ${JSON.stringify(axis)}`);
  if (shape.length === 0) cfg.fail('axis', 'needs an input with at least one dimension');
  return shape[shape.length - 1]!;
}

/**
 * BatchNormalization / BatchNorm over the last axis. Parameters: gamma (role `weight`) and beta (role `bias`),
 * C each when `scale` / `center`; the moving statistics are not trainable and fold into them at inference.
 *
 * | pass                      | per value                 | operands                            |
 * |---------------------------|---------------------------|-------------------------------------|
 * | inference (folded)        | 1 multiply, 1 add         | input × weight; add in bias format  |
 * | training forward          | 3 multiplies, 4 adds      | x², ×rstd, ×γ; Σx, Σx², x − μ, + β |
 * | training backward         | 3 multiplies, 4 adds      | error formats (with dγ, dβ)         |
 *
 * An `activation` in the config (lowbit's BatchNorm) adds its cost as in `activationForward`.
 * Not modelled: the rsqrt of the variance (C per batch) and the moving-average updates.
 */
export const batchNormHandler: LayerHandler = {
  kind: 'compute',
  stashesInput: true,
  outputShape: (inputs, cfg) => {
    channels(inputs[0]!, cfg);
    return [...inputs[0]!];
  },
  params: (inputs, cfg) => {
    const c = channels(inputs[0]!, cfg);
    return { weight: cfg.bool('scale', true) ? c : 0, bias: cfg.bool('center', true) ? c : 0 };
  },
  forward(env, training) {
    const n = sizeOf(env.inputShapes[0]!);
    const k = training ? { mul: 3, add: 4 } : { mul: 1, add: 1 };
    const ops = noOps();
    ops.muls.push(mulGroup('forward', training ? 'normalize' : 'scale', k.mul * n, env.inputs[0]!, env.role('weight')));
    ops.adds.push({ pass: 'forward', label: training ? 'normalize' : 'shift', count: k.add * n, operand: training ? env.role('activation') : env.role('bias') });
    return mergeOps(ops, activationForward(act(env), n, env.role('activation')));
  },
  backward(env) {
    const n = sizeOf(env.inputShapes[0]!);
    const err = env.role('error');
    const ops = noOps();
    ops.muls.push(mulGroup('backward', 'normalize', 3 * n, err, env.inputs[0]!));
    ops.adds.push({ pass: 'backward', label: 'normalize', count: 4 * n, operand: err });
    return mergeOps(activationBackward(act(env), n, err, env.role('activation')), ops);
  },
};

function act(env: LayerEnv): string {
  return normalizeActivation(env, 'activation', env.cfg.get('activation'));
}
