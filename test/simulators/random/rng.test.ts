import { describe, expect, it } from 'vitest';
import { Rng } from '../../../simulators/random/rng.js';

describe('Rng', () => {
  it('is deterministic per seed and draws in [0, 1)', () => {
    const a = new Rng(123);
    const b = new Rng(123);
    for (let i = 0; i < 1000; i++) {
      const u = a.uniform();
      expect(u).toBe(b.uniform());
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
  it('consecutive small seeds give uncorrelated streams (first draws and lag-1 across seeds)', () => {
    const n = 4000;
    const first = Array.from({ length: n }, (_, s) => new Rng(s).uniform());
    const mean = first.reduce((x, y) => x + y, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    let num = 0;
    let den = 0;
    for (let i = 0; i + 1 < n; i++) {
      num += (first[i]! - mean) * (first[i + 1]! - mean);
      den += (first[i]! - mean) ** 2;
    }
    expect(Math.abs(num / den)).toBeLessThan(0.07);
  });
  it('rejects a non-integer seed', () => {
    expect(() => new Rng(Number.NaN)).toThrow(/Rng: seed must be a safe integer; got NaN/);
  });
});
