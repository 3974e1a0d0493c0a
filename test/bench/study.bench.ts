/**
 * Study executors' scaling (issue 16): the same grid of CPU-bound runs (_cpuTrial.ts, ~1.5 s each on an idle core)
 * with the local executor at 1 and 2 workers, and with the queue executor (BullMQ on a redis-server started here)
 * and 2 `lowbit study worker` processes. Prints runs per minute, the ratio to N × the one-worker rate (target
 * ≥ 0.9 N), and the coordinator's overhead per run (CPU time of this process, which runs the coordinator, per run;
 * the one-worker local run is the baseline). Needs a quiet machine: compare the load printed first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { runStudy } from '../../src/studies/runStudy.js';
import { validateStudySpec } from '../../src/studies/spec/studySpec.js';
import { localExecutor } from '../../src/studies/executors/localExecutor.js';
import { queueExecutor } from '../../src/studies/executors/queueExecutor.js';
import type { StudyExecutor } from '../../src/studies/executors/executor.js';
import { redisServerPath, startRedis } from '../src/studies/_redis.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TRIAL = fileURLToPath(new URL('./_cpuTrial.ts', import.meta.url));
const RUNS = Number(process.env.LOWBIT_BENCH_STUDY_RUNS ?? 12);
// million iterations per epoch: 200 gives runs of about 1.5 s on an idle core. Every run is a fresh process (the
// trial worker, started through tsx from source here), which costs about 0.25 s per run (fitted from 60 and 200:
// 0.63 s and 1.50 s per run). With 60, that start-up is 40 % of a run and caps 2 workers at about 0.85 N on this
// 2-core machine; a real training run (30 s to minutes) pays it below 1 %.
const WORK = Number(process.env.LOWBIT_BENCH_STUDY_WORK ?? 200);

async function measure(label: string, executor: StudyExecutor, dir: string): Promise<{ perMin: number; cpuMsPerRun: number }> {
  const spec = validateStudySpec({ name: `bench-${label.replace(/\W+/g, '-')}`, base: { work: WORK, seed: 0 }, grid: [{ path: 'seed', values: Array.from({ length: RUNS }, (_, i) => i + 1) }] });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const s = await runStudy(spec, { outDir: join(dir, label.replace(/\W+/g, '-')), executor, trialModule: TRIAL });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (s.ok !== RUNS) throw new Error(`${label}: ${s.ok} of ${RUNS} runs ok`);
  return { perMin: (60 * RUNS) / wall, cpuMsPerRun: (cpu.user + cpu.system) / 1000 / RUNS };
}

export async function bench(): Promise<void> {
  console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(', ')}; ${RUNS} runs of ${WORK}M iterations × 2 epochs`);
  const dir = mkdtempSync(join(tmpdir(), 'lowbit-bench-study-'));
  const workers: ChildProcess[] = [];
  try {
    const one = await measure('local 1 worker', localExecutor({ jobs: 1 }), dir);
    const rows: Array<[string, number, { perMin: number; cpuMsPerRun: number }]> = [['local, 1 worker', 1, one]];
    rows.push(['local, 2 workers', 2, await measure('local 2 workers', localExecutor({ jobs: 2 }), dir)]);
    if (redisServerPath) {
      const redis = await startRedis();
      try {
        for (let i = 0; i < 2; i++) {
          workers.push(spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'study', 'worker', '--redis', redis.url, '--queue', 'bench', '--trial-module', TRIAL, '--artifacts', join(dir, 'artifacts')], { stdio: 'ignore' }));
        }
        // the clock starts when both workers are connected (their start-up is not the executor's cost)
        const probe = new Queue('bench', { connection: { host: '127.0.0.1', port: Number(new URL(redis.url).port) } });
        for (let t = 0; (await probe.getWorkersCount()) < 2; t++) {
          if (t > 1200) throw new Error('the 2 queue workers did not connect within 2 minutes');
          await new Promise((r) => setTimeout(r, 100));
        }
        await probe.close();
        rows.push(['queue, 2 workers', 2, await measure('queue 2 workers', queueExecutor({ redis: redis.url, queue: 'bench', pollMs: 200 }), dir)]);
      } finally {
        for (const w of workers) w.kill('SIGTERM');
        await redis.stop();
      }
    } else console.log('queue executor: skipped (redis-server not installed)');
    console.log('executor           runs/min   ratio to N × 1-worker rate   coordinator CPU per run');
    for (const [name, n, r] of rows) {
      console.log(`${name.padEnd(18)} ${r.perMin.toFixed(2).padStart(8)}   ${(r.perMin / (n * one.perMin)).toFixed(3).padStart(6)} (N = ${n})${' '.repeat(14)}${r.cpuMsPerRun.toFixed(0).padStart(6)} ms`);
    }
    console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
