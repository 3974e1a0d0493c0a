import { signWords, type PackedSignMatrix } from '../../simulators/xnor/packSigns.js';
import { windowPlacement, type Window2D } from './convWindow.js';
import { fromBase64, toBase64, type XnorLayer, type XnorLayerSpec } from './xnorModelSpec.js';

/** The layer kinds of version 2 (feature maps). */
export const MAP_KINDS = ['bitPlaneConv2D', 'xnorConv2D', 'maxPool2D'] as const;

const WINDOW_KEYS = ['inputShape', 'kernelSize', 'strides', 'padding'];

/** Allowed JSON keys of each map kind. */
export const MAP_KEYS: Record<(typeof MAP_KINDS)[number], string[]> = {
  bitPlaneConv2D: ['kind', 'name', ...WINDOW_KEYS, 'units', 'bits', 'weights', 'thresholds'],
  xnorConv2D: ['kind', 'name', ...WINDOW_KEYS, 'units', 'weights', 'thresholds'],
  maxPool2D: ['kind', 'name', ...WINDOW_KEYS, 'andChannels'],
};

type Fail = (where: string, msg: string) => never;

function ints(where: string, v: unknown, n: number, fail: Fail): number[] {
  if (!Array.isArray(v) || v.length !== n || !v.every((x) => Number.isInteger(x) && x >= 1 && x <= 2 ** 20)) {
    fail(where, `must be an array of ${n} integers in 1..2^20; got ${JSON.stringify(v)}`);
  }
  return v as number[];
}

/**
 * Reads a map layer (conv or pool) whose input has `shape` (the previous layer's output, or [inputs] for the
 * `first` layer, which must then hold H·W·C features). `matrix` decodes packed weights.
 */
export function readMapLayer(
  s: Record<string, unknown>,
  where: string,
  shape: number[],
  first: boolean,
  fail: Fail,
  matrix: (where: string, text: unknown, rows: number, cols: number) => PackedSignMatrix,
): XnorLayer {
  const kind = s.kind as (typeof MAP_KINDS)[number];
  const name = typeof s.name === 'string' ? s.name : fail(`${where}.name`, 'must be a string');
  const inputShape = ints(`${where}.inputShape`, s.inputShape, 3, fail) as [number, number, number];
  const size = inputShape[0] * inputShape[1] * inputShape[2];
  const fits = shape.length === 3 ? shape.every((d, k) => d === inputShape[k]) : first && shape[0] === size;
  if (!fits) fail(`${where}.inputShape`, `must equal the previous layer's output [${shape}]; got [${inputShape}]`);
  if (s.padding !== 'same' && s.padding !== 'valid') fail(`${where}.padding`, `must be 'same' or 'valid'; got ${JSON.stringify(s.padding)}`);
  const window: Window2D = {
    inputShape,
    kernelSize: ints(`${where}.kernelSize`, s.kernelSize, 2, fail) as [number, number],
    strides: ints(`${where}.strides`, s.strides, 2, fail) as [number, number],
    padding: s.padding,
  };
  try {
    windowPlacement(window);
  } catch (e) {
    fail(where, (e as Error).message);
  }
  const C = inputShape[2];
  if (kind === 'maxPool2D') {
    const andChannels = s.andChannels === undefined ? null : fromBase64(String(s.andChannels), signWords(C), Uint32Array, `readXnorModel: ${where}.andChannels`);
    return { kind, name, window, andChannels };
  }
  const units = Number.isInteger(s.units) && (s.units as number) >= 1 && (s.units as number) <= 2 ** 20 ? (s.units as number) : fail(`${where}.units`, `must be an integer in 1..2^20; got ${JSON.stringify(s.units)}`);
  const weights = matrix(`${where}.weights`, s.weights, units, window.kernelSize[0] * window.kernelSize[1] * C);
  const thresholds = fromBase64(String(s.thresholds), units, Int32Array, `readXnorModel: ${where}.thresholds`);
  if (kind === 'xnorConv2D') return { kind, name, window, weights, thresholds };
  const bits = s.bits;
  if (!Number.isInteger(bits) || (bits as number) < 1 || (bits as number) > 8) fail(`${where}.bits`, `must be an integer in 1..8; got ${JSON.stringify(bits)}`);
  return { kind, name, bits: bits as number, window, weights, thresholds };
}

/** The JSON form of a decoded map layer (inverse of `readMapLayer`). */
export function writeMapLayer(l: Extract<XnorLayer, { kind: (typeof MAP_KINDS)[number] }>): XnorLayerSpec {
  const w = { inputShape: l.window.inputShape, kernelSize: l.window.kernelSize, strides: l.window.strides, padding: l.window.padding };
  if (l.kind === 'maxPool2D') return { kind: l.kind, name: l.name, ...w, ...(l.andChannels ? { andChannels: toBase64(l.andChannels) } : {}) };
  const base = { name: l.name, ...w, units: l.weights.rows, weights: toBase64(l.weights.words), thresholds: toBase64(l.thresholds) };
  return l.kind === 'xnorConv2D' ? { kind: l.kind, ...base } : { kind: l.kind, ...base, bits: l.bits };
}
