import { describe, expect, it } from 'vitest';
import { readXnorModel, writeXnorModel } from '../../../src/xnor/xnorModelCodec.js';
import { runXnor } from '../../../src/xnor/runXnor.js';
import type { XnorModel } from '../../../src/xnor/xnorModelSpec.js';
import { packSignMatrix, packSigns } from '../../../simulators/xnor/packSigns.js';
import { Rng } from '../../../simulators/random/rng.js';

const r = new Rng(4);
const signs = (n: number) => Float32Array.from({ length: n }, () => (r.uint32() & 1 ? 1 : -1));
const w1 = signs(5 * 3); // kernel 5×3 (in × out)
const w2 = signs(3 * 2);

function model(): XnorModel {
  return {
    inputs: 5,
    inputBits: 8,
    numClasses: 2,
    layers: [
      { kind: 'bitPlaneDense', name: 'd1', bits: 8, weights: packSignMatrix(w1, 5, 3, { transpose: true }), thresholds: Int32Array.from([0, -100, 50]) },
      { kind: 'outputDense', name: 'out', weights: packSignMatrix(w2, 3, 2, { transpose: true }), bias: Float32Array.from([0.1, -0.25]) },
    ],
  };
}

/** A version-2 network: 6×6×2 bytes → 3×3 conv (4 filters) → pool with AND channels → 2×2 valid conv (3) → pool → output. */
function convModel(): XnorModel {
  const same = { kernelSize: [3, 3] as [number, number], strides: [1, 1] as [number, number], padding: 'same' as const };
  return {
    inputs: 72,
    inputBits: 8,
    numClasses: 2,
    layers: [
      { kind: 'bitPlaneConv2D', name: 'c1', bits: 8, window: { inputShape: [6, 6, 2], ...same }, weights: packSignMatrix(signs(4 * 18), 4, 18), thresholds: Int32Array.from([0, 10, -10, 99]) },
      { kind: 'maxPool2D', name: 'p1', window: { inputShape: [6, 6, 4], kernelSize: [2, 2], strides: [2, 2], padding: 'valid' }, andChannels: packSigns([1, -1, -1, 1]) },
      { kind: 'xnorConv2D', name: 'c2', window: { inputShape: [3, 3, 4], kernelSize: [2, 2], strides: [1, 1], padding: 'valid' }, weights: packSignMatrix(signs(3 * 16), 3, 16), thresholds: Int32Array.from([0, 2, -2]) },
      { kind: 'maxPool2D', name: 'p2', window: { inputShape: [2, 2, 3], kernelSize: [2, 2], strides: [2, 2], padding: 'same' }, andChannels: null },
      { kind: 'outputDense', name: 'out', weights: packSignMatrix(signs(2 * 3), 2, 3), bias: Float32Array.from([0.5, -0.5]) },
    ],
  };
}

