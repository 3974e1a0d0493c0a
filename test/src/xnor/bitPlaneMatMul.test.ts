import { describe, expect, it } from 'vitest';
import { bitPlaneMatMul, packBitPlanes } from '../../../src/xnor/bitPlaneMatMul.js';
import { packSignMatrix } from '../../../simulators/xnor/packSigns.js';
import { Rng } from '../../../simulators/random/rng.js';

describe('bitPlaneMatMul', () => {
  it('equals the integer product u·W_b for n-bit inputs (K not a multiple of 32)', () => {
    const r = new Rng(9);
    for (const [M, K, N, bits] of [[5, 77, 9, 8], [3, 64, 33, 8], [4, 31, 2, 3], [1, 1, 1, 1]] as const) {
      const u = Uint8Array.from({ length: M * K }, () => r.uint32() % 2 ** bits);
      const w = Float32Array.from({ length: K * N }, () => (r.uint32() & 1 ? 1 : -1)); // K×N kernel
      const got = bitPlaneMatMul(u, M, bits, packSignMatrix(w, K, N, { transpose: true }));
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += u[i * K + k]! * w[k * N + j]!;
          expect(got[i * N + j]).toBe(s);
        }
      }
    }
  });

  it('packs bit k of example i into row i·bits + k', () => {
    const p = packBitPlanes(new Uint8Array([5, 2]), 1, 2, 3);
    expect(Array.from(p.words)).toEqual([0b01, 0b10, 0b01]);
    expect(p.rows).toBe(3);
  });

  it('throws on bad shapes', () => {
    expect(() => packBitPlanes(new Uint8Array(3), 1, 2, 8)).toThrow(/packBitPlanes: bytes must be a Uint8Array of m·cols = 2; got 3/);
    expect(() => packBitPlanes(new Uint8Array(2), 1, 2, 9)).toThrow(/packBitPlanes: bits must be an integer in 1..8; got 9/);
  });
});
