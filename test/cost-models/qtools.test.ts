import { describe, expect, it } from 'vitest';
import params from '../../cost-models/params/qtools.json' with { type: 'json' };
import { numberArith as N } from '../../cost-models/arith.js';
import { buildQtools, qtools as Q } from '../../cost-models/qtools.js';

const close = (x: number, y: number) => expect(x).toBeCloseTo(y, 10);
// QKeras settings.py: sram_rd = poly1d([0.02455, -0.2656, 0.8661]) in log2(total bits), per 64-bit word
const qkerasSram = (bits: number) => {
  const x = Math.log2(bits);
  return 0.02455 * x * x - 0.2656 * x + 0.8661;
};

describe('qtools', () => {
  it('prices integer arithmetic with the QKeras fits', () => {
    for (const b of [1, 2, 4, 8, 16, 32]) {
      close(Q.intAddPj(N, b), 0.003125 * b);
      close(Q.intMulPj(N, b, b), 0.002994791667 * b * b + 0.001041666667 * b);
    }
    // QKeras' rounded coefficients reproduce Horowitz's 8-bit and 32-bit multipliers to 1e-9
    expect(Q.intMulPj(N, 8, 8)).toBeCloseTo(0.2, 8);
    expect(Q.intMulPj(N, 32, 32)).toBeCloseTo(3.1, 8);
    // mixed widths: b = √(b_in·b_w)
    close(Q.intMulPj(N, 2, 8), 0.002994791667 * 16 + 0.001041666667 * 4);
  });

  it('uses the QKeras gate factors and the popcount tree', () => {
    close(Q.muxPj(N, 8, false), 0.3 * 0.025);
    close(Q.muxPj(N, 8, true), 0.6 * 0.025);
    close(Q.xnorPj(N), 0.3 * 0.003125);
    close(Q.shiftPj(N, 8, 3), 2 * 0.3 * 0.003125 * 11);
    // 4 inputs: 2 one-bit adds + 1 two-bit add, per input
    close(Q.popcountPj(N, 4), (2 * 0.003125 + 0.00625) / 4);
    close(Q.comparePj(N, 8), 0.025);
  });

  it('prices SRAM with QKeras’ fit (not Horowitz’s figures) and DRAM per bit', () => {
    close(64 * Q.sramPjPerBit(N, 8192 * 8), qkerasSram(8192 * 8));
    expect(64 * Q.sramPjPerBit(N, 8192 * 8)).toBeCloseTo(2.9, 1);
    expect(64 * Q.sramPjPerBit(N, 32768 * 8)).toBeCloseTo(4.04, 2);
    expect(64 * Q.sramPjPerBit(N, 2 ** 23)).toBeCloseTo(7.74, 2);
    close(Q.sramPjPerBit(N, 100), Q.sramPjPerBit(N, 65536)); // floor: 8 KB
    close(Q.dramPjPerBit(N, 1), 20.3125);
    close(Q.floatAddPj(N, 8, 23), 0.9);
    close(Q.floatMulPj(N, 5, 10), 1.1);
  });

  it('validates its parameter JSON strictly', () => {
    expect(() => buildQtools({ ...params, intAddPoly: [0.003125] }, 'q.json')).toThrow('q.json: intAddPoly: must have 2 entries; got 1');
    expect(() => buildQtools({ ...params, sramMinCapacityBits: 16 }, 'q.json')).toThrow(/q\.json: sramMinCapacityBits: the SRAM polynomial must not decrease above/);
    expect(() => buildQtools({ ...params, dramPjPerBit: -1 }, 'q.json')).toThrow('q.json: dramPjPerBit: must be ≥ 0; got -1');
    expect(() => buildQtools([], 'q.json')).toThrow('q.json: (top level): must be an object; got []');
  });
});
