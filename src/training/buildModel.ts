import * as tf from '@tensorflow/tfjs';
import type { PolicySpec } from '../policy/policySpec.js';
import { compilePolicy, type CompiledPolicy } from '../policy/compilePolicy.js';
import { deriveSeed } from '../quantizers/deriveSeed.js';
import type { DfixedOptions } from '../quantizers/valueQuantizer.js';
import { QConv2D } from '../layers/qConv2D.js';
import { Maxout } from '../layers/maxout.js';
import { SeededDropout } from '../layers/seededDropout.js';
import type { ActivationId } from '../layers/_internal/activations.js';
import type { ModelSpec } from './trainConfig.js';
import { methodFactories, type MethodSpec } from '../methods/methodConfig.js';
import { ShiftConv2D } from '../shift/shiftConv2D.js';
import { ShiftAttention2D } from '../shift/shiftAttention2D.js';

/**
 * What `buildModel` needs besides the model spec.
 * @example
 * buildModel({ type: 'mlp', hidden: [128] }, { inputShape: [28, 28, 1], numClasses: 10, policy: {}, seed: 1 })
 */
export interface BuildModelOptions {
  /** Shape of one example, e.g. [28, 28, 1] (an MLP flattens it). */
  inputShape: number[];
  numClasses: number;
  /** The precision policy (JSON, compiled here once, or already compiled). */
  policy: PolicySpec | CompiledPolicy;
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
 * | its pooling                    | `pool_i`     | MaxPooling2D   |
 * | flatten (cnn)                  | `flatten`    | Flatten        |
 * | i-th hidden dense              | `dense_i`    | QDense         |
 * | batch norm after conv/dense i  | `bn_i` / `conv_bn_i` | BatchNorm |
 * | maxout after conv/dense i      | `maxout_i` / `conv_maxout_i` | Maxout |
 * | dropout after dense i          | `dropout_i`  | SeededDropout  |
 * | logits                         | `output`     | QDense (linear)|
 *
 * With maxout, a layer of `units` has units·pieces linear outputs followed by Maxout; with batchNorm the dense/conv
 * layer has no bias and the activation moves after the BatchNorm. Every quantized layer (shift layers and SALs
 * included) gets its roles from the policy, compiled once. Every layer's seed derives from the run seed.
 * @example buildModel({ type: 'mlp', hidden: [256, 256], activation: 'relu', batchNorm: false }, { inputShape: [28, 28, 1], numClasses: 10, policy: {}, seed: 1 })
 */
export function buildModel(spec: ModelSpec, opts: BuildModelOptions): tf.Sequential {
  const layers: tf.layers.Layer[] = [];
  const make = methodFactories(opts.method);
  const policy = compilePolicy(opts.policy, { where: 'buildModel: policy' });
  const q = (name: string, type: string) => ({
    name,
    precision: policy.rolesFor(name, type),
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
      const common = { ...first(), filters: c.filters * pieces, kernelSize: c.kernelSize, strides: c.strides, activation: linearFirst ? 'linear' : act, useBias: !spec.batchNorm } as const;
      layers.push(c.type === 'conv' ? new QConv2D({ ...common, ...q(`conv_${i}`, 'QConv2D'), padding: c.padding }) : shiftConv(c, i, common, q, opts.salIters ?? 1));
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
type RolesOf = (name: string, type: string) => { name: string; precision: ReturnType<CompiledPolicy['rolesFor']>; seed: number };

/** A shift layer or SAL for `model.conv[i − 1]` (padding must be 'same': their output is ⌈H/s⌉ × ⌈W/s⌉). */
function shiftConv(c: ConvSpec, i: number, common: { filters: number; kernelSize: number; strides: number; activation: ActivationId; useBias: boolean; inputShape?: number[] }, q: RolesOf, salIters: number): tf.layers.Layer {
  if (c.padding !== 'same') throw new RangeError(`buildModel: model.conv[${i - 1}] (type ${c.type}): padding must be 'same'; got ${JSON.stringify(c.padding)}`);
  if (c.type === 'shift') return new ShiftConv2D({ ...common, ...q(`conv_${i}`, 'ShiftConv2D') });
  return new ShiftAttention2D({
    ...common, ...q(`conv_${i}`, 'ShiftAttention2D'), shared: c.type === 'salShared', totalIters: salIters,
    ...(c.tau0 ? { tau0: c.tau0 } : {}), ...(c.tauFinal ? { tauFinal: c.tauFinal } : {}),
  });
}
