import { describe, expect, it } from 'vitest';
import { StudyProgress, formatDuration } from '../../../src/studies/progressText.js';
import type { TrialResult } from '../../../src/studies/trial/trial.js';

const result: TrialResult = { status: 'ok', epochs: [], finalTestError: 0.1 };
const epoch = (name: string, e: number) => ({ type: 'epoch' as const, name, metrics: { epoch: e, trainLoss: 1, testError: 0.5, seconds: 1 } });

describe('StudyProgress', () => {
  it('counts work in epochs and extrapolates the ETA from the elapsed time', () => {
    const p = new StudyProgress(0);
    p.update({ type: 'plan', total: 5, finished: 1, todo: 4, jobs: 2, epochsPerRun: 2, executor: 'local' });
    expect(p.etaSeconds(10_000)).toBeNull();
    expect(p.line(10_000)).toBe('0/4 runs | ETA --');
    p.update({ type: 'start', name: 'a', attempt: 1 });
    p.update({ type: 'start', name: 'b', attempt: 1 });
    p.update(epoch('a', 1));
    p.update(epoch('a', 2));
    p.update(epoch('b', 1));
    p.update({ type: 'finish', name: 'a', status: 'ok', seconds: 1, result });
    // 3 of 8 epochs done in 30 s → 50 s left
    expect(p.fraction()).toBeCloseTo(3 / 8, 12);
    expect(p.etaSeconds(30_000)).toBeCloseTo(50, 9);
    expect(p.line(30_000)).toBe('1/4 runs | epoch 1/2 | ETA 50s');
    p.update({ type: 'finish', name: 'b', status: 'failed', seconds: 1, result: { ...result, status: 'failed' } });
    expect(p.line(30_000)).toBe('2/4 runs | 1 not ok | ETA 30s');
  });
  it('counts runs when the epochs per run are unknown', () => {
    const p = new StudyProgress(0);
    p.update({ type: 'plan', total: 2, finished: 0, todo: 2, jobs: 1, epochsPerRun: null, executor: 'local' });
    p.update({ type: 'start', name: 'a', attempt: 1 });
    p.update(epoch('a', 3));
    expect(p.line(1000)).toBe('0/2 runs | epoch 3 | ETA --');
    p.update({ type: 'finish', name: 'a', status: 'ok', seconds: 1, result });
    expect(p.fraction()).toBe(0.5);
  });
  it('formats durations', () => {
    expect([formatDuration(0), formatDuration(59.4), formatDuration(75), formatDuration(3700), formatDuration(-3)]).toEqual(['0s', '59s', '1m15s', '1h01m', '0s']);
  });
});
