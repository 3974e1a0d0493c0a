import { macGroup, mergeOps, noOps, sizeOf, type LayerEnv, type LayerHandler } from '../layerHandler.js';
import type { LayerConfig } from '../_internal/layerConfig.js';
import { activationBackward, activationForward, normalizeActivation } from './activationOps.js';

/**
 * Dense / QDense: y = act(x·W + b) over the last axis (leading axes are positions).
 * MACs = positions·n_in·units; params = n_in·units (+ units bias). Training: error propagation (positions·n_in·
 * units MACs, error × weight) unless the input is the model input, and the weight gradient (same count,
 * activation × error); bias gradient: positions·units adds.
 */
export const denseHandler: LayerHandler = {
  kind: 'compute',
  stashesInput: true,
  outputShape: (inputs, cfg) => [...inputs[0]!.slice(0, -1), cfg.int('units')],
  params: (inputs, cfg) => ({ weight: lastDim(inputs[0]!, cfg) * cfg.int('units'), bias: cfg.bool('use_bias', true) ? cfg.int('units') : 0 }),
  forward(env) {
    const { nIn, units, positions, act } = dims(env);
    const macs = positions * nIn * units;
    const ops = noOps();
    ops.macs.push(macGroup(env, 'forward', 'forward', macs, nIn, env.inputs[0]!, env.role('weight')));
    if (env.cfg.bool('use_bias', true)) ops.adds.push({ pass: 'forward', label: 'bias', count: positions * units, operand: env.role('bias') });
    return mergeOps(ops, activationForward(act, positions * units, env.role('activation')));
  },
  backward(env) {
    const { nIn, units, positions, act } = dims(env);
    const err = env.role('error');
    const ops = activationBackward(act, positions * units, err, env.role('activation'));
    if (!env.fromModelInput) ops.macs.push(macGroup(env, 'backward', 'error', positions * nIn * units, units, err, env.role('weight'), { sameChannel: true }));
    ops.macs.push(macGroup(env, 'backward', 'weight gradient', positions * nIn * units, positions, env.inputs[0]!, err));
    if (env.cfg.bool('use_bias', true)) ops.adds.push({ pass: 'backward', label: 'bias gradient', count: positions * units, operand: env.role('gradient') });
    return ops;
  },
};

function lastDim(shape: readonly number[], cfg: LayerConfig): number {
  if (shape.length === 0) cfg.fail('units', 'needs an input with at least one dimension');
  return shape[shape.length - 1]!;
}

function dims(env: LayerEnv) {
  const inShape = env.inputShapes[0]!;
  return {
    nIn: lastDim(inShape, env.cfg),
    units: env.cfg.int('units'),
    positions: sizeOf(inShape.slice(0, -1)),
    act: normalizeActivation(env, 'activation', env.cfg.get('activation')),
  };
}
