/**
 * `lowbit/cost`: ops, memory and energy of a network, with no TF.js: the profiler from a model topology (or a
 * TF.js model) to an `OpTrace`, the model zoo, the energy models (Horowitz 45 nm, QTools, user formulas), cost
 * reports with their table, CSV and plot. The differentiable cost used while training is TF.js code: it is in
 * `lowbit`.
 *
 * @example
 * import { zooModel, profileModel, costReport, horowitz45nm } from 'lowbit/cost';
 * costReport(profileModel(zooModel('lenet5'), {}), horowitz45nm).totals.energyPj;
 * @packageDocumentation
 * @module lowbit/cost
 */
export type {
  OpTrace, LayerTrace, MacGroup, MulGroup, AddGroup, CompareGroup, UnpricedGroup, MemoryAccess, TensorInfo, Operand, OperandRef,
  OperandFormat, MacUnit, Accumulator, Phase, OpPass, TraceRole, MoveGroup, IndexTable,
} from '../../cost-models/opTrace.js';
export { toOperandFormat } from '../../cost-models/operandFormat.js';
export { classifyMac, defaultAccumulator } from '../../cost-models/macUnit.js';
export type { Arith } from '../../cost-models/arith.js';
export { numberArith } from '../../cost-models/arith.js';
export type { EnergyModel } from '../../cost-models/energyModel.js';
export { horowitz45nm } from '../../cost-models/horowitz45nm.js';
export { qtools } from '../../cost-models/qtools.js';
export { parseUserCostModel } from '../../cost-models/userCostModel.js';
export { COST_MODELS, COST_MODEL_IDS, getCostModel } from '../../cost-models/costModelRegistry.js';
export { priceTrace, ENERGY_CATEGORIES, COMPUTE_CATEGORIES } from '../../cost-models/priceTrace.js';
export type { EnergyCategory, WidthLookup } from '../../cost-models/priceTrace.js';
export { costReport } from '../../cost-models/costReport.js';
export type { CostReport, LayerCostReport, CostFigures } from '../../cost-models/costReport.js';
export { formatCostTable, formatCostCsv } from '../../cost-models/reportTable.js';
export { profileModel } from '../profiler/profileModel.js';
export type { ProfileOptions } from '../profiler/profileModel.js';
export { readTopology } from '../profiler/topology.js';
export type { ModelTopologyJson, LayerJson, ModelGraph, TopologyNode } from '../profiler/topology.js';
export { readModelFile } from '../profiler/readModelFile.js';
export { modelCost, trainingSetup } from '../profiler/modelCost.js';
export type { ModelCostOptions } from '../profiler/modelCost.js';
export { SUPPORTED_LAYER_CLASSES, unknownLayerClasses } from '../profiler/layerRegistry.js';
export { LOWBIT_LAYER_COSTS } from '../profiler/lowbitLayerCosts.js';
export { zooModel, isZooModel, ZOO_MODEL_NAMES } from '../zoo/zoo.js';
export { costPlotSpec } from './costPlot.js';
export { renderSpec } from '../plots/renderPlot.js';
export { csvText, csvCell, csvNumber } from '../../cost-models/csv.js';
export type { LayerHandler } from '../profiler/layerHandler.js';
export type { MemoryStore, MemoryCategory } from '../../cost-models/opTrace.js';
export type { Optimizer as ProfileOptimizer } from '../profiler/_internal/traffic.js';
export type { LayerOps, LayerEnv } from '../profiler/layerHandler.js';
