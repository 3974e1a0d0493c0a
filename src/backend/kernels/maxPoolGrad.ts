import * as tf from '@tensorflow/tfjs';
import { f32, zerosOutput, type WasmKernelArgs } from '../_internal/wasmInfo.js';

/**
 * `MaxPoolGrad` for the wasm backend, replacing the stock one (about 115 ms for a 100×28×28×32 input here,
 * a third of a small CNN's training step). Each output routes its dy to the arg-max of its window:
 * dx[n, r*, c*, ch] += dy[n, oh, ow, ch] with (r*, c*) the first maximum of x in the window in row-major
 * order (strict `>` from −∞, so ties go to the earliest position and an all-NaN/−∞ window routes nowhere),
 * exactly the rule of tfjs-backend-cpu `maxPoolPositions`. One pass over x with channels innermost.
 * Not modelled: dilations (tfjs gives this kernel none).
 */
export function maxPoolGradKernel({ inputs, backend, attrs }: WasmKernelArgs<'dy' | 'input' | 'output'>): tf.TensorInfo {
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const c = tf.backend_util.computePool2DInfo(inputs.input.shape as [number, number, number, number], filterSize,
    strides, 1, pad, dimRoundingMode);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ch, outHeight: oh, outWidth: ow } = c;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = c;
  const { top: pt, left: pl } = c.padInfo;
  const out = zerosOutput(backend, inputs.input.shape);
  const dx = f32(backend, out);
  const x = f32(backend, inputs.input);
  const dy = f32(backend, inputs.dy);
  const best = new Float32Array(ch);
  const at = new Int32Array(ch);
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      const r0 = Math.max(0, y * sh - pt);
      const r1 = Math.min(h, y * sh - pt + fh);
      for (let xo = 0; xo < ow; xo++, o += ch) {
        const c0 = Math.max(0, xo * sw - pl);
        const c1 = Math.min(w, xo * sw - pl + fw);
        best.fill(-Infinity);
        at.fill(-1);
        for (let r = r0; r < r1; r++) {
          for (let col = c0; col < c1; col++) {
            const base = ((b * h + r) * w + col) * ch;
            for (let d = 0; d < ch; d++) {
              const v = x[base + d];
              if (v > best[d]) {
                best[d] = v;
                at[d] = base + d;
              }
            }
          }
        }
        for (let d = 0; d < ch; d++) if (at[d] >= 0) dx[at[d]] += dy[o + d];
      }
    }
  }
  return out;
}
