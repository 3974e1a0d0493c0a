import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../src/backend/initBackend.js';
import { compareWithCpu, MAX_REL_ERROR, runOn, seeded, wasmCounts, type KernelCase } from '../_compare.js';

function makeCase(shape: number[], axis: number | number[], keepDims: boolean, dtype: 'float32' | 'int32' = 'float32'): KernelCase {
  const size = tf.util.sizeFromShape(shape);
  const values = dtype === 'float32' ? seeded(size, 17) : Int32Array.from(seeded(size, 17, -9, 9), Math.round);
  return { kernel: 'Sum', inputs: { x: { shape, values, dtype } }, attrs: { axis, keepDims } };
}

describe('Sum on wasm (lowbit kernel: fast path for leading axes) vs cpu', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const cases: Array<[string, KernelCase]> = [
    ['bias gradient: axes [0,1,2] of NHWC', makeCase([3, 5, 4, 6], [0, 1, 2], false)],
    ['axes [0,1,2], keepDims', makeCase([3, 5, 4, 6], [0, 1, 2], true)],
    ['axis 0 of a matrix (dense bias gradient)', makeCase([7, 9], 0, false)],
    ['negative leading axes [-3, -2]', makeCase([2, 3, 5], [-3, -2], false)],
    ['unsorted leading axes [1, 0]', makeCase([2, 3, 5], [1, 0], true)],
    ['fallback: last axis', makeCase([3, 5, 4], -1, false)],
    ['fallback: middle axis', makeCase([3, 5, 4], 1, true)],
    ['fallback: full reduction', makeCase([3, 5, 4], [0, 1, 2], false)],
    ['fallback: int32', makeCase([4, 6], 0, false, 'int32')],
  ];
  for (const [name, c] of cases) {
    it(`matches cpu: ${name}`, async () => {
      const { err, cpuShape, wasmShape } = await compareWithCpu(c);
      expect(wasmShape).toEqual(cpuShape);
      expect(err).toBeLessThanOrEqual(MAX_REL_ERROR);
    });
  }

  it('leaks no tensor and no backend buffer on the fast path and the fallback', async () => {
    await runOn('wasm', cases[0]![1]);
    await runOn('wasm', cases[5]![1]);
    const before = await wasmCounts();
    for (let i = 0; i < 3; i++) {
      await runOn('wasm', cases[0]![1]);
      await runOn('wasm', cases[5]![1]);
    }
    expect(await wasmCounts()).toEqual(before);
  });
});
