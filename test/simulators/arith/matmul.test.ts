import { describe, expect, it } from 'vitest';
import { matmul } from '../../../simulators/arith/matmul.js';
import { dot } from '../../../simulators/arith/dot.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { quantizeArray } from '../../../simulators/quantize.js';
import { Rng } from '../../../simulators/random/rng.js';
import { oracleDot, type OFloat } from './_exactOracle.js';

const F = parseFormat;

function randomMatrix(rng: Rng, n: number, spec: string): Float64Array {
  const xs = Float64Array.from({ length: n }, () => (rng.uniform() - 0.5) * 8);
  return quantizeArray(F(spec), xs);
}

const column = (B: Float64Array, K: number, N: number, j: number): number[] => Array.from({ length: K }, (_, k) => B[k * N + j]!);
const row = (A: Float64Array, K: number, i: number): number[] => Array.from(A.subarray(i * K, (i + 1) * K));

describe('matmul', () => {
  it('every entry is the dot of a row of A and a column of B, and matches the oracle (fp8 → fp16)', () => {
    const rng = new Rng(1);
    const FP16: OFloat = { kind: 'float', e: 5, m: 10 };
    for (const [M, K, N] of [[3, 7, 5], [1, 1, 1], [4, 16, 2], [2, 0, 3]] as const) {
      const A = randomMatrix(rng, M * K, 'float8_e4m3fn');
      const B = randomMatrix(rng, K * N, 'float8_e4m3fn');
      for (const order of ['sequential', 'pairwise', { blocked: 3 }] as const) {
        const opts = { product: F('float16'), accumulator: F('float16'), order, rounding: 'rtz' as const };
        const C = matmul(A, B, M, K, N, opts);
        expect(C.length).toBe(M * N);
        for (let i = 0; i < M; i++) {
          for (let j = 0; j < N; j++) {
            const [a, b] = [row(A, K, i), column(B, K, N, j)];
            expect(C[i * N + j]).toBe(dot(a, b, opts));
            expect(C[i * N + j]).toBe(oracleDot(a, b, FP16, FP16, order, 'rtz'));
          }
        }
      }
    }
  });

  it('int8 × int8 into a wrapping 24-bit accumulator equals the exact products reduced mod 2^24', () => {
    const rng = new Rng(2);
    const [M, K, N] = [3, 1200, 2];
    const A = Float64Array.from({ length: M * K }, () => (rng.uniform() < 0.5 ? 127 : -128));
    const B = Float64Array.from({ length: K * N }, () => (rng.uniform() < 0.7 ? 127 : -128));
    const C = matmul(A, B, M, K, N, { product: F('int16'), accumulator: F('fixed(w=24,f=0,overflow=wrap)') });
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let exact = 0n;
        for (let k = 0; k < K; k++) exact += BigInt(A[i * K + k]!) * BigInt(B[k * N + j]!);
        expect(C[i * N + j]).toBe(Number(BigInt.asIntN(24, exact)));
      }
    }
  });

  it('under sr, outputs draw in row-major order exactly as successive dots with one generator', () => {
    const rng = new Rng(3);
    const [M, K, N] = [2, 5, 3];
    const A = randomMatrix(rng, M * K, 'float16');
    const B = randomMatrix(rng, K * N, 'float16');
    const spec = { product: F('float8_e5m2'), accumulator: F('float8_e5m2'), rounding: 'sr' as const };
    const C = matmul(A, B, M, K, N, { ...spec, seed: 11 });
    const shared = new Rng(11);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) expect(C[i * N + j]).toBe(dot(row(A, K, i), column(B, K, N, j), { ...spec, rng: shared }));
    }
  });

  it('throws on bad shapes and options', () => {
    const P = { product: F('int16'), accumulator: F('int32') };
    expect(() => matmul([1, 2, 3], [1, 2], 1, 2, 1, P)).toThrow(/matmul: A must have M·K = 2 elements; got 3/);
    expect(() => matmul([1, 2], [1, 2, 3], 1, 2, 1, P)).toThrow(/matmul: B must have K·N = 2 elements; got 3/);
    expect(() => matmul([1], [1], 1.5, 1, 1, P)).toThrow(/matmul: M must be a non-negative integer; got 1.5/);
    expect(() => matmul([1], [1], 1, -1, 1, P)).toThrow(/matmul: K must be a non-negative integer; got -1/);
    expect(() => matmul([1], [1], 1, 1, 1, { ...P, order: { blocked: -2 } })).toThrow(/matmul: options.order.blocked must be a positive integer/);
    expect(() => matmul([1], [1], 1, 1, 1, { ...P, product: undefined as never })).toThrow(/matmul: options.product must be a float or fixed FormatSpec/);
  });
});
