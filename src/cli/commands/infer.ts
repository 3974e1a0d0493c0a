import type { Command } from 'commander';
import { DATASET_NAMES } from '../../datasets/dataset.js';
import type { InferCommandOptions } from '../actions/infer.js';

/**
 * `lowbit infer --model FILE --dataset NAME [--test-size N] [--seed S] [--compare [--run DIR]]`: runs an exported
 * binary network on the test split with the XNOR-popcount kernels alone and prints its error and speed. The split
 * is the exported run's (same name, sizes and seed) unless overridden. `--compare` also runs the TF.js network of
 * the run (DIR, default the run named in the file) on the same images and counts differing predictions and
 * logits (bit for bit); any difference exits 1.
 */
export function registerInfer(program: Command): void {
  program
    .command('infer')
    .description('run an exported binary network with XNOR-popcount kernels on a test set')
    .requiredOption('--model <file>', 'file written by lowbit export-binary')
    .requiredOption('--dataset <name>', `test data: ${DATASET_NAMES.join(', ')}`)
    .option('--test-size <n>', 'test examples (default: the run\'s)')
    .option('--seed <s>', 'dataset seed (default: the run\'s)')
    .option('--compare', 'also run the TF.js network and compare predictions and logits')
    .option('--run <dir>', 'run folder for --compare (default: the one recorded in the model file)')
    .action(async (o: InferCommandOptions) => (await import('../actions/infer.js')).runInferCommand(o));
}
