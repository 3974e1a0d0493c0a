import { macGroup, mergeOps, noOps, type LayerEnv, type LayerHandler } from '../layerHandler.js';
import type { LayerConfig } from '../_internal/layerConfig.js';
import { activationBackward, activationForward, normalizeActivation } from './activationOps.js';
import { hwc, window2d } from './spatial.js';

/**
 * DepthwiseConv2D: each input channel convolved with `depth_multiplier` kernels of its own.
 * MACs = Ho·Wo·C·dm·kh·kw; params = kh·kw·C·dm (+ C·dm bias). Training as Conv2D with groups = C.
 */
export const depthwiseConv2dHandler: LayerHandler = {
  kind: 'compute',
  stashesInput: true,
  outputShape: (inputs, cfg) => {
    const g = geometry(inputs[0]!, cfg);
    return [g.ho, g.wo, g.c * g.dm];
  },
  params: (inputs, cfg) => {
    const g = geometry(inputs[0]!, cfg);
    return { weight: g.kh * g.kw * g.c * g.dm, bias: cfg.bool('use_bias', true) ? g.c * g.dm : 0 };
  },
  forward(env) {
    const g = geometry(env.inputShapes[0]!, env.cfg);
    const outputs = g.ho * g.wo * g.c * g.dm;
    const fanIn = g.kh * g.kw;
    const ops = noOps();
    const pairing = g.dm === 1 ? { sameChannel: true } : { groups: g.c };
    ops.macs.push(macGroup(env, 'forward', 'forward', outputs * fanIn, fanIn, env.inputs[0]!, env.role('weight'), pairing));
    if (env.cfg.bool('use_bias', true)) ops.adds.push({ pass: 'forward', label: 'bias', count: outputs, operand: env.role('bias') });
    return mergeOps(ops, activationForward(act(env), outputs, env.role('activation')));
  },
  backward(env) {
    const g = geometry(env.inputShapes[0]!, env.cfg);
    const outputs = g.ho * g.wo * g.c * g.dm;
    const macs = outputs * g.kh * g.kw;
    const err = env.role('error');
    const ops = activationBackward(act(env), outputs, err, env.role('activation'));
    if (!env.fromModelInput) ops.macs.push(macGroup(env, 'backward', 'error', macs, g.kh * g.kw * g.dm, err, env.role('weight'), { sameChannel: true }));
    const pairing = g.dm === 1 ? { sameChannel: true } : { groups: g.c };
    ops.macs.push(macGroup(env, 'backward', 'weight gradient', macs, g.ho * g.wo, env.inputs[0]!, err, pairing));
    if (env.cfg.bool('use_bias', true)) ops.adds.push({ pass: 'backward', label: 'bias gradient', count: outputs, operand: env.role('gradient') });
    return ops;
  },
};

function act(env: LayerEnv): string {
  return normalizeActivation(env, 'activation', env.cfg.get('activation'));
}

function geometry(shape: readonly number[], cfg: LayerConfig) {
  const [, , c] = hwc(shape, cfg);
  const [kh, kw] = cfg.pair('kernel_size');
  const [ho, wo] = window2d(shape, cfg, [kh, kw], cfg.pair('strides', [1, 1]));
  return { kh, kw, ho, wo, c, dm: cfg.int('depth_multiplier', 1) };
}
