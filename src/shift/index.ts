/**
 * `lowbit/shift`: shift layers and Shift Attention Layers (Hacene et al. 2019): the shift operation, the layers,
 * the attention schedule and the layer counts their cost depends on.
 *
 * @example
 * import { shift2d, ShiftConv2D } from 'lowbit/shift';
 * @packageDocumentation
 * @module lowbit/shift
 */
export { shift2d, tapOffset } from './shift2d.js';
export type { ShiftOffset } from './shift2d.js';
export { ShiftConv2D, defaultShiftTaps } from './shiftConv2D.js';
export type { ShiftConv2DConfig } from './shiftConv2D.js';
export { ShiftAttention2D, advanceSalLayers, roundSalLayers } from './shiftAttention2D.js';
export type { ShiftAttention2DConfig, SalRoundReport } from './shiftAttention2D.js';
export { salAttention, salTau } from './salAttention.js';
export { roundedSalForward } from './roundedSal.js';
export { shiftLayerCounts } from './shiftLayerCounts.js';
export type { ShiftLayerKind, ShiftLayerCountSpec, ShiftLayerCountReport } from './shiftLayerCounts.js';
