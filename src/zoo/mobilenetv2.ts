import type { ModelTopologyJson } from '../profiler/topology.js';
import { FunctionalBuilder } from './_internal/builders.js';
import { add, batchNorm, conv2d, dense, depthwiseConv2d, globalAvgPool, relu } from './_internal/layers.js';

/** (expansion t, output channels c, repeats n, first stride s), Sandler et al. 2018, Table 2. */
const SETTINGS: ReadonlyArray<readonly [number, number, number, number]> = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/**
 * MobileNetV2 (Sandler, Howard, Zhu, Zhmoginov, Chen, "MobileNetV2: Inverted residuals and linear bottlenecks",
 * CVPR 2018), width 1.0, 224×224×3: conv 3×3/2 32 → 17 inverted residual blocks (1×1 expand ×t → BN → ReLU6 →
 * depthwise 3×3 → BN → ReLU6 → 1×1 project → BN, residual add when stride 1 and channels match) → conv 1×1 1280
 * → global average pool → dense 1000. Convolutions have no bias. Params 3,504,872; MACs ≈ 300.8 M.
 */
export function mobilenetv2(): ModelTopologyJson {
  const g = new FunctionalBuilder('mobilenetv2');
  let x = g.input([224, 224, 3]);
  x = g.layer('conv1', conv2d(32, 3, { strides: 2, padding: 'same', useBias: false }), x);
  x = g.layer('conv1_bn', batchNorm(), x);
  x = g.layer('conv1_relu', relu(6), x);
  let cIn = 32;
  let block = 0;
  for (const [t, c, n, s] of SETTINGS) {
    for (let i = 0; i < n; i++) {
      const p = `block${block++}`;
      const stride = i === 0 ? s : 1;
      let y = x;
      if (t !== 1) {
        y = g.layer(`${p}_expand`, conv2d(cIn * t, 1, { useBias: false }), y);
        y = g.layer(`${p}_expand_bn`, batchNorm(), y);
        y = g.layer(`${p}_expand_relu`, relu(6), y);
      }
      y = g.layer(`${p}_depthwise`, depthwiseConv2d(3, { strides: stride, padding: 'same', useBias: false }), y);
      y = g.layer(`${p}_depthwise_bn`, batchNorm(), y);
      y = g.layer(`${p}_depthwise_relu`, relu(6), y);
      y = g.layer(`${p}_project`, conv2d(c, 1, { useBias: false }), y);
      y = g.layer(`${p}_project_bn`, batchNorm(), y);
      x = stride === 1 && cIn === c ? g.layer(`${p}_add`, add(), [x, y]) : y;
      cIn = c;
    }
  }
  x = g.layer('conv_last', conv2d(1280, 1, { useBias: false }), x);
  x = g.layer('conv_last_bn', batchNorm(), x);
  x = g.layer('conv_last_relu', relu(6), x);
  x = g.layer('avgpool', globalAvgPool(), x);
  x = g.layer('predictions', dense(1000, 'softmax'), x);
  return g.build([x]);
}
