/**
 * The contract between the study runner and what it runs. A trial module (default `trainTrial.ts`, the lowbit
 * trainer) exports `runTrial`, and optionally `validateConfig` (called by the parent on every grid point before
 * anything runs) and `costOf` (energy and memory of a config's model and policy, for the report).
 *
 * The runner loads the module inside a fresh worker process per run (trialWorker.ts), so a crash, a leak or a
 * hung kernel in one run cannot touch the others or the database.
 */
import type { StudyCostSpec } from '../spec/studySpec.js';
import { allowTypeScriptImport } from '../../_internal/packageRoot.js';

/**
 * One epoch's metrics. `testError` is a fraction in [0, 1].
 * @example
 * ctx.onEpoch({ epoch: 1, trainLoss: 0.42, testError: 0.08, seconds: 3.1 } satisfies EpochMetrics)
 */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  testError: number;
  seconds: number;
}

/**
 * Energy and memory of one grid point's model + policy (cost model totals).
 * @example
 * const cost: TrialCost = { energyPj: 4.2e7, memoryBits: 1.6e6 };
 */
export interface TrialCost {
  energyPj: number;
  memoryBits: number;
  macs?: number;
  params?: number;
}

/**
 * What a trial reports when it ends. `diverged` and `failed` keep the epochs reached and an error message.
 * @example
 * return { status: 'ok', epochs, finalTestError: 0.08 } satisfies TrialResult;
 */
export interface TrialResult {
  status: 'ok' | 'diverged' | 'failed';
  epochs: EpochMetrics[];
  finalTestError: number | null;
  seed?: number;
  backend?: string;
  versions?: Record<string, string>;
  error?: string;
  cost?: TrialCost;
  /** The run record (lowbit's run.json), carried back to the coordinator by remote executors. */
  record?: unknown;
  /** Where the run's model files are, when they are not in the study's run folder (`host:/path`). */
  artifacts?: string;
}

/**
 * What a trial gets besides its config: its own run folder, the study's cost spec and the epoch callback.
 * @example
 * export async function runTrial(config: Record<string, unknown>, ctx: TrialContext): Promise<TrialResult> {
 *   // write what you like under ctx.outDir; report every epoch with ctx.onEpoch
 * }
 */
export interface TrialContext {
  /** The run's own folder (exists; the trial may write run.json, logs, weights there). */
  outDir: string;
  /** The study's cost model choice (spec `cost`), when it has one. */
  cost?: StudyCostSpec;
  /** Report each finished epoch (progress bar, per-epoch ETA). */
  onEpoch: (m: EpochMetrics) => void;
}

/**
 * A trial module: what `--trial-module` names instead of the lowbit trainer (it must export `runTrial`).
 * @example
 * // my-trial.ts, run with: lowbit study run spec.json --trial-module my-trial.ts
 * export async function runTrial(config, ctx) { return { status: 'ok', epochs: [], finalTestError: 0.1 }; }
 */
export interface TrialModule {
  /** Runs one grid point's config; resolves with its result (called in a worker process). */
  runTrial: (config: Record<string, unknown>, ctx: TrialContext) => Promise<TrialResult>;
  /** Checks every grid point's config before anything runs (throws on a bad one). */
  validateConfig?: (config: Record<string, unknown>) => void;
  /** Energy and memory of a config's model, for the report (optional). */
  costOf?: (config: Record<string, unknown>, cost?: StudyCostSpec) => Promise<TrialCost | undefined> | TrialCost | undefined;
}

/** Messages a worker sends to the runner. */
export type WorkerMessage =
  | { type: 'epoch'; metrics: EpochMetrics }
  | { type: 'result'; result: TrialResult };

/** The one message the runner sends to a worker. */
export interface WorkerTask {
  type: 'run';
  module: string;
  config: Record<string, unknown>;
  outDir: string;
  cost?: StudyCostSpec;
}

/**
 * Loads a trial module by file path or URL and checks its shape.
 * @throws TypeError when it has no `runTrial` function.
 */
export async function loadTrialModule(path: string): Promise<TrialModule> {
  const { pathToFileURL } = await import('node:url');
  await allowTypeScriptImport(path);
  const url = /^[a-z]+:\/\//.test(path) ? path : pathToFileURL(path).href;
  const m = (await import(url)) as Partial<TrialModule>;
  if (typeof m.runTrial !== 'function') {
    throw new TypeError(`trial module ${path}: must export a function runTrial(config, ctx); exports: ${Object.keys(m).join(', ') || '(none)'}`);
  }
  return m as TrialModule;
}
