/**
 * Slurm, where a user has it: `prepareSlurmStudy` writes a study folder ready for a job array (the spec, the
 * expanded grid in `slurm/points.json`, the database with the study's metadata) and the script
 * `slurm/study.sbatch`, whose task *i* runs `lowbit study run-one DIR --index i`. A task runs one grid point in a
 * fresh trial process and writes `runs/<name>/result.json` atomically; it never touches the database (SQLite over
 * a network file system is unsafe). `collectStudy` then merges the results into the database, each run once,
 * however many times it is called or a task was requeued.
 *
 * Not modelled: per-task memory or GPU requests (add them to the script), and dependencies between arrays.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GridPoint } from '../spec/grid.js';
import { expandGrid } from '../spec/grid.js';
import type { StudySpec } from '../spec/studySpec.js';
import { StudyStore } from '../store/studyStore.js';
import { loadTrialModule, type TrialResult } from '../trial/trial.js';
import { startTrialProcess, WORKER_ENV } from '../trial/trialProcess.js';
import { DEFAULT_TRIAL_MODULE, LOWBIT_BIN } from '../_internal/entryPoints.js';
import { mkdirNoFollow, writeFileNoFollow } from '../_internal/studyFs.js';
import { studySpecHash } from '../runStudy.js';
import { runDir } from './executor.js';
import { randomUUID } from 'node:crypto';

/**
 * Options of `prepareSlurmStudy` (`lowbit study slurm`).
 * @example
 * await prepareSlurmStudy(spec, { outDir: 'studies/x', parallel: 16, time: '02:00:00', partition: 'cpu' })
 */
export interface SlurmScriptOptions {
  outDir: string;
  quick?: boolean;
  trialModule?: string;
  maxPoints?: number;
  /** Most tasks running at once (`--array=0-N%parallel`). */
  parallel?: number;
  /** `#SBATCH --time`. */
  time?: string;
  /** `#SBATCH --partition`. */
  partition?: string;
}

/** What `slurm/points.json` holds. */
interface SlurmPlan {
  trialModule: string;
  points: GridPoint[];
}

/** A shell word, single-quoted. */
const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Prepares a study folder for Slurm: the grid in the store and a job-array script whose tasks run one point each
(`lowbit study run-one`); `lowbit study collect` records the results.
 * @returns the script path and the number of array tasks.
 * @throws RangeError (bad spec, bad option) before anything is written.
 * @example const { script } = await prepareSlurmStudy(spec, { outDir: '/shared/studies/a' }) // then: sbatch script
 */
