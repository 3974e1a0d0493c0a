/**
 * A fake trial module for the runner tests: no training, deterministic metrics from the config, with a sleep
 * per epoch so that runs overlap and can be killed part-way. Config keys: epochs, seed, x, sleepMs, and
 * `mode`: 'ok' | 'diverge' | 'throw' | 'crash' (the process exits without a result) | 'killWorker' (kills its
 * parent, a queue worker, with SIGKILL at epoch 2).
 */
import type { TrialContext, TrialResult, EpochMetrics } from '../../../src/studies/trial/trial.js';

interface FakeConfig {
  epochs: number;
  seed: number;
  x: number;
  sleepMs?: number;
  mode?: 'ok' | 'diverge' | 'throw' | 'crash' | 'killWorker';
  bits?: number;
  family?: string;
}

const KEYS = ['epochs', 'seed', 'x', 'sleepMs', 'mode', 'bits', 'family'];

export function validateConfig(c: Record<string, unknown>): void {
  for (const k of Object.keys(c)) if (!KEYS.includes(k)) throw new RangeError(`config.${k}: unknown key`);
  if (!Number.isInteger(c.epochs) || (c.epochs as number) < 1) throw new RangeError(`config.epochs: must be an integer >= 1; got ${JSON.stringify(c.epochs)}`);
  if (typeof c.x !== 'number') throw new RangeError(`config.x: must be a number; got ${JSON.stringify(c.x)}`);
}

/** The final test error the fake trial reports for a config (the tests' independent expectation). */
export function fakeError(x: number, seed: number, epoch: number): number {
  return 0.5 / (1 + epoch) + 0.01 * Math.abs(x) + 0.001 * seed;
}

export async function runTrial(raw: Record<string, unknown>, ctx: TrialContext): Promise<TrialResult> {
  const c = raw as unknown as FakeConfig;
  const epochs: EpochMetrics[] = [];
  for (let e = 1; e <= c.epochs; e++) {
    await new Promise((r) => setTimeout(r, c.sleepMs ?? 0));
    if (c.mode === 'throw' && e === 2) throw new Error('fake trial: exploded at epoch 2');
    if (c.mode === 'killWorker' && e === 2) {
      process.kill(process.ppid, 'SIGKILL'); // what `kill -9` of a queue worker does mid-run
      await new Promise((r) => setTimeout(r, 60_000));
    }
    if (c.mode === 'crash' && e === 2) {
      process.stderr.write('fake trial: about to crash\n');
      process.exit(7);
    }
    const m = { epoch: e, trainLoss: c.mode === 'diverge' && e === c.epochs ? NaN : 1 / e, testError: fakeError(c.x, c.seed, e), seconds: (c.sleepMs ?? 0) / 1000 };
    epochs.push(m);
    ctx.onEpoch(m);
  }
  if (c.mode === 'diverge') return { status: 'diverged', epochs, finalTestError: epochs.at(-1)!.testError, seed: c.seed, backend: 'fake', error: 'train loss is NaN' };
  return { status: 'ok', epochs, finalTestError: epochs.at(-1)!.testError, seed: c.seed, backend: 'fake', versions: { fake: '1' }, record: { fake: true, x: c.x, seed: c.seed, pid: process.pid } };
}

export function costOf(raw: Record<string, unknown>): { energyPj: number; memoryBits: number } {
  const bits = (raw.bits as number | undefined) ?? 32;
  return { energyPj: 100 * bits, memoryBits: 1000 * bits };
}
