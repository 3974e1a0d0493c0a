/**
 * The one interface between the study runner and what executes its runs. The runner (runStudy.ts) expands the
 * grid, takes the study folder's lock, decides what is left to run and owns the SQLite store; an executor only
 * gets the runs left and reports each result back through {@link ExecutorContext.record}, which writes it to the
 * store exactly once. Two executors exist: `local` (a pool of worker processes on this machine) and `queue`
 * (BullMQ on Redis: workers on any machine).
 */
import { join } from 'node:path';
import type { GridPoint } from '../spec/grid.js';
import type { StudyCostSpec } from '../spec/studySpec.js';
import type { StudyStore, RunStatus } from '../store/studyStore.js';
import type { EpochMetrics, TrialResult } from '../trial/trial.js';
import { writeFileNoFollow } from '../_internal/studyFs.js';

/**
 * What the runner tells its caller while a study runs.
 * @example
 * await runStudy(spec, { outDir, onEvent: (e: StudyEvent) => { if (e.type === 'finish') console.log(e.name, e.status); } })
 */
export type StudyEvent =
  | { type: 'plan'; total: number; finished: number; todo: number; jobs: number; epochsPerRun: number | null; executor: string }
  | { type: 'start'; name: string; attempt: number }
  | { type: 'epoch'; name: string; metrics: EpochMetrics }
  | { type: 'finish'; name: string; status: RunStatus; seconds: number; result: TrialResult }
  | { type: 'note'; message: string };

/**
 * Counts of one invocation of the runner.
 * @example
 * const { ran, ok, failed, skipped }: RunStudySummary = await runStudy(spec, { outDir: 'studies/x' });
 */
export interface RunStudySummary {
  outDir: string;
  total: number;
  skipped: number;
  ran: number;
  ok: number;
  diverged: number;
  failed: number;
  interrupted: boolean;
}

/**
 * What the runner gives an executor for one invocation: the study folder and store, the trial module, the
 * study's identity, and the callbacks that record results and emit events.
 * @example
 * // what runStudy hands an executor: the folder, the store, the trial module, and record() to call per finished run
 * const executor: StudyExecutor = { id: 'inline', jobs: 1, run: async (todo, ctx: ExecutorContext) => { for (const p of todo) ctx.record(p, await myRun(p), 1); } };
 */
export interface ExecutorContext {
  /** The study folder (absolute). */
  outDir: string;
  store: StudyStore;
  /** Absolute path of the trial module. */
  trialModule: string;
  /** Identity of the study folder (a UUID kept in the store) and the hash of its spec (and --quick). */
  studyId: string;
  specHash: string;
  studyName: string;
  cost?: StudyCostSpec;
  signal?: AbortSignal;
  /** Sends an event to the caller of `runStudy`. */
  emit: (e: StudyEvent) => void;
  /** Records a run's result in the store (exactly once) and reports it; false when it was already recorded. */
  record: (p: GridPoint, result: TrialResult, seconds: number) => boolean;
}

/**
 * What runs a study's trials: the local worker pool (`localExecutor`) or a Redis queue (`queueExecutor`).
 * @example
 * await runStudy(spec, { outDir: 'studies/x', executor: localExecutor({ jobs: 2 }) satisfies StudyExecutor })
 */
export interface StudyExecutor {
  /** `local` or `queue`. */
  readonly id: string;
  /** Parallel runs, when the executor knows it (the local pool size), else 0. */
  readonly jobs: number;
  /** Runs `todo` (their rows may be missing, `running` from a dead runner, or `failed`); resolves when all are recorded or the signal aborts. */
  run(todo: readonly GridPoint[], ctx: ExecutorContext): Promise<void>;
}

/** The folder of one run inside the study folder. */
export function runDir(outDir: string, name: string): string {
  return join(outDir, 'runs', name);
}

/** Creates a run's folder and its `config.json` (no link under the study folder is followed). */
export function prepareRunDir(outDir: string, p: GridPoint): string {
  const dir = runDir(outDir, p.name);
  writeFileNoFollow(outDir, join(dir, 'config.json'), JSON.stringify(p.config, null, 2) + '\n');
  return dir;
}
