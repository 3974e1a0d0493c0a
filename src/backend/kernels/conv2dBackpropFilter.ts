import * as tf from '@tensorflow/tfjs';
import {
  callKernel, disposeInfos, f32, reshapedView, transposeInfo, wasmKernel, type WasmKernelArgs,
} from '../_internal/wasmInfo.js';
import { stockKernel } from '../_internal/stockKernels.js';

/** NCHW → NHWC axis order. */
const TO_NHWC = [0, 2, 3, 1];

/**
 * Fills `colsT` (shape [KH·KW·Cin, N·OH·OW]) with the transposed im2col matrix of `x` (NHWC):
 * colsT[(kh·KW + kw)·Cin + ci, (n·OH + oh)·OW + ow] = x[n, oh·sh + kh − pt, ow·sw + kw − pl, ci], 0 in the padding.
 * Transposed so that the big operand is the matmul's left input: the stock kernel re-packs its right operand
 * on every call, and that costs about as much as the product itself for a fresh 5M-float matrix.
 * Loop order keeps one input row (W·Cin floats) hot while it is spread over Cin output rows.
 */
function fillColsT(colsT: Float32Array, x: Float32Array, c: tf.backend_util.Conv2DInfo): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: oh, outWidth: ow } = c;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = c;
  const { top: pt, left: pl } = c.padInfo;
  const m = n * oh * ow;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const tap = (i * kw + j) * cin * m;
      for (let b = 0; b < n; b++) {
        for (let y = 0; y < oh; y++) {
          const ih = y * sh + i - pt;
          const col0 = (b * oh + y) * ow;
          const inside = ih >= 0 && ih < h;
          const row = (b * h + ih) * w * cin;
          for (let ci = 0; ci < cin; ci++) {
            const dst = tap + ci * m + col0;
            for (let xo = 0; xo < ow; xo++) {
              const iw = xo * sw + j - pl;
              colsT[dst + xo] = inside && iw >= 0 && iw < w ? x[row + iw * cin + ci] : 0;
            }
          }
        }
      }
    }
  }
}

/**
 * `Conv2DBackpropFilter` for the wasm backend, which lacks it in tfjs 4.22 (so no CNN can train there;
 * tensorflow/tfjs#8474). dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh·sh+kh−pt, ow·sw+kw−pl, ci] · dy[n,oh,ow,co]
 * (the filter gradient of a cross-correlation, as tfjs-backend-cpu `Conv2DBackpropFilter`), computed as
 * im2col(x)ᵀ · dy: one stock XNNPACK matmul [K, M]·[M, Cout] whose result already has the filter's layout.
 * NCHW inputs are transposed to NHWC first.
 *
 * Cost: a temporary of KH·KW·Cin·N·OH·OW floats. Dilations: tfjs gives this kernel none (its conv2d
 * gradient rejects dilation > 1), so none are modelled.
 */
export function conv2dBackpropFilterKernel({ inputs, backend, attrs }: WasmKernelArgs<'x' | 'dy'>): tf.TensorInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const nchw = dataFormat === 'NCHW';
  const x = nchw ? transposeInfo(backend, inputs.x, TO_NHWC) : inputs.x;
  const dy = nchw ? transposeInfo(backend, inputs.dy, TO_NHWC) : inputs.dy;
  const c = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const k = c.filterHeight * c.filterWidth * c.inChannels;
  const m = c.batchSize * c.outHeight * c.outWidth;
  const colsT = backend.makeOutput([k, m], 'float32');
  try {
    fillColsT(f32(backend, colsT), f32(backend, x), c);
    const matMul = stockKernel(tf.BatchMatMul) ?? wasmKernel(tf.BatchMatMul);
    const dW = callKernel(matMul, backend,
      { a: reshapedView(colsT, [1, k, m]), b: reshapedView(dy, [1, m, c.outChannels]) },
      { transposeA: false, transposeB: false });
    return reshapedView(dW, [...filterShape]);
  } finally {
    disposeInfos(backend, colsT, nchw ? x : undefined, nchw ? dy : undefined);
  }
}

