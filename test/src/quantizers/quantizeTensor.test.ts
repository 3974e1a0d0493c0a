import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { quantizeTensor } from '../../../src/quantizers/quantizeTensor.js';
import { float32Limitation } from '../../../src/quantizers/float32Exact.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { quantizeArray } from '../../../simulators/quantize.js';
import { Rng } from '../../../simulators/random/rng.js';
import { fixedSpecString, floatSpecString, readJson, readJsonl, type FixedFormatParams, type FloatFormatParams } from '../../simulators/_vectors.js';

const f64 = (hex: string): number => new DataView(new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16))).buffer).getFloat64(0);
const bits32 = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const MODES = ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn', 'rto'] as const;

interface ConvertLine {
  in?: string;
  r: Record<string, [string, string, string]>;
}
interface FixedLine {
  kind: string;
  in?: string;
  r: Record<string, [string, string, string, string]>;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The float32 inputs of a vector file, with each mode's expected value. */
function float32Cases(lines: Array<{ in?: string; r: Record<string, string[]> }>, valueIndex: number) {
  const xs: number[] = [];
  const want: Record<string, number[]> = {};
  for (const l of lines) {
    if (l.in === undefined) continue;
    const x = f64(l.in);
    if (!(Math.fround(x) === x)) continue; // only what a float32 tensor can hold (NaN excluded: compared by class elsewhere)
    xs.push(x);
    for (const [mode, r] of Object.entries(l.r)) (want[mode] ??= []).push(f64(r[valueIndex]!));
  }
  return { xs, want };
}

describe('quantizeTensor forward = simulator, bit for bit (cpu backend)', () => {
  const floats = readJson<Record<string, FloatFormatParams>>('formats.json');
  for (const [name, p] of Object.entries(floats)) {
    const spec = floatSpecString(p);
    const holdable = float32Limitation(parseFormat(spec)) === undefined;
    it(`${name} (${spec})${holdable ? '' : ' is rejected'}`, () => {
      if (!holdable) {
        expect(() => quantizeTensor(tf.zeros([1]), spec)).toThrow(/cannot be held exactly in float32 tensors/);
        return;
      }
      const { xs, want } = float32Cases(readJsonl<ConvertLine>(`${name}.convert.jsonl`), 1);
      expect(xs.length).toBeGreaterThan(100);
      const x = tf.tensor1d(xs, 'float32');
      for (const mode of MODES) {
        const got = quantizeTensor(x, spec, { rounding: mode });
        const gotData = got.dataSync() as Float32Array;
        const sim = quantizeArray(parseFormat(spec), new Float32Array(xs), { rounding: mode });
        expect(bits32(gotData), mode).toEqual(bits32(sim));
        const expected = Float32Array.from(want[mode]!);
        expect(bits32(gotData), `${mode} vs oracle`).toEqual(bits32(expected));
        got.dispose();
      }
      x.dispose();
    });
  }

  const fixed = readJson<Record<string, FixedFormatParams>>('fixed/formats.json');
  for (const [name, p] of Object.entries(fixed)) {
    const spec = fixedSpecString(p);
    const holdable = float32Limitation(parseFormat(spec)) === undefined;
    it(`${name} (${spec})${holdable ? '' : ' is rejected'}`, () => {
      if (!holdable) {
        expect(() => quantizeTensor(tf.zeros([1]), spec)).toThrow(/significant bits/);
        return;
      }
      const lines = readJsonl<FixedLine>(`fixed/${name}.jsonl`).filter((l) => l.kind === 'fx_quantize');
      const { xs, want } = float32Cases(lines, 2);
      expect(xs.length).toBeGreaterThan(100);
      const x = tf.tensor1d(xs, 'float32');
      for (const mode of Object.keys(want)) {
        const got = quantizeTensor(x, spec, { rounding: mode as 'rne' });
        const sim = quantizeArray(parseFormat(spec), new Float32Array(xs), { rounding: mode as 'rne' });
        expect(bits32(got.dataSync() as Float32Array), mode).toEqual(bits32(sim));
        expect(bits32(got.dataSync() as Float32Array), `${mode} vs oracle`).toEqual(bits32(Float32Array.from(want[mode]!)));
        got.dispose();
      }
      x.dispose();
    });
  }

  it('keeps the shape, and NaN stays NaN in float formats', () => {
    const x = tf.tensor2d([[NaN, 1.1], [Infinity, -3]]);
    const y = quantizeTensor(x, 'float16');
    expect(y.shape).toEqual([2, 2]);
    const d = y.dataSync();
    expect(Number.isNaN(d[0]!)).toBe(true);
    expect(Array.from(d.slice(1))).toEqual([Math.fround(1.099609375), Infinity, -3]);
    tf.dispose([x, y]);
  });
});

describe('quantizeTensor stochastic rounding', () => {
  const xs = Float32Array.from({ length: 64 }, (_, i) => Math.fround(0.01 * i - 0.3));
  it('with a seed: equal calls give equal bits, equal to the simulator with that seed', () => {
    const x = tf.tensor1d(xs);
    const a = quantizeTensor(x, 'fixed(w=8,f=4)', { rounding: 'sr', seed: 9 }).dataSync();
    const b = quantizeTensor(x, 'fixed(w=8,f=4)', { rounding: 'sr', seed: 9 }).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).toEqual(Array.from(quantizeArray(parseFormat('fixed(w=8,f=4)'), xs, { rounding: 'sr', seed: 9 })));
    x.dispose();
  });
  it('with an rng: each call advances the generator (one draw per element)', () => {
    const x = tf.tensor1d(xs);
    const rng = new Rng(5);
    const a = Array.from(quantizeTensor(x, 'fixed(w=8,f=4)', { rounding: 'sr', rng }).dataSync());
    const b = Array.from(quantizeTensor(x, 'fixed(w=8,f=4)', { rounding: 'sr', rng }).dataSync());
    const ref = new Rng(5);
    const spec = parseFormat('fixed(w=8,f=4)');
    expect(a).toEqual(Array.from(quantizeArray(spec, xs, { rounding: 'sr', rng: ref })));
    expect(b).toEqual(Array.from(quantizeArray(spec, xs, { rounding: 'sr', rng: ref })));
    expect(a).not.toEqual(b);
    x.dispose();
  });
  it('is unbiased over seeded samples (tolerance from N)', () => {
    const N = 4000;
    const x = tf.fill([N], 0.3);
    const mean = tf.mean(quantizeTensor(x, 'fixed(w=8,f=2)', { rounding: 'sr', seed: 1 })).dataSync()[0]!;
    // values 0.25 or 0.5 with p = 0.2: sd of the mean = 0.25·sqrt(0.16/N) ≈ 0.0016
    expect(Math.abs(mean - 0.3)).toBeLessThan(5 * 0.25 * Math.sqrt(0.16 / N));
    x.dispose();
  });
});

