import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFormat, formatToString } from '../../../simulators/formats/parseFormat.js';
import { describeFormat } from '../../../simulators/formats/describeFormat.js';
import { quantizeBlocks, quantizeBlocked, dequantizeBlock } from '../../../simulators/blockQuantize.js';
import { quantizeArray } from '../../../simulators/quantize.js';
import { handlerFor } from '../../../simulators/registry.js';
import type { ScaledSpec } from '../../../simulators/formats/scaledFamily.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { f64 } from './_mxVectors.js';

const P = (t: string) => parseFormat(t) as ScaledSpec;
const MODES: RoundingMode[] = ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn', 'rto'];

describe('scaled family: grammar', () => {
  it('parses nested element and scale specs, prints them back canonically', () => {
    const s = P('scaled(elem=int8, scale=float32, block=channel)');
    expect(s).toEqual({ kind: 'scaled', elem: parseFormat('int8'), scale: parseFormat('float32'), block: 'channel', zeroPoint: false, amax: 'max' });
    for (const t of [
      'scaled(elem=int8,scale=float32,block=channel)',
      'scaled(elem=float(e=4,m=3),scale=e8m0,block=32)',
      'scaled(elem=uint8,scale=float32,block=tensor,zeroPoint=on)',
      'scaled(elem=int4,scale=pow2(min=-20,max=10),block=16,axis=0,amax=percentile(99.9))',
      'scaled(elem=float4_e2m1fn,scale=float8_e4m3fn,block=16)',
    ]) {
      expect(formatToString(parseFormat(t))).toBe(t);
      expect(parseFormat(formatToString(parseFormat(t)))).toEqual(parseFormat(t));
    }
    expect(P('scaled(elem=int8,scale=pow2(min=-127,max=127),block=32)').scale).toEqual(P('scaled(elem=int8,scale=e8m0,block=32)').scale);
  });
  it('describes element, scale, block and bits per element', () => {
    const d = describeFormat(parseFormat('scaled(elem=int4,scale=e8m0,block=32)'));
    expect(d.facts).toMatchObject({ bits: 4, bitsPerElement: 4.25, block: 32, scale: 'e8m0', scaleBits: 8, elem: 'int4', max: 7 });
    expect(describeFormat(parseFormat('scaled(elem=int8,scale=float32,block=channel)')).facts).toMatchObject({ bitsPerElement: 8, scaleBits: 32, block: 'channel' });
    const op = handlerFor(P('scaled(elem=int8,scale=float32,block=channel)')).operand(P('scaled(elem=int8,scale=float32,block=channel)'));
    expect(op).toEqual({ kind: 'int', bits: 8, block: { size: 'line', scaleBits: 32, scale: { kind: 'float', e: 8, m: 23 } } });
  });
  it.each([
    ['scaled(scale=float32,block=32)', /missing key 'elem'/],
    ['scaled(elem=int8,block=32)', /missing key 'scale'/],
    ['scaled(elem=int8,scale=float32)', /missing key 'block' \(a block size N ≥ 1, channel or tensor\)/],
    ['scaled(elem=int8,scale=float32,block=row)', /block must be an integer in 1\.\.1048576; got row/],
    ['scaled(elem=mxfp4_e2m1,scale=float32,block=32)', /elem must be a format of kind float\|fixed\|pow2\|binary\|ternary; got mxfp4_e2m1 \(mx\)/],
    ['scaled(elem=int8,scale=binary,block=32)', /scale must be a format of kind float\|fixed\|pow2 or e8m0; got binary/],
    ['scaled(elem=int8,scale=float32,block=32,zeroPoint=yes)', /zeroPoint must be one of on\|off; got yes/],
    ['scaled(elem=float16,scale=float32,block=32,zeroPoint=on)', /zeroPoint=on needs an integer element/],
    ['scaled(elem=int8,scale=float32,block=32,amax=percentile(0))', /amax must be max, percentile\(P\) with 0 < P ≤ 100, or learned; got percentile\(0\)/],
    ['scaled(elem=int8,scale=float32,block=32,amax=median)', /amax must be max, percentile\(P\) with 0 < P ≤ 100, or learned; got median/],
    ['scaled(elem=float64,scale=float32,block=32)', /scale × element needs 77 significant bits/],
    ['scaled(elem=int8,scale=float32,block=32,constructor=1)', /unknown key 'constructor' for scaled; allowed keys: elem, scale, block, axis, zeroPoint, amax/],
    ['scaled(elem=float(e=4,m=3,scale=float32,block=32)', /unbalanced/],
  ])('rejects %s', (t, re) => {
    expect(() => parseFormat(t)).toThrow(re);
  });
});

