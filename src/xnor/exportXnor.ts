import * as tf from '@tensorflow/tfjs';
import { packSignMatrix, type PackedSignMatrix } from '../../simulators/xnor/packSigns.js';
import { QDense } from '../layers/qDense.js';
import { applyActivation } from '../layers/_internal/activations.js';
import { isQuantizedLayer } from '../layers/_internal/layerQuant.js';
import { ByteInput } from '../methods/byteInput.js';
import { foldThresholds, type ChannelProbe } from './foldThresholds.js';
import type { XnorLayer, XnorModel } from './xnorModelSpec.js';

/** Layers that act per channel at inference and may follow a binary dense layer before its sign. */
const POST_CLASSES = new Set(['BatchNorm', 'ShiftBatchNorm', 'SeededDropout', 'Dropout']);

const className = (l: tf.layers.Layer) => (l.constructor as { className?: string }).className ?? l.getClassName();

function fail(msg: string): never {
  throw new RangeError(`exportXnorModel: ${msg}`);
}

/** The ±1 kernel the layer uses at inference, packed with one row per unit. */
function binaryKernel(layer: QDense): PackedSignMatrix {
  const q = layer.quant.quantizer('weight');
  const spec = q?.currentSpec();
  if (!q || spec?.kind !== 'binary' || spec.scale !== 1) fail(`layer ${layer.name}: its weight role must be binary with scale 1; got ${spec ? JSON.stringify(spec) : 'float32'}`);
  if (q.spec.rounding === 'sr') fail(`layer ${layer.name}: weights rounded with 'sr' are random at inference; export needs deterministic binarization`);
  if (layer.quant.has('accumulator')) fail(`layer ${layer.name}: the accumulator role is not supported`);
  const kernel = layer.quantizedParams().find((p) => p.name === 'kernel')!.variable;
  const w = tf.tidy(() => layer.quant.param('weight', kernel.read(), false));
  const [K, N] = w.shape as [number, number];
  const values = w.dataSync() as Float32Array;
  w.dispose();
  for (const v of values) if (v !== 1 && v !== -1) fail(`layer ${layer.name}: binarized kernel holds ${v}, not ±1`);
  return packSignMatrix(values, K, N, { transpose: true });
}

