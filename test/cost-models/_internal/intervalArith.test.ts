import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { intervalArith as I, type Interval } from '../../../cost-models/_internal/intervalArith.js';
import { numberArith as N, type Arith } from '../../../cost-models/arith.js';

const OPS1 = ['sqrt', 'exp', 'log', 'log2', 'abs', 'ceil', 'floor'] as const;
const OPS2 = ['add', 'sub', 'mul', 'div', 'pow', 'max', 'min'] as const;
const interval = fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true })).map(([a, b]) => ({ lo: Math.min(a, b), hi: Math.max(a, b) }));
const inside = (x: Interval, t: number) => Math.min(x.hi, Math.max(x.lo, x.lo + (x.hi - x.lo) * t));

describe('intervalArith', () => {
  it('encloses every point value (or flags the interval undefined/unbounded)', () => {
    // Arrange: two intervals and a point in each
    fc.assert(
      fc.property(interval, interval, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (x, y, s, t) => {
        const px = inside(x, s);
        const py = inside(y, t);
        // Act / Assert: a finite point value lies in the enclosure, unless the enclosure says it may be undefined
        for (const op of OPS1) {
          const v = (N as Arith<number>)[op](px);
          const r = (I as Arith<Interval>)[op](x);
          if (Number.isFinite(v) && !Number.isNaN(r.lo)) expect(v >= r.lo - 1e-9 * Math.abs(v) && v <= r.hi + 1e-9 * Math.abs(v)).toBe(true);
          if (Number.isNaN(v)) expect(Number.isNaN(r.lo)).toBe(true);
        }
        for (const op of OPS2) {
          const v = (N as Arith<number>)[op](px, py);
          const r = (I as Arith<Interval>)[op](x, y);
          if (Number.isNaN(r.lo)) continue;
          expect(Number.isNaN(v)).toBe(false);
          if (Number.isFinite(v)) expect(v >= r.lo - 1e-9 * Math.abs(v) && v <= r.hi + 1e-9 * Math.abs(v)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('known enclosures: dependency widens x − x; division by an interval holding 0 is undefined', () => {
    const x = { lo: 1, hi: 3 };
    expect(I.sub(x, x)).toEqual({ lo: -2, hi: 2 });
    expect(Number.isNaN(I.div(I.c(1), { lo: -1, hi: 1 }).lo)).toBe(true);
    expect(I.pow({ lo: -2, hi: 3 }, I.c(2))).toEqual({ lo: 0, hi: 9 });
    expect(I.pow({ lo: -2, hi: 3 }, I.c(3))).toEqual({ lo: -8, hi: 27 });
    expect(Number.isNaN(I.pow({ lo: -2, hi: 3 }, I.c(0.5)).lo)).toBe(true);
    expect(I.log2({ lo: 0, hi: 8 })).toEqual({ lo: -Infinity, hi: 3 });
    expect(I.abs({ lo: -4, hi: 1 })).toEqual({ lo: 0, hi: 4 });
  });
});
