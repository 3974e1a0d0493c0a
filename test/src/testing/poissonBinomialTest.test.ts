import { describe, expect, it } from 'vitest';
import { poissonBinomialTest } from '../../../src/testing/poissonBinomialTest.js';

describe('poissonBinomialTest', () => {
  it('equals the binomial test when every p is the same (known values)', () => {
    // Arrange / Act / Assert: 4 of 4 fair coins: two-sided p = 2/16
    expect(poissonBinomialTest([0.5, 0.5, 0.5, 0.5], 4).pValue).toBeCloseTo(0.125, 12);
    expect(poissonBinomialTest([0.5, 0.5, 0.5, 0.5], 2).pValue).toBeCloseTo(1, 12);
    // R: binom.test(682, 925, p = 3/4) gives p-value 0.3825 (R's own documentation example, Mendel's peas)
    const r = poissonBinomialTest(new Array(925).fill(0.75), 682);
    expect(r.method).toBe('exact');
    expect(r.pValue).toBeCloseTo(0.3825, 4);
    expect(r.mean).toBeCloseTo(693.75, 9);
  });
  it('unequal probabilities: the exact distribution by hand for two trials', () => {
    // P(0) = 0.9·0.5 = 0.45, P(1) = 0.1·0.5 + 0.9·0.5 = 0.5, P(2) = 0.05; k = 2 is the least likely outcome
    expect(poissonBinomialTest([0.1, 0.5], 2).pValue).toBeCloseTo(0.05, 12);
    expect(poissonBinomialTest([0.1, 0.5], 0).pValue).toBeCloseTo(0.5, 12);
  });
  it('the normal approximation beyond 3000 trials agrees with the exact test near the boundary', () => {
    const ps = Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 1000) / 1000);
    const k = Math.round(ps.reduce((a, b) => a + b, 0) + 80);
    const exact = poissonBinomialTest(ps, k);
    const normal = poissonBinomialTest([...ps, 0], k);
    expect(exact.method).toBe('exact');
    expect(normal.method).toBe('normal');
    expect(normal.pValue).toBeGreaterThan(exact.pValue * 0.8);
    expect(normal.pValue).toBeLessThan(exact.pValue * 1.25);
    expect(exact.pValue).toBeLessThan(0.01);
  });
  it('rejects bad input with a message naming the argument', () => {
    expect(() => poissonBinomialTest([0.5], 2)).toThrow(/k must be an integer in 0\.\.1; got 2/);
    expect(() => poissonBinomialTest([1.5], 0)).toThrow(/ps\[0\] must be in \[0, 1\]; got 1.5/);
  });
});
