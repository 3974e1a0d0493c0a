import { existsSync, readFileSync } from 'node:fs';
import { COST_MODEL_IDS, COST_MODELS } from '../../../cost-models/costModelRegistry.js';
import type { EnergyModel } from '../../../cost-models/energyModel.js';
import { formatCostCsv, formatCostTable } from '../../../cost-models/reportTable.js';
import { validatePolicy } from '../../policy/compilePolicy.js';
import type { PolicySpec } from '../../policy/policySpec.js';
import { modelTrace } from '../../profiler/modelCost.js';
import { costReport } from '../../../cost-models/costReport.js';
import { readModelFile } from '../../profiler/readModelFile.js';
import { unknownLayerClasses } from '../../profiler/layerRegistry.js';
import { isZooModel, zooModel, ZOO_MODEL_NAMES } from '../../zoo/zoo.js';
import { CliUsageError, asUsage } from '../cliError.js';
import { prepareOutFile } from '../../io/prepareOutDir.js';
import { COST_OPTIMIZERS as OPTIMIZERS, COST_OUTPUT_FORMATS as FORMATS, COST_PHASES as PHASES } from '../commands/cost.js';

/** Options of `lowbit cost` as commander parses them. */
export type CostCommandOptions = Record<string, string | undefined>;

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

/** The action of `lowbit cost` (see `commands/cost.ts`), loaded only when the command runs. */
export async function runCostCommand(o: CostCommandOptions): Promise<void> {
  const phase = choice('--phase', o.phase!, PHASES);
  const format = choice('--format', o.format!, FORMATS);
  if (o.plot !== undefined && !/\.(svg|png)$/i.test(o.plot)) throw new CliUsageError(`--plot: file must end in .svg or .png; got ${JSON.stringify(o.plot)}`);
  if (o.batchSize !== undefined && (!/^\d+$/.test(o.batchSize) || Number(o.batchSize) < 1 || !Number.isSafeInteger(Number(o.batchSize)))) throw new CliUsageError(`--batch-size: must be a positive integer; got ${JSON.stringify(o.batchSize)}`);
  const optimizer = o.optimizer === undefined ? undefined : choice('--optimizer', o.optimizer, OPTIMIZERS);
  const model = readModel(o.model!);
  const policy = o.policy === undefined ? undefined : readPolicy(o.policy);
  const energy = await readCostModel(o.costModel!);
  const plot = o.plot === undefined ? undefined : prepareOutFile(o.plot, '--plot');
  // the formats the model holds; --policy is a what-if override (the report says so). The training batch and
  // optimizer default to the model's own. The profiler's RangeErrors (layer classes, shapes) are bad input, and so
  // are a user cost model's.
  const options = { phase, ...(policy ? { policy } : {}), ...(o.batchSize ? { batchSize: Number(o.batchSize) } : {}), ...(optimizer ? { optimizer } : {}) };
  // lowbit's own classes are priced by name without TF.js; a class outside that table may be a LOWBIT_LAYERS type
  // whose handler comes with the layer registry (which loads TF.js): load it only then
  if (asUsage('--model', () => unknownLayerClasses(model)).length) await import('../../layers/registerLayers.js');
  const trace = asUsage('--model', () => modelTrace(model, options));
  const builtIn = Object.hasOwn(COST_MODELS, o.costModel!);
  const report = builtIn ? costReport(trace, energy) : asUsage('--cost-model', () => costReport(trace, energy));
  if (format === 'table') process.stdout.write(formatCostTable(report));
  else if (format === 'csv') process.stdout.write(formatCostCsv(report));
  else process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  if (plot !== undefined) {
    const [{ costPlotSpec }, { renderSpec }] = await Promise.all([import('../../cost/costPlot.js'), import('../../plots/renderPlot.js')]);
    await renderSpec(costPlotSpec(report), plot);
  }
}
