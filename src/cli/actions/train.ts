import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliUsageError } from '../cliError.js';
import { validateTrainConfig, type TrainConfig } from '../../training/trainConfig.js';
import { runTraining } from '../../training/runTraining.js';
import { writeRunRecord } from '../../training/runRecord.js';
import { terminalProgress } from '../../training/progress.js';
import { saveModel } from '../../io/saveLoad.js';
import { prepareOutDir } from '../../io/prepareOutDir.js';
import { resolveInside } from '../../io/resolveInside.js';
import { onInterrupt } from '../interrupt.js';
import { backendOption } from '../backendOption.js';

/** Exit code of a run that diverged (NaN/Inf loss): recorded, not an error of the tool. */
export const EXIT_DIVERGED = 3;

/** Folder that holds the default run folders (`runs/<config name>`). */
export const RUNS_DIR = 'runs';

/** Options of `lowbit train` as commander parses them. */
export interface TrainCommandOptions {
  config: string;
  out?: string;
  progress: boolean;
  dryRun?: boolean;
}

/** Reads and validates a config file; every problem is a usage error naming the file. */
export function readTrainConfig(file: string): TrainConfig {
  if (!existsSync(file)) throw new CliUsageError(`--config: file ${JSON.stringify(file)} does not exist`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliUsageError(`--config: ${file} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return validateTrainConfig(json);
  } catch (e) {
    throw new CliUsageError(`--config ${file}: ${(e as Error).message}`);
  }
}

/**
 * The run folder: `--out`, else `runs/<config name>` (else `runs/<file name>`). A name read from the config must
 * stay inside `runs/` (no `..`, no absolute path), and the folder is created and checked before any work.
 */
export function runFolder(config: TrainConfig, o: TrainCommandOptions): string {
  if (o.out !== undefined) return prepareOutDir(o.out, '--out');
  const [name, what] = config.name !== undefined ? [config.name, `--config ${o.config}: config.name`] : [basename(o.config).replace(/\.json$/i, ''), '--config (file name)'];
  let dir: string;
  try {
    dir = resolveInside(RUNS_DIR, name, what);
  } catch (e) {
    throw new CliUsageError(`${(e as Error).message} (or pass --out DIR)`);
  }
  return prepareOutDir(dir, what);
}

/** A planted symlink where the model goes would be refused by the writer after training: refuse it now. */
function checkModelSlot(out: string): void {
  const p = join(out, 'model');
  let link = false;
  try {
    link = lstatSync(p).isSymbolicLink();
  } catch {
    return;
  }
  if (link) throw new CliUsageError(`--out: ${JSON.stringify(p)} is a symlink; lowbit never writes through symlinks in a run folder`);
}

/** The action of `lowbit train` (see `commands/train.ts`), loaded only when the command runs. */
export async function runTrainCommand(o: TrainCommandOptions): Promise<void> {
  const config = readTrainConfig(o.config);
  backendOption(undefined, '');
  const out = runFolder(config, o);
  checkModelSlot(out);
  if (o.dryRun) {
    process.stdout.write(`dry run: ${o.config} is valid (${config.model.type}, ${config.dataset.name}, ${config.epochs} epoch(s)); output folder ${out}\n`);
    return;
  }
  // the outcome line ('training diverged: …', 'training failed: …') is printed once, below, as the diagnostic line
  const log = (line: string) => {
    if (!/^training (diverged|failed)\b/.test(line)) process.stderr.write(`${line}\n`);
  };
  const progress = o.progress ? terminalProgress() : undefined;
  // SIGINT/SIGTERM: stop waiting, write nothing more (no partial run.json); the process exits 130/143
  const work = async () => {
    const { record, model } = await runTraining(config, { progress, log });
    if (model && record.status !== 'failed') {
      try {
        await saveModel(model, join(out, 'model'), { policy: config.policy, extra: { config } }, { root: out });
      } catch (e) {
        record.status = 'failed';
        record.message = `saving the model failed: ${(e as Error).message}`;
      }
    }
    return { record, model };
  };
  const { record, model } = await onInterrupt(work(), (signal) => {
    progress?.stop();
    return `train: interrupted (${signal}); no run.json written to ${out}`;
  });
  let path: string;
  try {
    path = writeRunRecord(out, record);
  } catch (e) {
    throw new Error(`writing ${join(out, 'run.json')}: ${(e as Error).message}`);
  }
  const err = record.final.testError === null ? 'n/a' : `${(100 * record.final.testError).toFixed(2)}%`;
  process.stdout.write(
    `${record.status}: test error ${err} after ${record.final.epochs} epoch(s), ${record.final.seconds.toFixed(1)} s on ${record.backend}; ${path}\n`,
  );
  if (record.status === 'diverged') {
    process.stderr.write(`lowbit: ${record.message}\n`);
    process.exitCode = EXIT_DIVERGED;
  } else if (record.status === 'failed') {
    process.stderr.write(`lowbit: training failed: ${record.message}\n`);
    process.exitCode = 1;
  }
  model?.dispose();
}
