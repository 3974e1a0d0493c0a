import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/backend/initBackend.js';
import { compareWithCpu, MAX_REL_ERROR, runOn, seeded, wasmCounts, type KernelCase } from '../_compare.js';

function makeCase(xShape: number[], ids: number[], idShape: number[], numSegments: number, dtype: 'float32' | 'int32'): KernelCase {
  const size = xShape.reduce((a, b) => a * b, 1);
  const values = dtype === 'float32' ? seeded(size, 11) : Int32Array.from(seeded(size, 11, -50, 50), Math.round);
  return {
    kernel: 'UnsortedSegmentSum',
    inputs: {
      x: { shape: xShape, values, dtype },
      segmentIds: { shape: idShape, values: Int32Array.from(ids), dtype: 'int32' },
    },
    attrs: { numSegments },
  };
}

describe('UnsortedSegmentSum on wasm (lowbit kernel) vs cpu', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const cases: Array<[string, KernelCase]> = [
    ['float32 rows, repeated ids', makeCase([6, 4], [0, 2, 2, 1, 0, 4], [6], 5, 'float32')],
    ['float32 rank-3 values, empty segment 3', makeCase([5, 2, 3], [1, 1, 0, 4, 2], [5], 5, 'float32')],
    ['int32', makeCase([4, 3], [2, 0, 2, 2], [4], 3, 'int32')],
  ];
  for (const [name, c] of cases) {
    it(`matches cpu: ${name}`, async () => {
      const { err, cpuShape, wasmShape } = await compareWithCpu(c);
      expect(wasmShape).toEqual(cpuShape);
      expect(err).toBeLessThanOrEqual(MAX_REL_ERROR);
    });
  }

  it('sums exactly by hand on a small case (ids out of range contribute nothing)', async () => {
    const c: KernelCase = {
      kernel: 'UnsortedSegmentSum',
      inputs: {
        x: { shape: [4, 2], values: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) },
        segmentIds: { shape: [4], values: Int32Array.from([1, 1, 7, 0]), dtype: 'int32' },
      },
      attrs: { numSegments: 3 },
    };
    const { values, shape } = await runOn('wasm', c);
    expect(shape).toEqual([3, 2]);
    expect(Array.from(values)).toEqual([7, 8, 4, 6, 0, 0]);
  });

  it('accepts rank-2 ids (the leading axes of x match them), summed by hand', async () => {
    // tfjs-backend-cpu cannot run this case (it broadcasts the ids wrongly), so the expectation is by hand.
    const c: KernelCase = {
      kernel: 'UnsortedSegmentSum',
      inputs: {
        x: { shape: [2, 2, 2], values: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) },
        segmentIds: { shape: [2, 2], values: Int32Array.from([0, 1, 1, 0]), dtype: 'int32' },
      },
      attrs: { numSegments: 2 },
    };
    const { values, shape } = await runOn('wasm', c);
    expect(shape).toEqual([2, 2]);
    expect(Array.from(values)).toEqual([1 + 7, 2 + 8, 3 + 5, 4 + 6]);
  });

  it('leaks no tensor and no backend buffer', async () => {
    const c = cases[0]![1];
    await runOn('wasm', c);
    const before = await wasmCounts();
    for (let i = 0; i < 3; i++) await runOn('wasm', c);
    expect(await wasmCounts()).toEqual(before);
  });
});
