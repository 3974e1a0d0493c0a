import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudyStore } from '../../../../src/studies/store/studyStore.js';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'lowbit-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const point = (name: string) => ({ name, index: 0, config: { seed: 1 }, labels: { seed: '1' }, vars: {}, pid: 123 });
const epochs = [
  { epoch: 1, trainLoss: 0.5, testError: 0.2, seconds: 1 },
  { epoch: 2, trainLoss: 0.25, testError: 0.1, seconds: 1 },
];

describe('StudyStore', () => {
  it('uses WAL with synchronous FULL', () => {
    const s = StudyStore.open(fresh());
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    s.close();
  });

  it('records a run start, then its row and epochs at finish; a restart counts attempts and clears the old epochs', () => {
    const dir = fresh();
    const s = StudyStore.open(dir);
    s.startRun(point('r1'));
    expect(s.run('r1')).toMatchObject({ status: 'running', attempts: 1, pid: 123, finishedAt: null });
    s.finishRun('r1', { status: 'ok', epochs, finalTestError: 0.1, seed: 1, backend: 'wasm', versions: { lowbit: '0.1.0' }, cost: { energyPj: 5, memoryBits: 8 } }, 2.5);
    const r = s.run('r1')!;
    expect(r).toMatchObject({ status: 'ok', finalTestError: 0.1, finalTrainLoss: 0.25, backend: 'wasm', versions: { lowbit: '0.1.0' }, energyPj: 5, memoryBits: 8, seconds: 2.5, pid: null });
    expect(s.epochs('r1').map((e) => e.testError)).toEqual([0.2, 0.1]);
    s.startRun(point('r1'));
    expect(s.run('r1')).toMatchObject({ status: 'running', attempts: 2, finalTestError: null });
    expect(s.epochs('r1')).toEqual([]);
    s.close();
    const ro = StudyStore.open(dir, { readonly: true });
    expect(ro.runs()).toHaveLength(1);
    ro.close();
  });

  it('stores non-finite metrics as null and keeps metadata', () => {
    const s = StudyStore.open(fresh());
    s.setMeta({ a: '1' });
    s.setMeta({ a: '2', b: 'x' });
    expect([s.getMeta('a'), s.getMeta('b'), s.getMeta('c')]).toEqual(['2', 'x', undefined]);
    s.startRun(point('d'));
    s.finishRun('d', { status: 'diverged', epochs: [{ epoch: 1, trainLoss: NaN, testError: 0.9, seconds: 1 }], finalTestError: null, error: 'NaN loss' }, 1);
    expect(s.run('d')).toMatchObject({ status: 'diverged', finalTrainLoss: null, error: 'NaN loss' });
    expect(Number.isNaN(s.epochs('d')[0]!.trainLoss)).toBe(true);
    s.close();
  });

  it('refuses to finish a run that was never started, leaving nothing behind', () => {
    const s = StudyStore.open(fresh());
    expect(() => s.finishRun('ghost', { status: 'ok', epochs, finalTestError: 0.1 }, 1)).toThrow(/^StudyStore\.finishRun: run ghost was never started$/);
    expect(s.epochs()).toEqual([]);
    s.close();
  });

  it('opening a folder without a database read-only fails', () => {
    expect(() => StudyStore.open(fresh(), { readonly: true })).toThrow();
  });
});
