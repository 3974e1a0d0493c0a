import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../src/backend/initBackend.js';
import { cheaperSwapped } from '../../../../src/backend/kernels/batchMatMul.js';
import { compareWithCpu, MAX_REL_ERROR, runOn, seeded, wasmCounts, type KernelCase } from '../_compare.js';

function makeCase(a: number[], b: number[], transposeA: boolean, transposeB: boolean, seed = 5): KernelCase {
  return {
    kernel: 'BatchMatMul',
    inputs: {
      a: { shape: a, values: seeded(tf.util.sizeFromShape(a), seed) },
      b: { shape: b, values: seeded(tf.util.sizeFromShape(b), seed + 1) },
    },
    attrs: { transposeA, transposeB },
  };
}

const info = (shape: number[]): tf.TensorInfo => ({ dataId: {}, shape, dtype: 'float32' });

describe('BatchMatMul on wasm (lowbit kernel) vs cpu', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  // Each transposed case is labelled with the plan the cost model picks, checked in the next test.
  const cases: Array<[string, number[], number[], boolean, boolean, boolean]> = [
    ['no transpose (stock path)', [5, 7], [7, 4], false, false, false],
    ['Aᵀ·B, direct', [7, 5], [7, 4], true, false, false],
    ['A·Bᵀ, direct', [7, 5], [4, 5], false, true, false],
    ['A·Bᵀ, swapped (B large: dense dx)', [2, 8], [16, 8], false, true, true],
    ['Aᵀ·B, swapped (A large)', [16, 24], [16, 2], true, false, true],
    ['Aᵀ·Bᵀ, batch 3, swapped (no operand copy)', [3, 5, 7], [3, 4, 5], true, true, true],
    ['A·Bᵀ, broadcast batch [1] vs [3], swapped', [1, 2, 8], [3, 16, 8], false, true, true],
    ['Aᵀ·B, broadcast batch [1] vs [3]', [1, 6, 4], [3, 6, 5], true, false, false],
    ['A·Bᵀ, rank 4, direct', [2, 2, 9, 6], [2, 2, 3, 6], false, true, false],
  ];

  it('the cost model takes the plan each case is labelled with', () => {
    for (const [name, a, b, tA, tB, swapped] of cases) {
      const m = tA ? a[a.length - 1]! : a[a.length - 2]!;
      const n = tB ? b[b.length - 2]! : b[b.length - 1]!;
      const batch = Math.max(tf.util.sizeFromShape(a.slice(0, -2)), tf.util.sizeFromShape(b.slice(0, -2)));
      expect(cheaperSwapped(info(a), info(b), tA, tB, batch * m * n), name).toBe(swapped);
    }
  });

  for (const [name, a, b, tA, tB] of cases) {
    it(`matches cpu: ${name}`, async () => {
      const { err, cpuShape, wasmShape } = await compareWithCpu(makeCase(a, b, tA, tB));
      expect(wasmShape).toEqual(cpuShape);
      expect(err).toBeLessThanOrEqual(MAX_REL_ERROR);
    });
  }

  it('leaks no tensor and no backend buffer on either plan', async () => {
    const direct = makeCase([7, 5], [7, 4], true, false);
    const swapped = makeCase([2, 8], [16, 8], false, true);
    await runOn('wasm', direct);
    await runOn('wasm', swapped);
    const before = await wasmCounts();
    for (let i = 0; i < 3; i++) {
      await runOn('wasm', direct);
      await runOn('wasm', swapped);
    }
    expect(await wasmCounts()).toEqual(before);
  });
});
