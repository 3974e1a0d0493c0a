/**
 * The actions of `lowbit study …` (registered in commands/study.ts), loaded only when a study command runs.
 * Input problems (spec, options, folders) are usage errors: one line, exit 2. SIGINT/SIGTERM stop the runs in
 * flight (finished results stay recorded), print one line and exit 130/143.
 */
import { resolve } from 'node:path';
import { CliUsageError, asUsage } from '../cliError.js';
import { prepareOutDir } from '../../io/prepareOutDir.js';
import { UnsafePathError } from '../../io/unsafePathError.js';
import { loadStudySpec } from '../../studies/spec/loadStudySpec.js';
import type { StudySpec } from '../../studies/spec/studySpec.js';
import { runStudy, type StudyEvent } from '../../studies/runStudy.js';
import { StudyProgress } from '../../studies/progressText.js';
import type { StudyExecutor } from '../../studies/executors/executor.js';

export interface RunOptions {
  out?: string;
  executor: 'local' | 'queue';
  jobs?: number;
  redis?: string;
  queue?: string;
  attempts?: number;
  artifacts?: string;
  quick: boolean;
  retryFailed: boolean;
  report: boolean;
  maxPoints?: number;
  trialModule?: string;
}
export interface WorkerOptions {
  redis: string;
  concurrency: number;
  queue?: string;
  artifacts?: string;
  lockSeconds?: number;
  maxStalls?: number;
  trialModule?: string;
}
export interface StatusOptions {
  json: boolean;
}
export type ReportOptions = Record<string, never>;
export interface SlurmOptions {
  out: string;
  quick: boolean;
  maxPoints?: number;
  parallel?: number;
  time?: string;
  partition?: string;
  trialModule?: string;
}
export interface RunOneOptions {
  index?: string;
}
export interface CollectOptions {
  report: boolean;
}

/** Exit codes of a command stopped by a signal (128 + the signal number). */
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/** A step that checks input: its RangeError/TypeError (and fs/SQLite "bad file" errors) become a usage error (exit 2). */
const usage = asUsage;

/** Runs `work` with an AbortSignal that SIGINT/SIGTERM abort; returns the signal received, if any. */
async function withSignals<T>(work: (signal: AbortSignal) => Promise<T>): Promise<{ value: T; signal: 'SIGINT' | 'SIGTERM' | null }> {
  const controller = new AbortController();
  let got: 'SIGINT' | 'SIGTERM' | null = null;
  const on = (s: 'SIGINT' | 'SIGTERM') => () => {
    got ??= s;
    controller.abort();
  };
  const hInt = on('SIGINT');
  const hTerm = on('SIGTERM');
  process.on('SIGINT', hInt);
  process.on('SIGTERM', hTerm);
  try {
    return { value: await work(controller.signal), signal: got };
  } finally {
    process.off('SIGINT', hInt);
    process.off('SIGTERM', hTerm);
  }
}

/** A progress bar on a terminal; one line per finished run otherwise (logs, CI). Both on stderr. */
async function progressReporter(): Promise<{ onEvent: (e: StudyEvent) => void; stop: () => void }> {
  const cliProgress = (await import('cli-progress')).default;
  const p = new StudyProgress();
  const tty = process.stderr.isTTY === true;
  const bar = tty ? new cliProgress.SingleBar({ format: '{bar} {text}', stream: process.stderr, hideCursor: true, barsize: 24 }, cliProgress.Presets.shades_classic) : null;
  let timer: NodeJS.Timeout | undefined;
  return {
    onEvent: (e) => {
      p.update(e);
      if (e.type === 'plan') {
        const where = e.executor === 'local' ? `on ${Math.min(e.jobs, e.todo)} workers` : `on the ${e.executor} executor`;
        process.stderr.write(`study: ${e.total} runs, ${e.finished} already finished, ${e.todo ? `${e.todo} to run ${where}` : 'nothing to run'}\n`);
        if (bar && e.todo > 0) {
          bar.start(1000, 0, { text: p.line() });
          timer = setInterval(() => bar.update(Math.round(1000 * p.fraction()), { text: p.line() }), 1000);
        }
      } else if (e.type === 'note') {
        if (!bar) process.stderr.write(`study: ${e.message}\n`);
      } else if (bar) bar.update(Math.round(1000 * p.fraction()), { text: p.line() });
      else if (e.type === 'finish') {
        const err = e.result.finalTestError === null ? '' : `, test error ${(100 * e.result.finalTestError).toFixed(2)} %`;
        const why = e.status === 'ok' ? '' : `: ${(e.result.error ?? '').split('\n')[0]!.slice(0, 160)}`;
        process.stderr.write(`[${p.done}/${p.total}] ${e.name}: ${e.status}${err} (${e.seconds.toFixed(1)} s)${why} | ${p.line()}\n`);
      }
    },
    stop: () => {
      if (timer) clearInterval(timer);
      bar?.stop();
    },
  };
}

