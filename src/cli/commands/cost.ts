import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { COST_MODEL_IDS, COST_MODELS } from '../../../cost-models/costModelRegistry.js';
import type { EnergyModel } from '../../../cost-models/energyModel.js';
import { formatCostCsv, formatCostTable } from '../../../cost-models/reportTable.js';
import { validatePolicy } from '../../policy/compilePolicy.js';
import type { PolicySpec } from '../../policy/policySpec.js';
import { modelCost } from '../../profiler/modelCost.js';
import { readModelFile } from '../../profiler/readModelFile.js';
import { isZooModel, zooModel, ZOO_MODEL_NAMES } from '../../zoo/zoo.js';
import { CliUsageError } from '../cliError.js';

const PHASES = ['inference', 'training'] as const;
const FORMATS = ['table', 'csv', 'json'] as const;
const OPTIMIZERS = ['momentum', 'sgd', 'adam'] as const;

/**
 * `lowbit cost --model NAME|FILE [--policy FILE] [--cost-model horowitz45nm|qtools|FILE] [--phase inference|training]
 * [--format table|csv|json] [--plot FILE.svg|.png] [--batch-size N] [--optimizer momentum|sgd|adam]`: ops, memory and
 * energy of a network per layer and in total (see docs/cost.md), priced at the formats the model holds (`modelCost`);
 * `--policy` is a what-if override and the report says so. The model is a zoo name or a model.json / topology file;
 * weights are never loaded. Bad input: one line on stderr, exit 2.
 */
export function registerCost(program: Command): void {
  program
    .command('cost')
    .description('ops, memory and energy of a network from its per-layer formats (docs/cost.md)')
    .requiredOption('--model <name|file>', `zoo model (${ZOO_MODEL_NAMES.join(', ')}) or a model.json / topology JSON file`)
    .option('--policy <file>', 'what-if precision policy JSON: overrides the formats the model holds, role by role')
    .option('--cost-model <id|file>', `${COST_MODEL_IDS.join('|')} or a JSON file of energy expressions`, 'horowitz45nm')
    .option('--phase <phase>', PHASES.join('|'), 'inference')
    .option('--format <format>', FORMATS.join('|'), 'table')
    .option('--plot <file>', 'also write a bar chart of energy per layer by category (.svg or .png)')
    .option('--batch-size <n>', 'training: examples per step (per-step work is divided by it); default: the model\'s training batch, else 1')
    .option('--optimizer <kind>', `training: optimizer state priced (${OPTIMIZERS.join('|')}); default: the model's training optimizer, else momentum`)
    .action(async (o: Record<string, string | undefined>) => {
      const phase = choice('--phase', o.phase!, PHASES);
      const format = choice('--format', o.format!, FORMATS);
      if (o.plot !== undefined && !/\.(svg|png)$/i.test(o.plot)) throw new CliUsageError(`--plot: file must end in .svg or .png; got ${JSON.stringify(o.plot)}`);
      if (o.batchSize !== undefined && (!/^\d+$/.test(o.batchSize) || Number(o.batchSize) < 1)) throw new CliUsageError(`--batch-size: must be a positive integer; got ${JSON.stringify(o.batchSize)}`);
      const optimizer = o.optimizer === undefined ? undefined : choice('--optimizer', o.optimizer, OPTIMIZERS);
      const model = readModel(o.model!);
      const policy = o.policy === undefined ? undefined : readPolicy(o.policy);
      const energy = await readCostModel(o.costModel!);
      // the model's own formats; --policy is a what-if override (the report says so)
      const report = modelCost(model, { phase, costModel: energy, ...(policy ? { policy } : {}), ...(o.batchSize ? { batchSize: Number(o.batchSize) } : {}), ...(optimizer ? { optimizer } : {}) });
      if (format === 'table') process.stdout.write(formatCostTable(report));
      else if (format === 'csv') process.stdout.write(formatCostCsv(report));
      else process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      if (o.plot !== undefined) {
        const [{ costPlotSpec }, { renderSpec }] = await Promise.all([import('../../cost/costPlot.js'), import('../../cost/renderPlot.js')]);
        await renderSpec(costPlotSpec(report), o.plot);
      }
    });
}

function choice<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new CliUsageError(`${flag}: must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  return value as T;
}

function readModel(arg: string): unknown {
  if (isZooModel(arg)) return zooModel(arg);
  if (!existsSync(arg)) throw new CliUsageError(`--model: ${JSON.stringify(arg)} is neither a zoo model (${ZOO_MODEL_NAMES.join(', ')}) nor a file`);
  try {
    return readModelFile(arg);
  } catch (e) {
    throw new CliUsageError(`--model: ${(e as Error).message}`);
  }
}

function readJson(flag: string, file: string): unknown {
  if (!existsSync(file)) throw new CliUsageError(`${flag}: file ${JSON.stringify(file)} does not exist`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliUsageError(`${flag}: ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

function readPolicy(file: string): PolicySpec {
  const json = readJson('--policy', file);
  try {
    return validatePolicy(json, file);
  } catch (e) {
    throw new CliUsageError(`--policy: ${(e as Error).message}`);
  }
}

async function readCostModel(arg: string): Promise<EnergyModel> {
  if (Object.hasOwn(COST_MODELS, arg)) return COST_MODELS[arg]!;
  if (!existsSync(arg)) throw new CliUsageError(`--cost-model: ${JSON.stringify(arg)} is neither a built-in model (${COST_MODEL_IDS.join(', ')}) nor a file`);
  const { parseUserCostModel } = await import('../../../cost-models/userCostModel.js');
  try {
    return parseUserCostModel(readFileSync(arg, 'utf8'), arg);
  } catch (e) {
    throw new CliUsageError(`--cost-model: ${(e as Error).message}`);
  }
}
