import type { ModelTopologyJson } from '../profiler/topology.js';
import { SequentialBuilder } from './_internal/builders.js';
import { conv2d, dense, dropout, flatten, maxPool, named } from './_internal/layers.js';

/**
 * VGG-16 (Simonyan, Zisserman, "Very deep convolutional networks for large-scale image recognition", ICLR 2015,
 * configuration D), 224×224×3: 13 3×3 'same' convolutions (64, 64 | 128, 128 | 256 ×3 | 512 ×3 | 512 ×3) with a
 * 2×2 max pool after each block, then 4096 → 4096 → 1000. Params 138,357,544; MACs 15,470,264,320.
 */
export function vgg16(): ModelTopologyJson {
  const b = new SequentialBuilder('vgg16', [224, 224, 3]);
  const blocks = [[64, 2], [128, 2], [256, 3], [512, 3], [512, 3]] as const;
  blocks.forEach(([filters, n], i) => {
    for (let j = 1; j <= n; j++) b.add(conv2d(filters, 3, { padding: 'same', activation: 'relu', name: `block${i + 1}_conv${j}` }));
    b.add(named(`block${i + 1}_pool`, maxPool(2)));
  });
  b.add(flatten());
  b.add(named('fc1', dense(4096, 'relu'))).add(dropout(0.5));
  b.add(named('fc2', dense(4096, 'relu'))).add(dropout(0.5));
  return b.add(named('predictions', dense(1000, 'softmax'))).build();
}
