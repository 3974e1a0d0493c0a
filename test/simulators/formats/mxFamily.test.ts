import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFormat, formatToString } from '../../../simulators/formats/parseFormat.js';
import { describeFormat } from '../../../simulators/formats/describeFormat.js';
import { quantizeBlocks, dequantizeBlock } from '../../../simulators/blockQuantize.js';
import { quantize, quantizeArray } from '../../../simulators/quantize.js';
import { handlerFor } from '../../../simulators/registry.js';
import { pow2 } from '../../../simulators/_internal/bits.js';
import { asVectorResult, f64, readMxVectors, vectorInputs, wantResult } from './_mxVectors.js';
import type { MxSpec } from '../../../simulators/formats/mxFamily.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';

const PRESETS = ['mxfp8_e4m3', 'mxfp8_e5m2', 'mxfp6_e3m2', 'mxfp6_e2m3', 'mxfp4_e2m1', 'mxint8'] as const;

describe('mx family: known values', () => {
  it('parses the presets and the spec, prints them back, describes 4.25 bits per element for MXFP4', () => {
    expect(parseFormat('mxfp4_e2m1')).toEqual({ kind: 'mx', elem: { kind: 'float', e: 2, m: 1, subnormals: 'on', specials: 'none', overflow: 'saturate' }, block: 32 });
    expect(formatToString(parseFormat('mxfp8_e4m3'))).toBe('mx(elem=float8_e4m3fn)');
    expect(formatToString(parseFormat('mx(elem=float(e=4,m=3,specials=fn),block=16)'))).toBe('mx(elem=float8_e4m3fn,block=16)');
    expect(formatToString(parseFormat('mxint8'))).toBe('mx(elem=int8)');
    const d = describeFormat(parseFormat('mxfp4_e2m1'));
    expect(d.preset).toBe('mxfp4_e2m1');
    expect(d.facts).toMatchObject({ bits: 4, bitsPerElement: 4.25, block: 32, scale: 'e8m0', scaleBits: 8, elem: 'float4_e2m1fn', max: 6 });
    expect(Object.fromEntries(d.fields)['bits per element']).toBe('4.25 (4 + 8/32)');
    expect(handlerFor(parseFormat('mxfp6_e3m2')).operand(parseFormat('mxfp6_e3m2'))).toEqual({ kind: 'float', bits: 6, e: 3, m: 2, block: { size: 32, scaleBits: 8, scale: { kind: 'pow2' } } });
  });
  it('hand-worked MXFP4 block: amax 100 → e = 6 − 2 = 4, X = 16; 100/16 = 6.25 → 6, 40/16 = 2.5 → 2 (tie to even)', () => {
    const q = quantizeBlocks(parseFormat('mxfp4_e2m1'), [1, 2, 3, 100, -24, 40, 4]);
    expect(q.scaleCodes).toEqual([127n + 4n]);
    // 1/16, 2/16 and 3/16 are below 0.25 (half the smallest subnormal 0.5); −24/16 = −1.5 exactly; 4/16 = 0.25 ties to 0
    expect(q.values).toEqual([0, 0, 0, 96, -24, 32, 0]);
    expect(q.codes).toEqual([0n, 0n, 0n, 0x7n, 0xbn, 0x4n, 0n]);
    expect(dequantizeBlock(parseFormat('mxfp4_e2m1'), { scale: q.scaleCodes[0]! }, q.codes as bigint[])).toEqual(q.values);
  });
  it('a scalar is a block of one element; encode/decode name the block API; arrays are one vector', () => {
    const s = parseFormat('mxfp4_e2m1');
    expect(quantize(s, 5)).toBe(4); // e = ⌊log2 5⌋ − 2 = 0: 5 is the tie between 4 and 6, to even (4)
    expect(quantize(s, 0.3)).toBe(0.25); // e = −2 − 2 = −4: 0.3·16 = 4.8, nearest E2M1 value 4, so 4/16
    expect(() => handlerFor(s).encode(s, 1)).toThrow(/mx formats have no scalar code .* use quantizeBlocks/);
    const xs = new Float32Array([1, 2, 3, 100, 0.5, 7]);
    expect(Array.from(quantizeArray(s, xs))).toEqual(quantizeBlocks(s, xs).values);
  });
  it('rejects a bad spec naming the key and what is allowed', () => {
    expect(() => parseFormat('mx(elem=binary)')).toThrow(/elem must be a float format or a signed integer fixed\(w=N,f=0\)/);
    expect(() => parseFormat('mx(block=32)')).toThrow(/missing key 'elem'/);
    expect(() => parseFormat('mx(elem=int8,block=0)')).toThrow(/block must be an integer in 1\.\.1048576; got 0/);
    expect(() => parseFormat('mx(elem=float9)')).toThrow(/elem: format "float9"/);
    expect(() => parseFormat('mx(elem=int8,scale=e8m0)')).toThrow(/unknown key 'scale' for mx; allowed keys: elem, block/);
  });
});

