import * as tf from '@tensorflow/tfjs';

/**
 * Config of `ByteInput`.
 * @example
 * new ByteInput({ bits: 8, inputShape: [784] }) // the 8-bit input of BinaryNet's first layer
 */
export interface ByteInputConfig {
  /** Input bits n (default 8): x ∈ [0, 1] becomes the integer round(x·(2^n − 1)). */
  bits?: number;
  name?: string;
  inputShape?: number[];
}

/**
 * The 8-bit input of BinaryNet's first layer (Courbariaux, Hubara et al. 2016 §2.5; methods.md §4.5): pixels
 * x ∈ [0, 1] (bytes ÷ 255) become the integers u = round(clip(x, 0, 1)·(2^n − 1)), so the first layer computes
 * s = u·W_b = Σ_k 2^k·(u^k·W_b) over the bit planes u^k, an integer that float32 holds exactly while
 * |s| ≤ 2^24 (e.g. 255·784 = 199,920). The XNOR engine computes the same s from packed bit planes.
 * Nothing is trained here and no gradient flows to the input (rounding has zero gradient).
 * @example new ByteInput({ inputShape: [784] })
 */
export class ByteInput extends tf.layers.Layer {
  static className = 'ByteInput';
  readonly bits: number;

  constructor(config: ByteInputConfig = {}) {
    super(config);
    this.bits = config.bits ?? 8;
    if (!Number.isInteger(this.bits) || this.bits < 1 || this.bits > 16) throw new RangeError(`ByteInput: bits must be an integer in 1..16; got ${config.bits}`);
  }

  /** The largest integer, 2^bits − 1. */
  get levels(): number {
    return 2 ** this.bits - 1;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return tf.round(tf.mul(tf.clipByValue(x, 0, 1), this.levels));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), bits: this.bits };
  }
}

/**
 * The integers a `ByteInput` makes of pixels, computed in float32 as the layer does (clip, multiply, round half
 * to even), as a Uint8Array (bits ≤ 8) for the XNOR engine.
 * @throws RangeError when bits is not in 1..8.
 * @example toBytes(new Float32Array([0, 1, 128 / 255])) // Uint8Array [0, 255, 128]
 */
export function toBytes(x: Float32Array, bits = 8): Uint8Array {
  if (!Number.isInteger(bits) || bits < 1 || bits > 8) throw new RangeError(`toBytes: bits must be an integer in 1..8; got ${bits}`);
  const L = 2 ** bits - 1;
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const c = v > 1 ? 1 : v >= 0 ? v : 0; // NaN → 0
    const t = Math.fround(c * L);
    const r = Math.round(t);
    out[i] = r - t === 0.5 && r % 2 === 1 ? r - 1 : r; // half to even, as tf.round
  }
  return out;
}
