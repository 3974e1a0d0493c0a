import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packSignMatrix, packSigns, unpackSigns } from '../../../simulators/xnor/packSigns.js';

const pm1 = (n: number) => fc.array(fc.constantFrom(-1, 1), { minLength: n, maxLength: n });

describe('packSigns', () => {
  it('bit i of word ⌊i/32⌋ is 1 for values ≥ 0 (LSB first), padding bits are 0', () => {
    expect(packSigns([1, -1, 1])).toEqual(new Uint32Array([0b101]));
    expect(packSigns([-0, 0, -1e-300, 3])).toEqual(new Uint32Array([0b1011]));
    const v = Array.from({ length: 33 }, (_, i) => (i === 31 || i === 32 ? 1 : -1));
    expect(packSigns(v)).toEqual(new Uint32Array([0x80000000, 1]));
    expect(packSigns([1, 1, 1], 2)).toEqual(new Uint32Array([0b11]));
    expect(packSigns([])).toEqual(new Uint32Array(0));
  });
  it('unpackSigns inverts it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }).chain(pm1), (v) => {
        expect(Array.from(unpackSigns(packSigns(v), v.length))).toEqual(v);
      }),
    );
  });
  it('rejects NaN, bad n and non-arrays', () => {
    expect(() => packSigns([1, NaN])).toThrow(/packSigns: values\[1\] must be a number \(its sign is packed\); got NaN/);
    expect(() => packSigns([1, 2], 3)).toThrow(/packSigns: n must be an integer in 0..2 \(values.length\); got 3/);
    expect(() => packSigns(null as never)).toThrow(/packSigns: values must be an array or typed array of numbers; got null/);
    expect(() => unpackSigns(new Uint32Array(1), 33)).toThrow(/unpackSigns: n must be an integer in 0..32 \(32·words.length\); got 33/);
    expect(() => unpackSigns([1] as never, 1)).toThrow(/unpackSigns: words must be a Uint32Array/);
  });
});

describe('packSignMatrix', () => {
  it('packs rows, or columns with transpose', () => {
    const m = [1, -1, -1, -1, 1, 1]; // 2×3
    expect(packSignMatrix(m, 2, 3)).toEqual({ rows: 2, cols: 3, wordsPerRow: 1, words: new Uint32Array([0b001, 0b110]) });
    // columns (1,−1), (−1,1), (−1,1)
    expect(packSignMatrix(m, 2, 3, { transpose: true })).toEqual({ rows: 3, cols: 2, wordsPerRow: 1, words: new Uint32Array([0b01, 0b10, 0b10]) });
  });
  it('each packed row equals packSigns of that row (and of that column when transposed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 70 }), fc.integer(), (R, C, seed) => {
        const v = Array.from({ length: R * C }, (_, i) => ((Math.imul(seed ^ i, 2654435761) >>> 7) & 1 ? 1 : -1));
        const p = packSignMatrix(v, R, C);
        const t = packSignMatrix(v, R, C, { transpose: true });
        for (let r = 0; r < R; r++) expect(p.words.subarray(r * p.wordsPerRow, (r + 1) * p.wordsPerRow)).toEqual(packSigns(v.slice(r * C, (r + 1) * C)));
        for (let c = 0; c < C; c++) {
          const col = Array.from({ length: R }, (_, r) => v[r * C + c]!);
          expect(t.words.subarray(c * t.wordsPerRow, (c + 1) * t.wordsPerRow)).toEqual(packSigns(col));
        }
      }),
      { numRuns: 200 },
    );
  });
  it('rejects bad dimensions, lengths and NaN', () => {
    expect(() => packSignMatrix([1, 1], 1, 3)).toThrow(/packSignMatrix: values.length must be rows·cols = 3; got 2/);
    expect(() => packSignMatrix([1], -1, 1)).toThrow(/packSignMatrix: rows must be an integer in 0..2\^30; got -1/);
    expect(() => packSignMatrix([1], 1, 1.5)).toThrow(/cols must be an integer in 0..2\^30; got 1.5/);
    expect(() => packSignMatrix([1, NaN], 1, 2, { transpose: true })).toThrow(/packSignMatrix: values\[1\] must be a number/);
    expect(() => packSignMatrix('ab' as never, 1, 2)).toThrow(/values must be an array or typed array/);
  });
});
