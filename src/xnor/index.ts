/**
 * `lowbit/xnor`: export a trained binary network to lowbit's XNOR-popcount engine (packed bit matrices, folded
 * integer thresholds, bit-plane first layer) and run it with popcount kernels (WebAssembly SIMD or TypeScript).
 *
 * @example
 * import { loadRun, exportXnorModel, runXnor } from 'lowbit/xnor';
 * @packageDocumentation
 * @module lowbit/xnor
 */
export { exportXnorModel } from './exportXnor.js';
export { readXnorModel, writeXnorModel } from './xnorModelCodec.js';
export type { XnorModel, XnorModelSpec, XnorLayer, XnorLayerSpec } from './xnorModelSpec.js';
export type { Window2D } from './convWindow.js';
export { runXnor } from './runXnor.js';
export type { XnorResult, XnorKernel, RunXnorOptions } from './runXnor.js';
export { wasmXnorMatMul, wasmXnorAvailable } from './wasmXnorMatMul.js';
export type { WasmXnorVariant } from './wasmXnorMatMul.js';
export { bitPlaneMatMul, packBitPlanes } from './bitPlaneMatMul.js';
export { foldThresholds, checkThresholds } from './foldThresholds.js';
export type { ChannelProbe, FoldedThresholds } from './foldThresholds.js';
export { loadRun } from './loadRun.js';
export type { LoadedRun } from './loadRun.js';
