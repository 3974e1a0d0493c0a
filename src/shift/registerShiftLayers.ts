import * as tf from '@tensorflow/tfjs';
import { ShiftConv2D } from './shiftConv2D.js';
import { ShiftAttention2D } from './shiftAttention2D.js';

/** The shift layer classes, registered by one explicit list (no import-time side effects). */
export const SHIFT_LAYER_CLASSES = [ShiftConv2D, ShiftAttention2D] as const;

/**
 * Registers `ShiftConv2D` and `ShiftAttention2D` with `tf.serialization.registerClass`, so `tf.loadLayersModel`
 * and `tf.models.modelFromJSON` can rebuild them (including a rounded SAL, whose taps are the `shiftIndex` weight).
 * Idempotent.
 * @example registerShiftLayers(); const m = await tf.models.modelFromJSON(json)
 */
export function registerShiftLayers(): void {
  for (const cls of SHIFT_LAYER_CLASSES) {
    tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  }
}
