import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './_run.js';
import { zooModel } from '../../../src/zoo/zoo.js';

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

describe('lowbit cost: hostile inputs (in-process)', () => {
  it('regression: a model.json weightsManifest path such as ../../../../etc/hostname is refused (exit 2)', async () => {
    const { runInProcess } = await import('./_inProcess.js');
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-cost-'));
    const topology = JSON.parse(JSON.stringify(zooModel('lenet5')));
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ modelTopology: topology, weightsManifest: [{ paths: ['../../../../etc/hostname'], weights: [] }] }));
    const r = await runInProcess(['cost', '--model', join(dir, 'model.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lowbit: --model: .*model\.json: weightsManifest path 0: "\.\.\/\.\.\/\.\.\/\.\.\/etc\/hostname" leaves the folder ".*"; only paths inside it are allowed\n$/);
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ modelTopology: topology, weightsManifest: [{ paths: ['weights.bin'], weights: [] }] }));
    expect((await runInProcess(['cost', '--model', join(dir, 'model.json'), '--format', 'csv'])).code).toBe(0);
  });

  it('regression: a user cost formula non-finite somewhere in its domain is exit 2 naming the key, never "Infinity J"', async () => {
    const { runInProcess } = await import('./_inProcess.js');
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-cost-'));
    const file = join(dir, 'energy.json');
    writeFileSync(file, JSON.stringify({ add: '0.01 pJ * b * (1 + 1e-9 / abs(b - 5))', mul: '0.2 pJ * (b/8)^2', sram: '10 pJ / 64', dram: '20 pJ' }));
    const r = await runInProcess(['cost', '--model', 'lenet5', '--cost-model', file]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(`lowbit: --cost-model: ${file}: add: must be finite and ≥ 0 for b in [1, 256]; "0.01 pJ * b * (1 + 1e-9 / abs(b - 5))" gives Infinity pJ at b = 5\n`);
  });

  it('regression: the docs/cost.md example cost model works end to end', async () => {
    const { runInProcess } = await import('./_inProcess.js');
    const doc = readFileSync(new URL('../../../docs/cost.md', import.meta.url), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-cost-'));
    writeFileSync(join(dir, 'my22nm.json'), doc.slice(doc.indexOf('### User-defined models')).match(/```json\n([\s\S]*?)```/)![1]!);
    const r = await runInProcess(['cost', '--model', 'lenet5', '--cost-model', join(dir, 'my22nm.json'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.costModel.id).toBe('my22nm');
    expect(Number.isFinite(report.totals.energyPj) && report.totals.energyPj > 0).toBe(true);
  });

  it('--plot is checked before any work: a folder, /proc, a bad extension', async () => {
    const { runInProcess } = await import('./_inProcess.js');
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-cost-'));
    expect((await runInProcess(['cost', '--model', 'lenet5', '--plot', '/proc/x.svg'])).stderr).toBe(
      'lowbit: --plot: "/proc" (the folder of "/proc/x.svg") is under /proc (a virtual file system); choose a folder on disk\n',
    );
    writeFileSync(join(dir, 'f'), '');
    const r = await runInProcess(['cost', '--model', 'lenet5', '--plot', join(dir, 'f', 'x.svg')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lowbit: --plot: ".*\/f" \(the folder of ".*\/f\/x\.svg"\) exists and is not a folder\n$/);
    expect((await runInProcess(['cost', '--model', 'lenet5', '--plot', join(dir, 'x.pdf')])).stderr).toMatch(/^lowbit: --plot: file must end in \.svg or \.png/);
  });
});

describe('lowbit cost on a model trained by lowbit train (issue 12)', () => {
  it('a BitPruning run saves a model that lowbit cost prices at its learned widths: equal to the price of the widths in run.json', async () => {
    const { modelCost } = await import('../../../src/profiler/modelCost.js');
    const { readModelFile } = await import('../../../src/profiler/readModelFile.js');
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-cost-bp-'));
    const config = {
      model: { type: 'mlp', hidden: [12] }, dataset: { name: 'synthetic', trainSize: 100, testSize: 50, seed: 1 },
      optimizer: { type: 'adam', lr: 0.01 }, epochs: 2, batchSize: 25, seed: 3, backend: 'cpu',
      bitPruning: { target: 'bits', lambda: 3, bitLr: 0.5, schedule: { learnEpochs: 1, finetuneEpochs: 1 } },
    };
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify(config));
    const t = runCli(['train', '--config', join(dir, 'cfg.json'), '--out', join(dir, 'run'), '--no-progress']);
    expect(t.code).toBe(0);
    const run = JSON.parse(readFileSync(join(dir, 'run', 'run.json'), 'utf8'));
    const bits = run.bitPruning.finalBits as Record<string, number>;
    // the widths of run.json as fixed-point formats of the same topology (an independent price)
    const fx = (g: string) => ({ format: `fixed(w=${bits[g]},f=0)` });
    const atWidths = { rules: [
      { match: { name: 'dense_1' }, roles: { weight: fx('dense_1/weight'), activation: fx('dense_1/activation') } },
      { match: { name: 'output' }, roles: { weight: fx('output/weight') } },
    ] };
    const file = join(dir, 'run', 'model', 'model.json');
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(run.config.policy));
    for (const phase of ['inference', 'training'] as const) {
      const own = runCli(['cost', '--model', file, '--phase', phase, '--format', 'json']);
      const whatIf = runCli(['cost', '--model', file, '--phase', phase, '--format', 'json', '--policy', join(dir, 'policy.json')]);
      expect([own.code, whatIf.code]).toEqual([0, 0]);
      const ownReport = JSON.parse(own.stdout);
      expect(ownReport.formats).toBe('model');
      expect(ownReport.totals).toEqual(modelCost(readModelFile(file), { phase, policy: atWidths }).totals);
      // the training policy (learned widths) as a what-if gives the same totals, labelled as a what-if
      expect(JSON.parse(whatIf.stdout)).toMatchObject({ formats: 'what-if policy', totals: ownReport.totals });
    }
  });
});
