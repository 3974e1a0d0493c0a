import { expect } from 'vitest';
import type { Split } from '../../../src/datasets/dataset.js';

/** Byte equality of two typed arrays (vitest's deep equality walks millions of elements slowly). */
export const same = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;

export function checkSplit(s: Split, n: number): void {
  expect(s.n).toBe(n);
  expect(s.x).toBeInstanceOf(Float32Array);
  expect(s.y).toBeInstanceOf(Uint8Array);
  expect([s.x.length, s.y.length]).toEqual([n * 784, n]);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of s.x) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  expect(lo).toBeGreaterThanOrEqual(0);
  expect(hi).toBeLessThanOrEqual(1);
  expect(Math.max(...s.y)).toBeLessThanOrEqual(9);
}

