/**
 * Runs a study: expands and validates the grid (nothing runs if a point is bad), skips the runs already finished
 * in the study folder, and runs the rest on a pool of worker processes, one fresh process per run. Only this
 * process writes the database; each run is recorded in one transaction when it ends, so `kill -9` loses at most
 * the runs in flight, which are re-run next time (their rows still say `running`).
 *
 * Resume rule: `ok` and `diverged` runs are final; `failed` runs are retried (unless `retryFailed: false`), and
 * `running` rows left by a dead runner are re-run. A finished run whose stored config differs from the grid
 * point of the same name is an error (the spec changed: use another folder).
 */
import { availableParallelism } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandGrid, type GridPoint } from './spec/grid.js';
import type { StudySpec } from './spec/studySpec.js';
import { StudyStore, type RunStatus } from './store/studyStore.js';
import { loadTrialModule, type EpochMetrics, type TrialResult } from './trial/trial.js';
import { startWorker, type WorkerRun } from './executors/workerPool.js';
import { isProcessAlive, stableStringify } from './_internal/processInfo.js';

/** The default trial module: the lowbit trainer. */
export const DEFAULT_TRIAL_MODULE = fileURLToPath(new URL('./trial/trainTrial.ts', import.meta.url));

export interface RunStudyOptions {
  outDir: string;
  /** Parallel runs; default os.availableParallelism(). */
  jobs?: number;
  quick?: boolean;
  /** Module exporting runTrial (and validateConfig, costOf); default the lowbit trainer. */
  trialModule?: string;
  /** Re-run runs that failed before (default true). */
  retryFailed?: boolean;
  onEvent?: (e: StudyEvent) => void;
  signal?: AbortSignal;
}

export type StudyEvent =
  | { type: 'plan'; total: number; finished: number; todo: number; jobs: number; epochsPerRun: number | null }
  | { type: 'start'; name: string; attempt: number }
  | { type: 'epoch'; name: string; metrics: EpochMetrics }
  | { type: 'finish'; name: string; status: RunStatus; seconds: number; result: TrialResult };

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
 * @throws RangeError (bad spec, busy or mismatching study folder) before any run starts.
 * @example await runStudy(validateStudySpec(json), { outDir: 'studies/default', jobs: 2 })
 */
export async function runStudy(spec: StudySpec, opts: RunStudyOptions): Promise<RunStudySummary> {
  const jobs = opts.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`--jobs: must be an integer >= 1; got ${jobs}`);
  const trialModule = resolve(opts.trialModule ?? DEFAULT_TRIAL_MODULE);
  const mod = await loadTrialModule(trialModule);
  const points = expandGrid(spec, { quick: opts.quick, validateConfig: mod.validateConfig });
  const outDir = resolve(opts.outDir);
  mkdirSync(join(outDir, 'runs'), { recursive: true });
  const store = StudyStore.open(outDir);
  try {
    takeLock(store, outDir);
    const todo = planRuns(store, points, outDir, opts.retryFailed ?? true);
    store.setMeta({ spec: JSON.stringify(spec), quick: String(!!opts.quick), grid: JSON.stringify(points.map((p) => p.name)) });
    writeFileSync(join(outDir, 'study.json'), JSON.stringify(spec, null, 2) + '\n');
    const epochs = points[0]?.config.epochs;
    opts.onEvent?.({ type: 'plan', total: points.length, finished: points.length - todo.length, todo: todo.length, jobs, epochsPerRun: typeof epochs === 'number' ? epochs : null });
    const summary: RunStudySummary = { outDir, total: points.length, skipped: points.length - todo.length, ran: 0, ok: 0, diverged: 0, failed: 0, interrupted: false };
    await runPool(store, todo, { ...opts, jobs, trialModule, outDir }, summary);
    store.setMeta({ runner_pid: '', runner_finished_at: new Date().toISOString() });
    return summary;
  } finally {
    store.close();
  }
}

async function runPool(store: StudyStore, todo: GridPoint[], opts: RunStudyOptions & { jobs: number; trialModule: string; outDir: string }, summary: RunStudySummary): Promise<void> {
  const live = new Set<WorkerRun>();
  const onAbort = (): void => {
    summary.interrupted = true;
    for (const w of live) w.child.kill('SIGTERM');
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < todo.length && !opts.signal?.aborted) {
      const p = todo[next++]!;
      const runDir = join(opts.outDir, 'runs', p.name);
      mkdirSync(runDir, { recursive: true });
      writeFileSync(join(runDir, 'config.json'), JSON.stringify(p.config, null, 2) + '\n');
      const t0 = performance.now();
      const w = startWorker({ type: 'run', module: opts.trialModule, config: p.config, outDir: runDir }, (metrics) => opts.onEvent?.({ type: 'epoch', name: p.name, metrics }));
      store.startRun({ name: p.name, index: p.index, config: p.config, labels: p.labels, vars: p.vars, pid: w.child.pid ?? null });
      opts.onEvent?.({ type: 'start', name: p.name, attempt: store.run(p.name)!.attempts });
      live.add(w);
      const result = await w.done;
      live.delete(w);
      if (opts.signal?.aborted) return; // interrupted: leave the row 'running' so the next invocation re-runs it
      const seconds = (performance.now() - t0) / 1000;
      store.finishRun(p.name, result, seconds);
      summary.ran++;
      summary[result.status]++;
      opts.onEvent?.({ type: 'finish', name: p.name, status: result.status, seconds, result });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.jobs, todo.length) }, lane));
  } catch (e) {
    next = todo.length; // a store error: start nothing more, stop the workers still running, report the error
    for (const w of live) w.child.kill('SIGTERM');
    throw e;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