describe('readXnorModel / writeXnorModel', () => {
  it('round-trips through JSON text', () => {
    const m = model();
    const back = readXnorModel(JSON.parse(JSON.stringify(writeXnorModel(m))));
    expect(back).toEqual(m);
    expect(writeXnorModel(m).version).toBe(1); // dense-only files stay version 1, readable by older lowbit
  });

  it('round-trips conv and pool layers as version 2, and runs them', () => {
    const m = convModel();
    const j = writeXnorModel(m);
    expect(j.version).toBe(2);
    const back = readXnorModel(JSON.parse(JSON.stringify(j)));
    expect(back).toEqual(m);
    const res = runXnor(back, Uint8Array.from({ length: 3 * 72 }, () => r.uint32() & 255), 3);
    expect(res.outputIntegers.every((s) => Math.abs(s) <= 3 && (s & 1) === 1)).toBe(true); // K = 3: s ∈ {±1, ±3}
  });

  it('names the first bad field of a version-2 file', () => {
    const bad = (f: (o: { version: number; layers: Array<Record<string, unknown>> }) => void) => {
      const o = JSON.parse(JSON.stringify(writeXnorModel(convModel())));
      f(o);
      return () => readXnorModel(o);
    };
    expect(bad((o) => (o.version = 1))).toThrow(/readXnorModel: layers\[0\]\.kind: 'bitPlaneConv2D' needs version 2; the file says version 1/);
    expect(bad((o) => (o.layers[2]!.inputShape = [3, 3, 5]))).toThrow(/readXnorModel: layers\[2\]\.inputShape: must equal the previous layer's output \[3,3,4\]; got \[3,3,5\]/);
    expect(bad((o) => (o.layers[1]!.padding = 'full'))).toThrow(/readXnorModel: layers\[1\]\.padding: must be 'same' or 'valid'; got "full"/);
    expect(bad((o) => (o.layers[2]!.kernelSize = [4, 4]))).toThrow(/readXnorModel: layers\[2\]: windowPlacement: a 4×4 'valid' window does not fit a 3×3 input/);
    expect(bad((o) => (o.layers[0]!.inputShape = [6, 6, 3]))).toThrow(/readXnorModel: layers\[0\]\.inputShape: must equal the previous layer's output \[72\]; got \[6,6,3\]/);
    expect(bad((o) => (o.layers[4]!.inputs = 12))).toThrow(/readXnorModel: layers\[4\]\.inputs: must equal the previous layer's width 3 \(its \[1,1,3\] flattened\); got 12/);
    expect(bad((o) => (o.layers[1]!.units = 4))).toThrow(/readXnorModel: layers\[1\]: unknown key 'units' for maxPool2D; allowed: kind, name, inputShape, kernelSize, strides, padding, andChannels/);
  });

  it('round-trips an output table, read as table[j][(s + K)/2]', () => {
    const m = model();
    const out = m.layers[1]!;
    if (out.kind !== 'outputDense') throw new Error('layout');
    out.bias = null;
    out.table = Float32Array.from({ length: 2 * 4 }, (_, i) => i / 8);
    const back = readXnorModel(JSON.parse(JSON.stringify(writeXnorModel(m))));
    expect(back).toEqual(m);
    const res = runXnor(back, new Uint8Array(10).fill(7), 2);
    for (let i = 0; i < 4; i++) expect(res.logits[i]).toBe(out.table[(i % 2) * 4 + (res.outputIntegers[i]! + 3) / 2]);
    const j = writeXnorModel(m) as unknown as { layers: Array<Record<string, unknown>> };
    j.layers[1]!.bias = 'AAAAAAAAAAA='; // two float32 zeros
    expect(() => readXnorModel(j)).toThrow(/readXnorModel: layers\[1\]: has both bias and table; a table already includes the bias/);
  });

  it('names the first bad field', () => {
    const j = writeXnorModel(model());
    const bad = (f: (o: Record<string, unknown>) => void) => {
      const o = JSON.parse(JSON.stringify(j));
      f(o);
      return () => readXnorModel(o);
    };
    expect(bad((o) => (o.format = 'onnx'))).toThrow(/readXnorModel: format: must be 'lowbit-xnor'; got "onnx"/);
    expect(bad((o) => (o.extra = 1))).toThrow(/readXnorModel: model: unknown key 'extra'/);
    expect(bad((o) => ((o.layers as Array<Record<string, unknown>>)[1]!.inputs = 4))).toThrow(/readXnorModel: layers\[1\]\.inputs: must equal the previous layer's width 3; got 4/);
    expect(bad((o) => ((o.layers as Array<Record<string, unknown>>)[0]!.weights = 'AAAA'))).toThrow(/readXnorModel: layers\[0\]\.weights: expected 3 32-bit values \(12 bytes\); got 3 bytes/);
    expect(bad((o) => {
      const l0 = (o.layers as Array<Record<string, unknown>>)[0]!;
      l0.kind = 'xnorDense';
      delete l0.bits;
    })).toThrow(/readXnorModel: layers\[0\]\.kind: bitPlaneDense or bitPlaneConv2D must be the first layer and only the first/);
    expect(bad((o) => (o.numClasses = 3))).toThrow(/readXnorModel: numClasses: must equal the last layer's units 2; got 3/);
    expect(() => readXnorModel(null)).toThrow(/readXnorModel: model: must be an object/);
  });
});

describe('runXnor', () => {
  it('computes sign(u·W1 ≥ t) then float32(a·W2 + b) on a hand-sized network', () => {
    const m = model();
    const u = Uint8Array.from({ length: 4 * 5 }, () => r.uint32() & 255);
    const res = runXnor(m, u, 4, { chunk: 3 });
    for (const kernel of ['i64', 'js'] as const) expect(runXnor(m, u, 4, { chunk: 2, kernel })).toEqual(res);
    for (let i = 0; i < 4; i++) {
      const a = [0, 1, 2].map((j) => {
        let s = 0;
        for (let k = 0; k < 5; k++) s += u[i * 5 + k]! * w1[k * 3 + j]!;
        return s >= [0, -100, 50][j]! ? 1 : -1;
      });
      for (let c = 0; c < 2; c++) {
        const s = a.reduce((acc, v, j) => acc + v * w2[j * 2 + c]!, 0);
        expect(res.outputIntegers[i * 2 + c]).toBe(s);
        expect(res.logits[i * 2 + c]).toBe(Math.fround(s + Math.fround([0.1, -0.25][c]!)));
      }
      expect(res.predictions[i]).toBe(res.logits[i * 2 + 1]! > res.logits[i * 2]! ? 1 : 0);
    }
  });

  it('throws on bad input sizes', () => {
    expect(() => runXnor(model(), new Uint8Array(9), 2)).toThrow(/runXnor: bytes must be a Uint8Array of n·inputs = 2·5; got 9/);
    expect(() => runXnor(model(), new Uint8Array(10), 2, { chunk: 0 })).toThrow(/runXnor: options.chunk must be an integer ≥ 1; got 0/);
    expect(() => runXnor(model(), new Uint8Array(10), 2, { kernel: 'wasm' as 'js' })).toThrow(/runXnor: options.kernel must be 'simd', 'i64' or 'js'; got "wasm"/);
  });
});
