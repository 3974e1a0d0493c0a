/**
 * `lowbit`: quantized training in TensorFlow.js: the quantize op with straight-through estimators, precision
 * policies for every tensor role, quantized layers and optimizers, the seeded training loop and its run records,
 * datasets, backends, model files, the differentiable cost and plot rendering.
 *
 * The other entries: `lowbit/simulators` (number formats, no TF.js), `lowbit/cost` (the cost model, no TF.js),
 * `lowbit/methods`, `lowbit/xnor`, `lowbit/shift`, `lowbit/bitpruning` and `lowbit/studies`.
 *
 * @example
 * import { runTraining, validateTrainConfig } from 'lowbit';
 * const { record } = await runTraining(validateTrainConfig(config));
 * @packageDocumentation
 */
export type { PolicySpec, TensorRole, RoleQuantSpec } from './policy/policySpec.js';
export { TENSOR_ROLES } from './policy/policySpec.js';
export { validatePolicy, resolveLayerPrecision, resolveLayerRoles } from './policy/resolvePolicy.js';
export { quantizeTensor } from './quantizers/quantizeTensor.js';
export type { QuantizeTensorOptions, TensorRoundingOptions } from './quantizers/quantizeTensor.js';
export { float32Limitation, assertFloat32Exact } from './quantizers/float32Exact.js';
export { parseEstimator, estimatorToString, ESTIMATOR_IDS } from './quantizers/estimatorSpec.js';
export type { EstimatorId, EstimatorSpec } from './quantizers/estimatorSpec.js';
export { estimatorDerivative, estimatorSurrogate } from './quantizers/estimators.js';
export { RoleQuantizer, RANGE_INIT_WIDTH } from './quantizers/roleQuantizer.js';
export type { DfixedOptions, RoleQuantizerSpec } from './quantizers/roleQuantizer.js';
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
export { registerLayers, LOWBIT_LAYER_CLASSES } from './layers/registerLayers.js';
export { isQuantizedLayer } from './layers/_internal/layerQuant.js';
export type { LayerQuantConfig, QuantizedLayer } from './layers/_internal/layerQuant.js';
export { QuantizedOptimizer } from './optimizers/quantizedOptimizer.js';
export type { OptimizerOptions, SlotState } from './optimizers/quantizedOptimizer.js';
export { QuantizedSgd } from './optimizers/sgd.js';
export type { SgdOptions } from './optimizers/sgd.js';
export { QuantizedAdam } from './optimizers/adam.js';
export type { AdamOptions } from './optimizers/adam.js';
export { QuantizedAdamax } from './optimizers/adamax.js';
export { createOptimizer } from './optimizers/createOptimizer.js';
export type { OptimizerSpec } from './optimizers/createOptimizer.js';
export { bindParams } from './optimizers/paramBinding.js';
export type { ParamBinding } from './optimizers/paramBinding.js';
export { validateTrainConfig, TRAIN_CONFIG_SCHEMA } from './training/trainConfig.js';
export type { TrainConfig, ModelSpec } from './training/trainConfig.js';
export { buildModel } from './training/buildModel.js';
export type { BuildModelOptions } from './training/buildModel.js';
export { fit } from './training/fit.js';
export type { FitOptions, FitReport, EpochRecord } from './training/fit.js';
export { runTraining } from './training/runTraining.js';
export type { RunTrainingOptions } from './training/runTraining.js';
export { writeRunRecord, runVersions } from './training/runRecord.js';
export type { RunRecord, RunStatus } from './training/runRecord.js';
export { errorRate, batchTensors } from './training/trainData.js';
export type { TrainData, DataSplit } from './training/trainData.js';
export { terminalProgress, NO_PROGRESS } from './training/progress.js';
export type { Progress } from './training/progress.js';
export { fileSystemHandler } from './io/fileSystemHandler.js';
export { saveModel, loadModel } from './io/saveLoad.js';
export type { LowbitModelMetadata } from './io/saveLoad.js';
export { initBackend, activeBackend, BACKEND_PREFERENCES } from './backend/initBackend.js';
export type { BackendInfo, BackendPreference, InitBackendOptions } from './backend/initBackend.js';
export { loadDataset } from './datasets/loadDataset.js';
export type { DatasetSpec } from './datasets/loadDataset.js';
export type { Dataset, Split, DatasetName, ResolvedDatasetSpec } from './datasets/dataset.js';
export { batchToTensors } from './datasets/batchToTensors.js';
export type { BatchLayout, TensorBatch } from './datasets/batchToTensors.js';
export { createBitVariables, GRANULARITIES } from './cost/bitVariables.js';
export type { BitVariables, BitVariableOptions, Granularity } from './cost/bitVariables.js';
export { differentiableCost } from './cost/differentiableCost.js';
export type { DifferentiableCostOptions, CostTarget } from './cost/differentiableCost.js';
export { meanBits, macWeightedBits, sizeWeightedBits, modelledEnergy } from './cost/bitTargets.js';
export { tfArith } from './cost/tfArith.js';
export { renderSpec, renderSvg, svgToPng } from './plots/renderPlot.js';
