import { macGroup, mergeOps, noOps, type LayerEnv, type LayerHandler } from '../layerHandler.js';
import type { LayerConfig } from '../_internal/layerConfig.js';
import { activationBackward, activationForward, normalizeActivation } from './activationOps.js';
import { hwc, window2d } from './spatial.js';

/**
 * Conv2D / QConv2D (channels_last, stride, 'valid'/'same' padding, dilation, `groups`):
 * MACs = Ho·Wo·C_out·kh·kw·C_in/groups; params = kh·kw·(C_in/groups)·C_out (+ C_out bias).
 * Training: error propagation (same MAC count, fan-in kh·kw·C_out/groups; skipped when the input is the model
 * input) and weight gradient (same count, fan-in Ho·Wo); bias gradient Ho·Wo·C_out adds.
 * Not modelled: the zeros a 'same' padding multiplies are counted like real inputs (as ptflops/fvcore do).
 */
export const conv2dHandler: LayerHandler = {
  kind: 'compute',
  stashesInput: true,
  outputShape: (inputs, cfg) => {
    const g = geometry(inputs[0]!, cfg);
    return [g.ho, g.wo, g.cOut];
  },
  params: (inputs, cfg) => {
    const g = geometry(inputs[0]!, cfg);
    return { weight: g.kh * g.kw * (g.cIn / g.groups) * g.cOut, bias: cfg.bool('use_bias', true) ? g.cOut : 0 };
  },
  forward(env) {
    const g = geometry(env.inputShapes[0]!, env.cfg);
    const fanIn = g.kh * g.kw * (g.cIn / g.groups);
    const outputs = g.ho * g.wo * g.cOut;
    const ops = noOps();
    ops.macs.push(macGroup(env, 'forward', 'forward', outputs * fanIn, fanIn, env.inputs[0]!, env.role('weight'), { groups: g.groups }));
    if (env.cfg.bool('use_bias', true)) ops.adds.push({ pass: 'forward', label: 'bias', count: outputs, operand: env.role('bias') });
    return mergeOps(ops, activationForward(act(env), outputs, env.role('activation')));
  },
  backward(env) {
    const g = geometry(env.inputShapes[0]!, env.cfg);
    const macs = g.ho * g.wo * g.cOut * g.kh * g.kw * (g.cIn / g.groups);
    const err = env.role('error');
    const ops = activationBackward(act(env), g.ho * g.wo * g.cOut, err, env.role('activation'));
    if (!env.fromModelInput) {
      ops.macs.push(macGroup(env, 'backward', 'error', macs, (g.kh * g.kw * g.cOut) / g.groups, err, env.role('weight'), { sameChannel: true }));
    }
    ops.macs.push(macGroup(env, 'backward', 'weight gradient', macs, g.ho * g.wo, env.inputs[0]!, err, { groups: g.groups }));
    if (env.cfg.bool('use_bias', true)) ops.adds.push({ pass: 'backward', label: 'bias gradient', count: g.ho * g.wo * g.cOut, operand: env.role('gradient') });
    return ops;
  },
};

function act(env: LayerEnv): string {
  return normalizeActivation(env, 'activation', env.cfg.get('activation'));
}

function geometry(shape: readonly number[], cfg: LayerConfig) {
  const [, , cIn] = hwc(shape, cfg);
  const [kh, kw] = cfg.pair('kernel_size');
  const [ho, wo] = window2d(shape, cfg, [kh, kw], cfg.pair('strides', [1, 1]));
  const cOut = cfg.int('filters');
  const groups = cfg.int('groups', 1);
  if (cIn % groups !== 0 || cOut % groups !== 0) cfg.fail('groups', `must divide the input channels (${cIn}) and filters (${cOut}); got ${groups}`);
  return { kh, kw, ho, wo, cIn, cOut, groups };
}
