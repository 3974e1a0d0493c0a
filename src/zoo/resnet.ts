import type { ModelTopologyJson } from '../profiler/topology.js';
import { FunctionalBuilder } from './_internal/builders.js';
import { add, batchNorm, conv2d, dense, globalAvgPool, maxPool, relu } from './_internal/layers.js';

/**
 * A basic residual block (He, Zhang, Ren, Sun, "Deep residual learning for image recognition", CVPR 2016):
 * conv3×3(stride) → BN → ReLU → conv3×3 → BN, plus the shortcut (identity, or 1×1 conv(stride) → BN when the
 * shape changes: option B), then ReLU. Convolutions have no bias.
 */
function basicBlock(g: FunctionalBuilder, x: string, name: string, filters: number, stride: number, project: boolean): string {
  let y = g.layer(`${name}_conv1`, conv2d(filters, 3, { strides: stride, padding: 'same', useBias: false }), x);
  y = g.layer(`${name}_bn1`, batchNorm(1e-5), y);
  y = g.layer(`${name}_relu1`, relu(), y);
  y = g.layer(`${name}_conv2`, conv2d(filters, 3, { padding: 'same', useBias: false }), y);
  y = g.layer(`${name}_bn2`, batchNorm(1e-5), y);
  let s = x;
  if (project) {
    s = g.layer(`${name}_down_conv`, conv2d(filters, 1, { strides: stride, useBias: false }), x);
    s = g.layer(`${name}_down_bn`, batchNorm(1e-5), s);
  }
  const sum = g.layer(`${name}_add`, add(), [y, s]);
  return g.layer(`${name}_out`, relu(), sum);
}

/**
 * ResNet-18 for ImageNet (He et al. 2016, Table 1; torchvision layout): 224×224×3 → conv 7×7/2 64 → BN → ReLU →
 * max pool 3×3/2 → 4 stages of 2 basic blocks (64, 128, 256, 512; stride 2 and 1×1 projection at the start of
 * stages 2–4) → global average pool → dense 1000. 'same' padding gives torchvision's spatial sizes.
 * Params 11,689,512 (batch-norm gamma/beta counted, running statistics not); MACs 1,814,073,344.
 */
export function resnet18(): ModelTopologyJson {
  const g = new FunctionalBuilder('resnet18');
  let x = g.input([224, 224, 3]);
  x = g.layer('conv1', conv2d(64, 7, { strides: 2, padding: 'same', useBias: false }), x);
  x = g.layer('bn1', batchNorm(1e-5), x);
  x = g.layer('relu1', relu(), x);
  x = g.layer('maxpool', maxPool(3, 2, 'same'), x);
  [64, 128, 256, 512].forEach((filters, i) => {
    x = basicBlock(g, x, `layer${i + 1}_0`, filters, i === 0 ? 1 : 2, i > 0);
    x = basicBlock(g, x, `layer${i + 1}_1`, filters, 1, false);
  });
  x = g.layer('avgpool', globalAvgPool(), x);
  x = g.layer('fc', dense(1000, 'softmax'), x);
  return g.build([x]);
}

/**
 * ResNet-20 for CIFAR-10 (He et al. 2016, §4.2): 32×32×3 → conv 3×3 16 → BN → ReLU → 3 stages of 3 basic blocks
 * (16, 32, 64; stride 2 at stages 2–3) → global average pool → dense 10. Shortcuts that change shape use a 1×1
 * projection (option B, as in the SAL code `eghouti/SAL`), where the paper's CIFAR nets use zero padding
 * (option A): 272,474 params instead of the paper's 0.27M (269,722).
 */
export function resnet20Cifar(): ModelTopologyJson {
  const g = new FunctionalBuilder('resnet20-cifar');
  let x = g.input([32, 32, 3]);
  x = g.layer('conv1', conv2d(16, 3, { padding: 'same', useBias: false }), x);
  x = g.layer('bn1', batchNorm(1e-5), x);
  x = g.layer('relu1', relu(), x);
  [16, 32, 64].forEach((filters, i) => {
    for (let j = 0; j < 3; j++) x = basicBlock(g, x, `stage${i + 1}_${j}`, filters, i > 0 && j === 0 ? 2 : 1, i > 0 && j === 0);
  });
  x = g.layer('avgpool', globalAvgPool(), x);
  x = g.layer('fc', dense(10, 'softmax'), x);
  return g.build([x]);
}
