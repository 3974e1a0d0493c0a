/**
 * `lowbit/bitpruning`: learned bitlengths (BitPruning, Nikolić et al. 2020): the differentiable bit width, the
 * layers and banks that hold it, the cost-weighted regularizer and the training schedule.
 *
 * @example
 * import { learnedBitQuantize } from 'lowbit/bitpruning';
 * @packageDocumentation
 */
export { learnedBitQuantize, MAX_LEARNED_BITS } from './learnedBitQuantize.js';
export type { LearnedBitOptions } from './learnedBitQuantize.js';
export { uniformQuantize, groupRange } from './uniformQuantize.js';
export { BitlengthBank, bitGroup, BIT_GRANULARITIES } from './bitlengthBank.js';
export type { BitGranularity, BitRole, BitlengthBankOptions } from './bitlengthBank.js';
export { BitDense, BitConv2D, attachBitlengthBank, isBitLayer } from './bitLayers.js';
export type { BitDenseConfig, BitConv2DConfig, BitLayer, BitLayerConfig } from './bitLayers.js';
export { registerBitLayers, BIT_LAYER_CLASSES } from './registerBitLayers.js';
export { costModelBits, bankBitVariables, BIT_COST_TARGETS } from './costModelBits.js';
export type { BitCostTarget, BitCostFn, CostModelBits } from './costModelBits.js';
export { bitRegularizer } from './bitRegularizer.js';
export type { BitRegularizer, BitRegularizerOptions } from './bitRegularizer.js';
export { BitTrajectory, bitSummary } from './bitTrajectory.js';
export type { BitTrajectoryPoint, BitSummary } from './bitTrajectory.js';
export { trainBitPruning, logitsAccuracy } from './trainBitPruning.js';
export type { TrainBitPruningOptions, TensorSplit, BitEpochRow, BitPruningReport } from './trainBitPruning.js';
export { BIT_PRUNING_SCHEMA, checkBitPruningConfig } from './bitPruningConfig.js';
export type { BitPruningSpec } from './bitPruningConfig.js';
export { buildBitPruningModel, runBitPruningConfig } from './runBitPruningConfig.js';
export type { BitPruningRecord } from './runBitPruningConfig.js';
