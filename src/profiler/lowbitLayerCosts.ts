import type { LayerHandler } from './layerHandler.js';
import { denseHandler } from './layers/dense.js';
import { conv2dHandler } from './layers/conv2d.js';
import { maxoutHandler } from './layers/maxout.js';
import { batchNormHandler } from './layers/batchNorm.js';
import { dropoutHandler } from './layers/views.js';
import { byteInputHandler, qbpDenseHandler, shiftBatchNormHandler } from '../methods/methodProfilerHandlers.js';
import { shiftAttention2dHandler, shiftConv2dHandler } from '../shift/shiftProfilerHandlers.js';

/**
 * How the profiler prices each of lowbit's own layer types, by class name. It names the classes instead of
 * importing them so that the profiler stays free of TF.js (`lowbit/cost` and `lowbit cost` price a model topology
 * without loading TF.js, about 0.5 s of CPU). `LOWBIT_LAYERS` (src/layers/registerLayers.ts) takes each class's
 * handler from here and fails at load when one is missing, so the two lists cannot drift apart.
 * @example registerLowbitLayer({ layer: MyScale, cost: LOWBIT_LAYER_COSTS.get('BatchNorm')! }) // price a class of your own like batch norm
 */
export const LOWBIT_LAYER_COSTS: ReadonlyMap<string, LayerHandler> = new Map([
  ['QDense', denseHandler],
  ['QConv2D', conv2dHandler],
  ['Maxout', maxoutHandler],
  ['BatchNorm', batchNormHandler],
  ['SeededDropout', dropoutHandler],
  ['ByteInput', byteInputHandler],
  ['QbpDense', qbpDenseHandler],
  ['ShiftBatchNorm', shiftBatchNormHandler],
  ['ShiftConv2D', shiftConv2dHandler],
  ['ShiftAttention2D', shiftAttention2dHandler],
]);

/**
 * The cost handler of one of lowbit's layer classes.
 * @throws Error naming the class when it has no entry in `LOWBIT_LAYER_COSTS` (a layer added without its cost).
 */
export function lowbitLayerCost(className: string): LayerHandler {
  const h = LOWBIT_LAYER_COSTS.get(className);
  if (!h) throw new Error(`lowbit layer ${className} has no cost handler: add it to LOWBIT_LAYER_COSTS (src/profiler/lowbitLayerCosts.ts)`);
  return h;
}
