import { describe, expect, it } from 'vitest';
import { runCli } from './_run.js';

describe('lowbit format', () => {
  it('format SPEC --json gives the facts as numbers (ml_dtypes.finfo)', () => {
    const j = JSON.parse(runCli(['format', 'float8_e4m3fn', '--json']).stdout);
    expect(j).toMatchObject({
      spec: 'float(e=4,m=3,specials=fn,overflow=nan)',
      preset: 'float8_e4m3fn',
      kind: 'float',
      bits: 8,
      bitsPerElement: 8,
      p: 4,
      emin: -6,
      emax: 8,
      max: 448,
      min: -448,
      tiny: 2 ** -6,
      smallestSubnormal: 2 ** -9,
      eps: 0.125,
    });
    expect(j.fields).toBeUndefined();
  });
  it('rejects a preset or family name that is an Object property (regression: `format constructor` leaked "is not a function")', () => {
    for (const args of [['format', 'constructor'], ['quantize', '--format', 'constructor']]) {
      const r = runCli(args, '1\n');
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^lowbit: (SPEC|--format): format "constructor": unknown format 'constructor'; expected a preset \(float64, .*\) or one of float, fixed, /);
      expect(r.stderr).not.toMatch(/is not a function/);
    }
  });
});
