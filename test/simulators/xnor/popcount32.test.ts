import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { popcount32 } from '../../../simulators/xnor/popcount32.js';

/** Oracle: count the '1' characters of the binary string. */
const slow = (v: number) => [...(v >>> 0).toString(2)].filter((c) => c === '1').length;

describe('popcount32', () => {
  it('known values', () => {
    expect([0, 1, 0xff, 0x80000000, 0xffffffff, 0x55555555, -1].map(popcount32)).toEqual([0, 1, 8, 1, 32, 16, 32]);
  });
  it('equals the bit-string count for every 32-bit word', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), (v) => {
      expect(popcount32(v)).toBe(slow(v));
    }));
  });
});
