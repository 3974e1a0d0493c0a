import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packSigns } from '../../../simulators/xnor/packSigns.js';
import { xnorDot } from '../../../simulators/xnor/xnorDot.js';

/** Two ±1 vectors of the same length (0..200, so partial last words are common). */
const pair = fc.integer({ min: 0, max: 200 }).chain((n) =>
  fc.tuple(fc.array(fc.constantFrom(-1, 1), { minLength: n, maxLength: n }), fc.array(fc.constantFrom(-1, 1), { minLength: n, maxLength: n })),
);

describe('xnorDot', () => {
  it('known values', () => {
    expect(xnorDot(packSigns([1, -1, 1]), packSigns([1, 1, 1]), 3)).toBe(1);
    expect(xnorDot(packSigns(new Array(64).fill(1)), packSigns(new Array(64).fill(-1)), 64)).toBe(-64);
    expect(xnorDot(new Uint32Array(0), new Uint32Array(0), 0)).toBe(0);
  });
  it('equals the float dot of the ±1 vectors exactly (fast-check)', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        // Arrange
        const want = a.reduce((s, x, i) => s + x * b[i]!, 0);
        // Act / Assert
        expect(xnorDot(packSigns(a), packSigns(b), a.length)).toBe(want);
      }),
    );
  });
  it('ignores whatever the padding bits hold', () => {
    fc.assert(
      fc.property(pair, fc.integer(), fc.integer(), ([a, b], ja, jb) => {
        const pa = packSigns(a);
        const pb = packSigns(b);
        const n = a.length;
        if (n % 32) {
          const keep = (1 << n % 32) - 1;
          pa[pa.length - 1] = (pa[pa.length - 1]! & keep) | (ja & ~keep);
          pb[pb.length - 1] = (pb[pb.length - 1]! & keep) | (jb & ~keep);
        }
        expect(xnorDot(pa, pb, n)).toBe(a.reduce((s, x, i) => s + x * b[i]!, 0));
      }),
      { numRuns: 300 },
    );
  });
  it('rejects bad n, non-Uint32Array operands and short operands', () => {
    const w = new Uint32Array(1);
    expect(() => xnorDot(w, w, -1)).toThrow(/xnorDot: n must be an integer ≥ 0; got -1/);
    expect(() => xnorDot(w, w, 1.5)).toThrow(/n must be an integer/);
    expect(() => xnorDot([1] as never, w, 1)).toThrow(/xnorDot: a must be a Uint32Array \(see packSigns\); got \[object Array\]/);
    expect(() => xnorDot(w, new Int32Array(1) as never, 1)).toThrow(/xnorDot: b must be a Uint32Array/);
    expect(() => xnorDot(w, w, 33)).toThrow(/xnorDot: a must hold ⌈n\/32⌉ = 2 words for n = 33; got 1/);
  });
});
