import type { TraceRole } from '../../../cost-models/opTrace.js';
import type { PolicySpec } from '../../../src/policy/policySpec.js';
import type { ModelTopologyJson } from '../../../src/profiler/topology.js';

/**
 * A small functional net touching every pairing of the cost formulas: conv, batch norm, ReLU, depthwise (same
 * channel), grouped 1×1 conv, residual add, max pool, flatten, dense.
 */
export function testNet(): ModelTopologyJson {
  const L = (name: string, class_name: string, config: Record<string, unknown>, inputs: string[]) => ({ name, class_name, config: { name, ...config }, inbound_nodes: [inputs.map((i) => [i, 0, 0, {}])] });
  return {
    class_name: 'Model',
    config: {
      name: 'testnet',
      layers: [
        { name: 'in', class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 8, 8, 3] }, inbound_nodes: [] },
        L('c1', 'Conv2D', { filters: 8, kernel_size: 3, padding: 'same' }, ['in']),
        L('bn', 'BatchNormalization', {}, ['c1']),
        L('r', 'ReLU', {}, ['bn']),
        L('dw', 'DepthwiseConv2D', { kernel_size: 3, padding: 'same', use_bias: false }, ['r']),
        L('c2', 'Conv2D', { filters: 8, kernel_size: 1, groups: 2 }, ['dw']),
        L('sum', 'Add', {}, ['c2', 'r']),
        L('p', 'MaxPooling2D', { pool_size: 2 }, ['sum']),
        L('f', 'Flatten', {}, ['p']),
        L('d', 'Dense', { units: 5 }, ['f']),
      ],
    },
  };
}

export const COMPUTE_LAYERS = ['in', 'c1', 'bn', 'r', 'dw', 'c2', 'sum', 'p', 'd'];
export const ALL_ROLES: TraceRole[] = ['weight', 'bias', 'activation', 'error', 'gradient', 'momentum', 'update', 'accumulator'];

/** A policy giving each (layer, role) of `widths` the fixed format of that width. */
export function policyOf(widths: (layer: string, role: TraceRole) => number | undefined): PolicySpec {
  return {
    rules: COMPUTE_LAYERS.map((layer) => ({
      match: { name: layer },
      roles: Object.fromEntries(ALL_ROLES.flatMap((r) => {
        const w = widths(layer, r);
        return w === undefined ? [] : [[r, { format: `fixed(w=${w},f=0)` }]];
      })),
    })),
  };
}
