import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runNames, safeLabel, valueLabel } from '../../../../src/studies/spec/runName.js';

describe('run names', () => {
  it('joins axis=label pairs with __, keeps format specs readable', () => {
    expect(runNames([[['weight', 'fixed(w=8,f=4)'], ['seed', '1']]])).toEqual(['weight=fixed(w=8,f=4)__seed=1']);
    expect(runNames([[]])).toEqual(['base']);
  });
  it('labels values: strings as is, numbers printed, objects as JSON', () => {
    expect(valueLabel('sr')).toBe('sr');
    expect(valueLabel(0.001)).toBe('0.001');
    expect(valueLabel([10, 12])).toBe('10,12');
    expect(valueLabel({ a: 1 })).toBe('{"a":1}');
    expect(safeLabel('a/b c:d')).toBe('a_b_c_d');
    expect(safeLabel('..')).toBe('_..');
  });
  it('is always filesystem-safe, at most 128 characters and unique', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 4 }), { maxLength: 20 }), (points) => {
        const names = runNames(points);
        expect(new Set(names).size).toBe(names.length);
        for (const n of names) {
          expect(n).toMatch(/^[A-Za-z0-9._,=()+@%~-]+$/);
          expect(n.length).toBeLessThanOrEqual(128);
          expect(n === '.' || n === '..').toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('cuts long names and adds a hash, so two long names stay different', () => {
    const long = (c: string) => [['format', c.repeat(200)] as [string, string]];
    const [a, b] = runNames([long('a'), long('b')]);
    expect(a!.length).toBe(120);
    expect(a).not.toBe(b);
  });
});
