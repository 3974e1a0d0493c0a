import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packSignMatrix } from '../../../simulators/xnor/packSigns.js';
import { xnorMatMul } from '../../../simulators/xnor/xnorMatMul.js';

/** Naive float product of row-major A (M×K) and B (K×N). */
function naive(a: number[], b: number[], M: number, K: number, N: number): Int32Array {
  const c = new Int32Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += a[i * K + k]! * b[k * N + j]!;
    c[i * N + j] = s;
  }
  return c;
}
const pm1 = (len: number) => fc.array(fc.constantFrom(-1, 1), { minLength: len, maxLength: len });

describe('xnorMatMul', () => {
  it('known 1×2 · (2×2) product', () => {
    // A = [1, −1]; B (K×N) = [[1, −1], [−1, −1]] → A·B = [2, 0]
    const a = packSignMatrix([1, -1], 1, 2);
    const b = packSignMatrix([1, -1, -1, -1], 2, 2, { transpose: true });
    expect(xnorMatMul(a, b)).toEqual(new Int32Array([2, 0]));
  });
  it('equals the naive float matmul, including K not a multiple of 32 and K > 31·32 (byte-count flushes)', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom(0, 1, 31, 32, 33, 64, 95, 1000, 1025), fc.integer({ min: 0, max: 4 })).chain(([M, K, N]) =>
          fc.tuple(fc.constant([M, K, N] as const), pm1(M * K), pm1(K * N)),
        ),
        ([[M, K, N], a, b]) => {
          const got = xnorMatMul(packSignMatrix(a, M, K), packSignMatrix(b, K, N, { transpose: true }));
          expect(got).toEqual(naive(a, b, M, K, N));
        },
      ),
      { numRuns: 300 },
    );
  });
  it('masks the padding bits of each row', () => {
    const a = packSignMatrix([1, 1, 1], 1, 3);
    const b = packSignMatrix([1, 1, 1], 1, 3);
    b.words[0] = 0xfffffff7 | 0b111; // garbage above bit 2
    a.words[0] = 0x00000007;
    expect(xnorMatMul(a, b)).toEqual(new Int32Array([3]));
  });
  it('rejects non-packed operands and mismatched inner dimensions', () => {
    const a = packSignMatrix([1, 1], 1, 2);
    const b = packSignMatrix([1, 1, 1], 1, 3);
    expect(() => xnorMatMul(a, b)).toThrow(/xnorMatMul: a.cols \(2\) must equal b.cols \(3\)/);
    expect(() => xnorMatMul(null as never, b)).toThrow(/xnorMatMul: a must be a PackedSignMatrix \(see packSignMatrix\); got null/);
    expect(() => xnorMatMul(a, { ...b, wordsPerRow: 2 })).toThrow(/xnorMatMul: b has rows=1, cols=3, wordsPerRow=2; expected/);
    expect(() => xnorMatMul(a, { ...a, words: new Uint32Array(5) })).toThrow(/xnorMatMul: b.words has 5 words; expected rows·wordsPerRow = 1/);
  });
});
