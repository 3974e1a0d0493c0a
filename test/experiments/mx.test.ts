import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStudySpec } from '../../src/studies/spec/loadStudySpec.js';
import { expandGrid } from '../../src/studies/spec/grid.js';
import { validateConfig } from '../../src/studies/trial/trainTrial.js';

const FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'experiments', 'mx', 'fashion.json');

describe('experiments/mx/fashion.json', () => {
  it('expands to 2 models × 11 formats of valid training configs, every role of the policy in the format', () => {
    const points = expandGrid(loadStudySpec(FILE), { validateConfig });
    expect(points).toHaveLength(22);
    const formats = points.map((p) => (p.config.policy as { default: Record<string, { format: string }> }).default.weight!.format);
    expect(new Set(formats)).toEqual(
      new Set(['float32', 'mxfp8_e4m3', 'mxfp8_e5m2', 'mxfp6_e3m2', 'mxfp6_e2m3', 'mxfp4_e2m1', 'mxint8', 'nvfp4', 'scaled(elem=int8,scale=float32,block=channel)', 'scaled(elem=int4,scale=float32,block=channel)', 'dfixed(w=8)']),
    );
    for (const p of points) {
      const roles = (p.config.policy as { default: Record<string, { format: string }> }).default;
      expect(Object.keys(roles).sort()).toEqual(['activation', 'bias', 'error', 'gradient', 'momentum', 'weight']);
      expect(new Set(Object.values(roles).map((r) => r.format)).size).toBe(1);
      expect((p.config.dataset as { name: string }).name).toBe('fashion-mnist');
    }
  });
  it('--quick keeps 8 small runs', () => {
    const quick = expandGrid(loadStudySpec(FILE), { validateConfig, quick: true });
    expect(quick).toHaveLength(8);
    for (const p of quick) expect([p.config.epochs, (p.config.dataset as { trainSize: number }).trainSize]).toEqual([1, 500]);
  });
});
