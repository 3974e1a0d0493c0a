import * as tf from '@tensorflow/tfjs';
import { BitConv2D, BitDense } from './bitLayers.js';

/** The learned-bitlength layer classes, registered by one explicit list (no import-time side effects). */
export const BIT_LAYER_CLASSES = [BitDense, BitConv2D] as const;

/**
 * Registers `BitDense` and `BitConv2D` with `tf.serialization.registerClass`. A reloaded model has no
 * `BitlengthBank`: attach one with `attachBitlengthBank(model, bank)` and restore its values with `bank.setValues`.
 * Idempotent.
 * @example registerBitLayers(); const m = await tf.models.modelFromJSON(json); attachBitlengthBank(m, bank)
 */
export function registerBitLayers(): void {
  for (const cls of BIT_LAYER_CLASSES) {
    tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  }
}
