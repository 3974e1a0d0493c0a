import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { costReport } from '../../../cost-models/costReport.js';
import { horowitz45nm } from '../../../cost-models/horowitz45nm.js';
import { validatePolicy } from '../../../src/policy/compilePolicy.js';
import { profileModel } from '../../../src/profiler/profileModel.js';
import { zooModel, ZOO_MODEL_NAMES } from '../../../src/zoo/zoo.js';
import { runCli } from './_run.js';

const POLICY = 'experiments/policies/mxfp4.json';

describe('lowbit cost --policy experiments/policies/mxfp4.json', () => {
  it('prices every zoo model in both phases (the command action: profile, then price), cheaper than float32', () => {
    const policy = validatePolicy(JSON.parse(readFileSync(POLICY, 'utf8')), POLICY);
    for (const name of ZOO_MODEL_NAMES) {
      for (const phase of ['inference', 'training'] as const) {
        const mx = costReport(profileModel(zooModel(name), { policy, phase }), horowitz45nm).totals;
        const f32 = costReport(profileModel(zooModel(name), { phase }), horowitz45nm).totals;
        expect(mx.energyPj, `${name} ${phase}`).toBeGreaterThan(0);
        expect(mx.energyPj, `${name} ${phase}`).toBeLessThan(f32.energyPj);
        // weights: 4 + 8/32 bits (biases stay float32 in this policy)
        expect(mx.weightBits, name).toBeLessThan(f32.weightBits * (4.25 / 32) * 1.2);
      }
    }
  });
  it('runs as a process', () => {
    const r = runCli(['cost', '--model', 'lenet5', '--policy', POLICY]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^TOTAL\s/m);
  });
});