async function buildExecutor(o: RunOptions): Promise<StudyExecutor> {
  if (o.executor === 'queue') {
    if (!o.redis) throw new CliUsageError('--redis: required with --executor queue (e.g. --redis redis://127.0.0.1:6379)');
    if (o.jobs !== undefined) throw new CliUsageError('--jobs: only with --executor local; with a queue, start workers with --concurrency');
    const { queueExecutor } = await import('../../studies/executors/queueExecutor.js');
    const artifacts = o.artifacts === undefined ? undefined : prepareOutDir(o.artifacts, '--artifacts');
    return usage('', () => queueExecutor({ redis: o.redis!, queue: o.queue, attempts: o.attempts, artifacts }));
  }
  for (const [k, v] of [['--redis', o.redis], ['--queue', o.queue], ['--attempts', o.attempts], ['--artifacts', o.artifacts]] as const) {
    if (v !== undefined) throw new CliUsageError(`${k}: only with --executor queue`);
  }
  const { localExecutor } = await import('../../studies/executors/localExecutor.js');
  return localExecutor({ jobs: o.jobs });
}

const loadSpec = (file: string): StudySpec => usage('', () => loadStudySpec(file));

/** `lowbit study run FILE`: runs the grid, writes the report, prints the report path last. */
export async function studyRunCommand(file: string, o: RunOptions): Promise<void> {
  const spec = loadSpec(file);
  const executor = await buildExecutor(o);
  const outDir = prepareOutDir(o.out ?? `studies/${spec.name}${o.quick ? '-quick' : ''}`, '--out');
  const progress = await progressReporter();
  let started = false;
  const onEvent = (e: StudyEvent): void => {
    if (e.type === 'plan') started = true;
    progress.onEvent(e);
  };
  let outcome;
  try {
    outcome = await withSignals((signal) =>
      runStudy(spec, { outDir, executor, quick: o.quick, retryFailed: o.retryFailed, trialModule: o.trialModule, maxPoints: o.maxPoints, onEvent, signal }).catch((e: unknown) => {
        // before the plan (spec, grid, folder checks) a RangeError is bad input; after it, an internal error,
        // except a link planted in the study folder (UnsafePathError), which is the input's fault at any time
        if ((!started && (e instanceof RangeError || e instanceof TypeError)) || e instanceof UnsafePathError) throw new CliUsageError(e.message.split('\n')[0]!);
        throw e;
      }),
    );
  } finally {
    progress.stop();
  }
  const { value: summary, signal } = outcome;
  if (signal) {
    const kept = o.executor === 'queue' ? 'queued jobs stay on Redis' : 'the runs in flight were stopped';
    process.stderr.write(`lowbit: study run interrupted (${signal}): ${summary.ran} runs recorded, ${kept}; run the same command again to finish the grid\n`);
    process.exitCode = SIGNAL_EXIT[signal];
    return;
  }
  process.stdout.write(`study ${spec.name}: ${summary.total} runs; ran ${summary.ran} (${summary.ok} ok, ${summary.diverged} diverged, ${summary.failed} failed), ${summary.skipped} already finished\n`);
  if (o.report) {
    const { buildReport } = await import('../../studies/report/buildReport.js');
    process.stdout.write(`${(await buildReport(outDir)).reportPath}\n`);
  } else process.stdout.write(`${resolve(outDir)}\n`);
}