/** What the layer and its per-channel followers do to s = x·W_b at inference, as tensor ops (QDense's tail). */
function blockProbe(dense: QDense, post: tf.layers.Layer[], units: number): ChannelProbe {
  const bias = dense.quantizedParams().find((p) => p.name === 'bias')?.variable;
  return (s, rows) => {
    const out = tf.tidy(() => {
      let z: tf.Tensor = tf.tensor2d(s, [rows, units], 'float32');
      if (bias) z = tf.add(z, dense.quant.param('bias', bias.read(), false));
      let y = dense.quant.output(applyActivation(dense.activation, z), false);
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
function outputLayer(dense: QDense, post: tf.layers.Layer[], w: PackedSignMatrix, K: number): XnorLayer {
  const norms = post.filter((l) => !/Dropout$/.test(className(l)));
  const roles = [dense, ...norms].filter(isQuantizedLayer).some((l) => l.quant.has('activation'));
  if (dense.activation !== 'linear' || roles || norms.some((l) => (l as { activation?: string }).activation !== 'linear')) {
    fail(`the last layer ${dense.name} and the batch norm after it must be linear, with no activation role`);
  }
  if (!norms.length) {
    const b = dense.quantizedParams().find((p) => p.name === 'bias')?.variable;
    const bias = b ? (tf.tidy(() => dense.quant.param('bias', b.read(), false)).dataSync() as Float32Array).slice() : null;
    return { kind: 'outputDense', name: dense.name, weights: w, bias };
  }
  const units = w.rows;
  const s = new Float32Array((K + 1) * units);
  for (let t = 0; t <= K; t++) s.fill(2 * t - K, t * units, (t + 1) * units);
  const v = blockProbe(dense, post, units)(s, K + 1);
  const table = new Float32Array(units * (K + 1));
  for (let t = 0; t <= K; t++) for (let j = 0; j < units; j++) table[j * (K + 1) + t] = v[t * units + j]!;
  return { kind: 'outputDense', name: dense.name, weights: w, bias: null, table };
}

/** Negates the rows of a packed matrix where flip[j] = 1 (the padding bits stay 0). */
function negateRows(m: PackedSignMatrix, flip: Uint8Array): void {
  const rem = m.cols & 31;
  for (let j = 0; j < m.rows; j++) {
    if (!flip[j]) continue;
    for (let t = 0; t < m.wordsPerRow; t++) {
      const mask = t === m.wordsPerRow - 1 && rem ? (1 << rem) - 1 : 0xffffffff;
      m.words[j * m.wordsPerRow + t] = (~m.words[j * m.wordsPerRow + t]! & mask) >>> 0;
    }
  }
}

/**
 * Exports a trained binary MLP (binary weights and activations) for the XNOR-popcount engine (`runXnor`).
 * Supported layout (lowbit's `buildModel` MLP with batch norm, behind a `ByteInput`):
 *
 *     ByteInput → [QDense → (BatchNorm | ShiftBatchNorm | dropout)* with a binary activation role]+
 *               → QDense (linear) [→ BatchNorm | ShiftBatchNorm (linear)]
 *
 * Each hidden block's batch norm and sign become one integer threshold per unit, found by probing the block's
 * own TF.js layers at inference (`foldThresholds`), so the engine reproduces this backend's float32 decisions
 * exactly; decreasing units have their weight row negated. The first block reads bit planes of the n-bit input;
 * the last layer gives float32(s + bias) from its integer s, or, with a batch norm after it, the float32 logit that
 * the TF.js layers give for that s (a table per unit). Must run on the backend the comparison runs on.
 * Not supported: convolutions, maxout, non-binary or `sr` weights, weight/activation scales other than 1, a last
 * last block with an activation or activation role, inputs wider than 8 bits or fan-ins with |s| > 2^24.
 * @throws RangeError naming the first layer that does not fit the layout.
 * @example const xm = exportXnorModel(model); writeFileSync(out, JSON.stringify(writeXnorModel(xm)))
 */
export function exportXnorModel(model: tf.LayersModel, source?: XnorModel['source']): XnorModel {
  const layers = model.layers.filter((l) => className(l) !== 'InputLayer');
  const first = layers[0];
  if (!(first instanceof ByteInput)) fail(`the first layer must be ByteInput (n-bit inputs through bit planes); got ${first ? className(first) : 'none'}`);
  if (first.bits > 8) fail(`ByteInput bits must be ≤ 8; got ${first.bits}`);
  const inputs = model.inputs[0]!.shape.slice(1);
  if (inputs.length !== 1) fail(`the input must be flat ([batch, features]); got [${inputs}]`);
  const groups: Array<{ dense: QDense; post: tf.layers.Layer[] }> = [];
  for (const l of layers.slice(1)) {
    if (l instanceof QDense) groups.push({ dense: l, post: [] });
    else if (groups.length && POST_CLASSES.has(className(l))) groups[groups.length - 1]!.post.push(l);
    else fail(`layer ${l.name} (${className(l)}) is not supported here; allowed after ByteInput: QDense followed by ${[...POST_CLASSES].join(', ')}`);
  }
  if (groups.length < 2) fail(`need at least one hidden QDense and an output QDense; got ${groups.length} QDense layer(s)`);
  const out: XnorLayer[] = [];
  let K = inputs[0] as number;
  groups.forEach(({ dense, post }, i) => {
    const w = binaryKernel(dense);
    const units = w.rows;
    if (i === groups.length - 1) {
      out.push(outputLayer(dense, post, w, K));
      return;
    }
    const scale = i === 0 ? first.levels : 1;
    if (scale * K > 2 ** 24) fail(`layer ${dense.name}: |s| can reach ${scale}·${K} > 2^24, beyond float32's exact integers`);
    const probe = blockProbe(dense, post, units);
    const { thresholds, flip } = foldThresholds(probe, units, -scale * K, scale * K);
    negateRows(w, flip);
    out.push(i === 0 ? { kind: 'bitPlaneDense', name: dense.name, bits: first.bits, weights: w, thresholds } : { kind: 'xnorDense', name: dense.name, weights: w, thresholds });
    K = units;
  });
  return { inputs: inputs[0] as number, inputBits: first.bits, numClasses: out[out.length - 1]!.weights.rows, layers: out, ...(source ? { source } : {}) };
}