export async function prepareSlurmStudy(spec: StudySpec, o: SlurmScriptOptions): Promise<{ script: string; tasks: number }> {
  for (const [k, v] of [['--time', o.time], ['--partition', o.partition]] as const) {
    if (v !== undefined && !/^[A-Za-z0-9_:.,-]+$/.test(v)) throw new RangeError(`${k}: must be letters, digits or _:.,-; got ${JSON.stringify(v)}`);
  }
  const trialModule = resolve(o.trialModule ?? DEFAULT_TRIAL_MODULE);
  const mod = await loadTrialModule(trialModule);
  const points = expandGrid(spec, { quick: o.quick, validateConfig: mod.validateConfig, maxPoints: o.maxPoints });
  const outDir = resolve(o.outDir);
  mkdirNoFollow(outDir, join(outDir, 'slurm', 'logs'));
  const store = StudyStore.open(outDir);
  try {
    store.setMeta({ study_id: store.getMeta('study_id') ?? randomUUID(), spec_hash: studySpecHash(spec, !!o.quick), spec: JSON.stringify(spec), quick: String(!!o.quick), grid: JSON.stringify(points.map((p) => p.name)) });
  } finally {
    store.close();
  }
  writeFileNoFollow(outDir, join(outDir, 'study.json'), JSON.stringify(spec, null, 2) + '\n');
  const plan: SlurmPlan = { trialModule, points };
  writeFileNoFollow(outDir, join(outDir, 'slurm', 'points.json'), JSON.stringify(plan) + '\n');
  const env = Object.entries(WORKER_ENV).map(([k, v]) => `export ${k}=${v}`);
  const script = [
    '#!/bin/bash',
    `#SBATCH --job-name=lowbit-${spec.name}`,
    `#SBATCH --array=0-${points.length - 1}${o.parallel ? `%${o.parallel}` : ''}`,
    '#SBATCH --cpus-per-task=1',
    '#SBATCH --ntasks=1',
    `#SBATCH --output=${join(outDir, 'slurm', 'logs', '%A_%a.out')}`,
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    `# lowbit study ${spec.name}: ${points.length} runs; afterwards: lowbit study collect ${sh(outDir)}`,
    'set -euo pipefail',
    ...env,
    `exec ${sh(process.execPath)} ${sh(LOWBIT_BIN)} study run-one ${sh(outDir)} --index "$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
  const file = join(outDir, 'slurm', 'study.sbatch');
  writeFileNoFollow(outDir, file, script);
  return { script: file, tasks: points.length };
}

function readPlan(dir: string): SlurmPlan {
  const f = join(dir, 'slurm', 'points.json');
  if (!existsSync(f)) throw new RangeError(`DIR: ${dir} holds no slurm/points.json; prepare it with 'lowbit study slurm FILE --out ${dir}'`);
  return JSON.parse(readFileSync(f, 'utf8')) as SlurmPlan;
}

/**
 * What `runs/<name>/result.json` holds.
 * @example
 * JSON.parse(readFileSync('studies/x/runs/format=int8/result.json', 'utf8')) as TaskResult
 */
export interface TaskResult {
  name: string;
  index: number;
  seconds: number;
  finishedAt: string;
  result: TrialResult;
}

/**
 * Runs grid point `index` of a prepared study folder and writes its `result.json` (a Slurm array task).
 * @throws RangeError when the folder is not prepared or `index` is out of range.
 * @example await runOneTask('/shared/studies/a', Number(process.env.SLURM_ARRAY_TASK_ID))
 */
export async function runOneTask(dir: string, index: number): Promise<TaskResult> {
  const outDir = resolve(dir);
  const plan = readPlan(outDir);
  if (!Number.isInteger(index) || index < 0 || index >= plan.points.length) {
    throw new RangeError(`--index: must be an integer in [0, ${plan.points.length - 1}]; got ${index}`);
  }
  const p = plan.points[index]!;
  const spec = JSON.parse(readFileSync(join(outDir, 'study.json'), 'utf8')) as StudySpec;
  const rd = runDir(outDir, p.name);
  writeFileNoFollow(outDir, join(rd, 'config.json'), JSON.stringify(p.config, null, 2) + '\n');
  const t0 = performance.now();
  const result = await startTrialProcess({ type: 'run', module: plan.trialModule, config: p.config, outDir: rd, cost: spec.cost }, () => undefined, outDir).done;
  const out: TaskResult = { name: p.name, index, seconds: (performance.now() - t0) / 1000, finishedAt: new Date().toISOString(), result };
  writeFileNoFollow(outDir, join(rd, 'result.json'), JSON.stringify(out) + '\n');
  return out;
}

/**
 * Merges every `runs/<name>/result.json` of a study folder into its database, each run exactly once.
 * @returns how many were merged now, were already there, and are still missing.
 * @example collectStudy('/shared/studies/a') // { merged: 31, already: 0, missing: 0 }
 */
export function collectStudy(dir: string): { merged: number; already: number; missing: number } {
  const outDir = resolve(dir);
  const plan = readPlan(outDir);
  const store = StudyStore.open(outDir);
  const counts = { merged: 0, already: 0, missing: 0 };
  try {
    for (const p of plan.points) {
      const f = join(runDir(outDir, p.name), 'result.json');
      const row = store.run(p.name);
      if (row && row.status !== 'running' && row.status !== 'failed') {
        counts.already++;
        continue;
      }
      if (!existsSync(f)) {
        counts.missing++;
        continue;
      }
      const r = JSON.parse(readFileSync(f, 'utf8')) as TaskResult;
      if (row?.status === 'failed' && row.finishedAt === r.finishedAt) {
        counts.already++;
        continue;
      }
      store.startRun({ name: p.name, point: p.point, index: p.index, config: p.config, labels: p.labels, vars: p.vars, pid: null });
      if (store.finishRun(p.name, r.result, r.seconds, new Date(r.finishedAt))) counts.merged++;
      if (r.result.record !== undefined) writeFileNoFollow(outDir, join(runDir(outDir, p.name), 'run.json'), JSON.stringify(r.result.record, null, 2) + '\n');
    }
  } finally {
    store.close();
  }
  return counts;
}
