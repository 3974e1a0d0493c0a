import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import params from '../../cost-models/params/horowitz45nm.json' with { type: 'json' };
import { numberArith as N } from '../../cost-models/arith.js';
import { buildHorowitz45nm, horowitz45nm as H } from '../../cost-models/horowitz45nm.js';

const close = (x: number, y: number) => expect(x).toBeCloseTo(y, 10);

describe('horowitz45nm', () => {
  it('reproduces every entry of the ISSCC 2014 table (methods.md §9.1)', () => {
    close(H.intAddPj(N, 8), 0.03);
    close(H.intAddPj(N, 16), 0.05);
    close(H.intAddPj(N, 32), 0.1);
    close(H.intMulPj(N, 8, 8), 0.2);
    close(H.intMulPj(N, 32, 32), 3.1);
    close(H.floatAddPj(N, 5, 10), 0.4);
    close(H.floatAddPj(N, 8, 23), 0.9);
    close(H.floatMulPj(N, 5, 10), 1.1);
    close(H.floatMulPj(N, 8, 23), 3.7);
    close(64 * H.sramPjPerBit(N, 8192 * 8), 10);
    close(64 * H.sramPjPerBit(N, 32768 * 8), 20);
    close(64 * H.sramPjPerBit(N, 2 ** 20 * 8), 100);
    close(32 * H.dramPjPerBit(N, 1e6), 640);
  });

  it('interpolates as documented', () => {
    close(H.intAddPj(N, 4), 0.015); // through the origin below 8 bits
    close(H.intAddPj(N, 12), 0.04); // between 8 and 16
    close(H.intAddPj(N, 64), 0.2); // the last slope (0.003125/bit) continues
    close(H.intMulPj(N, 4, 16), H.intMulPj(N, 8, 8)); // b = √(b_in·b_w)
    close(64 * H.sramPjPerBit(N, 16384 * 8), 15); // linear in log2(capacity)
    close(64 * H.sramPjPerBit(N, 1024 * 8), 10); // floor: smallest macro of the table
    close(64 * H.sramPjPerBit(N, 2 ** 21 * 8), 116); // 16 pJ per doubling above 1 MB
    close(H.muxPj(N, 8, false), 0.3 * 0.03);
    close(H.muxPj(N, 8, true), 0.6 * 0.03);
    close(H.xnorPj(N), 0.3 * 0.00375);
    close(H.shiftPj(N, 8, 7), 3 * 0.3 * H.intAddPj(N, 15)); // 3 stages of a 15-bit row of muxes
    close(H.shiftPj(N, 8, 0), 0);
    close(H.comparePj(N, 16), 0.05);
    // popcount over 8 inputs: 4 one-bit adds, 2 two-bit adds, 1 three-bit add, per input
    close(H.popcountPj(N, 8), (4 * H.intAddPj(N, 1) + 2 * H.intAddPj(N, 2) + H.intAddPj(N, 3)) / 8);
    close(H.popcountPj(N, 1), 0);
  });

  it('every energy grows with its widths', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 64, noNaN: true }), fc.double({ min: 0, max: 8, noNaN: true }), (b, d) => {
        // Arrange: b ≤ b + d
        const hi = b + d;
        // Act / Assert
        expect(H.intAddPj(N, hi)).toBeGreaterThanOrEqual(H.intAddPj(N, b));
        expect(H.intMulPj(N, hi, 8)).toBeGreaterThanOrEqual(H.intMulPj(N, b, 8));
        expect(H.muxPj(N, hi, true)).toBeGreaterThanOrEqual(H.muxPj(N, b, true));
        expect(H.shiftPj(N, hi, 5)).toBeGreaterThanOrEqual(H.shiftPj(N, b, 5));
        expect(H.sramPjPerBit(N, 1000 * hi)).toBeGreaterThanOrEqual(H.sramPjPerBit(N, 1000 * b));
      }),
      { numRuns: 300 },
    );
    for (let m = 0; m < 52; m++) {
      expect(H.floatAddPj(N, 5, m + 1)).toBeGreaterThan(H.floatAddPj(N, 5, m));
      expect(H.floatMulPj(N, 5, m + 1)).toBeGreaterThan(H.floatMulPj(N, 5, m));
    }
    for (let e = 1; e < 11; e++) expect(H.floatMulPj(N, e + 1, 7)).toBeGreaterThan(H.floatMulPj(N, e, 7));
  });

  it('validates its parameter JSON strictly, naming the file and key', () => {
    expect(() => buildHorowitz45nm({ ...params, extra: 1 }, 'h.json')).toThrow(/^h\.json: extra: unknown key; allowed: id, /);
    expect(() => buildHorowitz45nm({ ...params, intAdd: { bits: [8, 16, 32], energyPj: [0.03, 0.02, 0.1] } }, 'h.json')).toThrow('h.json: intAdd.energyPj: must not decrease; got [0.03,0.02,0.1]');
    expect(() => buildHorowitz45nm({ ...params, intAdd: { bits: [8, 8, 32], energyPj: [0.03, 0.05, 0.1] } }, 'h.json')).toThrow('h.json: intAdd.bits: must be strictly increasing');
    expect(() => buildHorowitz45nm({ ...params, sram: { capacityBytes: [8192, 32768], energyPjPer64Bit: [10, 20, 100] } }, 'h.json')).toThrow('h.json: sram.energyPjPer64Bit: must have 2 entries; got 3');
    expect(() => buildHorowitz45nm({ ...params, dram: { energyPjPer32Bit: 'a lot' } }, 'h.json')).toThrow('h.json: dram.energyPjPer32Bit: must be a finite number; got "a lot"');
    expect(() => buildHorowitz45nm({ ...params, floatAdd: { fp16: 0.9, fp32: 0.4 } }, 'h.json')).toThrow(/h\.json: floatAdd: the fp16\/fp32 anchors give a negative coefficient/);
    const { gates: _g, ...noGates } = params;
    expect(() => buildHorowitz45nm(noGates, 'h.json')).toThrow('h.json: gates: missing required key');
  });
});
