import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStudySpec } from '../../src/studies/spec/loadStudySpec.js';
import { expandGrid } from '../../src/studies/spec/grid.js';
import { validateConfig } from '../../src/studies/trial/trainTrial.js';

const EXPERIMENTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'experiments');
const FILES = readdirSync(EXPERIMENTS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(EXPERIMENTS, d.name, 'study.json')))
  .map((d) => `${d.name}/study.json`);

/** The policy format at a rule's role, or undefined. */
const roleFormat = (config: Record<string, unknown>, rule: number, role: string): string | undefined =>
  ((config.policy as { rules?: Array<{ roles: Record<string, { format?: string } | undefined> }> }).rules?.[rule]?.roles[role]?.format);

describe('experiments/*/study.json', () => {
  it('exist for the five binary methods', () => {
    for (const m of ['binaryconnect', 'lin2015', 'binarynet', 'qnn', 'bnnplus']) expect(FILES).toContain(`${m}/study.json`);
  });

  const METHODS = ['binaryconnect', 'lin2015', 'binarynet', 'qnn', 'bnnplus'];
  for (const file of FILES.filter((f) => !METHODS.includes(f.split('/')[0]!))) {
    it(`${file}: every grid point is a valid training config`, () => {
      expect(expandGrid(loadStudySpec(join(EXPERIMENTS, file)), { validateConfig }).length).toBeGreaterThan(0);
    });
  }
  for (const file of FILES.filter((f) => METHODS.includes(f.split('/')[0]!))) {
    it(`${file}: every grid point is a valid training config; at most 4 points × 3 seeds with a float32 baseline; --quick is small`, () => {
      const spec = loadStudySpec(join(EXPERIMENTS, file));
      const k = spec.seeds?.length ?? 1;
      expect(spec.seeds).toEqual([1, 2, 3]);
      const points = expandGrid(spec, { validateConfig });
      expect(points.length).toBeGreaterThanOrEqual(2 * k);
      expect(points.length).toBeLessThanOrEqual(4 * k);
      // the first point is the float32 baseline: no binary/ternary weight anywhere
      expect(points.slice(0, k).every((p) => roleFormat(p.config, 0, 'weight') === 'float32')).toBe(true);
      expect(points.slice(k).every((p) => roleFormat(p.config, 0, 'weight') !== 'float32')).toBe(true);
      const quick = expandGrid(spec, { validateConfig, quick: true });
      if (spec.seeds) expect(quick.every((p) => p.seed === 1)).toBe(true);
      for (const p of quick) {
        const dataset = p.config.dataset as { trainSize: number; testSize: number };
        expect([p.config.epochs, dataset.trainSize <= 1000, dataset.testSize <= 500]).toEqual([1, true, true]);
      }
    });
  }

  it('the method axes are the intended ones', () => {
    const labels = (m: string) => [...new Set(expandGrid(loadStudySpec(join(EXPERIMENTS, m, 'study.json'))).map((p) => Object.entries(p.labels).filter(([k]) => k !== 'seed').map(([, v]) => v).join()))];
    expect(labels('binaryconnect')).toEqual(['float32', 'det', 'stoch']);
    expect(labels('lin2015')).toEqual(['float32', 'BC', 'BC+QBP', 'TC+QBP']);
    expect(labels('qnn')).toEqual(['float32', 'W1A1', 'W1A2', 'W1A4']);
    expect(labels('bnnplus')).toEqual(['float32', 'BinaryNet', 'BNN+ R1', 'BNN+ R2']);
  });
});
