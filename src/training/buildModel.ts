import * as tf from '@tensorflow/tfjs';
import type { PolicySpec } from '../policy/policySpec.js';
import { resolveLayerRoles } from '../policy/resolvePolicy.js';
import { deriveSeed } from '../quantizers/deriveSeed.js';
import type { DfixedOptions } from '../quantizers/roleQuantizer.js';
import { QDense } from '../layers/qDense.js';
import { QConv2D } from '../layers/qConv2D.js';
import { Maxout } from '../layers/maxout.js';
import { BatchNorm } from '../layers/batchNorm.js';
import { SeededDropout } from '../layers/seededDropout.js';
import type { ActivationId } from '../layers/_internal/activations.js';
import type { ModelSpec } from './trainConfig.js';

/** What `buildModel` needs besides the model spec. */
export interface BuildModelOptions {
  /** Shape of one example, e.g. [28, 28, 1] (an MLP flattens it). */
  inputShape: number[];
  numClasses: number;
  policy: PolicySpec;
  seed: number;
  dfixed?: DfixedOptions;
}

/**
 * Builds the Sequential model of a config. Layer names are fixed so that policy rules can match them:
 *
 * | layer                          | name         | class          |
 * |--------------------------------|--------------|----------------|
 * | input dropout                  | `dropout_in` | SeededDropout  |
 * | i-th conv (cnn)                | `conv_i`     | QConv2D        |
 * | its pooling                    | `pool_i`     | MaxPooling2D   |
 * | flatten (cnn)                  | `flatten`    | Flatten        |
 * | i-th hidden dense              | `dense_i`    | QDense         |
 * | batch norm after conv/dense i  | `bn_i` / `conv_bn_i` | BatchNorm |
 * | maxout after conv/dense i      | `maxout_i` / `conv_maxout_i` | Maxout |
 * | dropout after dense i          | `dropout_i`  | SeededDropout  |
 * | logits                         | `output`     | QDense (linear)|
 *
 * With maxout, a layer of `units` has units·pieces linear outputs followed by Maxout; with batchNorm the dense/conv
 * layer has no bias and the activation moves after the BatchNorm. Every layer's seed derives from the run seed.
 * @example buildModel({ type: 'mlp', hidden: [256, 256], activation: 'relu', batchNorm: false }, { inputShape: [28, 28, 1], numClasses: 10, policy: {}, seed: 1 })
 */
export function buildModel(spec: ModelSpec, opts: BuildModelOptions): tf.Sequential {
  const layers: tf.layers.Layer[] = [];
  const q = (name: string, type: string) => ({
    name,
    precision: resolveLayerRoles(opts.policy, name, type),
    seed: deriveSeed(opts.seed, name),
    ...(opts.dfixed ? { dfixed: opts.dfixed } : {}),
  });
  const first = (): { inputShape?: number[] } =>
    layers.length ? {} : { inputShape: spec.type === 'mlp' ? [opts.inputShape.reduce((a, b) => a * b, 1)] : opts.inputShape };
  const act = spec.activation as ActivationId;
  const pieces = spec.maxoutPieces ?? 1;
  const linearFirst = spec.batchNorm || pieces > 1;
  const post = (prefix: string, i: number) => {
    if (spec.batchNorm) layers.push(new BatchNorm({ ...q(`${prefix}bn_${i}`, 'BatchNorm'), activation: pieces > 1 ? 'linear' : act }));
    if (pieces > 1) layers.push(new Maxout({ ...q(`${prefix}maxout_${i}`, 'Maxout'), pieces }));
  };
  if (spec.dropout?.input) layers.push(new SeededDropout({ ...first(), name: 'dropout_in', rate: spec.dropout.input, seed: deriveSeed(opts.seed, 'dropout_in') }));
  if (spec.type === 'cnn') {
    spec.conv.forEach((c, j) => {
      const i = j + 1;
      layers.push(
        new QConv2D({
          ...first(),
          ...q(`conv_${i}`, 'QConv2D'),
          filters: c.filters * pieces,
          kernelSize: c.kernelSize,
          strides: c.strides,
          padding: c.padding,
          activation: linearFirst ? 'linear' : act,
          useBias: !spec.batchNorm,
        }),
      );
      post('conv_', i);
      if (c.pool) layers.push(tf.layers.maxPooling2d({ name: `pool_${i}`, poolSize: c.pool, strides: c.pool }));
    });
    layers.push(tf.layers.flatten({ name: 'flatten' }));
  }
  spec.hidden.forEach((units, j) => {
    const i = j + 1;
    layers.push(new QDense({ ...first(), ...q(`dense_${i}`, 'QDense'), units: units * pieces, activation: linearFirst ? 'linear' : act, useBias: !spec.batchNorm }));
    post('', i);
    if (spec.dropout?.hidden) layers.push(new SeededDropout({ name: `dropout_${i}`, rate: spec.dropout.hidden, seed: deriveSeed(opts.seed, `dropout_${i}`) }));
  });
  layers.push(new QDense({ ...first(), ...q('output', 'QDense'), units: opts.numClasses, activation: 'linear' }));
  return tf.sequential({ layers });
}
