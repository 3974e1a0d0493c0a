import type { PackedSignMatrix } from '../../simulators/xnor/packSigns.js';
import { windowPlacement, type Window2D } from './convWindow.js';

/**
 * One layer of an exported binary network, as JSON (typed arrays as little-endian base64). Weights are packed
 * sign matrices (`packSignMatrix`: one row per output unit or filter, bit 1 = +1; a conv kernel [kh, kw, C, F]
 * gives F rows of kh·kw·C signs in (dy, dx, c) order), rows already negated where the folded batch norm decreases,
 * so every hidden unit fires (+1) exactly when its integer pre-activation s ≥ threshold.
 *
 * | kind             | v | input                        | s                                         | output                    |
 * |------------------|---|------------------------------|-------------------------------------------|---------------------------|
 * | `bitPlaneDense`  | 1 | bytes u (n-bit, n ≤ 8)        | u·W_b = Σ_k 2^k·(u^k·W_b) (bit planes)    | +1 iff s ≥ threshold[j]   |
 * | `xnorDense`      | 1 | ±1 vector (packed)           | K − 2·popcount(a xor w)                   | +1 iff s ≥ threshold[j]   |
 * | `outputDense`    | 1 | ±1 vector (packed)           | as xnorDense                              | float32(s + bias[j]), or table[j][(s + K)/2] |
 * | `bitPlaneConv2D` | 2 | bytes, H×W×C                 | patch·W_b over bit planes, pad bytes 0     | +1 iff s ≥ threshold[f]   |
 * | `xnorConv2D`     | 2 | ±1 map, H×W×C                | K − 2·popcount(patch xor w) + Σ_pad w      | +1 iff s ≥ threshold[f]   |
 * | `maxPool2D`      | 2 | ±1 map, H×W×C                | —                                         | OR of the window's bits (AND on `andChannels`) |
 *
 * A dense layer after a map reads it flattened in NHWC order (TF.js `Flatten`). Convolutions pad with zeros as
 * TF.js does: a zero input adds 0 to s, so the engine adds back, per output position, Σ w over the padded taps
 * (which the packed patch holds as −1). `maxPool2D` after the sign is an OR (max of ±1); placed before a batch
 * norm + sign it is still an OR of the folded bits for increasing units and an AND for decreasing ones
 * (`andChannels`, packed like a row of signs), since max s = −min(−s).
 * An `outputDense` followed by a batch norm (BinaryConnect's and BinaryNet's real-valued last layer) stores, per
 * unit, the float32 logit of each of the K + 1 values s can take (s ≡ K mod 2), read from the TF.js layers.
 * Version 2 adds the three map kinds; files without them are written as version 1.
 * @example
 * readXnorModel(JSON.parse(text)).layers.map((l) => l.kind) // the XnorLayerSpec kinds, decoded
 */
export type XnorLayerSpec =
  | { kind: 'bitPlaneDense'; name: string; inputs: number; units: number; bits: number; weights: string; thresholds: string }
  | { kind: 'xnorDense'; name: string; inputs: number; units: number; weights: string; thresholds: string }
  | { kind: 'outputDense'; name: string; inputs: number; units: number; weights: string; bias?: string; table?: string }
  | ({ kind: 'bitPlaneConv2D'; name: string; units: number; bits: number; weights: string; thresholds: string } & Window2D)
  | ({ kind: 'xnorConv2D'; name: string; units: number; weights: string; thresholds: string } & Window2D)
  | ({ kind: 'maxPool2D'; name: string; andChannels?: string } & Window2D);

/**
 * An exported binary network (the file `lowbit export-binary` writes and `lowbit infer` reads).
 * @example
 * const file: XnorModelSpec = writeXnorModel(exportXnorModel(model));
 * file.format // 'lowbit-xnor'
 */
export interface XnorModelSpec {
  format: 'lowbit-xnor';
  /** 1: dense layers only; 2: also `bitPlaneConv2D`, `xnorConv2D`, `maxPool2D`. */
  version: 1 | 2;
  /** Input features per example (after flattening, H·W·C for a map), e.g. 784. */
  inputs: number;
  /** Input bits: pixels x ∈ [0, 1] are read as round(x·(2^bits − 1)) (`toBytes`). */
  inputBits: number;
  numClasses: number;
  layers: XnorLayerSpec[];
  /** Where it came from: the run folder, its dataset spec, and the backend the thresholds were derived on. */
  source?: { run?: string; dataset?: unknown; backend?: string };
}

/**
 * A decoded layer, ready for the engine (maps: `window` gives the input shape, kernel or pool size, strides, padding).
 * @example
 * exportXnorModel(model).layers.map((l: XnorLayer) => `${l.name}: ${l.kind}`)
 */
export type XnorLayer =
  | { kind: 'bitPlaneDense'; name: string; bits: number; weights: PackedSignMatrix; thresholds: Int32Array }
  | { kind: 'xnorDense'; name: string; weights: PackedSignMatrix; thresholds: Int32Array }
  | { kind: 'outputDense'; name: string; weights: PackedSignMatrix; bias: Float32Array | null; table?: Float32Array }
  | { kind: 'bitPlaneConv2D'; name: string; bits: number; window: Window2D; weights: PackedSignMatrix; thresholds: Int32Array }
  | { kind: 'xnorConv2D'; name: string; window: Window2D; weights: PackedSignMatrix; thresholds: Int32Array }
  | { kind: 'maxPool2D'; name: string; window: Window2D; andChannels: Uint32Array | null };

/**
 * A decoded network.
 * @example
 * const xnor: XnorModel = exportXnorModel(model);
 * runXnor(xnor, toBytes(test.x, xnor.inputBits), test.n)
 */
export interface XnorModel {
  inputs: number;
  inputBits: number;
  numClasses: number;
  layers: XnorLayer[];
  source?: XnorModelSpec['source'];
}

/** The output shape of a layer: [units] for dense layers, [H, W, C] for maps. */
export function layerOutputShape(l: XnorLayer): number[] {
  if (l.kind === 'bitPlaneDense' || l.kind === 'xnorDense' || l.kind === 'outputDense') return [l.weights.rows];
  const { outH, outW } = windowPlacement(l.window);
  return [outH, outW, l.kind === 'maxPool2D' ? l.window.inputShape[2] : l.weights.rows];
}

/** Little-endian base64 of a typed array's bytes. */
export function toBase64(a: Uint32Array | Int32Array | Float32Array): string {
  const bytes = new Uint8Array(a.byteLength);
  const view = new DataView(bytes.buffer);
  const f = a instanceof Float32Array;
  for (let i = 0; i < a.length; i++) {
    if (f) view.setFloat32(4 * i, a[i]!, true);
    else view.setUint32(4 * i, a[i]! >>> 0, true);
  }
  return Buffer.from(bytes).toString('base64');
}

/** Decodes little-endian base64 into n 32-bit elements of the given type. */
export function fromBase64<T extends Uint32Array | Int32Array | Float32Array>(text: string, n: number, type: new (n: number) => T, what: string): T {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== 4 * n) throw new RangeError(`${what}: expected ${n} 32-bit values (${4 * n} bytes); got ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new type(n);
  const f = out instanceof Float32Array;
  for (let i = 0; i < n; i++) out[i] = f ? view.getFloat32(4 * i, true) : out instanceof Int32Array ? view.getInt32(4 * i, true) : view.getUint32(4 * i, true);
  return out;
}
