import * as tf from '@tensorflow/tfjs';
import { QuantizedLayer, type QuantizedLayerConfig } from './quantizedLayer.js';

/**
 * Config of `Maxout`.
 * @example
 * new Maxout({ pieces: 2 }) // 2·units input channels → units outputs
 */
export interface MaxoutConfig extends QuantizedLayerConfig {
  /** Pieces per unit k: the last axis (k·units channels) is grouped into runs of k consecutive channels. */
  pieces: number;
}

/**
 * Maxout (Goodfellow et al. 2013, "Maxout Networks", ICML): h_i = max_{j<k} z_{i·k+j} over the last axis, as in
 * Courbariaux et al. 2014's PI-MNIST nets (240 units × 5 pieces). Put it after a linear QDense/QConv2D with
 * units·pieces outputs. Its own `activation`/`error` roles quantize y and dL/dy (the paper's `y` and `dE/dy`
 * groups; the QDense before it quantizes z and dE/dz).
 * @example [new QDense({ units: 240 * 5 }), new Maxout({ pieces: 5 })]
 */
export class Maxout extends QuantizedLayer {
  static className = 'Maxout';
  readonly pieces: number;

  constructor(config: MaxoutConfig) {
    super(config);
    if (!Number.isInteger(config.pieces) || config.pieces < 1) throw new RangeError(`Maxout: pieces must be an integer ≥ 1; got ${config.pieces}`);
    this.pieces = config.pieces;
  }

  protected buildParams(): void {}

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (inputShape as tf.Shape).slice();
    const c = shape[shape.length - 1];
    if (c != null && c % this.pieces !== 0) {
      throw new RangeError(`Maxout(${this.name}): last axis ${c} is not a multiple of pieces = ${this.pieces}`);
    }
    shape[shape.length - 1] = c == null ? null : c / this.pieces;
    return shape;
  }

  protected forward(x: tf.Tensor, training: boolean): tf.Tensor {
    const c = x.shape[x.shape.length - 1]!;
    const grouped = tf.reshape(x, [...x.shape.slice(0, -1), c / this.pieces, this.pieces]);
    return this.finish(tf.max(grouped, -1), training);
  }

  protected layerConfig(): Record<string, unknown> {
    return { pieces: this.pieces };
  }
}
