import { noOps, sizeOf, type LayerHandler } from '../layerHandler.js';
import type { LayerConfig } from '../_internal/layerConfig.js';
import { hwc } from './spatial.js';

const NO_PARAMS = () => ({ weight: 0, bias: 0 });

function view(outputShape: LayerHandler['outputShape']): LayerHandler {
  return { kind: 'view', stashesInput: false, outputShape, params: NO_PARAMS, forward: noOps, backward: noOps };
}

/**
 * The model input: its shape from `batch_input_shape` (or `batch_shape`), its format from the policy's
 * `activation` role for this layer (match `{ "type": "InputLayer" }`). It is read from DRAM and written to SRAM once.
 */
export const inputLayerHandler: LayerHandler = {
  ...view((_inputs, cfg) => inputShapeOf(cfg)),
  kind: 'input',
};

/** The input shape (no batch) a config declares, or undefined. */
export function declaredInputShape(cfg: LayerConfig): number[] | undefined {
  const s = cfg.get('batch_input_shape') ?? cfg.get('batch_shape');
  if (s === undefined || s === null) return undefined;
  if (!Array.isArray(s) || s.length < 2 || !s.slice(1).every((d) => Number.isSafeInteger(d) && d >= 1)) {
    cfg.fail('batch_input_shape', `must be [null, d1, d2, …] with known positive dimensions; got ${JSON.stringify(s)}`);
  }
  return s.slice(1) as number[];
}

function inputShapeOf(cfg: LayerConfig): number[] {
  const s = declaredInputShape(cfg);
  if (!s) cfg.fail('batch_input_shape', 'is required on an InputLayer');
  return s;
}

/** Flatten: a view (no ops, no memory traffic); its values keep their producer's format. */
export const flattenHandler = view((inputs) => [sizeOf(inputs[0]!)]);

/** Dropout and its kin: identity at inference; in training the mask multiply is not modelled. */
export const dropoutHandler = view((inputs) => [...inputs[0]!]);

/** Reshape to `target_shape` (one −1 allowed). */
export const reshapeHandler = view((inputs, cfg) => {
  const target = cfg.get('target_shape');
  const n = sizeOf(inputs[0]!);
  if (!Array.isArray(target) || !target.every((d) => Number.isSafeInteger(d) && (d >= 1 || d === -1)) || target.filter((d) => d === -1).length > 1) {
    cfg.fail('target_shape', `must be an array of positive integers with at most one -1; got ${JSON.stringify(target)}`);
  }
  const known = sizeOf((target as number[]).filter((d) => d !== -1));
  const out = (target as number[]).map((d) => (d === -1 ? n / known : d));
  if (sizeOf(out) !== n || !out.every(Number.isInteger)) cfg.fail('target_shape', `${JSON.stringify(target)} does not fit ${n} values`);
  return out;
});

/**
 * ZeroPadding2D: pads H and W with zeros. Counted as a view: the zeros are not stored (the consuming layer's
 * MACs over them are counted, as for 'same' padding).
 */
export const zeroPadding2dHandler = view((inputs, cfg) => {
  const [h, w, c] = hwc(inputs[0]!, cfg);
  const p = cfg.get('padding') ?? 1;
  const ok = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;
  let tb: [number, number];
  let lr: [number, number];
  if (ok(p)) tb = lr = [p as number, p as number];
  else if (Array.isArray(p) && p.length === 2 && p.every(ok)) [tb, lr] = [[p[0], p[0]], [p[1], p[1]]];
  else if (Array.isArray(p) && p.length === 2 && p.every((q) => Array.isArray(q) && q.length === 2 && q.every(ok))) [tb, lr] = p as [[number, number], [number, number]];
  else return cfg.fail('padding', `must be an integer, [h, w] or [[top, bottom], [left, right]]; got ${JSON.stringify(p)}`);
  return [h + tb[0] + tb[1], w + lr[0] + lr[1], c];
});
