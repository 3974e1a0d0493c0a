import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTraining } from '../../../src/training/runTraining.js';
import { writeRunRecord } from '../../../src/training/runRecord.js';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';
import { blobs } from './_blobs.js';

const config = (patch: Record<string, unknown> = {}) =>
  validateTrainConfig({
    model: { type: 'mlp', hidden: [12] },
    dataset: { name: 'synthetic', trainSize: 300, testSize: 100 },
    optimizer: { type: 'sgd', lr: 0.2, momentum: 0.9 },
    epochs: 2,
    batchSize: 30,
    seed: 4,
    backend: 'cpu',
    ...patch,
  });

describe('runTraining', () => {
  it('returns an ok record with config, seed, backend, versions, epochs and final.testError', async () => {
    const lines: string[] = [];
    const { record, model } = await runTraining(config(), { data: blobs(), log: (l) => lines.push(l) });
    expect(record.status).toBe('ok');
    expect(record.seed).toBe(4);
    expect(record.backend).toBe('cpu');
    expect(Object.keys(record.versions)).toEqual(expect.arrayContaining(['lowbit', 'tfjs', 'node']));
    expect(record.epochs.map((e) => Object.keys(e).sort())).toEqual([0, 1].map(() => ['epoch', 'seconds', 'testError', 'trainLoss']));
    expect(record.final.testError).toBe(record.epochs[1]!.testError);
    expect(record.final.testError).toBeGreaterThanOrEqual(0);
    expect(record.final.testError).toBeLessThanOrEqual(1);
    expect(lines[0]).toMatch(/^epoch 1: loss \d\.\d{4}, test error \d+\.\d\d% \(\d+\.\d s\)$/);
    model!.dispose();
  });

  it('runs the DFXP range initialisation first, then restores the initial parameters', async () => {
    const dfx = { format: 'dfixed(w=10)' };
    const policy = { default: { weight: dfx, activation: dfx, error: dfx, gradient: dfx, momentum: dfx, update: { format: 'dfixed(w=12)' } } };
    const cfg = config({ policy, dfixed: { updateEvery: 2, rangeInitEpochs: 1 }, epochs: 1 });
    const { record, model } = await runTraining(cfg, { data: blobs() });
    expect(record.status).toBe('ok');
    expect(record.rangeInit!.epochs.length).toBe(1);
    expect(record.epochs.length).toBe(1);
    expect(record.dfixedRanges!['dense_1/weight']).toBeGreaterThan(4);
    // without range init, the first epoch starts from the same initial weights: compare the first losses
    const plain = await runTraining(config({ policy, dfixed: { updateEvery: 2 }, epochs: 1 }), { data: blobs() });
    expect(plain.record.epochs[0]!.trainLoss).not.toBe(record.epochs[0]!.trainLoss);
    model!.dispose();
    plain.model!.dispose();
  });

  it('records a diverged run, and a failed one with its message', async () => {
    const div = await runTraining(config({ optimizer: { type: 'sgd', lr: 1e30 } }), { data: blobs() });
    expect(div.record.status).toBe('diverged');
    expect(div.record.message).toMatch(/training diverged: loss is/);
    expect(div.record.final.testError).toBe(div.record.epochs.at(-1)?.testError ?? null);
    const bad = await runTraining(config({ dataset: { name: 'fashion-mnist', path: '/nonexistent/lowbit' } }));
    expect(bad.record.status).toBe('failed');
    expect(bad.record.message).toMatch(/nonexistent\/lowbit/);
    expect(bad.record.epochs).toEqual([]);
  });

  it('writes run.json atomically (no temporary file left)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-run-'));
    const { record } = await runTraining(config({ epochs: 1 }), { data: blobs() });
    const path = writeRunRecord(dir, record);
    expect(JSON.parse(readFileSync(path, 'utf8')).status).toBe('ok');
    expect(readdirSync(dir)).toEqual(['run.json']);
  });
});