describe('quantizeTensor backward', () => {
  it('identity STE by default; the error format quantizes dL/dq', () => {
    const x = tf.tensor1d([0.3, -2, 5]);
    const g1 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(quantizeTensor(t, 'int4'), 0.3)))(x);
    expect(Array.from(g1.dataSync())).toEqual([0.3, 0.3, 0.3].map(Math.fround));
    const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(quantizeTensor(t, 'int4', { error: { format: 'fixed(w=8,f=2)' } }), 0.3)))(x);
    expect(Array.from(g2.dataSync())).toEqual([0.25, 0.25, 0.25]);
    const g3 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(quantizeTensor(t, 'int4', { backward: 'clipped' }), 0.3)))(x);
    expect(Array.from(g3.dataSync())).toEqual([Math.fround(0.3), 0, 0]);
    tf.dispose([x, g1, g2, g3]);
  });
  it('format null: identity forward, quantized backward only', () => {
    const x = tf.tensor1d([0.3, -2]);
    expect(Array.from(quantizeTensor(x, null, { error: { format: 'int8' } }).dataSync())).toEqual(Array.from(x.dataSync()));
    x.dispose();
  });
});

describe('quantizeTensor bad input', () => {
  it('rejects formats float32 cannot hold, naming the format and why', () => {
    const x = tf.zeros([2]);
    expect(() => quantizeTensor(x, 'float64')).toThrow('quantizeTensor: format float(e=11,m=52) cannot be held exactly in float32 tensors: m = 52 > 23');
    expect(() => quantizeTensor(x, 'float(e=8,m=23,specials=fn)')).toThrow(/largest finite value .* exceeds float32/);
    expect(() => quantizeTensor(x, 'float(e=8,m=23,specials=fnuz)')).toThrow(/smallest quantum 2\^-150 is below float32/);
    expect(() => quantizeTensor(x, 'int32')).toThrow('31 significant bits (w = 32, signed) > 24');
    expect(() => quantizeTensor(x, 'ufixed(w=25,f=0)')).toThrow('25 significant bits');
    expect(() => quantizeTensor(x, 'fixed(w=8,f=150)')).toThrow(/step 2\^-150 is below/);
    expect(() => quantizeTensor(x, 'pow2(min=-150,max=0)')).toThrow('min = -150 < −149');
    expect(() => quantizeTensor(x, 'binary(scale=0.1)')).toThrow('scale = 0.1 is not a float32');
    expect(() => quantizeTensor(x, null, { error: { format: 'float64' } })).toThrow(/cannot be held exactly/);
    x.dispose();
  });
  it('accepts the widest formats that fit', () => {
    for (const f of ['float32', 'bfloat16', 'fixed(w=25,f=0)', 'ufixed(w=24,f=-104)', 'fixed(w=8,f=149)', 'pow2(min=-149,max=127)', 'float(e=8,m=22,specials=fnuz)']) {
      expect(float32Limitation(parseFormat(f)), f).toBeUndefined();
    }
  });
  it('rejects bad arguments with messages naming them', () => {
    const x = tf.zeros([2]);
    expect(() => quantizeTensor([1, 2] as unknown as tf.Tensor, 'int8')).toThrow('quantizeTensor: x must be a tf.Tensor');
    expect(() => quantizeTensor(tf.zeros([1], 'int32'), 'int8')).toThrow('x must have dtype float32; got int32');
    expect(() => quantizeTensor(x, 'int9')).toThrow(/quantizeTensor: format: format "int9"/);
    expect(() => quantizeTensor(x, 'int8', { rounding: 'xx' as 'rne' })).toThrow(/rounding must be one of/);
    expect(() => quantizeTensor(x, 'int8', { rounding: 'sr' })).toThrow("rounding 'sr' for format needs a seed (an integer) or an rng; got neither");
    expect(() => quantizeTensor(x, 'int8', { backward: 'ste' })).toThrow(/unknown estimator "ste"; known: identity, clipped, approxSign, swishSign/);
    x.dispose();
  });
});

describe('quantizeTensor leaks nothing', () => {
  it('forward and backward leave the tensor count unchanged', () => {
    const x = tf.randomNormal([50]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const g = tf.grad((t: tf.Tensor) => tf.sum(quantizeTensor(t, 'float8_e4m3fn', { backward: 'swishSign', error: { format: 'bfloat16' } })))(x);
      const y = quantizeTensor(x, 'int8', { rounding: 'sr', seed: i });
      tf.dispose([g, y]);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
