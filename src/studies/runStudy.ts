/**
 * Runs a study: expands and validates the grid (nothing runs if a point is bad), skips the runs already finished
 * in the study folder, and hands the rest to an executor (executors/: `local` worker processes by default, or
 * `queue` workers on Redis). Only this process writes the database; each run is recorded in one transaction when
 * it ends, exactly once, so `kill -9` loses at most the runs in flight, which are re-run (or, with the queue,
 * collected) next time.
 *
 * Resume rule: `ok` and `diverged` runs are final; `failed` runs are retried (unless `retryFailed: false`), and
 * `running` rows left by a dead runner are re-run. A finished run whose stored config differs from the grid
 * point of the same name is an error (the spec changed: use another folder).
 */
import { createHash, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { expandGrid, type GridPoint } from './spec/grid.js';
import type { StudySpec } from './spec/studySpec.js';
import { StudyStore } from './store/studyStore.js';
import { loadTrialModule } from './trial/trial.js';
import { DEFAULT_TRIAL_MODULE } from './_internal/entryPoints.js';
import { isProcessAlive, stableStringify } from './_internal/processInfo.js';
import { mkdirNoFollow, writeFileNoFollow } from './_internal/studyFs.js';
import { runDir, type ExecutorContext, type RunStudySummary, type StudyEvent, type StudyExecutor } from './executors/executor.js';
import { localExecutor } from './executors/localExecutor.js';

export { DEFAULT_TRIAL_MODULE };
export type { StudyEvent, RunStudySummary };

/**
 * Options of `runStudy`.
 * @example
 * await runStudy(spec, { outDir: 'studies/x', jobs: 2, quick: true, onEvent: console.log })
 */
export interface RunStudyOptions {
  outDir: string;
  /** Parallel runs of the default local executor; default os.availableParallelism(). Ignored with `executor`. */
  jobs?: number;
  /** What runs the trials; default `localExecutor({ jobs })`. */
  executor?: StudyExecutor;
  quick?: boolean;
  /** Module exporting runTrial (and validateConfig, costOf); default the lowbit trainer. */
  trialModule?: string;
  /** Re-run runs that failed before (default true). */
  retryFailed?: boolean;
  /** Most runs (points × seeds) the grid may have (default 10^5). */
  maxPoints?: number;
  /** Receives the runner's events: the plan, each start, epoch and finish. */
  onEvent?: (e: StudyEvent) => void;
  signal?: AbortSignal;
}

/** Takes the runner lock of a study folder, or throws when a live process holds it. */
function takeLock(store: StudyStore, outDir: string): void {
  const pid = Number(store.getMeta('runner_pid') ?? NaN);
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid)) {
    throw new RangeError(`--out ${outDir}: this study folder is being run by process ${pid}; wait for it or stop it first`);
  }
  store.setMeta({ runner_pid: String(process.pid), runner_started_at: new Date().toISOString() });
}

/** The points still to run, after checking that finished runs match the current grid. */
function planRuns(store: StudyStore, points: GridPoint[], outDir: string, retryFailed: boolean): GridPoint[] {
  const rows = new Map(store.runs().map((r) => [r.name, r]));
  return points.filter((p) => {
    const r = rows.get(p.name);
    if (!r) return true;
    if (r.status !== 'running' && stableStringify(r.config) !== stableStringify(p.config)) {
      throw new RangeError(`--out ${outDir}: run ${p.name} was recorded with a different config than the spec gives now; use another --out (or delete the folder) to run the changed study`);
    }
    if (r.status === 'ok' || r.status === 'diverged') return false;
    return r.status === 'running' || retryFailed;
  });
}

/**
 * The hash that identifies a study's grid: its spec and whether it runs --quick.
 * @example
 * studySpecHash(spec, false) // hex SHA-256: queue workers refuse jobs of another spec
 */
export function studySpecHash(spec: StudySpec, quick: boolean): string {
  return createHash('sha256').update(stableStringify({ spec, quick })).digest('hex');
}

/**
 * Runs a study: every grid point not finished yet, on an executor, each result recorded as it ends.
 * @throws RangeError (bad spec, busy or mismatching study folder) before any run starts.
 * @example await runStudy(loadStudySpec('experiments/studies/default.json'), { outDir: 'studies/default', jobs: 2 })
 */
export async function runStudy(spec: StudySpec, opts: RunStudyOptions): Promise<RunStudySummary> {
  const executor = opts.executor ?? localExecutor({ jobs: opts.jobs });
  const trialModule = resolve(opts.trialModule ?? DEFAULT_TRIAL_MODULE);
  const mod = await loadTrialModule(trialModule);
  const points = expandGrid(spec, { quick: opts.quick, validateConfig: mod.validateConfig, maxPoints: opts.maxPoints });
  const outDir = resolve(opts.outDir);
  mkdirNoFollow(outDir, join(outDir, 'runs'));
  const store = StudyStore.open(outDir);
  try {
    takeLock(store, outDir);
    const todo = planRuns(store, points, outDir, opts.retryFailed ?? true);
    const studyId = store.getMeta('study_id') ?? randomUUID();
    const specHash = studySpecHash(spec, !!opts.quick);
    store.setMeta({ study_id: studyId, spec_hash: specHash, spec: JSON.stringify(spec), quick: String(!!opts.quick), grid: JSON.stringify(points.map((p) => p.name)) });
    writeFileNoFollow(outDir, join(outDir, 'study.json'), JSON.stringify(spec, null, 2) + '\n');
    const emit = (e: StudyEvent): void => opts.onEvent?.(e);
    const epochs = points[0]?.config.epochs;
    emit({ type: 'plan', total: points.length, finished: points.length - todo.length, todo: todo.length, jobs: executor.jobs, epochsPerRun: typeof epochs === 'number' ? epochs : null, executor: executor.id });
    const summary: RunStudySummary = { outDir, total: points.length, skipped: points.length - todo.length, ran: 0, ok: 0, diverged: 0, failed: 0, interrupted: false };
    const ctx: ExecutorContext = {
      outDir, store, trialModule, studyId, specHash, studyName: spec.name, cost: spec.cost, signal: opts.signal, emit,
      record: (p, result, seconds) => {
        if (!store.finishRun(p.name, result, seconds)) return false;
        if (result.record !== undefined) writeFileNoFollow(outDir, join(runDir(outDir, p.name), 'run.json'), JSON.stringify(result.record, null, 2) + '\n');
        summary.ran++;
        summary[result.status]++;
        emit({ type: 'finish', name: p.name, status: result.status, seconds, result });
        return true;
      },
    };
    await executor.run(todo, ctx);
    summary.interrupted = !!opts.signal?.aborted;
    store.setMeta({ runner_pid: '', runner_finished_at: new Date().toISOString() });
    return summary;
  } finally {
    store.close();
  }
}
