import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFormat, formatToString } from '../../../simulators/formats/parseFormat.js';
import { describeFormat } from '../../../simulators/formats/describeFormat.js';
import { quantizeBlocks, dequantizeBlock, quantizeBlocked } from '../../../simulators/blockQuantize.js';
import { handlerFor } from '../../../simulators/registry.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { asVectorResult, f64, readMxVectors, vectorInputs, wantResult } from './_mxVectors.js';

const NV = parseFormat('nvfp4');

describe('nvfp4 family: known values', () => {
  it('parses, prints and describes: E2M1 elements, UE4M3 per 16, float32 per tensor, 4.5 bits per element', () => {
    expect(NV).toEqual({ kind: 'nvfp4', block: 16 });
    expect(formatToString(NV)).toBe('nvfp4');
    expect(formatToString(parseFormat('nvfp4(block=32)'))).toBe('nvfp4(block=32)');
    expect(describeFormat(NV)).toMatchObject({ preset: 'nvfp4', bits: 4, facts: { bitsPerElement: 4.5, block: 16, scale: 'ue4m3', max: 6 } });
    expect(handlerFor(NV).operand(NV)).toEqual({ kind: 'float', bits: 4, e: 2, m: 1, block: { size: 16, scaleBits: 8, scale: { kind: 'float', e: 4, m: 3 }, tensorScale: true } });
    expect(() => parseFormat('nvfp4(block=0)')).toThrow(/block must be an integer in 1\.\.1048576; got 0/);
  });
  it('hand-worked: amax 6 gives s_t = 6/2688 = 2^-8·(6/10.5) rounded to float32, s_b = 448, elements exact', () => {
    const q = quantizeBlocks(NV, [1, 2, 3, 6, -0]);
    const st = Math.fround(6 / 2688);
    expect(q.scales).toEqual([448]);
    expect(q.values.map(f64)).toEqual([1, 2, 3, 6].map((x) => f64(st * 448 * Math.round(x / (st * 448) * 2) / 2)).concat([f64(-0)]));
    expect(q.codes.at(-1)).toBe(0x8n);
    expect(dequantizeBlock(NV, { scale: q.scaleCodes[0]!, tensorScale: st }, q.codes as bigint[])).toEqual(q.values);
  });
  it('a NaN or inf anywhere makes every block of the tensor NaN (scale 0x7f, codes 0)', () => {
    const q = quantizeBlocks(NV, [...Array(20).fill(1), Infinity]);
    expect(q.scaleCodes).toEqual([0x7fn, 0x7fn]);
    expect(q.codes.every((c) => c === 0n)).toBe(true);
    expect(q.values.every(Number.isNaN)).toBe(true);
  });
  it('the per-tensor scale covers every line of a tensor (quantizeBlocked), not each row', () => {
    const NV4 = parseFormat('nvfp4(block=4)');
    const xs = new Float64Array([1, 2, 3, 4, 100, 200, 300, 400]);
    const whole = quantizeBlocked(NV4, xs, [2, 4]);
    const rows = [quantizeBlocks(NV4, xs.subarray(0, 4)).values, quantizeBlocks(NV4, xs.subarray(4)).values].flat();
    expect(Array.from(whole)).toEqual(quantizeBlocks(NV4, xs).values);
    expect(Array.from(whole)).not.toEqual(rows);
  });
});

describe('nvfp4 family: every line of the oracle vectors agrees through the library', () => {
  it('nvfp4 (2000 lines × 7 modes)', () => {
    let n = 0;
    for (const v of readMxVectors('nvfp4')) {
      expect(parseFormat(v.spec)).toEqual(NV);
      const xs = vectorInputs(v);
      for (const [mode, want] of Object.entries(v.r)) {
        const line = asVectorResult(quantizeBlocks(NV, xs, { rounding: mode as RoundingMode }), 4);
        if (line !== wantResult(want)) expect.fail(`nvfp4 ${mode} ${v.tags.join(',')}: in ${JSON.stringify(v.in)}\n got  ${line}\n want ${wantResult(want)}`);
        n++;
      }
    }
    expect(n).toBe(14000);
  });
});

describe('nvfp4 family: properties', () => {
  it('an element never exceeds its block amax by more than one E2M1 ulp (2 in the top binade) × s_t·s_b', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e20, max: 1e20 });
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 40 }), fc.constantFrom<RoundingMode>('rne', 'rup', 'raz', 'rto', 'rdn'), (xs, mode) => {
        // Arrange: s_t = RNE32(T/2688) is within a relative 2^-24 of T/2688
        const T = Math.max(...xs.map(Math.abs));
        const stBound = T === 0 ? 1 : Math.max((T / 2688) * (1 + 2 ** -23), 2 ** -149);
        // Act
        const q = quantizeBlocks(NV, xs, { rounding: mode });
        // Assert
        for (let i = 0; i < xs.length; i++) {
          const b = Math.floor(i / 16);
          const amax = Math.max(...xs.slice(b * 16, b * 16 + 16).map(Math.abs));
          expect(Math.abs(q.values[i]!)).toBeLessThanOrEqual(amax + 2 * q.scales[b]! * stBound);
        }
      }),
      { numRuns: 300 },
    );
  });
});
