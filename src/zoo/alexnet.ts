import type { ModelTopologyJson } from '../profiler/topology.js';
import { SequentialBuilder } from './_internal/builders.js';
import { conv2d, dense, dropout, flatten, maxPool, named } from './_internal/layers.js';

/**
 * AlexNet (Krizhevsky, Sutskever, Hinton, "ImageNet classification with deep convolutional neural networks",
 * NIPS 2012), the two-GPU network written as one tower with grouped convolutions (groups = 2 for conv2, conv4,
 * conv5, as in Caffe's bvlc_alexnet): 227×227×3 → 96@11×11/4 → pool 3/2 → 256@5×5 pad 2 (g2) → pool 3/2 →
 * 384@3×3 → 384@3×3 (g2) → 256@3×3 (g2) → pool 3/2 → 4096 → 4096 → 1000. Local response normalisation is omitted
 * (no tfjs layer; it has no parameters and few ops). Params 60,965,224; MACs 724,406,816.
 */
export function alexnet(): ModelTopologyJson {
  return new SequentialBuilder('alexnet', [227, 227, 3])
    .add(conv2d(96, 11, { strides: 4, activation: 'relu', name: 'conv1' }))
    .add(maxPool(3, 2))
    .add(conv2d(256, 5, { padding: 'same', groups: 2, activation: 'relu', name: 'conv2' }))
    .add(maxPool(3, 2))
    .add(conv2d(384, 3, { padding: 'same', activation: 'relu', name: 'conv3' }))
    .add(conv2d(384, 3, { padding: 'same', groups: 2, activation: 'relu', name: 'conv4' }))
    .add(conv2d(256, 3, { padding: 'same', groups: 2, activation: 'relu', name: 'conv5' }))
    .add(maxPool(3, 2))
    .add(flatten())
    .add(named('fc6', dense(4096, 'relu')))
    .add(dropout(0.5))
    .add(named('fc7', dense(4096, 'relu')))
    .add(dropout(0.5))
    .add(named('fc8', dense(1000, 'softmax')))
    .build();
}
