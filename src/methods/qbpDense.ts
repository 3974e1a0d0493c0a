import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../simulators/random/rng.js';
import { QDense, type QDenseConfig } from '../layers/qDense.js';
import { deriveSeed } from '../quantizers/deriveSeed.js';
import { qbpMatMul, qbpRange, qbpRoundArray, type QbpOptions } from './qbp.js';

/**
 * Config of `QbpDense`: a `QDense` config plus the exponent range of the quantized input.
 * @example
 * new QbpDense({ units: 256, inputShape: [784], qbp: { expMin: -4, expMax: 3 } })
 */
export interface QbpDenseConfig extends QDenseConfig {
  qbp?: QbpOptions;
}

/**
 * A `QDense` trained with Lin et al.'s quantized back-propagation (arXiv:1510.03009; methods.md §2.3): in
 * training, the weight gradient uses the layer input rounded to signed powers of two with stochastic exponent
 * rounding (`qbpRound`, exponents clipped to [expMin, expMax]); the forward pass and dL/dx are unchanged. At
 * inference it is a `QDense`. The draws come from a generator seeded by the layer seed and advanced every batch.
 * Not modelled: the `accumulator` role (rejected: the QBP path uses float32 matMul).
 * @example new QbpDense({ units: 1024, precision: { weight: { format: 'binary', rounding: 'sr' } }, seed: 3 })
 */
export class QbpDense extends QDense {
  static override className = 'QbpDense';
  readonly expMin: number;
  readonly expMax: number;
  private readonly rng: Rng;

  constructor(config: QbpDenseConfig) {
    super(config);
    ({ expMin: this.expMin, expMax: this.expMax } = qbpRange('QbpDense: qbp', config.qbp));
    if (this.quant.has('accumulator')) throw new RangeError(`QbpDense(${this.name}): the accumulator role is not supported with quantized back-propagation`);
    this.rng = new Rng(deriveSeed(config.seed ?? 0, this.name, 'qbp'));
  }

  protected override product(x: tf.Tensor, w: tf.Tensor, training: boolean): tf.Tensor {
    if (!training) return tf.matMul(x, w);
    const range = { expMin: this.expMin, expMax: this.expMax };
    return qbpMatMul(x, w, (v) => qbpRoundArray(v, this.rng, range));
  }

  protected override layerConfig(): Record<string, unknown> {
    return { ...super.layerConfig(), qbp: { expMin: this.expMin, expMax: this.expMax } };
  }
}
