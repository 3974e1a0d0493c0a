import * as tf from '@tensorflow/tfjs';
import { packSigns } from '../../simulators/xnor/packSigns.js';
import { QDense } from '../layers/qDense.js';
import { QConv2D } from '../layers/qConv2D.js';
import { ByteInput } from '../methods/byteInput.js';
import { windowPlacement, type Window2D } from './convWindow.js';
import { binaryKernel, blockProbe, className, fail, negateRows, outputLayer, signLayer, type CoreLayer } from './exportBlock.js';
import { foldThresholds } from './foldThresholds.js';
import type { XnorLayer, XnorModel } from './xnorModelSpec.js';

/** Layers that act per channel at inference and may follow a binary dense or conv layer before its sign. */
const POST_CLASSES = new Set(['BatchNorm', 'ShiftBatchNorm', 'SeededDropout', 'Dropout']);

/** A binary layer, its per-channel followers, and (conv) its max pooling and where it sits among them. */
interface Block {
  core: CoreLayer;
  post: tf.layers.Layer[];
  pool?: { layer: tf.layers.Layer; at: number };
  /** A Flatten came before this block. */
  flat: boolean;
}

const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [v[0] as number, v[1] as number] : [v as number, v as number]);

/** Splits the layers after ByteInput into blocks, naming the first layer that fits nowhere. */
function blocks(layers: tf.layers.Layer[]): Block[] {
  const out: Block[] = [];
  let flat = false;
  const allowed = `QDense, QConv2D, then ${[...POST_CLASSES].join(', ')}, MaxPooling2D (after a QConv2D) or Flatten`;
  for (const l of layers) {
    const cls = className(l);
    const last = out[out.length - 1];
    if (l instanceof QDense || l instanceof QConv2D) out.push({ core: l, post: [], flat });
    else if (last && POST_CLASSES.has(cls)) last.post.push(l);
    else if (last && cls === 'MaxPooling2D' && last.core instanceof QConv2D && !last.pool) last.pool = { layer: l, at: last.post.length };
    else if (cls === 'Flatten' && !flat) flat = true;
    else fail(`layer ${l.name} (${cls}) is not supported here; allowed after ByteInput: ${allowed} (one MaxPooling2D per QConv2D, one Flatten)`);
  }
  return out;
}

/** The pooling window of a MaxPooling2D layer over a map of `shape`, or a failure naming what is not supported. */
function poolWindow(layer: tf.layers.Layer, shape: number[]): Window2D {
  const c = layer.getConfig() as { poolSize?: unknown; strides?: unknown; padding?: string; dataFormat?: string };
  if (c.dataFormat && c.dataFormat !== 'channelsLast') fail(`layer ${layer.name} (MaxPooling2D): dataFormat must be channelsLast; got ${c.dataFormat}`);
  const kernelSize = pair(c.poolSize ?? 2);
  return { inputShape: shape as [number, number, number], kernelSize, strides: pair(c.strides ?? kernelSize), padding: c.padding === 'same' ? 'same' : 'valid' };
}

/**
 * Exports a trained binary network (binary weights and activations), an MLP or a CNN, for the XNOR-popcount
 * engine (`runXnor`). Supported layout (lowbit's `buildModel` MLP or CNN with batch norm, behind a `ByteInput`):
 *
 *     ByteInput → [QConv2D → (BatchNorm | ShiftBatchNorm | dropout)* with a binary activation role → MaxPooling2D?]*
 *               → Flatten? → [QDense → (BatchNorm | ShiftBatchNorm | dropout)* with a binary activation role]*
 *               → QDense (linear) [→ BatchNorm | ShiftBatchNorm (linear)]
 *
 * Each hidden block's batch norm and sign become one integer threshold per unit or filter, found by probing the
 * block's own TF.js layers at inference (`foldThresholds`), so the engine reproduces this backend's float32
 * decisions exactly; decreasing units have their weight row negated. The first block reads bit planes of the
 * n-bit input (a zero-padded byte adds 0, as in TF.js); later convolutions get their padding term added back
 * (`padCorrection`). A max pool after the sign is an OR of bits; one placed directly after a QConv2D, before its
 * batch norm and sign, is an OR for increasing units and an AND for decreasing ones (max s = −min(−s)). The last
 * layer gives float32(s + bias) from its integer s, or, with a batch norm after it, the float32 logit that the
 * TF.js layers give for that s (a table per unit). Must run on the backend the comparison runs on.
 * Not supported: maxout, average pooling, non-binary or `sr` weights or activations (QNN's 2-bit activations),
 * scales other than 1, a last block with an activation or activation role, inputs wider than 8 bits, layers
 * between a QConv2D and a pool placed before its sign, or |s| > 2^24.
 * @throws RangeError naming the first layer that does not fit the layout, its class and what is allowed.
 * @example const xm = exportXnorModel(model); writeFileSync(out, JSON.stringify(writeXnorModel(xm)))
 */
