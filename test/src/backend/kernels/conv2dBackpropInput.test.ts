import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../src/backend/initBackend.js';
import { stockKernel } from '../../../../src/backend/_internal/stockKernels.js';
import { compareWithCpu, MAX_REL_ERROR, runOn, seeded, wasmCounts, type KernelCase } from '../_compare.js';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

/** A Conv2DBackpropInput case for input shape `x` (in `dataFormat` layout) and filter shape `f`. */
function makeCase(x: Shape4, f: Shape4, strides: number | [number, number], pad: Pad,
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC', seed = 3): KernelCase {
  const nhwc: Shape4 = dataFormat === 'NHWC' ? x : [x[0], x[2], x[3], x[1]];
  const info = tf.backend_util.computeConv2DInfo(nhwc, f, strides, 1, pad, undefined, false, 'channelsLast');
  const dy = dataFormat === 'NHWC' ? info.outShape : [info.outShape[0], info.outShape[3], info.outShape[1], info.outShape[2]];
  return {
    kernel: 'Conv2DBackpropInput',
    inputs: {
      dy: { shape: dy, values: seeded(tf.util.sizeFromShape(dy), seed) },
      filter: { shape: f, values: seeded(tf.util.sizeFromShape(f), seed + 1) },
    },
    attrs: { strides, pad, dataFormat, inputShape: x },
  };
}

describe('Conv2DBackpropInput on wasm (lowbit kernel) vs cpu', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const cases: Array<[string, KernelCase]> = [
    ['3x3 same stride 1', makeCase([2, 7, 6, 3], [3, 3, 3, 4], 1, 'same')],
    ['3x3 same stride 2 (odd input: last row unused)', makeCase([2, 9, 8, 2], [3, 3, 2, 5], 2, 'same')],
    ['3x3 valid stride [2,1]', makeCase([3, 8, 7, 2], [3, 3, 2, 3], [2, 1], 'valid')],
    ['5x2 pad 1 stride 3', makeCase([1, 11, 9, 3], [5, 2, 3, 2], 3, 1)],
    ['explicit asymmetric pads', makeCase([2, 6, 7, 2], [3, 2, 2, 3], [1, 2], [[0, 0], [2, 0], [1, 1], [0, 0]])],
    ['1x1 filter stride 2', makeCase([2, 5, 5, 6], [1, 1, 6, 5], 2, 'valid')],
    ['NCHW', makeCase([2, 3, 7, 6], [3, 3, 3, 4], 2, 'same', 'NCHW')],
    ['pad > K−1 (stock fallback)', makeCase([1, 5, 5, 2], [2, 2, 2, 3], 1, [[0, 0], [3, 1], [2, 2], [0, 0]])],
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

  it('is lowbit\'s kernel, with the stock one kept for the fallback', () => {
    expect(stockKernel('Conv2DBackpropInput')).toBeDefined();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).not.toBe(stockKernel('Conv2DBackpropInput'));
  });

  it('leaks no tensor and no backend buffer (strided NCHW and fallback paths)', async () => {
    const c1 = makeCase([2, 3, 7, 6], [3, 3, 3, 4], 2, 'same', 'NCHW');
    const c2 = makeCase([1, 5, 5, 2], [2, 2, 2, 3], 1, [[0, 0], [3, 1], [2, 2], [0, 0]]);
    await runOn('wasm', c1);
    const before = await wasmCounts();
    for (let i = 0; i < 3; i++) {
      await runOn('wasm', c1);
      await runOn('wasm', c2);
    }
    expect(await wasmCounts()).toEqual(before);
  });
});
