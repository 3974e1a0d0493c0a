import * as tf from '@tensorflow/tfjs';
import { packSignMatrix, type PackedSignMatrix } from '../../simulators/xnor/packSigns.js';
import { QDense } from '../layers/qDense.js';
import { QConv2D } from '../layers/qConv2D.js';
import { applyActivation } from '../layers/_internal/activations.js';
import { isQuantizedLayer } from '../layers/quantizedLayer.js';
import type { ChannelProbe } from './foldThresholds.js';
import type { XnorLayer } from './xnorModelSpec.js';

/** A binary dense or conv layer and what follows it up to the next one (its batch norms, dropouts, pooling). */
export type CoreLayer = QDense | QConv2D;

/** The class name TF.js serializes a layer under. */
export const className = (l: tf.layers.Layer) => (l.constructor as { className?: string }).className ?? l.getClassName();

/** Throws the exporter's RangeError. */
export function fail(msg: string): never {
  throw new RangeError(`exportXnorModel: ${msg}`);
}

const isDropout = (l: tf.layers.Layer) => /Dropout$/.test(className(l));

/**
 * The ±1 kernel the layer uses at inference, packed with one row per unit or filter: a dense kernel [K, N] or a
 * conv kernel [kh, kw, C, F] read as K = kh·kw·C rows in (dy, dx, c) order, the order of `im2colSigns`.
 */
export function binaryKernel(layer: CoreLayer): PackedSignMatrix {
  const q = layer.quant.layerRoles.weight;
  const spec = q?.format;
  if (!q || spec?.kind !== 'binary' || spec.scale !== 1) fail(`layer ${layer.name}: its weight role must be binary with scale 1; got ${spec ? JSON.stringify(spec) : 'float32'}`);
  if (q.rounding === 'sr') fail(`layer ${layer.name}: weights rounded with 'sr' are random at inference; export needs deterministic binarization`);
  if (layer.quant.has('accumulator')) fail(`layer ${layer.name}: the accumulator role is not supported`);
  const kernel = layer.quantizedParams().find((p) => p.name === 'kernel')!.variable;
  const w = tf.tidy(() => layer.quant.param('weight', kernel.read(), false));
  const N = w.shape[w.shape.length - 1]!;
  const K = w.size / N;
  const values = w.dataSync() as Float32Array;
  w.dispose();
  for (const v of values) if (v !== 1 && v !== -1) fail(`layer ${layer.name}: binarized kernel holds ${v}, not ±1`);
  return packSignMatrix(values, K, N, { transpose: true });
}

/**
 * The layer of a hidden block whose output is the block's ±1 output: the last non-dropout layer. Its activation
 * role must be deterministic binary with scale 1 (QNN's k-bit activations, for one, are not).
 */
export function signLayer(core: CoreLayer, post: tf.layers.Layer[]): tf.layers.Layer {
  const last = [core, ...post].filter((l) => !isDropout(l)).pop()!;
  const q = isQuantizedLayer(last) ? last.quant.layerRoles.activation : undefined;
  const spec = q?.format;
  if (!q || spec?.kind !== 'binary' || spec.scale !== 1 || q.rounding === 'sr') {
    const got = q ? `${q.formatText} rounding '${q.rounding}'` : 'none (float32)';
    fail(`layer ${last.name} (${className(last)}) ends a hidden block, so its activation role must be binary with scale 1 and rounding 'rne'; got ${got}. Multi-bit activations (e.g. QNN's fixed(w=2,f=1)) are not XNOR-exportable`);
  }
  return last;
}

/**
 * What the layer and its per-channel followers do to s = x·W_b at inference, as tensor ops (the core layer's
 * tail: bias, activation function, activation role; then `post`). Conv blocks probe NHWC tensors [rows, 1, 1, C].
 */
export function blockProbe(core: CoreLayer, post: tf.layers.Layer[], units: number): ChannelProbe {
  const bias = core.quantizedParams().find((p) => p.name === 'bias')?.variable;
  const spatial = core instanceof QConv2D;
  return (s, rows) => {
    const out = tf.tidy(() => {
      let z: tf.Tensor = spatial ? tf.tensor4d(s, [rows, 1, 1, units], 'float32') : tf.tensor2d(s, [rows, units], 'float32');
      if (bias) z = tf.add(z, core.quant.param('bias', bias.read(), false));
      let y = core.quant.output(applyActivation(core.activation, z), false);
      for (const l of post) y = l.apply(y, { training: false }) as tf.Tensor;
      return y;
    });
    const v = out.dataSync() as Float32Array;
    out.dispose();
    return v;
  };
}

/**
 * The last layer: float32(s + bias) when nothing follows it, else (a batch norm without activation role: the
 * real-valued last layer of BinaryConnect/BinaryNet) a table of the block's float32 output for each of the K + 1
 * values of s, read from the TF.js layers themselves.
 */
export function outputLayer(core: CoreLayer, post: tf.layers.Layer[], w: PackedSignMatrix): XnorLayer {
  if (!(core instanceof QDense)) fail(`the last layer ${core.name} must be a QDense (the logits); got ${className(core)}`);
  const K = w.cols;
  const norms = post.filter((l) => !isDropout(l));
  const roles = [core, ...norms].filter(isQuantizedLayer).some((l) => l.quant.has('activation'));
  if (core.activation !== 'linear' || roles || norms.some((l) => (l as { activation?: string }).activation !== 'linear')) {
    fail(`the last layer ${core.name} and the batch norm after it must be linear, with no activation role`);
  }
  if (!norms.length) {
    const b = core.quantizedParams().find((p) => p.name === 'bias')?.variable;
    const bias = b ? (tf.tidy(() => core.quant.param('bias', b.read(), false)).dataSync() as Float32Array).slice() : null;
    return { kind: 'outputDense', name: core.name, weights: w, bias };
  }
  const units = w.rows;
  const s = new Float32Array((K + 1) * units);
  for (let t = 0; t <= K; t++) s.fill(2 * t - K, t * units, (t + 1) * units);
  const v = blockProbe(core, post, units)(s, K + 1);
  const table = new Float32Array(units * (K + 1));
  for (let t = 0; t <= K; t++) for (let j = 0; j < units; j++) table[j * (K + 1) + t] = v[t * units + j]!;
  return { kind: 'outputDense', name: core.name, weights: w, bias: null, table };
}

/** Negates the rows of a packed matrix where flip[j] = 1 (the padding bits stay 0). */
export function negateRows(m: PackedSignMatrix, flip: Uint8Array): void {
  const rem = m.cols & 31;
  for (let j = 0; j < m.rows; j++) {
    if (!flip[j]) continue;
    for (let t = 0; t < m.wordsPerRow; t++) {
      const mask = t === m.wordsPerRow - 1 && rem ? (1 << rem) - 1 : 0xffffffff;
      m.words[j * m.wordsPerRow + t] = (~m.words[j * m.wordsPerRow + t]! & mask) >>> 0;
    }
  }
}
