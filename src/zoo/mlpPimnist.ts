import type { ModelTopologyJson } from '../profiler/topology.js';
import { SequentialBuilder } from './_internal/builders.js';
import { dense } from './_internal/layers.js';

/**
 * The permutation-invariant MNIST maxout MLP of Courbariaux, Bengio, David, "Training deep neural networks with
 * low precision multiplications" (arXiv:1412.7024), after Goodfellow et al. 2013: 784 → 2 × maxout(240 units × 5
 * pieces) → softmax 10 (code: MatthieuCourbariaux/deep-learning-multipliers `main.py`). Each maxout layer is a
 * dense layer of 1200 outputs followed by lowbit's `Maxout` (pieces 5). Dropout is not part of the cost.
 * Params 1,233,610; MACs 1,231,200.
 */
export function mlpPimnist(): ModelTopologyJson {
  const b = new SequentialBuilder('mlp-pimnist', [784]);
  for (let i = 0; i < 2; i++) b.add(dense(240 * 5)).add({ class_name: 'Maxout', config: { pieces: 5 } });
  return b.add(dense(10, 'softmax')).build();
}
