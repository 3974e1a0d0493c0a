import type { Command } from 'commander';
import type { TrainCommandOptions } from '../actions/train.js';

/**
 * `lowbit train --config FILE.json [--out DIR] [--no-progress] [--dry-run]`: trains the model a config describes and writes
 * `DIR/run.json` (status ok | diverged | failed, config, seed, backend, versions, epochs, final.testError) and,
 * unless it failed, the model in `DIR/model/` (model.json + weights.bin). DIR defaults to `runs/<config name>`.
 * A config `name` must stay inside `runs/`; the folder is created and checked before training starts.
 * Exit codes: 0 ok, 3 diverged, 1 failed, 2 bad usage or config, 130/143 interrupted (SIGINT/SIGTERM: no run.json). The backend comes from the config's `backend`,
 * else LOWBIT_BACKEND, else auto.
 */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train a model described by a JSON config; writes DIR/run.json and DIR/model/')
    .requiredOption('--config <file>', 'training config (JSON; see docs/training.md)')
    .option('--out <dir>', 'output folder (default runs/<config name>)')
    .option('--no-progress', 'no progress bar')
    .option('--dry-run', 'validate the config and prepare the output folder, then stop (no training)')
    .action(async (o: TrainCommandOptions) => (await import('../actions/train.js')).runTrainCommand(o));
}
