import type { ModelTopologyJson } from '../profiler/topology.js';
import { SequentialBuilder } from './_internal/builders.js';
import { batchNorm, conv2d, dense, maxPool } from './_internal/layers.js';

/**
 * BinaryNet's MNIST MLP (Courbariaux, Hubara, Soudry, El-Yaniv, Bengio, arXiv:1602.02830; code
 * MatthieuCourbariaux/BinaryNet `Train-time/mnist.py`): 784 → 3 × (dense 4096, batch norm) → dense 10, batch norm.
 * The binarising activation (sign, hard-tanh gradient) is the policy's `activation` format of each batch-norm
 * layer, not a layer: its comparison is not counted (it folds into the batch-norm threshold in hardware).
 * Dense layers keep their biases, as in the code. Params 36,843,550.
 */
export function binarynetMlp(): ModelTopologyJson {
  const b = new SequentialBuilder('binarynet-mlp', [784]);
  for (let i = 0; i < 3; i++) b.add(dense(4096)).add(batchNorm(1e-4));
  return b.add(dense(10)).add(batchNorm(1e-4)).build();
}

/**
 * BinaryNet's CIFAR-10 ConvNet (same paper; `Train-time/cifar10.py`): 32×32×3 → (128C3-128C3-P2) →
 * (256C3-256C3-P2) → (512C3-512C3-P2) → 1024FC → 1024FC → 10FC, 3×3 convolutions with padding 1, batch norm after
 * every layer (after the pooling where there is one), binarisation as in `binarynetMlp`.
 * Params 14,033,566 (incl. 7,700 batch-norm gamma/beta).
 */
export function binarynetCifar(): ModelTopologyJson {
  const b = new SequentialBuilder('binarynet-cifar', [32, 32, 3]);
  for (const filters of [128, 256, 512]) {
    b.add(conv2d(filters, 3, { padding: 'same' })).add(batchNorm(1e-4));
    b.add(conv2d(filters, 3, { padding: 'same' })).add(maxPool(2)).add(batchNorm(1e-4));
  }
  b.add({ class_name: 'Flatten', config: {} });
  for (const units of [1024, 1024]) b.add(dense(units)).add(batchNorm(1e-4));
  return b.add(dense(10)).add(batchNorm(1e-4)).build();
}
