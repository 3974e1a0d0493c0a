import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../src/backend/initBackend.js';
import { compareWithCpu, MAX_REL_ERROR, runOn, seeded, wasmCounts, type KernelCase } from '../_compare.js';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

/** A Conv2DBackpropFilter case; dy's shape comes from the forward conv's output shape. */
function makeCase(x: [number, number, number, number], f: [number, number, number, number], strides: number | [number, number],
  pad: Pad, dataFormat: 'NHWC' | 'NCHW' = 'NHWC', seed = 1): KernelCase {
  const nhwc: [number, number, number, number] = dataFormat === 'NHWC' ? x : [x[0], x[2], x[3], x[1]];
  const info = tf.backend_util.computeConv2DInfo(nhwc, f, strides, 1, pad, undefined, false, 'channelsLast');
  const dy = dataFormat === 'NHWC' ? info.outShape : [info.outShape[0], info.outShape[3], info.outShape[1], info.outShape[2]];
  return {
    kernel: 'Conv2DBackpropFilter',
    inputs: {
      x: { shape: x, values: seeded(tf.util.sizeFromShape(x), seed) },
      dy: { shape: dy, values: seeded(tf.util.sizeFromShape(dy), seed + 1) },
    },
    attrs: { strides, pad, dataFormat, filterShape: f },
  };
}

describe('Conv2DBackpropFilter on wasm (lowbit kernel) vs cpu', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const cases: Array<[string, KernelCase]> = [
    ['3x3 same stride 1', makeCase([2, 7, 6, 3], [3, 3, 3, 4], 1, 'same')],
    ['3x3 same stride 2', makeCase([2, 9, 8, 2], [3, 3, 2, 5], 2, 'same')],
    ['3x3 valid stride [2,1]', makeCase([3, 8, 7, 2], [3, 3, 2, 3], [2, 1], 'valid')],
    ['5x2 pad 1 stride 3', makeCase([1, 11, 9, 3], [5, 2, 3, 2], 3, 1)],
    ['explicit asymmetric pads', makeCase([2, 6, 7, 2], [3, 2, 2, 3], [1, 2], [[0, 0], [2, 0], [1, 3], [0, 0]])],
    ['1x1 filter', makeCase([2, 4, 4, 6], [1, 1, 6, 5], 1, 'valid')],
    ['NCHW', makeCase([2, 3, 7, 6], [3, 3, 3, 4], 2, 'same', 'NCHW')],
  ];
  for (const [name, c] of cases) {
    it(`matches cpu: ${name}`, async () => {
      // Act
      const { err, cpuShape, wasmShape } = await compareWithCpu(c);
      // Assert
      expect(wasmShape).toEqual(cpuShape);
      expect(err).toBeLessThanOrEqual(MAX_REL_ERROR);
    });
  }

  it('leaks no tensor and no backend buffer', async () => {
    const c = makeCase([2, 7, 6, 3], [3, 3, 3, 4], 2, 'same', 'NCHW');
    await runOn('wasm', c);
    const before = await wasmCounts();
    for (let i = 0; i < 3; i++) await runOn('wasm', c);
    expect(await wasmCounts()).toEqual(before);
  });
});
