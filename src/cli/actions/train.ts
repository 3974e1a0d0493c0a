import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliUsageError } from '../cliError.js';
import { validateTrainConfig } from '../../training/trainConfig.js';
import { runTraining } from '../../training/runTraining.js';
import { writeRunRecord } from '../../training/runRecord.js';
import { terminalProgress } from '../../training/progress.js';
import { saveModel } from '../../io/saveLoad.js';

/** Exit code of a run that diverged (NaN/Inf loss): recorded, not an error of the tool. */
export const EXIT_DIVERGED = 3;

/** Options of `lowbit train` as commander parses them. */
export interface TrainCommandOptions {
  config: string;
  out?: string;
  progress: boolean;
}

/** Reads and validates a config file; every problem is a usage error naming the file. */
export function readTrainConfig(file: string) {
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

/** The action of `lowbit train` (see `commands/train.ts`), loaded only when the command runs. */
export async function runTrainCommand(o: TrainCommandOptions): Promise<void> {
  const config = readTrainConfig(o.config);
  const out = o.out ?? join('runs', config.name ?? basename(o.config).replace(/\.json$/i, ''));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const progress = o.progress ? terminalProgress() : undefined;
  const { record, model } = await runTraining(config, { progress, log });
  if (model && record.status !== 'failed') {
    try {
      await saveModel(model, join(out, 'model'), { policy: config.policy, extra: { config } });
    } catch (e) {
      record.status = 'failed';
      record.message = `saving the model failed: ${(e as Error).message}`;
    }
  }
  const path = writeRunRecord(out, record);
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