describe('scaled family: known values', () => {
  it('per-channel int8 with a float32 scale (QKeras/Brevitas): s = amax/127 rounded up to float32', () => {
    const s = P('scaled(elem=int8,scale=float32,block=channel)');
    const q = quantizeBlocks(s, [0.5, -1, 127, 3.3, -0.01]);
    expect(q.scales).toEqual([1]);
    expect(q.values).toEqual([0, -1, 127, 3, 0]); // integer elements have no −0
    const r = quantizeBlocks(s, [1, -0.3]);
    const sc = Math.fround(1 / 127) < 1 / 127 ? Math.fround(1 / 127 + 2 ** -31) : Math.fround(1 / 127);
    expect(r.scales[0]).toBe(sc);
    expect(r.scales[0]! * 127).toBeGreaterThanOrEqual(1);
    expect(r.codes).toEqual([127n, (256n - 38n) % 256n]); // −0.3/s = −38.1 → −38
  });
  it('asymmetric uint8 with a zero point: s = 128/255 (up), z = 2', () => {
    const s = P('scaled(elem=uint8,scale=float32,block=tensor,zeroPoint=on)');
    const q = quantizeBlocks(s, [-1, 127, 0]);
    expect(q.zeroCodes).toEqual([2n]);
    expect(q.codes).toEqual([0n, 255n, 2n]);
    expect(q.values[2]).toBe(0);
    expect(dequantizeBlock(s, { scale: q.scaleCodes[0]!, zero: 2n }, q.codes as bigint[])).toEqual(q.values);
  });
  it('amax=percentile(50) clips the block at its median magnitude; larger elements saturate', () => {
    const q = quantizeBlocks(parseFormat('scaled(elem=int4,scale=e8m0,block=16,amax=percentile(50))'), [0.5, -1, 127, 3.3, -0.01, 0, 2]);
    expect(q.scales).toEqual([0.25]); // nearest rank ⌈3.5⌉ = 4 of |x| sorted: 1; 1/7 rounded up to 2^-2
    expect(q.values).toEqual([0.5, -1, 1.75, 1.75, 0, 0, 1.75]);
  });
  it('NaN or inf in a block makes only that block NaN', () => {
    const q = quantizeBlocks(parseFormat('scaled(elem=int8,scale=e8m0,block=2)'), [1, NaN, 2, 3]);
    expect(q.scaleCodes).toEqual([255n, 127n - 5n]); // NaN code; 3/127 rounded up is 2^-5, code k + 127
    expect(q.values.slice(0, 2).every(Number.isNaN)).toBe(true);
  });
});

describe('scaled family: properties', () => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 });
  const shapes = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 7 }));
  it('per-channel with one channel equals per-tensor', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 30 }), fc.constantFrom('int8', 'int4', 'float8_e4m3fn', 'float4_e2m1fn'), fc.constantFrom('float32', 'e8m0', 'float8_e4m3fn'), fc.constantFrom(...MODES), (xs, elem, scale, mode) => {
        const ch = parseFormat(`scaled(elem=${elem},scale=${scale},block=channel)`);
        const te = parseFormat(`scaled(elem=${elem},scale=${scale},block=tensor)`);
        const a = quantizeBlocked(ch, Float64Array.from(xs), [xs.length, 1], { rounding: mode });
        const b = quantizeBlocked(te, Float64Array.from(xs), [xs.length, 1], { rounding: mode });
        expect(Array.from(a).map(f64)).toEqual(Array.from(b).map(f64));
      }),
      { numRuns: 300 },
    );
  });
  it('a dequantized element never exceeds the block amax by more than one element ulp × scale', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 40 }), fc.constantFrom('int8', 'int4', 'float8_e4m3fn', 'float6_e2m3fn'), fc.constantFrom('float32', 'e8m0', 'float8_e4m3fn'), fc.constantFrom(...MODES), (xs, elem, scale, mode) => {
        const spec = P(`scaled(elem=${elem},scale=${scale},block=8)`);
        const q = quantizeBlocks(spec, xs, { rounding: mode });
        const E = handlerFor(spec).block!.elementSpec(spec);
        const top = handlerFor(E).facts(E, undefined as never);
        const ulpTop = top.p === undefined || E.kind === 'fixed' ? top.eps! : 2 ** (top.emax! - top.p + 1);
        for (let i = 0; i < xs.length; i++) {
          const b = Math.floor(i / 8);
          const amax = Math.max(...xs.slice(b * 8, b * 8 + 8).map(Math.abs));
          expect(Math.abs(q.values[i]!)).toBeLessThanOrEqual(amax + ulpTop * q.scales[b]!);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('a power-of-two scale never changes the mantissa bits of values exactly representable at that scale', () => {
    const spec = P('scaled(elem=float8_e4m3fn,scale=e8m0,block=8)');
    const E = handlerFor(spec).block!.elementSpec(spec);
    const hE = handlerFor(E);
    fc.assert(
      fc.property(fc.integer({ min: -120, max: 120 }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 0, maxLength: 7 }), fc.constantFrom(...MODES), (k, raw, mode) => {
        // Arrange: the element max (448) pins the scale to 2^k; the rest are element values times 2^k
        const codes = [0x7e, ...raw.filter((c) => (c & 0x7f) !== 0x7f)];
        const xs = codes.map((c) => hE.decode(E, BigInt(c)) * 2 ** k);
        // Act
        const q = quantizeBlocks(spec, xs, { rounding: mode });
        // Assert
        expect(q.scales).toEqual([2 ** k]);
        expect(q.codes).toEqual(codes.map(BigInt));
        expect(q.values.map(f64)).toEqual(xs.map(f64));
      }),
      { numRuns: 400 },
    );
  });
  it('quantizeBlocked along an axis equals quantizeBlocks of each fiber; quantizeArray is one vector', () => {
    fc.assert(
      fc.property(shapes, fc.constantFrom(0, 1, -1), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1000 }), ([r, c], axis, K, seed) => {
        const spec = parseFormat(`scaled(elem=int4,scale=float32,block=${K})`);
        const xs = Float64Array.from({ length: r * c }, (_, i) => Math.sin(seed + i * 7.1) * 10 ** ((i % 5) - 2));
        const got = quantizeBlocked(spec, xs, [r, c], { axis });
        const a = axis < 0 ? 1 : axis;
        const fibers = a === 0 ? Array.from({ length: c }, (_, j) => Array.from({ length: r }, (_, i) => i * c + j)) : Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => i * c + j));
        for (const f of fibers) expect(f.map((i) => got[i])).toEqual(quantizeBlocks(spec, f.map((i) => xs[i]!)).values);
        expect(Array.from(quantizeArray(spec, xs))).toEqual(quantizeBlocks(spec, xs).values);
      }),
      { numRuns: 200 },
    );
  });
});
