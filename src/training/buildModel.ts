import * as tf from '@tensorflow/tfjs';
import type { PolicySpec } from '../policy/policySpec.js';
import { resolveLayerRoles } from '../policy/resolvePolicy.js';
import { deriveSeed } from '../quantizers/deriveSeed.js';
import type { DfixedOptions } from '../quantizers/roleQuantizer.js';
import { QConv2D } from '../layers/qConv2D.js';
import { Maxout } from '../layers/maxout.js';
import { SeededDropout } from '../layers/seededDropout.js';
import type { ActivationId } from '../layers/_internal/activations.js';
import type { ModelSpec } from './trainConfig.js';
import { methodFactories, type MethodSpec } from '../methods/methodConfig.js';
import { ShiftConv2D } from '../shift/shiftConv2D.js';
import { ShiftAttention2D } from '../shift/shiftAttention2D.js';

/** What `buildModel` needs besides the model spec. */
export interface BuildModelOptions {
  /** Shape of one example, e.g. [28, 28, 1] (an MLP flattens it). */
  inputShape: number[];
  numClasses: number;
  policy: PolicySpec;
  seed: number;
  dfixed?: DfixedOptions;
  /** Binary-method layers (ByteInput, QbpDense, ShiftBatchNorm, output batch norm, test-time weights; docs/binary.md). */
  method?: MethodSpec;
  /** Training steps over which a SAL's τ grows from tau0 to tauFinal (default 1). */
  salIters?: number;
}

/**
 * Builds the Sequential model of a config. Layer names are fixed so that policy rules can match them:
 *
 * | layer                          | name         | class          |
 * |--------------------------------|--------------|----------------|
 * | input dropout                  | `dropout_in` | SeededDropout  |
 * | i-th conv (cnn)                | `conv_i`     | QConv2D, or ShiftConv2D / ShiftAttention2D (`type`) |
 * | activation after a shift/SAL   | `conv_act_i` | Activation     |
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
  const make = methodFactories(opts.method);
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
    if (spec.batchNorm) layers.push(make.batchNorm({ ...q(`${prefix}bn_${i}`, 'BatchNorm'), activation: pieces > 1 ? 'linear' : act }));
    if (pieces > 1) layers.push(new Maxout({ ...q(`${prefix}maxout_${i}`, 'Maxout'), pieces }));
  };
  if (make.input) layers.push(make.input(first()));
  if (spec.dropout?.input) layers.push(new SeededDropout({ ...first(), name: 'dropout_in', rate: spec.dropout.input, seed: deriveSeed(opts.seed, 'dropout_in') }));
  if (spec.type === 'cnn') {
    spec.conv.forEach((c, j) => {
      const i = j + 1;
      if (c.type !== 'conv') {
        layers.push(...shiftConv(c, i, { first: first(), filters: c.filters * pieces, act: linearFirst ? 'linear' : act, useBias: !spec.batchNorm, seed: deriveSeed(opts.seed, `conv_${i}`), salIters: opts.salIters ?? 1 }));
        post('conv_', i);
        if (c.pool) layers.push(tf.layers.maxPooling2d({ name: `pool_${i}`, poolSize: c.pool, strides: c.pool }));
        return;
      }
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
    layers.push(make.dense({ ...first(), ...q(`dense_${i}`, 'QDense'), units: units * pieces, activation: linearFirst ? 'linear' : act, useBias: !spec.batchNorm }));
    post('', i);
    if (spec.dropout?.hidden) layers.push(new SeededDropout({ name: `dropout_${i}`, rate: spec.dropout.hidden, seed: deriveSeed(opts.seed, `dropout_${i}`) }));
  });
  layers.push(make.dense({ ...first(), ...q('output', 'QDense'), units: opts.numClasses, activation: 'linear' }));
  if (make.outputNorm) layers.push(make.outputNorm(q('output_bn', 'BatchNorm')));
  return tf.sequential({ layers });
}

type ConvSpec = Extract<ModelSpec, { type: 'cnn' }>['conv'][number];

/**
 * A shift layer or SAL (no precision policy: their weights stay float32) and, unless linear, its activation as a
 * separate `conv_act_i` layer (tf.layers.activation: relu, tanh, sigmoid).
 */
function shiftConv(c: ConvSpec, i: number, o: { first: { inputShape?: number[] }; filters: number; act: ActivationId; useBias: boolean; seed: number; salIters: number }): tf.layers.Layer[] {
  const where = `buildModel: model.conv[${i - 1}] (type ${c.type})`;
  if (c.padding !== 'same') throw new RangeError(`${where}: padding must be 'same'; got ${JSON.stringify(c.padding)}`);
  if (o.act === 'hardTanh') throw new RangeError(`${where}: activation must be linear, relu, tanh or sigmoid; got 'hardTanh'`);
  const common = { ...o.first, name: `conv_${i}`, filters: o.filters, kernelSize: c.kernelSize, strides: c.strides, useBias: o.useBias, seed: o.seed };
  const layer = c.type === 'shift'
    ? new ShiftConv2D(common)
    : new ShiftAttention2D({ ...common, shared: c.type === 'salShared', totalIters: o.salIters, ...(c.tau0 ? { tau0: c.tau0 } : {}), ...(c.tauFinal ? { tauFinal: c.tauFinal } : {}) });
  return o.act === 'linear' ? [layer] : [layer, tf.layers.activation({ name: `conv_act_${i}`, activation: o.act })];
}
