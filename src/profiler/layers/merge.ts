import { noOps, sizeOf, type LayerHandler } from '../layerHandler.js';

/**
 * Add (residual connections): (k − 1)·N adds for k inputs of N values, in the layer's output format. Inputs
 * must have equal shapes (no broadcasting). Backward passes the error to every input unchanged (no ops); the
 * profiler adds the sum of errors where a tensor feeds several layers.
 */
export const addHandler: LayerHandler = {
  kind: 'compute',
  stashesInput: false,
  outputShape: (inputs, cfg) => {
    if (inputs.length < 2) cfg.fail('inbound_nodes', `Add needs at least 2 inputs; got ${inputs.length}`);
    const first = inputs[0]!.join(',');
    const odd = inputs.find((s) => s.join(',') !== first);
    if (odd) cfg.fail('inbound_nodes', `Add inputs must have equal shapes; got [${inputs.map((s) => `[${s.join(', ')}]`).join(', ')}]`);
    return [...inputs[0]!];
  },
  params: () => ({ weight: 0, bias: 0 }),
  forward(env) {
    const ops = noOps();
    ops.adds.push({ pass: 'forward', label: 'residual', count: (env.inputShapes.length - 1) * sizeOf(env.outputShape), operand: env.role('activation') });
    return ops;
  },
  backward: () => noOps(),
};
