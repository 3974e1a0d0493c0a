import * as tf from '@tensorflow/tfjs';
import { ByteInput } from './byteInput.js';
import { QbpDense } from './qbpDense.js';
import { ShiftBatchNorm } from './shiftBatchNorm.js';

/** The serializable layers of the binary methods, registered by one explicit list. */
export const METHOD_LAYER_CLASSES = [ByteInput, QbpDense, ShiftBatchNorm] as const;

/**
 * Registers the method layers with `tf.serialization.registerClass`, so that `tf.loadLayersModel` (and lowbit's
 * `loadModel`) can rebuild models that use them. Idempotent.
 * @example registerMethodLayers(); await loadModel('runs/binarynet/model')
 */
export function registerMethodLayers(): void {
  for (const cls of METHOD_LAYER_CLASSES) tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}
