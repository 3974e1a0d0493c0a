/**
 * `lowbit`: quantized training in TensorFlow.js: the quantize op with straight-through estimators, precision
 * policies for every tensor role, quantized layers and optimizers, the seeded training loop and its run records,
 * datasets, backends, model files, the differentiable cost and plot rendering.
 *
 * The other entries: `lowbit/simulators` (number formats, no TF.js), `lowbit/cost` (the cost model, no TF.js),
 * `lowbit/methods`, `lowbit/xnor`, `lowbit/shift`, `lowbit/bitpruning`, `lowbit/studies` and `lowbit/testing`.
 *
 * @example
 * import { runTraining, validateTrainConfig } from 'lowbit';
 * const { record } = await runTraining(validateTrainConfig(config));
 * @packageDocumentation
 * @module lowbit
 */
export type { PolicySpec, TensorRole, RoleQuantSpec } from './policy/policySpec.js';
export { TENSOR_ROLES } from './policy/policySpec.js';
export { compilePolicy, compileRoles, validatePolicy, resolveLayerRoles, rolesToJSON } from './policy/compilePolicy.js';
export type { CompiledPolicy, CompiledRole, LayerRoles, CompilePolicyOptions } from './policy/compilePolicy.js';
export { parseLearnedFormat, learnedFormatToString, MAX_LEARNED_BITS, LEARNED_GRANULARITIES } from './policy/learnedFormat.js';
export type { LearnedFormatSpec, LearnedGranularity } from './policy/learnedFormat.js';
export { parseRoleFormat, roleFormatToString } from './policy/roleFormat.js';
export type { RoleFormatSpec } from './policy/roleFormat.js';
export { quantizeTensor } from './quantizers/quantizeTensor.js';
export type { QuantizeTensorOptions, TensorRoundingOptions } from './quantizers/quantizeTensor.js';
export { float32Limitation, assertFloat32Exact } from './quantizers/float32Exact.js';
export { parseEstimator, estimatorToString, ESTIMATOR_IDS } from './quantizers/estimatorSpec.js';
export type { EstimatorId, EstimatorSpec } from './quantizers/estimatorSpec.js';
export { estimatorDerivative, estimatorSurrogate } from './quantizers/estimators.js';
export type { RoleQuantizer, RoleQuantizerContext, ApplyOptions } from './quantizers/roleQuantizer.js';
export { createRoleQuantizer } from './quantizers/createRoleQuantizer.js';
export { ValueQuantizer, RANGE_INIT_WIDTH } from './quantizers/valueQuantizer.js';
export type { DfixedOptions, ValueRounder } from './quantizers/valueQuantizer.js';
export { LearnedQuantizer } from './quantizers/learnedQuantizer.js';
export type { LearnedStateJSON } from './quantizers/learnedQuantizer.js';
export { learnedBitQuantize } from './quantizers/learnedBitQuantize.js';
export type { LearnedBitOptions } from './quantizers/learnedBitQuantize.js';
export { uniformQuantize, groupRange } from './quantizers/uniformQuantize.js';
export { deriveSeed } from './quantizers/deriveSeed.js';
export { applyPolicy } from './policy/applyPolicy.js';
export type { ApplyPolicyOptions, AppliedLayerReport } from './policy/applyPolicy.js';
export { QDense } from './layers/qDense.js';
export type { QDenseConfig } from './layers/qDense.js';
export { QConv2D } from './layers/qConv2D.js';
export type { QConv2DConfig } from './layers/qConv2D.js';
export { Maxout } from './layers/maxout.js';
export type { MaxoutConfig } from './layers/maxout.js';
export { BatchNorm } from './layers/batchNorm.js';
export type { BatchNormConfig } from './layers/batchNorm.js';
export { SeededDropout } from './layers/seededDropout.js';
export type { SeededDropoutConfig } from './layers/seededDropout.js';
export { registerLayers, registerLowbitLayer, LOWBIT_LAYERS, LOWBIT_LAYER_CLASSES } from './layers/registerLayers.js';
export type { LowbitLayerEntry } from './layers/registerLayers.js';
export { QuantizedLayer, isQuantizedLayer } from './layers/quantizedLayer.js';
export type { QuantizedLayerConfig, QuantizedParam } from './layers/quantizedLayer.js';
export { QuantizedOptimizer } from './optimizers/quantizedOptimizer.js';
export type { OptimizerOptions, SlotState } from './optimizers/quantizedOptimizer.js';
export { QuantizedSgd } from './optimizers/sgd.js';
export type { SgdOptions } from './optimizers/sgd.js';
export { QuantizedAdam } from './optimizers/adam.js';
export type { AdamOptions } from './optimizers/adam.js';
export { QuantizedAdamax } from './optimizers/adamax.js';
export { createOptimizer } from './optimizers/createOptimizer.js';
export type { OptimizerSpec } from './optimizers/createOptimizer.js';
export { validateTrainConfig, TRAIN_CONFIG_SCHEMA } from './training/trainConfig.js';
export type { TrainConfig, ModelSpec } from './training/trainConfig.js';
export { buildModel } from './training/buildModel.js';
export type { BuildModelOptions } from './training/buildModel.js';
export { fit, DEFAULT_VALIDATION_SHARE } from './training/fit.js';
export type { FitOptions, FitReport, ParamGroup, TrainingExtension } from './training/fit.js';
export type { TrainingEvent, TrainingListener, EpochRecord, Divergence } from './training/trainingEvents.js';
export { modelFootprint, DEFAULT_MEMORY_BUDGET_MIB } from './training/modelFootprint.js';
export type { ModelFootprint } from './training/modelFootprint.js';
export { runTraining, eventLine } from './training/runTraining.js';
export type { RunTrainingOptions } from './training/runTraining.js';
export { writeRunRecord, runVersions, gitSha } from './training/runRecord.js';
export type { RunRecord, RunStatus } from './training/runRecord.js';
export { terminalProgress, progressListener, NO_PROGRESS } from './training/progress.js';
export type { Progress } from './training/progress.js';
export { fileSystemHandler } from './io/fileSystemHandler.js';
export { saveModel, loadModel } from './io/saveLoad.js';
export type { LowbitModelMetadata } from './io/saveLoad.js';
export { initBackend, activeBackend, BACKEND_PREFERENCES } from './backend/initBackend.js';
export type { BackendInfo, BackendPreference, InitBackendOptions } from './backend/initBackend.js';
export { loadDataset } from './datasets/loadDataset.js';
export type { DatasetSpec } from './datasets/loadDataset.js';
export type { Dataset, Split, DatasetName, ResolvedDatasetSpec } from './datasets/dataset.js';
export { createBitVariables, GRANULARITIES } from './cost/bitVariables.js';
export type { BitVariables, BitVariableOptions, Granularity } from './cost/bitVariables.js';
export { differentiableCost } from './cost/differentiableCost.js';
export type { DifferentiableCostOptions, CostTarget } from './cost/differentiableCost.js';
export { meanBits, macWeightedBits, sizeWeightedBits, modelledEnergy } from './cost/bitTargets.js';
export { renderSpec, renderSvg, svgToPng } from './plots/renderPlot.js';
export type { PolicyRuleSpec, RolesSpec } from './policy/policySpec.js';
export type { ParamBinding } from './optimizers/paramBinding.js';
export type { NonFiniteTensor } from './optimizers/quantizedOptimizer.js';
export type { TrainData } from './training/trainData.js';
export type { FileSystemHandlerOptions } from './io/fileSystemHandler.js';
export { jupyterPlot } from './plots/jupyterPlot.js';
export type { JupyterPlot, PlotMimeBundle } from './plots/jupyterPlot.js';
export type { LayerMatchSpec } from './policy/policySpec.js';
export type { DataSplit } from './training/trainData.js';
