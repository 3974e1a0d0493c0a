/**
 * `lowbit/bitpruning`: learned bitlengths (BitPruning, Nikolić et al. 2020): the differentiable bit width, the
 * layers and banks that hold it, the cost-weighted regularizer and the training schedule.
 *
 * @example
 * import { learnedBitQuantize } from 'lowbit/bitpruning';
 * @packageDocumentation
 * @module lowbit/bitpruning
 */
export { learnedWidths, widthValues } from './learnedWidths.js';
export type { LearnedWidth } from './learnedWidths.js';
export { costModelBits, learnedBitVariables, BIT_COST_TARGETS } from './costModelBits.js';
export type { BitCostTarget, BitCostFn, CostModelBits } from './costModelBits.js';
export { bitRegularizer } from './bitRegularizer.js';
export type { BitRegularizer, BitRegularizerOptions } from './bitRegularizer.js';
export { BitTrajectory, bitSummary } from './bitTrajectory.js';
export type { BitTrajectoryPoint, BitSummary } from './bitTrajectory.js';
export { bitPruningTraining, bitPruningSchedule } from './bitPruningSchedule.js';
export type { BitEpochRow, BitPruningRecord } from './bitPruningSchedule.js';
export { BIT_PRUNING_SCHEMA, bitPruningPolicy, hasLearnedRoles } from './bitPruningConfig.js';
export type { BitPruningSpec } from './bitPruningConfig.js';
