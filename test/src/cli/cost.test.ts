import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './_run.js';

describe('lowbit cost', () => {
  it('prints the JSON report: resnet18 under the int8 policy with a user cost model file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-cost-'));
    const model = join(dir, 'energy.json');
    writeFileSync(model, JSON.stringify({ id: 'toy', add: '0.003125 pJ * b', mul: '0.2 pJ * (b/8)^2', sram: '10 pJ / 64', dram: '20 pJ' }));
    const r = runCli(['cost', '--model', 'resnet18', '--policy', 'experiments/policies/int8.json', '--cost-model', model, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Array.isArray(report.layers)).toBe(true);
    expect(report.totals).toMatchObject({ macs: 1_814_073_344, params: 11_689_512 });
    expect(report.totals.weightBits).toBeGreaterThan(8 * 11_689_512);
    expect(report.totals.energyPj).toBeGreaterThan(0);
    expect(report.costModel.id).toBe('toy');
  });

  it('gives one line and exit code 2 on bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-cost-'));
    const policy = join(dir, 'p.json');
    writeFileSync(policy, JSON.stringify({ default: { weight: { format: 'int9x' } } }));
    const bad = [
      [['cost', '--model', 'vgg19'], /^lowbit: --model: "vgg19" is neither a zoo model \(lenet5, .*mobilenetv2\) nor a file\n$/],
      [['cost', '--model', 'lenet5', '--policy', policy], /^lowbit: --policy: .*p\.json\.default\.weight\.format: format "int9x": /],
      [['cost', '--model', 'lenet5', '--phase', 'test'], /^lowbit: --phase: must be one of inference, training; got "test"\n$/],
    ] as const;
    for (const [args, message] of bad) {
      const r = runCli([...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
