/**
 * `lowbit/simulators`: bit-accurate number formats in pure TypeScript, with no TF.js, mathjs or I/O: format specs,
 * presets and descriptions, rounding in every mode (seeded stochastic rounding included), the code level (encode,
 * decode, NaN payloads, IEEE flags), correctly rounded arithmetic, dot products and matmul with a simulated
 * accumulator, dynamic fixed point state, the XNOR-popcount unit and seeded random streams.
 *
 * @example
 * import { parseFormat, quantize } from 'lowbit/simulators';
 * quantize(parseFormat('float8_e4m3fn'), 0.3); // 0.3125
 * @packageDocumentation
 * @module lowbit/simulators
 */
export type { FormatSpec, FloatSpec, FixedSpec, DfixedSpec, Pow2Spec, BinarySpec, TernarySpec } from './formats/formatSpec.js';
export { parseFormat, formatToString, presetName } from './formats/parseFormat.js';
export { FORMAT_PRESETS, PRESET_IDS } from './formats/presets.js';
export { formatBits } from './formats/formatBits.js';
export { quantizeBlocks, quantizeBlocked, dequantizeBlock } from './blockQuantize.js';
export type { BlockedOptions } from './blockQuantize.js';
export type { QuantizedLine, BlockLayout } from './formats/blockOps.js';
export type { MxSpec } from './formats/mxFamily.js';
export type { Nvfp4Spec } from './formats/nvfp4Family.js';
export type { ScaledSpec } from './formats/scaledFamily.js';
export type { RoundingMode } from './rounding/roundingMode.js';
export { ROUNDING_MODES } from './rounding/roundingMode.js';
export { quantize, quantizeWithFlags, quantizeRational, quantizeArray } from './quantize.js';
export type { QuantizeOptions, QuantizeCounts } from './quantize.js';
export { wasmFloat32Array } from './wasmArray.js';
export { Rng } from './random/rng.js';
export { CounterRng } from './random/counterRng.js';
export { arith, add, sub, mul, div, sqrt, fma, ARITH_ARITY } from './arith/arith.js';
export type { ArithOp } from './arith/arith.js';
export { arithArray } from './arith/arithArray.js';
export type { ArithArrayOptions, ArithArrayResult } from './arith/arithArray.js';
export { dot } from './arith/dot.js';
export { matmul } from './arith/matmul.js';
export type { DotOptions } from './arith/dot.js';
export { describeFormat, formatTable } from './formats/describeFormat.js';
export type { FormatReport } from './formats/describeFormat.js';
export { flagsToString, FLAG_V, FLAG_Z, FLAG_O, FLAG_U, FLAG_X } from './_internal/flags.js';
export { encode, decode, isValue } from './codec.js';
export { isSignalingNaNCode, resultCode } from './codec.js';
export type { CodeResult } from './codec.js';
export { quantizeInput } from './exactInput.js';
export type { ExactInput, RationalInput, CodeInput } from './exactInput.js';
export { quantizeCode } from './quantizeCode.js';
export { arithCodes } from './arith/arithCodes.js';
export { permutation } from './random/permutation.js';
export { DynamicFixedState } from './formats/dynamicFixed.js';
export type { DynamicFixedStateOptions, DynamicFixedUpdate, DynamicFixedStateJSON } from './formats/dynamicFixed.js';
export { packSigns, packSignMatrix, unpackSigns } from './xnor/packSigns.js';
export type { PackedSignMatrix } from './xnor/packSigns.js';
export { xnorDot } from './xnor/xnorDot.js';
export { xnorMatMul } from './xnor/xnorMatMul.js';
export { popcount32 } from './xnor/popcount32.js';
export type { DotOrder } from './arith/_dot/dotKernel.js';
export type { FloatSpecials, SubnormalMode, FloatOverflow, FixedOverflow } from './formats/formatSpec.js';
export type { FormatFacts } from './formats/formatFamily.js';
export type { Rounded } from './formats/formatHandler.js';
export type { OperandView } from './formats/operandView.js';
export type { BlockView } from './formats/operandView.js';
