import type { Command } from 'commander';
import { Option } from 'commander';
import { CliUsageError } from '../cliError.js';
import type { CollectOptions, ReportOptions, RunOneOptions, RunOptions, SlurmOptions, StatusOptions, WorkerOptions } from '../actions/study.js';

/** A positive integer option value, or a usage error naming the option. */
const positiveInt = (name: string) => (text: string): number => {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || !Number.isSafeInteger(n)) throw new CliUsageError(`${name}: must be an integer >= 1; got ${JSON.stringify(text)}`);
  return n;
};
const action = () => import('../actions/study.js');

/**
 * `lowbit study run|worker|status|report|slurm|run-one|collect` (docs/studies.md). This module only registers
 * the commands; the study modules (SQLite, BullMQ, vega, tfjs) load when a command runs.
 */
export function registerStudy(program: Command): void {
  const study = program.command('study').description('precision sweeps: run a study spec (locally, on a Redis queue or on Slurm), show its status, rebuild its report');
  study
    .command('run')
    .description('run every grid point of a study spec (skips finished runs), then write the report; prints the report path last')
    .argument('<file>', 'study spec JSON (docs/studies.md)')
    .option('--out <dir>', 'study folder (default studies/<name>, or studies/<name>-quick with --quick)')
    .addOption(new Option('--executor <name>', 'where the runs execute').choices(['local', 'queue']).default('local'))
    .option('--jobs <n>', 'local executor: parallel runs (default: one per core)', positiveInt('--jobs'))
    .option('--redis <url>', 'queue executor: Redis URL (redis://host:port, unix:///path.sock)')
    .option('--queue <name>', 'queue executor: BullMQ queue name (default lowbit-studies)')
    .option('--attempts <n>', 'queue executor: tries of a job that a worker refuses or that throws (default 3)', positiveInt('--attempts'))
    .option('--artifacts <dir>', 'queue executor: a folder every worker reaches, where runs keep their model files')
    .option('--quick', "shrink every run with the spec's 'quick' overrides (seconds, for tests)", false)
    .option('--no-retry-failed', 'keep failed runs as they are instead of running them again')
    .option('--no-report', 'do not write the report at the end')
    .option('--max-points <n>', 'most runs (points × seeds) the grid may have (default 100000)', positiveInt('--max-points'))
    .addOption(new Option('--trial-module <file>', 'module exporting runTrial(config, ctx) to run instead of the lowbit trainer'))
    .action(async (file: string, o: RunOptions) => (await action()).studyRunCommand(file, o));
  study
    .command('worker')
    .description('run study jobs from a Redis queue (any machine that reaches it); stops on Ctrl-C')
    .requiredOption('--redis <url>', 'Redis URL (redis://host:port, unix:///path.sock)')
    .option('--concurrency <n>', 'runs at once (default 1)', positiveInt('--concurrency'), 1)
    .option('--queue <name>', 'BullMQ queue name (default lowbit-studies)')
    .option('--artifacts <dir>', "folder for the runs' files (default: the coordinator's --artifacts, else ./lowbit-artifacts)")
    .option('--lock-seconds <n>', 'seconds without a heartbeat after which a job counts as stalled and goes to another worker (default 30)', positiveInt('--lock-seconds'))
    .option('--max-stalls <n>', 'times a job may stall (its worker died) before it is recorded as failed (default 2)', (t: string) => (t === '0' ? 0 : positiveInt('--max-stalls')(t)))
    .addOption(new Option('--trial-module <file>', 'the trial module the coordinator uses'))
    .action(async (o: WorkerOptions) => (await action()).studyWorkerCommand(o));
  study
    .command('status')
    .description('what is done, running, failed or left in a study folder')
    .argument('<dir>', 'study folder')
    .option('--json', 'print the status as JSON', false)
    .action(async (dir: string, o: StatusOptions) => (await action()).studyStatusCommand(dir, o));
  study
    .command('report')
    .description('rebuild report.html, the plots (SVG, PNG) and the CSV files of a study folder; prints the report path')
    .argument('<dir>', 'study folder')
    .action(async (dir: string, o: ReportOptions) => (await action()).studyReportCommand(dir, o));
  study
    .command('slurm')
    .description('write a Slurm job-array script whose tasks run `lowbit study run-one`; merge with `lowbit study collect DIR`')
    .argument('<file>', 'study spec JSON')
    .requiredOption('--out <dir>', 'study folder (on a file system every node reaches)')
    .option('--quick', "apply the spec's 'quick' overrides", false)
    .option('--max-points <n>', 'most runs the grid may have (default 100000)', positiveInt('--max-points'))
    .option('--parallel <n>', 'most array tasks running at once (%N of --array)', positiveInt('--parallel'))
    .option('--time <limit>', 'time limit of each task (#SBATCH --time), e.g. 02:00:00')
    .option('--partition <name>', '#SBATCH --partition')
    .addOption(new Option('--trial-module <file>', 'module exporting runTrial(config, ctx) to run instead of the lowbit trainer'))
    .action(async (file: string, o: SlurmOptions) => (await action()).studySlurmCommand(file, o));
  study
    .command('run-one')
    .description('run one grid point of a study folder prepared by `lowbit study slurm` (a Slurm array task)')
    .argument('<dir>', 'study folder')
    .option('--index <n>', 'grid index (default $SLURM_ARRAY_TASK_ID)')
    .action(async (dir: string, o: RunOneOptions) => (await action()).studyRunOneCommand(dir, o));
  study
    .command('collect')
    .description("merge the results of `lowbit study run-one` tasks into the study's database, then write the report")
    .argument('<dir>', 'study folder')
    .option('--no-report', 'do not write the report')
    .action(async (dir: string, o: CollectOptions) => (await action()).studyCollectCommand(dir, o));
}
