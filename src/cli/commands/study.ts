import type { Command } from 'commander';
import { Option } from 'commander';
import { resolve } from 'node:path';
import type { StudyEvent } from '../../studies/runStudy.js';
import { CliUsageError } from '../cliError.js';

// The study modules (SQLite, vega, resvg, tfjs) load only when a study command runs, so other commands start fast.
const runModules = async () => ({
  ...(await import('../../studies/spec/loadStudySpec.js')),
  ...(await import('../../studies/runStudy.js')),
  ...(await import('../../studies/progressText.js')),
  cliProgress: (await import('cli-progress')).default,
});
const reportModule = () => import('../../studies/report/buildReport.js');
type RunModules = Awaited<ReturnType<typeof runModules>>;

function parseJobs(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) throw new CliUsageError(`--jobs: must be an integer >= 1; got ${JSON.stringify(text)}`);
  return n;
}

interface RunOptions {
  out?: string;
  jobs?: number;
  quick: boolean;
  retryFailed: boolean;
  report: boolean;
  trialModule?: string;
}

/** A progress bar on a terminal; one line per finished run otherwise (logs, CI). Both on stderr. */
function progressReporter({ StudyProgress, cliProgress }: RunModules): { onEvent: (e: StudyEvent) => void; stop: () => void } {
  const p = new StudyProgress();
  const tty = process.stderr.isTTY === true;
  const bar = tty ? new cliProgress.SingleBar({ format: '{bar} {text}', stream: process.stderr, hideCursor: true, barsize: 24 }, cliProgress.Presets.shades_classic) : null;
  let timer: NodeJS.Timeout | undefined;
  return {
    onEvent: (e) => {
      p.update(e);
      if (e.type === 'plan') {
        process.stderr.write(`study: ${e.total} grid points, ${e.finished} already finished, ${e.todo ? `${e.todo} to run on ${Math.min(e.jobs, e.todo)} workers` : 'nothing to run'}\n`);
        if (bar && e.todo > 0) {
          bar.start(1000, 0, { text: p.line() });
          timer = setInterval(() => bar.update(Math.round(1000 * p.fraction()), { text: p.line() }), 1000);
        }
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

async function runCommand(file: string, o: RunOptions): Promise<void> {
  const m = await runModules();
  const { loadStudySpec, runStudy } = m;
  const spec = loadStudySpec(file);
  const outDir = o.out ?? `studies/${spec.name}${o.quick ? '-quick' : ''}`;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = progressReporter(m);
  let summary;
  try {
    summary = await runStudy(spec, { outDir, jobs: o.jobs, quick: o.quick, retryFailed: o.retryFailed, trialModule: o.trialModule, onEvent: progress.onEvent, signal: controller.signal });
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (summary.interrupted) {
    process.stderr.write(`study: interrupted; the runs in flight were dropped. Run the same command again to finish the grid.\n`);
    process.exit(130);
  }
  process.stdout.write(`study ${spec.name}: ${summary.total} grid points; ran ${summary.ran} (${summary.ok} ok, ${summary.diverged} diverged, ${summary.failed} failed), ${summary.skipped} already finished\n`);
  if (o.report) {
    const files = await (await reportModule()).buildReport(outDir);
    process.stdout.write(`${files.reportPath}\n`);
  } else process.stdout.write(`${resolve(outDir)}\n`);
}

/** `lowbit study run FILE`, `lowbit study status DIR`, `lowbit study report DIR` (docs/studies.md). */
export function registerStudy(program: Command): void {
  const study = program.command('study').description('precision sweeps: run a study spec, show its status, rebuild its report');
  study
    .command('run')
    .description('run every grid point of a study spec (skips finished runs), then write the report; prints the report path last')
    .argument('<file>', 'study spec JSON (docs/studies.md)')
    .option('--out <dir>', 'study folder (default studies/<name>, or studies/<name>-quick with --quick)')
    .option('--jobs <n>', 'parallel runs (default: one per core)', parseJobs)
    .option('--quick', "shrink every run with the spec's 'quick' overrides (seconds, for tests)", false)
    .option('--no-retry-failed', 'keep failed runs as they are instead of running them again')
    .option('--no-report', 'do not write the report at the end')
    .addOption(new Option('--trial-module <file>', 'module exporting runTrial(config, ctx) to run instead of the lowbit trainer'))
    .action((file: string, o: RunOptions) => runCommand(file, o));
  study
    .command('status')
    .description('what is done, running, failed or left in a study folder')
    .argument('<dir>', 'study folder')
    .option('--json', 'print the status as JSON', false)
    .action(async (dir: string, o: { json: boolean }) => {
      const { studyStatus, formatStudyStatus } = await import('../../studies/store/studyStatus.js');
      const s = studyStatus(dir);
      if (o.json) process.stdout.write(JSON.stringify({ ...s, points: s.points.map((p) => ({ name: p.name, state: p.state, testError: p.run?.finalTestError ?? null, error: p.run?.error ?? null })) }, null, 2) + '\n');
      else process.stdout.write(formatStudyStatus(s) + '\n');
    });
  study
    .command('report')
    .description('rebuild report.html, the plots (SVG, PNG) and results.csv of a study folder; prints the report path')
    .argument('<dir>', 'study folder')
    .action(async (dir: string) => {
      const { buildReport } = await reportModule();
      const files = await buildReport(dir);
      process.stdout.write(`${files.reportPath}\n`);
    });
}
