import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../src/backend/initBackend.js';
import { compareWithCpu, MAX_REL_ERROR, runOn, seeded, wasmCounts, type KernelCase } from '../_compare.js';

/**
 * A MaxPoolGrad case. Half of x is clamped to 0 (as after a ReLU) so many windows hold ties, where the
 * first maximum in row-major order must win, as on cpu.
 */
function makeCase(x: [number, number, number, number], filterSize: number | [number, number],
  strides: number | [number, number], pad: 'same' | 'valid' | number): KernelCase {
  const xv = seeded(tf.util.sizeFromShape(x), 13).map((v) => Math.max(0, v));
  const y = tf.tidy(() => tf.maxPool(tf.tensor4d(xv, x), filterSize, strides, pad));
  const yv = (y.dataSync() as Float32Array).slice();
  const yShape = y.shape;
  y.dispose();
  return {
    kernel: 'MaxPoolGrad',
    inputs: {
      dy: { shape: yShape, values: seeded(yv.length, 14) },
      input: { shape: x, values: xv },
      output: { shape: yShape, values: yv },
    },
    attrs: { filterSize, strides, pad },
  };
}

describe('MaxPoolGrad on wasm (lowbit kernel) vs cpu', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  const cases: Array<[string, () => KernelCase]> = [
    ['2x2 stride 2 valid', () => makeCase([2, 8, 6, 3], 2, 2, 'valid')],
    ['3x3 stride 2 same (overlapping)', () => makeCase([2, 9, 7, 4], 3, 2, 'same')],
    ['3x3 stride 1 pad 1', () => makeCase([1, 6, 6, 2], 3, 1, 1)],
    ['[2,3] stride [1,2] valid', () => makeCase([2, 7, 9, 3], [2, 3], [1, 2], 'valid')],
  ];
  for (const [name, make] of cases) {
    it(`matches cpu: ${name}`, async () => {
      await tf.setBackend('cpu');
      const c = make();
      await initBackend('wasm');
      const { err, cpuShape, wasmShape } = await compareWithCpu(c);
      expect(wasmShape).toEqual(cpuShape);
      expect(err).toBeLessThanOrEqual(MAX_REL_ERROR);
    });
  }

  it('routes a tie to the first maximum of the window', async () => {
    await initBackend('wasm');
    const c: KernelCase = {
      kernel: 'MaxPoolGrad',
      inputs: {
        dy: { shape: [1, 1, 1, 1], values: Float32Array.from([5]) },
        input: { shape: [1, 2, 2, 1], values: Float32Array.from([0, 3, 3, 1]) },
        output: { shape: [1, 1, 1, 1], values: Float32Array.from([3]) },
      },
      attrs: { filterSize: 2, strides: 2, pad: 'valid' },
    };
    expect(Array.from((await runOn('wasm', c)).values)).toEqual([0, 5, 0, 0]);
  });

  it('leaks no tensor and no backend buffer', async () => {
    await tf.setBackend('cpu');
    const c = makeCase([2, 9, 7, 4], 3, 2, 'same');
    await runOn('wasm', c);
    const before = await wasmCounts();
    for (let i = 0; i < 3; i++) await runOn('wasm', c);
    expect(await wasmCounts()).toEqual(before);
  });
});
