/**
 * Writes a small study folder straight into the store (no training, no workers): 2 families × 3 widths × 2 seeds,
 * a float32 baseline, one failed and one diverged run, with costs and 3 epochs each. For the report tests.
 */
import { mkdirSync } from 'node:fs';
import { StudyStore } from '../../../src/studies/store/studyStore.js';
import { validateStudySpec, type StudySpec } from '../../../src/studies/spec/studySpec.js';
import { expandGrid } from '../../../src/studies/spec/grid.js';

export function writeFixtureStudy(dir: string, opts: { series?: boolean } = {}): StudySpec {
  const spec = validateStudySpec({
    name: 'fixture',
    description: 'fixture study for the report tests',
    base: { seed: 1, policy: { default: { weight: { format: '{fmt}' } } } },
    grid: [
      { name: 'format', path: '$fmt', values: ['float32', 'fixed(w={p},f={p-4})', 'float(e=4,m={p-5})'], labels: ['float32', 'fixed', 'float'] },
      { path: '$p', values: [8, 12, 16] },
      { path: 'seed', values: [1, 2] },
    ],
    report: opts.series ? { series: 'seed {seed}' } : undefined,
  });
  const points = expandGrid(spec);
  mkdirSync(dir, { recursive: true });
  const store = StudyStore.open(dir);
  store.setMeta({ spec: JSON.stringify(spec), grid: JSON.stringify(points.map((p) => p.name)), quick: 'false' });
  points.forEach((p, i) => {
    store.startRun({ name: p.name, point: p.point, index: p.index, config: p.config, labels: p.labels, vars: p.vars, pid: null });
    const bits = Number(p.vars.p);
    const base = p.vars.fmt === 'float32' ? 0.02 : 0.02 + 2 ** (6 - bits) + 0.002 * Number(p.config.seed);
    const epochs = [1, 2, 3].map((e) => ({ epoch: e, trainLoss: 1 / e, testError: base + 0.1 / e, seconds: 1 }));
    const status = i === 7 ? 'failed' : i === 9 ? 'diverged' : 'ok';
    const w = p.vars.fmt === 'float32' ? 32 : bits;
    store.finishRun(p.name, { status, epochs: status === 'failed' ? [] : epochs, finalTestError: status === 'failed' ? null : epochs[2]!.testError, seed: Number(p.config.seed), backend: 'fixture', error: status === 'ok' ? undefined : `${status} on purpose, "quoted", with a comma`, cost: { energyPj: 1000 * w * w, memoryBits: 1e5 * w } }, 3);
  });
  store.close();
  return spec;
}
