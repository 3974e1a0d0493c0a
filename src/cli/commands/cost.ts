import type { Command } from 'commander';
import { COST_MODEL_IDS } from '../../../cost-models/costModelRegistry.js';
import { ZOO_MODEL_NAMES } from '../../zoo/zoo.js';
import type { CostCommandOptions } from '../actions/cost.js';

/** Values of `--phase` and `--format` (checked in the action). */
export const COST_PHASES = ['inference', 'training'] as const;
export const COST_OUTPUT_FORMATS = ['table', 'csv', 'json'] as const;
/** Values of `--optimizer`: the optimizer state the training phase prices. */
export const COST_OPTIMIZERS = ['momentum', 'sgd', 'adam'] as const;

/**
 * `lowbit cost --model NAME|FILE [--policy FILE] [--cost-model horowitz45nm|qtools|FILE] [--phase inference|training]
 * [--format table|csv|json] [--plot FILE.svg|.png] [--batch-size N]`: ops, memory and energy of a network per layer
 * and in total (see docs/cost.md). The model is a zoo name or a model.json / topology file; weights are never
 * loaded. Bad input: one line on stderr, exit 2.
 */
export function registerCost(program: Command): void {
  program
    .command('cost')
    .description('ops, memory and energy of a network from its per-layer formats (docs/cost.md)')
    .requiredOption('--model <name|file>', `zoo model (${ZOO_MODEL_NAMES.join(', ')}) or a model.json / topology JSON file`)
    .option('--policy <file>', 'what-if precision policy JSON: overrides the formats the model holds, role by role')
    .option('--cost-model <id|file>', `${COST_MODEL_IDS.join('|')} or a JSON file of energy expressions`, 'horowitz45nm')
    .option('--phase <phase>', COST_PHASES.join('|'), 'inference')
    .option('--format <format>', COST_OUTPUT_FORMATS.join('|'), 'table')
    .option('--plot <file>', 'also write a bar chart of energy per layer by category (.svg or .png)')
    .option('--batch-size <n>', 'training: examples per step (per-step work is divided by it); default: the model\'s training batch, else 1')
    .option('--optimizer <kind>', `training: optimizer state priced (${COST_OPTIMIZERS.join('|')}); default: the model's training optimizer, else momentum`)
    .action(async (o: CostCommandOptions) => (await import('../actions/cost.js')).runCostCommand(o));
}
