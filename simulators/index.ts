/**
 * `lowbit/simulators`: bit-accurate number formats in pure TypeScript (no TF.js): format specs and presets,
 * rounding in every mode, correctly rounded arithmetic, dot products with a simulated accumulator, the
 * XNOR-popcount unit.
 */
export type { FormatSpec, FloatSpec, FixedSpec, DfixedSpec, Pow2Spec, BinarySpec, TernarySpec } from './formats/formatSpec.js';
export { parseFormat, formatToString, presetName } from './formats/parseFormat.js';
export { FORMAT_PRESETS, PRESET_IDS } from './formats/presets.js';
export { formatBits } from './formats/formatBits.js';
export type { RoundingMode } from './rounding/roundingMode.js';
export { ROUNDING_MODES } from './rounding/roundingMode.js';
export { quantize, quantizeWithFlags, quantizeRational, quantizeArray } from './quantize.js';
export type { QuantizeOptions, QuantizeCounts } from './quantize.js';
export { Rng } from './random/rng.js';
export { arith, add, sub, mul, div, sqrt, fma, ARITH_ARITY } from './arith/arith.js';
export type { ArithOp } from './arith/arith.js';
export { dot } from './arith/dot.js';
export { matmul } from './arith/matmul.js';
export type { DotOptions } from './arith/dot.js';
export { describeFormat, formatTable } from './formats/describeFormat.js';
export type { FormatReport } from './formats/describeFormat.js';
export { flagsToString, FLAG_V, FLAG_Z, FLAG_O, FLAG_U, FLAG_X } from './_internal/flags.js';
export { encode, decode, isValue } from './codec.js';
export { permutation } from './random/permutation.js';
export { DynamicFixedState } from './formats/dynamicFixed.js';
export type { DynamicFixedStateOptions, DynamicFixedUpdate, DynamicFixedStateJSON } from './formats/dynamicFixed.js';
export { packSigns, packSignMatrix, unpackSigns } from './xnor/packSigns.js';
export type { PackedSignMatrix } from './xnor/packSigns.js';
export { xnorDot } from './xnor/xnorDot.js';
export { xnorMatMul } from './xnor/xnorMatMul.js';
export { popcount32 } from './xnor/popcount32.js';
