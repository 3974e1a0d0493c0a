import type { Command } from 'commander';
import type { ExportBinaryCommandOptions } from '../actions/exportBinary.js';

/**
 * `lowbit export-binary --run DIR --out FILE [--backend B]`: exports the trained binary network of a run folder
 * to the XNOR engine's JSON file (packed ±1 weights, one integer threshold per hidden unit or conv filter, max
 * pools as bit ORs, the last layer's float32 bias or batch-norm table). The thresholds reproduce the TF.js network
 * on the backend used here: by default the run's own backend (run.json), else LOWBIT_BACKEND, else auto.
 */
export function registerExportBinary(program: Command): void {
  program
    .command('export-binary')
    .description('export a trained binary network (binary weights and activations) for XNOR-popcount inference')
    .requiredOption('--run <dir>', 'run folder written by lowbit train (DIR/model/, DIR/run.json)')
    .requiredOption('--out <file>', 'output file (JSON)')
    .option('--backend <name>', 'TF.js backend whose float32 decisions the thresholds reproduce (default: the run\'s)')
    .action(async (o: ExportBinaryCommandOptions) => (await import('../actions/exportBinary.js')).runExportBinaryCommand(o));
}
