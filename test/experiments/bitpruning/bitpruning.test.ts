import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/index.js';
import { qtools } from '../../../src/cost/index.js';
import { BitlengthBank, costModelBits, trainBitPruning } from '../../../src/bitpruning/index.js';
import { BIT_MODEL_NAMES, bitModel } from '../../../experiments/bitpruning/bitModels.js';
import { bitBarRows, bitLineRows, bitsPerLayerSpec, bitTrajectorySpec } from '../../../experiments/bitpruning/plots.js';
import { loadTensorDataset } from '../../../experiments/bitpruning/splitTensors.js';
import { compileQuiet } from '../../../src/plots/compileQuiet.js';
import { readFileSync, readdirSync } from 'node:fs';
import { runTraining, validateTrainConfig } from '../../../src/index.js';

// wasm with lowbit's kernels: the cpu backend trains convolutions far too slowly for a smoke test
beforeAll(async () => {
  await initBackend('wasm');
});

describe('BitPruning study (shrunk)', () => {
  it('the study CNN has the documented MACs and parameters per layer', () => {
    const bank = new BitlengthBank();
    const { trace } = costModelBits(bitModel('cnn', bank, 'tensor', 1), bank, 'ops', qtools);
    const rows = trace.layers.filter((l) => l.params > 0).map((l) => `${l.name} ${l.params} ${l.macs.reduce((s, g) => s + g.count, 0)}`);
    expect(rows).toEqual(['conv1 160 112896', 'conv2 4640 903168', 'fc1 200832 200704', 'fc2 1290 1280']);
    bank.dispose();
  });

  it('runs each model for one learn and one fine-tune epoch, and its plots compile without warnings', async () => {
    const rows = [];
    for (const model of BIT_MODEL_NAMES) {
      const ds = loadTensorDataset({ name: 'synthetic', trainSize: 40, testSize: 20, seed: 2 }, model === 'mlp' ? 'flat' : 'image');
      for (const target of ['float', 'ops'] as const) {
        const bank = new BitlengthBank({ minBits: 2 });
        const net = bitModel(model, target === 'float' ? undefined : bank, 'tensor', 1);
        const r = await trainBitPruning(net, bank, ds.train, ds.test, {
          learnEpochs: 1, finetuneEpochs: target === 'float' ? 0 : 1, batchSize: 20, lr: 1e-3, bitLr: 0.05, seed: 1,
          ...(target === 'float' ? {} : { regularizer: { target, lambda: 0.5 } }),
        });
        expect(r.history).toHaveLength(target === 'float' ? 1 : 2);
        rows.push({ model, target, summary: r.summary, trajectory: r.trajectory.points });
        net.dispose();
        bank.dispose();
      }
      ds.dispose();
    }
    const bars = bitBarRows(rows);
    expect(bars.filter((b) => b.model === 'mlp').map((b) => b.tensor)).toEqual(['fc1 weight', 'fc1 activation', 'fc2 weight', 'fc2 activation', 'fc3 weight']);
    expect(bars.every((b) => Number.isInteger(b.bits))).toBe(true);
    expect(compileQuiet(bitsPerLayerSpec(bars, { title: 't' })).warnings).toEqual([]);
    expect(compileQuiet(bitTrajectorySpec(bitLineRows(rows))).warnings).toEqual([]);
  });

  it('ships one lowbit train config per model and target; each runs shrunk (1 learn + 1 fine-tune epoch)', async () => {
    const dir = new URL('../../../experiments/bitpruning/configs/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(['cnn-bits', 'cnn-energy', 'cnn-memory', 'cnn-ops', 'mlp-bits-finetune4', 'mlp-bits', 'mlp-energy', 'mlp-memory', 'mlp-ops', 'mlp-twin16-finetune4'].map((n) => `${n}.json`));
    for (const f of files) {
      const json = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
      const cfg = validateTrainConfig(json);
      const bp = cfg.bitPruning!;
      if (f.startsWith('mlp-twin16')) {
        // the same-schedule reference: 16 bits, no penalty, bitlengths frozen in effect
        expect([bp.initBits, bp.lambda, bp.bitLr < 1e-9]).toEqual([16, 0, true]);
        continue;
      }
      expect(f).toBe(`${cfg.model.type}-${bp.target}${bp.schedule.finetuneEpochs === 4 ? '-finetune4' : ''}.json`);
      if (f !== 'cnn-ops.json' && f !== 'mlp-memory.json') continue;
      // Arrange: the same config on a tiny synthetic set, two epochs
      const small = validateTrainConfig({ ...json, dataset: { name: 'synthetic', trainSize: 40, testSize: 20, seed: 2 }, epochs: 2, batchSize: 20,
        bitPruning: { ...json.bitPruning, schedule: { ...json.bitPruning.schedule, learnEpochs: 1, finetuneEpochs: 1 } } });
      // Act
      const { record, model } = await runTraining(small);
      // Assert
      expect(record.status).toBe('ok');
      expect(Object.values(record.bitPruning!.finalBits).every((v) => Number.isInteger(v))).toBe(true);
      model!.dispose();
    }
  });
});
