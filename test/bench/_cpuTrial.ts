/**
 * A CPU-bound trial for the study scaling bench: `config.work` million iterations of arithmetic per epoch (no
 * tfjs, no I/O), so a run's cost is the same whatever the executor, and throughput shows only how the executor
 * scales and what it costs.
 */
import type { TrialContext, TrialResult } from '../../src/studies/trial/trial.js';

export function validateConfig(c: Record<string, unknown>): void {
  if (!Number.isInteger(c.work) || (c.work as number) < 1) throw new RangeError(`config.work: must be an integer >= 1; got ${JSON.stringify(c.work)}`);
}

export async function runTrial(c: Record<string, unknown>, ctx: TrialContext): Promise<TrialResult> {
  const t0 = performance.now();
  let acc = 0;
  for (let e = 1; e <= 2; e++) {
    for (let i = 0; i < (c.work as number) * 1e6; i++) acc += Math.sqrt(i + (c.seed as number));
    ctx.onEpoch({ epoch: e, trainLoss: 1 / e, testError: 0.1, seconds: (performance.now() - t0) / 1000 });
  }
  return { status: 'ok', epochs: [], finalTestError: acc > 0 ? 0.1 : 0.2, seed: c.seed as number, backend: 'cpu-bench' };
}
