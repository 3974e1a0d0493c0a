import * as tf from '@tensorflow/tfjs';
import {
  callKernel, disposeInfos, f32, transposeInfo, wasmKernel, zerosOutput, type WasmBackendLike, type WasmKernelArgs,
} from '../_internal/wasmInfo.js';
import { requireStockKernel } from '../_internal/stockKernels.js';

type Shape4 = [number, number, number, number];

/** Wflip[i, j, co, ci] = W[KH−1−i, KW−1−j, ci, co]: the filter rotated 180° with in/out channels swapped. */
function flippedFilter(backend: WasmBackendLike, filter: tf.TensorInfo): tf.TensorInfo {
  const [kh, kw, cin, cout] = filter.shape;
  const out = backend.makeOutput([kh, kw, cout, cin], 'float32');
  const src = f32(backend, filter);
  const dst = f32(backend, out);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const s = ((kh - 1 - i) * kw + (kw - 1 - j)) * cin * cout;
      const d = (i * kw + j) * cout * cin;
      for (let ci = 0; ci < cin; ci++) for (let co = 0; co < cout; co++) dst[d + co * cin + ci] = src[s + ci * cout + co];
    }
  }
  return out;
}

/** dy with (sh−1) zero rows and (sw−1) zero columns inserted between neighbours ("fractional stride"). */
function zeroInserted(backend: WasmBackendLike, dy: tf.TensorInfo, sh: number, sw: number): tf.TensorInfo {
  const [n, oh, ow, c] = dy.shape;
  const hd = (oh - 1) * sh + 1;
  const wd = (ow - 1) * sw + 1;
  const out = zerosOutput(backend, [n, hd, wd, c]);
  const src = f32(backend, dy);
  const dst = f32(backend, out);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        const s = ((b * oh + y) * ow + x) * c;
        dst.set(src.subarray(s, s + c), ((b * hd + y * sh) * wd + x * sw) * c);
      }
    }
  }
  return out;
}

/** NHWC computation; returns undefined when the transposed padding would be negative (explicit pads > K−1). */
function viaConv2d(backend: WasmBackendLike, dy: tf.TensorInfo, filter: tf.TensorInfo, inShape: Shape4,
  a: tf.Conv2DBackpropInputAttrs): tf.TensorInfo | undefined {
  const c = tf.backend_util.computeConv2DInfo(inShape, filter.shape as Shape4, a.strides, 1, a.pad,
    a.dimRoundingMode, false, 'channelsLast');
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = c;
  const pads = [
    kh - 1 - c.padInfo.top, c.inHeight - 1 + c.padInfo.top - (c.outHeight - 1) * sh,
    kw - 1 - c.padInfo.left, c.inWidth - 1 + c.padInfo.left - (c.outWidth - 1) * sw,
  ];
  if (pads.some((p) => p < 0)) return undefined;
  const wFlip = flippedFilter(backend, filter);
  const d = sh === 1 && sw === 1 ? undefined : zeroInserted(backend, dy, sh, sw);
  try {
    return callKernel(wasmKernel(tf.Conv2D), backend, { x: d ?? dy, filter: wFlip }, {
      strides: [1, 1], dilations: [1, 1], dataFormat: 'NHWC',
      pad: [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]],
    });
  } finally {
    disposeInfos(backend, wFlip, d);
  }
}

/**
 * `Conv2DBackpropInput` for the wasm backend, replacing the stock one (naive loops, up to 35× slower than
 * the forward conv). Uses the transposed-convolution identity (Dumoulin & Visin 2016, "A guide to convolution
 * arithmetic", §4): the input gradient of a stride-s convolution is a stride-1 convolution of dy with s−1
 * zeros inserted between its entries, padded by K−1−p before (and so as to give H after), with the filter
 * rotated 180° and its channel axes swapped. That convolution runs on the stock XNNPACK Conv2D kernel.
 *
 * dx[n,h,w,ci] = Σ dy[n,oh,ow,co]·W[kh,kw,ci,co] over oh·sh+kh−pt = h, ow·sw+kw−pl = w (as tfjs-backend-cpu).
 * NCHW is handled by transposing to NHWC and back. Explicit pads larger than K−1 fall back to the stock kernel.
 */
export function conv2dBackpropInputKernel({ inputs, backend, attrs }: WasmKernelArgs<'dy' | 'filter'>): tf.TensorInfo {
  const a = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const nchw = a.dataFormat === 'NCHW';
  const [n, d1, d2, d3] = a.inputShape;
  const inShape: Shape4 = nchw ? [n, d2, d3, d1] : [n, d1, d2, d3];
  const dy = nchw ? transposeInfo(backend, inputs.dy, [0, 2, 3, 1]) : inputs.dy;
  let out: tf.TensorInfo | undefined;
  try {
    out = viaConv2d(backend, dy, inputs.filter, inShape, a);
  } finally {
    if (nchw) disposeInfos(backend, dy);
  }
  if (out === undefined) return callKernel(requireStockKernel(tf.Conv2DBackpropInput), backend, inputs, a);
  if (!nchw) return out;
  try {
    return transposeInfo(backend, out, [0, 3, 1, 2]);
  } finally {
    disposeInfos(backend, out);
  }
}
