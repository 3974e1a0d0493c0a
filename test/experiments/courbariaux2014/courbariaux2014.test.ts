import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStudySpec } from '../../../src/studies/spec/loadStudySpec.js';
import { expandGrid } from '../../../src/studies/spec/grid.js';
import { validateConfig } from '../../../src/studies/trial/trainTrial.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'experiments', 'courbariaux2014');
type Policy = { default: Record<string, { format: string }> };

describe.each(['pimnist.json', 'fashion.json'])('courbariaux2014/%s', (file) => {
  const spec = loadStudySpec(join(DIR, file));
  it('sweeps propagation bits × update bits in fixed, dynamic fixed and float, beside a float32 baseline', () => {
    const points = expandGrid(spec, { validateConfig });
    expect(points).toHaveLength((1 + 3 * 5 * 2) * 3); // 3 seeds per point
    expect(new Set(points.map((x) => x.point)).size).toBe(1 + 3 * 5 * 2);
    const p = points.find((x) => x.name === 'format=dfixed__prop=10__update=12__seed=2')!;
    expect(p.config.seed).toBe(2);
    const pol = (p.config.policy as Policy).default;
    for (const role of ['weight', 'bias', 'activation', 'error', 'gradient', 'momentum']) expect(pol[role]!.format).toBe('dfixed(w=10)');
    expect(pol.update!.format).toBe('dfixed(w=12)');
    const fx = (points.find((x) => x.name === 'format=fixed__prop=20__update=20__seed=1')!.config.policy as Policy).default;
    expect(fx.weight!.format).toBe('fixed(w=20,f=14)'); // 5 integer bits + sign, as the paper's FXP
    expect(points[0]!.name).toBe('format=float32__seed=1');
  });
  it('has a quick mode of 2 tiny runs', () => {
    const q = expandGrid(spec, { validateConfig, quick: true });
    expect(q.map((x) => x.name)).toEqual(['format=float32__seed=1', 'format=dfixed__prop=10__update=12__seed=1']);
    expect(q.every((x) => x.config.epochs === 1)).toBe(true);
  });
});
