/**
 * `lowbit/methods`: the pieces of published binary, ternary and power-of-two training methods (BinaryConnect,
 * BinaryNet, few multiplications / QBP, QNN, BNN+): their quantizers, layers, optimizers, regularizers and
 * policies, and the multiplication count of a trace.
 *
 * @example
 * import { methodPolicy } from 'lowbit/methods';
 * const policy = methodPolicy('binarynet');
 * @packageDocumentation
 * @module lowbit/methods
 */
export { ap2, ap2Array, ap2Tensor, AP2_FORMAT } from './ap2.js';
export { squaredHinge } from './squaredHinge.js';
export { glorotLrScale } from './glorotLrScale.js';
export { qbpRound, qbpRoundArray, qbpMatMul } from './qbp.js';
export type { QbpOptions } from './qbp.js';
export { QbpDense } from './qbpDense.js';
export type { QbpDenseConfig } from './qbpDense.js';
export { ShiftBatchNorm } from './shiftBatchNorm.js';
export type { ShiftBatchNormConfig } from './shiftBatchNorm.js';
export { ShiftAdamax } from './shiftAdamax.js';
export type { ShiftAdamaxOptions } from './shiftAdamax.js';
export { ByteInput, toBytes } from './byteInput.js';
export type { ByteInputConfig } from './byteInput.js';
export { linearQuant, logQuant, qnnLinearFormat, qnnLogFormat } from './qnnQuantizers.js';
export { bnnPlusPenalty, BnnPlusRegularizer } from './bnnPlusRegularizer.js';
export type { BnnPlusKind, AlphaGranularity, BnnPlusOptions } from './bnnPlusRegularizer.js';
export { methodPolicy, METHOD_IDS } from './methodPolicies.js';
export type { MethodId, MethodPolicyOptions } from './methodPolicies.js';
export { methodTrace, countMultiplications } from './methodTrace.js';
export type { MultiplicationCount } from './methodTrace.js';
export type { MethodTraining } from './methodConfig.js';
