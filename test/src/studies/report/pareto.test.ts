import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { paretoFront } from '../../../../src/studies/report/pareto.js';

/** Independent oracle: O(n²) dominance check. */
function bruteForce(ps: { cost: number; error: number }[]): boolean[] {
  return ps.map((p) => !ps.some((q) => q.cost <= p.cost && q.error <= p.error && (q.cost < p.cost || q.error < p.error)));
}

describe('paretoFront', () => {
  it('marks the non-dominated points of a known set', () => {
    expect(paretoFront([{ cost: 1, error: 5 }, { cost: 2, error: 3 }, { cost: 3, error: 4 }, { cost: 2, error: 3 }])).toEqual([true, true, false, true]);
    expect(paretoFront([])).toEqual([]);
  });
  it('agrees with the brute-force dominance check', () => {
    const pt = fc.record({ cost: fc.integer({ min: 0, max: 6 }), error: fc.integer({ min: 0, max: 6 }) });
    fc.assert(fc.property(fc.array(pt, { maxLength: 30 }), (ps) => {
      expect(paretoFront(ps)).toEqual(bruteForce(ps));
    }), { numRuns: 500 });
  });
  it('rejects non-finite points', () => {
    expect(() => paretoFront([{ cost: NaN, error: 1 }])).toThrow(/^paretoFront: points\[0\] must have finite cost and error/);
  });
});