/** `lowbit study worker --redis URL`: runs queue jobs until SIGINT/SIGTERM. */
export async function studyWorkerCommand(o: WorkerOptions): Promise<void> {
  const { runQueueWorker } = await import('../../studies/executors/queueWorker.js');
  const artifacts = o.artifacts === undefined ? undefined : prepareOutDir(o.artifacts, '--artifacts');
  const { value, signal } = await withSignals((s) =>
    usage('', () => runQueueWorker({ redis: o.redis, queue: o.queue, concurrency: o.concurrency, artifacts, lockSeconds: o.lockSeconds, maxStalls: o.maxStalls, trialModule: o.trialModule, signal: s })),
  );
  process.stderr.write(`lowbit: study worker stopped${signal ? ` (${signal})` : ''}: ${value.done} runs done, ${value.refused} jobs refused\n`);
  if (signal) process.exitCode = SIGNAL_EXIT[signal];
}

export async function studyStatusCommand(dir: string, o: StatusOptions): Promise<void> {
  const { studyStatus, formatStudyStatus } = await import('../../studies/store/studyStatus.js');
  const s = usage('', () => studyStatus(dir));
  if (o.json) process.stdout.write(JSON.stringify({ ...s, points: s.points.map((p) => ({ name: p.name, state: p.state, testError: p.run?.finalTestError ?? null, error: p.run?.error ?? null })) }, null, 2) + '\n');
  else process.stdout.write(formatStudyStatus(s) + '\n');
}

export async function studyReportCommand(dir: string, _o: ReportOptions): Promise<void> {
  const [{ buildReport }, { studyStatus }] = await Promise.all([import('../../studies/report/buildReport.js'), import('../../studies/store/studyStatus.js')]);
  usage('', () => studyStatus(dir)); // a folder without a study is bad input
  const files = await buildReport(dir).catch((e: unknown) => {
    throw e instanceof UnsafePathError ? new CliUsageError(e.message) : e;
  });
  process.stdout.write(`${files.reportPath}\n`);
}

export async function studySlurmCommand(file: string, o: SlurmOptions): Promise<void> {
  const spec = loadSpec(file);
  const outDir = prepareOutDir(o.out, '--out');
  const { prepareSlurmStudy } = await import('../../studies/executors/slurm.js');
  const r = await usage('', () => prepareSlurmStudy(spec, { outDir, quick: o.quick, maxPoints: o.maxPoints, parallel: o.parallel, time: o.time, partition: o.partition, trialModule: o.trialModule })).catch((e: unknown) => {
    throw e instanceof RangeError ? new CliUsageError(e.message) : e;
  });
  process.stderr.write(`study ${spec.name}: ${r.tasks} array tasks; submit with: sbatch ${r.script}; then: lowbit study collect ${outDir}\n`);
  process.stdout.write(`${r.script}\n`);
}

export async function studyRunOneCommand(dir: string, o: RunOneOptions): Promise<void> {
  const text = o.index ?? process.env.SLURM_ARRAY_TASK_ID;
  if (text === undefined || !/^\d+$/.test(text)) throw new CliUsageError(`--index: must be an integer >= 0 (or set SLURM_ARRAY_TASK_ID); got ${JSON.stringify(text ?? null)}`);
  const { runOneTask } = await import('../../studies/executors/slurm.js');
  const r = await runOneTask(dir, Number(text)).catch((e: unknown) => {
    throw e instanceof RangeError ? new CliUsageError(e.message) : e;
  });
  process.stdout.write(`${r.name}: ${r.result.status}${r.result.finalTestError === null ? '' : `, test error ${(100 * r.result.finalTestError).toFixed(2)} %`} (${r.seconds.toFixed(1)} s)\n`);
}

export async function studyCollectCommand(dir: string, o: CollectOptions): Promise<void> {
  const { collectStudy } = await import('../../studies/executors/slurm.js');
  const c = usage('', () => collectStudy(dir));
  process.stdout.write(`collected ${c.merged} runs (${c.already} already recorded, ${c.missing} without a result yet)\n`);
  if (o.report) {
    const { buildReport } = await import('../../studies/report/buildReport.js');
    process.stdout.write(`${(await buildReport(dir)).reportPath}\n`);
  }
}
