import * as tf from '@tensorflow/tfjs';
import type { LayerHandler } from '../profiler/layerHandler.js';
import { lowbitLayerCost } from '../profiler/lowbitLayerCosts.js';
import { registerLayerHandler } from '../profiler/layerRegistry.js';
import { QDense } from './qDense.js';
import { QConv2D } from './qConv2D.js';
import { Maxout } from './maxout.js';
import { BatchNorm } from './batchNorm.js';
import { SeededDropout } from './seededDropout.js';
import { ByteInput } from '../methods/byteInput.js';
import { QbpDense } from '../methods/qbpDense.js';
import { ShiftBatchNorm } from '../methods/shiftBatchNorm.js';
import { ShiftConv2D } from '../shift/shiftConv2D.js';
import { ShiftAttention2D } from '../shift/shiftAttention2D.js';

/**
 * One lowbit layer type: its serializable class and how the profiler prices it.
 * @example
 * LOWBIT_LAYERS.map((e: LowbitLayerEntry) => e.layer.className)
 */
export interface LowbitLayerEntry {
  readonly layer: { readonly className: string } & (abstract new (...args: never[]) => tf.layers.Layer);
  readonly cost: LayerHandler;
}

/**
 * Every lowbit layer type, one line each: the class (registered with `tf.serialization.registerClass`, so saved
 * models load) and its cost handler (given to the profiler by `registerLayers`). A new quantized layer is its class
 * (extending `QuantizedLayer`) and one line here, e.g. `{ layer: QScale, cost: batchNormHandler }` (docs/training.md).
 * The layers below take their handlers by class name from `LOWBIT_LAYER_COSTS` (src/profiler/lowbitLayerCosts.ts,
 * free of TF.js), so `lowbit cost` prices them without loading TF.js; it loads this registry only for a model with
 * another lowbit class.
 * @example
 * LOWBIT_LAYERS.map((e) => e.layer.className) // ['QDense', 'QConv2D', 'Maxout', …]
 */
export const LOWBIT_LAYERS: readonly LowbitLayerEntry[] = [
  { layer: QDense, cost: lowbitLayerCost(QDense.className) },
  { layer: QConv2D, cost: lowbitLayerCost(QConv2D.className) },
  { layer: Maxout, cost: lowbitLayerCost(Maxout.className) },
  { layer: BatchNorm, cost: lowbitLayerCost(BatchNorm.className) },
  { layer: SeededDropout, cost: lowbitLayerCost(SeededDropout.className) },
  { layer: ByteInput, cost: lowbitLayerCost(ByteInput.className) },
  { layer: QbpDense, cost: lowbitLayerCost(QbpDense.className) },
  { layer: ShiftBatchNorm, cost: lowbitLayerCost(ShiftBatchNorm.className) },
  { layer: ShiftConv2D, cost: lowbitLayerCost(ShiftConv2D.className) },
  { layer: ShiftAttention2D, cost: lowbitLayerCost(ShiftAttention2D.className) },
];

// the profiler prices every listed type from the moment the list exists (a model can be profiled before any load)
for (const { layer, cost } of LOWBIT_LAYERS) registerLayerHandler(layer.className, cost);

/**
 * lowbit's serializable layer classes, in `LOWBIT_LAYERS` order.
 * @example
 * LOWBIT_LAYER_CLASSES.includes(QDense) // true
 */
export const LOWBIT_LAYER_CLASSES = LOWBIT_LAYERS.map((e) => e.layer);

/**
 * Registers one layer type: its class with `tf.serialization.registerClass` (so `tf.loadLayersModel` and
 * `loadModel` rebuild it) and its cost handler with the profiler (so `profileModel`, `modelCost` and the cost report
 * price it). For a layer class of your own code, without editing lowbit. Idempotent.
 * @throws Error when the class name already has another cost handler.
 * @example registerLowbitLayer({ layer: QScale, cost: batchNormHandler })
 */
export function registerLowbitLayer(entry: LowbitLayerEntry): void {
  tf.serialization.registerClass(entry.layer as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  registerLayerHandler(entry.layer.className, entry.cost);
}

/**
 * Registers every `LOWBIT_LAYERS` type (`registerLowbitLayer`). Idempotent.
 * @example registerLayers(); await tf.loadLayersModel(fileSystemHandler('runs/x/model'))
 */
export function registerLayers(): void {
  for (const entry of LOWBIT_LAYERS) registerLowbitLayer(entry);
}
