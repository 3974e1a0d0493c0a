import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { quantizeArray } from '../../../simulators/quantize.js';
import { handlerFor } from '../../../simulators/registry.js';
import { CounterRng } from '../../../simulators/random/counterRng.js';
import { Rng } from '../../../simulators/random/rng.js';
import { setWasmSr } from '../../../simulators/fastpath/srWasm.js';

const FORMATS = ['float8_e4m3fn', 'float8_e5m2', 'float8_e4m3fnuz', 'float16', 'bfloat16', 'float(e=3,m=2,subnormals=off)', 'float(e=5,m=10,overflow=nan)', 'fixed(w=8,f=4)', 'ufixed(w=8,f=8)', 'fixed(w=6,f=-2)', 'fixed(w=24,f=20)'];

/** float32 inputs: random bit patterns (NaN, ±inf, subnormals, −0 included) and values near 1. */
function inputs(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const bits = new Uint32Array(n);
  const xs = new Float32Array(bits.buffer);
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) bits[i] = rng.uint32();
    else xs[i] = (rng.uniform() - 0.5) * 2 ** ((rng.uint32() % 24) - 12);
  }
  return xs;
}

const sameBits = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

describe('stochastic rounding with batched Philox draws (WebAssembly SIMD)', () => {
  it.each(FORMATS)('%s: equals the one-draw-at-a-time scalar rounding, misaligned starts included', (text) => {
    const spec = parseFormat(text);
    const h = handlerFor(spec);
    const xs = inputs(70001, text.length);
    for (const skip of [0, 5]) {
      const g = new CounterRng(3);
      for (let i = 0; i < skip; i++) g.uniform();
      const got = quantizeArray(spec, xs, { rounding: 'sr', rng: g });
      const ref = new CounterRng(3);
      for (let i = 0; i < skip; i++) ref.uniform();
      const want = Float32Array.from(xs, (x) => h.round(spec, x, 'sr', ref.uniform()).value);
      expect(sameBits(got, want)).toBe(true);
      expect(g.position).toBe(ref.position);
      const was = setWasmSr(false);
      const js = quantizeArray(spec, xs, { rounding: 'sr', rng: (() => { const r = new CounterRng(3); for (let i = 0; i < skip; i++) r.uniform(); return r; })() });
      setWasmSr(was);
      expect(sameBits(js, want)).toBe(true);
    }
  });
});
