import * as tf from '@tensorflow/tfjs';
import { QDense } from './qDense.js';
import { QConv2D } from './qConv2D.js';
import { Maxout } from './maxout.js';
import { BatchNorm } from './batchNorm.js';
import { SeededDropout } from './seededDropout.js';
import { METHOD_LAYER_CLASSES } from '../methods/registerMethodLayers.js';
import { SHIFT_LAYER_CLASSES } from '../shift/registerShiftLayers.js';
import { BIT_LAYER_CLASSES } from '../bitpruning/registerBitLayers.js';

/** lowbit's serializable layer classes, registered by one explicit list (no import-time side effects). */
export const LOWBIT_LAYER_CLASSES = [QDense, QConv2D, Maxout, BatchNorm, SeededDropout, ...METHOD_LAYER_CLASSES, ...SHIFT_LAYER_CLASSES, ...BIT_LAYER_CLASSES] as const;

/**
 * Registers lowbit's layers with `tf.serialization.registerClass` so that `tf.loadLayersModel` can rebuild them.
 * Idempotent: registering again replaces the entry with the same class.
 * @example registerLayers(); await tf.loadLayersModel(fileSystemHandler('runs/x/model'))
 */
export function registerLayers(): void {
  for (const cls of LOWBIT_LAYER_CLASSES) tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}
