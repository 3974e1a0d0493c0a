import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../simulators/random/rng.js';

/**
 * Config of `SeededDropout`.
 * @example
 * new SeededDropout({ rate: 0.5, seed: 1 })
 */
export interface SeededDropoutConfig {
  /** Fraction of units dropped, in [0, 1). */
  rate: number;
  /** Seed of the mask stream. */
  seed?: number;
  name?: string;
  inputShape?: number[];
}

/**
 * Inverted dropout (Srivastava et al. 2014) whose masks come from a seeded stream: each training call draws a
 * fresh seed from the layer's generator for `tf.randomUniform`, so masks differ between batches yet a run is
 * reproducible (tfjs' own `dropout` layer reuses one seed, i.e. the same mask, on every call). Identity at inference.
 * @example new SeededDropout({ rate: 0.5, seed: 7 })
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  private readonly rng: Rng;

  constructor(config: SeededDropoutConfig) {
    super(config);
    if (!(config.rate >= 0 && config.rate < 1)) throw new RangeError(`SeededDropout: rate must be in [0, 1); got ${config.rate}`);
    this.rate = config.rate;
    this.seed = config.seed ?? 0;
    this.rng = new Rng(this.seed);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (kwargs.training !== true || this.rate === 0) return x.clone();
      const u = tf.randomUniform(x.shape, 0, 1, 'float32', this.rng.uint32());
      const keep = tf.cast(tf.greaterEqual(u, this.rate), 'float32');
      return tf.mul(x, tf.mul(keep, 1 / (1 - this.rate)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
