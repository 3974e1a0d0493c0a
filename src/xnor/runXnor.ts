import type { PackedSignMatrix } from '../../simulators/xnor/packSigns.js';
import { xnorMatMul } from '../../simulators/xnor/xnorMatMul.js';
import { bitPlaneMatMul } from './bitPlaneMatMul.js';
import { flattenSigns } from './convWindow.js';
import { thresholdSigns } from './thresholdSigns.js';
import { wasmXnorMatMul } from './wasmXnorMatMul.js';
import { maxPoolSigns, runXnorConv2D } from './xnorConv2D.js';
import type { XnorModel } from './xnorModelSpec.js';

/**
 * What `runXnor` returns for n examples.
 * @example
 * const { predictions, logits, outputIntegers }: XnorResult = runXnor(xnor, toBytes(test.x), test.n);
 */
export interface XnorResult {
  /** n·numClasses float32 logits: float32(s + bias) or the last batch norm's table entry, s the last layer's integer pre-activation. */
  logits: Float32Array;
  /** n·numClasses integer pre-activations of the last layer. */
  outputIntegers: Int32Array;
  /** Argmax of each row of logits (the first maximum on ties, as tf.argMax). */
  predictions: Int32Array;
}

/**
 * Which XNOR-popcount matmul runs: WebAssembly SIMD `i8x16.popcnt` (default), WebAssembly `i64.popcnt`, or the
 * simulator's TypeScript SWAR kernel (`xnorMatMul`).
 * @example
 * runXnor(xnor, bytes, n, { kernel: 'i64' satisfies XnorKernel })
 */
export type XnorKernel = 'simd' | 'i64' | 'js';

/**
 * Options of `runXnor`.
 * @example
 * runXnor(xnor, bytes, n, { kernel: 'simd', chunk: 512 })
 */
export interface RunXnorOptions {
  /** Examples per chunk (default 256). */
  chunk?: number;
  kernel?: XnorKernel;
}

/**
 * Runs an exported binary network on n examples of n-bit inputs with integer arithmetic only, except the final
 * float32 bias add (or a table lookup of the last batch norm): bit planes and XNOR-popcount matmuls (`bitPlaneMatMul`, `xnorMatMul`), per-unit integer
 * thresholds, and float32(s + bias) for the logits. Convolutions run as im2col + the same matmuls with a padding
 * correction (`runXnorConv2D`), max pooling as OR/AND of packed bits (`maxPoolSigns`), and a dense layer after a
 * map reads it flattened in NHWC order. Examples are processed in chunks of `chunk` (default 256).
 * All kernels give the same integers (tested); the WebAssembly ones fall back to `js` where unavailable.
 * @throws RangeError when bytes.length ≠ n·model.inputs, or for a bad chunk or kernel.
 * @example const { predictions } = runXnor(model, toBytes(test.x), test.n, { kernel: 'simd' })
 */
export function runXnor(model: XnorModel, bytes: Uint8Array, n: number, options: RunXnorOptions = {}): XnorResult {
  const chunk = options.chunk ?? 256;
  const kernel = options.kernel ?? 'simd';
  if (!(bytes instanceof Uint8Array) || bytes.length !== n * model.inputs) {
    throw new RangeError(`runXnor: bytes must be a Uint8Array of n·inputs = ${n}·${model.inputs}; got ${bytes?.length}`);
  }
  if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`runXnor: options.chunk must be an integer ≥ 1; got ${chunk}`);
  if (kernel !== 'simd' && kernel !== 'i64' && kernel !== 'js') throw new RangeError(`runXnor: options.kernel must be 'simd', 'i64' or 'js'; got ${JSON.stringify(kernel)}`);
  const mm = kernel === 'js' ? xnorMatMul : (a: PackedSignMatrix, b: PackedSignMatrix) => wasmXnorMatMul(a, b, xnorMatMul, kernel);
  const C = model.numClasses;
  const logits = new Float32Array(n * C);
  const outputIntegers = new Int32Array(n * C);
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const x = bytes.subarray(start * model.inputs, (start + m) * model.inputs);
    let a: PackedSignMatrix | null = null; // ±1 activations: m rows (vectors) or m·H·W rows (maps)
    let pixels = 0; // H·W of a map, 0 for vectors
    for (const layer of model.layers) {
      if (pixels && (layer.kind === 'xnorDense' || layer.kind === 'outputDense')) {
        a = flattenSigns(a!, m, pixels);
        pixels = 0;
      }
      if (layer.kind === 'bitPlaneDense') {
        a = thresholdSigns(bitPlaneMatMul(x, m, layer.bits, layer.weights, mm), m, layer.thresholds);
      } else if (layer.kind === 'xnorDense') {
        a = thresholdSigns(mm(a!, layer.weights), m, layer.thresholds);
      } else if (layer.kind === 'bitPlaneConv2D' || layer.kind === 'xnorConv2D') {
        a = runXnorConv2D(layer, layer.kind === 'bitPlaneConv2D' ? x : a!, m, mm);
        pixels = a.rows / m;
      } else if (layer.kind === 'maxPool2D') {
        a = maxPoolSigns(a!, m, layer.window, layer.andChannels);
        pixels = a.rows / m;
      } else {
        const s = mm(a!, layer.weights);
        outputIntegers.set(s, start * C);
        const { bias, table } = layer;
        const K = layer.weights.cols;
        for (let i = 0; i < s.length; i++) {
          const v = s[i]!;
          logits[start * C + i] = table ? table[(i % C) * (K + 1) + ((v + K) >> 1)]! : bias ? Math.fround(v + bias[i % C]!) : v;
        }
      }
    }
  }
  const predictions = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < C; j++) if (logits[i * C + j]! > logits[i * C + best]!) best = j;
    predictions[i] = best;
  }
  return { logits, outputIntegers, predictions };
}
