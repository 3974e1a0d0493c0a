import * as tf from '@tensorflow/tfjs';
import { f32, type WasmKernelArgs } from '../_internal/wasmInfo.js';

type Shape4 = [number, number, number, number];

/**
 * Visits every (input pixel, filter tap, output pixel) triple of a depthwise convolution:
 * x[n, oh·sh + kh·dh − pt, ow·sw + kw·dw − pl, ci] meets W[kh, kw, ci, q] and y[n, oh, ow, ci·mult + q].
 * `visit(xBase, wBase, yBase)` gets the flat offsets of channel 0 of each.
 */
function forEachTap(c: tf.backend_util.Conv2DInfo, visit: (xBase: number, wBase: number, yBase: number) => void): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: oh, outWidth: ow, outChannels: cout } = c;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = c;
  const { filterHeight: kh, filterWidth: kw } = c;
  const { top: pt, left: pl } = c.padInfo;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      for (let i = 0; i < kh; i++) {
        const ih = y * sh + i * dh - pt;
        if (ih < 0 || ih >= h) continue;
        for (let x = 0; x < ow; x++) {
          const yBase = ((b * oh + y) * ow + x) * cout;
          for (let j = 0; j < kw; j++) {
            const iw = x * sw + j * dw - pl;
            if (iw < 0 || iw >= w) continue;
            visit(((b * h + ih) * w + iw) * cin, (i * kw + j) * cout, yBase);
          }
        }
      }
    }
  }
}

function depthwiseInfo(inShape: number[], filterShape: number[], a: tf.DepthwiseConv2dNativeBackpropInputAttrs |
  tf.DepthwiseConv2dNativeBackpropFilterAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(inShape as Shape4, filterShape as Shape4, a.strides, a.dilations, a.pad,
    a.dimRoundingMode, true, 'channelsLast');
}

/**
 * `DepthwiseConv2dNativeBackpropFilter` for wasm (missing in tfjs 4.22):
 * dW[kh,kw,ci,q] = Σ_{n,oh,ow} x[n, oh·sh+kh·dh−pt, ow·sw+kw·dw−pl, ci] · dy[n,oh,ow,ci·mult+q].
 * Plain JS loops over the wasm heap, accumulated in float64 (tfjs-backend-cpu also sums in JS numbers).
 * NHWC only (this kernel has no dataFormat attribute in tfjs).
 */
export function depthwiseBackpropFilterKernel({ inputs, backend, attrs }: WasmKernelArgs<'x' | 'dy'>): tf.TensorInfo {
  const a = attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const c = depthwiseInfo(inputs.x.shape, a.filterShape, a);
  const mult = c.outChannels / c.inChannels;
  const acc = new Float64Array(c.filterHeight * c.filterWidth * c.outChannels);
  const out = backend.makeOutput([...a.filterShape], 'float32');
  const x = f32(backend, inputs.x);
  const dy = f32(backend, inputs.dy);
  forEachTap(c, (xBase, wBase, yBase) => {
    for (let ci = 0, k = 0; ci < c.inChannels; ci++) {
      const xv = x[xBase + ci];
      for (let q = 0; q < mult; q++, k++) acc[wBase + k] += xv * dy[yBase + k];
    }
  });
  f32(backend, out).set(acc);
  return out;
}

/**
 * `DepthwiseConv2dNativeBackpropInput` for wasm (registered only when the backend lacks it):
 * dx[n,ih,iw,ci] = Σ dy[n,oh,ow,ci·mult+q] · W[kh,kw,ci,q] over ih = oh·sh+kh·dh−pt, iw = ow·sw+kw·dw−pl.
 * Plain JS loops, float64 accumulation.
 */
export function depthwiseBackpropInputKernel({ inputs, backend, attrs }: WasmKernelArgs<'dy' | 'filter'>): tf.TensorInfo {
  const a = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const c = depthwiseInfo(a.inputShape, inputs.filter.shape, a);
  const mult = c.outChannels / c.inChannels;
  const acc = new Float64Array(c.batchSize * c.inHeight * c.inWidth * c.inChannels);
  const out = backend.makeOutput([...a.inputShape], 'float32');
  const dy = f32(backend, inputs.dy);
  const w = f32(backend, inputs.filter);
  forEachTap(c, (xBase, wBase, yBase) => {
    for (let ci = 0, k = 0; ci < c.inChannels; ci++) {
      let s = 0;
      for (let q = 0; q < mult; q++, k++) s += dy[yBase + k] * w[wBase + k];
      acc[xBase + ci] += s;
    }
  });
  f32(backend, out).set(acc);
  return out;
}
