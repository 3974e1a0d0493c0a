import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel, initBackend, runTraining, saveModel, validateTrainConfig } from '../../../src/index.js';
import { profileModel } from '../../../src/cost/index.js';
import { bitBarRows, bitLineRows, bitsPerLayerSpec, bitTrajectorySpec } from '../../../experiments/bitpruning/plots.js';
import { bitRuns } from '../../../experiments/bitpruning/bitRuns.js';
import { compileQuiet } from '../../../src/plots/compileQuiet.js';
import { loadStudySpec } from '../../../src/studies/spec/loadStudySpec.js';
import { expandGrid } from '../../../src/studies/spec/grid.js';
import { validateConfig } from '../../../src/studies/trial/trainTrial.js';
import { runCli } from '../../src/cli/_run.js';

// wasm with lowbit's kernels: the cpu backend trains convolutions far too slowly for a smoke test
beforeAll(async () => {
  await initBackend('wasm');
});

const dir = new URL('../../../experiments/bitpruning/', import.meta.url);
const config = (f: string) => JSON.parse(readFileSync(new URL(`configs/${f}`, dir), 'utf8'));
const L = (init: number) => ({ format: `learned(init=${init},min=2,max=16,granularity=tensor)` });

describe('BitPruning study (shrunk)', () => {
  it('the study CNN has the documented MACs and parameters per layer', () => {
    const cfg = validateTrainConfig(config('cnn-bits.json'));
    const model = buildModel(cfg.model, { inputShape: [28, 28, 1], numClasses: 10, policy: cfg.policy, seed: 1 });
    const rows = profileModel(model).layers.filter((l) => l.params > 0).map((l) => `${l.name} ${l.params} ${l.macs.reduce((s, g) => s + g.count, 0)}`);
    expect(rows).toEqual(['conv_1 160 112896', 'conv_2 4640 903168', 'dense_1 200832 200704', 'output 1290 1280']);
    model.dispose();
  });

  it('ships one lowbit train config per model and target plus 16-bit twins; the study specs cover them', () => {
    const files = readdirSync(new URL('configs/', dir)).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(['cnn-bits', 'cnn-energy', 'cnn-memory', 'cnn-ops', 'cnn-twin16', 'mlp-bits-finetune4', 'mlp-bits', 'mlp-energy', 'mlp-memory', 'mlp-ops', 'mlp-twin16-finetune4', 'mlp-twin16'].map((n) => `${n}.json`));
    for (const f of files) {
      const cfg = validateTrainConfig(config(f));
      const weight = cfg.policy.rules!.find((r) => r.match.type === 'QDense')!.roles.weight;
      if (f.includes('twin16')) {
        // the same-schedule reference: 16 bits, no penalty, widths frozen in effect
        expect([weight, cfg.bitPruning!.lambda, cfg.bitPruning!.bitLr < 1e-9]).toEqual([L(16), 0, true]);
        continue;
      }
      expect(weight).toEqual(L(8));
      expect(f).toBe(`${cfg.model.type}-${cfg.bitPruning!.target}${cfg.bitPruning!.schedule.finetuneEpochs === 4 ? '-finetune4' : ''}.json`);
    }
    const main = expandGrid(loadStudySpec(new URL('bitpruning-study.json', dir).pathname), { validateConfig });
    expect(main.map((p) => p.name)).toEqual(['mlp', 'cnn'].flatMap((m) => ['bits', 'ops', 'memory', 'energy'].map((t) => `model=${m}__target=${t}`)).concat(['model=mlp__target=twin16', 'model=cnn__target=twin16']));
    for (const p of main.slice(0, 8)) {
      const [m, t] = p.name.replace(/model=|target=/g, '').split('__');
      expect(validateTrainConfig(p.config)).toEqual({ ...validateTrainConfig(config(`${m}-${t}.json`)), name: 'bitpruning-mlp-bits' });
    }
    const lambda = expandGrid(loadStudySpec(new URL('lambda-study.json', dir).pathname), { validateConfig });
    expect(lambda.map((p) => (p.config.bitPruning as { lambda: number }).lambda)).toEqual([0.1, 0.5, 2]);
  });

  it('runs a model config shrunk (1 learn + 1 fine-tune epoch) through the one loop; rows and plots come from run.json; the energy columns are lowbit cost of the saved model', async () => {
    const study = mkdtempSync(join(tmpdir(), 'lowbit-bp-'));
    for (const f of ['cnn-ops.json', 'mlp-memory.json', 'mlp-twin16.json']) {
      // Arrange: the same config on a tiny synthetic set, two epochs
      const json = config(f);
      const small = validateTrainConfig({ ...json, dataset: { name: 'synthetic', trainSize: 40, testSize: 20, seed: 2 }, epochs: 2, batchSize: 20,
        bitPruning: { ...json.bitPruning, schedule: { ...json.bitPruning.schedule, learnEpochs: 1, finetuneEpochs: 1 } } });
      // Act
      const { record, model } = await runTraining(small);
      // Assert
      expect(record.status).toBe('ok');
      expect(Object.values(record.bitPruning!.finalBits).every((v) => Number.isInteger(v))).toBe(true);
      mkdirSync(join(study, 'runs', f), { recursive: true });
      writeFileSync(join(study, 'runs', f, 'run.json'), JSON.stringify(record));
      // saved as the study runner saves a run's model
      if (f !== 'cnn-ops.json') await saveModel(model!, join(study, 'runs', f, 'model'), { policy: small.policy, extra: { config: small } });
      model!.dispose();
    }
    const runs = bitRuns(study);
    expect(runs.map((r) => `${r.model}/${r.target}`)).toEqual(['cnn/ops', 'mlp/memory', 'mlp/twin16']);
    // energy and memory: what lowbit cost prints for the saved model (none for a run without a saved model)
    expect([runs[0]!.energyPj, runs[0]!.energyQtoolsPj, runs[0]!.weightBits]).toEqual([null, null, null]);
    for (const r of runs.slice(1)) {
      const file = join(study, 'runs', r.run, 'model', 'model.json');
      const [h, q] = [[], ['--cost-model', 'qtools']].map((m) => runCli(['cost', '--model', file, '--format', 'json', ...m]));
      expect([h!.code, q!.code]).toEqual([0, 0]);
      expect([r.energyPj, r.weightBits, r.energyQtoolsPj]).toEqual([JSON.parse(h!.stdout).totals.energyPj, JSON.parse(h!.stdout).totals.weightBits, JSON.parse(q!.stdout).totals.energyPj]);
    }
    // learned widths price the model below its 16-bit twin
    expect(runs[1]!.energyPj!).toBeLessThan(runs[2]!.energyPj!);
    const bars = bitBarRows(runs);
    expect(bars.filter((b) => b.model === 'mlp').map((b) => b.tensor)).toEqual(['dense_1 weight', 'dense_1 activation', 'dense_2 weight', 'dense_2 activation', 'output weight']);
    expect(bars.every((b) => Number.isInteger(b.bits))).toBe(true);
    expect(compileQuiet(bitsPerLayerSpec(bars, { title: 't' })).warnings).toEqual([]);
    expect(compileQuiet(bitTrajectorySpec(bitLineRows(runs))).warnings).toEqual([]);
  });

  it('the published rerun (results/bitpruning-runs.json, through lowbit study) is what the README tables show', () => {
    const rows = JSON.parse(readFileSync(new URL('results/bitpruning-runs.json', dir), 'utf8')) as Array<{ run: string; status: string; target: string; accuracyFinal: number; summary: { meanBits: number }; energyPj: number }>;
    expect(rows.map((r) => `${r.run} ${r.status}`)).toEqual(['mlp', 'cnn'].flatMap((m) => ['bits', 'ops', 'memory', 'energy', 'twin16'].map((t) => `model=${m}__target=${t} ok`)));
    const readme = readFileSync(new URL('README.md', dir), 'utf8');
    for (const r of rows.filter((x) => x.target !== 'twin16')) {
      expect(readme).toContain(`| ${r.target} | ${(100 * r.accuracyFinal).toFixed(2)} % |`);
      expect(readme).toContain(`| ${r.summary.meanBits.toFixed(2)} |`);
      expect(readme).toContain(`| ${(r.energyPj / 1e6).toFixed(2)} µJ |`);
    }
  });
});
