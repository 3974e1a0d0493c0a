import * as tf from '@tensorflow/tfjs';

/** Activation ids of lowbit's layers (applied before the `activation` role's quantizer). */
export type ActivationId = 'linear' | 'relu' | 'tanh' | 'sigmoid' | 'hardTanh';

/**
 * | id         | f(x)                       |
 * |------------|----------------------------|
 * | `linear`   | x                          |
 * | `relu`     | max(0, x)                  |
 * | `tanh`     | tanh x                     |
 * | `sigmoid`  | 1/(1 + e^−x)               |
 * | `hardTanh` | clip(x, −1, 1) (BinaryNet) |
 */
const ACTIVATIONS: Record<ActivationId, (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  hardTanh: (x) => tf.clipByValue(x, -1, 1),
};

/** Every activation id. */
export const ACTIVATION_IDS = Object.keys(ACTIVATIONS) as ActivationId[];

/** Checks an activation id (config boundary). */
export function checkActivation(where: string, x: unknown): ActivationId {
  if (typeof x !== 'string' || !(ACTIVATION_IDS as string[]).includes(x)) {
    throw new RangeError(`${where}: activation must be one of ${ACTIVATION_IDS.join(', ')}; got ${JSON.stringify(x)}`);
  }
  return x as ActivationId;
}

/** Applies an activation. */
export function applyActivation(id: ActivationId, x: tf.Tensor): tf.Tensor {
  return ACTIVATIONS[id](x);
}
