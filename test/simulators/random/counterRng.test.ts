import { describe, expect, it } from 'vitest';
import { CounterRng } from '../../../simulators/random/counterRng.js';
import { philox4x32 } from '../../../simulators/random/philox.js';

describe('CounterRng', () => {
  it('draw 16b + 4w + c is word w of Philox counter 4b + c under the seed key', () => {
    const g = new CounterRng(2 ** 32 + 5);
    const w = new Uint32Array(4);
    for (let i = 0; i < 64; i++) {
      const b = Math.floor(i / 16);
      philox4x32(4 * b + (i % 4), 0, 0, 0, 5, 1, w);
      expect(g.uint32()).toBe(w[(i >> 2) & 3]);
    }
  });
  it('same seed, same draws; other seeds differ; uniform is in [0, 1) on the 2^-32 grid, mean about 1/2', () => {
    const a = new CounterRng(7);
    const b = new CounterRng(7);
    const c = new CounterRng(8);
    let sum = 0;
    let diff = 0;
    for (let i = 0; i < 20000; i++) {
      const u = a.uniform();
      expect(u).toBe(b.uniform());
      if (u !== c.uniform()) diff++;
      expect(u >= 0 && u < 1 && Number.isInteger(u * 2 ** 32)).toBe(true);
      sum += u;
    }
    expect(diff).toBeGreaterThan(19990);
    expect(Math.abs(sum / 20000 - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / 20000));
  });
  it('rejects a seed that is not a safe integer', () => {
    expect(() => new CounterRng(0.5)).toThrow('CounterRng: seed must be a safe integer; got 0.5');
  });
});
