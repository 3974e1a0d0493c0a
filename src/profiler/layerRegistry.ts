import type { LayerHandler } from './layerHandler.js';
import { activationHandler } from './layers/activation.js';
import { batchNormHandler } from './layers/batchNorm.js';
import { conv2dHandler } from './layers/conv2d.js';
import { denseHandler } from './layers/dense.js';
import { depthwiseConv2dHandler } from './layers/depthwiseConv2d.js';
import { maxoutHandler } from './layers/maxout.js';
import { addHandler } from './layers/merge.js';
import {
  averagePooling2dHandler, globalAveragePooling2dHandler, globalMaxPooling2dHandler, maxPooling2dHandler,
} from './layers/pooling.js';
import { dropoutHandler, flattenHandler, inputLayerHandler, reshapeHandler, zeroPadding2dHandler } from './layers/views.js';
import { shiftAttention2dHandler, shiftConv2dHandler } from '../shift/shiftProfilerHandlers.js';
import { byteInputHandler, qbpDenseHandler, shiftBatchNormHandler } from '../methods/methodProfilerHandlers.js';

/**
 * Every layer class the profiler understands (one explicit list). lowbit's quantized layers (QDense, QConv2D,
 * BatchNorm, Maxout) cost like their float counterparts: their formats come from the policy. The binary methods'
 * layers (ByteInput, QbpDense, ShiftBatchNorm) have handlers next to them in src/methods/methodProfilerHandlers.ts.
 */
const ENTRIES: Array<[string, LayerHandler]> = [
  ['InputLayer', inputLayerHandler],
  ['Dense', denseHandler],
  ['QDense', denseHandler],
  ['Conv2D', conv2dHandler],
  ['QConv2D', conv2dHandler],
  ['BitDense', denseHandler],
  ['BitConv2D', conv2dHandler],
  ['QbpDense', qbpDenseHandler],
  ['ByteInput', byteInputHandler],
  ['ShiftConv2D', shiftConv2dHandler],
  ['ShiftAttention2D', shiftAttention2dHandler],
  ['DepthwiseConv2D', depthwiseConv2dHandler],
  ['MaxPooling2D', maxPooling2dHandler],
  ['AveragePooling2D', averagePooling2dHandler],
  ['GlobalAveragePooling2D', globalAveragePooling2dHandler],
  ['GlobalMaxPooling2D', globalMaxPooling2dHandler],
  ['BatchNormalization', batchNormHandler],
  ['BatchNorm', batchNormHandler],
  ['ShiftBatchNorm', shiftBatchNormHandler],
  ['Activation', activationHandler],
  ['ReLU', activationHandler],
  ['LeakyReLU', activationHandler],
  ['ELU', activationHandler],
  ['Softmax', activationHandler],
  ['Flatten', flattenHandler],
  ['Reshape', reshapeHandler],
  ['Dropout', dropoutHandler],
  ['SpatialDropout2D', dropoutHandler],
  ['SeededDropout', dropoutHandler],
  ['ZeroPadding2D', zeroPadding2dHandler],
  ['Add', addHandler],
  ['Maxout', maxoutHandler],
];

const HANDLERS = new Map<string, LayerHandler>();
for (const [name, h] of ENTRIES) {
  if (HANDLERS.has(name)) throw new Error(`layer registry: duplicate class ${name}`);
  HANDLERS.set(name, h);
}

/** Layer class names the profiler supports, in listing order. */
export const SUPPORTED_LAYER_CLASSES: readonly string[] = ENTRIES.map(([n]) => n);

/**
 * The handler of a layer class.
 * @throws RangeError naming the layer and its class, listing the supported classes.
 */
export function layerHandler(className: string, layerName: string): LayerHandler {
  const h = HANDLERS.get(className);
  if (!h) {
    throw new RangeError(`profileModel: layer '${layerName}' has class '${className}', which the profiler does not model; supported: ${SUPPORTED_LAYER_CLASSES.join(', ')}`);
  }
  return h;
}
