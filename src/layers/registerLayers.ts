import * as tf from '@tensorflow/tfjs';
import type { LayerHandler } from '../profiler/layerHandler.js';
import { denseHandler } from '../profiler/layers/dense.js';
import { conv2dHandler } from '../profiler/layers/conv2d.js';
import { maxoutHandler } from '../profiler/layers/maxout.js';
import { batchNormHandler } from '../profiler/layers/batchNorm.js';
import { dropoutHandler } from '../profiler/layers/views.js';
import { QDense } from './qDense.js';
import { QConv2D } from './qConv2D.js';
import { Maxout } from './maxout.js';
import { BatchNorm } from './batchNorm.js';
import { SeededDropout } from './seededDropout.js';
import { ByteInput } from '../methods/byteInput.js';
import { QbpDense } from '../methods/qbpDense.js';
import { ShiftBatchNorm } from '../methods/shiftBatchNorm.js';
import { byteInputHandler, qbpDenseHandler, shiftBatchNormHandler } from '../methods/methodProfilerHandlers.js';
import { ShiftConv2D } from '../shift/shiftConv2D.js';
import { ShiftAttention2D } from '../shift/shiftAttention2D.js';
import { shiftAttention2dHandler, shiftConv2dHandler } from '../shift/shiftProfilerHandlers.js';

/** One lowbit layer type: its serializable class and how the profiler prices it. */
export interface LowbitLayerEntry {
  readonly layer: { readonly className: string } & (abstract new (...args: never[]) => tf.layers.Layer);
  readonly cost: LayerHandler;
}

/**
 * Every lowbit layer type, one line each: the class (registered with `tf.serialization.registerClass`, so saved
 * models load) and its cost handler (src/profiler). A new quantized layer is its class (extending
 * `QuantizedLayer`) plus one line here.
 */
export const LOWBIT_LAYERS: readonly LowbitLayerEntry[] = [
  { layer: QDense, cost: denseHandler },
  { layer: QConv2D, cost: conv2dHandler },
  { layer: Maxout, cost: maxoutHandler },
  { layer: BatchNorm, cost: batchNormHandler },
  { layer: SeededDropout, cost: dropoutHandler },
  { layer: ByteInput, cost: byteInputHandler },
  { layer: QbpDense, cost: qbpDenseHandler },
  { layer: ShiftBatchNorm, cost: shiftBatchNormHandler },
  { layer: ShiftConv2D, cost: shiftConv2dHandler },
  { layer: ShiftAttention2D, cost: shiftAttention2dHandler },
];

/** lowbit's serializable layer classes, in `LOWBIT_LAYERS` order. */
export const LOWBIT_LAYER_CLASSES = LOWBIT_LAYERS.map((e) => e.layer);

/**
 * Registers lowbit's layers with `tf.serialization.registerClass` so that `tf.loadLayersModel` can rebuild them.
 * Idempotent: registering again replaces the entry with the same class.
 * @example registerLayers(); await tf.loadLayersModel(fileSystemHandler('runs/x/model'))
 */
export function registerLayers(): void {
  for (const { layer } of LOWBIT_LAYERS) tf.serialization.registerClass(layer as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}
