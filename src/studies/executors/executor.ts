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

/** What the runner tells its caller while a study runs. */
export type StudyEvent =
  | { type: 'plan'; total: number; finished: number; todo: number; jobs: number; epochsPerRun: number | null; executor: string }
  | { type: 'start'; name: string; attempt: number }
  | { type: 'epoch'; name: string; metrics: EpochMetrics }
  | { type: 'finish'; name: string; status: RunStatus; seconds: number; result: TrialResult }
  | { type: 'note'; message: string };

/** Counts of one invocation of the runner. */
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
  emit: (e: StudyEvent) => void;
  /** Records a run's result in the store (exactly once) and reports it; false when it was already recorded. */
  record: (p: GridPoint, result: TrialResult, seconds: number) => boolean;
}

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
