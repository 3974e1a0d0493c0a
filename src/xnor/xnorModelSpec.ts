import type { PackedSignMatrix } from '../../simulators/xnor/packSigns.js';

/**
 * One layer of an exported binary network, as JSON (typed arrays as little-endian base64). Weights are packed
 * sign matrices (`packSignMatrix`: one row per output unit, bit 1 = +1), rows already negated where the folded
 * batch norm decreases, so every hidden unit fires (+1) exactly when its integer pre-activation s ≥ threshold.
 *
 * | kind            | input                           | s                                   | output                    |
 * |-----------------|---------------------------------|-------------------------------------|---------------------------|
 * | `bitPlaneDense` | bytes u (n-bit, n ≤ 8)           | u·W_b = Σ_k 2^k·(u^k·W_b) (bit planes) | +1 iff s ≥ threshold[j]   |
 * | `xnorDense`     | ±1 vector (packed)              | K − 2·popcount(a xor w)             | +1 iff s ≥ threshold[j]   |
 * | `outputDense`   | ±1 vector (packed)              | as xnorDense                        | float32(s + bias[j]), or table[j][(s + K)/2] |
 *
 * An `outputDense` followed by a batch norm (BinaryConnect's and BinaryNet's real-valued last layer) stores, per
 * unit, the float32 logit of each of the K + 1 values s can take (s ≡ K mod 2), read from the TF.js layers.
 */
export type XnorLayerSpec =
  | { kind: 'bitPlaneDense'; name: string; inputs: number; units: number; bits: number; weights: string; thresholds: string }
  | { kind: 'xnorDense'; name: string; inputs: number; units: number; weights: string; thresholds: string }
  | { kind: 'outputDense'; name: string; inputs: number; units: number; weights: string; bias?: string; table?: string };

/** An exported binary network (the file `lowbit export-binary` writes and `lowbit infer` reads). */
export interface XnorModelSpec {
  format: 'lowbit-xnor';
  version: 1;
  /** Input features per example (after flattening), e.g. 784. */
  inputs: number;
  /** Input bits: pixels x ∈ [0, 1] are read as round(x·(2^bits − 1)) (`toBytes`). */
  inputBits: number;
  numClasses: number;
  layers: XnorLayerSpec[];
  /** Where it came from: the run folder, its dataset spec, and the backend the thresholds were derived on. */
  source?: { run?: string; dataset?: unknown; backend?: string };
}

/** A decoded layer, ready for the engine. */
export type XnorLayer =
  | { kind: 'bitPlaneDense'; name: string; bits: number; weights: PackedSignMatrix; thresholds: Int32Array }
  | { kind: 'xnorDense'; name: string; weights: PackedSignMatrix; thresholds: Int32Array }
  | { kind: 'outputDense'; name: string; weights: PackedSignMatrix; bias: Float32Array | null; table?: Float32Array };

/** A decoded network. */
export interface XnorModel {
  inputs: number;
  inputBits: number;
  numClasses: number;
  layers: XnorLayer[];
  source?: XnorModelSpec['source'];
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
