import { noOps, sizeOf, type LayerHandler } from '../layerHandler.js';
import type { LayerConfig } from '../_internal/layerConfig.js';

function check(shape: readonly number[], cfg: LayerConfig): { c: number; pieces: number } {
  const pieces = cfg.int('pieces');
  const c = shape[shape.length - 1];
  if (c === undefined || c % pieces !== 0) cfg.fail('pieces', `must divide the last input axis (${c}); got ${pieces}`);
  return { c, pieces };
}

/**
 * Maxout (Goodfellow et al. 2013; lowbit's `Maxout` layer, placed after a linear layer of units·pieces outputs):
 * h_i = max of `pieces` consecutive channels. (pieces − 1) comparisons per output in the input's format; the
 * backward pass routes each error to the winning piece (no arithmetic; the input is stored to find it).
 */
export const maxoutHandler: LayerHandler = {
  kind: 'compute',
  stashesInput: true,
  outputShape: (inputs, cfg) => {
    const { c, pieces } = check(inputs[0]!, cfg);
    return [...inputs[0]!.slice(0, -1), c / pieces];
  },
  params: () => ({ weight: 0, bias: 0 }),
  forward(env) {
    const { pieces } = check(env.inputShapes[0]!, env.cfg);
    const ops = noOps();
    ops.compares.push({ pass: 'forward', label: 'max', count: sizeOf(env.outputShape) * (pieces - 1), operand: env.inputs[0]! });
    return ops;
  },
  backward: () => noOps(),
};