describe('mx family: every line of the oracle vectors (test/fixtures/mx) agrees through the library', () => {
  for (const preset of PRESETS) {
    it(preset, () => {
      const vs = readMxVectors(preset);
      expect(vs.length).toBe(2000);
      const spec = parseFormat(preset) as MxSpec;
      const ops = handlerFor(spec).block!;
      const eb = ops.elemCodeBits(spec);
      let checked = 0;
      for (const v of vs) {
        expect(parseFormat(v.spec)).toEqual(spec);
        const xs = vectorInputs(v);
        for (const [mode, want] of Object.entries(v.r)) {
          const got = quantizeBlocks(spec, xs, { rounding: mode as RoundingMode });
          const line = asVectorResult(got, eb);
          if (line !== wantResult(want)) expect.fail(`${preset} ${mode} ${v.tags.join(',')}: in ${JSON.stringify(v.in)}\n got  ${line}\n want ${wantResult(want)}`);
          checked++;
        }
      }
      expect(checked).toBe(2000 * 7);
    });
  }
});

/** The top-binade element code of a float element (its largest normal), used to pin the shared exponent. */
function maxCode(spec: MxSpec): bigint {
  const R = handlerFor(spec).block!.elementSpec(spec);
  return handlerFor(R).encode(R, handlerFor(R).facts(R, undefined as never).max);
}

describe('mx family: exhaustive round trip of MXFP4 and MXFP6', () => {
  for (const preset of ['mxfp4_e2m1', 'mxfp6_e3m2', 'mxfp6_e2m3'] as const) {
    it(`${preset}: every element code × every E8M0 scale decodes and quantizes back to the same codes and values`, () => {
      const spec = parseFormat(preset) as MxSpec;
      const bits = handlerFor(spec).block!.elemCodeBits(spec);
      const pin = maxCode(spec);
      let n = 0;
      for (let s = 0n; s < 255n; s++) {
        for (let c = 0n; c < 1n << BigInt(bits); c++) {
          // Arrange: the block [max, c] at scale s (max pins the shared exponent to s − 127)
          const values = dequantizeBlock(spec, { scale: s }, [pin, c]);
          // Act
          const q = quantizeBlocks(spec, values);
          // Assert
          if (q.scaleCodes[0] !== s || q.codes[0] !== pin || q.codes[1] !== c || !Object.is(q.values[1], values[1])) {
            expect.fail(`${preset} scale ${s} code ${c}: got scale ${q.scaleCodes[0]} codes ${q.codes.join(',')} value ${q.values[1]} for ${values[1]}`);
          }
          n++;
        }
      }
      expect(n).toBe(255 * 2 ** bits);
    });
  }
});

describe('mx family: properties', () => {
  const specs = PRESETS.map((p) => parseFormat(p) as MxSpec);
  const modes: RoundingMode[] = ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn', 'rto'];
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 });
  it('a dequantized element never exceeds the block amax by more than one element ulp × scale', () => {
    fc.assert(
      fc.property(fc.constantFrom(...specs), fc.array(finite, { minLength: 1, maxLength: 40 }), fc.constantFrom(...modes), (spec, xs, mode) => {
        // Act
        const q = quantizeBlocks(spec, xs, { rounding: mode });
        // Assert: within each block, |value| ≤ amax_block + ulp(top binade)·X
        const ulpTop = spec.elem.kind === 'float' ? pow2(handlerFor(spec).facts(spec, undefined as never).emax! - spec.elem.m) : pow2(-(spec.elem.w - 2));
        for (let i = 0; i < xs.length; i++) {
          const b = Math.floor(i / spec.block);
          const blockAmax = Math.max(...xs.slice(b * spec.block, (b + 1) * spec.block).map(Math.abs));
          expect(Math.abs(q.values[i]!)).toBeLessThanOrEqual(blockAmax + ulpTop * q.scales[b]!);
        }
      }),
      { numRuns: 400 },
    );
  });
  it('a power-of-two scale never changes the mantissa bits of values exactly representable at that scale', () => {
    fc.assert(
      fc.property(fc.constantFrom(...specs), fc.integer({ min: 0, max: 254 }), fc.array(fc.nat(), { minLength: 1, maxLength: 31 }), fc.constantFrom(...modes), (spec, s, raw, mode) => {
        // Arrange: a max-element pins the scale; the other elements are arbitrary element codes at that scale
        const bits = handlerFor(spec).block!.elemCodeBits(spec);
        const R = handlerFor(spec).block!.elementSpec(spec);
        const codes = [maxCode(spec), ...raw.map((r) => BigInt(r % 2 ** bits))].filter((c) => Number.isFinite(handlerFor(R).decode(R, c)) && !(spec.elem.kind === 'fixed' && c === 0x80n));
        const values = dequantizeBlock(spec, { scale: BigInt(s) }, codes);
        // Act
        const q = quantizeBlocks(spec, values, { rounding: mode });
        // Assert: same scale, same element codes (−0 stays −0), same values
        expect(q.scaleCodes).toEqual([BigInt(s)]);
        expect(q.codes).toEqual(codes);
        expect(q.values.map(f64)).toEqual(values.map(f64));
      }),
      { numRuns: 400 },
    );
  });
});
