import { describe, expect, it } from 'vitest';
import { wasmXnorAvailable, wasmXnorMatMul } from '../../../src/xnor/wasmXnorMatMul.js';
import { xnorMatMul } from '../../../simulators/xnor/xnorMatMul.js';
import { packSignMatrix } from '../../../simulators/xnor/packSigns.js';
import { Rng } from '../../../simulators/random/rng.js';

describe('wasmXnorMatMul', () => {
  it('compiles here (both variants)', () => {
    expect(wasmXnorAvailable('simd')).toBe(true);
    expect(wasmXnorAvailable('i64')).toBe(true);
  });

  it('equals the simulator xnorMatMul exactly, whatever the padding bits (odd word counts, K mod 32 ≠ 0)', () => {
    const r = new Rng(8);
    for (const [M, N, K] of [[1, 1, 1], [3, 5, 32], [7, 4, 33], [2, 9, 64], [5, 3, 95], [4, 6, 200], [17, 33, 784], [3, 2, 1000]] as const) {
      const a = packSignMatrix(Float32Array.from({ length: M * K }, () => (r.uint32() & 1 ? 1 : -1)), M, K);
      const b = packSignMatrix(Float32Array.from({ length: N * K }, () => (r.uint32() & 1 ? 1 : -1)), N, K);
      // garbage in the padding bits of the last word: both kernels must ignore it
      if (K & 31) for (let i = a.wordsPerRow - 1; i < a.words.length; i += a.wordsPerRow) a.words[i]! |= ~((1 << (K & 31)) - 1);
      const want = Array.from(xnorMatMul(a, b));
      for (const v of ['simd', 'i64'] as const) expect(Array.from(wasmXnorMatMul(a, b, () => new Int32Array(0), v)), `${v} ${M}×${N}×${K}`).toEqual(want);
    }
  });

  it('falls back for empty operands and checks the inner dimension', () => {
    const e = packSignMatrix([], 0, 3);
    expect(wasmXnorMatMul(e, packSignMatrix([1, 1, 1], 1, 3), xnorMatMul).length).toBe(0);
    expect(() => wasmXnorMatMul(packSignMatrix([1], 1, 1), packSignMatrix([1, 1], 1, 2), xnorMatMul)).toThrow(/wasmXnorMatMul: a.cols \(1\) must equal b.cols \(2\)/);
    expect(() => wasmXnorMatMul(packSignMatrix([1], 1, 1), packSignMatrix([1], 1, 1), xnorMatMul, 'avx' as 'i64')).toThrow(/wasmXnorMatMul: variant must be 'simd' or 'i64'; got "avx"/);
  });
});
