/**
 * The local executor: a pool of `jobs` worker processes on this machine (default one per core), one fresh process
 * per run (trialProcess.ts), so a crash, a leak or a hung kernel in one run cannot touch the others. An abort stops
 * the workers in flight and leaves their rows `running`, so the next invocation runs them again.
 */
import { availableParallelism } from 'node:os';
import type { GridPoint } from '../spec/grid.js';
import { startTrialProcess, type WorkerRun } from '../trial/trialProcess.js';
import { prepareRunDir, type ExecutorContext, type StudyExecutor } from './executor.js';

/**
 * Options of `localExecutor`.
 * @example
 * localExecutor({ jobs: 4 })
 */
export interface LocalExecutorOptions {
  /** Parallel runs; default os.availableParallelism(). */
  jobs?: number;
}

/**
 * The local executor: a pool of `jobs` worker processes on this machine, one fresh process per run.
 * @throws RangeError when `jobs` is not an integer >= 1.
 * @example await runStudy(spec, { outDir: 'studies/a', executor: localExecutor({ jobs: 2 }) })
 */
export function localExecutor(options: LocalExecutorOptions = {}): StudyExecutor {
  const jobs = options.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`--jobs: must be an integer >= 1; got ${jobs}`);
  return { id: 'local', jobs, run: (todo, ctx) => runPool(todo, ctx, jobs) };
}

async function runPool(todo: readonly GridPoint[], ctx: ExecutorContext, jobs: number): Promise<void> {
  const live = new Set<WorkerRun>();
  const onAbort = (): void => {
    for (const w of live) w.child.kill('SIGTERM');
  };
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < todo.length && !ctx.signal?.aborted) {
      const p = todo[next++]!;
      const dir = prepareRunDir(ctx.outDir, p);
      const t0 = performance.now();
      const w = startTrialProcess({ type: 'run', module: ctx.trialModule, config: p.config, outDir: dir, cost: ctx.cost }, (metrics) => ctx.emit({ type: 'epoch', name: p.name, metrics }), ctx.outDir);
      ctx.store.startRun({ name: p.name, point: p.point, index: p.index, config: p.config, labels: p.labels, vars: p.vars, pid: w.child.pid ?? null });
      ctx.emit({ type: 'start', name: p.name, attempt: ctx.store.run(p.name)!.attempts });
      live.add(w);
      const result = await w.done;
      live.delete(w);
      if (ctx.signal?.aborted) return; // interrupted: leave the row 'running' so the next invocation re-runs it
      ctx.record(p, result, (performance.now() - t0) / 1000);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, todo.length) }, lane));
  } catch (e) {
    next = todo.length; // a store error: start nothing more, stop the workers still running, report the error
    for (const w of live) w.child.kill('SIGTERM');
    throw e;
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}
