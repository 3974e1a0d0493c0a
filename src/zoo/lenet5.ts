import type { ModelTopologyJson } from '../profiler/topology.js';
import { SequentialBuilder } from './_internal/builders.js';
import { avgPool, conv2d, dense, flatten, named } from './_internal/layers.js';

/**
 * LeNet-5 (LeCun, Bottou, Bengio, Haffner, "Gradient-based learning applied to document recognition", Proc.
 * IEEE 86(11), 1998): 32×32×1 → C1 6@5×5 → S2 avg 2 → C3 16@5×5 → S4 avg 2 → C5 120@5×5 → F6 84 → 10.
 * Differences from the paper: C3 is fully connected to S2's six maps (the paper connects each C3 map to a subset:
 * 1,516 instead of 2,416 parameters), S2/S4 are plain average pooling (the paper's have a trainable coefficient
 * and bias per map), and the output is a softmax dense layer instead of Euclidean RBF units. tanh activations
 * are counted but not priced. Params 61,706; MACs 416,520.
 */
export function lenet5(): ModelTopologyJson {
  return new SequentialBuilder('lenet5', [32, 32, 1])
    .add(conv2d(6, 5, { activation: 'tanh', name: 'c1' }))
    .add(named('s2', avgPool(2)))
    .add(conv2d(16, 5, { activation: 'tanh', name: 'c3' }))
    .add(named('s4', avgPool(2)))
    .add(conv2d(120, 5, { activation: 'tanh', name: 'c5' }))
    .add(flatten())
    .add(named('f6', dense(84, 'tanh')))
    .add(named('output', dense(10, 'softmax')))
    .build();
}