export function exportXnorModel(model: tf.LayersModel, source?: XnorModel['source']): XnorModel {
  const layers = model.layers.filter((l) => className(l) !== 'InputLayer');
  const first = layers[0];
  if (!(first instanceof ByteInput)) fail(`the first layer must be ByteInput (n-bit inputs through bit planes); got ${first ? className(first) : 'none'}`);
  if (first.bits > 8) fail(`ByteInput bits must be ≤ 8; got ${first.bits}`);
  let shape = model.inputs[0]!.shape.slice(1) as number[];
  if (shape.length !== 1 && shape.length !== 3) fail(`the input must be [batch, features] or [batch, H, W, C]; got [batch, ${shape}]`);
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const inputs = size(shape);
  const bs = blocks(layers.slice(1));
  if (bs.length < 2) fail(`need at least one hidden QDense or QConv2D and an output QDense; got ${bs.length} such layer(s)`);
  const out: XnorLayer[] = [];
  bs.forEach(({ core, post, pool, flat }, i) => {
    if (flat) shape = [size(shape)];
    const conv = core instanceof QConv2D;
    if (conv && shape.length !== 3) fail(`layer ${core.name} (QConv2D) needs an [H, W, C] input; got [${shape}] (after a Flatten or a dense layer)`);
    if (!conv && shape.length !== 1) fail(`layer ${core.name} (QDense) reads a [${shape}] map: a Flatten must come before it`);
    const w = binaryKernel(core);
    if (i === bs.length - 1) return void out.push(outputLayer(core, post, w));
    const K = w.cols;
    const scale = i === 0 ? first.levels : 1;
    if (scale * K > 2 ** 24) fail(`layer ${core.name}: |s| can reach ${scale}·${K} > 2^24, beyond float32's exact integers`);
    const signAt = post.indexOf(signLayer(core, post));
    const poolBefore = pool !== undefined && pool.at <= signAt;
    if (poolBefore && post.slice(0, pool.at).some((l) => !/Dropout$/.test(className(l)))) {
      fail(`layer ${pool.layer.name} (MaxPooling2D) comes after ${post[0]!.name} but before the sign of ${core.name}: a pool before the sign must follow the QConv2D directly (or after the sign)`);
    }
    const { thresholds, flip } = foldThresholds(blockProbe(core, post, w.rows), w.rows, -scale * K, scale * K);
    negateRows(w, flip);
    if (!conv) {
      out.push(i === 0 ? { kind: 'bitPlaneDense', name: core.name, bits: first.bits, weights: w, thresholds } : { kind: 'xnorDense', name: core.name, weights: w, thresholds });
      shape = [w.rows];
      return;
    }
    const window: Window2D = { inputShape: shape as [number, number, number], kernelSize: core.kernelSize, strides: core.strides, padding: core.padding };
    out.push(i === 0 ? { kind: 'bitPlaneConv2D', name: core.name, bits: first.bits, window, weights: w, thresholds } : { kind: 'xnorConv2D', name: core.name, window, weights: w, thresholds });
    const placed = windowPlacement(window);
    shape = [placed.outH, placed.outW, w.rows];
    if (!pool) return;
    const pw = poolWindow(pool.layer, shape);
    const andChannels = poolBefore && flip.some((f) => f) ? packSigns(Array.from(flip, (f) => (f ? 1 : -1))) : null;
    out.push({ kind: 'maxPool2D', name: pool.layer.name, window: pw, andChannels });
    const pp = windowPlacement(pw);
    shape = [pp.outH, pp.outW, w.rows];
  });
  const last = out[out.length - 1]!;
  return { inputs, inputBits: first.bits, numClasses: last.kind === 'outputDense' ? last.weights.rows : 0, layers: out, ...(source ? { source } : {}) };
}
