import type { LayerHandler } from './layerHandler.js';
import { activationHandler } from './layers/activation.js';
import { batchNormHandler } from './layers/batchNorm.js';
import { conv2dHandler } from './layers/conv2d.js';
import { denseHandler } from './layers/dense.js';
import { depthwiseConv2dHandler } from './layers/depthwiseConv2d.js';
import { addHandler } from './layers/merge.js';
import {
  averagePooling2dHandler, globalAveragePooling2dHandler, globalMaxPooling2dHandler, maxPooling2dHandler,
} from './layers/pooling.js';
import { dropoutHandler, flattenHandler, inputLayerHandler, reshapeHandler, zeroPadding2dHandler } from './layers/views.js';
import { LOWBIT_LAYER_COSTS } from './lowbitLayerCosts.js';
import { readTopology } from './topology.js';

/**
 * Every layer class the profiler understands: the TF.js/Keras classes listed here, and lowbit's own layers from
 * `LOWBIT_LAYER_COSTS` (src/profiler/lowbitLayerCosts.ts: by class name, so the profiler loads no TF.js). lowbit's quantized
 * layers hold their formats in their config (`precision`, `quantState`); the profiler reads them from there.
 */
const ENTRIES: Array<[string, LayerHandler]> = [
  ['InputLayer', inputLayerHandler],
  ['Dense', denseHandler],
  ['Conv2D', conv2dHandler],
  ['DepthwiseConv2D', depthwiseConv2dHandler],
  ['MaxPooling2D', maxPooling2dHandler],
  ['AveragePooling2D', averagePooling2dHandler],
  ['GlobalAveragePooling2D', globalAveragePooling2dHandler],
  ['GlobalMaxPooling2D', globalMaxPooling2dHandler],
  ['BatchNormalization', batchNormHandler],
  ['Activation', activationHandler],
  ['ReLU', activationHandler],
  ['LeakyReLU', activationHandler],
  ['ELU', activationHandler],
  ['Softmax', activationHandler],
  ['Flatten', flattenHandler],
  ['Reshape', reshapeHandler],
  ['Dropout', dropoutHandler],
  ['SpatialDropout2D', dropoutHandler],
  ['ZeroPadding2D', zeroPadding2dHandler],
  ['Add', addHandler],
  ...LOWBIT_LAYER_COSTS,
];

const HANDLERS = new Map<string, LayerHandler>();
const SUPPORTED: string[] = [];
for (const [name, h] of ENTRIES) {
  if (HANDLERS.has(name)) throw new Error(`layer registry: duplicate class ${name}`);
  HANDLERS.set(name, h);
  SUPPORTED.push(name);
}

/**
 * Layer class names the profiler supports, in listing order (then those added by `registerLayerHandler`).
 * @example
 * SUPPORTED_LAYER_CLASSES.includes('DepthwiseConv2D') // true
 */
export const SUPPORTED_LAYER_CLASSES: readonly string[] = SUPPORTED;

/**
 * Adds the cost handler of a layer class the lists above do not name (a quantized layer type added with one
 * `LOWBIT_LAYERS` line, or a user's own class registered by `registerLowbitLayer`). Registering a class again with
 * the same handler does nothing.
 * @throws Error when the class already has another handler (a TF.js class or lowbit layer cannot be re-priced).
 * @example registerLayerHandler('QScale', batchNormHandler)
 */
export function registerLayerHandler(className: string, handler: LayerHandler): void {
  const had = HANDLERS.get(className);
  if (had === handler) return;
  if (had) throw new Error(`layer registry: class ${className} already has a cost handler`);
  HANDLERS.set(className, handler);
  SUPPORTED.push(className);
}

/**
 * The layer classes of a model (tfjs model, topology or model.json) that the profiler has no handler for, in
 * order of first use. `lowbit cost` loads lowbit's layer registry (and TF.js) only when this is not empty.
 * @throws RangeError as `readTopology` for something that is not a model.
 * @example unknownLayerClasses(readModelFile('runs/x/model/model.json')) // []
 */
export function unknownLayerClasses(model: unknown): string[] {
  return [...new Set(readTopology(model).nodes.map((n) => n.className))].filter((c) => !HANDLERS.has(c));
}

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
