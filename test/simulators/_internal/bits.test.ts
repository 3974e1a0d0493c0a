import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ldexp, pow2 } from '../../../simulators/_internal/bits.js';

describe('ldexp: x·2^k without forming 2^k (powers of two beyond the double range)', () => {
  it('scales exactly across the whole double range, where x * pow2(k) gives 0 or Infinity', () => {
    expect(ldexp(2 ** -1074, 1074)).toBe(1);
    expect(2 ** -1074 * pow2(1074)).toBe(Infinity);
    expect(ldexp(2 ** 1023, -2097)).toBe(2 ** -1074);
    expect(ldexp(2 ** -1074, 2097)).toBe(2 ** 1023);
    expect(ldexp(3, -1075)).toBe(2 ** -1074 * 2); // 3·2^-1075 = 1.5 quanta: not exact, rounds (ties to even)
    expect(ldexp(1, 1024)).toBe(Infinity);
  });
  it('agrees with exact scaling on random doubles and shifts whose result is a normal double', () => {
    fc.assert(
      fc.property(fc.double({ min: 2 ** -1000, max: 2 ** 1000, noNaN: true }), fc.integer({ min: -2000, max: 2000 }), (x, k) => {
        const y = ldexp(x, k);
        const e = Math.floor(Math.log2(x)) + k;
        if (e < -1021 || e > 1022) return;
        // exact: scaling back recovers x, and halving/doubling agrees with pow2 where pow2 is defined
        expect(ldexp(y, -k)).toBe(x);
        if (k >= -1074 && k <= 1023) expect(y).toBe(x * pow2(k));
      }),
    );
  });
});
