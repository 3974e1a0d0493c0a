import { mulGroup, noOps, type LayerHandler } from '../layerHandler.js';
import type { LayerConfig } from '../_internal/layerConfig.js';
import { hwc, window2d } from './spatial.js';

function pool(shape: readonly number[], cfg: LayerConfig) {
  const k = cfg.pair('pool_size', [2, 2]);
  const [ho, wo] = window2d(shape, cfg, k, cfg.pair('strides', k));
  return { ho, wo, c: hwc(shape, cfg)[2], window: k[0] * k[1] };
}

const NO_PARAMS = () => ({ weight: 0, bias: 0 });

/**
 * MaxPooling2D: (k² − 1) comparisons per output in the input's format. Backward routes each error to the
 * argmax (no arithmetic; the input is stored to find it). The outputs keep the input's format (`passesFormat`).
 */
export const maxPooling2dHandler: LayerHandler = {
  kind: 'compute',
  stashesInput: true,
  passesFormat: true,
  outputShape: (inputs, cfg) => {
    const p = pool(inputs[0]!, cfg);
    return [p.ho, p.wo, p.c];
  },
  params: NO_PARAMS,
  forward(env) {
    const p = pool(env.inputShapes[0]!, env.cfg);
    const ops = noOps();
    ops.compares.push({ pass: 'forward', label: 'max', count: p.ho * p.wo * p.c * (p.window - 1), operand: env.inputs[0]! });
    return ops;
  },
  backward: () => noOps(),
};

/**
 * AveragePooling2D: (k² − 1) adds and 1 multiply (by 1/k²) per output, in the output format. Backward: 1
 * multiply per output error (overlapping windows' error sums are not counted).
 */
export const averagePooling2dHandler: LayerHandler = {
  kind: 'compute',
  stashesInput: false,
  outputShape: maxPooling2dHandler.outputShape,
  params: NO_PARAMS,
  forward(env) {
    const p = pool(env.inputShapes[0]!, env.cfg);
    const out = env.role('activation');
    const ops = noOps();
    ops.adds.push({ pass: 'forward', label: 'sum', count: p.ho * p.wo * p.c * (p.window - 1), operand: out });
    ops.muls.push(mulGroup('forward', 'scale', p.ho * p.wo * p.c, out, out));
    return ops;
  },
  backward(env) {
    const p = pool(env.inputShapes[0]!, env.cfg);
    const ops = noOps();
    ops.muls.push(mulGroup('backward', 'scale', p.ho * p.wo * p.c, env.role('error'), env.role('error')));
    return ops;
  },
};

function globalShape(inputs: readonly (readonly number[])[], cfg: LayerConfig): number[] {
  return [hwc(inputs[0]!, cfg)[2]];
}

/** GlobalAveragePooling2D: (H·W − 1)·C adds and C multiplies; backward C multiplies. */
export const globalAveragePooling2dHandler: LayerHandler = {
  kind: 'compute',
  stashesInput: false,
  outputShape: globalShape,
  params: NO_PARAMS,
  forward(env) {
    const [h, w, c] = hwc(env.inputShapes[0]!, env.cfg);
    const out = env.role('activation');
    const ops = noOps();
    ops.adds.push({ pass: 'forward', label: 'sum', count: (h * w - 1) * c, operand: out });
    ops.muls.push(mulGroup('forward', 'scale', c, out, out));
    return ops;
  },
  backward(env) {
    const [h, w, c] = hwc(env.inputShapes[0]!, env.cfg);
    const ops = noOps();
    ops.muls.push(mulGroup('backward', 'scale', h * w * c, env.role('error'), env.role('error')));
    return ops;
  },
};

/** GlobalMaxPooling2D: (H·W − 1)·C comparisons; backward routes errors. */
export const globalMaxPooling2dHandler: LayerHandler = {
  kind: 'compute',
  stashesInput: true,
  passesFormat: true,
  outputShape: globalShape,
  params: NO_PARAMS,
  forward(env) {
    const [h, w, c] = hwc(env.inputShapes[0]!, env.cfg);
    const ops = noOps();
    ops.compares.push({ pass: 'forward', label: 'max', count: (h * w - 1) * c, operand: env.inputs[0]! });
    return ops;
  },
  backward: () => noOps(),
};
