/**
 * What a study folder holds: for each grid point, done (`ok` or `diverged`), running, failed or left. Reads the
 * database read-only, so it is safe while a runner is writing. A `running` row whose runner is gone (killed)
 * counts as left: the next `study run` re-runs it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StudyStore, STUDY_DB_FILE, type RunRecord } from './studyStore.js';
import { isProcessAlive } from '../_internal/processInfo.js';

/**
 * Where a grid point stands: finished (`ok`, `diverged`, `failed`), `running`, or `left` to run.
 * @example
 * studyStatus('studies/default').points.filter((p) => p.state === ('failed' satisfies PointState))
 */
export type PointState = 'ok' | 'diverged' | 'failed' | 'running' | 'left';

/**
 * What `lowbit study status` reports: counts by state and every grid point with its state.
 * @example
 * const { total, counts, points }: StudyStatusReport = studyStatus('studies/default');
 */
export interface StudyStatusReport {
  dir: string;
  name: string;
  total: number;
  counts: Record<PointState, number>;
  /** Every grid point in grid order, with its state and, when it has a row, the run record. */
  points: { name: string; state: PointState; run?: RunRecord }[];
  runnerPid: number | null;
}

/**
 * The status of a study folder, read from its database (safe while the study runs).
 * @throws RangeError when `dir` holds no study database.
 * @example studyStatus('studies/default').counts // { ok: 12, diverged: 0, failed: 1, running: 0, left: 0 }
 */
export function studyStatus(dir: string): StudyStatusReport {
  if (!existsSync(join(dir, STUDY_DB_FILE))) throw new RangeError(`DIR: ${dir} holds no ${STUDY_DB_FILE}; run 'lowbit study run FILE --out ${dir}' first`);
  const store = StudyStore.open(dir, { readonly: true });
  try {
    const grid = JSON.parse(store.getMeta('grid') ?? '[]') as string[];
    const spec = JSON.parse(store.getMeta('spec') ?? '{}') as { name?: string };
    const pidText = store.getMeta('runner_pid');
    const pid = pidText ? Number(pidText) : NaN;
    const runnerAlive = Number.isInteger(pid) && pid > 0 && isProcessAlive(pid);
    const rows = new Map(store.runs().map((r) => [r.name, r]));
    const counts: Record<PointState, number> = { ok: 0, diverged: 0, failed: 0, running: 0, left: 0 };
    const points = grid.map((name) => {
      const run = rows.get(name);
      const state: PointState = !run ? 'left' : run.status === 'running' ? (runnerAlive ? 'running' : 'left') : run.status;
      counts[state]++;
      return { name, state, run };
    });
    return { dir, name: spec.name ?? '', total: grid.length, counts, points, runnerPid: runnerAlive ? pid : null };
  } finally {
    store.close();
  }
}

/**
 * The status as lines of text (what `lowbit study status` prints).
 * @example
 * console.log(formatStudyStatus(studyStatus('studies/default')))
 */
export function formatStudyStatus(s: StudyStatusReport): string {
  const c = s.counts;
  const lines = [
    `study ${s.name} in ${s.dir}: ${c.ok + c.diverged}/${s.total} done (${c.ok} ok, ${c.diverged} diverged), ${c.running} running, ${c.failed} failed, ${c.left} left` +
      (s.runnerPid ? ` (runner pid ${s.runnerPid})` : ''),
  ];
  const w = Math.max(8, ...s.points.map((p) => p.state.length));
  for (const p of s.points) {
    const r = p.run;
    const err = r?.finalTestError != null ? `  test error ${(100 * r.finalTestError).toFixed(2)} %` : '';
    const why = p.state === 'failed' || p.state === 'diverged' ? `  ${(r?.error ?? '').split('\n')[0]!.slice(0, 120)}` : '';
    lines.push(`  ${p.state.padEnd(w)}  ${p.name}${err}${why}`);
  }
  return lines.join('\n');
}
