import { convOutputLength } from '../../layers/convGeometry.js';
import type { LayerConfig } from '../_internal/layerConfig.js';

/** A channels_last [H, W, C] input of a 2-D layer; other ranks or channels_first are config errors. */
export function hwc(shape: readonly number[], cfg: LayerConfig): [number, number, number] {
  if (cfg.str('data_format', ['channels_last', 'channels_first'], 'channels_last') === 'channels_first') {
    cfg.fail('data_format', 'channels_first is not supported; the profiler reads channels_last models');
  }
  if (shape.length !== 3) cfg.fail('kernel_size', `needs a rank-3 input [H, W, C] (no batch); got [${shape.join(', ')}]`);
  return [shape[0]!, shape[1]!, shape[2]!];
}

/**
 * Output length of a sliding window (`convOutputLength`, Keras rules), checked: a window that leaves no output is a
 * config error naming `key`.
 */
export function windowOut(n: number, k: number, s: number, d: number, padding: 'valid' | 'same', cfg: LayerConfig, key: string): number {
  const out = convOutputLength(n, k, s, padding, d);
  if (out < 1) cfg.fail(key, `leaves no output: input ${n}, window ${k}, stride ${s}, dilation ${d}, padding ${padding}`);
  return out;
}

/** Spatial output [Ho, Wo] of a 2-D window layer from `kernelKey` (kernel_size or pool_size). */
export function window2d(shape: readonly number[], cfg: LayerConfig, kernel: [number, number], strides: [number, number]): [number, number] {
  const [h, w] = hwc(shape, cfg);
  const d = cfg.pair('dilation_rate', [1, 1]);
  const padding = cfg.str('padding', ['valid', 'same'], 'valid');
  return [windowOut(h, kernel[0], strides[0], d[0], padding, cfg, 'padding'), windowOut(w, kernel[1], strides[1], d[1], padding, cfg, 'padding')];
}
